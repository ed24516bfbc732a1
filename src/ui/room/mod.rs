//! A live room from the app's side (`redlines serve` hosts it): the presenter opens one for
//! the briefing on screen, and its code, link and QR code go on the slide with the room's
//! answers; the audience follows the step on its own screen and predicts. A facilitator opens
//! a negotiation on the open model and hands each team its link; a team drafts packages with
//! the app's position controls and tables them. This module holds the connection and what the
//! room last said; `audience` draws the audience's screen, `presenter` the presenter's box,
//! `negotiation` the facilitator's panel and a team's screen. Only `ui/app/` drives it,
//! through `Command::Room`.

pub mod audience;
pub mod negotiation;
pub mod presenter;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::model::eval::{Choices, Evaluation, evaluate};
use crate::model::room::protocol::{Hello, Out, normal_code};
use crate::model::room::view::{FollowView, NegotiationView, View};
use crate::model::room::{Action, Opening, Seat};
use crate::model::scenario::Document;
use crate::model::types::Model;
use crate::ui::platform::room_socket::{RoomSocket, SocketEvent, socket_address};
use crate::ui::state::ViewState;

/// The room server a presenter's "Open a room" suggests on the desktop.
pub const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Presenter,
    Audience,
    /// Runs a negotiation: sees every line and proposal, reveals, opens rounds.
    Facilitator,
    /// Negotiates as one party.
    Team,
}

/// A team's package in the making: on the model as far as the team sees it (its own lines and
/// revealed ones), judged on screen before it is tabled.
pub struct Draft {
    pub doc: Document,
    pub evaluation: Evaluation,
    pub note: String,
    /// The position controls' own view state (scrolling, numbers' last values).
    pub view: ViewState,
}

impl Draft {
    fn new(model: Model, choices: Choices) -> Draft {
        let model = Arc::new(model);
        let mut doc = Document::new(
            model.clone(),
            crate::model::scenario::ModelRef::Inline(model),
        );
        // Picks the model still has: a revealed party changes the lines, never the positions.
        for (position, pick) in choices {
            if doc.scenario.choices.contains_key(&position) {
                doc.scenario.choices.insert(position, pick);
            }
        }
        let evaluation = evaluate(&doc.model, &doc.scenario.choices);
        Draft {
            doc,
            evaluation,
            note: String::new(),
            view: ViewState::default(),
        }
    }

    pub fn set(&mut self, position: String, pick: crate::model::Pick) {
        self.doc.scenario.choices.insert(position, pick);
        self.evaluation = evaluate(&self.doc.model, &self.doc.scenario.choices);
    }
}

/// What the presenter last sent the room: a step is sent again only when it changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub step: usize,
    pub choices: Choices,
    pub revealed: bool,
}

pub struct LiveRoom {
    pub role: Role,
    /// The server as the user gave it (`http://host:port`).
    pub server: String,
    socket: RoomSocket,
    /// The room's code, once the server has said it ("ABCD-EFGH").
    pub code: Option<String>,
    /// The host's token (to come back as presenter) or the member's.
    pub token: Option<String>,
    pub view: Option<FollowView>,
    /// The seat the server gave this connection.
    pub seat: Option<Seat>,
    /// A negotiation as this seat may see it.
    pub negotiation: Option<NegotiationView>,
    /// How many follow: the presenter's view only.
    pub followers: Option<usize>,
    /// Each party's team token: the facilitator's only.
    pub teams: BTreeMap<String, String>,
    /// The parties whose teams are connected: the facilitator's only.
    pub teams_here: Vec<String>,
    /// The facilitator's model as the negotiation opened on it: for Explore's plot and the
    /// session's export.
    pub opened: Option<Document>,
    /// A team's package being drafted.
    pub team_draft: Option<Draft>,
    /// The last thing the server refused, in its words.
    pub refused: Option<String>,
    /// Why the connection ended, once it has.
    pub closed: Option<String>,
    pub sent: Option<Sent>,
    /// The audience member's prediction being made: the parties ticked.
    pub draft: BTreeSet<String>,
}

impl LiveRoom {
    fn connect(
        role: Role,
        server: &str,
        hello: &Hello,
        ctx: &egui::Context,
    ) -> Result<Self, String> {
        let address = socket_address(server)?;
        let hello = serde_json::to_string(hello).map_err(|e| e.to_string())?;
        Ok(LiveRoom {
            role,
            server: server.trim().trim_end_matches('/').to_owned(),
            socket: RoomSocket::connect(address, hello, ctx.clone()),
            code: None,
            token: None,
            view: None,
            seat: None,
            negotiation: None,
            followers: None,
            teams: BTreeMap::new(),
            teams_here: Vec::new(),
            opened: None,
            team_draft: None,
            refused: None,
            closed: None,
            sent: None,
            draft: BTreeSet::new(),
        })
    }

    /// Opens a room on `server` for a briefing called `title`; the app becomes its presenter.
    pub fn open(server: &str, title: &str, ctx: &egui::Context) -> Result<Self, String> {
        let hello = Hello::OpenFollow {
            title: title.to_owned(),
        };
        Self::connect(Role::Presenter, server, &hello, ctx)
    }

    /// Opens a negotiation on `server` on `document`'s model; the app becomes its facilitator.
    pub fn open_negotiation(
        server: &str,
        document: &Document,
        briefs: BTreeMap<String, String>,
        common_brief: String,
        ctx: &egui::Context,
    ) -> Result<Self, String> {
        let scenario = crate::model::format::ron_options()
            .to_string(&crate::model::link::shared_scenario(document))
            .map_err(|e| e.to_string())?;
        let hello = Hello::OpenNegotiation(Opening {
            title: document.model.title.clone(),
            scenario,
            briefs: briefs
                .into_iter()
                .filter(|(_, brief)| !brief.trim().is_empty())
                .collect(),
            common_brief,
        });
        let mut room = Self::connect(Role::Facilitator, server, &hello, ctx)?;
        room.opened = Some(document.clone());
        Ok(room)
    }

    /// Follows the room a join link names, or negotiates as the team its token seats.
    pub fn join(target: &JoinTarget, ctx: &egui::Context) -> Result<Self, String> {
        let room = normal_code(&target.code);
        match &target.team {
            Some(token) => {
                let hello = Hello::Team {
                    room,
                    token: token.clone(),
                };
                Self::connect(Role::Team, &target.server, &hello, ctx)
            }
            None => {
                let hello = Hello::Join { room, member: None };
                Self::connect(Role::Audience, &target.server, &hello, ctx)
            }
        }
    }

    /// The address the audience opens: the server's page with the room's code.
    pub fn join_link(&self) -> Option<String> {
        self.code
            .as_ref()
            .map(|code| format!("{}/#room={code}", self.server))
    }

    /// The address `party`'s team opens: the room's link with the team's token.
    pub fn team_link(&self, party: &str) -> Option<String> {
        let token = self.teams.get(party)?;
        self.join_link().map(|link| format!("{link}&team={token}"))
    }

    pub fn is_open(&self) -> bool {
        self.code.is_some() && self.closed.is_none()
    }

    pub fn send(&self, action: &Action) {
        if let Ok(text) = serde_json::to_string(action) {
            self.socket.send(text);
        }
    }

    /// Takes in what the server said since the last frame; whether the room's state changed
    /// (a welcome or a new view).
    pub fn poll(&mut self) -> bool {
        let mut viewed = false;
        for event in self.socket.poll() {
            match event {
                SocketEvent::Message(text) => match serde_json::from_str::<Out>(&text) {
                    Ok(Out::Welcome {
                        room,
                        seat,
                        token,
                        teams,
                    }) => {
                        self.seat = Some(seat);
                        self.code = Some(room);
                        // What the room said changed, though no view came yet.
                        viewed = true;
                        self.token = token;
                        self.teams = teams.unwrap_or_default();
                    }
                    Ok(Out::View {
                        view,
                        followers,
                        teams_here,
                    }) => {
                        self.teams_here = teams_here.unwrap_or_default();
                        match view {
                            View::Negotiation(view) => self.take_negotiation(view),
                            View::Follow(view) => {
                                // A new step starts a new prediction.
                                let step = |v: &FollowView| {
                                    v.slide.as_ref().map(|s| (s.step, s.title.clone()))
                                };
                                if self.view.as_ref().and_then(step) != step(&view) {
                                    self.draft.clear();
                                }
                                self.view = Some(view);
                            }
                        }
                        viewed = true;
                        self.followers = followers;
                    }
                    Ok(Out::Error { message, fatal }) => {
                        if fatal {
                            self.closed = Some(message);
                        } else {
                            self.refused = Some(message);
                        }
                    }
                    Err(e) => {
                        self.refused =
                            Some(format!("the server sent what this app does not read: {e}"));
                    }
                },
                SocketEvent::Closed(why) => {
                    self.closed.get_or_insert(why);
                }
            }
        }
        viewed
    }

    /// A negotiation's new view; a team's draft keeps its picks and is judged again by the
    /// lines the team now sees (a party revealed adds its lines).
    fn take_negotiation(&mut self, view: NegotiationView) {
        if self.role == Role::Team {
            let lines_changed = self
                .negotiation
                .as_ref()
                .is_none_or(|old| old.red_lines != view.red_lines);
            if lines_changed {
                let (choices, note) = match self.team_draft.take() {
                    Some(draft) => (draft.doc.scenario.choices, draft.note),
                    None => (Choices::new(), String::new()),
                };
                let mut draft = Draft::new(view.visible_model(), choices);
                draft.note = note;
                self.team_draft = Some(draft);
            }
        }
        self.negotiation = Some(view);
    }

    /// What the room's state is, as attributes a page's test reads off the page's body
    /// (`web/check.sh` drives a presenter and an audience in a browser by them).
    pub fn page_marks(&self) -> Vec<(&'static str, String)> {
        let mut marks = Vec::new();
        if let Some(code) = &self.code {
            marks.push(("data-room-code", code.clone()));
        }
        if let Some(view) = &self.view {
            if let Some(slide) = &view.slide {
                marks.push(("data-room-step", format!("{}/{}", slide.step, slide.of)));
            }
            if let Some(tally) = &view.tally {
                marks.push(("data-room-predictions", tally.answers.to_string()));
            }
            if self.role == Role::Audience {
                let sent = if view.mine.is_some() { "yes" } else { "no" };
                marks.push(("data-room-sent", sent.to_owned()));
            }
        }
        if let Some(followers) = self.followers {
            marks.push(("data-room-followers", followers.to_string()));
        }
        marks
    }

    /// The party this team negotiates as, once the server has seated it.
    pub fn team_party(&self) -> Option<&str> {
        match &self.seat {
            Some(Seat::Team { party }) => Some(party),
            _ => None,
        }
    }
}

/// What a join link names: the server, the room's code and, for a team, its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinTarget {
    pub server: String,
    pub code: String,
    pub team: Option<String>,
}

/// The room in a join link (`…#room=ABCD-EFGH`, a team's with `&team=TOKEN`).
pub fn join_target(link: &str) -> Option<JoinTarget> {
    let (server, fragment) = link.split_once('#')?;
    let param = |name: &str| {
        fragment
            .split('&')
            .find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let code = param("room")?;
    let server = server.trim_end_matches('/');
    (!server.is_empty()).then(|| JoinTarget {
        server: server.to_owned(),
        code,
        team: param("team"),
    })
}
