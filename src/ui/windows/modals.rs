//! The questions that wait for an answer ("Save changes?", "Restore unsaved work?", "The file
//! has changed on disk"…): each draws its [`Modal`] from what it is told and sends the answer
//! as a [`Command::Answer`].

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::ui::command::Command;
use crate::ui::modal::{
    Answer, BriefingAnswer, CommentsAnswer, Confirmed, DiskAnswer, Guarded, Modal, NoDialog,
    RestoreAnswer, SaveAnswer,
};
use crate::ui::platform::autosave::Recovered;
use crate::ui::platform::files::DialogKind;

/// What the questions say about the app and its file: read, never changed.
pub struct Facts<'a> {
    /// The open scenario's title.
    pub title: &'a str,
    /// The open scenario's file, if it has one.
    pub path: Option<&'a Path>,
    /// The open scenario has unsaved changes.
    pub dirty: bool,
    /// The briefing's file, if one holds it.
    pub briefing_file: Option<&'a Path>,
    /// A crash copy can be restored in a new window of its own (the desktop app).
    pub can_open_windows: bool,
    pub presenting: bool,
}

/// Draws the question on screen; the user's answer is sent as [`Command::Answer`]. Only a typed
/// path changes `modal` itself, as it is typed.
pub fn show(ctx: &egui::Context, modal: &mut Modal, facts: &Facts, commands: &mut Vec<Command>) {
    let answer = match modal.clone() {
        Modal::SaveChanges(action) => save_changes(ctx, facts, action),
        Modal::BriefingChanges => briefing_changes(ctx, facts),
        // Not in front of the room: it waits, on disk, until presenting stops.
        Modal::RestoreAutosave(_) if facts.presenting => None,
        Modal::RestoreAutosave(recovered) => restore(ctx, facts, recovered),
        Modal::ChangedOnDisk { saving, then } => changed_on_disk(ctx, facts, saving, then),
        Modal::ModelChangedOnDisk {
            model_file,
            scenario,
            confirmed,
            then,
        } => model_changed_on_disk(ctx, &model_file, scenario, confirmed, then),
        Modal::PathPrompt { .. } => path_prompt(ctx, facts, modal),
        Modal::ReplaceBriefing { path, comments } => replace_briefing(ctx, path, comments),
        Modal::DropComments {
            path,
            count,
            relaid,
            overwrite,
            then,
        } => drop_comments(ctx, path, (count, relaid), overwrite, then),
    };
    commands.extend(answer.map(Command::Answer));
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
fn briefing_changes(ctx: &egui::Context, facts: &Facts) -> Option<Answer> {
    let saved_to = facts.briefing_file;
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
    answer.map(|answer| {
        Answer::BriefingChanges(match answer {
            0 => BriefingAnswer::SaveAndQuit,
            1 => BriefingAnswer::QuitWithoutSaving,
            _ => BriefingAnswer::Cancel,
        })
    })
}

fn replace_briefing(ctx: &egui::Context, path: PathBuf, comments: usize) -> Option<Answer> {
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
    answer.map(|answer| Answer::ReplaceBriefing {
        path,
        replace: answer == 0,
    })
}

fn restore(ctx: &egui::Context, facts: &Facts, recovered: Recovered) -> Option<Answer> {
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
        if facts.dirty {
            ui.label(
                "This window holds unsaved work of its own: Restore asks about it first. Restore \
                 in a new window, or Keep for later, leaves it as it is.",
            );
        }
        let mut choices = vec![("Restore", RestoreAnswer::Here)];
        if facts.can_open_windows {
            choices.push(("Restore in a new window", RestoreAnswer::NewWindow));
        }
        choices.push(("Keep for later", RestoreAnswer::Later));
        choices.push(("Discard", RestoreAnswer::Discard));
        answer = choose(ui, &choices);
    });
    answer.map(|answer| Answer::Restore(Box::new(recovered), answer))
}

/// Open or Save As with a typed path: what a desktop without a file chooser needs.
fn path_prompt(ctx: &egui::Context, facts: &Facts, modal: &mut Modal) -> Option<Answer> {
    let current = facts.path;
    let Modal::PathPrompt {
        kind,
        text,
        no_dialog,
    } = modal
    else {
        return None;
    };
    let kind = *kind;
    let mut answer: Option<Option<std::path::PathBuf>> = None;
    let response = egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
        ui.set_max_width(640.0);
        let (heading, action) = kind.words();
        ui.heading(heading);
        match no_dialog {
            Some(NoDialog::Missing) => {
                ui.label(
                    "No file dialog is available on this system (it needs a desktop portal or \
                     zenity). Type the file's path instead.",
                );
            }
            Some(NoDialog::StillOpen) => {
                ui.label(
                    "The system's file dialog from before has not answered; it may be hidden \
                     behind this window. Type the file's path here instead: that dialog's \
                     answer, if it comes, is ignored.",
                );
            }
            None => {}
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
                        DialogKind::OpenBriefing
                        | DialogKind::SaveBriefing
                        | DialogKind::ExportSession => "/path/to/talk.briefing.ron",
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
            && current.map(crate::ui::platform::files::absolute)
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
    answer.map(|path| Answer::PathPrompt {
        kind,
        path: path.filter(|p| !p.as_os_str().is_empty()),
    })
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

fn changed_on_disk(
    ctx: &egui::Context,
    facts: &Facts,
    saving: bool,
    then: Option<Guarded>,
) -> Option<Answer> {
    let mut answer = None;
    let name = facts
        .path
        .map_or_else(String::new, |p| p.display().to_string());
    let response = egui::Modal::new(egui::Id::unique("changed_on_disk")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("The file has changed on disk");
        let dirty = facts.dirty;
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
    answer.map(|answer| Answer::ChangedOnDisk { then, answer })
}

fn model_changed_on_disk(
    ctx: &egui::Context,
    model_file: &Path,
    scenario: PathBuf,
    confirmed: Confirmed,
    then: Option<Guarded>,
) -> Option<Answer> {
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
    answer.map(|answer| Answer::ModelChangedOnDisk {
        scenario,
        confirmed,
        then,
        answer,
    })
}

fn drop_comments(
    ctx: &egui::Context,
    path: PathBuf,
    (count, relaid): (usize, bool),
    overwrite: bool,
    then: Option<Guarded>,
) -> Option<Answer> {
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
    answer.map(|answer| Answer::DropComments {
        path,
        overwrite,
        then,
        answer,
    })
}

fn save_changes(ctx: &egui::Context, facts: &Facts, action: Guarded) -> Option<Answer> {
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
            facts.title
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
    answer.map(|answer| Answer::SaveChanges(action, answer))
}
