//! The menu bar: File, Edit, View, Help. Each item emits a command. F10 focuses the bar and
//! Alt+letter opens a menu; arrows move in it and Enter chooses (egui's menu keys).

use egui::{Button, Popup};

use crate::model::bundled;

use crate::ui::app::App;
use crate::ui::command::{Command, MENUS, Present, Window, shortcut_of};

/// A menu item, with the keys of `keyed`'s shortcut beside it (from the one shortcut table).
fn item(ui: &mut egui::Ui, label: &str, keyed: &Command, enabled: bool) -> bool {
    let mut button = Button::new(label);
    if let Some(s) = shortcut_of(keyed) {
        button = button.shortcut_text(ui.ctx().format_shortcut(s));
    }
    let response = ui.add_enabled(enabled, button);
    focus_first_item(ui, &response);
    response.clicked()
}

/// Asks for focus on the first item of a menu opened from the keyboard.
fn focus_first_item(ui: &egui::Ui, response: &egui::Response) {
    let key = egui::Id::unique("menu_focus_first");
    if ui.data(|d| d.get_temp::<bool>(key)).unwrap_or(false) && response.enabled() {
        response.request_focus();
        ui.data_mut(|d| d.remove::<bool>(key));
        // Focus lands next frame: draw it then, so the mark shows before the next key.
        ui.ctx().request_repaint();
    }
}

/// A top-level menu; `request`: the keyboard asked to focus it, and maybe open it.
fn menu(
    ui: &mut egui::Ui,
    index: usize,
    request: Option<(usize, bool)>,
    commands: &mut Vec<Command>,
    content: impl FnOnce(&mut egui::Ui, &mut Vec<Command>),
) {
    let response = ui
        .menu_button(MENUS[index], |ui| content(ui, commands))
        .response;
    let open = Popup::is_id_open(ui.ctx(), Popup::default_response_id(&response));
    if let Some((wanted, open)) = request
        && wanted == index
    {
        response.request_focus();
        ui.ctx().request_repaint();
        if open {
            Popup::open_id(ui.ctx(), Popup::default_response_id(&response));
            ui.data_mut(|d| d.insert_temp(egui::Id::unique("menu_focus_first"), true));
        }
        return;
    }
    // The menu bar's own keys, as desktop menus have them: ↓ opens the focused menu, ← and →
    // move to the menu beside it (open, if this one was).
    if response.has_focus() || open {
        let count = MENUS.len();
        let key = |k| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, k));
        if response.has_focus() && !open && key(egui::Key::ArrowDown) {
            commands.push(Command::FocusMenu { index, open: true });
        } else if key(egui::Key::ArrowRight) {
            commands.push(Command::FocusMenu {
                index: (index + 1) % count,
                open,
            });
        } else if key(egui::Key::ArrowLeft) {
            commands.push(Command::FocusMenu {
                index: (index + count - 1) % count,
                open,
            });
        }
    }
}

pub fn show(
    ui: &mut egui::Ui,
    app: &App,
    request: Option<(usize, bool)>,
    commands: &mut Vec<Command>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        menu(ui, 0, request, commands, |ui, commands| {
            file_menu(ui, app, commands);
        });
        menu(ui, 1, request, commands, |ui, commands| {
            if item(ui, "Undo", &Command::Undo, app.can_undo()) {
                commands.push(Command::Undo);
            }
            if item(ui, "Redo", &Command::Redo, app.can_redo()) {
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
        menu(ui, 2, request, commands, |ui, commands| {
            view_menu(ui, app, commands);
        });
        menu(ui, 3, request, commands, |ui, commands| {
            if item(
                ui,
                "Keyboard shortcuts",
                &Command::ToggleWindow(Window::Shortcuts),
                true,
            ) {
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

fn file_menu(ui: &mut egui::Ui, app: &App, commands: &mut Vec<Command>) {
    if item(ui, "New", &Command::New, true) {
        commands.push(Command::New);
    }
    ui.menu_button("New model", |ui| {
        if ui
            .button("From the two-party template")
            .on_hover_text("Two parties, one position and a red line each, to rename and fill in")
            .clicked()
        {
            commands.push(Command::NewModel { template: true });
        }
        if ui.button("Empty").clicked() {
            commands.push(Command::NewModel { template: false });
        }
    });
    if item(ui, "Open…", &Command::Open, true) {
        commands.push(Command::Open);
    }
    ui.menu_button("Open example", |ui| {
        let titles = bundled::example_titles();
        for (i, title) in titles.iter().enumerate() {
            if item(ui, title, &Command::OpenExample(i), true) {
                commands.push(Command::OpenExample(i));
            }
        }
        ui.separator();
        for (i, (name, text)) in bundled::EXAMPLE_BRIEFINGS.iter().enumerate() {
            let title = crate::model::briefing::parse_briefing(text)
                .map_or_else(|_| (*name).to_owned(), |l| l.briefing.title);
            if item(
                ui,
                &format!("Briefing: {title}"),
                &Command::OpenExampleBriefing(i),
                true,
            ) {
                commands.push(Command::OpenExampleBriefing(i));
            }
        }
    });
    // A browser has no paths to remember.
    #[cfg(not(target_arch = "wasm32"))]
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
    if item(ui, "Save", &Command::Save, true) {
        commands.push(Command::Save);
    }
    // Never greyed while a system dialog is out: one that never answers must not leave saving
    // dead (asking again asks in the window instead).
    if item(ui, "Save As…", &Command::SaveAs, true) {
        commands.push(Command::SaveAs);
    }
    if ui
        .add_enabled(
            !matches!(app.doc.scenario.model, crate::model::ModelRef::Inline(_)),
            Button::new("Save as self-contained…"),
        )
        .on_hover_text("One file with the model and its sources' texts inside it, to share")
        .clicked()
    {
        commands.push(Command::SaveSelfContained);
    }
    if ui
        .button("Copy link")
        .on_hover_text(
            "A link with the scenario inside it (and the model, if it is your own): whoever \
             opens it sees this scenario",
        )
        .clicked()
    {
        commands.push(Command::CopyLink);
    }
    ui.separator();
    // Briefings name their steps' files by path: the desktop app's for now.
    let desktop = !cfg!(target_arch = "wasm32");
    const DESKTOP_ONLY: &str = "Needs the desktop app: briefings name files on disk";
    if ui
        .add_enabled(desktop, Button::new("Open briefing…"))
        .on_disabled_hover_text(DESKTOP_ONLY)
        .clicked()
    {
        commands.push(Command::OpenBriefing);
    }
    for (label, command) in [
        ("Save briefing", Command::SaveBriefing),
        ("Save briefing as…", Command::SaveBriefingAs),
    ] {
        if ui
            .add_enabled(desktop && app.briefing.is_some(), Button::new(label))
            .clicked()
        {
            commands.push(command);
        }
    }
    if ui
        .button("Open a negotiation room…")
        .on_hover_text(
            "A class negotiates on this model: each team joins as one party with a private \
             brief and tables packages (needs `redlines serve`)",
        )
        .clicked()
    {
        commands.push(Command::ShowWindow(Window::OpenNegotiation));
    }
    if ui
        .add_enabled(desktop, Button::new("Export brief…"))
        .on_hover_text("A handout of the briefing, or of this scenario: Markdown and HTML")
        .on_disabled_hover_text("Needs the desktop app: the handout is files in a folder")
        .clicked()
    {
        commands.push(Command::ExportBrief);
    }
    // A browser tab is closed by the browser.
    #[cfg(not(target_arch = "wasm32"))]
    {
        ui.separator();
        if item(ui, "Quit", &Command::Quit, true) {
            commands.push(Command::Quit);
        }
    }
}

fn view_menu(ui: &mut egui::Ui, app: &App, commands: &mut Vec<Command>) {
    let present = if app.briefing.as_ref().is_some_and(|b| !b.steps.is_empty()) {
        "Present the briefing"
    } else {
        "Present this scenario"
    };
    if item(ui, present, &Command::Present(Present::Start(None)), true) {
        commands.push(Command::Present(Present::Start(None)));
    }
    if item(
        ui,
        "Briefing…",
        &Command::ToggleWindow(Window::Briefing),
        true,
    ) {
        commands.push(Command::ShowWindow(Window::Briefing));
    }
    if item(
        ui,
        "Model editor…",
        &Command::ToggleWindow(Window::Model),
        true,
    ) {
        commands.push(Command::ShowWindow(Window::Model));
    }
    if ui.button("Compare…").clicked() {
        commands.push(Command::ShowWindow(Window::Compare));
    }
    ui.separator();
    if item(ui, "Full screen", &Command::ToggleFullscreen, true) {
        commands.push(Command::ToggleFullscreen);
    }
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
}
