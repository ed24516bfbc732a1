#![allow(dead_code)]

pub mod cli;
pub mod harness;
pub mod room;

use redlines::model::format::{Loaded, parse_scenario};

/// A small generic model with one choice and one number position, written the way a user would.
pub const SMALL_SCENARIO: &str = r##"(
    format_version: 1,
    title: "Small",
    model: Inline(
        id: "small",
        version: 1,
        title: "Small model",
        sources: [(id: "src", title: "Notes", kind: "notes", date: "2025")],
        parties: [
            (id: "a", name: "Alpha", short: "A", colour: "#ff0000"),
            (id: "b", name: "Beta", short: "B"),
        ],
        positions: [
            (id: "colour", title: "Colour", kind: Choice(options: [
                (id: "red", label: "Red", backed_by: ["a"]),
                (id: "green", label: "Green"),
                (id: "blue", label: "Blue", backed_by: ["b"]),
            ])),
            (id: "cap", title: "Cap", kind: Number(min: 0.0, max: 100.0, step: 1.0, unit: "units", default: Value(50.0), no_limit: "No cap")),
        ],
        red_lines: [
            (id: "a_not_blue", party: "a", title: "Not blue", statement: "s", speaker: "A's leader",
             source: (source: "src", quote: "never blue"), basis: stated,
             breaks_when: Is("colour", "blue"), uncertain_when: Is("colour", "green")),
            (id: "b_cap", party: "b", title: "Cap at least 40", statement: "s", speaker: "B's leader",
             source: (source: "src", quote: "at least forty"), basis: reported,
             breaks_when: Below("cap", 40.0)),
            (id: "b_red_needs_limit", party: "b", title: "Red needs a limit", statement: "s", speaker: "B",
             source: (source: "src", quote: "q"), basis: inferred,
             breaks_when: All([Is("colour", "red"), NoLimit("cap")]),
             note: "The modeller's reading of B's notes."),
        ],
    ),
    choices: {
        "colour": Option("red"),
        "cap": Value(50.0),
    },
)"##;

pub fn load(text: &str) -> Loaded {
    match parse_scenario(text) {
        Ok(loaded) => loaded,
        Err(problems) => panic!("expected the scenario to load, got {problems:#?}"),
    }
}

pub fn problems(text: &str) -> Vec<String> {
    match parse_scenario(text) {
        Ok(_) => panic!("expected the scenario to be refused"),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

pub fn scenario_paths() -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .filter(|p| !p.to_string_lossy().ends_with(".briefing.ron"))
        .collect();
    paths.sort();
    paths
}
