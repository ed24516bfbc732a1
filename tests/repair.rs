//! A model with errors opens in the app to be repaired (a model being built is saved with its
//! to-dos). Since a received file may carry any error, every kind the checks report is opened
//! here, and every tab must answer on it without a panic; errors beyond repair (numbers the
//! search relies on, limits) are refused as before.

mod common;

use std::sync::Arc;

use common::harness::{click, harness, open_by_path, wait_for_search};
use egui_kittest::kittest::Queryable;
use redlines::model::format::{
    ModelErrors, parse_scenario, parse_scenario_bytes_with, scenario_to_ron,
};
use redlines::model::{
    Condition, Document, Model, ModelRef, Pick, PositionKind, SourceRef, bundled,
};

/// The bundled model with a small game on top (two parties controlling a position each, with
/// preferences), so the Stability tab has something to analyse too.
fn base() -> Document {
    let loaded = parse_scenario(bundled::example_text("status-quo.ron").expect("example"))
        .expect("example parses");
    let mut document = loaded.document;
    let mut model = Model::clone(&document.model);
    let first = model.positions[0].id.clone();
    let second = model.positions[1].id.clone();
    model.parties[0].controls = vec![first.clone()];
    model.parties[1].controls = vec![second.clone()];
    model.parties[0].preferences = vec![Condition::Not(Box::new(
        model.red_lines[0].breaks_when.clone(),
    ))];
    model.parties[1].preferences = vec![model.red_lines[0].breaks_when.clone()];
    document.model = Arc::new(model);
    document
}

fn choice_options(model: &mut Model) -> &mut Vec<redlines::model::ChoiceOption> {
    let position = model
        .positions
        .iter_mut()
        .find(|p| matches!(p.kind, PositionKind::Choice { .. }))
        .expect("a choice position");
    match &mut position.kind {
        PositionKind::Choice { options, .. } => options,
        PositionKind::Number(_) => unreachable!(),
    }
}

/// Every error the checks report that the app opens for repair, one model each, and whether it
/// takes what the search relies on (then Explore waits, and says why).
fn broken_models() -> Vec<(&'static str, bool, Model)> {
    let good = Model::clone(&base().model);
    let number = good
        .positions
        .iter()
        .position(|p| matches!(p.kind, PositionKind::Number(_)))
        .expect("a number position");
    let choice = good
        .positions
        .iter()
        .position(|p| matches!(p.kind, PositionKind::Choice { .. }))
        .expect("a choice position");
    let choice_id = good.positions[choice].id.clone();
    let number_id = good.positions[number].id.clone();
    type Break = Box<dyn Fn(&mut Model)>;
    let unsearchable = ["no parties", "red line of nobody", "no options"];
    let breaks: Vec<(&'static str, Break)> = vec![
        ("no id", Box::new(|m| m.id.clear())),
        ("no parties", Box::new(|m| m.parties.clear())),
        (
            "duplicate party",
            Box::new(|m| {
                let copy = m.parties[0].clone();
                m.parties.push(copy);
            }),
        ),
        (
            "duplicate position",
            Box::new(|m| {
                let copy = m.positions[0].clone();
                m.positions.push(copy);
            }),
        ),
        (
            "position removed",
            Box::new(move |m| {
                m.positions.remove(choice);
            }),
        ),
        ("empty position id", Box::new(|m| m.positions[0].id.clear())),
        (
            "red line of nobody",
            Box::new(|m| m.red_lines[0].party = "nobody".to_owned()),
        ),
        (
            "duplicate red line",
            Box::new(|m| {
                let copy = m.red_lines[0].clone();
                m.red_lines.push(copy);
            }),
        ),
        (
            "unknown source and a misquote",
            Box::new(|m| {
                m.red_lines[0].source = Some(SourceRef {
                    source: "nowhere".to_owned(),
                    quote: "words nobody said".to_owned(),
                });
                if let Some(source) = &mut m.red_lines[1].source {
                    source.quote = "not in the text at all".to_owned();
                }
            }),
        ),
        ("no options", Box::new(|m| choice_options(m).clear())),
        (
            "every option silent",
            Box::new(|m| {
                for option in choice_options(m) {
                    option.not_addressed = true;
                }
            }),
        ),
        (
            "duplicate option",
            Box::new(|m| {
                let options = choice_options(m);
                let copy = options[0].clone();
                options.push(copy);
            }),
        ),
        (
            "unknown default",
            Box::new(move |m| {
                if let PositionKind::Choice { default, .. } = &mut m.positions[choice].kind {
                    *default = Some("nothing".to_owned());
                }
            }),
        ),
        (
            "number default out of range",
            Box::new(move |m| {
                if let PositionKind::Number(spec) = &mut m.positions[number].kind {
                    spec.default = Pick::Value(spec.max * 10.0 + 1.0);
                }
            }),
        ),
        (
            "conditions naming what is not there",
            Box::new(move |m| {
                m.red_lines[0].breaks_when = Condition::Is("nowhere".to_owned(), "x".to_owned());
                m.red_lines[1].breaks_when = Condition::Is(choice_id.clone(), "x".to_owned());
                m.red_lines[2].breaks_when = Condition::Below(choice_id.clone(), 3.0);
                m.red_lines[3].breaks_when = Condition::Is(number_id.clone(), "x".to_owned());
                m.red_lines[4].uncertain_when = Some(Condition::NoLimit("nowhere".to_owned()));
                m.infeasible = vec![Condition::OptionAtLeast(choice_id.clone(), "x".to_owned())];
            }),
        ),
        (
            "stability set-up naming what is not there",
            Box::new(move |m| {
                m.parties[0].controls.push("nowhere".to_owned());
                m.parties[1]
                    .preferences
                    .push(Condition::Is("nowhere".to_owned(), "x".to_owned()));
                m.parties[1].ranking = vec![vec![std::collections::BTreeMap::from([(
                    "nowhere".to_owned(),
                    Pick::Option("x".to_owned()),
                )])]];
            }),
        ),
    ];
    breaks
        .into_iter()
        .map(|(name, change)| {
            let mut model = good.clone();
            change(&mut model);
            (name, unsearchable.contains(&name), model)
        })
        .collect()
}

fn scenario_text(model: Model) -> String {
    let mut scenario = base().scenario;
    scenario.model = ModelRef::Inline(Arc::new(model));
    scenario_to_ron(&scenario).expect("written")
}

fn opens_for_repair(text: &str) -> bool {
    let refused = parse_scenario(text).is_err();
    let repaired = parse_scenario_bytes_with(
        text.as_bytes(),
        &redlines::model::format::no_folder,
        ModelErrors::OpenForRepair,
    );
    refused && repaired.is_ok_and(|l| l.warnings.iter().any(|p| p.is_error()))
}

#[test]
fn every_tab_answers_on_a_model_opened_with_any_repairable_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, waits, model) in broken_models() {
        let text = scenario_text(model);
        assert!(
            opens_for_repair(&text),
            "{name}: refused by check, opened for repair"
        );
        let path = dir.path().join(format!("{}.ron", name.replace(' ', "-")));
        std::fs::write(&path, &text).expect("written");
        let mut harness = harness();
        open_by_path(&mut harness, &path);
        assert!(
            harness
                .query_all_by_label_contains("errors to fix")
                .chain(harness.query_all_by_label_contains("1 error to fix"))
                .next()
                .is_some(),
            "{name}: opened, its errors said"
        );
        assert!(
            harness.query_by_label("Model editor").is_some(),
            "{name}: the editor is open on them"
        );
        // Closed (Esc), every tab is tried on the broken model.
        harness.key_press(egui::Key::Escape);
        harness.run();
        click(&mut harness, "Charts");
        click(&mut harness, "Explore deals");
        wait_for_search(&mut harness);
        assert_eq!(
            harness
                .query_all_by_label_contains("cannot be searched until it is fixed")
                .next()
                .is_some(),
            waits,
            "{name}: Explore waits, and says why, only for what the search relies on"
        );
        click(&mut harness, "Stability");
        harness.run_steps(4);
        click(&mut harness, "Red lines");
        // The problems panel lists the errors where the file is named.
        assert!(
            harness
                .query_all_by_label_contains(&path.display().to_string())
                .next()
                .is_some(),
            "{name}: the errors are listed with the file"
        );
    }
}

#[test]
fn numbers_the_search_relies_on_refuse_the_file_even_for_repair() {
    let good = Model::clone(&base().model);
    let number = good
        .positions
        .iter()
        .position(|p| matches!(p.kind, PositionKind::Number(_)))
        .expect("a number position");
    type Change = Box<dyn Fn(&mut redlines::model::NumberSpec)>;
    let cases: Vec<(&str, Change)> = vec![
        ("step must be a positive number", Box::new(|s| s.step = 0.0)),
        (
            "must be a number no greater than max",
            Box::new(|s| s.min = s.max + 1.0),
        ),
    ];
    for (expected, change) in cases {
        let mut model = good.clone();
        if let PositionKind::Number(spec) = &mut model.positions[number].kind {
            change(spec);
        }
        let text = scenario_text(model);
        let refused = parse_scenario_bytes_with(
            text.as_bytes(),
            &redlines::model::format::no_folder,
            ModelErrors::OpenForRepair,
        )
        .expect_err("refused");
        assert!(
            refused
                .iter()
                .any(|p| p.refuses_repair() && p.message.contains(expected)),
            "{expected}: {refused:?}"
        );
    }
}
