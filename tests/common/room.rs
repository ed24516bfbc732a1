//! A `redlines serve` started on a random port for a test, and a WebSocket client that keeps
//! every byte it receives.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

pub struct Server {
    child: Child,
    pub port: u16,
    /// What the server printed before it listened (the address, the rooms read back).
    pub said: Vec<String>,
}

impl Server {
    /// `redlines serve --port 0` keeping its rooms in `data`, with `extra` arguments.
    pub fn start(data: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_redlines"))
            .args(["serve", "--port", "0", "--data"])
            .arg(data)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut said = Vec::new();
        let port = loop {
            let line = lines
                .next()
                .expect("the server says where it listens")
                .expect("a line");
            said.push(line.clone());
            if let Some(rest) = line.strip_prefix("Red Lines is serving http://") {
                let port = rest
                    .trim_end_matches('/')
                    .rsplit(':')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .expect("a port");
                break port;
            }
        };
        // The rest of what it says goes on being read, so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, port, said }
    }

    pub fn client(&self) -> Client {
        Client::connect(self.port)
    }

    /// Kills the server at once, as a crash or a power cut would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Client {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    /// Every text message received, as received.
    pub received: Vec<String>,
}

const WAIT: Duration = Duration::from_secs(10);

/// A read that found nothing yet (its timeout passed), not a closed connection.
fn waiting(e: &tungstenite::Error) -> bool {
    matches!(e, tungstenite::Error::Io(e) if matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    ))
}

impl Client {
    pub fn connect(port: u16) -> Client {
        let (socket, _) =
            tungstenite::connect(format!("ws://127.0.0.1:{port}/ws")).expect("the socket opens");
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_millis(200)))
                .expect("a timeout");
        }
        Client {
            socket,
            received: Vec::new(),
        }
    }

    pub fn send(&mut self, value: &Value) {
        self.send_text(&value.to_string());
    }

    pub fn send_text(&mut self, text: &str) {
        self.socket
            .send(Message::Text(text.into()))
            .expect("the message goes");
    }

    pub fn send_binary(&mut self, bytes: Vec<u8>) {
        self.socket
            .send(Message::Binary(bytes.into()))
            .expect("the message goes");
    }

    /// The next message, or `None` once the server has closed the connection or after `wait`.
    pub fn next_within(&mut self, wait: Duration) -> Option<Value> {
        let until = Instant::now() + wait;
        while Instant::now() < until {
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    self.received.push(text.to_string());
                    return Some(serde_json::from_str(&text).expect("the server sends JSON"));
                }
                Ok(_) => {}
                Err(e) if waiting(&e) => {}
                Err(_) => return None,
            }
        }
        None
    }

    /// The next message, which must come.
    pub fn next(&mut self) -> Value {
        self.next_within(WAIT)
            .expect("a message from the server in time")
    }

    /// Reads until a message `wanted` accepts comes, and returns it.
    pub fn until(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let until = Instant::now() + WAIT;
        while Instant::now() < until {
            if let Some(message) = self.next_within(Duration::from_millis(500))
                && wanted(&message)
            {
                return message;
            }
        }
        panic!(
            "the message waited for did not come; the last ones: {:?}",
            self.received
                .iter()
                .rev()
                .take(3)
                .map(|m| m.chars().take(300).collect::<String>())
                .collect::<Vec<_>>()
        );
    }

    /// The next view, skipping anything else.
    pub fn view(&mut self) -> Value {
        self.until(|m| m["type"] == "view")
    }

    /// The next error, skipping anything else.
    pub fn error(&mut self) -> Value {
        self.until(|m| m["type"] == "error")
    }

    /// Reads what has come so far, for a moment.
    pub fn drain(&mut self) {
        while self.next_within(Duration::from_millis(300)).is_some() {}
    }

    /// Whether the server has closed this connection (reading gets nothing more, ever).
    pub fn is_closed(&mut self) -> bool {
        let until = Instant::now() + WAIT;
        while Instant::now() < until {
            match self.socket.read() {
                Ok(Message::Text(text)) => self.received.push(text.to_string()),
                Ok(_) => {}
                Err(e) if waiting(&e) => {}
                Err(_) => return true,
            }
        }
        false
    }

    /// Every byte received, as one text.
    pub fn all_received(&self) -> String {
        self.received.join("\n")
    }
}

/// Opens a room with `hello`; the host's client and its welcome.
pub fn open(server: &Server, hello: Value) -> (Client, Value) {
    let mut host = server.client();
    host.send(&hello);
    let welcome = host.next();
    assert_eq!(welcome["type"], "welcome", "the room opens: {welcome}");
    (host, welcome)
}

pub fn join(server: &Server, room: &str) -> (Client, Value) {
    let mut member = server.client();
    member.send(&json!({"hello": "join", "room": room}));
    let welcome = member.next();
    assert_eq!(welcome["type"], "welcome", "the member is in: {welcome}");
    (member, welcome)
}
