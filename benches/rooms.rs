//! The live rooms' load test (`cargo bench --bench rooms`, or `-- 300 600 1000` for other
//! room sizes): `redlines serve` on a random port, one presenter and N audience members in one
//! room, each a WebSocket client on a thread of its own. The presenter changes step 20 times, a
//! second apart, each step a scenario with its verdicts shown; every member notes when the step
//! reaches it. Prints the latency from the presenter's send to each member's receipt (median,
//! 99th percentile, worst), whether every member got every step, and the server's peak memory.
//! The clients run on the same machine as the server, so they compete with it for the cores.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, connect};

const STEPS: usize = 20;
const SCENARIOS: [&str; 2] = [
    include_str!("../scenarios/us-compromise.ron"),
    include_str!("../scenarios/status-quo.ron"),
];

fn read_json(
    socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
) -> Option<Value> {
    loop {
        match socket.read() {
            Ok(Message::Text(text)) => return serde_json::from_str(&text).ok(),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

fn peak_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The server, killed however the run ends (a panic included).
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(members: usize) {
    let data = tempfile::tempdir().expect("a temporary folder");
    let server = Command::new(env!("CARGO_BIN_EXE_redlines"))
        .args(["serve", "--port", "0", "--max-members"])
        .arg((members + 10).to_string())
        .arg("--data")
        .arg(data.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut server = Killed(server);
    let mut lines = BufReader::new(server.0.stdout.take().expect("stdout")).lines();
    let port: u16 = loop {
        let line = lines.next().expect("a line").expect("text");
        if let Some(rest) = line.strip_prefix("Red Lines is serving http://") {
            break rest
                .trim_end_matches('/')
                .rsplit(':')
                .next()
                .unwrap()
                .parse()
                .unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let url = format!("ws://127.0.0.1:{port}/ws");
    let (mut host, _) = connect(&url).expect("the presenter connects");
    host.send(Message::Text(
        json!({"hello": "open_follow", "title": "Load"})
            .to_string()
            .into(),
    ))
    .unwrap();
    let welcome = read_json(&mut host).expect("a welcome");
    let room = welcome["room"].as_str().unwrap().to_owned();

    let sent: Arc<Mutex<Vec<Option<Instant>>>> = Arc::new(Mutex::new(vec![None; STEPS]));
    let ready = Arc::new(Barrier::new(members + 1));
    let mut handles = Vec::new();
    for _ in 0..members {
        let (url, room, ready) = (url.clone(), room.clone(), ready.clone());
        handles.push(std::thread::spawn(move || {
            let (mut socket, _) =
                connect(&url).unwrap_or_else(|e| panic!("a member connects: {e}"));
            if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
                // A member that hears nothing for this long has missed a step.
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
            }
            socket
                .send(Message::Text(
                    json!({"hello": "join", "room": room}).to_string().into(),
                ))
                .unwrap();
            read_json(&mut socket).expect("a welcome");
            read_json(&mut socket).expect("a first view");
            ready.wait();
            let mut arrived = vec![None; STEPS];
            while arrived.iter().any(Option::is_none) {
                let Some(message) = read_json(&mut socket) else {
                    break;
                };
                if let Some(step) = message["view"]["slide"]["step"].as_u64() {
                    arrived[step as usize - 1].get_or_insert(Instant::now());
                }
            }
            arrived
        }));
    }
    ready.wait();
    // Let the joins' own views to the presenter settle.
    std::thread::sleep(Duration::from_millis(500));
    let start_kb = peak_kb(server.0.id());
    for step in 0..STEPS {
        let message = json!({"do": "step", "step": step, "of": STEPS, "title": format!("Step {}", step + 1),
                             "scenario": SCENARIOS[step % 2]});
        sent.lock().unwrap()[step] = Some(Instant::now());
        host.send(Message::Text(message.to_string().into()))
            .unwrap();
        std::thread::sleep(Duration::from_secs(1));
    }
    let sent = sent.lock().unwrap().clone();
    let mut latencies = Vec::new();
    let mut missed = 0;
    for handle in handles {
        for (step, arrived) in handle
            .join()
            .expect("a member's thread")
            .into_iter()
            .enumerate()
        {
            match (arrived, sent[step]) {
                (Some(arrived), Some(sent)) => {
                    latencies.push(arrived.saturating_duration_since(sent).as_secs_f64() * 1000.0)
                }
                _ => missed += 1,
            }
        }
    }
    let peak = peak_kb(server.0.id());
    drop(server);
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "| {members} | {:.0} ms | {:.0} ms | {:.0} ms | {missed} | {} MB | {} MB |",
        at(0.5),
        at(0.99),
        latencies.last().copied().unwrap_or(f64::NAN),
        start_kb / 1024,
        peak / 1024
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() { vec![300] } else { sizes };
    println!(
        "| members | median | 99th percentile | worst | steps missed | memory before | peak memory |"
    );
    println!("|---|---|---|---|---|---|---|");
    for members in sizes {
        run(members);
    }
}
