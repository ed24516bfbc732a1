//! Issue 7 from the command line: no command loses a user's text, and every bad input gets a
//! located, true answer that prints safely on a terminal.

mod common;

use std::path::{Path, PathBuf};

use common::cli::{redlines, stderr, stdout, write};

fn example(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name),
    )
    .expect("example exists")
}

/// The U.S. compromise as a user might keep it: with comments of their own.
fn commented_example() -> String {
    example("us-compromise.ron")
        .replacen(
            "(\n",
            "// Seminar 3: our group's reading of the U.S. offer.\n(\n",
            1,
        )
        .replacen(
            "        \"army_cap\": NotAddressed,\n",
            "        \"army_cap\": NotAddressed, // no figure in the article\n",
            1,
        )
}

#[test]
fn format_refuses_to_drop_comments_unless_forced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = commented_example();
    let f = write(dir.path(), "commented.ron", &text);

    let o = redlines(&["format", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 comments"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&f).expect("read"),
        text,
        "untouched"
    );

    let o = redlines(&["format", "--check", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`redlines format --force`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&f).expect("read"), text);

    let o = redlines(&["format", "--force", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&f).expect("read"),
        example("us-compromise.ron")
    );
}

/// Each case adds one misspelt or extra field at a different level of the file.
#[test]
fn unknown_fields_are_located_errors_at_every_level() {
    let dir = tempfile::tempdir().expect("temp dir");
    let small = common::SMALL_SCENARIO;
    let bundled = example("us-compromise.ron");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "choice",
            small.replacen(
                "(id: \"blue\", label: \"Blue\", backed_by: [\"b\"]),\n            ])",
                "(id: \"blue\", label: \"Blue\", backed_by: [\"b\"]),\n            ], defualt: \"blue\")",
                1,
            ),
            "defualt",
        ),
        (
            "bundled",
            bundled.replacen("version: 2,\n    ),", "version: 2,\n        edition: 2,\n    ),", 1),
            "edition",
        ),
        (
            "scenario",
            bundled.replacen("    notes:", "    note: \"x\",\n    notes:", 1),
            "note",
        ),
        (
            "number",
            small.replacen("unit: \"units\",", "unit: \"units\", units: \"kg\",", 1),
            "units",
        ),
        (
            "party",
            small.replacen("short: \"B\")", "short: \"B\", color: \"#00ff00\")", 1),
            "color",
        ),
        (
            "red line",
            small.replacen("basis: stated,", "basis: stated, weight: 3,", 1),
            "weight",
        ),
        (
            "source ref",
            small.replacen(
                "quote: \"never blue\")",
                "quote: \"never blue\", page: 4)",
                1,
            ),
            "page",
        ),
    ];
    for (level, text, field) in cases {
        assert!(
            text.contains(field),
            "{level}: the test text must contain the field"
        );
        let f = write(
            dir.path(),
            &format!("{}.ron", level.replace(' ', "-")),
            &text,
        );
        let o = redlines(&["check", &f]);
        assert_eq!(o.status.code(), Some(1), "{level}: {}", stderr(&o));
        let err = stderr(&o);
        let (line, column) = text
            .lines()
            .enumerate()
            .find_map(|(i, l)| {
                l.find(&format!("{field}:"))
                    .map(|c| (i + 1, l[..c].chars().count() + 1))
            })
            .expect("field in text");
        assert!(
            err.starts_with(&format!("{f}:{line}:{column}: ")),
            "{level}: expected {line}:{column}, got {err}"
        );
        assert!(err.contains(field), "{level}: {err}");
    }
}

#[test]
fn a_byte_order_mark_is_accepted_and_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!("\u{feff}{}", example("us-compromise.ron"));
    let f = write(dir.path(), "bom.ron", &text);
    let o = redlines(&["check", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Canonical apart from the mark: format has nothing to change, and keeps the mark.
    let o = redlines(&["format", "--check", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = redlines(&["format", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&f).expect("read"), text);
}

#[test]
fn an_oversize_file_is_refused_with_its_real_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(50 * 1024 * 1024).expect("sparse 50 MB");
    let o = redlines(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("52,428,800 bytes"), "{err}");
    assert!(err.contains("50 MB"), "{err}");
    assert!(err.contains("too large"), "{err}");
    assert!(err.contains("10 MB"), "{err}");
    assert!(!err.contains("10485761"), "{err}");
}

/// A red line whose condition is `Not` nested `depth` times around one atom.
fn nested_not(depth: usize) -> String {
    let condition = format!(
        "{}Is(\"colour\", \"blue\"){}",
        "Not(".repeat(depth),
        ")".repeat(depth)
    );
    common::SMALL_SCENARIO.replacen(
        "breaks_when: Is(\"colour\", \"blue\")",
        &format!("breaks_when: {condition}"),
        1,
    )
}

#[test]
fn one_nesting_rule_that_speaks_to_the_user() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reasonable = write(dir.path(), "sixty.ron", nested_not(60));
    let o = redlines(&["check", &reasonable]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    for depth in [65, 100, 5000] {
        let deep = write(dir.path(), "deep.ron", nested_not(depth));
        let o = redlines(&["check", &deep]);
        assert_eq!(o.status.code(), Some(1), "{depth}");
        let err = stderr(&o);
        assert!(!err.contains("recursion_limit"), "{depth}: {err}");
        assert!(!err.contains("ron::"), "{depth}: {err}");
        assert!(
            err.contains("conditions may nest at most 64 levels"),
            "{depth}: {err}"
        );
        assert_eq!(
            err.lines().count(),
            1,
            "{depth}: one rule, one message: {err}"
        );
    }
}

#[test]
fn error_columns_point_at_the_token_not_the_space_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = example("us-compromise.ron").replacen(
        "    title: \"The U.S.",
        "    title:     42, old_title: \"The U.S.",
        1,
    );
    let f = write(dir.path(), "spaced.ron", &text);
    let o = redlines(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    // `42` is at line 3, column 16.
    assert!(
        stderr(&o).starts_with(&format!("{f}:3:16: ")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn control_characters_are_escaped_in_every_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = common::SMALL_SCENARIO
        .replacen(
            "title: \"Small\"",
            "title: \"Small\\u{1b}[2J\\u{2028}sneaky\"",
            1,
        )
        .replacen(
            "title: \"Not blue\"",
            "title: \"Not\\nblue\\u{1b}]0;pwned\\u{7}\"",
            1,
        );
    let f = write(dir.path(), "escapes.ron", &text);
    for format in ["text", "markdown"] {
        let o = redlines(&["evaluate", &f, "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(!out.contains('\u{1b}'), "{format}: {out:?}");
        assert!(!out.contains('\u{7}'), "{format}: {out:?}");
        assert!(!out.contains('\u{2028}'), "{format}: {out:?}");
        assert!(!out.contains("Not\nblue"), "{format}: {out:?}");
        assert!(out.contains("Not\\nblue"), "{format}: {out:?}");
    }
    let o = redlines(&["model", "--file", &f]);
    assert!(!stdout(&o).contains('\u{1b}'), "{:?}", stdout(&o));
    // JSON keeps the text exact, in escapes a terminal does not act on.
    let o = redlines(&["evaluate", &f, "--format", "json"]);
    assert!(!stdout(&o).contains('\u{2028}'), "{:?}", stdout(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["scenario"], "Small\u{1b}[2J\u{2028}sneaky");
    let o = redlines(&["explore", &f]);
    assert!(!stdout(&o).contains('\u{1b}'), "{:?}", stdout(&o));

    // An id with a line break in an error stays on one line.
    let bad = common::SMALL_SCENARIO.replacen(
        "\"cap\": Value(50.0)",
        "\"ca\\np\\u{1b}[31m\": Value(50.0)",
        1,
    );
    let f = write(dir.path(), "bad-id.ron", &bad);
    let o = redlines(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    let unknown: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("unknown position"))
        .collect();
    assert_eq!(unknown.len(), 1, "{err:?}");
    assert!(unknown[0].contains("ca\\np\\u{1b}[31m"), "{err:?}");

    // A file name with a line break is escaped too.
    let odd = write(dir.path(), "two\nlines.ron", "(");
    let o = redlines(&["check", &odd]);
    assert_eq!(stderr(&o).lines().count(), 1, "{:?}", stderr(&o));
}

/// A model whose one choice position has `n` options, each its own red line's subject.
fn many_options(n: usize) -> String {
    let options: Vec<String> = (0..n)
        .map(|i| format!("(id: \"o{i}\", label: \"Option {i}\")"))
        .collect();
    let lines: Vec<String> = (0..n)
        .step_by(2)
        .map(|i| {
            format!(
                "(id: \"l{i}\", party: \"a\", title: \"Not {i}\", statement: \"s\", speaker: \"A\", \
                 source: (source: \"src\", quote: \"q\"), basis: inferred, breaks_when: Is(\"colour\", \"o{i}\"))"
            )
        })
        .collect();
    format!(
        r#"(
    format_version: 1,
    title: "Many",
    model: Inline(
        id: "many", version: 1, title: "Many options",
        sources: [(id: "src", title: "Notes", kind: "notes", date: "2025")],
        parties: [(id: "a", name: "Alpha", short: "A")],
        positions: [(id: "colour", title: "Colour", kind: Choice(options: [{}]))],
        red_lines: [{}],
    ),
    choices: {{ "colour": Option("o1") }},
)"#,
        options.join(", "),
        lines.join(", ")
    )
}

#[test]
fn every_command_agrees_on_a_position_with_many_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = write(dir.path(), "many.ron", many_options(300));
    let check = redlines(&["check", &f]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let o = redlines(&["explore", &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["packages"], 300.0);
    assert_eq!(json["acceptable"]["count"], 150.0);
}

#[test]
fn a_newer_bundled_model_version_says_which_is_newer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = write(
        dir.path(),
        "newer-model.ron",
        example("us-compromise.ron").replacen("version: 2,\n    ),", "version: 9,\n    ),", 1),
    );
    let o = redlines(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("version 9"), "{err}");
    assert!(err.contains("newer"), "{err}");
    assert!(err.contains("version 2"), "{err}");
}

#[test]
fn an_older_bundled_model_version_is_migrated_and_the_changes_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The U.S. compromise as it was saved on version 1 of the bundled model.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/us-compromise-model-v1.ron"),
    )
    .expect("fixture");
    let f = write(dir.path(), "older-model.ron", &text);
    let o = redlines(&["check", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("version 1"), "{err}");
    assert!(err.contains("version 2"), "{err}");
    assert!(err.contains("warning"), "{err}");
    // Every pick still exists in version 2, so all are kept, and the report says so.
    assert!(err.contains("all 11 choices kept"), "{err}");
    let o = redlines(&["evaluate", &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // A pick whose option is gone takes the default, and the warning names it.
    let gone = text.replacen(
        "\"donbas\": Option(\"free_economic_zone\")",
        "\"donbas\": Option(\"joint_administration\")",
        1,
    );
    let f = write(dir.path(), "older-gone.ron", &gone);
    let o = redlines(&["check", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("choices[donbas]"), "{err}");
    assert!(err.contains("joint_administration"), "{err}");
    assert!(err.contains("no longer"), "{err}");
}

#[test]
fn a_newer_format_is_refused_as_newer_even_when_nested_too_deep() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = nested_not(5000).replacen("format_version: 1", "format_version: 2", 1);
    let f = write(dir.path(), "newer-deep.ron", text);
    let o = redlines(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("format version 2"), "{err}");
    assert!(err.contains("newer Red Lines"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn generate_model_never_writes_what_check_refuses() {
    let o = redlines(&[
        "generate-model",
        "--positions",
        "24",
        "--red-lines",
        "20000",
    ]);
    if o.status.success() {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = write(dir.path(), "big.ron", &o.stdout);
        let check = redlines(&["check", &f]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    } else {
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(stdout(&o), "", "nothing half-written");
        assert!(stderr(&o).contains("10 MB"), "{}", stderr(&o));
    }
    let o = redlines(&["generate-model", "--positions", "0"]);
    assert_ne!(o.status.code(), Some(0), "a model with nothing to search");
    assert_eq!(stdout(&o), "");
}

fn generated(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let mut all = vec!["generate-model"];
    all.extend_from_slice(args);
    let o = redlines(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    PathBuf::from(write(dir, name, &o.stdout))
}

#[test]
fn explore_shows_progress_and_stops_at_its_timeout_with_a_partial_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = generated(
        dir.path(),
        "hard.ron",
        &[
            "--positions",
            "80",
            "--options",
            "5",
            "--red-lines",
            "200",
            "--seed",
            "104888",
        ],
    );
    // Its acceptable packages are found at once, but counting them takes minutes, so a 2 s
    // timeout stops the count.
    let f = f.to_str().expect("utf-8");
    let started = std::time::Instant::now();
    let o = redlines(&["explore", f, "--timeout", "2"]);
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(took.as_secs() < 60, "stopped near its timeout: {took:?}");
    assert!(stderr(&o).contains("searching"), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("PARTIAL"), "{out}");
    assert!(out.contains("at least"), "{out}");
    // The count found is a lower bound, and a quick upper bound brackets it.
    assert!(
        out.contains("Acceptable packages: at least about ") && out.contains(" and at most about "),
        "{out}"
    );

    let o = redlines(&["explore", f, "--timeout", "2", "--format", "json"]);
    assert_eq!(o.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["complete"], false);
    assert_eq!(json["acceptable"]["exact"], false);
    let (at_least, at_most) = (
        json["acceptable"]["count"].as_f64().expect("a count"),
        json["acceptable"]["at_most"]
            .as_f64()
            .expect("an upper bound"),
    );
    let packages = json["packages"].as_f64().expect("the packages");
    assert!(
        at_least >= 1.0 && at_least <= at_most && at_most < packages,
        "{at_least} ≤ {at_most} < {packages}"
    );

    // A search that finishes says it is complete.
    let o = redlines(&[
        "explore",
        &common::scenario_paths()[0].to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["complete"], true);
    assert_eq!(json["acceptable"]["at_most"], serde_json::Value::Null);
}
