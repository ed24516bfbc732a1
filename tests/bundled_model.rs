mod common;

use redlines::model::bundled;
use redlines::model::validate::validate_model;
use redlines::model::{Basis, Model};

fn berlin() -> std::sync::Arc<Model> {
    bundled::find("berlin-2025-12", 2).expect("the Berlin model is bundled and parses")
}

#[test]
fn every_bundled_model_parses_and_validates() {
    assert_eq!(
        bundled::all().len(),
        bundled::BUNDLED_SOURCES.len(),
        "a bundled model failed to parse"
    );
    for model in bundled::all() {
        let problems = validate_model(model, "model");
        assert!(problems.is_empty(), "{}: {problems:#?}", model.id);
    }
}

#[test]
fn the_shipped_article_is_the_shared_source_unchanged() {
    let shipped = bundled::source_text("sources/berlin-talks-2025-12.txt").expect("shipped");
    let on_disk = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sources/berlin-talks-2025-12.txt"
    ))
    .expect("assets/sources has the article");
    assert_eq!(shipped, on_disk);
    assert!(shipped.starts_with("The United States just concluded two days of discussions"));
}

#[test]
fn every_quote_is_verbatim_in_the_article() {
    let model = berlin();
    let article = bundled::source_text("sources/berlin-talks-2025-12.txt").expect("shipped");
    let mut quotes: Vec<(&str, &str)> = model
        .red_lines
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.quote().expect("every bundled line has a quote"),
            )
        })
        .collect();
    for position in &model.positions {
        if let redlines::model::PositionKind::Choice { options, .. } = &position.kind {
            quotes.extend(options.iter().flat_map(|o| {
                o.sources
                    .iter()
                    .map(move |s| (o.id.as_str(), s.quote.as_str()))
            }));
        }
    }
    assert!(quotes.len() > 14);
    for (id, quote) in quotes {
        assert!(quote.len() > 20, "{id}: quote too short to be meaningful");
        assert!(
            article.contains(quote),
            "{id}: quote not verbatim in the article: {quote}"
        );
    }
}

#[test]
fn a_quote_that_is_not_verbatim_fails_validation() {
    let mut model = Model::clone(&berlin());
    model.red_lines[0].source.as_mut().expect("a quote").quote =
        "We will never accept any deal at all.".to_owned();
    let problems: Vec<String> = validate_model(&model, "model")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        vec![format!(
            "model.red_lines[{}].source.quote: the quote is not word for word in source \"berlin-explainer\"",
            model.red_lines[0].id
        )]
    );
}

#[test]
fn red_lines_are_many_spread_and_honestly_based() {
    let model = berlin();
    assert!(model.red_lines.len() >= 12);
    for party in ["ua", "ru", "us", "eu"] {
        assert!(
            model.red_lines.iter().any(|r| r.party == party),
            "no red line for {party}"
        );
    }
    for r in &model.red_lines {
        assert!(!r.speaker.is_empty(), "{}: no speaker", r.id);
        if r.basis == Basis::Inferred {
            assert!(
                r.note.is_some(),
                "{}: an inferred red line needs a note saying why",
                r.id
            );
        }
    }
    // Stated lines quote the party itself, so their quote is set in quotation marks in the article
    // or is the party's sentence; reported ones are the article's paraphrase.
    let reported = model
        .red_lines
        .iter()
        .filter(|r| r.basis == Basis::Reported)
        .count();
    let stated = model
        .red_lines
        .iter()
        .filter(|r| r.basis == Basis::Stated)
        .count();
    assert!(reported > 0 && stated > 0);
}

#[test]
fn what_the_article_leaves_open_is_uncertain() {
    let model = berlin();
    let ru_donbas = model
        .red_line("ru_kyiv_relinquishes_donbas")
        .expect("red line");
    let zone = redlines::model::Condition::Is("donbas".into(), "free_economic_zone".into());
    assert_eq!(ru_donbas.uncertain_when.as_ref(), Some(&zone));
    let ru_cap = model.red_line("ru_limits_on_military").expect("red line");
    assert!(
        ru_cap.uncertain_when.is_some(),
        "the cap that would satisfy Moscow is open"
    );
}

#[test]
fn the_model_names_no_fact_outside_the_article() {
    // Every number in a condition must appear in the article.
    let model = berlin();
    let article = bundled::source_text("sources/berlin-talks-2025-12.txt").expect("shipped");
    for r in &model.red_lines {
        r.breaks_when.for_each_atom(&mut |atom| {
            for t in atom.thresholds() {
                let written = redlines::model::types::format_number(t);
                assert!(
                    article.contains(&written),
                    "{}: {written} is not in the article",
                    r.id
                );
            }
        });
    }
}
