//! The messages of a live room, as JSON over WebSocket: a client's first message says who it is
//! ([`Hello`]), every later one what it does ([`super::Action`]); the server answers with
//! [`Out`]. Shared by the server and its clients.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::view::View;
use super::{Opening, Seat};

/// A client's first message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "hello", rename_all = "snake_case", deny_unknown_fields)]
pub enum Hello {
    /// Open a room for an audience to follow a briefing; the sender becomes its presenter.
    OpenFollow { title: String },
    /// Open a negotiation on a model (a scenario's text); the sender becomes its facilitator.
    OpenNegotiation(Opening),
    /// Come back as a room's presenter or facilitator.
    Host { room: String, token: String },
    /// Follow a room; `member` is the token a first join gave, to come back as the same member.
    Join {
        room: String,
        #[serde(default)]
        member: Option<String>,
    },
    /// Negotiate as a team, with the token the facilitator handed out for its party.
    Team { room: String, token: String },
}

/// What the server sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Out {
    /// The client is in: its room, its seat, and what it needs to come back.
    Welcome {
        /// The room's code, as people type it ("ABCD-EFGH").
        room: String,
        seat: Seat,
        /// The host's token (to the host), or the member's (to come back as the same member).
        #[serde(skip_serializing_if = "Option::is_none")]
        token: Option<String>,
        /// Each party's team token: to the host of a negotiation only.
        #[serde(skip_serializing_if = "Option::is_none")]
        teams: Option<BTreeMap<String, String>>,
    },
    /// Everything the seat may see of the room now.
    View {
        view: View,
        /// How many follow (a briefing) or which teams are in (a negotiation): to the host.
        #[serde(skip_serializing_if = "Option::is_none")]
        followers: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        teams_here: Option<Vec<String>>,
    },
    /// Something the client sent was refused; `fatal` when the server closes the connection.
    Error { message: String, fatal: bool },
}

/// A room code as people type it: upper case, dashes and spaces left out ("abcd efgh" is
/// "ABCDEFGH").
pub fn normal_code(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .flat_map(char::to_uppercase)
        .collect()
}

/// "ABCDEFGH" as it is shown: "ABCD-EFGH".
pub fn shown_code(code: &str) -> String {
    if code.len() == 8 && code.is_ascii() {
        format!("{}-{}", &code[..4], &code[4..])
    } else {
        code.to_owned()
    }
}
