//! The format's field table against the serde types it describes, the docs it generates, and
//! every missing field reported in one run.

mod common;

use std::sync::Arc;

use common::cli::{redlines, stdout};
use redlines::model::condition::Condition;
use redlines::model::format::lexer::Reader;
use redlines::model::format::scenario_to_ron;
use redlines::model::schema::{self, Shape, Type};
use redlines::model::{
    Basis, ChoiceOption, Confrontation, Model, ModelRef, NumberSpec, Party, PartyStance, Pick,
    Position, PositionKind, RedLine, Role, Scenario, Source, SourceRef, Stance,
};

/// A model with every optional field set, so every field is written.
fn full_model() -> Model {
    let quote = SourceRef {
        source: "src".into(),
        quote: "q".into(),
    };
    Model {
        id: "m".into(),
        version: 1,
        title: "M".into(),
        description: "d".into(),
        sources: vec![Source {
            id: "src".into(),
            title: "S".into(),
            kind: "notes".into(),
            date: "2026".into(),
            text: Some("notes.txt".into()),
            text_inline: Some("the text".into()),
            content: Default::default(),
        }],
        parties: vec![Party {
            id: "a".into(),
            name: "A".into(),
            short: "A".into(),
            colour: Some("#112233".into()),
            role: Role::Observer,
            controls: vec!["c".into()],
            preferences: vec![Condition::Is("c".into(), "x".into())],
            ranking: vec![vec![[("c".to_owned(), Pick::Option("x".into()))].into()]],
            hard_red_lines: false,
        }],
        positions: vec![
            Position {
                id: "c".into(),
                title: "C".into(),
                description: "d".into(),
                kind: PositionKind::Choice {
                    options: vec![ChoiceOption {
                        id: "x".into(),
                        label: "X".into(),
                        description: "d".into(),
                        backed_by: vec!["a".into()],
                        sources: vec![quote.clone()],
                        not_addressed: true,
                        irreversible: true,
                    }],
                    default: Some("x".into()),
                    ordered: true,
                },
            },
            Position {
                id: "n".into(),
                title: "N".into(),
                description: "d".into(),
                kind: PositionKind::Number(NumberSpec {
                    min: 0.0,
                    max: 10.0,
                    step: 1.0,
                    unit: "u".into(),
                    default: Pick::Value(1.0),
                    no_limit: Some("No cap".into()),
                    not_addressed: Some("Silent".into()),
                }),
            },
        ],
        red_lines: vec![RedLine {
            id: "r".into(),
            party: "a".into(),
            title: "R".into(),
            statement: "s".into(),
            speaker: "A".into(),
            source: Some(quote),
            basis: Basis::Inferred,
            speakers_words: true,
            breaks_when: Condition::Is("c".into(), "x".into()),
            uncertain_when: Some(Condition::Below("n".into(), 3.0)),
            note: Some("n".into()),
        }],
        infeasible: vec![Condition::Below("n".into(), 1.0)],
    }
}

fn full_scenario(model: ModelRef) -> String {
    let scenario = Scenario {
        format_version: 1,
        title: "T".into(),
        summary: "s".into(),
        author: Some("me".into()),
        model,
        choices: [("c".to_owned(), Pick::Option("x".into()))].into(),
        notes: "n".into(),
        confrontation: Some(Confrontation {
            positions: vec![PartyStance {
                party: "a".into(),
                package: Some([("c".to_owned(), Pick::Option("x".into()))].into()),
                file: Some("other.ron".into()),
                read: None,
            }],
            threatened_future: Some(Stance {
                package: Some([("c".to_owned(), Pick::Option("x".into()))].into()),
                file: Some("future.ron".into()),
                read: None,
            }),
            notes: "n".into(),
        }),
    };
    scenario_to_ron(&scenario).expect("writes")
}

/// Every struct written in `text`, with the table's type for it: (type, its fields' spans).
fn structs(text: &str) -> Vec<(&'static Type, redlines::model::format::lexer::Fields)> {
    fn walk(
        reader: &Reader,
        ty: &'static Type,
        fields: redlines::model::format::lexer::Fields,
        out: &mut Vec<(&'static Type, redlines::model::format::lexer::Fields)>,
    ) {
        for field in ty.fields {
            let Some(found) = fields.get(field.name) else {
                continue;
            };
            match &field.shape {
                Shape::Struct(t) => {
                    if let Some(f) = reader.fields_of(&found.value) {
                        walk(reader, t, f, out);
                    }
                }
                Shape::List(t) => {
                    for item in reader.items_of(&found.value).unwrap_or_default() {
                        if let Some(f) = reader.fields_of(&item) {
                            walk(reader, t, f, out);
                        }
                    }
                }
                Shape::Variants(variants) => {
                    let name = reader.name_of(&found.value);
                    if let Some((_, t)) = variants.iter().find(|(n, _)| Some(*n) == name)
                        && let Some(f) = reader.fields_of(&found.value)
                    {
                        walk(reader, t, f, out);
                    }
                }
                _ => {}
            }
        }
        out.push((ty, fields));
    }
    let reader = Reader::new(text);
    let mut out = Vec::new();
    walk(
        &reader,
        &schema::SCENARIO,
        reader.top_level().expect("a scenario"),
        &mut out,
    );
    out
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(
        ron::extensions::Extensions::IMPLICIT_SOME
            | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
    )
}

#[test]
fn the_table_names_every_field_the_types_write_and_says_rightly_which_are_required() {
    let texts = [
        full_scenario(ModelRef::Inline(Arc::new(full_model()))),
        full_scenario(ModelRef::File {
            path: "m.ron".into(),
            version: Some(1),
            edited: None,
        }),
        full_scenario(ModelRef::Bundled {
            id: "b".into(),
            version: 1,
        }),
    ];
    let mut seen: Vec<&str> = Vec::new();
    for text in &texts {
        for (ty, fields) in structs(text) {
            seen.push(ty.name);
            let written: Vec<&str> = fields.fields.iter().map(|f| f.name.as_str()).collect();
            let table: Vec<&str> = ty.fields.iter().map(|f| f.name).collect();
            assert_eq!(written, table, "{}: the fields, in order", ty.name);
            // Each field left out: serde refuses exactly the required ones.
            for (field, spec) in fields.fields.iter().zip(ty.fields) {
                let entry = field.entry();
                let without = format!("{}{}", &text[..entry.start], &text[entry.end..]);
                let parsed = ron_options().from_str::<Scenario>(&without);
                match (spec.default, parsed) {
                    (None, Err(e)) => assert!(
                        matches!(e.code, ron::Error::MissingStructField { field: f, .. } if f == spec.name),
                        "{}.{}: {e}",
                        ty.name,
                        spec.name
                    ),
                    (None, Ok(_)) => panic!("{}.{} is optional, not required", ty.name, spec.name),
                    (Some(_), Err(e)) => {
                        panic!("{}.{} is required, not optional: {e}", ty.name, spec.name)
                    }
                    (Some(_), Ok(_)) => {}
                }
            }
        }
    }
    for ty in schema::ALL {
        assert!(seen.contains(&ty.name), "{} was checked", ty.name);
    }
}

#[test]
fn every_missing_field_is_reported_in_one_run() {
    // A first model written by hand: a party without its short name, a position without its
    // title, a red line without its statement and basis, and no choices.
    let text = r#"(
    format_version: 1,
    title: "First try",
    model: Inline(
        id: "m",
        version: 1,
        title: "M",
        parties: [(id: "a", name: "Alpha")],
        positions: [(id: "p", kind: Choice(options: [(id: "x", label: "X")]))],
        red_lines: [(id: "r", party: "a", title: "R", breaks_when: Is("p", "x"))],
    ),
)"#;
    let problems: Vec<String> = redlines::model::format::parse_scenario(text)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "8:19: missing field `short` in this Party",
        "9:21: missing field `title` in this Position",
        "10:21: missing field `statement` in this RedLine",
        "10:21: missing field `basis` in this RedLine",
        "1:1: missing field `choices` in this Scenario",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(expected)),
            "{expected:?} in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), 5, "{problems:#?}");
}

#[test]
fn the_docs_hold_the_reference_the_table_generates() {
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario-format.md"),
    )
    .expect("the format docs");
    let generated = schema::markdown();
    assert!(
        docs.contains(&generated),
        "docs/scenario-format.md is out of step: paste in `redlines schema --format markdown`"
    );
    let o = redlines(&["schema", "--format", "markdown"]);
    assert_eq!(stdout(&o), generated);
}

#[test]
fn the_json_schema_defines_every_type_with_its_required_fields() {
    let o = redlines(&["schema"]);
    assert!(o.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(json["$ref"], "#/$defs/Scenario");
    for ty in schema::ALL {
        let def = &json["$defs"][ty.name];
        let required: Vec<&str> = ty
            .fields
            .iter()
            .filter(|f| f.default.is_none())
            .map(|f| f.name)
            .collect();
        assert_eq!(def["required"], serde_json::json!(required), "{}", ty.name);
        assert_eq!(
            def["properties"].as_object().map(|o| o.len()),
            Some(ty.fields.len()),
            "{}",
            ty.name
        );
    }
    // The bundled model, as `model --format json` prints it, has the fields the schema names.
    let model: serde_json::Value =
        serde_json::from_str(&stdout(&redlines(&["model", "--format", "json"]))).expect("json");
    let names: Vec<&String> = model.as_object().expect("object").keys().collect();
    for name in names {
        assert!(
            json["$defs"]["Model"]["properties"].get(name).is_some(),
            "Model.{name} is in the schema"
        );
    }
}

/// Every picture and file the README and the docs link to is in the repository (a clean
/// clone is what readers get): `*.png` was once ignored below `docs/`, and ten pictures the
/// README showed were never committed.
#[test]
fn every_file_the_docs_link_to_is_in_the_repository() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for doc in ["README.md", "ARCHITECTURE.md", "docs/scenario-format.md"] {
        let text = std::fs::read_to_string(root.join(doc)).expect("the doc is readable");
        let base = root
            .join(doc)
            .parent()
            .expect("a doc is in a folder")
            .to_owned();
        for (start, _) in text.match_indices("](") {
            let rest = &text[start + 2..];
            let target = &rest[..rest.find(')').unwrap_or(0)];
            let target = target.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let path = base.join(target);
            assert!(path.exists(), "{doc} links to {target}, which is missing");
            let listed = std::process::Command::new("git")
                .args(["ls-files", "--error-unmatch"])
                .arg(&path)
                .current_dir(root)
                .output();
            // Where git is at hand (a checkout), the file must also be tracked, not ignored.
            if let Ok(listed) = listed
                && std::process::Command::new("git")
                    .args(["rev-parse", "--is-inside-work-tree"])
                    .current_dir(root)
                    .output()
                    .is_ok_and(|o| o.status.success())
            {
                assert!(
                    listed.status.success(),
                    "{doc} links to {target}, which git does not track"
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "only {checked} links checked: the scan missed them"
    );
}
