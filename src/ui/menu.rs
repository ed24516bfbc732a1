//! The menu bar: File, Edit, View, Help. Each item emits a command.

use egui::Button;

use crate::model::bundled;

use super::app::App;
use super::command::{Command, Window, shortcut_for};

fn item(ui: &mut egui::Ui, label: &str, shortcut_name: &str, enabled: bool) -> bool {
    let mut button = Button::new(label);
    if let Some(s) = shortcut_for(shortcut_name) {
        button = button.shortcut_text(ui.ctx().format_shortcut(s));
    }
    ui.add_enabled(enabled, button).clicked()
}

pub fn show(ui: &mut egui::Ui, app: &App, commands: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if item(ui, "New", "New", true) {
                commands.push(Command::New);
            }
            if item(ui, "Open…", "Open…", !app.is_waiting_for_dialog()) {
                commands.push(Command::Open);
            }
            ui.menu_button("Open example", |ui| {
                let titles = bundled::example_titles();
                for (i, ((name, _), title)) in bundled::EXAMPLES.iter().zip(titles).enumerate() {
                    if ui.button(title).on_hover_text(*name).clicked() {
                        commands.push(Command::OpenExample(i));
                    }
                }
            });
            ui.menu_button("Open recent", |ui| {
                if app.settings.recent.is_empty() {
                    ui.label("No recent files");
                }
                for path in &app.settings.recent {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        commands.push(Command::OpenPath(path.clone()));
                    }
                }
            });
            ui.separator();
            if item(ui, "Save", "Save", !app.is_waiting_for_dialog()) {
                commands.push(Command::Save);
            }
            if item(ui, "Save As…", "Save As…", !app.is_waiting_for_dialog()) {
                commands.push(Command::SaveAs);
            }
            ui.separator();
            if item(ui, "Quit", "Quit", true) {
                commands.push(Command::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            if item(ui, "Undo", "Undo", app.can_undo()) {
                commands.push(Command::Undo);
            }
            if item(ui, "Redo", "Redo", app.can_redo()) {
                commands.push(Command::Redo);
            }
            ui.separator();
            if ui
                .add_enabled(app.is_dirty(), Button::new("Reset to file"))
                .clicked()
            {
                commands.push(Command::ResetToFile);
            }
            if ui.button("Scenario details…").clicked() {
                commands.push(Command::ShowWindow(Window::ScenarioDetails));
            }
        });
        ui.menu_button("View", |ui| {
            let zoom = |name: &str, key: &str| format!("{name}  ({key})");
            if ui.button(zoom("Zoom in", "Ctrl +")).clicked() {
                commands.push(Command::ZoomIn);
            }
            if ui.button(zoom("Zoom out", "Ctrl -")).clicked() {
                commands.push(Command::ZoomOut);
            }
            if ui.button(zoom("Reset zoom", "Ctrl 0")).clicked() {
                commands.push(Command::ZoomReset);
            }
            ui.separator();
            let dark = ui.ctx().theme() == egui::Theme::Dark;
            let label = if dark { "Light theme" } else { "Dark theme" };
            if ui.button(label).clicked() {
                commands.push(Command::SetDarkMode(!dark));
            }
        });
        ui.menu_button("Help", |ui| {
            if item(ui, "Keyboard shortcuts", "Keyboard shortcuts", true) {
                commands.push(Command::ShowWindow(Window::Shortcuts));
            }
            if ui.button("About the data").clicked() {
                commands.push(Command::ShowWindow(Window::AboutData));
            }
        });
        // Whether the work is on disk, in the window itself: a projector or a desktop without
        // title bars never shows the window title.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let name = app
                .path()
                .and_then(std::path::Path::file_name)
                .map(|n| n.to_string_lossy().into_owned());
            if app.is_dirty() {
                let text = match &name {
                    Some(name) => format!("• Unsaved changes to {name}"),
                    None => "• Unsaved changes".to_owned(),
                };
                ui.label(egui::RichText::new(text).color(ui.visuals().warn_fg_color));
            } else if let Some(name) = name {
                ui.label(egui::RichText::new(format!("✔ Saved in {name}")).weak());
            }
        });
    });
}
