//! Issue 24's points 3 and 4, as a briefer and a student meet them: the slide shows the whole
//! package, what changed comes first, and the lines uncertain only because the package is
//! silent fold into one row, on the slide and in the Red lines tab.

mod common;

use common::harness::{click, harness};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use redlines::model::briefing::Step;
use redlines::model::triage::Triage;
use redlines::model::{Document, bundled};
use redlines::ui::app::App;

const SILENT: &str = "uncertain only because the package is silent on";

/// A key, then the window settled: a key may start a search whose answer arrives mid-run.
fn press(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press(key);
    common::harness::settle(harness);
}

fn steps() -> Vec<Step> {
    let (_, text) = bundled::EXAMPLE_BRIEFINGS[0];
    redlines::model::briefing::parse_briefing(text)
        .expect("parses")
        .briefing
        .steps
}

fn document(step: &Step) -> Document {
    let redlines::model::briefing::StepScenario::File(file) = &step.scenario else {
        panic!("the example's steps are files");
    };
    redlines::model::format::parse_scenario(bundled::example_text(file).expect("bundled"))
        .expect("parses")
        .document
}

fn top_of(harness: &Harness<'_, App>, text: &str) -> f32 {
    harness
        .query_all_by_label_contains(text)
        .next()
        .unwrap_or_else(|| panic!("{text:?} is on screen"))
        .rect()
        .top()
}

fn shows(harness: &Harness<'_, App>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn a_question_slide_shows_the_whole_package_then_what_changed_first() {
    let steps = steps();
    // The first question step that flips lines and leaves some open only by silence.
    let (index, before, now) = (1..steps.len())
        .filter(|&i| steps[i].question.is_some())
        .map(|i| (i, document(&steps[i - 1]), document(&steps[i])))
        .find(|(_, before, now)| {
            let t = Triage::new(&now.evaluate(), Some(&before.evaluate()), false, |_, _| {
                true
            });
            t.rows.iter().any(|r| r.was.is_some()) && !t.silent.is_empty()
        })
        .expect("the example briefing has such a step");
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, common::harness::example_briefing_key());
    harness.run();
    press(&mut harness, Key::F5);
    for _ in 0..index {
        press(&mut harness, Key::ArrowRight);
    }
    assert_eq!(
        harness.state().presenting().expect("presenting").index,
        index
    );

    // Before the reveal: every position and its pick, whole and on screen.
    let screen = harness.ctx.content_rect();
    for position in &now.model.positions {
        let pick = now.pick(&position.id).expect("a pick");
        let line = format!("{}: {}", position.title, position.describe_pick(pick));
        let node = harness
            .query_by_label(&line)
            .unwrap_or_else(|| panic!("{line:?} is on the question slide"));
        assert!(screen.contains_rect(node.rect()), "{line:?} is on screen");
    }
    let cut: Vec<String> = harness
        .output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Text(t) if t.galley.elided => Some(t.galley.text().to_owned()),
            _ => None,
        })
        .collect();
    assert!(cut.is_empty(), "nothing on the slide is cut: {cut:?}");
    assert!(
        top_of(&harness, "Changed since the last step:") < top_of(&harness, "Unchanged:"),
        "what changed is listed first"
    );

    // Revealed: the changed lines first, the silent ones one row.
    press(&mut harness, Key::Space);
    let (b, e) = (before.evaluate(), now.evaluate());
    let triage = Triage::new(&e, Some(&b), false, |_, _| true);
    let fold = top_of(&harness, SILENT);
    let summary = triage.silent_summary(&now.model, &e).expect("silent lines");
    assert!(shows(&harness, &summary), "the row counts them: {summary}");
    let mut changed = 0;
    for row in &triage.rows {
        let title = &now.model.red_lines[row.index].title;
        let top = top_of(&harness, title);
        assert!(top < fold, "{title} is listed above the folded row");
        if row.was.is_some() {
            changed += 1;
            for other in triage.rows.iter().filter(|r| r.was.is_none()) {
                let unchanged = &now.model.red_lines[other.index].title;
                assert!(
                    top < top_of(&harness, unchanged),
                    "{title} changed, so it comes before {unchanged}"
                );
            }
        }
    }
    assert!(changed > 0);
    let folded: Vec<&String> = triage
        .silent
        .iter()
        .map(|&i| &now.model.red_lines[i].title)
        .filter(|title| {
            !triage
                .rows
                .iter()
                .any(|r| &&now.model.red_lines[r.index].title == title)
        })
        .collect();
    assert!(!folded.is_empty());
    for title in &folded {
        assert!(!shows(&harness, title), "{title} waits inside the fold");
    }
    harness
        .query_all_by_label_contains(SILENT)
        .next()
        .expect("the fold")
        .click();
    harness.run();
    for title in &folded {
        assert!(shows(&harness, title), "{title} is listed once opened");
    }
}

#[test]
fn the_red_lines_tab_lists_what_a_change_flipped_first_and_folds_silent_lines() {
    let mut harness = harness();
    let titles = bundled::example_titles();
    let compromise = titles
        .iter()
        .position(|t| t.contains("U.S. compromise"))
        .expect("the U.S. compromise is an example");
    harness.key_press_modifiers(
        Modifiers::COMMAND,
        Key::from_name(&(compromise + 1).to_string()).expect("a digit"),
    );
    harness.run();
    let doc = harness.state().document().clone();
    let before = harness.state().evaluation().clone();

    // Each party with silent lines has one folded row for them, closed.
    for party in &doc.model.parties {
        let t = Triage::new(&before, None, true, |i, _| {
            doc.model.red_lines[i].party == party.id
        });
        if let Some(heading) = t.silent_heading() {
            assert!(shows(&harness, &heading), "{}: {heading}", party.name);
        }
    }
    let silent_title = {
        let t = Triage::new(&before, None, true, |_, _| true);
        doc.model.red_lines[*t.silent.first().expect("the compromise is silent on much")]
            .title
            .clone()
    };
    assert!(!shows(&harness, &silent_title), "folded at first");

    click(&mut harness, "Ukraine withdraws, Russia takes control");
    let now = harness.state().evaluation().clone();
    let mut flipped = 0;
    for party in &doc.model.parties {
        let t = Triage::new(&now, Some(&before), true, |i, _| {
            doc.model.red_lines[i].party == party.id
        });
        let title = |i: usize| doc.model.red_lines[i].title.clone();
        for changed in t.rows.iter().filter(|r| r.was.is_some()) {
            flipped += 1;
            let was = changed.was.expect("changed");
            let changed_title = title(changed.index);
            let row = harness
                .query_all_by_label_contains(&changed_title)
                .find(|n| {
                    n.accesskit_node().label().is_some_and(|l| {
                        l.contains(&format!("was {} {}", was.symbol(), was.as_str()))
                    })
                })
                .unwrap_or_else(|| panic!("{} says what it was", title(changed.index)));
            for other in t.rows.iter().filter(|r| r.was.is_none()) {
                assert!(
                    row.rect().top() < top_of(&harness, &title(other.index)),
                    "{} flipped, so it is listed before {}",
                    title(changed.index),
                    title(other.index)
                );
            }
        }
    }
    assert!(flipped > 0, "the change flips lines");

    // A folded row opens like any other.
    let t = Triage::new(&now, Some(&before), true, |_, _| true);
    let inside = doc.model.red_lines[*t.silent.first().expect("still silent somewhere")]
        .title
        .clone();
    let party = &doc.model.red_lines[t.silent[0]].party;
    let fold = Triage::new(&now, Some(&before), true, |i, _| {
        &doc.model.red_lines[i].party == party
    })
    .silent_heading()
    .expect("a fold");
    assert!(!shows(&harness, &inside));
    harness
        .query_all_by_label_contains(&fold)
        .next()
        .expect("the fold's header")
        .click();
    harness.run();
    assert!(
        shows(&harness, &inside),
        "{inside} shows once the fold opens"
    );
}

#[test]
fn the_stability_tab_teaches_a_small_game_by_showing_it() {
    let mut harness = harness();
    let titles = bundled::example_titles();
    let game = titles
        .iter()
        .position(|t| t.contains("prisoner's dilemma"))
        .expect("the prisoner's dilemma is an example");
    harness.key_press_modifiers(
        Modifiers::COMMAND,
        Key::from_name(&(game + 1).to_string()).expect("a digit"),
    );
    harness.run();
    // A party with no red lines is not "no red line broken ✖ 0 ? 0 ✔ 0".
    assert!(!shows(&harness, "no red line broken"));
    assert_eq!(
        harness
            .query_all_by_label_contains("no red lines in this model")
            .count(),
        2
    );
    assert!(!shows(&harness, "✖ 0"), "no counts of nothing");

    click(&mut harness, "Stability");
    common::harness::wait_for(&mut harness, "What each party wants");
    // The concepts in plain words, the prisoner's dilemma as the case.
    assert!(shows(&harness, "What Nash, GMR, SMR and SEQ mean"));
    assert!(shows(&harness, "Nash: the party has no move of its own"));
    // Each party's order, states by their short names.
    assert!(shows(
        &harness,
        "Packages are named (Suspect A's plea, Suspect B's plea)."
    ));
    assert!(shows(&harness, "Suspect A prefers:"));
    assert!(shows(
        &harness,
        "(Confesses, Stays silent)  >  (Stays silent, Stays silent)  >  (Confesses, Confesses)  >  \
         (Stays silent, Confesses)"
    ));
    // The textbook table: both confessing is the one Nash equilibrium.
    assert!(shows(&harness, "A: Confesses"));
    assert!(shows(
        &harness,
        "A 3, B 3\nequilibrium: Nash, GMR, SMR, SEQ"
    ));
    assert!(shows(
        &harness,
        "A 2, B 2\nequilibrium: GMR, SMR, SEQ\n(the package on the table)"
    ));
    // Why a path leaves a stable package.
    assert!(shows(
        &harness,
        "Stable for a party is not the same as no party moving"
    ));
    assert!(shows(&harness, "To (Confesses, Confesses)"));

    // The drawing: a click on a state puts it on the table.
    click(&mut harness, "Put (Confesses, Confesses) on the table");
    let choices = &harness.state().document().scenario.choices;
    assert_eq!(
        choices.get("a_plea"),
        Some(&redlines::model::Pick::Option("confess".into()))
    );
    assert_eq!(
        choices.get("b_plea"),
        Some(&redlines::model::Pick::Option("confess".into()))
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().document().scenario.choices.get("a_plea"),
        Some(&redlines::model::Pick::Option("silent".into())),
        "one edit, undone"
    );
}

/// "Make this package stable…" asks the inverse question of the package on the table: the
/// Syria–Iraq sheet's own (state 2, Syria's ranking varied).
#[test]
fn the_stability_tab_says_which_rankings_would_make_the_package_stable() {
    let mut harness = harness();
    let titles = bundled::example_titles();
    let case = titles
        .iter()
        .position(|t| t.contains("Euphrates") && t.contains("rankings"))
        .expect("the Syria-Iraq case is an example");
    harness.key_press_modifiers(
        Modifiers::COMMAND,
        Key::from_name(&(case + 1).to_string()).expect("a digit"),
    );
    harness.run();
    click(&mut harness, "Stability");
    common::harness::wait_for(&mut harness, "What each party wants");
    // State 2 on the table: Syria releases water, nobody escalates or attacks.
    click(&mut harness, "Put (Yes, No, No) on the table");
    // The analysis of the new package, not the last one's greyed while it runs.
    common::harness::wait_for(
        &mut harness,
        "This package is no equilibrium under any concept.",
    );
    click(&mut harness, "Make this package stable…");
    assert!(!shows(&harness, "Working it out…"), "nothing asked yet");
    click(&mut harness, "Syria's ranking");
    common::harness::wait_for(
        &mut harness,
        "GMR: 384 of 720 rankings of Syria's make it an equilibrium (it is not one now).",
    );
    for counted in [
        "Nash: 240 of 720 rankings of Syria's",
        "SMR: 300 of 720 rankings of Syria's",
        "SEQ: 384 of 720 rankings of Syria's",
    ] {
        assert!(shows(&harness, counted), "{counted}");
    }
    assert!(shows(
        &harness,
        "Nearest change: 1 swap of neighbours in Syria's ranking: move (Yes, No, No) above \
         (No, Yes, Yes)."
    ));
    // Varying Iraq instead cannot help: Syria, as Table 3 ranks, leaves for the status quo or
    // escalation whatever Iraq prefers.
    click(&mut harness, "Iraq's ranking");
    common::harness::wait_for(&mut harness, "Nash: 0 of 720 rankings of Iraq's");
    assert!(shows(
        &harness,
        "No ranking of Iraq's will do: Syria would move away whatever Iraq prefers."
    ));
    assert!(!shows(&harness, "Nearest change: none"), "said once");
    // Back to Syria: GMR's condition, one part a line (the sheet's pair rule).
    click(&mut harness, "Syria's ranking");
    common::harness::wait_for(&mut harness, "GMR: 384 of 720");
    assert!(shows(
        &harness,
        "• either rank (Yes, No, No) above (No, No, No); or rank (Yes, No, No) above (No, No, Yes)"
    ));
}

#[test]
fn explore_lists_packages_as_a_table_of_what_differs() {
    let mut harness = harness();
    click(&mut harness, "Explore deals");
    common::harness::wait_for(&mut harness, "Load closest package 1");
    // Per package its parties' counts, in words for whoever cannot see the colours, and the
    // positions that differ (as a table where whole words fit across, else as blocks).
    assert!(!shows(&harness, "Changes from now"), "no paragraphs");
    let doc = harness.state().document().clone();
    let ua = &doc.model.parties[0].short;
    assert!(
        harness
            .query_all_by_label_contains(&format!("{ua}: "))
            .any(|n| n
                .accesskit_node()
                .value()
                .or_else(|| n.accesskit_node().label())
                .is_some_and(|l| l.contains(" broken, ") && l.ends_with(" uncertain"))),
        "each party's counts say what they count"
    );
    // A column per position that differs somewhere; the rest said once, above.
    assert!(shows(
        &harness,
        "As on the table now, in every package listed:"
    ));
    let shared = harness
        .query_all_by_label_contains("As on the table now, in every package listed:")
        .next()
        .and_then(|n| {
            n.accesskit_node()
                .value()
                .or_else(|| n.accesskit_node().label())
        })
        .expect("the shared line");
    let headers = doc
        .model
        .positions
        .iter()
        .filter(|p| !shared.contains(&format!("{}: ", p.title)))
        .count();
    assert!(headers > 0);
    for position in &doc.model.positions {
        let in_line = shared.contains(&format!("{}: ", position.title));
        // Its header is a second label of that title, beside the positions panel's own.
        let labels = harness.query_all_by_label(&position.title).count();
        assert_eq!(
            labels >= 2,
            !in_line,
            "{}: a column, or said once above the table",
            position.title
        );
    }
}

#[test]
fn an_explore_step_on_a_slide_is_read_only_and_slide_sized() {
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = document(&steps()[0]);
    let mut step = Step::inline(&doc);
    step.show = redlines::model::briefing::Show::Explore;
    let mut briefing = redlines::model::briefing::Briefing::new("Explore on a slide");
    briefing.steps.push(step);
    let path = dir.path().join("explore.briefing.ron");
    std::fs::write(
        &path,
        redlines::model::briefing::briefing_to_ron(&briefing).expect("ron"),
    )
    .expect("write");
    let mut harness = harness();
    harness.state_mut().open_briefing_path(&path);
    harness.run();
    press(&mut harness, Key::F5);
    assert!(harness.state().is_presenting());
    common::harness::wait_for(&mut harness, "Closest package 1");
    for n in harness.query_all_by_label_contains("package") {
        eprintln!(
            "{:?} {:?}",
            n.accesskit_node().label(),
            n.accesskit_node().value()
        );
    }
    // The settings in words, the packages by name: nothing to click on the room's screen.
    assert!(shows(&harness, "Must accept: "));
    assert!(shows(
        &harness,
        "Uncertain red lines count as unacceptable."
    ));
    assert!(
        harness
            .query_all_by_role(egui::accesskit::Role::CheckBox)
            .next()
            .is_none(),
        "no live checkboxes on a slide"
    );
    assert!(harness.query_by_label("Load closest package 1").is_none());
    // Slide-sized type: bigger than the desktop's.
    let size = harness
        .output()
        .shapes
        .iter()
        .find_map(|c| match &c.shape {
            egui::Shape::Text(t)
                if t.galley.text()
                    == "No package is acceptable to every party that must accept." =>
            {
                t.galley.job.sections.first().map(|s| s.format.font_id.size)
            }
            _ => None,
        })
        .expect("the answer is painted");
    assert!(
        size > redlines::ui::widgets::theme::text_size::TITLE,
        "at slide size: {size}"
    );
}
