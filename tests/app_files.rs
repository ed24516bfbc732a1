//! Issue 7 in the window: saving keeps the user's text, autosave belongs to one running window,
//! changes made on disk are never overwritten silently, and big models keep the window responsive.

mod common;

use std::path::{Path, PathBuf};

use common::harness::{
    answer_path_prompt, autosaves, click, harness, harness_in, leave_and_return, request_close,
    save_shortcut,
};
use egui_kittest::kittest::{NodeT, Queryable};
use redlines::model::Pick;
use redlines::ui::modal::Modal;

const COMMENTED: &str = r#"// Seminar 3: our group's reading of the U.S. offer.
(
    format_version: 1,
    title: "Our reading", // a working title
    model: Bundled(id: "berlin-2025-12", version: 2),
    choices: {
        "accountability": Option("none"),
        "army_cap": Value(800000.0), // the European figure
        "ceasefire_monitoring": Option("us_led"),
        "ceasefire_timing": Option("with_settlement"),
        "donbas": Option("free_economic_zone"),
        "guarantees": Option("legally_binding"),
        "multinational_force": Option("inside_ukraine"),
        "nato": Option("left_open"),
        "recognition": Option(/* still arguing */ "none"),
        "reconstruction": Option("funds_assets_immobilized"),
        "us_troops": Option("no"),
    },
)
"#;

fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn recognition(harness: &egui_kittest::Harness<'_, redlines::ui::app::App>) -> Option<Pick> {
    harness.state().document().pick("recognition").cloned()
}

#[test]
fn saving_a_commented_file_changes_only_the_picked_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "ours.ron", COMMENTED);
    let mut harness = harness();
    harness.state_mut().open_path(&path);
    harness.run();
    click(&mut harness, "Securing skies and seas only");
    save_shortcut(&mut harness);
    assert!(harness.state().modal().is_none());
    assert!(!harness.state().is_dirty());
    let expected = COMMENTED.replacen(
        "Option(\"inside_ukraine\")",
        "Option(\"skies_and_seas\")",
        1,
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), expected);
}

#[test]
fn a_save_that_would_remove_a_comment_asks_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "ours.ron", COMMENTED);
    let mut harness = harness();
    harness.state_mut().open_path(&path);
    harness.run();
    // The recognition pick has a comment inside its value, so rewriting it drops that comment.
    click(&mut harness, "Legal recognition");
    save_shortcut(&mut harness);
    assert!(
        harness
            .query_by_label_contains("will remove 1 comment")
            .is_some(),
        "the user is told before a comment goes"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), COMMENTED);
    click(&mut harness, "Cancel");
    assert!(harness.state().is_dirty());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), COMMENTED);

    save_shortcut(&mut harness);
    click(&mut harness, "Save and remove the comment");
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(
        saved.contains("\"recognition\": Option(\"legal\")"),
        "{saved}"
    );
    assert!(saved.contains("// the European figure"), "{saved}");
    assert!(!harness.state().is_dirty());
}

#[test]
fn two_windows_keep_separate_autosaves_and_never_touch_each_others() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut first = harness_in(data.path());
    click(&mut first, "Legal recognition");
    let first_copy = autosaves(data.path());
    assert_eq!(first_copy.len(), 1, "the first window's crash copy");

    // A second window starts while the first still runs: nothing to restore.
    let mut second = harness_in(data.path());
    assert!(
        second.state().modal().is_none(),
        "the first window is running, it did not crash"
    );
    click(&mut second, "De facto recognition");
    assert_eq!(autosaves(data.path()).len(), 2, "one copy per window");

    // The second quits and discards its work: only its own copy goes.
    request_close(&mut second);
    second.run();
    click(&mut second, "Discard");
    assert_eq!(autosaves(data.path()), first_copy);
    drop(second);

    // The first keeps autosaving into its copy.
    click(&mut first, "Including operations inside Ukraine");
    let text = std::fs::read_to_string(&first_copy[0]).expect("read copy");
    assert!(text.contains("inside_ukraine"), "{text}");

    // It crashes; the next window offers its work back.
    drop(first);
    let mut third = harness_in(data.path());
    assert!(matches!(
        third.state().modal(),
        Some(Modal::RestoreAutosave(_))
    ));
    click(&mut third, "Restore");
    assert_eq!(recognition(&third), Some(Pick::Option("legal".into())));
    assert_eq!(
        third.state().document().pick("multinational_force"),
        Some(&Pick::Option("inside_ukraine".into()))
    );
}

/// `to` written relative to the current folder, the way a user types it.
fn relative_to_cwd(to: &Path) -> PathBuf {
    let cwd = std::env::current_dir().expect("cwd");
    let mut rel = PathBuf::new();
    for _ in cwd.components().skip(1) {
        rel.push("..");
    }
    rel.join(to.strip_prefix("/").expect("absolute"))
}

#[test]
fn autosave_remembers_the_real_file_and_restore_notices_it_changed() {
    let data = tempfile::tempdir().expect("temp dir");
    let work = tempfile::tempdir().expect("temp dir");
    let file = write_file(work.path(), "us.ron", COMMENTED);
    let canonical = std::fs::canonicalize(&file).expect("canonical");
    let typed = relative_to_cwd(&file);
    assert!(typed.is_relative());

    let mut first = harness_in(data.path());
    first.state_mut().open_path(&typed);
    first.run();
    assert_eq!(first.state().path(), Some(canonical.as_path()));
    click(&mut first, "De facto recognition");
    let copy = std::fs::read_to_string(&autosaves(data.path())[0]).expect("copy");
    assert!(
        copy.contains(&canonical.display().to_string()),
        "the copy names the file by its absolute path: {copy}"
    );
    drop(first);

    // After the crash, someone edits the file itself.
    let theirs = COMMENTED.replacen("Our reading", "Their reading", 1);
    std::fs::write(&file, &theirs).expect("write");

    let mut second = harness_in(data.path());
    assert!(
        second
            .query_by_label_contains("has changed since this copy was made")
            .is_some(),
        "said before choosing"
    );
    click(&mut second, "Restore");
    assert_eq!(second.state().path(), Some(canonical.as_path()));
    assert_eq!(recognition(&second), Some(Pick::Option("de_facto".into())));
    assert!(second.state().is_dirty());
    assert!(
        second
            .query_by_label_contains("has changed on disk since")
            .is_some(),
        "the user is told the file changed"
    );
    // Saving does not silently overwrite their edit.
    save_shortcut(&mut second);
    assert!(matches!(
        second.state().modal(),
        Some(Modal::ChangedOnDisk { .. })
    ));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), theirs);
}

#[test]
fn save_asks_before_overwriting_a_file_changed_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "ours.ron", COMMENTED);
    let mut harness = harness();
    harness.state_mut().open_path(&path);
    harness.run();
    click(&mut harness, "De facto recognition");
    let theirs = COMMENTED.replacen("Our reading", "Their reading", 1);
    std::fs::write(&path, &theirs).expect("someone else saves");

    save_shortcut(&mut harness);
    assert!(
        harness
            .query_by_label_contains("has changed on disk since you opened")
            .is_some()
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);

    // Reload takes their version; undo brings back the work.
    click(&mut harness, "Reload from disk");
    assert_eq!(harness.state().document().scenario.title, "Their reading");
    assert_eq!(recognition(&harness), Some(Pick::Option("none".into())));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(recognition(&harness), Some(Pick::Option("de_facto".into())));

    // Overwrite, once asked, saves ours over theirs; the comment inside the changed value
    // is the one thing it cannot keep, and it asks about that too.
    std::fs::write(&path, COMMENTED).expect("they change it again");
    save_shortcut(&mut harness);
    click(&mut harness, "Overwrite");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), COMMENTED);
    click(&mut harness, "Save and remove the comment");
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(
        saved.contains("\"recognition\": Option(\"de_facto\")"),
        "{saved}"
    );
    assert!(!harness.state().is_dirty());
}

#[test]
fn coming_back_to_the_window_offers_to_reload_a_changed_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "ours.ron", COMMENTED);
    let mut harness = harness();
    harness.state_mut().open_path(&path);
    harness.run();

    leave_and_return(&mut harness);
    assert!(harness.state().modal().is_none(), "nothing changed yet");

    std::fs::write(&path, COMMENTED.replacen("Our reading", "Their reading", 1))
        .expect("edited elsewhere");
    leave_and_return(&mut harness);
    assert!(
        harness
            .query_by_label_contains("has changed on disk since you opened")
            .is_some()
    );
    click(&mut harness, "Reload from disk");
    assert_eq!(harness.state().document().scenario.title, "Their reading");
    assert!(!harness.state().is_dirty());
}

/// A window with a generated model of this many positions and red lines open.
fn generated(
    dir: &Path,
    positions: usize,
    red_lines: usize,
) -> egui_kittest::Harness<'static, redlines::ui::app::App> {
    generated_shape(
        dir,
        redlines::model::generate::Shape {
            positions,
            options: 3,
            red_lines,
            parties: 4,
            seed: 1,
        },
    )
}

fn generated_shape(
    dir: &Path,
    shape: redlines::model::generate::Shape,
) -> egui_kittest::Harness<'static, redlines::ui::app::App> {
    generated_shape_in(harness(), dir, shape)
}

/// [`generated_shape`], opened in `harness`.
fn generated_shape_in(
    mut harness: egui_kittest::Harness<'static, redlines::ui::app::App>,
    dir: &Path,
    shape: redlines::model::generate::Shape,
) -> egui_kittest::Harness<'static, redlines::ui::app::App> {
    let scenario = redlines::model::generate::synthetic_scenario(shape);
    let path = dir.join("generated.ron");
    redlines::model::io::save_scenario(&path, &scenario).expect("save");
    harness.state_mut().open_path(&path);
    harness.step();
    // Warnings may be said (a random red line may be one no package can break); no errors.
    assert!(harness.state().problems().is_none_or(|p| !p.is_error));
    harness
}

/// Steps the window until the what-if badges are worked out.
fn wait_for_badges(harness: &mut egui_kittest::Harness<'_, redlines::ui::app::App>) {
    for _ in 0..3000 {
        harness.step();
        if !harness.state().what_if_pending() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the badges never arrived");
}

#[test]
fn what_if_badges_on_a_big_model_are_computed_off_the_ui_thread() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = generated(dir.path(), 2000, 8000);
    // Wait for the badges of the file as opened, then click the first position's third option.
    wait_for_badges(&mut harness);
    let before = harness.state().document().pick("p0").cloned();
    let target = if before == Some(Pick::Option("o2".into())) {
        "Option 1"
    } else {
        "Option 2"
    };
    harness
        .get_all_by_label(target)
        .next()
        .expect("an option of the first position")
        .click();
    harness.step();
    assert_ne!(harness.state().document().pick("p0").cloned(), before);
    assert!(
        harness.state().what_if_pending(),
        "the click returns before the badges are worked out"
    );
    wait_for_badges(&mut harness);
    let doc = harness.state().document().clone();
    let space =
        redlines::model::deal_space::Space::new(&doc.model, &Default::default()).expect("space");
    let current = space
        .package_of(&doc.scenario.choices)
        .expect("current package");
    assert_eq!(
        harness.state().what_if(),
        redlines::model::deal_space::what_if(&space, &current).as_slice(),
        "for the current choices"
    );
}

#[test]
fn a_cancelled_search_shows_what_it_found_marked_partial() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A model whose acceptable packages are found at once but counted in seconds (a minute
    // in a debug build): the grid's 48 × 5 × 120, seed 1.
    let mut harness = generated_shape(
        dir.path(),
        redlines::model::generate::Shape {
            positions: 48,
            options: 5,
            red_lines: 120,
            parties: 4,
            seed: 1,
        },
    );
    harness.run();
    harness.get_by_label("Explore deals").click();
    common::harness::wait_for(&mut harness, "Cancel search");
    // The first answers show while the count goes on.
    common::harness::wait_for(&mut harness, "Load package 1");
    assert!(harness.query_by_label("Cancel search").is_some());
    assert!(
        harness
            .query_by_label("Not plotted yet: the search is still going.")
            .is_some(),
        "a search under way is not said to have stopped"
    );
    harness.get_by_label("Cancel search").click();
    common::harness::wait_for(&mut harness, "Partial result");
    assert!(
        harness
            .query_by_label_contains("packages; at least")
            .is_some(),
        "the count says it is a lower bound"
    );
    assert!(harness.query_by_label("Search again").is_some());
}

#[test]
fn a_search_too_long_to_finish_answers_between_bounds_and_can_search_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Eighty positions of five options, 200 red lines: minutes of counting. The window's
    // time limit is one second here (ten unless set).
    let harness = common::harness::harness_with(redlines::ui::app::AppConfig {
        search_time_limit: Some(std::time::Duration::from_secs(1)),
        ..Default::default()
    });
    let mut harness = generated_shape_in(
        harness,
        dir.path(),
        redlines::model::generate::Shape {
            positions: 80,
            options: 5,
            red_lines: 200,
            parties: 4,
            seed: 104888,
        },
    );
    // A narrow window: the progress line wraps rather than push Cancel out of reach.
    harness.set_size(egui::vec2(1000.0, 760.0));
    harness.run();
    harness.get_by_label("Explore deals").click();
    common::harness::wait_for(&mut harness, "(it stops after 1 s with what it has)");
    let cancel = harness
        .get_by_label("Cancel search")
        .accesskit_node()
        .raw_bounds()
        .expect("on screen");
    assert!(cancel.x1 <= 1000.0, "Cancel inside the window: {cancel:?}");
    // Stopped by its time, not by a click: between proven bounds, and it says why.
    common::harness::wait_long_for(&mut harness, "Partial result: the search stopped after 1 s");
    assert!(
        common::harness::texts(&harness, "and at most")
            .iter()
            .any(|text| text.contains("at least") && text.contains("acceptable")),
        "the count it could not finish has a proven upper bound beside the lower"
    );
    assert!(harness.query_by_label("Search again").is_none());
    assert!(
        common::harness::texts(&harness, "closest packages").is_empty(),
        "no closest packages are looked for where packages are acceptable, so none are mentioned"
    );
    // Searching on: no limit now, so it is still going after more than the second, until
    // cancelled.
    harness
        .get_by_label("Search on without a time limit")
        .click();
    common::harness::wait_for(&mut harness, "Cancel search");
    assert!(
        harness.query_by_label_contains("it stops after").is_none(),
        "no limit said while searching on"
    );
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_millis(2500) {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        harness.query_by_label("Cancel search").is_some(),
        "still searching after the limit's second"
    );
    harness.get_by_label("Cancel search").click();
    common::harness::wait_long_for(&mut harness, "Partial result: the search was cancelled");
    assert!(harness.query_by_label("Search again").is_some());
}

#[test]
fn work_that_is_no_longer_unsaved_leaves_no_crash_copy() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_in(data.path());
    click(&mut harness, "Legal recognition");
    assert_eq!(autosaves(data.path()).len(), 1);
    // Undo back to the file as it was: nothing is unsaved, so nothing stale may be restored.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(!harness.state().is_dirty());
    assert!(autosaves(data.path()).is_empty());
}

#[test]
fn notes_over_several_lines_save_without_touching_the_rest_of_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "ours.ron", COMMENTED);
    let mut harness = harness();
    harness.state_mut().open_path(&path);
    harness.run();
    click(&mut harness, "Edit");
    click(&mut harness, "Scenario details…");
    harness.get_by_label("Notes").focus();
    harness.run();
    harness.get_by_label("Notes").type_text("First point.");
    harness.key_press(egui::Key::Enter);
    harness.get_by_label("Notes").type_text("Second \"point\".");
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    save_shortcut(&mut harness);
    assert!(
        harness.state().modal().is_none(),
        "nothing of the file is lost"
    );
    let saved = std::fs::read_to_string(&path).expect("read");
    let expected = COMMENTED.replacen(
        "    },\n)\n",
        "    },\n    notes: r#\"First point.\nSecond \"point\".\"#,\n)\n",
        1,
    );
    assert_eq!(saved, expected);
}

#[test]
fn keeping_this_version_over_a_change_on_disk_leaves_it_unsaved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "ours.ron", COMMENTED);
    let mut harness = harness();
    harness.state_mut().open_path(&path);
    harness.run();
    std::fs::write(&path, COMMENTED.replacen("Our reading", "Their reading", 1))
        .expect("edited elsewhere");
    leave_and_return(&mut harness);
    click(&mut harness, "Keep this version");
    assert!(
        harness.state().is_dirty(),
        "the file holds something else now, so quitting must ask"
    );
    leave_and_return(&mut harness);
    assert!(
        harness.state().modal().is_none(),
        "the same change is not asked about twice"
    );
}

#[test]
fn a_file_moved_away_is_said_and_saving_writes_it_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "ours.ron", COMMENTED);
    let mut harness = harness();
    harness.state_mut().open_path(&path);
    harness.run();
    std::fs::remove_file(&path).expect("moved away");
    leave_and_return(&mut harness);
    assert!(
        harness
            .query_by_label_contains("was moved or deleted")
            .is_some()
    );
    save_shortcut(&mut harness);
    assert_eq!(
        std::fs::read_to_string(&path).expect("written again"),
        COMMENTED
    );
    assert!(
        harness.state().problems().is_none(),
        "the notice goes once it no longer holds"
    );
}

#[test]
fn save_as_asks_for_a_path_in_the_window_where_no_file_dialog_exists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "ours.ron", COMMENTED);
    let mut harness = harness();
    harness.state_mut().open_path(&path);
    harness.run();
    click(&mut harness, "Securing skies and seas only");
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    harness.run();
    let copy = dir.path().join("copy.ron");
    harness.get_by_label("File path").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("File path")
        .type_text(&copy.display().to_string());
    harness.run();
    click(&mut harness, "Save");
    let saved = std::fs::read_to_string(&copy).expect("saved under the new name");
    assert!(
        saved.starts_with("// Seminar 3"),
        "the comments come along: {saved}"
    );
    assert!(saved.contains("Option(\"skies_and_seas\")"), "{saved}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        COMMENTED,
        "the original is untouched"
    );
    assert_eq!(
        harness.state().path(),
        Some(copy.canonicalize().expect("exists").as_path())
    );
    assert!(!harness.state().is_dirty());
}

/// Two windows crash with unsaved work: each copy is restored on its own, the second never
/// replaces the first's restored work without asking, and no copy is removed before its work
/// is safe (issue 22, point 8).
#[test]
fn two_crash_copies_are_each_restored_and_none_is_lost() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut a = harness_in(data.path());
    click(&mut a, "Legal recognition");
    let mut b = harness_in(data.path());
    click(&mut b, "De facto recognition");
    assert_eq!(autosaves(data.path()).len(), 2);
    drop(a);
    drop(b);

    // The next window offers the first copy; restored, it is this window's unsaved work.
    let mut third = harness_in(data.path());
    click(&mut third, "Restore");
    let first = recognition(&third);
    assert!(third.state().is_dirty());
    assert!(
        matches!(third.state().modal(), Some(Modal::RestoreAutosave(_))),
        "the second copy is offered next"
    );
    // The first copy went only once this window's own copy held the work.
    assert_eq!(autosaves(data.path()).len(), 2, "the second copy, and ours");
    assert!(
        third
            .query_all_by_label_contains("This window holds unsaved work of its own")
            .next()
            .is_some()
    );

    // Restoring the second here asks about the first's work first; Cancel asks again.
    click(&mut third, "Restore");
    assert!(matches!(third.state().modal(), Some(Modal::SaveChanges(_))));
    click(&mut third, "Cancel");
    assert!(matches!(
        third.state().modal(),
        Some(Modal::RestoreAutosave(_))
    ));
    assert_eq!(recognition(&third), first, "nothing replaced");

    // Kept for later: it stays on disk for another window, which restores it.
    click(&mut third, "Keep for later");
    assert!(third.state().modal().is_none());
    assert_eq!(recognition(&third), first);
    let mut fourth = harness_in(data.path());
    assert!(matches!(
        fourth.state().modal(),
        Some(Modal::RestoreAutosave(_))
    ));
    click(&mut fourth, "Restore");
    let second = recognition(&fourth);
    let both = [first.clone(), second.clone()];
    assert!(
        both.contains(&Some(Pick::Option("legal".into())))
            && both.contains(&Some(Pick::Option("de_facto".into()))),
        "each window's work is back: {both:?}"
    );
    assert_eq!(recognition(&third), first, "the first stays where it was");
}

/// Issue 24, point 7: the teaching example, whose model is a file of its own, is in File → Open
/// example, opens whole (its model and source text come with the app), and saved anywhere it is
/// one file that opens again.
#[test]
fn the_teaching_example_opens_from_the_menu_and_saves_as_one_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness();
    click(&mut harness, "File");
    click(&mut harness, "Open example");
    harness
        .get_by_label_contains("Riverside: the council's opening offer")
        .click();
    harness.run();
    let doc = harness.state().document().clone();
    assert_eq!(
        doc.scenario.title,
        "Riverside: the council's opening offer (teaching example)"
    );
    assert!(
        harness.state().problems().is_none_or(|p| !p.is_error),
        "it opens cleanly: {:?}",
        harness.state().problems()
    );
    assert_eq!(
        doc.model.parties.len(),
        4,
        "the council, union, riders, chamber"
    );
    assert!(
        doc.model.sources.iter().all(|s| s.content.get().is_some()),
        "its source text came with it"
    );
    assert!(
        !harness.state().is_dirty(),
        "an example opened is not a change"
    );

    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    harness.run();
    let copy = dir.path().join("riverside.ron");
    answer_path_prompt(&mut harness, &copy, "Save");
    let reopened = redlines::model::io::load_scenario(&copy).expect("the copy opens alone");
    assert_eq!(reopened.document.scenario.title, doc.scenario.title);
    assert_eq!(reopened.document.model.parties, doc.model.parties);
    assert_eq!(reopened.document.scenario.choices, doc.scenario.choices);
}
