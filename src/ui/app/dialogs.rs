//! File dialogs, run off the UI thread (or the browser's picker), and the path prompt that
//! stands in for them where there are none (tests).

use std::path::{Path, PathBuf};

use crate::ui::command::Command;
use crate::ui::platform::files::{DialogAnswer, DialogKind, PendingDialog};
use crate::ui::present::BriefingOrigin;

use super::{App, slug};
use crate::ui::modal::{Modal, NoDialog};
#[cfg(target_arch = "wasm32")]
use crate::ui::state::ProblemReport;

impl App {
    pub(super) fn start_dialog(&mut self, ctx: &egui::Context, kind: DialogKind) {
        // A system dialog asked for earlier has not answered (it may be behind the window, or
        // the system may never show it): asking again must not do nothing, so the path is
        // typed here, and that dialog's answer is dropped.
        // What waited on that dialog (quitting after a save) waits no more: this is a new ask.
        if self.dialog.take().is_some() {
            self.after_save = None;
            self.prompt_for_path(kind, Some(NoDialog::StillOpen));
            return;
        }
        if !self.config.native_dialogs {
            self.prompt_for_path(kind, None);
            return;
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let (folder, name) = self.suggested_path(kind);
            self.dialog = Some(PendingDialog::spawn(kind, ctx, name, folder));
        }
        #[cfg(target_arch = "wasm32")]
        self.start_web_dialog(ctx, kind);
    }

    /// In a browser there are no paths: a scenario is opened from the browser's file picker
    /// (or dropped on the page) and saved by downloading it.
    #[cfg(target_arch = "wasm32")]
    pub(super) fn start_web_dialog(&mut self, ctx: &egui::Context, kind: DialogKind) {
        match kind {
            DialogKind::Open => {
                let (sender, receiver) = std::sync::mpsc::channel();
                crate::ui::platform::web::pick_file(ctx, sender);
                self.picked = Some(receiver);
            }
            DialogKind::SaveAs => {
                let name = self.suggested_path(kind).1;
                let written = crate::model::format::save_text(&self.doc.scenario, None)
                    .map_err(|p| p.to_string())
                    .and_then(|saved| {
                        crate::ui::platform::web::download(&name, saved.text.as_bytes())
                    });
                self.problems = Some(match written {
                    Ok(()) => ProblemReport {
                        heading: format!("Downloaded {name}"),
                        lines: vec![
                            "The browser saved the scenario to its downloads folder: open it \
                             again with File → Open…, or drop it on this page."
                                .to_owned(),
                        ],
                        is_error: false,
                        ..ProblemReport::default()
                    },
                    Err(e) => ProblemReport::error(format!("Could not download {name}"), e),
                });
                self.after_save = None;
            }
            DialogKind::ExportSession => {
                // No paths in a browser: both files go to its downloads folder.
                let name = self.suggested_path(kind).1;
                let stem = name.trim_end_matches(".briefing.ron").to_owned();
                let downloaded = self.session_texts().and_then(|(briefing, handout)| {
                    crate::ui::platform::web::download(&name, briefing.as_bytes())?;
                    crate::ui::platform::web::download(
                        &format!("{stem}.handout.md"),
                        handout.as_bytes(),
                    )
                });
                self.problems = Some(match downloaded {
                    Ok(()) => ProblemReport {
                        heading: format!("Downloaded {name} and {stem}.handout.md"),
                        lines: vec![
                            "The browser saved the session's briefing and its handout to its \
                             downloads folder."
                                .to_owned(),
                        ],
                        ..ProblemReport::default()
                    },
                    Err(e) => ProblemReport::error("Could not download the session", e),
                });
            }
            _ => {
                self.problems = Some(ProblemReport {
                    heading: "Not in the browser yet".to_owned(),
                    lines: vec![
                        "Briefings, the brief and source files need the desktop app for now."
                            .to_owned(),
                    ],
                    is_error: false,
                    ..ProblemReport::default()
                });
            }
        }
    }

    /// Where a dialog proposes to save: the file's folder and name, or a name from the title.
    pub(super) fn suggested_path(&self, kind: DialogKind) -> (Option<PathBuf>, String) {
        let file_folder = self.path().and_then(Path::parent).map(Path::to_owned);
        let briefing_folder = match &self.briefing_origin {
            Some(BriefingOrigin::File(path)) => path.parent().map(Path::to_owned),
            _ => None,
        };
        let briefing_title = self.briefing.as_ref().map(|b| slug(&b.title));
        match kind {
            DialogKind::Open | DialogKind::SaveAs => {
                let name = self.path().and_then(Path::file_name).map_or_else(
                    || format!("{}.ron", slug(&self.doc.scenario.title)),
                    |n| n.to_string_lossy().into_owned(),
                );
                (file_folder, name)
            }
            DialogKind::OpenBriefing | DialogKind::SaveBriefing => {
                let name = match &self.briefing_origin {
                    Some(BriefingOrigin::File(path)) => path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    _ => format!(
                        "{}.briefing.ron",
                        briefing_title.unwrap_or_else(|| "briefing".to_owned())
                    ),
                };
                (briefing_folder.or(file_folder), name)
            }
            DialogKind::SourceText => (file_folder, String::new()),
            DialogKind::ExportSession => {
                let code = self
                    .room
                    .as_ref()
                    .and_then(|r| r.code.clone())
                    .unwrap_or_default();
                let name = slug(&format!("{} session {code}", self.doc.model.title));
                (file_folder, format!("{name}.briefing.ron"))
            }
            DialogKind::ExportBrief => {
                let title = briefing_title.unwrap_or_else(|| slug(&self.doc.scenario.title));
                (briefing_folder.or(file_folder), format!("{title}-brief"))
            }
        }
    }

    /// The file name asked for inside the window, where no system dialog can appear.
    pub(super) fn prompt_for_path(&mut self, kind: DialogKind, no_dialog: Option<NoDialog>) {
        let (folder, name) = self.suggested_path(kind);
        let folder = folder.or_else(|| std::env::current_dir().ok());
        let text = if kind.opens() {
            folder.map_or_else(String::new, |f| format!("{}/", f.display()))
        } else {
            folder.map_or(name.clone(), |f| f.join(&name).display().to_string())
        };
        self.modal = Some(Modal::PathPrompt {
            kind,
            text,
            no_dialog,
        });
    }

    /// The answer to the in-window file prompt: `None` cancels.
    pub fn answer_path_prompt(
        &mut self,
        ctx: &egui::Context,
        kind: DialogKind,
        path: Option<PathBuf>,
    ) {
        self.modal = None;
        match path {
            Some(path) => self.answer_dialog(ctx, kind, path),
            None => self.after_save = None,
        }
    }

    /// A path chosen, in a system dialog or typed in the window.
    pub(super) fn answer_dialog(&mut self, ctx: &egui::Context, kind: DialogKind, path: PathBuf) {
        match kind {
            DialogKind::Open => self.open_path(&path),
            DialogKind::SaveAs => self.save_as(ctx, path),
            DialogKind::OpenBriefing => self.open_briefing_path(&path),
            DialogKind::SaveBriefing => self.save_briefing_to(&path, false),
            DialogKind::ExportBrief => self.export_brief_to(&path),
            DialogKind::ExportSession => self.export_session_to(&path),
            DialogKind::SourceText => {
                if let Some(source) = self.source_text_for.take() {
                    self.read_source_text(ctx, &source, &path);
                }
            }
        }
    }

    pub(super) fn save_as(&mut self, ctx: &egui::Context, path: PathBuf) {
        let path = if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path
        };
        let then = self.after_save.take();
        self.save_to(ctx, &path, crate::ui::modal::Confirmed::default(), then);
    }

    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        // While the system's file dialog is up, the pointer rests where it was: a tooltip
        // would open under it and sit over the dialog. None shows until the dialog is gone.
        let delay = if self.dialog.is_some() {
            f32::INFINITY
        } else {
            egui::style::Interaction::default().tooltip_delay
        };
        if ctx.global_style().interaction.tooltip_delay != delay {
            ctx.all_styles_mut(|style| style.interaction.tooltip_delay = delay);
        }
        if let Some(picked) = &self.picked
            && let Ok((name, bytes)) = picked.try_recv()
        {
            self.picked = None;
            self.apply(ctx, Command::OpenBytes { name, bytes });
        }
        let Some(answer) = self.dialog.as_ref().and_then(PendingDialog::poll) else {
            return;
        };
        let Some(dialog) = self.dialog.take() else {
            return;
        };
        match answer {
            DialogAnswer::Picked(path) => self.answer_dialog(ctx, dialog.kind, path),
            // No chooser on this system: ask inside the window instead.
            DialogAnswer::NeverAppeared => {
                self.prompt_for_path(dialog.kind, Some(NoDialog::Missing));
            }
            // Cancelled: whatever was waiting on the save does not happen.
            DialogAnswer::Cancelled => self.after_save = None,
        }
    }
}
