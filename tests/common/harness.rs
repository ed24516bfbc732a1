//! Driving the app the way a user does: a kittest harness and a few gestures.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use redlines::ui::app::{App, AppConfig};
use redlines::ui::platform::files::Settings;
use redlines::ui::setup_context;

pub fn harness_with(config: AppConfig) -> Harness<'static, App> {
    harness_remembering(config, Settings::default())
}

/// An app started with `settings` remembered from an earlier run.
pub fn harness_remembering(config: AppConfig, settings: Settings) -> Harness<'static, App> {
    let app = App::new(config, settings.clone());
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    setup_context(&harness.ctx, &settings);
    harness.run();
    harness
}

/// No data folder and no native dialogs: tests never touch the user's files or block on a dialog.
pub fn harness() -> Harness<'static, App> {
    harness_with(AppConfig::default())
}

/// An app with its own data folder, as a real window has.
pub fn harness_in(data: &std::path::Path) -> Harness<'static, App> {
    harness_with(AppConfig {
        data_dir: Some(data.to_owned()),
        // Every change is copied at once, so tests need not wait for the timer.
        autosave_every: Some(std::time::Duration::ZERO),
        ..Default::default()
    })
}

/// Clicks the widget with this label, scrolling it into view first as a user would, and waits
/// for the window to settle after each (a search answering in parts may take a few frames more
/// on a busy machine).
pub fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    settle(harness);
    harness.get_by_label(label).click();
    settle(harness);
}

/// File → Open, the path typed into the window's own prompt (tests never open a system dialog).
pub fn open_by_path(harness: &mut Harness<'_, App>, path: &std::path::Path) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    answer_path_prompt(harness, path, "Open");
}

/// The window's own path prompt, open: `path` typed over what it suggests, then `button`.
pub fn answer_path_prompt(harness: &mut Harness<'_, App>, path: &std::path::Path, button: &str) {
    use egui::{Key, Modifiers};
    harness.get_by_label("File path").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_label("File path")
        .type_text(&path.display().to_string());
    harness.run();
    click(harness, button);
}

/// Steps the app frame by frame until a label containing `text` shows.
pub fn wait_for(harness: &mut Harness<'_, App>, text: &str) {
    for _ in 0..500 {
        harness.step();
        if harness.query_all_by_label_contains(text).next().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("{text:?} never showed");
}

/// [`wait_for`], for as long as a debug build's search may take to stop (its bounds included).
pub fn wait_long_for(harness: &mut Harness<'_, App>, text: &str) {
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(120) {
        harness.step();
        if harness.query_all_by_label_contains(text).next().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{text:?} never showed");
}

/// Steps the app until the Explore tab's search has told every part of its answer (the first
/// parts show while the rest is searched).
pub fn wait_for_search(harness: &mut Harness<'_, App>) {
    for _ in 0..500 {
        harness.step();
        if harness
            .query_all_by_label_contains("Searching…")
            .next()
            .is_none()
        {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the search never finished");
}

/// Steps the app until it stops asking to be redrawn: background work (a search) is done.
pub fn settle(harness: &mut Harness<'_, App>) {
    for _ in 0..500 {
        if harness.try_run().is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the window never settled");
}

/// What the window manager sends when the user closes the window.
pub fn request_close(harness: &mut Harness<'_, App>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
}

/// The user switches to another window and back.
pub fn leave_and_return(harness: &mut Harness<'_, App>) {
    harness
        .input_mut()
        .events
        .push(egui::Event::WindowFocused(false));
    harness.run();
    harness
        .input_mut()
        .events
        .push(egui::Event::WindowFocused(true));
    harness.run();
}

pub fn save_shortcut(harness: &mut Harness<'_, App>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
}

/// The crash copies in an app data folder, however they are named.
pub fn autosaves(data: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![data.to_owned()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The key that opens the example briefing with Ctrl: the digit after the example scenarios'
/// (Ctrl+0 after the ninth).
#[allow(dead_code)]
pub fn example_briefing_key() -> egui::Key {
    let n = redlines::model::bundled::example_titles().len() + 1;
    egui::Key::from_name(&(n % 10).to_string()).expect("a digit key")
}

/// Types `text` into the field labelled `label`, replacing what it holds, then leaves the field
/// as clicking elsewhere would: keys go to the window again.
pub fn type_into(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    use egui::{Key, Modifiers};
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
    harness.ctx.memory_mut(egui::Memory::stop_text_input);
    harness.run();
}

/// Every label or value on screen that contains `text`.
pub fn texts(harness: &Harness<'_, App>, text: &str) -> Vec<String> {
    use egui_kittest::kittest::NodeT;
    harness
        .query_all_by_label_contains(text)
        .filter_map(|n| n.accesskit_node().label().or(n.accesskit_node().value()))
        .collect()
}

/// The first label or value on screen that contains `text`.
pub fn label_containing(harness: &Harness<'_, App>, text: &str) -> String {
    texts(harness, text)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no label with {text:?}"))
}
