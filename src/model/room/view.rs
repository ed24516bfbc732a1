//! What each seat may see of a room: the only way a room's content leaves it. A team sees its
//! own red lines and brief, the count of each other party's lines a proposal breaks, and other
//! parties' lines only once the facilitator reveals them; the audience sees a step's verdicts
//! only once the presenter reveals them; the host sees everything.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Answered, Body, Negotiation, Proposal, Room, Seat, Slide};
use crate::model::eval::{Choices, Evaluation, PartyStatus, Verdict};
use crate::model::types::{Model, Position, RedLine};
use crate::model::wording::citation;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartyView {
    pub id: String,
    pub name: String,
    pub short: String,
    pub colour: Option<String>,
}

/// A red line with its words and where they come from, as the app cites it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineView {
    pub id: String,
    pub party: String,
    pub title: String,
    pub statement: String,
    pub basis: String,
    pub speaker: String,
    /// Whose words the quote is ("the speaker's own words", …).
    pub quote_is: String,
    /// For an inferred line: the modeller's reading.
    pub reading: Option<String>,
    pub lead: Option<String>,
    pub quote: Option<String>,
    pub credit: String,
}

/// One position of a package in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickView {
    pub position: String,
    pub pick: String,
}

/// A party's verdict on a package, with the lines it breaks or leaves unclear.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub party: String,
    pub status: PartyStatus,
    pub label: String,
    pub breaks: usize,
    pub uncertain: usize,
    pub holds: usize,
    pub broken: Vec<LineView>,
    pub unclear: Vec<LineView>,
}

/// How the room predicted a step: per party, how many said it rejects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Members who answered.
    pub answers: usize,
    pub parties: Vec<PartyTally>,
    /// Members whose parties were exactly those that reject: once revealed.
    pub exactly_right: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartyTally {
    pub party: String,
    pub name: String,
    /// Members who predicted that this party rejects.
    pub predicted_reject: usize,
    /// Once revealed: whether it does ("unclear" is not a rejection)…
    pub rejects: Option<bool>,
    /// …and its verdict, so that "unclear" is said as such.
    pub status: Option<PartyStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlideView {
    /// 1 is the first step.
    pub step: usize,
    pub of: usize,
    pub title: String,
    pub parties: Vec<PartyView>,
    pub package: Vec<PickView>,
    pub question: Option<String>,
    pub revealed: bool,
    /// The verdicts: only once revealed.
    pub cards: Option<Vec<Card>>,
}

/// A party's verdict on a proposal, as one seat may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalVerdict {
    pub party: String,
    pub status: PartyStatus,
    pub breaks: usize,
    pub uncertain: usize,
    pub holds: usize,
    /// Each line's verdict: for the seat's own party, a revealed one, or the host.
    pub lines: Option<Vec<LineVerdict>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineVerdict {
    pub red_line: String,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalView {
    pub number: usize,
    pub party: String,
    pub round: u32,
    pub at_ms: u64,
    pub note: String,
    pub choices: Choices,
    pub package: Vec<PickView>,
    pub verdicts: Vec<ProposalVerdict>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NegotiationParty {
    pub party: PartyView,
    /// Whether every team sees this party's red lines.
    pub revealed: bool,
    /// Its red lines: the seat's own party's, a revealed party's, or all for the host.
    pub lines: Option<Vec<LineView>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NegotiationView {
    pub title: String,
    pub round: u32,
    pub common_brief: String,
    /// The seat's own brief (a team's).
    pub brief: Option<String>,
    /// Every team's brief: the host's view only.
    pub briefs: Option<BTreeMap<String, String>>,
    pub debrief: bool,
    pub positions: Vec<Position>,
    pub parties: Vec<NegotiationParty>,
    /// The red lines this seat sees, rules and all (its own party's, revealed parties', or all
    /// for the host): what a team's screen judges its draft package by before tabling it.
    pub red_lines: Vec<RedLine>,
    pub proposals: Vec<ProposalView>,
}

impl NegotiationView {
    /// The model as far as this seat sees it: every position and party, and only the red
    /// lines it may see. A party without lines here has hidden ones, not none.
    pub fn visible_model(&self) -> Model {
        Model {
            id: "negotiation".to_owned(),
            version: 1,
            title: self.title.clone(),
            description: String::new(),
            sources: Vec::new(),
            parties: self
                .parties
                .iter()
                .map(|p| crate::model::types::Party {
                    id: p.party.id.clone(),
                    name: p.party.name.clone(),
                    short: p.party.short.clone(),
                    colour: p.party.colour.clone(),
                    role: crate::model::types::Role::default(),
                    controls: Vec::new(),
                    preferences: Vec::new(),
                    ranking: Vec::new(),
                    hard_red_lines: true,
                })
                .collect(),
            positions: self.positions.clone(),
            red_lines: self.red_lines.clone(),
            infeasible: Vec::new(),
        }
    }

    pub fn party(&self, id: &str) -> Option<&NegotiationParty> {
        self.parties.iter().find(|p| p.party.id == id)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowView {
    pub title: String,
    pub slide: Option<SlideView>,
    /// The room's predictions: the host's at any time, the audience's once revealed.
    pub tally: Option<Tally>,
    /// This member's own prediction for the step on screen.
    pub mine: Option<Vec<String>>,
    /// Every question answered so far, for the handout: the host's view only.
    pub answered: Option<Vec<Answered>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum View {
    Follow(FollowView),
    Negotiation(NegotiationView),
}

/// What `seat` may see of `room`, all of it.
pub fn view(room: &Room, seat: &Seat) -> View {
    match &room.body {
        Body::Follow { slide, .. } => View::Follow(follow_view(room, slide.as_deref(), seat)),
        Body::Negotiation(n) => View::Negotiation(negotiation_view(&room.title, n, seat)),
    }
}

fn party_views(model: &Model) -> Vec<PartyView> {
    model
        .parties
        .iter()
        .map(|p| PartyView {
            id: p.id.clone(),
            name: p.name.clone(),
            short: p.short.clone(),
            colour: p.colour.clone(),
        })
        .collect()
}

pub fn line_view(model: &Model, red_line: &RedLine) -> LineView {
    let cited = citation(model, red_line);
    LineView {
        id: red_line.id.clone(),
        party: red_line.party.clone(),
        title: red_line.title.clone(),
        statement: red_line.statement.clone(),
        basis: red_line.basis.as_str().to_owned(),
        speaker: red_line.speaker.clone(),
        quote_is: cited.quote_is.to_owned(),
        reading: cited.reading,
        lead: cited.lead,
        quote: cited.quote,
        credit: cited.credit,
    }
}

/// The package in words, position by position in the model's order.
pub fn package(model: &Model, choices: &Choices) -> Vec<PickView> {
    model
        .positions
        .iter()
        .filter_map(|position| {
            let pick = choices.get(&position.id)?;
            Some(PickView {
                position: position.title.clone(),
                pick: position.describe_pick(pick),
            })
        })
        .collect()
}

fn cards(model: &Model, evaluation: &Evaluation) -> Vec<Card> {
    evaluation
        .parties
        .iter()
        .map(|summary| {
            let lines = |wanted: Verdict| {
                model
                    .red_lines
                    .iter()
                    .zip(&evaluation.red_lines)
                    .filter(|(line, v)| line.party == summary.party && v.verdict == wanted)
                    .map(|(line, _)| line_view(model, line))
                    .collect()
            };
            Card {
                party: summary.party.clone(),
                status: summary.status(),
                label: summary.status().label().to_owned(),
                breaks: summary.breaks,
                uncertain: summary.uncertain,
                holds: summary.holds,
                broken: lines(Verdict::Breaks),
                unclear: lines(Verdict::Uncertain),
            }
        })
        .collect()
}

/// How the room predicted `slide`; whether each party rejects, once revealed.
pub fn tally(slide: &Slide) -> Tally {
    let model = &slide.document.model;
    let rejecting: BTreeSet<String> = slide
        .evaluation
        .parties
        .iter()
        .filter(|p| p.status() == PartyStatus::WouldReject)
        .map(|p| p.party.clone())
        .collect();
    Tally {
        answers: slide.predictions.len(),
        parties: model
            .parties
            .iter()
            .map(|party| PartyTally {
                party: party.id.clone(),
                name: party.name.clone(),
                predicted_reject: slide
                    .predictions
                    .values()
                    .filter(|p| p.contains(&party.id))
                    .count(),
                rejects: slide.revealed.then(|| rejecting.contains(&party.id)),
                status: slide
                    .revealed
                    .then(|| slide.evaluation.party(&party.id).map(|p| p.status()))
                    .flatten(),
            })
            .collect(),
        exactly_right: slide.revealed.then(|| {
            slide
                .predictions
                .values()
                .filter(|p| **p == rejecting)
                .count()
        }),
    }
}

/// The room's answers in words: a first line, then one per party ("Russia: 9 of 12 said it
/// rejects — it does"); "unclear" is said as such, never as a rejection.
pub fn tally_lines(tally: &Tally) -> Vec<String> {
    let count = |n: usize| crate::model::types::format_count(n as f64);
    let mut first = format!("{} answered", count(tally.answers));
    if let Some(right) = tally.exactly_right {
        first.push_str(&format!(
            "; {} named exactly the parties that reject it",
            count(right)
        ));
    }
    let mut lines = vec![first];
    for party in &tally.parties {
        let answer = match (party.rejects, party.status) {
            (Some(true), _) => " — it rejects",
            (_, Some(PartyStatus::Unclear)) => {
                " — unclear: the package leaves open whether it rejects"
            }
            (Some(false), _) => " — it does not reject",
            (None, _) => "",
        };
        lines.push(format!(
            "{}: {} of {} said it rejects{answer}",
            party.name,
            count(party.predicted_reject),
            count(tally.answers)
        ));
    }
    lines
}

fn follow_view(room: &Room, slide: Option<&Slide>, seat: &Seat) -> FollowView {
    let host = *seat == Seat::Host;
    let member = match seat {
        Seat::Audience { member } => Some(member),
        _ => None,
    };
    FollowView {
        title: room.title.clone(),
        slide: slide.map(|slide| {
            let model = &slide.document.model;
            SlideView {
                step: slide.step + 1,
                of: slide.of,
                title: slide.title.clone(),
                parties: party_views(model),
                package: package(model, &slide.document.scenario.choices),
                question: slide.question.clone(),
                revealed: slide.revealed,
                cards: (slide.revealed || host).then(|| cards(model, &slide.evaluation)),
            }
        }),
        tally: slide
            .filter(|s| s.question.is_some() && (host || s.revealed))
            .map(tally),
        mine: slide.zip(member).and_then(|(slide, member)| {
            slide
                .predictions
                .get(member)
                .map(|p| p.iter().cloned().collect())
        }),
        answered: host.then(|| room.answered()),
    }
}

fn negotiation_view(title: &str, n: &Negotiation, seat: &Seat) -> NegotiationView {
    let model = n.model();
    let host = *seat == Seat::Host;
    let own = match seat {
        Seat::Team { party } => Some(party.as_str()),
        _ => None,
    };
    let sees = |party: &str| host || own == Some(party) || n.is_revealed(party);
    NegotiationView {
        title: title.to_owned(),
        round: n.round,
        common_brief: n.common_brief.clone(),
        brief: own.map(|party| n.briefs.get(party).cloned().unwrap_or_default()),
        briefs: host.then(|| n.briefs.clone()),
        debrief: n.all_revealed,
        positions: model.positions.clone(),
        parties: party_views(model)
            .into_iter()
            .map(|party| NegotiationParty {
                revealed: n.is_revealed(&party.id),
                lines: sees(&party.id).then(|| {
                    model
                        .red_lines
                        .iter()
                        .filter(|line| line.party == party.id)
                        .map(|line| line_view(model, line))
                        .collect()
                }),
                party,
            })
            .collect(),
        red_lines: model
            .red_lines
            .iter()
            .filter(|line| sees(&line.party))
            .cloned()
            .collect(),
        proposals: n
            .proposals
            .iter()
            .map(|p| proposal_view(model, p, &sees))
            .collect(),
    }
}

fn proposal_view(model: &Model, p: &Proposal, sees: &dyn Fn(&str) -> bool) -> ProposalView {
    ProposalView {
        number: p.number,
        party: p.party.clone(),
        round: p.round,
        at_ms: p.at_ms,
        note: p.note.clone(),
        choices: p.choices.clone(),
        package: package(model, &p.choices),
        verdicts: p
            .evaluation
            .parties
            .iter()
            .map(|summary| ProposalVerdict {
                party: summary.party.clone(),
                status: summary.status(),
                breaks: summary.breaks,
                uncertain: summary.uncertain,
                holds: summary.holds,
                lines: sees(&summary.party).then(|| {
                    model
                        .red_lines
                        .iter()
                        .zip(&p.evaluation.red_lines)
                        .filter(|(line, _)| line.party == summary.party)
                        .map(|(line, v)| LineVerdict {
                            red_line: line.id.clone(),
                            verdict: v.verdict,
                        })
                        .collect()
                }),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::room::{Event, Logged, Opening};

    /// What the server writes, a client reads back whole: every seat's view of a negotiation
    /// on the bundled model (numbers, picks and conditions included).
    #[test]
    fn negotiation_views_read_back_from_json() {
        let document = crate::model::bundled::starting_document();
        let scenario = crate::model::format::ron_options()
            .to_string(&crate::model::link::shared_scenario(&document))
            .unwrap();
        let opened = Logged {
            at_ms: 1,
            event: Event::OpenedNegotiation(Opening {
                title: "Class".to_owned(),
                scenario,
                briefs: BTreeMap::new(),
                common_brief: String::new(),
            }),
        };
        let mut room = Room::open(&opened).unwrap();
        let party = document.model.parties[0].id.clone();
        let mut choices = document.scenario.choices.clone();
        let number = document
            .model
            .positions
            .iter()
            .find_map(|p| match &p.kind {
                crate::model::PositionKind::Number(spec) => Some((p.id.clone(), spec.max)),
                _ => None,
            })
            .expect("the example has a number position");
        choices.insert(number.0, crate::model::Pick::Value(number.1));
        let proposed = Logged {
            at_ms: 2,
            event: Event::Proposed {
                party: party.clone(),
                choices,
                note: String::new(),
            },
        };
        // The log is read back on a restart: a number picked reads back as it was.
        let line = serde_json::to_string(&proposed).unwrap();
        assert_eq!(serde_json::from_str::<Logged>(&line).unwrap(), proposed);
        room.apply(&proposed).unwrap();
        for seat in [Seat::Host, Seat::Team { party }] {
            let view = view(&room, &seat);
            let json = serde_json::to_string(&view).unwrap();
            let back: View = serde_json::from_str(&json).unwrap_or_else(|e| {
                let at = e.column().saturating_sub(80);
                panic!("{e}: …{}…", &json[at..(at + 160).min(json.len())])
            });
            assert_eq!(back, view);
        }
    }
}
