//! A live room (`redlines serve`): an audience following a briefing, or a class negotiating
//! with private briefs. Pure: a room is the fold of its events, which the server appends to a
//! log as they happen and replays on a restart; who may do what is [`Room::event_for`], and what
//! each seat may see is [`view::view`], so the rule "a team never receives another team's hidden
//! red lines" is a pure function tested without a network. Times come in from the caller.

pub mod protocol;
pub mod session;
pub mod view;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::eval::{Choices, Evaluation, evaluate};
use super::format::parse_scenario;
use super::scenario::Document;
use super::types::Model;
use super::validate::{Severity, validate_choices};

/// The largest scenario a room takes (its model written inside): a class's model, with room.
pub const MAX_SCENARIO_BYTES: usize = 2 * 1024 * 1024;
/// The longest brief, note, title or question a room keeps, in bytes.
pub const MAX_TEXT_BYTES: usize = 16 * 1024;
/// Proposals a negotiation keeps; a class makes dozens.
pub const MAX_PROPOSALS: usize = 2_000;
/// Steps a briefing may have.
pub const MAX_STEPS: usize = 1_000;

/// Who is at the other end of a connection.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "seat")]
pub enum Seat {
    /// The presenter or the facilitator: drives the room and sees everything.
    Host,
    /// Someone following a briefing: reads it and predicts.
    Audience { member: String },
    /// A team negotiating as one party: sees its own red lines and brief, and proposes.
    Team { party: String },
}

/// What a room is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Follow,
    Negotiation,
}

/// Something that happened in a room: what the log keeps, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// A room for an audience to follow a briefing.
    OpenedFollow { title: String },
    /// A negotiation opened.
    OpenedNegotiation(Opening),
    /// The presenter moved to a step.
    Step(StepShown),
    /// The presenter revealed the verdicts of the current step.
    Revealed,
    /// A member's prediction for the current step: the parties they think reject it.
    Predicted { member: String, reject: Vec<String> },
    /// A team tabled a package.
    Proposed {
        party: String,
        choices: Choices,
        #[serde(default)]
        note: String,
    },
    /// The facilitator showed every team one party's red lines.
    RevealedParty { party: String },
    /// The debrief: every red line shown to every team.
    RevealedAll,
    /// The facilitator opened the next round.
    NextRound,
}

/// What a negotiation opens with: the model in `scenario` (a scenario's text, its model
/// inside or bundled), each team's private brief by party id, and a brief every team reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    pub title: String,
    pub scenario: String,
    #[serde(default)]
    pub briefs: BTreeMap<String, String>,
    #[serde(default)]
    pub common_brief: String,
}

/// A briefing's step as the presenter shows it: its scenario's text and, if it asks one, its
/// question (`step` counts from 0).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepShown {
    pub step: usize,
    pub of: usize,
    pub title: String,
    pub scenario: String,
    #[serde(default)]
    pub question: Option<String>,
}

/// An event with the time it happened (milliseconds since the Unix epoch).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Logged {
    pub at_ms: u64,
    #[serde(flatten)]
    pub event: Event,
}

/// What a connected client asks of the room; the server turns it into an [`Event`] for the
/// seat it joined as (a client never names who it is).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    Step(StepShown),
    Reveal,
    Predict {
        reject: Vec<String>,
    },
    Propose {
        choices: Choices,
        #[serde(default)]
        note: String,
    },
    RevealParty {
        party: String,
    },
    RevealAll,
    NextRound,
}

/// Why a room refused something: said to the client that asked, nobody else.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoomError {
    #[error("only the presenter or facilitator can do that")]
    HostOnly,
    #[error("{0}")]
    NotHere(&'static str),
    #[error("{0}")]
    Invalid(String),
}

/// The step on screen in a room that follows a briefing.
#[derive(Clone, Debug)]
pub struct Slide {
    pub step: usize,
    pub of: usize,
    pub title: String,
    pub document: Document,
    pub evaluation: Evaluation,
    pub question: Option<String>,
    /// A step without a question shows its verdicts at once.
    pub revealed: bool,
    /// Each member's latest prediction: the parties they think reject the package.
    pub predictions: BTreeMap<String, BTreeSet<String>>,
}

/// A step's question as the room answered it, kept for the handout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answered {
    pub step: usize,
    pub title: String,
    pub question: String,
    pub tally: view::Tally,
}

/// A package a team tabled, judged against every red line.
#[derive(Clone, Debug)]
pub struct Proposal {
    /// 1, 2, …: in the order tabled.
    pub number: usize,
    pub party: String,
    pub round: u32,
    pub at_ms: u64,
    pub choices: Choices,
    pub note: String,
    pub evaluation: Evaluation,
}

/// A negotiation's model and what has been said in it.
#[derive(Clone, Debug)]
pub struct Negotiation {
    pub document: Document,
    pub briefs: BTreeMap<String, String>,
    pub common_brief: String,
    pub revealed: BTreeSet<String>,
    pub all_revealed: bool,
    pub round: u32,
    pub proposals: Vec<Proposal>,
}

impl Negotiation {
    pub fn model(&self) -> &Arc<Model> {
        &self.document.model
    }

    /// Whether `party`'s red lines are shown to every team.
    pub fn is_revealed(&self, party: &str) -> bool {
        self.all_revealed || self.revealed.contains(party)
    }
}

/// A room: the fold of its events.
#[derive(Clone, Debug)]
pub struct Room {
    pub title: String,
    pub opened_ms: u64,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub enum Body {
    Follow {
        slide: Option<Box<Slide>>,
        answered: Vec<Answered>,
    },
    Negotiation(Box<Negotiation>),
}

fn check_text(what: &str, text: &str, max: usize) -> Result<(), RoomError> {
    if text.len() > max {
        return Err(RoomError::Invalid(format!(
            "the {what} is too long: {} bytes, at most {max}",
            text.len()
        )));
    }
    Ok(())
}

/// A scenario's text read as a room reads it: from memory, never naming a file on the server.
fn read_scenario(text: &str) -> Result<Document, RoomError> {
    check_text("scenario", text, MAX_SCENARIO_BYTES)?;
    parse_scenario(text)
        .map(|loaded| loaded.document)
        .map_err(|problems| {
            let first = problems
                .iter()
                .find(|p| p.severity == Severity::Error)
                .or(problems.first())
                .map(ToString::to_string)
                .unwrap_or_default();
            RoomError::Invalid(format!("the scenario does not read: {first}"))
        })
}

impl Room {
    /// A room from its first event.
    pub fn open(first: &Logged) -> Result<Room, RoomError> {
        let body = match &first.event {
            Event::OpenedFollow { title } => {
                check_text("title", title, MAX_TEXT_BYTES)?;
                Body::Follow {
                    slide: None,
                    answered: Vec::new(),
                }
            }
            Event::OpenedNegotiation(Opening {
                title,
                scenario,
                briefs,
                common_brief,
            }) => {
                check_text("title", title, MAX_TEXT_BYTES)?;
                check_text("common brief", common_brief, MAX_TEXT_BYTES)?;
                let document = read_scenario(scenario)?;
                for (party, brief) in briefs {
                    if document.model.party(party).is_none() {
                        return Err(RoomError::Invalid(format!(
                            "a brief names the party \"{}\", which the model does not have",
                            crate::model::text::cut(party, 40)
                        )));
                    }
                    check_text("brief", brief, MAX_TEXT_BYTES)?;
                }
                if document.model.parties.is_empty() {
                    return Err(RoomError::Invalid(
                        "the model has no parties: there is nobody to negotiate".to_owned(),
                    ));
                }
                Body::Negotiation(Box::new(Negotiation {
                    document,
                    briefs: briefs.clone(),
                    common_brief: common_brief.clone(),
                    revealed: BTreeSet::new(),
                    all_revealed: false,
                    round: 1,
                    proposals: Vec::new(),
                }))
            }
            _ => {
                return Err(RoomError::Invalid(
                    "a room opens with a briefing or a negotiation".to_owned(),
                ));
            }
        };
        let title = match &first.event {
            Event::OpenedFollow { title } | Event::OpenedNegotiation(Opening { title, .. }) => {
                title
            }
            _ => unreachable!("checked above"),
        };
        Ok(Room {
            title: title.clone(),
            opened_ms: first.at_ms,
            body,
        })
    }

    pub fn kind(&self) -> Kind {
        match self.body {
            Body::Follow { .. } => Kind::Follow,
            Body::Negotiation(_) => Kind::Negotiation,
        }
    }

    pub fn negotiation(&self) -> Option<&Negotiation> {
        match &self.body {
            Body::Negotiation(n) => Some(n),
            Body::Follow { .. } => None,
        }
    }

    pub fn slide(&self) -> Option<&Slide> {
        match &self.body {
            Body::Follow { slide, .. } => slide.as_deref(),
            Body::Negotiation(_) => None,
        }
    }

    /// The parties a team may join as (a negotiation's), in the model's order.
    pub fn team_parties(&self) -> Vec<String> {
        self.negotiation()
            .map(|n| n.model().parties.iter().map(|p| p.id.clone()).collect())
            .unwrap_or_default()
    }

    /// The event `action` by `seat` makes, or why the seat may not. Nothing changes yet:
    /// [`Room::apply`] checks the event itself, and the caller logs it once it applied.
    pub fn event_for(&self, seat: &Seat, action: Action) -> Result<Event, RoomError> {
        let host = *seat == Seat::Host;
        let event = match (action, &self.body) {
            (Action::Step(shown), Body::Follow { .. }) if host => Event::Step(shown),
            (Action::Reveal, Body::Follow { .. }) if host => Event::Revealed,
            (Action::Predict { reject }, Body::Follow { .. }) => match seat {
                Seat::Audience { member } => Event::Predicted {
                    member: member.clone(),
                    reject,
                },
                _ => return Err(RoomError::NotHere("only the audience predicts")),
            },
            (Action::Propose { choices, note }, Body::Negotiation(_)) => match seat {
                Seat::Team { party } => Event::Proposed {
                    party: party.clone(),
                    choices,
                    note,
                },
                _ => return Err(RoomError::NotHere("only a team proposes")),
            },
            (Action::RevealParty { party }, Body::Negotiation(_)) if host => {
                Event::RevealedParty { party }
            }
            (Action::RevealAll, Body::Negotiation(_)) if host => Event::RevealedAll,
            (Action::NextRound, Body::Negotiation(_)) if host => Event::NextRound,
            (
                Action::Step(_)
                | Action::Reveal
                | Action::RevealParty { .. }
                | Action::RevealAll
                | Action::NextRound,
                _,
            ) if !host => return Err(RoomError::HostOnly),
            (_, Body::Follow { .. }) => {
                return Err(RoomError::NotHere("this room follows a briefing"));
            }
            (_, Body::Negotiation(_)) => {
                return Err(RoomError::NotHere("this room is a negotiation"));
            }
        };
        Ok(event)
    }

    /// The room after `logged`.
    pub fn apply(&mut self, logged: &Logged) -> Result<(), RoomError> {
        match (&logged.event, &mut self.body) {
            (
                Event::Step(StepShown {
                    step,
                    of,
                    title,
                    scenario,
                    question,
                }),
                Body::Follow { slide, answered },
            ) => {
                if *of == 0 || *of > MAX_STEPS || step >= of {
                    return Err(RoomError::Invalid(format!(
                        "step {} of {of} is not a step of the briefing",
                        step + 1
                    )));
                }
                check_text("title", title, MAX_TEXT_BYTES)?;
                if let Some(q) = question {
                    check_text("question", q, MAX_TEXT_BYTES)?;
                }
                let document = read_scenario(scenario)?;
                if let Some(done) = slide.take() {
                    keep_answered(answered, &done);
                }
                let evaluation = evaluate(&document.model, &document.scenario.choices);
                *slide = Some(Box::new(Slide {
                    step: *step,
                    of: *of,
                    title: title.clone(),
                    document,
                    evaluation,
                    question: question.clone().filter(|q| !q.trim().is_empty()),
                    revealed: question.as_ref().is_none_or(|q| q.trim().is_empty()),
                    predictions: BTreeMap::new(),
                }));
            }
            (Event::Revealed, Body::Follow { slide, .. }) => {
                let slide = slide
                    .as_mut()
                    .ok_or(RoomError::NotHere("no step is on screen yet"))?;
                slide.revealed = true;
            }
            (Event::Predicted { member, reject }, Body::Follow { slide, .. }) => {
                let slide = slide
                    .as_mut()
                    .ok_or(RoomError::NotHere("no step is on screen yet"))?;
                if slide.question.is_none() {
                    return Err(RoomError::NotHere("this step asks no question"));
                }
                if slide.revealed {
                    return Err(RoomError::NotHere(
                        "the answer is already revealed: predictions are closed",
                    ));
                }
                let model = &slide.document.model;
                if let Some(unknown) = reject.iter().find(|p| model.party(p).is_none()) {
                    return Err(RoomError::Invalid(format!(
                        "no party \"{}\" in this step",
                        crate::model::text::cut(unknown, 40)
                    )));
                }
                slide
                    .predictions
                    .insert(member.clone(), reject.iter().cloned().collect());
            }
            (
                Event::Proposed {
                    party,
                    choices,
                    note,
                },
                Body::Negotiation(n),
            ) => {
                if n.model().party(party).is_none() {
                    return Err(RoomError::Invalid(format!(
                        "no party \"{}\" in this negotiation",
                        crate::model::text::cut(party, 40)
                    )));
                }
                if n.proposals.len() >= MAX_PROPOSALS {
                    return Err(RoomError::NotHere(
                        "this negotiation has as many proposals as a room keeps",
                    ));
                }
                check_text("note", note, MAX_TEXT_BYTES)?;
                let mut choices = choices.clone();
                let problems = validate_choices(n.model(), &mut choices);
                if let Some(error) = problems.iter().find(|p| p.severity == Severity::Error) {
                    return Err(RoomError::Invalid(format!(
                        "the package does not fit the model: {error}"
                    )));
                }
                let evaluation = evaluate(n.model(), &choices);
                n.proposals.push(Proposal {
                    number: n.proposals.len() + 1,
                    party: party.clone(),
                    round: n.round,
                    at_ms: logged.at_ms,
                    choices,
                    note: note.clone(),
                    evaluation,
                });
            }
            (Event::RevealedParty { party }, Body::Negotiation(n)) => {
                if n.model().party(party).is_none() {
                    return Err(RoomError::Invalid(format!(
                        "no party \"{}\" in this negotiation",
                        crate::model::text::cut(party, 40)
                    )));
                }
                n.revealed.insert(party.clone());
            }
            (Event::RevealedAll, Body::Negotiation(n)) => n.all_revealed = true,
            (Event::NextRound, Body::Negotiation(n)) => n.round = n.round.saturating_add(1),
            (Event::OpenedFollow { .. } | Event::OpenedNegotiation(_), _) => {
                return Err(RoomError::NotHere("the room is open already"));
            }
            _ => return Err(RoomError::NotHere("that does not happen in this room")),
        }
        Ok(())
    }

    /// Every question the room answered, the step on screen included once revealed.
    pub fn answered(&self) -> Vec<Answered> {
        match &self.body {
            Body::Follow { slide, answered } => {
                let mut all = answered.clone();
                if let Some(slide) = slide {
                    keep_answered(&mut all, slide);
                }
                all
            }
            Body::Negotiation(_) => Vec::new(),
        }
    }
}

/// Keeps the answers to `slide`'s question, if it asked one and revealed it; a step shown
/// again replaces its earlier answers.
fn keep_answered(answered: &mut Vec<Answered>, slide: &Slide) {
    let (Some(question), true) = (&slide.question, slide.revealed) else {
        return;
    };
    answered.retain(|a| a.step != slide.step);
    answered.push(Answered {
        step: slide.step,
        title: slide.title.clone(),
        question: question.clone(),
        tally: view::tally(slide),
    });
    answered.sort_by_key(|a| a.step);
}
