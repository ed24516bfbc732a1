//! A live room from the app's side (`redlines serve` hosts it): the presenter opens one for
//! the briefing on screen, and its code, link and QR code go on the slide with the room's
//! answers; the audience follows the step on its own screen and predicts. This module holds
//! the connection and what the room last said; `audience` draws the audience's screen and
//! `presenter` the presenter's box. Only `ui/app/` drives it, through `Command::Room`.

pub mod audience;
pub mod presenter;

use std::collections::BTreeSet;

use crate::model::eval::Choices;
use crate::model::room::Action;
use crate::model::room::protocol::{Hello, Out, normal_code};
use crate::model::room::view::{FollowView, View};
use crate::ui::platform::room_socket::{RoomSocket, SocketEvent, socket_address};

/// The room server a presenter's "Open a room" suggests on the desktop.
pub const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Presenter,
    Audience,
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
    /// How many follow: the presenter's view only.
    pub followers: Option<usize>,
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
            followers: None,
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

    /// Follows the room `code` on `server`.
    pub fn join(server: &str, code: &str, ctx: &egui::Context) -> Result<Self, String> {
        let hello = Hello::Join {
            room: normal_code(code),
            member: None,
        };
        Self::connect(Role::Audience, server, &hello, ctx)
    }

    /// The address the audience opens: the server's page with the room's code.
    pub fn join_link(&self) -> Option<String> {
        self.code
            .as_ref()
            .map(|code| format!("{}/#room={code}", self.server))
    }

    pub fn is_open(&self) -> bool {
        self.code.is_some() && self.closed.is_none()
    }

    pub fn send(&self, action: &Action) {
        if let Ok(text) = serde_json::to_string(action) {
            self.socket.send(text);
        }
    }

    /// Takes in what the server said since the last frame; whether a new view came.
    pub fn poll(&mut self) -> bool {
        let mut viewed = false;
        for event in self.socket.poll() {
            match event {
                SocketEvent::Message(text) => match serde_json::from_str::<Out>(&text) {
                    Ok(Out::Welcome { room, token, .. }) => {
                        self.code = Some(room);
                        self.token = token;
                    }
                    Ok(Out::View {
                        view, followers, ..
                    }) => {
                        if let View::Follow(view) = view {
                            // A new step starts a new prediction.
                            let step = |v: &FollowView| {
                                v.slide.as_ref().map(|s| (s.step, s.title.clone()))
                            };
                            if self.view.as_ref().and_then(step) != step(&view) {
                                self.draft.clear();
                            }
                            self.view = Some(view);
                            viewed = true;
                        }
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
}

/// The room code in a join link (`…#room=ABCD-EFGH`), and the server it names.
pub fn join_target(link: &str) -> Option<(String, String)> {
    let (server, fragment) = link.split_once('#')?;
    let code = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("room="))?;
    let server = server.trim_end_matches('/');
    (!code.is_empty() && !server.is_empty()).then(|| (server.to_owned(), code.to_owned()))
}
