//! Saving, reloading and restoring: the part of the app that must never lose or damage a user's
//! work. Saves keep the file's comments and layout (or ask before they would go), never
//! overwrite a change made on disk unasked, and restored crash copies are checked against the
//! file they belong to.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::ModelRef;
use crate::model::edit::Edit;
use crate::model::format::{parse_scenario_to_repair, save_text};
use crate::model::io::{
    FileError, load_scenario_to_repair, parse_scenario_at, read_bounded, write_file,
};

use crate::ui::app::{App, ProblemReport};
use crate::ui::modal::{CommentsAnswer, Confirmed, DiskAnswer, Guarded, Modal, RestoreAnswer};
use crate::ui::platform::autosave::{Recovered, sha256_hex};
use crate::ui::platform::files::{DialogKind, DiskState, OnDisk, absolute};

/// Starts a new window of this program that restores `copy` (handed over: this window lets go
/// of it).
fn open_window_restoring(copy: &Path) -> Result<(), String> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let program = std::env::current_exe().map_err(|e| e.to_string())?;
        std::process::Command::new(program)
            .arg("--restore-copy")
            .arg(copy)
            .spawn()
            .map(drop)
            .map_err(|e| e.to_string())
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = copy;
        Err("a browser tab has one window".to_owned())
    }
}

impl App {
    fn report_save_error(&mut self, e: &FileError) {
        self.report_file_error(
            "Could not save. Your changes are still here, unsaved; Save As… keeps them in \
             another file. What became of the file is said below."
                .to_owned(),
            e,
        );
        if let Some(report) = &mut self.problems {
            report.clears_on_save = true;
        }
    }

    /// Saves to the current file, or asks where; `then` runs once the save is done.
    pub(super) fn save(&mut self, ctx: &egui::Context, then: Option<Guarded>) {
        match self.path().map(Path::to_owned) {
            Some(path) => self.save_to(ctx, &path, Confirmed::default(), then),
            None => {
                self.after_save = then;
                self.start_dialog(ctx, DialogKind::SaveAs);
            }
        }
    }

    /// Writes what the scenario at `path` needs beside it: an edited model file, changed only
    /// where the model changed (never dropping the file's comments: those are the user's).
    fn write_model_file(&mut self, path: &Path) -> Result<(), FileError> {
        let folder = path.parent().unwrap_or(Path::new("."));
        let ModelRef::File {
            path: relative,
            version,
            edited: Some(model),
        } = self.doc.scenario.model.clone()
        else {
            return Ok(());
        };
        let model_path = folder.join(&relative);
        let text = crate::model::format::model_save_text(
            &model,
            read_bounded(&model_path)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .as_deref(),
        )
        .map_err(|message| FileError::message(&model_path, message))?;
        write_file(&model_path, text.as_bytes())?;
        self.model_file_seen = Some((absolute(&model_path), sha256_hex(text.as_bytes())));
        // Written: the file holds the model now, and undo's edits are edits to it.
        let saved = ModelRef::File {
            path: relative,
            version,
            edited: None,
        };
        self.doc.scenario.model = saved.clone();
        self.opened_model = (saved, model);
        Ok(())
    }

    /// The model file the scenario names, from its folder, and that file's fingerprint now.
    pub(super) fn model_file_now(&self) -> Option<(PathBuf, String)> {
        let ModelRef::File { path: relative, .. } = &self.doc.scenario.model else {
            return None;
        };
        let folder = self.file.as_ref()?.path.parent()?.to_owned();
        let model_path = absolute(&folder.join(relative));
        let bytes = read_bounded(&model_path).ok()?;
        Some((model_path, sha256_hex(&bytes)))
    }

    /// The edited model's own file, when saving the scenario at `path` would write it and it
    /// changed on disk since it was read or written here (or is gone).
    fn model_file_changed(&self, path: &Path) -> Option<PathBuf> {
        let ModelRef::File {
            path: relative,
            edited: Some(_),
            ..
        } = &self.doc.scenario.model
        else {
            return None;
        };
        let model_path = absolute(&path.parent().unwrap_or(Path::new(".")).join(relative));
        let (seen_path, seen) = self.model_file_seen.as_ref()?;
        if *seen_path != model_path {
            return None;
        }
        let now = read_bounded(&model_path).ok().map(|b| sha256_hex(&b));
        (now.as_ref() != Some(seen)).then_some(model_path)
    }

    /// The answer to "the model file has changed on disk".
    pub fn answer_model_changed(
        &mut self,
        ctx: &egui::Context,
        scenario: &Path,
        confirmed: Confirmed,
        then: Option<Guarded>,
        answer: DiskAnswer,
    ) {
        self.modal = None;
        match answer {
            DiskAnswer::Overwrite => {
                let confirmed = Confirmed {
                    overwrite_model: true,
                    ..confirmed
                };
                self.save_to(ctx, scenario, confirmed, then);
            }
            DiskAnswer::SaveAs => self.apply(ctx, crate::ui::command::Command::SaveSelfContained),
            _ => {}
        }
    }

    /// Saves to `path`, first asking (with a modal) whatever `confirmed` does not yet cover.
    pub(super) fn save_to(
        &mut self,
        ctx: &egui::Context,
        path: &Path,
        confirmed: Confirmed,
        then: Option<Guarded>,
    ) {
        // A model in its own file, edited: the scenario names the version it is saved as, and
        // from another folder, the model file by a path that still finds it.
        let mut carried_in = None;
        if let ModelRef::File {
            path: model_path,
            version,
            edited,
        } = &mut self.doc.scenario.model
        {
            if let Some(model) = edited {
                *version = Some(model.version);
            }
            let from = self.file.as_ref().map(|f| f.path.clone());
            match model_path_from(from.as_deref(), path, model_path) {
                Some(found) => *model_path = found,
                None => carried_in = Some(model_path.clone()),
            }
        }
        // Positions named by file are found beside the file they were read with: saved to
        // another folder, they go inside the scenario.
        let folder = |p: &Path| p.parent().map(Path::to_path_buf);
        if self.file.as_ref().map(|f| folder(&f.path)) != Some(folder(&absolute(path)))
            && let Some(confrontation) = &mut self.doc.scenario.confrontation
        {
            confrontation.write_inside();
        }
        // A file may name only files below its folder: a model file outside the new folder is
        // carried inside the scenario instead, so the saved file opens.
        if carried_in.is_some() {
            let model = self.doc.self_contained_model();
            self.doc.scenario.model = ModelRef::Inline(Arc::new(model));
        }
        let same_file = self.file.as_ref().is_some_and(|f| f.path == absolute(path));
        if same_file
            && !confirmed.overwrite
            && let Some(file) = &self.file
            && file.check().0 == DiskState::Changed
        {
            self.modal = Some(Modal::ChangedOnDisk { saving: true, then });
            return;
        }
        // Patch the text as last read; when that is unknown, the file as it is now, so its
        // comments and layout survive even an overwrite.
        let base = self.file.as_ref().and_then(|f| {
            f.text.clone().or_else(|| {
                let bytes = f.check().1?;
                String::from_utf8(bytes).ok().map(Into::into)
            })
        });
        let text = match save_text(&self.doc.scenario, base.as_deref()) {
            Ok(text) => text,
            Err(problem) => {
                self.report_save_error(&FileError::new(path, problem));
                return;
            }
        };
        // Saving elsewhere leaves this file, and its comments, as they are.
        if same_file && text.loses_text() && !confirmed.drop_comments {
            self.modal = Some(Modal::DropComments {
                path: path.to_owned(),
                count: text.comments_dropped,
                relaid: text.relaid,
                overwrite: confirmed.overwrite,
                then,
            });
            return;
        }
        // The model's own file is the user's too: changes made to it since it was read are
        // not written over without asking.
        if !confirmed.overwrite_model
            && let Some(model_file) = self.model_file_changed(path)
        {
            self.modal = Some(Modal::ModelChangedOnDisk {
                model_file,
                scenario: path.to_owned(),
                confirmed,
                then,
            });
            return;
        }
        // An edited model file first: the scenario must open on it once it is saved.
        if let Err(e) = self.write_model_file(path) {
            self.report_save_error(&e);
            return;
        }
        if let Err(e) = write_file(path, text.text.as_bytes()) {
            self.report_save_error(&e);
            return;
        }
        self.saved = Some(self.doc.scenario.clone());
        let file = OnDisk::new(path, Some(text.text.into()));
        self.settings.remember(&file.path);
        self.file = Some(file);
        self.autosave.clear();
        if self.problems.as_ref().is_some_and(|p| p.clears_on_save) {
            self.problems = None;
        }
        // A model still being built may have errors: saved, but the file will not open as it is.
        let errors = crate::model::validate::validate_model(&self.doc.model, "model")
            .iter()
            .filter(|p| p.is_error())
            .count();
        if errors > 0 {
            self.problems = Some(ProblemReport {
                heading: format!(
                    "Saved, but the model has {errors} error(s) to fix (View → Model editor lists \
                     them): Red Lines opens it again to be finished, other tools refuse it until \
                     then"
                ),
                is_error: true,
                clears_on_save: true,
                ..ProblemReport::default()
            });
        }
        if let Some(model_file) = carried_in {
            self.problems = Some(ProblemReport {
                heading: format!(
                    "Saved with the model inside the scenario: its model file \"{model_file}\" is \
                     not in {}'s folder or below it, and a file may name only files there",
                    path.file_name().unwrap_or_default().to_string_lossy()
                ),
                is_error: false,
                clears_on_save: true,
                ..ProblemReport::default()
            });
        }
        if let Some(action) = then {
            self.proceed(ctx, action);
        }
    }

    pub fn answer_changed_on_disk(
        &mut self,
        ctx: &egui::Context,
        then: Option<Guarded>,
        answer: DiskAnswer,
    ) {
        self.modal = None;
        match answer {
            DiskAnswer::Overwrite => {
                if let Some(path) = self.path().map(Path::to_owned) {
                    let confirmed = Confirmed {
                        overwrite: true,
                        ..Confirmed::default()
                    };
                    self.save_to(ctx, &path, confirmed, then);
                }
            }
            DiskAnswer::SaveAs => {
                self.after_save = then;
                self.start_dialog(ctx, DialogKind::SaveAs);
            }
            DiskAnswer::Reload => self.reload_from_disk(),
            DiskAnswer::KeepMine => {
                if let Some(file) = &mut self.file {
                    let (_, bytes) = file.check();
                    // The file now holds something else: this version is unsaved work, and
                    // Reset to file means the file as it is now.
                    self.saved = bytes
                        .as_deref()
                        .and_then(|b| parse_scenario_at(&file.path, b).ok())
                        .map(|l| l.document.scenario);
                    file.dismissed = bytes.map(Into::into);
                }
            }
            DiskAnswer::Cancel => {}
        }
    }

    pub fn answer_drop_comments(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        overwrite: bool,
        then: Option<Guarded>,
        answer: CommentsAnswer,
    ) {
        self.modal = None;
        match answer {
            CommentsAnswer::DropThem => {
                let confirmed = Confirmed {
                    overwrite,
                    drop_comments: true,
                    overwrite_model: false,
                };
                self.save_to(ctx, &path, confirmed, then);
            }
            CommentsAnswer::SaveAs => {
                self.after_save = then;
                self.start_dialog(ctx, DialogKind::SaveAs);
            }
            CommentsAnswer::Cancel => {}
        }
    }

    /// Takes the file's content on disk. With the same model this is an ordinary edit, so undo
    /// brings the user's version back.
    pub(super) fn reload_from_disk(&mut self) {
        let Some(path) = self.path().map(Path::to_owned) else {
            return;
        };
        let loaded = match load_scenario_to_repair(&path) {
            Ok(loaded) => loaded,
            Err(e) => {
                self.report_file_error(
                    format!(
                        "Could not reload {}. The scenario on screen is as it was.",
                        path.display()
                    ),
                    &e,
                );
                return;
            }
        };
        let scenario = loaded.document.scenario.clone();
        if *loaded.document.model == *self.doc.model {
            self.history.apply(
                &mut self.doc.scenario,
                &mut self.briefing,
                Edit::Replace(Box::new(scenario.clone())),
                false,
            );
            self.reevaluate();
        } else {
            self.doc = loaded.document.clone();
            self.history.clear();
            self.reevaluate();
        }
        self.saved = Some(scenario);
        self.file = Some(OnDisk::new(&path, Some(loaded.text.clone())));
        self.report_read("Reloaded", &path.display().to_string(), &path, &loaded);
    }

    /// When the window comes back into focus: has the file changed on disk meanwhile?
    pub(super) fn check_disk_on_focus(&mut self, ctx: &egui::Context) {
        let focused_again = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        });
        if !focused_again || self.modal.is_some() {
            return;
        }
        let Some(file) = &self.file else { return };
        match file.check() {
            (DiskState::Changed, Some(bytes))
                if file.dismissed.as_deref() != Some(bytes.as_slice()) =>
            {
                self.modal = Some(Modal::ChangedOnDisk {
                    saving: false,
                    then: None,
                });
            }
            (DiskState::Missing, _) => {
                self.problems = Some(ProblemReport {
                    heading: format!(
                        "{} was moved or deleted. Your scenario is still here; Save writes it \
                         there again, Save As somewhere else.",
                        file.path.display()
                    ),
                    lines: Vec::new(),
                    is_error: false,
                    clears_on_save: true,
                });
            }
            _ => {}
        }
    }

    /// The user's answer about a crash copy; then the next one, if any, is offered.
    pub fn answer_restore(
        &mut self,
        ctx: &egui::Context,
        recovered: &Recovered,
        answer: RestoreAnswer,
    ) {
        self.modal = None;
        match answer {
            // Unsaved work here is asked about first, as opening a file would.
            RestoreAnswer::Here if self.is_dirty() => {
                self.modal = Some(Modal::SaveChanges(Guarded::Restore(Box::new(
                    recovered.clone(),
                ))));
                return;
            }
            RestoreAnswer::Here => {
                self.restore_autosave(ctx, recovered);
                return;
            }
            RestoreAnswer::NewWindow => match open_window_restoring(&recovered.copy) {
                Ok(()) => self.autosave.release(&recovered.copy),
                Err(e) => {
                    self.modal = Some(Modal::RestoreAutosave(recovered.clone()));
                    self.problems = Some(ProblemReport::error(
                        "Could not open a new window; the copy is still here",
                        e,
                    ));
                    return;
                }
            },
            RestoreAnswer::Later => self.autosave.release(&recovered.copy),
            RestoreAnswer::Discard => self.autosave.settle(&recovered.copy),
        }
        self.offer_next_copy();
    }

    fn offer_next_copy(&mut self) {
        if let Some(next) = self.recovered.pop() {
            self.modal = Some(Modal::RestoreAutosave(next));
        }
    }

    /// Restores a crash copy into this window, then offers the next one, if any. The copy is
    /// removed only once its work is safe: in this window's own crash copy, or the same as the
    /// file.
    pub(super) fn restore_autosave(&mut self, ctx: &egui::Context, recovered: &Recovered) {
        self.modal = None;
        if self.restore(recovered) {
            self.tick_autosave(ctx);
            if self.autosave.has_copy() || !self.is_dirty() || self.autosave.path().is_none() {
                self.autosave.settle(&recovered.copy);
            }
        }
        self.offer_next_copy();
    }

    /// Opens a crash copy as unsaved work on its file. Returns false if it cannot be read, and
    /// then the copy stays where it is.
    fn restore(&mut self, recovered: &Recovered) -> bool {
        // The copy's model file and source texts are beside the file it was made from.
        let loaded = match &recovered.origin.path {
            Some(path) => parse_scenario_at(path, recovered.text.as_bytes()),
            None => parse_scenario_to_repair(&recovered.text),
        };
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(problems) => {
                let e = FileError {
                    file: recovered.copy.clone(),
                    problems,
                };
                self.report_file_error(
                    "Could not restore the autosaved work; the copy was kept".to_owned(),
                    &e,
                );
                return false;
            }
        };
        let mut note = None;
        let (file, saved) = match &recovered.origin.path {
            None => (None, None),
            Some(path) => match read_bounded(path) {
                Ok(bytes) if Some(sha256_hex(&bytes)) == recovered.origin.sha256 => {
                    let disk = parse_scenario_at(path, &bytes).ok();
                    let text = disk.as_ref().map(|d| d.text.clone());
                    (
                        Some(OnDisk::new(path, text)),
                        disk.map(|d| d.document.scenario),
                    )
                }
                Ok(bytes) => {
                    note = Some(format!(
                        "{} has changed on disk since your work was autosaved. Your restored work \
                         is shown; saving will ask before replacing the file.",
                        path.display()
                    ));
                    let disk = parse_scenario_at(path, &bytes).ok();
                    (
                        Some(OnDisk::new(path, None)),
                        disk.map(|d| d.document.scenario),
                    )
                }
                Err(_) if !path.exists() => {
                    note = Some(format!(
                        "{} no longer exists. Your restored work is shown; Save writes it there \
                         again.",
                        path.display()
                    ));
                    (Some(OnDisk::new(path, None)), None)
                }
                Err(e) => {
                    note = Some(format!(
                        "The file it belongs to cannot be read now: {e}. Your restored work is \
                         shown; saving will ask before replacing the file."
                    ));
                    (Some(OnDisk::new(path, None)), None)
                }
            },
        };
        self.set_document(loaded.document, file);
        // Restored work is unsaved work: the mark compares it with the file as it is now.
        self.saved = saved;
        self.problems = note.map(|heading| ProblemReport {
            heading,
            clears_on_save: true,
            ..ProblemReport::default()
        });
        true
    }
}

/// The path a scenario saved at `to` names its model file by: the same relative path if the
/// scenario stays in its folder (or was never saved), else one that finds the same file from
/// the new folder (absolute where no relative one is known).
fn model_path_from(from: Option<&Path>, to: &Path, relative: &str) -> Option<String> {
    let old_folder = absolute(from.unwrap_or(to).parent().unwrap_or(Path::new(".")));
    let new_folder = absolute(to.parent().unwrap_or(Path::new(".")));
    if old_folder == new_folder {
        return Some(relative.to_owned());
    }
    crate::model::io::name_from(&new_folder, &old_folder.join(relative))
        .map(|inside| inside.to_string_lossy().into_owned())
}
