//! `redlines serve`: one process serves the web build and hosts live rooms over WebSocket. A thin
//! shell over `model::room`: the rooms hold their state and append each event to a log on disk;
//! this code only carries messages, keeps secrets and enforces the limits.

mod connection;
mod rooms;
mod site;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;

pub use rooms::Rooms;

/// What one server takes before it says no.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Rooms held at once (opened, or read back from the log folder).
    pub rooms: usize,
    /// People in one room at once.
    pub members: usize,
    /// Connections at once, in all rooms.
    pub connections: usize,
    /// The largest message a presenter or facilitator may send (a step carries its scenario).
    pub host_message_bytes: usize,
    /// The largest message anyone else may send.
    pub member_message_bytes: usize,
    /// Messages a connection may send each second, on average…
    pub per_second: f64,
    /// …and in a burst.
    pub burst: f64,
    /// Messages refused for rate or size before the connection is closed.
    pub strikes: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            rooms: 200,
            members: 1_000,
            connections: 5_000,
            host_message_bytes: crate::model::room::MAX_SCENARIO_BYTES + 64 * 1024,
            member_message_bytes: 16 * 1024,
            per_second: 10.0,
            burst: 30.0,
            strikes: 20,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub bind: IpAddr,
    /// 0 picks a free port (printed on start).
    pub port: u16,
    /// The web build (`scripts/build-web.sh` makes it); `None` serves a page saying how.
    pub site: Option<PathBuf>,
    /// Where each room's log is kept.
    pub data: PathBuf,
    pub limits: Limits,
}

/// The folder rooms are kept in unless told: `$XDG_DATA_HOME/redlines/rooms`.
pub fn default_data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("redlines").join("rooms")
}

struct Server {
    rooms: Rooms,
    site: Option<PathBuf>,
}

/// Serves until interrupted (Ctrl+C). Prints the address it listens on first.
pub fn run(options: Options) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(serve(options))
}

async fn serve(options: Options) -> Result<(), String> {
    let (rooms, read_back) = Rooms::load(options.data.clone(), options.limits.clone())?;
    for warning in &read_back.warnings {
        eprintln!("redlines serve: {warning}");
    }
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .await
        .map_err(|e| {
            format!(
                "could not listen on {}: {e}",
                SocketAddr::new(options.bind, options.port)
            )
        })?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let server = Arc::new(Server {
        rooms,
        site: options.site.clone(),
    });
    let app = Router::new()
        .route("/ws", get(upgrade))
        .fallback(get(site::file))
        .with_state(server);
    println!(
        "Rooms are kept in {} ({} read back)",
        options.data.display(),
        read_back.rooms
    );
    if options
        .site
        .as_ref()
        .is_none_or(|s| !s.join("index.html").is_file())
    {
        println!("No web build to serve: build it with scripts/build-web.sh and pass --site");
    }
    // Last, so that whoever waits for this line has read everything before it.
    println!("Red Lines is serving http://{address}/");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

async fn upgrade(State(server): State<Arc<Server>>, ws: WebSocketUpgrade) -> Response {
    let limits = server.rooms.limits().clone();
    // A small read buffer per connection: most messages are a few hundred bytes, and a large
    // one still arrives whole. 128 KiB each (the default) was most of a member's memory.
    ws.read_buffer_size(8 * 1024)
        .max_message_size(limits.host_message_bytes)
        .max_frame_size(limits.host_message_bytes)
        .on_upgrade(move |socket| connection::run(socket, server))
}

/// How long a client may take to say who it is.
const HELLO_WITHIN: Duration = Duration::from_secs(20);
