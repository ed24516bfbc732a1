//! A live room's WebSocket: on the desktop a thread with a blocking socket, in a browser the
//! browser's own. Either way the UI sends text and, each frame, takes what arrived; the socket
//! wakes the window when something does.

use std::sync::mpsc;

/// What the socket reports.
#[derive(Clone, Debug, PartialEq)]
pub enum SocketEvent {
    Message(String),
    /// The connection ended, and why.
    Closed(String),
}

/// The WebSocket address of a room server given as a web address: `http://host:8080` becomes
/// `ws://host:8080/ws`, `https://…` `wss://…/ws`.
pub fn socket_address(server: &str) -> Result<String, String> {
    let server = server.trim().split('#').next().unwrap_or_default();
    let (scheme, rest) = if let Some(rest) = server.strip_prefix("http://") {
        ("ws://", rest)
    } else if let Some(rest) = server.strip_prefix("https://") {
        ("wss://", rest)
    } else if let Some(rest) = server.strip_prefix("ws://") {
        ("ws://", rest)
    } else if let Some(rest) = server.strip_prefix("wss://") {
        ("wss://", rest)
    } else {
        ("ws://", server)
    };
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!(
            "\"{}\" is not a server's address; write it as http://host:port",
            crate::model::text::cut(server, 60)
        ));
    }
    Ok(format!("{scheme}{host}/ws"))
}

#[cfg(not(target_arch = "wasm32"))]
pub struct RoomSocket {
    outgoing: mpsc::Sender<String>,
    incoming: mpsc::Receiver<SocketEvent>,
}

#[cfg(not(target_arch = "wasm32"))]
impl RoomSocket {
    /// Connects to `address` (a `ws://` address) and sends `hello` first.
    pub fn connect(address: String, hello: String, wake: egui::Context) -> RoomSocket {
        let (outgoing, to_send) = mpsc::channel::<String>();
        let (arrived, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let report = |event: SocketEvent| {
                let _ = arrived.send(event);
                wake.request_repaint();
            };
            if address.starts_with("wss://") {
                report(SocketEvent::Closed(
                    "the desktop app reaches room servers over http:// (ws://) only; open the \
                     room from the browser for https://"
                        .to_owned(),
                ));
                return;
            }
            let mut socket = match tungstenite::connect(&address) {
                Ok((socket, _)) => socket,
                Err(e) => {
                    report(SocketEvent::Closed(format!(
                        "could not reach the room server at {address}: {e}"
                    )));
                    return;
                }
            };
            if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
                // Short, so what the UI sends goes out without waiting for a message in.
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_millis(30)));
            }
            let mut pending = Some(hello);
            loop {
                loop {
                    let text = match pending.take() {
                        Some(text) => text,
                        None => match to_send.try_recv() {
                            Ok(text) => text,
                            Err(mpsc::TryRecvError::Empty) => break,
                            // The UI let the room go.
                            Err(mpsc::TryRecvError::Disconnected) => {
                                let _ = socket.close(None);
                                let _ = socket.flush();
                                return;
                            }
                        },
                    };
                    if let Err(e) = socket.send(tungstenite::Message::Text(text.into())) {
                        report(SocketEvent::Closed(format!("the connection broke: {e}")));
                        return;
                    }
                }
                match socket.read() {
                    Ok(tungstenite::Message::Text(text)) => {
                        report(SocketEvent::Message(text.to_string()));
                    }
                    Ok(_) => {}
                    Err(tungstenite::Error::Io(e))
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(
                        tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed,
                    ) => {
                        report(SocketEvent::Closed(
                            "the server closed the connection".to_owned(),
                        ));
                        return;
                    }
                    Err(e) => {
                        report(SocketEvent::Closed(format!("the connection broke: {e}")));
                        return;
                    }
                }
            }
        });
        RoomSocket { outgoing, incoming }
    }

    pub fn send(&self, text: String) {
        let _ = self.outgoing.send(text);
    }

    /// Everything that arrived since the last call.
    pub fn poll(&self) -> Vec<SocketEvent> {
        self.incoming.try_iter().collect()
    }
}

#[cfg(target_arch = "wasm32")]
pub struct RoomSocket {
    socket: web_sys::WebSocket,
    incoming: mpsc::Receiver<SocketEvent>,
    // Kept alive as long as the socket: the browser calls them.
    _handlers: Vec<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>>,
}

#[cfg(target_arch = "wasm32")]
impl RoomSocket {
    pub fn connect(address: String, hello: String, wake: egui::Context) -> RoomSocket {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;
        let (arrived, incoming) = mpsc::channel();
        let socket = match web_sys::WebSocket::new(&address) {
            Ok(socket) => socket,
            Err(_) => {
                let _ = arrived.send(SocketEvent::Closed(format!(
                    "the browser cannot open a connection to {address}"
                )));
                // A socket that never opens: the room says why it closed.
                return RoomSocket {
                    socket: web_sys::WebSocket::new("ws://0.0.0.0:9/").expect("a socket object"),
                    incoming,
                    _handlers: Vec::new(),
                };
            }
        };
        let on_open = {
            let socket = socket.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                let _ = socket.send_with_str(&hello);
            })
        };
        let on_message = {
            let (arrived, wake) = (arrived.clone(), wake.clone());
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                if let Some(text) = event
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(|m| m.data().as_string())
                {
                    let _ = arrived.send(SocketEvent::Message(text));
                    wake.request_repaint();
                }
            })
        };
        let on_close = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let _ = arrived.send(SocketEvent::Closed(
                "the connection to the room server ended".to_owned(),
            ));
            wake.request_repaint();
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        RoomSocket {
            socket,
            incoming,
            _handlers: vec![on_open, on_message, on_close],
        }
    }

    pub fn send(&self, text: String) {
        let _ = self.socket.send_with_str(&text);
    }

    pub fn poll(&self) -> Vec<SocketEvent> {
        self.incoming.try_iter().collect()
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for RoomSocket {
    fn drop(&mut self) {
        self.socket.set_onclose(None);
        let _ = self.socket.close();
    }
}
