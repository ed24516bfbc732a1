//! Models and source texts in files of their own, found relative to the file that names them,
//! and checked exactly like the bundled model and its article.

mod common;

use std::path::Path;

use common::cli::{redlines, stderr, stdout};
use redlines::model::ModelRef;
use redlines::model::io::load_scenario;

/// A model in its own file, citing a source whose text sits beside it.
const MODEL: &str = r#"(
    id: "budget",
    version: 2,
    title: "Town budget",
    sources: [(id: "minutes", title: "Council minutes", kind: "minutes", date: "2026",
               text: "sources/minutes.txt")],
    parties: [
        (id: "council", name: "Council", short: "C"),
        (id: "union", name: "Union", short: "U"),
    ],
    positions: [
        (id: "pay", title: "Pay rise", kind: Choice(options: [
            (id: "none", label: "None"),
            (id: "some", label: "Some"),
        ])),
    ],
    red_lines: [
        (id: "union_pay", party: "union", title: "A pay rise", statement: "s",
         speaker: "The union's chair",
         source: (source: "minutes", quote: "no deal without a rise"), basis: stated,
         breaks_when: Is("pay", "none")),
    ],
)"#;

const MINUTES: &str = "The chair said there would be no deal without a rise this year.\n";

fn scenario(model_path: &str, version: &str) -> String {
    format!(
        r#"(
    format_version: 1,
    title: "Freeze",
    model: File(path: "{model_path}"{version}),
    choices: {{ "pay": Option("none") }},
)"#
    )
}

/// `dir/models/budget.ron` and `dir/models/sources/minutes.txt`, and a scenario in `dir`.
fn project(dir: &Path, model: &str, minutes: Option<&str>) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("models/sources")).expect("folders");
    std::fs::write(dir.join("models/budget.ron"), model).expect("model");
    if let Some(minutes) = minutes {
        std::fs::write(dir.join("models/sources/minutes.txt"), minutes).expect("text");
    }
    let path = dir.join("freeze.ron");
    std::fs::write(&path, scenario("models/budget.ron", ", version: 2")).expect("scenario");
    path
}

fn check(path: &Path) -> (bool, String) {
    let o = redlines(&["check", &path.to_string_lossy()]);
    (o.status.success(), stderr(&o))
}

#[test]
fn a_model_file_and_its_source_text_are_found_beside_what_names_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = project(dir.path(), MODEL, Some(MINUTES));
    let loaded = load_scenario(&path).expect("it loads");
    assert_eq!(loaded.document.model.id, "budget");
    assert!(matches!(
        &loaded.document.scenario.model,
        ModelRef::File { path, version: Some(2), .. } if path == "models/budget.ron"
    ));
    let minutes = loaded.document.model.source("minutes").expect("the source");
    assert_eq!(minutes.content.get(), Some(MINUTES), "the text is read");
    // And it evaluates, from any working folder.
    let o = redlines(&["evaluate", &path.to_string_lossy()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("A pay rise"), "{}", stdout(&o));
}

#[test]
fn a_quote_not_in_the_users_own_text_is_refused_where_it_is_cited() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = project(
        dir.path(),
        &MODEL.replace("no deal without a rise", "no deal without a big rise"),
        Some(MINUTES),
    );
    let (ok, err) = check(&path);
    assert!(!ok);
    assert!(
        err.contains(
            "models/budget.ron: red_lines[union_pay].source.quote: the quote is not word for word in source \"minutes\""
        ),
        "{err}"
    );
}

#[test]
fn a_missing_or_unreadable_source_text_is_an_error_at_its_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = project(dir.path(), MODEL, None);
    let (ok, err) = check(&path);
    assert!(!ok, "a text that is not there is not silently accepted");
    assert!(
        err.contains("models/budget.ron: sources[minutes].text: cannot read the source text \"sources/minutes.txt\""),
        "{err}"
    );
    assert!(
        err.contains("models/sources/minutes.txt"),
        "says where it looked: {err}"
    );
    // A text that is not UTF-8 cannot be checked either.
    std::fs::write(
        dir.path().join("models/sources/minutes.txt"),
        [0xff, 0xfe, 0x00],
    )
    .expect("w");
    let (ok, err) = check(&path);
    assert!(!ok);
    assert!(err.contains("is not valid UTF-8 text"), "{err}");
}

#[test]
fn a_missing_or_broken_model_file_is_named_with_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lonely.ron");
    std::fs::write(&path, scenario("models/nowhere.ron", "")).expect("w");
    let (ok, err) = check(&path);
    assert!(!ok);
    assert!(
        err.contains("model: cannot read the model file \"models/nowhere.ron\""),
        "{err}"
    );
    // A syntax error inside the model file is located in that file.
    let path = project(
        dir.path(),
        &MODEL.replace("title: \"Town budget\",", "title: \"Town budget\" oops"),
        Some(MINUTES),
    );
    let (ok, err) = check(&path);
    assert!(!ok);
    assert!(err.contains("model: models/budget.ron:4:"), "{err}");
}

#[test]
fn a_scenario_made_on_an_older_model_version_says_so_and_keeps_what_still_exists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = project(dir.path(), MODEL, Some(MINUTES));
    std::fs::write(&path, scenario("models/budget.ron", ", version: 1")).expect("w");
    let loaded = load_scenario(&path).expect("it loads, with a warning");
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains(
            "made on version 1 of the model in models/budget.ron, which is now version 2"
        )),
        "{warnings:?}"
    );
    assert!(matches!(
        loaded.document.scenario.model,
        ModelRef::File {
            version: Some(2),
            ..
        }
    ));
}

#[test]
fn an_inline_models_source_text_is_found_beside_the_scenario() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notes.txt"), "we will never accept blue\n").expect("w");
    let text = common::SMALL_SCENARIO
        .replacen(
            r#"kind: "notes", date: "2025")"#,
            r#"kind: "notes", date: "2025", text: "notes.txt")"#,
            1,
        )
        .replacen("quote: \"never blue\"", "quote: \"never accept blue\"", 1);
    let path = dir.path().join("small.ron");
    std::fs::write(&path, &text).expect("w");
    let (ok, err) = check(&path);
    // The other two quotes are not in the notes: each is refused, the one that is passes.
    assert!(!ok);
    assert!(!err.contains("a_not_blue"), "{err}");
    assert!(
        err.contains("model.red_lines[b_cap].source.quote: the quote is not word for word"),
        "{err}"
    );
}

#[test]
fn the_teaching_example_is_not_berlin_and_loads_evaluates_and_explores() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/riverside-opening-offer.ron");
    let loaded = load_scenario(&path).expect("the teaching example loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let model = &loaded.document.model;
    assert_ne!(model.id, redlines::model::bundled::default_model().id);
    assert!(model.title.contains("teaching example"), "labelled as such");
    let minutes = model
        .source("minutes")
        .and_then(|s| s.content.get())
        .expect("its text");
    assert!(
        minutes.contains("invented text"),
        "the source says it is invented"
    );
    let o = redlines(&["explore", &path.to_string_lossy(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    // The observer does not make "no deal" the answer: packages it dislikes are acceptable.
    assert_eq!(json["not_required"], serde_json::json!(["chamber"]));
    let packages = json["acceptable"]["packages"].as_array().expect("packages");
    assert!(!packages.is_empty());
    assert!(
        packages
            .iter()
            .any(|p| p["broken"]["chamber"].as_u64() == Some(1)),
        "{packages:?}"
    );
}

#[test]
fn saving_an_edited_model_file_keeps_its_comments_or_refuses() {
    use redlines::model::format::{model_from_ron, model_save_text};
    let commented = MODEL
        .replace(
            "    parties: [",
            "    // Who sits at the table.\n    parties: [",
        )
        .replace(
            "(id: \"some\", label: \"Some\"),",
            "(id: \"some\", label: \"Some\"), // the union's ask",
        );
    let mut model = model_from_ron(&commented).expect("the model reads");
    model.parties[1].name = "Drivers' union".into();
    model.version = 3;
    let text = model_save_text(&model, Some(&commented)).expect("saved in place");
    assert_eq!(
        text,
        commented
            .replace("name: \"Union\"", "name: \"Drivers' union\"")
            .replace("version: 2", "version: 3")
    );

    // Removing the options list's whole position would drop the comment inside it: refused.
    model.positions.clear();
    model.red_lines.clear();
    let refused = model_save_text(&model, Some(&commented)).expect_err("refused");
    assert!(refused.contains("comment"), "{refused}");
    // A file without comments is simply written.
    assert!(model_save_text(&model, Some(MODEL)).is_ok());
}
