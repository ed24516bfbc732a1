//! The one place that carries out a `Command`: undo and redo, the guard that asks before
//! unsaved work is dropped, and keeping the evaluation and the model in step with the document.

use std::path::Path;
use std::sync::Arc;
use web_time::Instant;

use crate::model::Document;
use crate::model::bundled;
use crate::model::edit::Edit;
use crate::model::eval::{Dependents, evaluate_with};

use crate::ui::command::{Command, Window};
use crate::ui::platform::files::{DialogKind, OnDisk};
use crate::ui::present::BriefingOrigin;

use super::{App, windows};
use crate::ui::modal::{Answer, BriefingAnswer, Guarded, Modal, SaveAnswer};
use crate::ui::state::{CompareWith, ProblemReport};

impl App {
    pub fn apply_all(&mut self, ctx: &egui::Context, commands: Vec<Command>) {
        for command in commands {
            self.apply(ctx, command);
        }
    }

    /// Carries out one command. Every change to the scenario passes through here.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        // In front of the room, a stray shortcut must not put the editing screen on the
        // projector: files, menus and windows wait until presenting stops (Esc). Quitting stops
        // presenting and asks as ever; F1 shows the keys over the slide.
        if let Some(p) = self.presenting.as_mut() {
            match &command {
                Command::Quit => {
                    self.stop_presenting(ctx);
                    // A crash copy found at start waited while presenting; it is asked about
                    // first.
                    if matches!(self.modal, Some(Modal::RestoreAutosave(_))) {
                        return;
                    }
                }
                Command::ToggleWindow(Window::Shortcuts)
                | Command::ShowWindow(Window::OpenRoom)
                | Command::CloseTopWindow => {}
                Command::New
                | Command::NewModel { .. }
                | Command::Open
                | Command::OpenPath(_)
                | Command::OpenLink(_)
                | Command::OpenBytes { .. }
                | Command::OpenExample(_)
                | Command::OpenExampleBriefing(_)
                | Command::OpenBriefing
                | Command::Save
                | Command::SaveAs
                | Command::SaveSelfContained
                | Command::SaveBriefing
                | Command::SaveBriefingAs
                | Command::ExportBrief
                | Command::ShowWindow(_)
                | Command::ToggleWindow(_)
                | Command::FocusMenu { .. } => {
                    p.notice = Some((
                        "Leave presenting first (Esc): files, menus and windows wait until then"
                            .to_owned(),
                        Instant::now(),
                    ));
                    return;
                }
                _ => {}
            }
        }
        let changes = matches!(
            command,
            Command::Edit { .. } | Command::Undo | Command::Redo | Command::ResetToFile
        );
        let before = changes.then(|| self.evaluation.clone());
        self.carry_out(ctx, command);
        let Some(before) = before.filter(|before| *before != self.evaluation) else {
            return;
        };
        match self.presenting.as_mut() {
            // A live change in front of the room: what it flipped is marked, and L replays it.
            Some(p) => {
                p.before = Some(before);
                p.before_live = true;
                p.replay = None;
            }
            None => self.view.flipped_from = Some(before),
        }
    }

    pub(super) fn carry_out(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Answer(answer) => self.answer(ctx, answer),
            Command::Edit { edit, merge } => {
                if let Edit::SetPick {
                    position,
                    pick: crate::model::Pick::Value(v),
                } = &edit
                {
                    self.view.last_values.insert(position.clone(), *v);
                }
                if self
                    .history
                    .apply(&mut self.doc.scenario, &mut self.briefing, edit, merge)
                {
                    self.reevaluate();
                }
            }
            Command::EndStep => self.history.close_step(),
            Command::Undo => {
                if self
                    .history
                    .undo(&mut self.doc.scenario, &mut self.briefing)
                {
                    self.reevaluate();
                }
            }
            Command::Redo => {
                if self
                    .history
                    .redo(&mut self.doc.scenario, &mut self.briefing)
                {
                    self.reevaluate();
                }
            }
            Command::ResetToFile => {
                // Presenting, the "file" is the step as written.
                let saved = match &self.presenting {
                    Some(p) => Some(p.step().original.scenario.clone()),
                    None => self.saved.clone(),
                };
                if let Some(saved) = saved {
                    self.apply(
                        ctx,
                        Command::Edit {
                            edit: Edit::Replace(Box::new(saved)),
                            merge: false,
                        },
                    );
                }
            }
            Command::New => self.guard(ctx, Guarded::New),
            Command::NewModel { template } => self.guard(ctx, Guarded::NewModel { template }),
            Command::Open => self.guard(ctx, Guarded::Open),
            // A briefing leaves the scenario as it is: nothing to save first.
            Command::OpenPath(path) if crate::model::io::is_briefing(&path) => {
                self.open_briefing_path(&path);
            }
            Command::OpenPath(path) => self.guard(ctx, Guarded::OpenPath(path)),
            Command::OpenLink(link) => self.guard(ctx, Guarded::OpenLink(link)),
            Command::OpenBytes { name, bytes } => {
                self.guard(ctx, Guarded::OpenBytes { name, bytes });
            }
            Command::CopyLink => self.copy_link(ctx),
            Command::OpenExample(i) => self.guard(ctx, Guarded::OpenExample(i)),
            Command::OpenExampleBriefing(i) => self.open_example_briefing(i),
            Command::OpenBriefing => self.start_dialog(ctx, DialogKind::OpenBriefing),
            Command::SaveBriefing => match &self.briefing_origin {
                Some(BriefingOrigin::File(path)) if self.briefing.is_some() => {
                    let path = path.clone();
                    self.save_briefing_to(&path, false);
                }
                _ => self.carry_out(ctx, Command::SaveBriefingAs),
            },
            Command::SaveBriefingAs => {
                if self.briefing.is_some() {
                    self.start_dialog(ctx, DialogKind::SaveBriefing);
                }
            }
            Command::Notify(message) => {
                self.problems = Some(ProblemReport {
                    heading: message,
                    is_error: false,
                    ..ProblemReport::default()
                });
            }
            Command::ExportBrief => self.start_dialog(ctx, DialogKind::ExportBrief),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Save => {
                self.save(ctx, None);
            }
            Command::SaveAs => self.start_dialog(ctx, DialogKind::SaveAs),
            Command::ReadSourceText { source, path } => self.read_source_text(ctx, &source, &path),
            Command::ChooseSourceText { source } => {
                self.source_text_for = Some(source);
                self.start_dialog(ctx, DialogKind::SourceText);
            }
            Command::SaveSelfContained => {
                // The model and its sources' texts, all in the one file.
                let model = self.doc.self_contained_model();
                let inline = crate::model::ModelRef::Inline(Arc::new(model));
                self.carry_out(
                    ctx,
                    Command::Edit {
                        edit: Edit::SetModelRef(inline),
                        merge: false,
                    },
                );
                self.start_dialog(ctx, DialogKind::SaveAs);
            }
            Command::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            Command::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            Command::ZoomReset => ctx.set_zoom_factor(1.0),
            Command::SetDarkMode(dark) => {
                self.settings.dark_mode = dark;
                ctx.set_theme(if dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Command::ShowWindow(window) => {
                if !self.windows.contains(&window) {
                    self.open_window(window);
                }
            }
            Command::ToggleWindow(window) => {
                if self.windows.contains(&window) {
                    self.windows.retain(|w| *w != window);
                } else {
                    self.open_window(window);
                }
            }
            Command::CloseTopWindow => self.close_top_window(ctx),
            Command::ToggleFullscreen => {
                let full = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!full));
            }
            Command::FocusMenu { index, open } => self.menu_request = Some((index, open)),
            Command::Present(present) => self.present(ctx, present),
            Command::Room(room) => self.room_command(ctx, room),
        }
    }

    /// Closes the window drawn on top of the others.
    pub(super) fn close_top_window(&mut self, ctx: &egui::Context) {
        let top = ctx.memory(|m| m.areas().top_layer_id(egui::Order::Middle));
        let index = top
            .and_then(|layer| {
                self.windows
                    .iter()
                    .position(|w| windows::window_id(w) == layer.id)
            })
            .or_else(|| self.windows.len().checked_sub(1));
        if let Some(i) = index {
            self.windows.remove(i);
        }
    }

    /// Brings verdicts and badges up to date with the document. A change to a few picks
    /// re-evaluates only the red lines that read them, so a click stays quick on big models.
    pub(super) fn reevaluate(&mut self) {
        self.sync_model();
        let (model, evaluated) = &self.evaluated;
        let same_model = Arc::ptr_eq(model, &self.doc.model);
        let choices = &self.doc.scenario.choices;
        let changed: Vec<&str> = evaluated
            .iter()
            .filter(|(id, pick)| choices.get(*id) != Some(*pick))
            .map(|(id, _)| id.as_str())
            .chain(
                choices
                    .keys()
                    .filter(|id| !evaluated.contains_key(*id))
                    .map(String::as_str),
            )
            .collect();
        if same_model && changed.len() <= self.doc.model.positions.len() / 4 + 1 {
            self.evaluation
                .update(&self.doc.model, &self.dependents, choices, &changed);
        } else {
            if !same_model {
                self.dependents = Dependents::new(&self.doc.model);
            }
            self.evaluation = evaluate_with(&self.doc.model, &self.dependents, choices);
        }
        self.evaluated = (self.doc.model.clone(), choices.clone());
        self.what_if.request(&self.repaint, &self.doc);
    }

    /// Runs `action` now, or first asks to save when it would drop unsaved changes.
    pub(super) fn guard(&mut self, ctx: &egui::Context, action: Guarded) {
        if self.is_dirty() {
            self.modal = Some(Modal::SaveChanges(action));
        } else {
            self.proceed(ctx, action);
        }
    }

    /// Carries out the user's answer to the question on screen.
    fn answer(&mut self, ctx: &egui::Context, answer: Answer) {
        match answer {
            Answer::SaveChanges(action, answer) => self.answer_save_changes(ctx, action, answer),
            Answer::BriefingChanges(answer) => {
                self.modal = None;
                match answer {
                    // Quits once it is saved; a cancelled or failed save keeps the window open.
                    BriefingAnswer::SaveAndQuit => {
                        self.quit_after_briefing_save = true;
                        self.apply(ctx, Command::SaveBriefing);
                    }
                    BriefingAnswer::QuitWithoutSaving => {
                        self.allow_briefing_loss = true;
                        self.quit(ctx);
                    }
                    BriefingAnswer::Cancel => {}
                }
            }
            Answer::ReplaceBriefing { path, replace } => {
                self.modal = None;
                if replace {
                    self.save_briefing_to(&path, true);
                }
            }
            Answer::Restore(recovered, answer) => self.answer_restore(ctx, &recovered, answer),
            Answer::ChangedOnDisk { then, answer } => {
                self.answer_changed_on_disk(ctx, then, answer);
            }
            Answer::ModelChangedOnDisk {
                scenario,
                confirmed,
                then,
                answer,
            } => self.answer_model_changed(ctx, &scenario, confirmed, then, answer),
            Answer::PathPrompt { kind, path } => self.answer_path_prompt(ctx, kind, path),
            Answer::DropComments {
                path,
                overwrite,
                then,
                answer,
            } => self.answer_drop_comments(ctx, path, overwrite, then, answer),
        }
    }

    /// The answer to "Save changes?".
    pub fn answer_save_changes(
        &mut self,
        ctx: &egui::Context,
        action: Guarded,
        answer: SaveAnswer,
    ) {
        self.modal = None;
        match answer {
            // The crash copy is asked about again: it is not dropped by a change of mind.
            SaveAnswer::Cancel => {
                if let Guarded::Restore(recovered) = action {
                    self.modal = Some(Modal::RestoreAutosave(*recovered));
                }
            }
            SaveAnswer::Discard => {
                self.autosave.clear();
                self.proceed(ctx, action);
            }
            SaveAnswer::Save => self.save(ctx, Some(action)),
        }
    }

    pub(super) fn proceed(&mut self, ctx: &egui::Context, action: Guarded) {
        match action {
            Guarded::New => {
                self.set_document(Document::new_bundled(), None);
                self.problems = None;
            }
            Guarded::NewModel { template } => {
                self.set_document(
                    crate::ui::windows::model_editor::new_model_document(template),
                    None,
                );
                self.problems = Some(ProblemReport {
                    heading: if template {
                        "A new model from the template: rename the two parties, the position and \
                         its options, then write each red line and quote its source"
                            .to_owned()
                    } else {
                        "A new, empty model: add its parties, positions, red lines and sources in \
                         the model editor"
                            .to_owned()
                    },
                    is_error: false,
                    clears_on_save: true,
                    ..ProblemReport::default()
                });
                self.open_window(Window::Model);
            }
            Guarded::Open => self.start_dialog(ctx, DialogKind::Open),
            Guarded::OpenPath(path) if crate::model::io::is_briefing(&path) => {
                self.open_briefing_path(&path);
            }
            Guarded::OpenPath(path) => self.open_path(&path),
            Guarded::OpenLink(link) => self.open_link(&link),
            Guarded::OpenBytes { name, bytes } => self.open_bytes(&name, &bytes),
            Guarded::OpenExample(i) => self.open_example(i),
            Guarded::Restore(recovered) => self.restore_autosave(ctx, &recovered),
            Guarded::Quit if self.briefing_is_dirty() && !self.allow_briefing_loss => {
                self.modal = Some(Modal::BriefingChanges);
            }
            Guarded::Quit => self.quit(ctx),
        }
    }

    /// Closes the window: every question about unsaved work has been answered.
    pub(super) fn quit(&mut self, ctx: &egui::Context) {
        self.allow_close = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// Reads `path` as the text of `source`: relative paths from the scenario's folder. A file
    /// the scenario may name (`io::NAMED_FILE_RULE`: below its folder, links included) is named
    /// by its path; any other is written into the file with the model, so the scenario never
    /// names a file it cannot read.
    pub(super) fn read_source_text(&mut self, ctx: &egui::Context, source: &str, path: &Path) {
        let folder = self
            .path()
            .and_then(Path::parent)
            .map(Path::to_owned)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let full = folder.join(path);
        let read = crate::model::io::read_bounded(&full).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| {
                crate::model::io::FileError::message(&full, "the file is not valid UTF-8 text")
            })
        });
        let text = match read {
            Ok(text) => text,
            Err(e) => {
                self.report_file_error(format!("Could not read {}", full.display()), &e);
                return;
            }
        };
        // Named by its path only where a received file may name it; any other is carried inside.
        let inside = crate::model::io::name_from(&folder, &full)
            .filter(|_| self.path().is_some())
            .map(|inside| inside.to_string_lossy().into_owned());
        let mut model = (*self.doc.model).clone();
        let Some(s) = model.sources.iter_mut().find(|s| s.id == source) else {
            return;
        };
        s.content = crate::model::types::LoadedText(Some(Arc::from(text.as_str())));
        s.text_inline = inside.is_none().then_some(text);
        s.text = inside;
        self.apply(
            ctx,
            Command::Edit {
                edit: Edit::SetModel {
                    model: Arc::new(model),
                    renamed: Vec::new(),
                    key: None,
                },
                merge: false,
            },
        );
    }

    /// Model edits live in the scenario (its model inline), so undo and redo carry them; the
    /// document's model follows the scenario's.
    pub(super) fn sync_model(&mut self) {
        use crate::model::ModelRef;
        let follows = match &self.doc.scenario.model {
            ModelRef::Inline(model) => Some(model.clone()),
            reference if *reference == self.opened_model.0 => Some(self.opened_model.1.clone()),
            ModelRef::Bundled { id, version } => bundled::find(id, *version),
            ModelRef::File {
                edited: Some(model),
                ..
            } => Some(model.clone()),
            ModelRef::File { .. } => None,
        };
        if let Some(model) = follows
            && !Arc::ptr_eq(&model, &self.doc.model)
        {
            self.doc.model = model;
        }
    }

    /// A different document from now on: its own undo history and its own crash copy.
    pub(super) fn set_document(&mut self, doc: Document, file: Option<OnDisk>) {
        self.opened_model = (doc.scenario.model.clone(), doc.model.clone());
        self.saved = Some(doc.scenario.clone());
        self.doc = doc;
        self.file = file;
        self.model_file_seen = self.model_file_now();
        self.history.clear();
        self.view.expanded.clear();
        self.view.flipped_from = None;
        self.view.scroll_to_top = true;
        self.autosave.next_document();
        self.reevaluate();
    }

    pub(super) fn open_window(&mut self, window: Window) {
        if window == Window::Briefing {
            self.focus_briefing = true;
        }
        // Compared with itself as saved, an unchanged scenario shows nothing: the status quo
        // (the first example) is the baseline worth comparing with.
        if window == Window::Compare
            && self.view.compare_with == CompareWith::Saved
            && !self.is_dirty()
            && bundled::example_titles().first() != Some(&self.doc.scenario.title)
        {
            self.view.compare_with = CompareWith::Example(0);
        }
        self.windows.push(window);
    }
}
