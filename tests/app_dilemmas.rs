//! The Dilemmas tab, used as a user would: open the Berlin standoff, read the dilemmas and why.

mod common;

use common::harness::{click, harness, wait_for};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use redlines::model::bundled;
use redlines::ui::app::App;

fn shows(harness: &Harness<'_, App>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn the_dilemmas_tab_reads_the_berlin_standoff_and_says_why_in_whose_words() {
    let mut harness = harness();
    // A scenario with no standoff says what to give.
    click(&mut harness, "Dilemmas");
    // ("Positions" would read as the positions on the table, which every scenario has.)
    assert!(shows(&harness, "This scenario describes no standoff."));
    assert!(!shows(&harness, "names no positions"));

    let case = bundled::example_titles()
        .iter()
        .position(|t| t.contains("standoff"))
        .expect("the Berlin standoff is an example");
    harness.key_press_modifiers(
        Modifiers::COMMAND,
        Key::from_name(&(case + 1).to_string()).expect("a digit"),
    );
    // The dilemmas are read in a task, which may answer mid-run.
    common::harness::settle(&mut harness);
    // The tab stays; the dilemmas come in, the standoff folded above them.
    wait_for(&mut harness, "20 dilemmas: 0 certain, 20 possible.");
    assert!(!shows(
        &harness,
        "Where it differs from the threatened future"
    ));
    click(
        &mut harness,
        "The standoff: the threatened future and each party's position",
    );
    assert!(shows(&harness, "Threatened future (if nobody gives way)"));
    assert!(shows(&harness, "Russia's position"));
    assert!(shows(
        &harness,
        "Where it differs from the threatened future"
    ));
    assert!(shows(&harness, "Whose positions these are"));
    // Nobody controls anything in the article's model: the three kinds that need moves say so.
    assert!(shows(
        &harness,
        "threat, trust and cooperation dilemmas cannot be judged"
    ));
    assert!(shows(
        &harness,
        "Inducement: Possibly: Russia would rather accept United States' position than see the \
         threatened future."
    ));
    // Why, in whose words: the red lines that decide it, with the quote and who said it.
    click(&mut harness, "Why: RU 4");
    assert!(shows(
        &harness,
        "No ceasefire that gives Ukraine a respite (stated): uncertain in United States' \
         position, holds in the threatened future (its outcome decides whether the dilemma holds)"
    ));
    assert!(shows(
        &harness,
        "Dmitry Peskov, Kremlin spokesman, as quoted by the news explainer"
    ));
}

#[test]
fn a_briefing_step_can_show_the_dilemmas_on_a_slide_and_the_handout_lists_them() {
    // The standoff and the scenarios it names, beside a briefing of one dilemmas step.
    let dir = tempfile::tempdir().expect("temp dir");
    let scenarios = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for name in [
        "standoff-berlin.ron",
        "kremlin-demands.ron",
        "us-compromise.ron",
        "european-joint-statement.ron",
    ] {
        std::fs::copy(scenarios.join(name), dir.path().join(name)).expect("copied");
    }
    let briefing = dir.path().join("standoff.briefing.ron");
    std::fs::write(
        &briefing,
        r#"(format_version: 1, title: "Standoff", steps: [(title: "Who would give way?", scenario: File("standoff-berlin.ron"), show: dilemmas)])"#,
    )
    .expect("written");
    let mut harness = harness();
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        redlines::ui::command::Command::OpenPath(briefing.clone()),
    );
    harness.run();
    assert!(harness.state().briefing().is_some());
    // Presenting: the slide settles over a few frames, as a user waits.
    harness.key_press(Key::F5);
    wait_for(&mut harness, "20 dilemmas: 0 certain, 20 possible.");
    assert!(shows(
        &harness,
        "Deterrence: Possibly: Ukraine's threat does not deter Russia"
    ));

    // The handout of the same briefing has them, each with the lines that decide it.
    let out = dir.path().join("handout");
    let o = common::cli::redlines(&[
        "brief",
        briefing.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--no-pictures",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", common::cli::stderr(&o));
    let md = std::fs::read_to_string(out.join("brief.md")).expect("the handout");
    assert!(md.contains("### Dilemmas"), "{md}");
    assert!(
        md.contains(
            "#### Inducement: Possibly: Russia would rather accept United States' position than \
             see the threatened future."
        ),
        "{md}"
    );
    assert!(
        md.contains("Dmitry Peskov, Kremlin spokesman, as quoted by the news explainer"),
        "{md}"
    );
}
