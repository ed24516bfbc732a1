mod common;

use std::path::Path;

use common::cli::{redlines, stderr, stdout, write as broken};

#[test]
fn check_accepts_every_example() {
    let paths: Vec<String> = common::scenario_paths()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert!(paths.len() >= 4);
    let mut args = vec!["check"];
    args.extend(paths.iter().map(String::as_str));
    let o = redlines(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    // Each file is said to be valid, by name: success is not silence.
    for path in &paths {
        assert!(
            stdout(&o).contains(&format!("{path}: valid")),
            "{path}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn check_reports_each_broken_file_with_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = common::scenario_paths()[0].to_string_lossy().into_owned();
    let text = std::fs::read_to_string(&good).expect("read");
    let truncated = broken(
        dir.path(),
        "truncated.ron",
        &text.as_bytes()[..text.len() / 2],
    );
    let wrong_type = broken(
        dir.path(),
        "wrong-type.ron",
        text.replacen("format_version: 1", "format_version: \"one\"", 1)
            .as_bytes(),
    );
    let unknown_id = broken(
        dir.path(),
        "unknown-id.ron",
        text.replacen("\"donbas\":", "\"donbass\":", 1).as_bytes(),
    );
    let newer = broken(
        dir.path(),
        "newer.ron",
        text.replacen("format_version: 1", "format_version: 7", 1)
            .as_bytes(),
    );
    let empty = broken(dir.path(), "empty.ron", b"");
    let not_utf8 = broken(dir.path(), "latin1.ron", b"(title: \"Caf\xe9\")");

    let o = redlines(&[
        "check",
        &good,
        &truncated,
        &wrong_type,
        &unknown_id,
        &newer,
        &empty,
        &not_utf8,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let line_of = |file: &str| {
        err.lines()
            .filter(|l| l.starts_with(file))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        line_of(&truncated).contains("but the file ends here: is it cut short?"),
        "{err}"
    );
    assert!(
        line_of(&truncated).starts_with(&format!("{truncated}:")),
        "{err}"
    );
    assert!(
        line_of(&wrong_type).starts_with(&format!("{wrong_type}:2:21: Expected integer")),
        "{err}"
    );
    assert!(
        line_of(&unknown_id).contains("choices[donbass]: unknown position \"donbass\""),
        "{err}"
    );
    assert!(
        line_of(&unknown_id).contains("choices[donbas]: warning: no choice for this position"),
        "{err}"
    );
    assert!(line_of(&newer).contains("format version 7"), "{err}");
    assert_eq!(
        line_of(&empty),
        format!(
            "{empty}: the file is empty; expected a scenario, starting with `(` and `format_version: 1`"
        )
    );
    assert_eq!(
        line_of(&not_utf8),
        format!(
            "{not_utf8}:1:13: the file is not valid UTF-8 text; scenario files are RON text in UTF-8"
        )
    );
    assert!(!err.contains(&good), "the good file has no problems: {err}");
}

#[test]
fn check_a_missing_file() {
    let o = redlines(&["check", "/no/such/file.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("/no/such/file.ron: cannot read the file:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(redlines(&["check"]).status.code(), Some(2));
    assert_eq!(
        redlines(&["evaluate", "a.ron", "--format", "yaml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(redlines(&["frobnicate", "--now"]).status.code(), Some(2));
}

#[test]
fn evaluate_json_has_the_stable_shape() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/european-joint-statement.ron");
    let o = redlines(&[
        "evaluate",
        path.to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(json["scenario"], "The European Joint Statement");
    let parties = json["parties"].as_array().expect("parties");
    assert_eq!(
        parties
            .iter()
            .map(|p| p["id"].as_str().unwrap_or(""))
            .collect::<Vec<_>>(),
        ["ua", "ru", "us", "eu"]
    );
    let ru = &parties[1];
    assert_eq!(ru["name"], "Russia");
    let lines = ru["red_lines"].as_array().expect("red lines");
    assert_eq!(
        ru["breaks"].as_u64(),
        Some(lines.iter().filter(|l| l["verdict"] == "breaks").count() as u64)
    );
    let nato = lines
        .iter()
        .find(|l| l["id"] == "ru_no_nato_personnel")
        .expect("the NATO personnel line");
    assert_eq!(nato["verdict"], "breaks");
    assert_eq!(nato["basis"], "reported");
    assert_eq!(nato["speaker"], "The Kremlin");
    assert_eq!(
        nato["because"],
        serde_json::json!([
            "European multinational Ukraine force = Including operations inside Ukraine"
        ])
    );
    assert!(
        nato["quote"]
            .as_str()
            .is_some_and(|q| q.starts_with("The Kremlin has stated its opposition"))
    );
    for key in [
        "id", "title", "verdict", "basis", "speaker", "quote", "because",
    ] {
        assert!(
            lines.iter().all(|l| l.get(key).is_some()),
            "every red line has {key}"
        );
    }
}

#[test]
fn evaluate_text_and_markdown_agree_with_json() {
    for path in common::scenario_paths() {
        let p = path.to_str().expect("utf-8 path");
        let json: serde_json::Value =
            serde_json::from_str(&stdout(&redlines(&["evaluate", p, "--format", "json"])))
                .expect("json");
        let text = stdout(&redlines(&["evaluate", p]));
        let markdown = stdout(&redlines(&["evaluate", p, "--format", "markdown"]));
        for party in json["parties"].as_array().expect("parties") {
            let counts = format!(
                "{} broken, {} uncertain, {} holding",
                party["breaks"], party["uncertain"], party["holds"]
            );
            assert!(text.contains(&counts), "{p}: {counts} not in text output");
            assert!(
                markdown.contains(&counts),
                "{p}: {counts} not in markdown output"
            );
        }
        assert!(markdown.starts_with(&format!("# {}", json["scenario"].as_str().expect("title"))));
    }
}

#[test]
fn evaluate_a_broken_file_fails_with_the_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = broken(dir.path(), "b.ron", b"(format_version: 1, title: 3)");
    let o = redlines(&["evaluate", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).starts_with(&format!("{f}:1:28: Expected string")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn model_prints_the_bundled_model_as_json() {
    let o = redlines(&["model", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["id"], "berlin-2025-12");
    assert!(json["red_lines"].as_array().is_some_and(|r| r.len() >= 12));
    let text = stdout(&redlines(&["model"]));
    assert!(text.contains("Berlin talks, December 2025"));
}

#[test]
fn model_of_a_file_with_an_inline_model() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = broken(dir.path(), "small.ron", common::SMALL_SCENARIO.as_bytes());
    let o = redlines(&["model", "--file", &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["id"], "small");
}

#[test]
fn format_rewrites_into_canonical_form_and_check_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = broken(dir.path(), "small.ron", common::SMALL_SCENARIO.as_bytes());
    assert_eq!(redlines(&["format", "--check", &f]).status.code(), Some(1));
    assert_eq!(redlines(&["format", &f]).status.code(), Some(0));
    assert_eq!(redlines(&["format", "--check", &f]).status.code(), Some(0));
    let o = redlines(&["evaluate", &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "the formatted file still loads");
}

#[test]
fn explore_finds_no_deal_for_all_four_and_names_what_stands_in_the_way() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/status-quo.ron");
    let p = path.to_str().expect("utf-8 path");
    let o = redlines(&["explore", p, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["acceptable"]["count"], 0.0);
    let pairs: Vec<Vec<String>> = json["irreconcilable"]
        .as_array()
        .expect("sets")
        .iter()
        .map(|s| {
            s["red_lines"]
                .as_array()
                .expect("lines")
                .iter()
                .map(|l| l["id"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .collect();
    assert!(
        pairs.contains(&vec![
            "ua_zone_not_russian_control".to_owned(),
            "ru_kyiv_relinquishes_donbas".to_owned()
        ]),
        "{pairs:?}"
    );
    assert!(
        json["concessions"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
    assert!(
        json["closest"]["pareto"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );

    let text = stdout(&redlines(&["explore", p, "--stats"]));
    assert!(
        text.contains("No package is acceptable to every party that must accept."),
        "{text}"
    );
    assert!(
        text.contains("Search nodes visited: "),
        "--stats adds the search statistics"
    );
}

#[test]
fn explore_with_uncertain_ok_parties_and_locks() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/status-quo.ron");
    let p = path.to_str().expect("utf-8 path");
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["explore", p, "--format", "json"];
        all.extend_from_slice(args);
        let o = redlines(&all);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).expect("json")
    };
    let lenient = json(&["--uncertain-ok"]);
    assert!(
        lenient["acceptable"]["count"]
            .as_f64()
            .is_some_and(|n| n > 0.0)
    );
    let packages = lenient["acceptable"]["packages"]
        .as_array()
        .expect("packages");
    assert!(
        packages
            .iter()
            .all(|k| k["choices"]["donbas"]["label"] == "Demilitarized free economic zone")
    );
    assert!(
        packages
            .iter()
            .all(|k| k["choices"]["army_cap"]["label"] == "800,000–1,000,000 troops"),
        "ranges are reported as ranges"
    );

    let locked = json(&["--uncertain-ok", "--lock", "donbas=russian_control"]);
    assert_eq!(locked["acceptable"]["count"], 0.0);
    assert_eq!(locked["packages"], 7776.0);

    let us_only = json(&["--parties", "us", "--lock", "army_cap=no-limit"]);
    assert_eq!(us_only["parties"], serde_json::json!(["us"]));
    assert!(
        us_only["acceptable"]["count"]
            .as_f64()
            .is_some_and(|n| n > 0.0)
    );
}

#[test]
fn explore_rejects_bad_locks_and_parties_as_usage_errors() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/status-quo.ron");
    let p = path.to_str().expect("utf-8 path");
    for (args, message) in [
        (vec!["--lock", "donbas"], "write POSITION=VALUE"),
        (vec!["--lock", "nowhere=x"], "unknown position \"nowhere\""),
        (vec!["--lock", "donbas=moon"], "unknown option \"moon\""),
        (
            vec!["--lock", "army_cap=lots"],
            "takes a number, no-limit or not-addressed",
        ),
        (vec!["--lock", "army_cap=5000000"], "out of range"),
        (vec!["--parties", "xx"], "unknown party \"xx\""),
    ] {
        let mut all = vec!["explore", p];
        all.extend(args.iter().copied());
        let o = redlines(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn generate_model_prints_a_reproducible_scenario_that_explore_accepts() {
    let args = [
        "generate-model",
        "--positions",
        "8",
        "--options",
        "3",
        "--red-lines",
        "12",
        "--seed",
        "5",
    ];
    let first = redlines(&args);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(
        stdout(&first),
        stdout(&redlines(&args)),
        "same seed, same file"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let f = broken(dir.path(), "synthetic.ron", &first.stdout);
    assert_eq!(redlines(&["check", &f]).status.code(), Some(0));
    let o = redlines(&["explore", &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["packages"], 6561.0);
}

#[test]
fn check_suggests_the_words_a_quote_one_typo_off_meant() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    std::fs::create_dir_all(dir.path().join("teaching/sources")).expect("folders");
    for file in [
        "riverside-opening-offer.ron",
        "teaching/sources/riverside-minutes.txt",
    ] {
        std::fs::copy(scenarios.join(file), dir.path().join(file)).expect("copy");
    }
    let quote = "cannot fund a pay rise of more than four per cent this year";
    let model = std::fs::read_to_string(scenarios.join("teaching/riverside.model.ron"))
        .expect("the model")
        .replacen(
            quote,
            "cannot fund a pay rise of more than for per cent this year",
            1,
        );
    std::fs::write(dir.path().join("teaching/riverside.model.ron"), model).expect("write");
    let scenario = dir.path().join("riverside-opening-offer.ron");
    let o = redlines(&["check", scenario.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(said.contains("the quote is not word for word"), "{said}");
    assert!(
        said.contains(&format!("the nearest words in it are \"{quote}\"")),
        "{said}"
    );
}
