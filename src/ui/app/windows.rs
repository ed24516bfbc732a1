//! Long file: the modal questions and the windows' bodies, until they send commands.
//! Modals ("Save changes?", "Restore unsaved work?") and the non-modal help and source windows.

use egui::RichText;

use crate::model::Basis;
use crate::model::bundled;
use crate::model::edit::Edit;
use crate::model::sources::quote_context;

use crate::ui::app::saving::{CommentsAnswer, DiskAnswer, RestoreAnswer};
use crate::ui::app::{App, Guarded, Modal, SaveAnswer};
use crate::ui::command::{BUILT_IN_SHORTCUTS, Command, Group, PRESENT_KEYS, SHORTCUTS, Window};
use crate::ui::platform::autosave::Recovered;
use crate::ui::platform::files::DialogKind;
use crate::ui::tabs::red_lines::highlighted_paragraph;

pub fn show(ctx: &egui::Context, app: &mut App, commands: &mut Vec<Command>) {
    match app.modal.clone() {
        Some(Modal::SaveChanges(action)) => save_changes(ctx, app, action),
        Some(Modal::BriefingChanges) => briefing_changes(ctx, app),
        // Not in front of the room: it waits, on disk, until presenting stops.
        Some(Modal::RestoreAutosave(_)) if app.is_presenting() => {}
        Some(Modal::RestoreAutosave(recovered)) => restore(ctx, app, &recovered),
        Some(Modal::ChangedOnDisk { saving, then }) => changed_on_disk(ctx, app, saving, then),
        Some(Modal::ModelChangedOnDisk {
            model_file,
            scenario,
            confirmed,
            then,
        }) => model_changed_on_disk(ctx, app, &model_file, &scenario, confirmed, then),
        Some(Modal::PathPrompt { .. }) => path_prompt(ctx, app),
        Some(Modal::ReplaceBriefing { path, comments }) => {
            replace_briefing(ctx, app, &path, comments);
        }
        Some(Modal::DropComments {
            path,
            count,
            relaid,
            overwrite,
            then,
        }) => drop_comments(ctx, app, path, (count, relaid), overwrite, then),
        None => {}
    }
    windows(ctx, app, commands);
}

/// A row of buttons, each standing for an answer; returns the answer clicked.
fn choose<A: Copy>(ui: &mut egui::Ui, choices: &[(&str, A)]) -> Option<A> {
    let labels: Vec<&str> = choices.iter().map(|(label, _)| *label).collect();
    buttons(ui, &labels).map(|i| choices[i].1)
}

/// A row of buttons; returns the index of the one clicked.
fn buttons(ui: &mut egui::Ui, labels: &[&str]) -> Option<usize> {
    let mut clicked = None;
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        for (i, label) in labels.iter().enumerate() {
            if ui.button(*label).clicked() {
                clicked = Some(i);
            }
        }
    });
    clicked
}

/// Quitting with a briefing that no file holds as it is.
fn briefing_changes(ctx: &egui::Context, app: &mut App) {
    let saved_to = match &app.briefing_origin {
        Some(crate::ui::present::BriefingOrigin::File(path)) => Some(path.clone()),
        _ => None,
    };
    let mut answer = None;
    let response = egui::Modal::new(egui::Id::unique("briefing_changes")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Save the briefing?");
        ui.label(match &saved_to {
            Some(path) => format!(
                "The briefing has changes that {} does not hold. Quitting now loses them.",
                path.display()
            ),
            None => "The briefing has never been saved. Quitting now loses its steps and notes."
                .to_owned(),
        });
        let save = if saved_to.is_some() {
            "Save and quit"
        } else {
            "Save it as…"
        };
        answer = buttons(ui, &[save, "Quit without saving", "Cancel"]);
    });
    if response.should_close() && answer.is_none() {
        answer = Some(2);
    }
    let Some(answer) = answer else {
        return;
    };
    app.modal = None;
    match (answer, saved_to) {
        // Quits once it is saved; a cancelled or failed save keeps the window open.
        (0, _) => {
            app.quit_after_briefing_save = true;
            app.apply(ctx, Command::SaveBriefing);
        }
        (1, _) => {
            app.allow_briefing_loss = true;
            app.quit(ctx);
        }
        _ => {}
    }
}

fn replace_briefing(ctx: &egui::Context, app: &mut App, path: &std::path::Path, comments: usize) {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("replace_briefing")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Replace the briefing and its comments?");
        ui.label(format!(
            "{} has {comments} comment{}. A briefing is saved in its plain layout, so \
             replacing the file drops them.",
            path.display(),
            if comments == 1 { "" } else { "s" }
        ));
        answer = buttons(ui, &["Replace", "Cancel"]);
    });
    match answer {
        Some(0) => {
            app.modal = None;
            app.save_briefing_to(path, true);
        }
        Some(_) => app.modal = None,
        None => {}
    }
}

fn restore(ctx: &egui::Context, app: &mut App, recovered: &Recovered) {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("restore_autosave")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Restore unsaved work?");
        let origin = recovered.origin.path.as_ref().map_or_else(
            || "a scenario that was never saved".to_owned(),
            |p| p.display().to_string(),
        );
        let when = recovered
            .origin
            .saved_at
            .and_then(|t| {
                let now = web_time::SystemTime::now()
                    .duration_since(web_time::UNIX_EPOCH)
                    .ok()?
                    .as_secs();
                Some(ago(now.saturating_sub(t)))
            })
            .map_or_else(String::new, |ago| format!(" The copy was made {ago}."));
        ui.label(format!(
            "A Red Lines window did not close cleanly. It kept unsaved changes to {origin}.{when}"
        ));
        if let Some(news) = &recovered.file_news {
            ui.label(RichText::new(news).color(ui.visuals().warn_fg_color));
        }
        if app.is_dirty() {
            ui.label(
                "This window holds unsaved work of its own: Restore asks about it first. Restore \
                 in a new window, or Keep for later, leaves it as it is.",
            );
        }
        let mut choices = vec![("Restore", RestoreAnswer::Here)];
        if app.config.can_open_windows {
            choices.push(("Restore in a new window", RestoreAnswer::NewWindow));
        }
        choices.push(("Keep for later", RestoreAnswer::Later));
        choices.push(("Discard", RestoreAnswer::Discard));
        answer = choose(ui, &choices);
    });
    if let Some(answer) = answer {
        app.answer_restore(ctx, recovered, answer);
    }
}

/// Open or Save As with a typed path: what a desktop without a file chooser needs.
fn path_prompt(ctx: &egui::Context, app: &mut App) {
    let current = app.path().map(std::path::Path::to_owned);
    let Some(Modal::PathPrompt {
        kind,
        text,
        no_dialog,
    }) = &mut app.modal
    else {
        return;
    };
    let kind = *kind;
    let mut answer: Option<Option<std::path::PathBuf>> = None;
    let response = egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
        ui.set_max_width(640.0);
        let (heading, action) = kind.words();
        ui.heading(heading);
        if *no_dialog {
            ui.label(
                "No file dialog is available on this system (it needs a desktop portal or \
                 zenity). Type the file's path instead.",
            );
        }
        let label = ui.label(
            RichText::new(if kind == DialogKind::ExportBrief {
                "Folder path"
            } else {
                "File path"
            })
            .strong(),
        );
        let edit = ui
            .add(
                egui::TextEdit::singleline(text)
                    .desired_width(600.0)
                    .hint_text(match kind {
                        DialogKind::OpenBriefing | DialogKind::SaveBriefing => {
                            "/path/to/talk.briefing.ron"
                        }
                        DialogKind::ExportBrief => "/path/to/folder",
                        _ => "/path/to/scenario.ron",
                    }),
            )
            .labelled_by(label.id);
        if !edit.has_focus() && !edit.lost_focus() {
            edit.request_focus();
        }
        let path = std::path::PathBuf::from(text.trim());
        let replaces = kind.saves_file()
            && path.is_file()
            && current.as_deref().map(crate::ui::platform::files::absolute)
                != Some(crate::ui::platform::files::absolute(&path));
        let missing = kind.opens() && !text.trim().is_empty() && !path.is_file();
        if replaces {
            ui.label(
                RichText::new("A file with this name exists: saving replaces it.")
                    .color(ui.visuals().warn_fg_color),
            );
        }
        if missing {
            let why = if path.is_dir() {
                "This is a folder: name a file in it."
            } else {
                "There is no file at this path."
            };
            ui.label(RichText::new(why).weak());
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let go_label = if replaces { "Replace" } else { action };
        match buttons(ui, &[go_label, "Cancel"]) {
            Some(0) => answer = Some(Some(path.clone())),
            Some(_) => answer = Some(None),
            None if enter && !text.trim().is_empty() => answer = Some(Some(path)),
            None => {}
        }
    });
    if response.should_close() && answer.is_none() {
        answer = Some(None);
    }
    if let Some(path) = answer {
        app.answer_path_prompt(ctx, kind, path.filter(|p| !p.as_os_str().is_empty()));
    }
}

/// "3 minutes ago", "2 days ago".
fn ago(seconds: u64) -> String {
    let (n, unit) = match seconds {
        s if s < 60 => return "less than a minute ago".to_owned(),
        s if s < 3600 => (s / 60, "minute"),
        s if s < 86_400 => (s / 3600, "hour"),
        s => (s / 86_400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

fn changed_on_disk(ctx: &egui::Context, app: &mut App, saving: bool, then: Option<Guarded>) {
    let mut answer = None;
    let name = app
        .path()
        .map_or_else(String::new, |p| p.display().to_string());
    let response = egui::Modal::new(egui::Id::unique("changed_on_disk")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("The file has changed on disk");
        let dirty = app.is_dirty();
        if saving {
            ui.label(format!(
                "{name} has changed on disk since you opened or last saved it, perhaps in another \
                 window or program. Saving now would replace those changes."
            ));
            answer = choose(
                ui,
                &[
                    ("Overwrite", DiskAnswer::Overwrite),
                    ("Save As…", DiskAnswer::SaveAs),
                    ("Reload from disk", DiskAnswer::Reload),
                    ("Cancel", DiskAnswer::Cancel),
                ],
            );
        } else {
            ui.label(format!(
                "{name} has changed on disk since you opened or last saved it.{}",
                if dirty {
                    " Reloading replaces your unsaved changes here (Undo brings them back)."
                } else {
                    ""
                }
            ));
            answer = choose(
                ui,
                &[
                    ("Reload from disk", DiskAnswer::Reload),
                    ("Keep this version", DiskAnswer::KeepMine),
                ],
            );
        }
    });
    if response.should_close() && answer.is_none() {
        answer = Some(if saving {
            DiskAnswer::Cancel
        } else {
            DiskAnswer::KeepMine
        });
    }
    if let Some(answer) = answer {
        app.answer_changed_on_disk(ctx, then, answer);
    }
}

fn model_changed_on_disk(
    ctx: &egui::Context,
    app: &mut App,
    model_file: &std::path::Path,
    scenario: &std::path::Path,
    confirmed: crate::ui::app::saving::Confirmed,
    then: Option<Guarded>,
) {
    let mut answer = None;
    let response = egui::Modal::new(egui::Id::unique("model_changed_on_disk")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("The model file has changed on disk");
        ui.label(format!(
            "{} has changed on disk since it was opened or last saved here, perhaps in another \
             window or program. Saving your model edits now would replace those changes. Save \
             as self-contained… keeps your edits in a new scenario file, with the model inside \
             it, and leaves the model file as it is.",
            model_file.display()
        ));
        answer = choose(
            ui,
            &[
                ("Overwrite", DiskAnswer::Overwrite),
                ("Save as self-contained…", DiskAnswer::SaveAs),
                ("Cancel", DiskAnswer::Cancel),
            ],
        );
    });
    if response.should_close() && answer.is_none() {
        answer = Some(DiskAnswer::Cancel);
    }
    if let Some(answer) = answer {
        app.answer_model_changed(ctx, scenario, confirmed, then, answer);
    }
}

fn drop_comments(
    ctx: &egui::Context,
    app: &mut App,
    path: std::path::PathBuf,
    (count, relaid): (usize, bool),
    overwrite: bool,
    then: Option<Guarded>,
) {
    let mut answer = None;
    let response = egui::Modal::new(egui::Id::unique("drop_comments")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        let (what, it) = if count == 1 {
            ("1 comment".to_owned(), "it")
        } else {
            (format!("{count} comments"), "them")
        };
        let (heading, body, drop_label) = if relaid {
            let comments = if count > 0 {
                format!(" Its {what} will be removed.")
            } else {
                String::new()
            };
            (
                "Saving will rewrite the whole file".to_owned(),
                format!(
                    "Red Lines cannot change only the values you edited in {}, so it would write \
                     the whole file in its standard layout: your line breaks and spacing go.{comments} \
                     Every value is kept. Save As… leaves this file as it is.",
                    path.display()
                ),
                "Save in the standard layout",
            )
        } else {
            (
                format!("Saving will remove {what}"),
                format!(
                    "{} has {what} inside values you changed. Red Lines rewrites those values and \
                     cannot keep {it}. Everything else in the file stays as you wrote it. Save As… \
                     leaves this file as it is.",
                    path.display()
                ),
                if count == 1 {
                    "Save and remove the comment"
                } else {
                    "Save and remove the comments"
                },
            )
        };
        ui.heading(heading);
        ui.label(body);
        answer = choose(
            ui,
            &[
                (drop_label, CommentsAnswer::DropThem),
                ("Save As…", CommentsAnswer::SaveAs),
                ("Cancel", CommentsAnswer::Cancel),
            ],
        );
    });
    if response.should_close() && answer.is_none() {
        answer = Some(CommentsAnswer::Cancel);
    }
    if let Some(answer) = answer {
        app.answer_drop_comments(ctx, path, overwrite, then, answer);
    }
}

fn save_changes(ctx: &egui::Context, app: &mut App, action: Guarded) {
    let mut answer = None;
    let response = egui::Modal::new(egui::Id::unique("save_changes")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("Save changes?");
        let doing = match &action {
            Guarded::New => "starting a new scenario",
            Guarded::NewModel { .. } => "starting a new model",
            Guarded::Open
            | Guarded::OpenPath(_)
            | Guarded::OpenLink(_)
            | Guarded::OpenBytes { .. }
            | Guarded::OpenExample(_) => "opening another scenario",
            Guarded::Restore(_) => "restoring the other window's work here",
            Guarded::Quit => "quitting",
        };
        ui.label(format!(
            "“{}” has unsaved changes. Save them before {doing}?",
            app.doc.scenario.title
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                answer = Some(SaveAnswer::Save);
            }
            if ui.button("Discard").clicked() {
                answer = Some(SaveAnswer::Discard);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(SaveAnswer::Cancel);
            }
        });
    });
    if response.should_close() && answer.is_none() {
        answer = Some(SaveAnswer::Cancel);
    }
    if let Some(answer) = answer {
        app.answer_save_changes(ctx, action, answer);
    }
}

fn windows(ctx: &egui::Context, app: &mut App, commands: &mut Vec<Command>) {
    let mut still_open = Vec::new();
    for window in std::mem::take(&mut app.windows) {
        let mut open = true;
        match &window {
            Window::Shortcuts => {
                // Taller than a small or zoomed window: it scrolls, and its title stays on screen.
                let height = ctx.content_rect().height() * 0.8;
                help_window(ctx, app.below_menu, "Keyboard shortcuts")
                    .id(window_id(&window))
                    .open(&mut open)
                    .resizable(false)
                    .show(ctx, |ui| {
                        egui::ScrollArea::vertical()
                            .max_height(height)
                            .show(ui, shortcuts);
                    });
            }
            Window::Briefing => {
                help_window(ctx, app.below_menu, "Briefing")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(620.0)
                    .show(ctx, |ui| {
                        if let Some(crate::ui::present::BriefingOrigin::File(path)) =
                            &app.briefing_origin
                            && app.briefing.is_some()
                        {
                            ui.label(RichText::new(format!("From {}", path.display())).weak());
                        }
                        crate::ui::windows::briefing::show(
                            ui,
                            app.briefing.as_ref(),
                            (&app.doc, app.saved.as_ref()),
                            &mut app.focus_briefing,
                            commands,
                        );
                    });
            }
            Window::Compare => {
                help_window(ctx, app.below_menu, "Compare")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(900.0_f32.min(ctx.content_rect().width() * 0.9))
                    .default_height(ctx.content_rect().height() * 0.8)
                    .show(ctx, |ui| app.compare_window(ui));
            }
            Window::Model => {
                // On the right, over the red lines rather than the positions and cards, so the
                // verdicts stay in sight while the model changes.
                // Where it was left last time, if that is still on the screen.
                let screen = ctx.content_rect();
                let mut editor = help_window(ctx, app.below_menu, "Model editor")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(720.0);
                editor = match app.settings.model_editor {
                    Some([x, y, w, h]) if screen.contains(egui::pos2(x + 40.0, y + 10.0)) => editor
                        .pivot(egui::Align2::LEFT_TOP)
                        .default_pos(egui::pos2(x, y))
                        .default_size(egui::vec2(w, h)),
                    _ => editor
                        .pivot(egui::Align2::RIGHT_BOTTOM)
                        .default_pos(egui::pos2(screen.right() - 12.0, screen.bottom() - 12.0)),
                };
                let shown = editor.show(ctx, |ui| {
                    crate::ui::windows::model_editor::show(ui, &app.doc, &mut app.editor, commands);
                });
                if let Some(shown) = shown {
                    let rect = shown.response.rect;
                    app.settings.model_editor =
                        Some([rect.left(), rect.top(), rect.width(), rect.height()]);
                }
            }
            Window::AboutData => {
                help_window(ctx, app.below_menu, "About the data")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(560.0)
                    .show(ctx, |ui| about_data(ui, app));
            }
            Window::ScenarioDetails => {
                help_window(ctx, app.below_menu, "Scenario details")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(560.0)
                    .show(ctx, |ui| {
                        scenario_details(ui, app, commands);
                    });
            }
            Window::SourceContext { red_line } => {
                let title = app
                    .doc
                    .model
                    .red_line(red_line)
                    .map_or_else(String::new, |r| r.title.clone());
                help_window(ctx, app.below_menu, format!("In the source: {title}"))
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(640.0)
                    .show(ctx, |ui| source_context(ui, app, red_line));
            }
        }
        if open {
            still_open.push(window);
        }
    }
    // Keep windows opened while drawing (none today), then the ones still open.
    still_open.append(&mut app.windows);
    app.windows = still_open;
}

/// The id each window is drawn with: Esc finds the one on top by it.
pub fn window_id(window: &Window) -> egui::Id {
    match window {
        Window::SourceContext { red_line } => egui::Id::unique(("source_context", red_line)),
        other => egui::Id::unique(("window", format!("{other:?}"))),
    }
}

/// Every shortcut, grouped as the menus are, in order.
fn shortcuts(ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    for group in Group::ALL {
        ui.label(RichText::new(group.title()).strong().size(17.0));
        egui::Grid::new(("shortcut_grid", group.title()))
            .striped(true)
            .min_col_width(180.0)
            .show(ui, |ui| {
                for shortcut in SHORTCUTS.iter().filter(|s| s.group == group) {
                    ui.label(ctx.format_shortcut(&shortcut.keys));
                    ui.label(&shortcut.name);
                    ui.end_row();
                }
                for (_, keys, what) in BUILT_IN_SHORTCUTS.iter().filter(|(g, _, _)| *g == group) {
                    ui.label(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
                if group == Group::Present {
                    ui.label(RichText::new("While presenting").weak());
                    ui.end_row();
                    for (key, what, _) in PRESENT_KEYS {
                        ui.label(key.name());
                        ui.label(*what);
                        ui.end_row();
                    }
                }
            });
        ui.add_space(6.0);
    }
}

/// Non-modal windows open in the middle of the window, where the eye already is.
fn help_window(
    ctx: &egui::Context,
    below: f32,
    title: impl Into<egui::WidgetText>,
) -> egui::Window<'static> {
    let mut area = ctx.content_rect();
    area.min.y = area.min.y.max(below);
    egui::Window::new(title)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(area.center())
        // Never over the menu bar: it stays in reach of the mouse and of F10.
        .constrain_to(area)
        .collapsible(false)
}

fn about_data(ui: &mut egui::Ui, app: &App) {
    let model = &app.doc.model;
    ui.label(RichText::new(&model.title).strong());
    ui.label(&model.description);
    ui.add_space(6.0);
    for source in &model.sources {
        ui.label(format!(
            "Source: {} ({}, {}).",
            source.title, source.kind, source.date
        ));
    }
    ui.add_space(6.0);
    ui.label("Every red line quotes its source word for word, names who said it, and says how direct it is:");
    for basis in [Basis::Stated, Basis::Reported, Basis::Inferred] {
        ui.label(format!("• {}: {}.", basis.as_str(), basis.explanation()));
    }
    ui.add_space(6.0);
    ui.label(
        "Where the source leaves a question open, the red line is marked uncertain rather than guessed. \
         An inferred red line carries a note saying why it was read that way.",
    );
}

fn scenario_details(ui: &mut egui::Ui, app: &App, commands: &mut Vec<Command>) {
    let scenario = &app.doc.scenario;
    type Field<'a> = (&'a str, &'a String, fn(String) -> Edit, bool);
    let fields: [Field<'_>; 3] = [
        ("Title", &scenario.title, Edit::SetTitle, false),
        ("Summary", &scenario.summary, Edit::SetSummary, true),
        ("Notes", &scenario.notes, Edit::SetNotes, true),
    ];
    for (label, value, edit, multiline) in fields {
        let label = ui.label(RichText::new(label).strong());
        let mut text = value.clone();
        let editor = if multiline {
            egui::TextEdit::multiline(&mut text).desired_rows(4)
        } else {
            egui::TextEdit::singleline(&mut text)
        };
        let response = ui
            .add(editor.desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if response.changed() {
            commands.push(Command::Edit {
                edit: edit(text),
                merge: true,
            });
        }
        if response.lost_focus() {
            commands.push(Command::EndStep);
        }
    }
    let model = &app.doc.model;
    ui.label(
        RichText::new(format!(
            "Model: {} ({} version {})",
            model.title, model.id, model.version
        ))
        .weak(),
    );
}

fn source_context(ui: &mut egui::Ui, app: &App, red_line_id: &str) {
    let model = &app.doc.model;
    let Some(red_line) = model.red_line(red_line_id) else {
        return;
    };
    let source = red_line.source_id().and_then(|s| model.source(s));
    let quote = red_line.quote().unwrap_or_default();
    let text = source
        .and_then(|s| s.text.as_deref())
        .and_then(bundled::source_text);
    if let Some(source) = source {
        ui.label(
            RichText::new(format!(
                "{} ({}, {})",
                source.title, source.kind, source.date
            ))
            .weak(),
        );
    }
    match text.and_then(|t| quote_context(t, quote)) {
        Some(context) => {
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    if let Some(before) = context.before {
                        ui.label(RichText::new(before).weak());
                        ui.add_space(4.0);
                    }
                    ui.label(highlighted_paragraph(
                        ui,
                        context.paragraph,
                        context.quote.clone(),
                    ));
                    if let Some(after) = context.after {
                        ui.add_space(4.0);
                        ui.label(RichText::new(after).weak());
                    }
                });
        }
        None => {
            ui.label("The source text is not available here; the quote is:");
            crate::ui::widgets::theme::block_quote(ui, RichText::new(quote).italics());
        }
    }
}
