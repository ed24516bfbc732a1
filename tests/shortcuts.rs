//! One table of shortcuts (`ui::command::SHORTCUTS`): the help (F1), the menus and the key
//! handler all read it, so a key listed is a key that works, and a menu shows the keys that do.

mod common;

use common::harness::{click, harness};
use egui::Key;
use egui_kittest::kittest::Queryable;
use redlines::model::bundled;
use redlines::ui::command::{Command, SHORTCUTS};

fn shows(harness: &egui_kittest::Harness<'_, redlines::ui::app::App>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn the_help_lists_every_shortcut_of_the_table_and_no_other_example_keys() {
    let mut harness = harness();
    harness.key_press(Key::F1);
    harness.run();
    let ctx = harness.ctx.clone();
    for shortcut in SHORTCUTS.iter() {
        let keys = ctx.format_shortcut(&shortcut.keys);
        assert!(
            harness.query_by_label(&keys).is_some(),
            "{keys} ({}) is listed",
            shortcut.name
        );
        assert!(
            shows(&harness, &shortcut.name),
            "{} is listed",
            shortcut.name
        );
    }
    // The examples by their titles, as File → Open example names them; and only as many example
    // keys as there are examples (Ctrl+1 … Ctrl+9, Ctrl+0): none for an example that is not.
    for title in bundled::example_titles() {
        assert!(
            shows(&harness, &format!("Open example: {title}")),
            "{title} is named"
        );
    }
    let example_keys = SHORTCUTS
        .iter()
        .filter(|s| {
            matches!(
                s.command,
                Command::OpenExample(_) | Command::OpenExampleBriefing(_)
            )
        })
        .count();
    let examples = bundled::EXAMPLES.len() + bundled::EXAMPLE_BRIEFINGS.len();
    assert_eq!(example_keys, examples.min(10));
}

#[test]
fn every_example_key_opens_the_example_its_menu_item_shows_it_for() {
    let ctx = harness().ctx.clone();
    for (i, title) in bundled::example_titles().iter().enumerate() {
        let keys = SHORTCUTS
            .iter()
            .find(|s| s.command == Command::OpenExample(i))
            .map(|s| s.keys)
            .expect("each example has a key");
        // The key handler: the key opens the example.
        let mut harness = harness();
        harness.key_press_modifiers(keys.modifiers, keys.logical_key);
        harness.run();
        assert_eq!(&harness.state().document().scenario.title, title);
        // The menu shows the same keys beside it.
        click(&mut harness, "File");
        click(&mut harness, "Open example");
        assert!(
            shows(&harness, &format!("{title} {}", ctx.format_shortcut(&keys))),
            "the menu shows {} for {title}",
            ctx.format_shortcut(&keys)
        );
    }
}
