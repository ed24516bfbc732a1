//! `kill -9` during a save, over and over at random moments: the file is always the old content
//! or the new, keeps its mode, and no temporary file stays behind.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use redlines::model::format::parse_scenario;
use redlines::model::io::save_scenario;
use redlines::model::{Pick, Scenario};

const LOOP_FILE: &str = "REDLINES_KILL_TEST_FILE";
const KILLS: usize = 120;

/// Two versions of a scenario, big enough (about a megabyte) that a save takes a while.
fn versions() -> (Scenario, Scenario) {
    let mut a = common::load(common::SMALL_SCENARIO).document.scenario;
    a.notes = "A note long enough to make each save take real time. ".repeat(20_000);
    let mut b = a.clone();
    b.choices.insert("cap".to_owned(), Pick::Value(75.0));
    b.notes = b.notes.replace("real time", "some time");
    (a, b)
}

/// Not a test: the child process the kill test runs and kills. It saves forever.
#[test]
#[ignore = "run by killing_saves_never_tear_the_file"]
fn save_forever() {
    let path = std::env::var_os(LOOP_FILE).expect("run only by the kill test");
    let (a, b) = versions();
    loop {
        save_scenario(Path::new(&path), &a).expect("save a");
        save_scenario(Path::new(&path), &b).expect("save b");
    }
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "scenario.ron")
        .collect()
}

#[test]
fn killing_saves_never_tears_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("scenario.ron");
    let (a, b) = versions();
    save_scenario(&path, &a).expect("first save");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");

    // A cheap random source: the kill moments only need to be spread out.
    let mut seed = Instant::now().elapsed().subsec_nanos() as u64 | 1;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut debris_seen = 0;
    for round in 0..KILLS {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args(["--ignored", "--exact", "save_forever", "--nocapture"])
            .env(LOOP_FILE, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("child starts");
        std::thread::sleep(Duration::from_micros(20_000 + next() % 150_000));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");

        let text = std::fs::read_to_string(&path).expect("the file is still there");
        let scenario = parse_scenario(&text)
            .unwrap_or_else(|e| panic!("round {round}: torn file: {e:?}"))
            .document
            .scenario;
        assert!(
            scenario == a || scenario == b,
            "round {round}: old or new content"
        );
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "round {round}: mode kept");
        debris_seen += temp_files(dir.path()).len();
    }
    // Whatever a kill left behind, the next save of the file removes.
    save_scenario(&path, &a).expect("save after the kills");
    assert_eq!(
        temp_files(dir.path()),
        Vec::<String>::new(),
        "no temp file stays ({debris_seen} seen right after a kill)"
    );
}
