//! The app driven the way a user drives it: by the labels on screen.

mod common;

use common::harness::{autosaves, click, harness, harness_in, request_close, wait_for};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use redlines::model::Verdict;
use redlines::ui::app::App;
use redlines::ui::modal::{Guarded, Modal};

fn verdict(harness: &Harness<'_, App>, red_line: &str) -> Verdict {
    harness
        .state()
        .evaluation()
        .verdict_of(red_line)
        .expect("red line exists")
        .verdict
}

/// The matrix row on screen for a red line title, read back as its verdict word.
fn row_label(harness: &Harness<'_, App>, title: &str) -> String {
    let rows: Vec<String> = harness
        .query_all_by_label_contains(title)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| ["✔", "✖", "?"].iter().any(|s| l.starts_with(s)))
        .collect();
    assert_eq!(rows.len(), 1, "one matrix row for {title:?}: {rows:?}");
    rows[0].clone()
}

#[test]
fn picking_operations_inside_ukraine_breaks_russias_line_and_undo_restores_it() {
    let mut harness = harness();
    assert_eq!(verdict(&harness, "ru_no_nato_personnel"), Verdict::Holds);
    assert!(row_label(&harness, "No NATO military personnel in Ukraine").starts_with("✔ holds"));

    click(&mut harness, "Including operations inside Ukraine");
    assert_eq!(verdict(&harness, "ru_no_nato_personnel"), Verdict::Breaks);
    assert!(row_label(&harness, "No NATO military personnel in Ukraine").starts_with("✖ breaks"));
    assert!(harness.state().is_dirty());
    assert!(harness.state().window_title().starts_with("● "));

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(verdict(&harness, "ru_no_nato_personnel"), Verdict::Holds);
    assert!(row_label(&harness, "No NATO military personnel in Ukraine").starts_with("✔ holds"));
    assert!(!harness.state().is_dirty());

    // And redo brings it back.
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_eq!(verdict(&harness, "ru_no_nato_personnel"), Verdict::Breaks);
}

#[test]
fn moving_the_troop_cap_below_800000_breaks_the_european_line() {
    let mut harness = harness();
    // The new scenario starts with no cap; switch the cap on, then set it below 800,000.
    click(&mut harness, "No cap");
    assert_eq!(verdict(&harness, "eu_army_800k"), Verdict::Holds);
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::Slider,
            "Cap on Ukraine's armed forces",
        )
        .set_value_accesskit(790_000.0);
    harness.run();
    assert_eq!(verdict(&harness, "eu_army_800k"), Verdict::Breaks);
    assert!(
        row_label(&harness, "Ukraine's army stays at 800,000 in peacetime").starts_with("✖ breaks")
    );
    assert!(harness.query_by_label("Now: 790,000 troops").is_some());

    harness
        .get_by_role_and_label(
            egui::accesskit::Role::Slider,
            "Cap on Ukraine's armed forces",
        )
        .set_value_accesskit(800_000.0);
    harness.run();
    assert_eq!(verdict(&harness, "eu_army_800k"), Verdict::Holds);
}

/// Clicks every row that folds the lines uncertain only because the package is silent; how many.
fn toggle_silent_folds(harness: &mut Harness<'_, App>) -> usize {
    let silent = "uncertain only because the package is silent";
    let folds = harness.query_all_by_label_contains(silent).count();
    // Two parties' folds may read the same: each clicked by its place, not its words.
    for k in 0..folds {
        harness
            .query_all_by_label_contains(silent)
            .nth(k)
            .expect("the fold")
            .click();
        harness.run();
    }
    folds
}

#[test]
fn each_example_file_shows_the_same_verdicts_as_the_cli() {
    // Tall enough that every row, the folded ones opened, is drawn at once.
    let settings = redlines::ui::platform::files::Settings::default();
    let app = App::new(redlines::ui::app::AppConfig::default(), settings.clone());
    let mut harness = Harness::builder()
        .with_size([1280.0, 2400.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    redlines::ui::setup_context(&harness.ctx, &settings);
    harness.run();
    for path in common::scenario_paths() {
        harness.state_mut().open_path(&path);
        harness.run();
        assert!(
            harness.state().problems().is_none(),
            "{}: {:?}",
            path.display(),
            harness.state().problems()
        );
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_redlines"))
            .args([
                "evaluate",
                path.to_str().expect("utf-8 path"),
                "--format",
                "json",
            ])
            .output()
            .expect("the CLI runs");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        // Lines uncertain only because the package is silent are folded: opened, as a student
        // who wants every line would, and folded again after.
        let folds = toggle_silent_folds(&mut harness);
        let mut compared = 0;
        for party in json["parties"].as_array().expect("parties") {
            for line in party["red_lines"].as_array().expect("red lines") {
                let title = line["title"].as_str().expect("title");
                let word = line["verdict"].as_str().expect("verdict");
                let on_screen = row_label(&harness, title);
                assert!(
                    on_screen.contains(word),
                    "{}: {title}: CLI says {word}, screen says {on_screen}",
                    path.display()
                );
                compared += 1;
            }
        }
        // Each party card reads its status in words, as many times as parties have it.
        for status in ["would reject", "unclear", "no red line broken"] {
            let expected = json["parties"]
                .as_array()
                .expect("parties")
                .iter()
                .filter(|p| p["status"] == status)
                .count();
            let shown = harness.query_all_by_label_contains(status).count();
            assert_eq!(
                shown,
                expected,
                "{}: cards reading {status}",
                path.display()
            );
        }
        assert_eq!(
            compared,
            harness.state().document().model.red_lines.len(),
            "{}: every red line compared",
            path.display()
        );
        assert_eq!(toggle_silent_folds(&mut harness), folds);
        assert_eq!(harness.state().path(), Some(path.as_path()));
        assert!(!harness.state().is_dirty());
    }
}

#[test]
fn a_broken_file_shows_its_error_and_keeps_the_previous_scenario() {
    let mut harness = harness();
    click(&mut harness, "Including operations inside Ukraine");
    let before = harness.state().document().clone();

    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(\n    format_version: 1,\n    title: 42,\n)").expect("write");
    harness.state_mut().open_path(&broken);
    harness.run();

    assert_eq!(
        harness.state().document(),
        &before,
        "the current scenario is untouched"
    );
    assert!(
        harness.state().is_dirty(),
        "and its unsaved changes are still there"
    );
    let shown = format!("{}:3:12: Expected string", broken.display());
    assert!(
        harness.query_by_label(&shown).is_some(),
        "the error with line:column is on screen"
    );
    assert!(
        harness
            .query_by_label_contains("The scenario on screen is as it was")
            .is_some()
    );

    click(&mut harness, "Dismiss");
    assert!(harness.query_by_label(&shown).is_none());
}

#[test]
fn new_on_a_dirty_scenario_asks_to_save_and_cancel_keeps_the_work() {
    let mut harness = harness();
    click(&mut harness, "Ukraine withdraws, Russia takes control");
    assert!(harness.state().is_dirty());

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    assert_eq!(
        harness.state().modal(),
        Some(&Modal::SaveChanges(Guarded::New))
    );
    assert!(harness.query_by_label("Save changes?").is_some());

    click(&mut harness, "Cancel");
    assert_eq!(harness.state().modal(), None);
    assert_eq!(
        verdict(&harness, "ua_zone_not_russian_control"),
        Verdict::Breaks,
        "the work is still there"
    );

    // Through the menu this time, and discard.
    click(&mut harness, "File");
    click(&mut harness, "New Ctrl+N");
    click(&mut harness, "Discard");
    assert_eq!(harness.state().modal(), None);
    assert!(!harness.state().is_dirty());
    assert_eq!(
        verdict(&harness, "ua_zone_not_russian_control"),
        Verdict::Holds
    );
}

#[test]
fn saving_through_the_modal_writes_the_file_then_opens_the_next() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mine.ron");
    let mut harness = harness();
    let example = &common::scenario_paths()[0];
    std::fs::copy(example, &path).expect("copy");
    harness.state_mut().open_path(&path);
    harness.run();
    click(&mut harness, "Legal recognition");

    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, redlines::ui::command::Command::New);
    harness.run();
    click(&mut harness, "Save");
    assert!(!harness.state().is_dirty());
    assert_eq!(harness.state().path(), None, "New went ahead after saving");
    let saved = redlines::model::io::load_scenario(&path).expect("saved file loads");
    assert_eq!(
        saved.document.pick("recognition"),
        Some(&redlines::model::Pick::Option("legal".into()))
    );
}

#[test]
fn a_slider_drag_is_one_undo_step_and_reset_to_file_returns_to_the_saved_state() {
    let mut harness = harness();
    let example = common::scenario_paths()
        .into_iter()
        .find(|p| p.ends_with("european-joint-statement.ron"))
        .expect("example");
    harness.state_mut().open_path(&example);
    harness.run();
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::Slider,
            "Cap on Ukraine's armed forces",
        )
        .scroll_to_me();
    harness.run();
    let rect = harness
        .get_by_role_and_label(
            egui::accesskit::Role::Slider,
            "Cap on Ukraine's armed forces",
        )
        .rect();
    // Drag the handle from its place to the far left in several moves.
    let start = egui::pos2(rect.left() + rect.width() * 0.8, rect.center().y);
    harness.drag_at(start);
    harness.run();
    for x in [0.6, 0.4, 0.2, 0.0] {
        harness.hover_at(egui::pos2(rect.left() + rect.width() * x, rect.center().y));
        harness.run();
    }
    harness.drop_at(egui::pos2(rect.left(), rect.center().y));
    harness.run();
    assert_eq!(verdict(&harness, "eu_army_800k"), Verdict::Breaks);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        !harness.state().is_dirty(),
        "one undo takes back the whole drag"
    );

    click(&mut harness, "Legal recognition");
    click(&mut harness, "Edit");
    click(&mut harness, "Reset to file");
    assert!(!harness.state().is_dirty());
}

#[test]
fn expanding_a_row_shows_why_the_quote_and_the_source_in_context() {
    let mut harness = harness();
    click(&mut harness, "Including operations inside Ukraine");
    let row = row_label(&harness, "No NATO military personnel in Ukraine");
    click(&mut harness, &row);
    assert!(
        harness
            .query_by_label(
                "Breaks, because the package picks “Including operations inside Ukraine” for \
                 European multinational Ukraine force."
            )
            .is_some(),
        "why, as a sentence"
    );
    // A reported line: the article's words, credited to the article, not to the Kremlin.
    assert!(
        harness
            .query_by_label("As the news explainer reports:")
            .is_some()
    );
    // Set off as a block quote, without quotation marks added around it.
    assert!(harness.query_by_label("The Kremlin has stated its opposition to any scenario involving NATO military personnel stationed in Ukraine.").is_some());
    assert!(
        harness
            .query_by_label(
                "— The news explainer, about the Kremlin: these are not the Kremlin's own words"
            )
            .is_some()
    );
    assert!(harness.query_by_label("— The Kremlin").is_none());
    click(
        &mut harness,
        "Show in source: No NATO military personnel in Ukraine",
    );
    assert!(
        harness
            .query_by_label_contains("This is the central query.")
            .is_some(),
        "the paragraph before the quote"
    );
}

#[test]
fn each_basis_is_presented_as_what_it_is() {
    let mut harness = harness();
    // A stated line: the speaker's own words, credited to them.
    let row = row_label(&harness, "No ceasefire that gives Ukraine a respite");
    click(&mut harness, &row);
    assert!(
        harness
            .query_by_label("— Dmitry Peskov, Kremlin spokesman, as quoted by the news explainer")
            .is_some()
    );
    // An inferred line: the modeller's reading comes first, then the passage it rests on.
    let row = row_label(&harness, "Major funds for Ukraine's reconstruction");
    click(&mut harness, &row);
    assert!(harness.query_by_label("The modeller's reading").is_some());
    assert!(
        harness
            .query_by_label(
                "A commitment of the Joint Statement; treating it as a red line is the \
                 modeller's reading."
            )
            .is_some()
    );
    assert!(
        harness
            .query_by_label("The reading rests on this passage of the news explainer:")
            .is_some()
    );
}

#[test]
fn help_explains_the_data_and_lists_shortcuts() {
    let mut harness = harness();
    click(&mut harness, "Help");
    click(&mut harness, "About the data");
    assert!(
        harness
            .query_by_label_contains("reported: the source's paraphrase")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("news explainer, mid-December 2025")
            .is_some()
    );
    harness.key_press(egui::Key::F1);
    harness.run();
    assert!(
        harness.query_by_label("Zoom in / out").is_some(),
        "the shortcuts window lists egui's own keys"
    );
    assert!(harness.query_by_label("Ctrl+Shift+Z").is_some());
}

#[test]
fn the_charts_tab_draws_without_error() {
    let mut harness = harness();
    click(&mut harness, "Charts");
    assert!(
        harness
            .query_by_label("Sweep: Cap on Ukraine's armed forces")
            .is_some()
    );
}

#[test]
fn autosave_writes_while_dirty_and_is_offered_back_after_a_crash() {
    let data = tempfile::tempdir().expect("temp dir");
    {
        let mut harness = harness_in(data.path());
        harness.get_by_label("Legal recognition").click();
        harness.run();
        assert_eq!(
            autosaves(data.path()).len(),
            1,
            "written on the first dirty frame"
        );
        // Dropped without a clean exit, like a crash.
    }
    let mut harness = harness_in(data.path());
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::RestoreAutosave(_))
    ));
    click(&mut harness, "Restore");
    assert_eq!(
        harness.state().document().pick("recognition"),
        Some(&redlines::model::Pick::Option("legal".into()))
    );
    assert!(harness.state().is_dirty(), "restored work is still unsaved");
}

#[test]
fn clicking_an_acceptable_package_in_explore_loads_it_and_undo_returns() {
    let mut harness = harness();
    harness.get_by_label("Explore deals").click();
    // The search runs on a worker thread; let it finish.
    wait_for(&mut harness, "acceptable to UA, RU, US, EU");
    harness.run();
    assert!(
        harness
            .query_by_label("No package is acceptable to every party that must accept.")
            .is_some()
    );
    assert!(harness.query_by_label_contains("UA: A free economic zone must not mean Russian control  ×  RU: Kyiv relinquishes Donbas").is_some());

    harness
        .get_by_label("Count uncertain red lines as acceptable")
        .click();
    wait_for(&mut harness, "Load package 1");
    harness.run();
    let before = harness.state().document().scenario.clone();
    click(&mut harness, "Load package 1");
    let loaded = harness.state().document().scenario.choices.clone();
    assert_ne!(loaded, before.choices);
    assert_eq!(
        loaded.get("donbas"),
        Some(&redlines::model::Pick::Option("free_economic_zone".into()))
    );
    for party in harness.state().evaluation().parties.iter() {
        assert_eq!(
            party.breaks, 0,
            "{} has a broken red line in an acceptable package",
            party.party
        );
    }
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(harness.state().document().scenario, before);
}

#[test]
fn what_if_badges_and_pins_are_on_the_positions() {
    let mut harness = harness();
    // From the new scenario, Russian control of Donbas breaks two Ukrainian lines and clears one Russian.
    assert!(harness.query_by_label("+2 UA").is_some());
    // Each of these clears a Russian red line but leaves one uncertain: the free economic zone,
    // a NATO commitment short of the constitution, either capped range of the army, and leaving
    // Donbas, NATO or the cap unaddressed (each of those lines could then break or hold).
    let badges = harness.query_all_by(|n| {
        n.role() == egui::accesskit::Role::Label && n.value().as_deref() == Some("−1 RU ?+1 RU")
    });
    assert_eq!(badges.count(), 7);
    click(&mut harness, "Pin Donbas arrangement");
    harness.get_by_label("Explore deals").click();
    wait_for(&mut harness, "Pinned: Donbas arrangement");
    wait_for(&mut harness, "7,776 packages");
}

/// A file dropped on the window, as eframe hands it to the app.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_scenario_file_on_the_window_opens_it() {
    let mut harness = harness();
    let path = common::scenario_paths()
        .into_iter()
        .find(|p| p.ends_with("kremlin-demands.ron"))
        .expect("example");
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    harness.run();
    assert_eq!(harness.state().path(), Some(path.as_path()));
    assert_eq!(
        harness.state().document().scenario.title,
        "The Kremlin's demands, as reported"
    );
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let mut harness = harness();
    click(&mut harness, "Legal recognition");
    request_close(&mut harness);
    harness.run();
    assert_eq!(
        harness.state().modal(),
        Some(&Modal::SaveChanges(Guarded::Quit))
    );
    let cancelled = harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::CancelClose));
    assert!(cancelled || harness.query_by_label("Save changes?").is_some());
    click(&mut harness, "Cancel");
    assert!(harness.state().is_dirty(), "the work is still there");
}

#[test]
fn keyboard_only_picking_works() {
    let mut harness = harness();
    harness.get_by_label("Legal recognition").focus();
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run();
    assert_eq!(verdict(&harness, "ua_no_recognition"), Verdict::Breaks);
    // Shortcuts still work while an option has the focus.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(verdict(&harness, "ua_no_recognition"), Verdict::Holds);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run();
    assert_eq!(verdict(&harness, "ua_no_recognition"), Verdict::Breaks);
    // Tab moves the focus on; Enter picks a focused option too.
    assert!(harness.get_by_label("Legal recognition").is_focused());
    harness.key_press(egui::Key::Tab);
    harness.run();
    assert!(!harness.get_by_label("Legal recognition").is_focused());
    harness.get_by_label("De facto recognition").focus();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().document().pick("recognition"),
        Some(&redlines::model::Pick::Option("de_facto".into()))
    );
}

#[test]
fn discarding_on_quit_leaves_no_autosave_behind() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_in(data.path());
    click(&mut harness, "Legal recognition");
    assert_eq!(autosaves(data.path()).len(), 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    harness.run();
    request_close(&mut harness);
    harness.run();
    click(&mut harness, "Discard");
    assert!(
        autosaves(data.path()).is_empty(),
        "discarded work is not offered back"
    );
}

#[test]
fn open_example_from_the_file_menu() {
    let mut harness = harness();
    click(&mut harness, "File");
    click(&mut harness, "Open example");
    click(&mut harness, "The Kremlin's demands, as reported Ctrl+2");
    assert_eq!(
        harness.state().document().scenario.title,
        "The Kremlin's demands, as reported"
    );
    assert_eq!(
        harness.state().path(),
        None,
        "an example is saved with Save As, not over the bundled copy"
    );
    assert!(!harness.state().is_dirty());
    assert!(
        harness
            .state()
            .window_title()
            .starts_with("The Kremlin's demands, as reported (example)"),
        "an example as it ships is not unsaved work"
    );
    // Changed, it is.
    click(&mut harness, "Securing skies and seas only");
    assert!(
        harness
            .state()
            .window_title()
            .starts_with("● The Kremlin's demands, as reported (not saved)")
    );
}

#[test]
fn scenario_details_edit_the_title_undoably() {
    let mut harness = harness();
    click(&mut harness, "Edit");
    click(&mut harness, "Scenario details…");
    harness.get_by_label("Title").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Title").type_text("My package");
    harness.run();
    assert_eq!(harness.state().document().scenario.title, "My package");
    assert!(harness.state().window_title().contains("My package"));
    // Typing is one undo step; Ctrl+Z in the field belongs to the field, so leave it first.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        harness.state().document().scenario.title,
        "No deal: the status quo"
    );
}

#[test]
fn opening_a_file_at_start_keeps_the_crash_autosave_until_answered() {
    let data = tempfile::tempdir().expect("temp dir");
    {
        let mut harness = harness_in(data.path());
        click(&mut harness, "Legal recognition");
    }
    let autosave = autosaves(data.path()).pop().expect("the crash copy");
    // `redlines FILE` after a crash: the file opens, the old work is still offered.
    let mut harness = harness_in(data.path());
    let example = common::scenario_paths()[0].clone();
    harness.state_mut().open_path(&example);
    harness.run();
    assert!(autosave.exists(), "not deleted before the user answers");
    click(&mut harness, "Discard");
    assert!(!autosave.exists());
    assert_eq!(harness.state().path(), Some(example.as_path()));
}
