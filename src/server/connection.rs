//! One WebSocket connection: its hello, then its actions in and the room's views out, within
//! the limits on size and rate. Whatever a client sends, the answer goes to it alone.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::ws::{Message, WebSocket};
use tokio::sync::watch;

use super::{HELLO_WITHIN, Server};
use crate::model::room::protocol::{Hello, Out};
use crate::model::room::{Action, Seat};
use crate::model::text::cut;

/// A token bucket: `burst` messages at once, refilled at `per_second`.
struct Bucket {
    tokens: f64,
    per_second: f64,
    burst: f64,
    last: Instant,
}

impl Bucket {
    fn new(per_second: f64, burst: f64) -> Self {
        Bucket {
            tokens: burst,
            per_second,
            burst,
            last: Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * self.per_second;
        self.tokens = (self.tokens + refill).min(self.burst);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn error(message: impl Into<String>, fatal: bool) -> Message {
    let out = Out::Error {
        message: message.into(),
        fatal,
    };
    Message::Text(
        serde_json::to_string(&out)
            .expect("an error serialises")
            .into(),
    )
}

/// What came in, as far as this connection cares.
enum Incoming {
    Text(String),
    Skip,
    Refused(&'static str),
    Gone,
}

fn incoming(message: Option<Result<Message, axum::Error>>) -> Incoming {
    match message {
        Some(Ok(Message::Text(text))) => Incoming::Text(text.to_string()),
        Some(Ok(Message::Ping(_) | Message::Pong(_))) => Incoming::Skip,
        Some(Ok(Message::Binary(_))) => Incoming::Refused("messages are JSON text, not binary"),
        Some(Ok(Message::Close(_)) | Err(_)) | None => Incoming::Gone,
    }
}

/// Refusals for rate or size so far, and whether to say so or close.
struct Strikes {
    count: u32,
    limit: u32,
}

impl Strikes {
    /// Counts one; the message to send, if any, and whether the connection must close. The
    /// first few are each answered; in a flood, one in ten.
    fn strike(&mut self, why: &str) -> (Option<Message>, bool) {
        self.count += 1;
        if self.count >= self.limit {
            return (
                Some(error(
                    format!("{why}; too many refused messages, so this connection is closed"),
                    true,
                )),
                true,
            );
        }
        let say = self.count <= 5 || self.count.is_multiple_of(10);
        (say.then(|| error(why.to_owned(), false)), false)
    }
}

/// How many wrong hellos (unknown rooms, wrong tokens) a connection may try.
const HELLO_TRIES: u32 = 5;

pub async fn run(mut socket: WebSocket, server: Arc<Server>) {
    let rooms = &server.rooms;
    if !rooms.connect() {
        let _ = socket
            .send(error(
                "the server is full: it holds as many connections as it can",
                true,
            ))
            .await;
        return;
    }
    session(&mut socket, &server).await;
    server.rooms.disconnect();
}

async fn session(socket: &mut WebSocket, server: &Server) {
    let rooms = &server.rooms;
    let limits = rooms.limits().clone();
    let mut bucket = Bucket::new(limits.per_second, limits.burst);
    let mut strikes = Strikes {
        count: 0,
        limit: limits.strikes,
    };
    let deadline = tokio::time::Instant::now() + HELLO_WITHIN;
    let mut wrong = 0;
    let (ticket, mut inbox) = loop {
        let Ok(message) = tokio::time::timeout_at(deadline, socket.recv()).await else {
            let _ = socket
                .send(error("no hello in time: say who you are first", true))
                .await;
            return;
        };
        let text = match incoming(message) {
            Incoming::Text(text) => text,
            Incoming::Skip => continue,
            Incoming::Gone => return,
            Incoming::Refused(why) => {
                let _ = socket.send(error(why, true)).await;
                return;
            }
        };
        if !bucket.take() {
            let (say, close) = strikes.strike("too many messages: slow down");
            if let Some(say) = say {
                let _ = socket.send(say).await;
            }
            if close {
                return;
            }
            continue;
        }
        let hello = match serde_json::from_str::<Hello>(&text) {
            Ok(hello) => hello,
            Err(e) => {
                wrong += 1;
                let fatal = wrong >= HELLO_TRIES;
                let said = format!(
                    "the first message says who you are (\"hello\": open_follow, open_negotiation, host, join or team): {}",
                    cut(&e.to_string(), 200)
                );
                let _ = socket.send(error(said, fatal)).await;
                if fatal {
                    return;
                }
                continue;
            }
        };
        let (outbox, inbox) = watch::channel(String::new());
        let entered = tokio::task::block_in_place(|| rooms.hello(hello, outbox));
        match entered {
            Ok(entered) => {
                let welcome =
                    serde_json::to_string(&entered.welcome).expect("a welcome serialises");
                if socket.send(Message::Text(welcome.into())).await.is_err() {
                    rooms.leave(&entered.ticket);
                    return;
                }
                break (entered.ticket, inbox);
            }
            Err(message) => {
                wrong += 1;
                let fatal = wrong >= HELLO_TRIES;
                let _ = socket.send(error(message, fatal)).await;
                if fatal {
                    return;
                }
            }
        }
    };
    rooms.show(&ticket, false);
    let max_bytes = if ticket.seat == Seat::Host {
        limits.host_message_bytes
    } else {
        limits.member_message_bytes
    };
    loop {
        tokio::select! {
            changed = inbox.changed() => {
                if changed.is_err() {
                    // The room let this member go.
                    break;
                }
                let text = inbox.borrow_and_update().clone();
                if socket.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            },
            message = socket.recv() => {
                let text = match incoming(message) {
                    Incoming::Text(text) => text,
                    Incoming::Skip => continue,
                    Incoming::Gone => break,
                    Incoming::Refused(why) => {
                        let (say, close) = strikes.strike(why);
                        if let Some(say) = say {
                            let _ = socket.send(say).await;
                        }
                        if close { break; }
                        continue;
                    }
                };
                let refused = if text.len() > max_bytes {
                    Some("that message is too large")
                } else if !bucket.take() {
                    Some("too many messages: slow down")
                } else {
                    None
                };
                if let Some(why) = refused {
                    let (say, close) = strikes.strike(why);
                    if let Some(say) = say {
                        let _ = socket.send(say).await;
                    }
                    if close { break; }
                    continue;
                }
                let answer = match serde_json::from_str::<Action>(&text) {
                    Ok(action) => tokio::task::block_in_place(|| rooms.act(&ticket, action)),
                    Err(e) => Err(format!(
                        "not an action (\"do\": step, reveal, predict, propose, reveal_party, reveal_all or next_round): {}",
                        cut(&e.to_string(), 200)
                    )),
                };
                if let Err(message) = answer
                    && socket.send(error(message, false)).await.is_err()
                {
                    break;
                }
            }
        }
    }
    rooms.leave(&ticket);
}
