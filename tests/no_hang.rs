//! A timeout is a promise, and every list respects `--limit` (issue 22, points 6 and 7). The
//! limits below are generous (a debug build on a busy machine): they catch a command that goes
//! on for minutes after its timeout, not a slow one.

mod common;

use std::time::Duration;

use common::cli::{redlines, redlines_within, stderr, stdout};

/// A synthetic model with thousands of red lines and no deal: its walk is slow per node.
fn many_red_lines(dir: &std::path::Path) -> String {
    let o = redlines(&[
        "generate-model",
        "--red-lines",
        "5000",
        "--positions",
        "24",
        "--parties",
        "4",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.join("many.ron");
    std::fs::write(&path, &o.stdout).expect("model");
    path.to_string_lossy().into_owned()
}

#[test]
fn explore_stops_at_its_timeout_and_lists_no_more_than_the_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = many_red_lines(dir.path());
    let o = redlines_within(
        &["explore", &file, "--timeout", "1", "--limit", "5"],
        Duration::from_secs(40),
    );
    assert_eq!(o.status.code(), Some(3), "partial: {}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("PARTIAL: the search stopped"), "{text}");
    assert!(
        text.matches("  Failing:").count() <= 5,
        "closest points listed: {}",
        text.matches("  Failing:").count()
    );
    assert!(
        text.contains("more closest points (--limit lists more)"),
        "{text}"
    );

    let o = redlines_within(
        &[
            "explore",
            &file,
            "--timeout",
            "1",
            "--limit",
            "3",
            "--format",
            "json",
        ],
        Duration::from_secs(40),
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let listed = |key: &str| json[key].as_array().map_or(0, Vec::len);
    assert!(listed("irreconcilable") <= 3);
    assert!(listed("never_holds") <= 3);
    let pareto = json["closest"]["pareto"].as_array().expect("pareto").len();
    assert!(pareto <= 3, "{pareto}");
    assert!(
        json["closest"]["pareto_count"]
            .as_u64()
            .is_some_and(|n| n as usize >= pareto),
        "the count says how many there are: {}",
        json["closest"]
    );
}

/// Counts past 2^53, where a float only comes near them, are said to be approximate: never
/// printed as an integer that looks exact (issue 22, point 14).
#[test]
fn counts_past_two_to_the_53_say_about_and_never_look_exact() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 40 positions of 3 options: 3^40 = 12,157,665,459,056,928,801 packages.
    let o = redlines(&[
        "generate-model",
        "--red-lines",
        "2",
        "--positions",
        "40",
        "--parties",
        "2",
    ]);
    let path = dir.path().join("huge.ron");
    std::fs::write(&path, &o.stdout).expect("model");
    let file = path.to_str().expect("utf-8");
    let o = redlines(&["explore", file, "--limit", "1"]);
    let text = stdout(&o);
    assert!(
        text.contains("Packages: about 1.216 × 10^19"),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(!text.contains("12,157,665,459,056,928,768"));
    let o = redlines(&["explore", file, "--limit", "1", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["packages_exact"], false);
    assert!(json["packages"].is_f64(), "{}", json["packages"]);
    assert!(!stdout(&o).contains("12157665459056928768"));
    assert_eq!(json["acceptable"]["exact"], false);
    assert!(json["acceptable"]["count"].is_f64());
}

/// A model whose stability analysis takes a while: `positions` positions of `options`
/// options each, the first half controlled by one party and the rest by the other.
fn slow_stability_model(positions: usize, options: usize) -> String {
    let half = positions / 2;
    let position = |i: usize| {
        let opts: Vec<String> = (0..options)
            .map(|j| format!("(id: \"o{j}\", label: \"P{i} option {j}\")"))
            .collect();
        format!(
            "(id: \"p{i}\", title: \"P{i}\", kind: Choice(options: [{}]))",
            opts.join(", ")
        )
    };
    let controls = |range: std::ops::Range<usize>| {
        range
            .map(|i| format!("\"p{i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        r#"(format_version: 1, title: "Slow", model: Inline(id: "slow", version: 1, title: "Slow",
    sources: [(id: "s", title: "S", kind: "notes", date: "2026")],
    parties: [
        (id: "a", name: "Alpha", short: "A", controls: [{}], preferences: [Is("p{half}", "o1")]),
        (id: "b", name: "Beta", short: "B", controls: [{}], preferences: [Is("p0", "o2")]),
    ],
    positions: [{}],
    red_lines: [(id: "r", party: "a", title: "T", statement: "s", speaker: "A",
        source: (source: "s", quote: "q"), basis: inferred, note: "n", breaks_when: Is("p1", "o1"))]),
  choices: {{ {} }})"#,
        controls(0..half),
        controls(half..positions),
        (0..positions).map(position).collect::<Vec<_>>().join(", "),
        (0..positions)
            .map(|i| format!("\"p{i}\": Option(\"o0\")"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// 2^19 states, four parties each moving four positions: some 30 million moves, several
/// seconds' work for the stability analysis (within its caps).
fn slow_generated_model() -> String {
    stdout(&redlines_within(
        &[
            "generate-model",
            "--positions",
            "19",
            "--options",
            "2",
            "--red-lines",
            "19",
            "--controls",
            "4",
            "--preferences",
            "4",
        ],
        Duration::from_secs(20),
    ))
}

/// The Stability tab runs one analysis at a time, however fast the picks come, and Cancel
/// stops it at once (issue 22, point 6).
#[test]
fn the_stability_tab_runs_one_analysis_at_a_time_and_cancel_stops_it() {
    use common::harness::{harness, open_by_path, wait_for};
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("slow.ron");
    std::fs::write(&path, slow_stability_model(10, 3)).expect("model");
    let mut harness = harness();
    open_by_path(&mut harness, &path);
    harness.get_by_label("Stability").click();
    harness.step();
    wait_for(&mut harness, "Analysing stability for this package");
    for i in 0..6 {
        // Picks as fast as a user clicks: each stops the analysis of the package before.
        harness
            .get_by_label(&format!("P{} option {}", i % 5, 1 + i % 2))
            .click();
        harness.step();
        assert!(
            harness.state().stability_analyses_running() <= 1,
            "pick {i}: {} analyses at once",
            harness.state().stability_analyses_running()
        );
    }
    wait_for(&mut harness, "Cancel the analysis");
    harness.get_by_label("Cancel the analysis").click();
    let mut frames = 0;
    while harness.state().stability_analyses_running() > 0 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
        frames += 1;
        assert!(frames < 300, "the analysis did not stop");
    }
    harness.step();
    let stopped = harness
        .query_all_by_label_contains("Stopped: the analysis was cancelled.")
        .next()
        .is_some();
    if !stopped {
        use egui_kittest::kittest::NodeT;
        let labels: Vec<String> = harness
            .query_all_by_label_contains("")
            .filter_map(|n| n.accesskit_node().label())
            .filter(|l| !l.starts_with('P'))
            .collect();
        panic!("the tab says the analysis stopped; it shows {labels:#?}");
    }
    // Stopped is not stuck: it can be asked for again.
    harness.get_by_label("Analyse this package again").click();
    harness.step();
    wait_for(&mut harness, "Analysing stability for this package");
    assert_eq!(harness.state().stability_analyses_running(), 1);
}

/// `redlines stability` on a model past the state cap refuses at once and says why; within it,
/// a timeout returns what is known, marked partial.
#[test]
fn stability_refuses_past_its_cap_and_keeps_its_timeout() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 3^13 = 1,594,323 packages, past the cap of 2^20.
    let path = dir.path().join("big.ron");
    std::fs::write(&path, slow_stability_model(13, 3)).expect("model");
    let o = redlines_within(
        &["stability", path.to_str().expect("utf-8")],
        Duration::from_secs(20),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the stability analysis takes at most 1,048,576"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("10 seconds"), "{}", stderr(&o));

    let path = dir.path().join("slow.ron");
    std::fs::write(&path, slow_generated_model()).expect("model");
    let o = redlines_within(
        &["stability", path.to_str().expect("utf-8"), "--timeout", "1"],
        Duration::from_secs(40),
    );
    let code = o.status.code();
    let text = stdout(&o);
    assert!(
        (code == Some(3) && text.starts_with("PARTIAL: the analysis stopped"))
            || (code == Some(1) && stderr(&o).contains("before anything was known")),
        "{code:?}\n{text}\n{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("stopping the analysis at its 1 s timeout"));
}
