mod common;

use proptest::prelude::*;
use redlines::model::format::{parse_scenario, scenario_to_ron};
use redlines::model::io::{load_scenario, save_scenario};
use redlines::model::{Document, Pick, PositionKind};

/// Any valid pick for each position of the bundled model.
fn berlin_document() -> impl Strategy<Value = Document> {
    let base = Document::new_bundled();
    let position_picks: Vec<BoxedStrategy<(String, Pick)>> = base
        .model
        .positions
        .iter()
        .map(|p| {
            let id = p.id.clone();
            match &p.kind {
                PositionKind::Choice { options, .. } => {
                    let ids: Vec<String> = options.iter().map(|o| o.id.clone()).collect();
                    proptest::sample::select(ids)
                        .prop_map(move |o| (id.clone(), Pick::Option(o)))
                        .boxed()
                }
                PositionKind::Number(spec) => {
                    let snapped = spec.clone();
                    prop_oneof![
                        (spec.min..=spec.max).prop_map(move |v| Pick::Value(snapped.snap(v))),
                        Just(Pick::NoLimit),
                        Just(Pick::NotAddressed),
                    ]
                }
                .prop_map(move |pick| (id.clone(), pick))
                .boxed(),
            }
        })
        .collect();
    (
        position_picks,
        any::<String>(),
        any::<String>(),
        proptest::option::of(any::<String>()),
        any::<String>(),
    )
        .prop_map(move |(picks, title, summary, author, notes)| {
            let mut doc = base.clone();
            doc.scenario.choices = picks.into_iter().collect();
            doc.scenario.title = title;
            doc.scenario.summary = summary;
            doc.scenario.author = author;
            doc.scenario.notes = notes;
            doc
        })
}

proptest! {
    #[test]
    fn load_save_load_is_identical(doc in berlin_document()) {
        let text = scenario_to_ron(&doc.scenario).expect("serializes");
        let loaded = parse_scenario(&text).expect("what we write, we read");
        prop_assert_eq!(&loaded.document.scenario, &doc.scenario);
        prop_assert!(loaded.warnings.is_empty());
        // Stable output: saving again writes the same bytes.
        prop_assert_eq!(scenario_to_ron(&loaded.document.scenario).expect("serializes"), text);
    }

    #[test]
    fn inline_models_round_trip(cap in 0.0f64..=100.0, title in any::<String>()) {
        let mut doc = common::load(common::SMALL_SCENARIO).document;
        doc.scenario.choices.insert("cap".into(), Pick::Value(cap.round()));
        doc.scenario.title = title;
        let text = scenario_to_ron(&doc.scenario).expect("serializes");
        let again = parse_scenario(&text).expect("reads back").document;
        prop_assert_eq!(again, doc);
    }
}

#[test]
fn saved_files_read_well() {
    let doc = common::load(common::SMALL_SCENARIO).document;
    let text = scenario_to_ron(&doc.scenario).expect("serializes");
    // Pretty, one field per line, inline model unwrapped rather than in double parentheses.
    assert!(text.contains("\n    title: \"Small\",\n"), "{text}");
    assert!(text.contains("model: Inline(\n"), "{text}");
    assert!(text.contains("\"cap\": Value(50.0),"), "{text}");
    assert!(text.contains("kind: Number(\n"), "{text}");
}

#[test]
fn save_is_atomic_and_replaces_the_old_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("scenario.ron");
    std::fs::write(&path, "old contents").expect("write");
    let doc = common::load(common::SMALL_SCENARIO).document;
    save_scenario(&path, &doc.scenario).expect("saves");
    let loaded = load_scenario(&path).expect("loads");
    assert_eq!(loaded.document, doc);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("scenario.ron")]);
}

#[test]
fn a_failed_save_leaves_the_old_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing_dir = dir.path().join("no-such-folder").join("scenario.ron");
    let doc = common::load(common::SMALL_SCENARIO).document;
    let err =
        save_scenario(&missing_dir, &doc.scenario).expect_err("cannot save into a missing folder");
    assert!(err.to_string().contains("cannot save"), "{err}");
}

#[test]
fn example_scenarios_are_saved_in_canonical_form() {
    // The examples are written the way the app saves, so saving them changes nothing.
    for path in common::scenario_paths() {
        let text = std::fs::read_to_string(&path).expect("read");
        // Read as the file it is: a model file it names is found beside it.
        let loaded = redlines::model::io::load_scenario(&path).expect("valid example");
        assert_eq!(
            scenario_to_ron(&loaded.document.scenario).expect("serializes"),
            text,
            "{}",
            path.display()
        );
    }
}
