//! A scenario shared as a link: scenario → link → scenario gives the same scenario, with a
//! shipped model by name and any other model carried inside; too long or damaged links say so.

mod common;

use std::path::Path;

use redlines::model::format::parse_scenario;
use redlines::model::io::load_scenario;
use redlines::model::link::{
    LinkError, MAX_LINK_CHARS, fragment_param, is_link, scenario_text, to_link,
};
use redlines::model::{Document, ModelRef};

const SITE: &str = "https://example.org/redlines/";

fn scenarios() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
}

fn round_trip(link: &str) -> Document {
    let text = scenario_text(link).expect("the link unpacks");
    parse_scenario(&text)
        .unwrap_or_else(|p| panic!("the link's scenario loads: {p:#?}"))
        .document
}

#[test]
fn a_scenario_on_the_shipped_model_comes_back_equal_and_names_the_model() {
    let doc = load_scenario(&scenarios().join("us-compromise.ron"))
        .expect("example")
        .document;
    let link = to_link(SITE, &doc).expect("a link");
    assert!(link.starts_with("https://example.org/redlines/#scenario="));
    assert!(is_link(&link));
    assert!(
        link.len() < 2_000,
        "a shipped model is named, not carried: {} characters",
        link.len()
    );
    let back = round_trip(&link);
    assert_eq!(
        back.scenario, doc.scenario,
        "choices, title and notes all kept"
    );
    assert_eq!(back.evaluate(), doc.evaluate());
    // An address that already had a scenario in it gets the new one, not both.
    let again = to_link(&link, &doc).expect("a link");
    assert_eq!(again, link);
}

#[test]
fn a_model_of_ones_own_travels_inside_the_link_with_its_source_texts() {
    // The teaching example keeps its model and minutes in files of their own.
    let doc = load_scenario(&scenarios().join("riverside-opening-offer.ron"))
        .expect("example")
        .document;
    assert!(matches!(doc.scenario.model, ModelRef::File { .. }));
    let link = to_link(SITE, &doc).expect("a link");
    let back = round_trip(&link);
    let ModelRef::Inline(model) = &back.scenario.model else {
        panic!("the model is carried inside the link");
    };
    assert_eq!(**model, doc.self_contained_model());
    assert_eq!(back.scenario.choices, doc.scenario.choices);
    assert_eq!(back.scenario.title, doc.scenario.title);
    let minutes = back.model.sources[0]
        .content
        .get()
        .expect("the minutes came too");
    assert_eq!(Some(minutes), doc.model.sources[0].content.get());
    assert_eq!(back.evaluate(), doc.evaluate());
}

#[test]
fn a_scenario_too_big_for_a_link_is_refused_with_its_length() {
    // Long notes no compression can shrink (letters from a pseudo-random sequence).
    let mut doc = load_scenario(&scenarios().join("us-compromise.ron"))
        .expect("example")
        .document;
    let mut state = 7u64;
    doc.scenario.notes = (0..40_000)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            char::from(b'a' + (state >> 59) as u8 % 26)
        })
        .collect();
    match to_link(SITE, &doc) {
        Err(LinkError::TooLong { chars, max }) => {
            assert_eq!(max, MAX_LINK_CHARS);
            assert!(chars > MAX_LINK_CHARS);
            let said = LinkError::TooLong { chars, max }.to_string();
            assert!(said.contains("share the file instead"), "{said}");
        }
        other => panic!("expected a refusal, got {:?}", other.map(|l| l.len())),
    }
}

#[test]
fn damaged_or_empty_links_say_what_is_wrong() {
    assert_eq!(
        scenario_text("https://example.org/redlines/"),
        Err(LinkError::NoScenario)
    );
    assert!(!is_link("scenarios/us-compromise.ron"));
    assert_eq!(
        fragment_param("https://x.org/#scenario=abc&tab=explore", "tab"),
        Some("explore")
    );
    assert_eq!(fragment_param("https://x.org/#scenario=abc", "tab"), None);
    assert!(matches!(
        scenario_text("https://example.org/#scenario=%%%"),
        Err(LinkError::Damaged(_))
    ));
    assert!(matches!(
        scenario_text("#scenario=AAAA"),
        Err(LinkError::Damaged(_))
    ));
    // A link that would unpack to more than a file may hold is stopped there, and says so.
    let bomb = miniz_oxide_bomb();
    assert!(matches!(
        scenario_text(&bomb),
        Err(LinkError::TooBig { .. })
    ));
}

/// 64 MB of spaces, deflated to a few kilobytes.
fn miniz_oxide_bomb() -> String {
    use base64::Engine;
    let packed = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 64 << 20], 9);
    format!(
        "#scenario={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    )
}

mod app {
    use super::*;
    use crate::common::harness::{click, harness};
    use egui_kittest::kittest::Queryable;
    use redlines::ui::command::Command;

    fn shows(harness: &egui_kittest::Harness<'_, redlines::ui::app::App>, text: &str) -> bool {
        harness.query_all_by_label_contains(text).next().is_some()
    }

    #[test]
    fn copy_link_puts_the_scenario_on_the_clipboard_and_the_link_opens_it_again() {
        let mut harness = harness();
        let path = scenarios().join("riverside-opening-offer.ron");
        let ctx = harness.ctx.clone();
        harness
            .state_mut()
            .apply(&ctx, Command::OpenPath(path.clone()));
        harness.run();
        // Shared from the Explore tab, the link opens on it.
        click(&mut harness, "Explore deals");
        click(&mut harness, "File");
        harness.get_by_label("Copy link").click();
        harness.step();
        let copied = harness
            .output()
            .platform_output
            .commands
            .iter()
            .find_map(|c| match c {
                egui::OutputCommand::CopyText(text) => Some(text.clone()),
                _ => None,
            })
            .expect("a link was copied");
        harness.run();
        assert!(shows(&harness, "Link copied"));
        assert!(
            shows(&harness, "and the model with its sources' texts"),
            "it says what the link carries"
        );

        let mut other = crate::common::harness::harness();
        let ctx = other.ctx.clone();
        other.state_mut().apply(&ctx, Command::OpenLink(copied));
        other.run();
        assert_eq!(other.state().tab(), redlines::ui::state::Tab::Explore);
        let opened = other.state().document();
        let original = load_scenario(&path).expect("example").document;
        assert_eq!(opened.scenario.choices, original.scenario.choices);
        assert_eq!(opened.scenario.title, original.scenario.title);
        assert_eq!(opened.evaluate(), original.evaluate());
        assert_eq!(
            other.state().path(),
            None,
            "untitled: nobody saved it here yet"
        );

        // A damaged link changes nothing and says why.
        let ctx = other.ctx.clone();
        other
            .state_mut()
            .apply(&ctx, Command::OpenLink("https://x.org/#scenario=@@".into()));
        // The report's new widgets each take a pass to be styled: more than `run`'s four on a
        // loaded machine.
        other.run_steps(8);
        assert!(shows(&other, "Could not open the link"));
        assert_eq!(
            other.state().document().scenario.title,
            original.scenario.title
        );
    }
}
