//! The rooms one server holds: each a `model::room::Room`, its secrets (kept as hashes), the
//! connections in it, and its log on disk (one JSON line per event, appended as it happens and
//! read back on start, so a restart loses nothing that was said).

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::Limits;
use crate::model::io::sha256_hex;
use crate::model::room::protocol::{Hello, Out, normal_code, shown_code};
use crate::model::room::view::view;
use crate::model::room::{Action, Event, Logged, Room, Seat};

/// A room log's first line: whose room it is, as hashes of the secrets.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    room: String,
    host_sha256: String,
    /// Each party's team token's hash (a negotiation's).
    #[serde(default)]
    teams_sha256: BTreeMap<String, String>,
}

/// The symbols of a room code: no 0/O or 1/I/L to mix up when read off a slide.
const CODE_SYMBOLS: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

struct Member {
    seat: Seat,
    /// The latest view for this member: a client that reads slowly skips the views it missed
    /// and gets the latest, so nothing queues up for it.
    outbox: watch::Sender<String>,
}

struct Entry {
    code: String,
    room: Room,
    host_sha256: String,
    teams_sha256: BTreeMap<String, String>,
    log: Option<File>,
    members: HashMap<u64, Member>,
}

/// What a connection is, once in a room.
pub struct Ticket {
    pub code: String,
    pub seat: Seat,
    pub id: u64,
    entry: Arc<Mutex<Entry>>,
}

pub struct ReadBack {
    pub rooms: usize,
    pub warnings: Vec<String>,
}

pub struct Rooms {
    rooms: Mutex<HashMap<String, Arc<Mutex<Entry>>>>,
    dir: PathBuf,
    limits: Limits,
    connections: AtomicUsize,
    next_id: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take every room down with it.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).expect("the operating system gives random bytes");
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_code() -> String {
    // Eight symbols, each drawn evenly from 31 (a byte of 248 or more is drawn again, so that
    // no symbol is likelier than another): about 2^39.6 codes.
    let mut code = String::new();
    while code.len() < 8 {
        let mut buffer = [0u8; 16];
        getrandom::fill(&mut buffer).expect("the operating system gives random bytes");
        for b in buffer {
            if b < 248 && code.len() < 8 {
                code.push(CODE_SYMBOLS[usize::from(b % 31)] as char);
            }
        }
    }
    code
}

/// A team's token: derived from the host's, so the host can be given the links again, and
/// nothing but its hash is kept.
fn team_token(host_token: &str, party: &str) -> String {
    sha256_hex(format!("red lines team\n{host_token}\n{party}").as_bytes())[..32].to_owned()
}

fn hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

fn new_log(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn append(log: &mut Option<File>, line: &str) -> std::io::Result<()> {
    match log {
        Some(file) => file.write_all(format!("{line}\n").as_bytes()),
        None => Ok(()),
    }
}

/// The largest room log read back: a long class writes a few megabytes.
const MAX_LOG_BYTES: u64 = 256 * 1024 * 1024;

/// One room read back from its log, or why not.
fn read_log(path: &Path, warnings: &mut Vec<String>) -> Option<Entry> {
    let name = path.display();
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_LOG_BYTES {
        warnings.push(format!(
            "{name}: larger than {MAX_LOG_BYTES} bytes; not read"
        ));
        return None;
    }
    let file = File::open(path)
        .map_err(|e| warnings.push(format!("{name}: {e}")))
        .ok()?;
    let mut lines = BufReader::new(file).lines();
    let header: Header = match lines.next().map(|l| l.map(|l| serde_json::from_str(&l))) {
        Some(Ok(Ok(header))) => header,
        _ => {
            warnings.push(format!("{name}:1: not a room log's first line; not read"));
            return None;
        }
    };
    let first = match lines
        .next()
        .map(|l| l.map(|l| serde_json::from_str::<Logged>(&l)))
    {
        Some(Ok(Ok(first))) => first,
        _ => {
            warnings.push(format!("{name}:2: the room's opening is missing; not read"));
            return None;
        }
    };
    let mut room = Room::open(&first)
        .map_err(|e| warnings.push(format!("{name}:2: {e}; not read")))
        .ok()?;
    for (index, line) in lines.enumerate() {
        let number = index + 3;
        let applied = line
            .map_err(|e| e.to_string())
            .and_then(|l| serde_json::from_str::<Logged>(&l).map_err(|e| e.to_string()))
            .and_then(|logged| room.apply(&logged).map_err(|e| e.to_string()));
        if let Err(e) = applied {
            // A line cut short by a crash, or edited by hand: what it said is lost, the rest
            // is kept.
            warnings.push(format!("{name}:{number}: skipped: {e}"));
        }
    }
    let log = OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| warnings.push(format!("{name}: read, but cannot be added to: {e}")))
        .ok();
    Some(Entry {
        code: header.room,
        room,
        host_sha256: header.host_sha256,
        teams_sha256: header.teams_sha256,
        log,
        members: HashMap::new(),
    })
}

/// What a connection gets on entering: the welcome to send, and its place in the room.
pub struct Entered {
    pub ticket: Ticket,
    pub welcome: Out,
}

impl Rooms {
    /// The rooms in `dir`'s logs, read back.
    pub fn load(dir: PathBuf, limits: Limits) -> Result<(Rooms, ReadBack), String> {
        create_private_dir(&dir)
            .map_err(|e| format!("cannot keep rooms in {}: {e}", dir.display()))?;
        let mut warnings = Vec::new();
        let mut rooms = HashMap::new();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        paths.sort();
        for path in paths {
            if rooms.len() >= limits.rooms {
                warnings.push(format!(
                    "{}: not read: the server holds {} rooms, its limit",
                    path.display(),
                    limits.rooms
                ));
                continue;
            }
            if let Some(entry) = read_log(&path, &mut warnings) {
                rooms.insert(entry.code.clone(), Arc::new(Mutex::new(entry)));
            }
        }
        let read_back = ReadBack {
            rooms: rooms.len(),
            warnings,
        };
        Ok((
            Rooms {
                rooms: Mutex::new(rooms),
                dir,
                limits,
                connections: AtomicUsize::new(0),
                next_id: AtomicU64::new(1),
            },
            read_back,
        ))
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Counts a new connection in, unless the server is full.
    pub fn connect(&self) -> bool {
        let before = self.connections.fetch_add(1, Ordering::SeqCst);
        if before >= self.limits.connections {
            self.connections.fetch_sub(1, Ordering::SeqCst);
            return false;
        }
        true
    }

    pub fn disconnect(&self) {
        self.connections.fetch_sub(1, Ordering::SeqCst);
    }

    /// Carries out a client's first message: opens a room, or enters one.
    pub fn hello(&self, hello: Hello, outbox: watch::Sender<String>) -> Result<Entered, String> {
        match hello {
            Hello::OpenFollow { title } => self.open(Event::OpenedFollow { title }, outbox),
            Hello::OpenNegotiation(opening) => self.open(Event::OpenedNegotiation(opening), outbox),
            Hello::Host { room, token } => {
                let entry = self.find(&room)?;
                let seat = Seat::Host;
                let teams = {
                    let e = lock(&entry);
                    if hash(&token) != e.host_sha256 {
                        return Err("that is not this room's host token".to_owned());
                    }
                    teams_of(&e.room, &token)
                };
                self.enter(entry, seat, outbox, Some(token), teams)
            }
            Hello::Join { room, member } => {
                let entry = self.find(&room)?;
                if lock(&entry).room.negotiation().is_some() {
                    return Err(
                        "this room is a negotiation: teams join with the link their facilitator gives"
                            .to_owned(),
                    );
                }
                // A member is known by the hash of its token: coming back with it keeps its
                // prediction; a made-up token is simply a new member.
                let token = member
                    .filter(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
                    .unwrap_or_else(|| random_hex(16));
                let seat = Seat::Audience {
                    member: hash(&token)[..16].to_owned(),
                };
                self.enter(entry, seat, outbox, Some(token), None)
            }
            Hello::Team { room, token } => {
                let entry = self.find(&room)?;
                let party = {
                    let e = lock(&entry);
                    let hashed = hash(&token);
                    e.teams_sha256
                        .iter()
                        .find(|(_, team)| **team == hashed)
                        .map(|(party, _)| party.clone())
                        .ok_or_else(|| "that is not a team token of this room".to_owned())?
                };
                self.enter(entry, Seat::Team { party }, outbox, None, None)
            }
        }
    }

    fn find(&self, code: &str) -> Result<Arc<Mutex<Entry>>, String> {
        let code = normal_code(code);
        lock(&self.rooms).get(&code).cloned().ok_or_else(|| {
            format!(
                "there is no room {}",
                shown_code(&crate::model::text::cut(&code, 12))
            )
        })
    }

    fn open(&self, event: Event, outbox: watch::Sender<String>) -> Result<Entered, String> {
        let logged = Logged {
            at_ms: now_ms(),
            event,
        };
        let room = Room::open(&logged).map_err(|e| e.to_string())?;
        let token = random_hex(16);
        let mut rooms = lock(&self.rooms);
        if rooms.len() >= self.limits.rooms {
            return Err(format!(
                "this server holds {} rooms, its limit: try again later or another server",
                self.limits.rooms
            ));
        }
        let code = loop {
            let code = random_code();
            if !rooms.contains_key(&code) && !self.dir.join(format!("{code}.jsonl")).exists() {
                break code;
            }
        };
        let teams = teams_of(&room, &token);
        let teams_sha256: BTreeMap<String, String> = teams
            .iter()
            .flatten()
            .map(|(party, team)| (party.clone(), hash(team)))
            .collect();
        let header = Header {
            room: code.clone(),
            host_sha256: hash(&token),
            teams_sha256: teams_sha256.clone(),
        };
        let path = self.dir.join(format!("{code}.jsonl"));
        let mut log = Some(new_log(&path).map_err(|e| format!("cannot keep the room's log: {e}"))?);
        let written =
            append(&mut log, &to_json(&header)).and_then(|()| append(&mut log, &to_json(&logged)));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&path);
            return Err(format!("cannot keep the room's log: {e}"));
        }
        let entry = Arc::new(Mutex::new(Entry {
            code: code.clone(),
            room,
            host_sha256: hash(&token),
            teams_sha256,
            log,
            members: HashMap::new(),
        }));
        rooms.insert(code, entry.clone());
        drop(rooms);
        self.enter(entry, Seat::Host, outbox, Some(token), teams)
    }

    fn enter(
        &self,
        entry: Arc<Mutex<Entry>>,
        seat: Seat,
        outbox: watch::Sender<String>,
        token: Option<String>,
        teams: Option<BTreeMap<String, String>>,
    ) -> Result<Entered, String> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let code = {
            let mut e = lock(&entry);
            if e.members.len() >= self.limits.members {
                return Err(format!(
                    "this room is full: {} people, its limit",
                    self.limits.members
                ));
            }
            e.members.insert(
                id,
                Member {
                    seat: seat.clone(),
                    outbox,
                },
            );
            e.code.clone()
        };
        Ok(Entered {
            welcome: Out::Welcome {
                room: shown_code(&code),
                seat: seat.clone(),
                token,
                teams,
            },
            ticket: Ticket {
                code,
                seat,
                id,
                entry,
            },
        })
    }

    /// Sends everyone in the ticket's room what they may see now: after an entry or exit, to
    /// the newcomer and the host; after an event, to all.
    pub fn show(&self, ticket: &Ticket, everyone: bool) {
        let mut e = lock(&ticket.entry);
        let targets: Vec<u64> = e
            .members
            .iter()
            .filter(|(id, m)| everyone || **id == ticket.id || m.seat == Seat::Host)
            .map(|(id, _)| *id)
            .collect();
        send_views(&mut e, &targets);
    }

    /// Carries out what a member asks: the event applied, logged and shown to all.
    pub fn act(&self, ticket: &Ticket, action: Action) -> Result<(), String> {
        let mut e = lock(&ticket.entry);
        let event = e
            .room
            .event_for(&ticket.seat, action)
            .map_err(|err| err.to_string())?;
        let logged = Logged {
            at_ms: now_ms(),
            event,
        };
        e.room.apply(&logged).map_err(|err| err.to_string())?;
        if let Err(err) = append(&mut e.log, &to_json(&logged)) {
            eprintln!("redlines serve: room {}: could not log: {err}", e.code);
        }
        let everyone: Vec<u64> = e.members.keys().copied().collect();
        send_views(&mut e, &everyone);
        Ok(())
    }

    /// The member leaves; the host hears how many are left.
    pub fn leave(&self, ticket: &Ticket) {
        let mut e = lock(&ticket.entry);
        e.members.remove(&ticket.id);
        let hosts: Vec<u64> = e
            .members
            .iter()
            .filter(|(_, m)| m.seat == Seat::Host)
            .map(|(id, _)| *id)
            .collect();
        send_views(&mut e, &hosts);
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("room records serialise")
}

/// Each party's team token, for the host of a negotiation.
fn teams_of(room: &Room, host_token: &str) -> Option<BTreeMap<String, String>> {
    room.negotiation().map(|_| {
        room.team_parties()
            .into_iter()
            .map(|party| {
                let token = team_token(host_token, &party);
                (party, token)
            })
            .collect()
    })
}

/// Sends each of `targets` its view of the room, replacing any view it has not read yet.
fn send_views(e: &mut Entry, targets: &[u64]) {
    let followers = e
        .members
        .values()
        .filter(|m| matches!(m.seat, Seat::Audience { .. }))
        .count();
    let mut teams_here: Vec<String> = e
        .members
        .values()
        .filter_map(|m| match &m.seat {
            Seat::Team { party } => Some(party.clone()),
            _ => None,
        })
        .collect();
    teams_here.sort();
    teams_here.dedup();
    let negotiation = e.room.negotiation().is_some();
    for id in targets {
        let Some(member) = e.members.get(id) else {
            continue;
        };
        let host = member.seat == Seat::Host;
        let out = Out::View {
            view: view(&e.room, &member.seat),
            followers: (host && !negotiation).then_some(followers),
            teams_here: (host && negotiation).then(|| teams_here.clone()),
        };
        member.outbox.send_replace(to_json(&out));
    }
}
