//! File dialogs off the UI thread, the settings kept between runs, and the open file as it is
//! on disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::io::read_bounded;
use crate::ui::platform::tasks::{Polled, Task};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    Open,
    SaveAs,
    OpenBriefing,
    SaveBriefing,
    /// A folder for the handout.
    ExportBrief,
    /// A .txt file to read as a source's text.
    SourceText,
    /// Where a negotiation's session goes: a briefing file, its handout beside it.
    ExportSession,
}

impl DialogKind {
    /// The prompt's heading and its button.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            DialogKind::Open => ("Open a scenario", "Open"),
            DialogKind::SaveAs => ("Save the scenario as", "Save"),
            DialogKind::OpenBriefing => ("Open a briefing", "Open"),
            DialogKind::SaveBriefing => ("Save the briefing as", "Save"),
            DialogKind::ExportBrief => ("Export the brief into a folder", "Export"),
            DialogKind::SourceText => ("Read a source's text from a file", "Read"),
            DialogKind::ExportSession => ("Save the negotiation's session as", "Save"),
        }
    }

    /// Whether the answer names a file that must already exist.
    pub fn opens(self) -> bool {
        matches!(
            self,
            DialogKind::Open | DialogKind::OpenBriefing | DialogKind::SourceText
        )
    }

    /// Whether saving there replaces what a file holds.
    pub fn saves_file(self) -> bool {
        matches!(
            self,
            DialogKind::SaveAs | DialogKind::SaveBriefing | DialogKind::ExportSession
        )
    }
}

/// A native dialog running on its own thread; the window keeps repainting meanwhile.
pub struct PendingDialog {
    pub kind: DialogKind,
    /// What was picked, and how long the dialog took to answer.
    task: Task<(Option<PathBuf>, std::time::Duration)>,
}

/// How a system file dialog ended.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogAnswer {
    Picked(PathBuf),
    Cancelled,
    /// It answered "cancelled" faster than anyone could click: it was never shown, as on a
    /// system with no file chooser (no desktop portal, no zenity).
    NeverAppeared,
}

/// Faster than anyone could open a dialog, read it and click Cancel.
const TOO_QUICK_FOR_A_PERSON: std::time::Duration = std::time::Duration::from_millis(400);

impl PendingDialog {
    #[cfg(not(target_arch = "wasm32"))]
    pub fn spawn(
        kind: DialogKind,
        ctx: &egui::Context,
        suggested_name: String,
        folder: Option<PathBuf>,
    ) -> Self {
        Self::spawn_with(ctx, kind, move || {
            let (filter, extension) = match kind {
                DialogKind::OpenBriefing | DialogKind::SaveBriefing => {
                    ("Red Lines briefing", "ron")
                }
                DialogKind::SourceText => ("Text", "txt"),
                _ => ("Red Lines scenario", "ron"),
            };
            let mut dialog = rfd::AsyncFileDialog::new().add_filter(filter, &[extension]);
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            let title = kind.words().0;
            let picked = match kind {
                DialogKind::Open | DialogKind::OpenBriefing | DialogKind::SourceText => {
                    pollster::block_on(dialog.set_title(title).pick_file())
                }
                DialogKind::SaveAs | DialogKind::SaveBriefing | DialogKind::ExportSession => {
                    pollster::block_on(
                        dialog
                            .set_title(title)
                            .set_file_name(suggested_name)
                            .save_file(),
                    )
                }
                DialogKind::ExportBrief => {
                    pollster::block_on(dialog.set_title(title).pick_folder())
                }
            };
            picked.map(|handle| handle.path().to_owned())
        })
    }

    /// Runs `pick` (a system dialog) on its own thread, timing it there: the window may draw
    /// slowly (a big model in the editor, software rendering), and must not mistake a late look
    /// at a quick answer for the user's cancel.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn spawn_with(
        ctx: &egui::Context,
        kind: DialogKind,
        pick: impl FnOnce() -> Option<PathBuf> + Send + 'static,
    ) -> Self {
        let task = Task::spawn(ctx, Arc::default(), move |_, send| {
            let started = web_time::Instant::now();
            let picked = pick();
            send((picked, started.elapsed()));
        });
        PendingDialog { kind, task }
    }

    /// How the dialog ended, once it has.
    pub fn poll(&self) -> Option<DialogAnswer> {
        match self.task.poll() {
            Polled::Got((Some(path), _)) => Some(DialogAnswer::Picked(path)),
            Polled::Got((None, took)) if took < TOO_QUICK_FOR_A_PERSON => {
                Some(DialogAnswer::NeverAppeared)
            }
            Polled::Got((None, _)) | Polled::Ended => Some(DialogAnswer::Cancelled),
            Polled::Waiting => None,
        }
    }
}

/// Remembered between runs through eframe's storage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
    pub dark_mode: bool,
    pub zoom: f32,
    /// Where the model editor was left, and its size: `[left, top, width, height]`.
    pub model_editor: Option<[f32; 4]>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            recent: Vec::new(),
            dark_mode: true,
            zoom: 1.0,
            model_editor: None,
        }
    }
}

pub const SETTINGS_KEY: &str = "redlines-settings";
const MAX_RECENT: usize = 10;

impl Settings {
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

/// The file the document belongs to: its absolute path, and the text last read from or written
/// to it. Saves patch that text, so the user's comments and layout survive, and compare the file
/// against it, so a change made on disk is never overwritten unasked.
#[derive(Clone, Debug, PartialEq)]
pub struct OnDisk {
    pub path: PathBuf,
    /// `None` when it is not known what the file held (work restored after the file changed):
    /// then any content on disk counts as changed.
    pub text: Option<Arc<str>>,
    /// A changed content the user has already been told about and chose to keep their own
    /// over; coming back to the window does not ask again for the same change.
    pub dismissed: Option<Arc<[u8]>>,
}

/// What the file on disk holds now, compared with what the document last read or wrote.
#[derive(Clone, Debug, PartialEq)]
pub enum DiskState {
    Unchanged,
    Changed,
    /// Deleted or moved away: saving creates it again.
    Missing,
    /// Cannot be read now; saving will report why if it fails too.
    Unreadable(String),
}

impl OnDisk {
    pub fn new(path: &Path, text: Option<Arc<str>>) -> Self {
        OnDisk {
            path: absolute(path),
            text,
            dismissed: None,
        }
    }

    /// Reads the file and compares. Also returns the bytes read, if any.
    pub fn check(&self) -> (DiskState, Option<Vec<u8>>) {
        if !self.path.exists() {
            return (DiskState::Missing, None);
        }
        match read_bounded(&self.path) {
            Ok(bytes) => {
                let same = self
                    .text
                    .as_ref()
                    .is_some_and(|t| t.as_bytes() == bytes.as_slice());
                let state = if same {
                    DiskState::Unchanged
                } else {
                    DiskState::Changed
                };
                (state, Some(bytes))
            }
            Err(e) => (DiskState::Unreadable(e.to_string()), None),
        }
    }
}

/// The path made absolute, with its links resolved where it exists, so it names the same file
/// from any working folder.
pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_owned())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Polls until the dialog has answered, after first waiting `frame`: one slow frame of the
    /// window (a bounded wait, not a timing).
    fn answer_after(dialog: &PendingDialog, frame: std::time::Duration) -> DialogAnswer {
        std::thread::sleep(frame);
        for _ in 0..10_000 {
            if let Some(answer) = dialog.poll() {
                return answer;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        panic!("the dialog never answered");
    }

    #[test]
    fn a_dialog_that_never_showed_is_told_from_a_cancel_however_slow_the_window_is() {
        let ctx = egui::Context::default();
        // No chooser on this system: it answers at once. The window looks only after a slow
        // frame (a big model in the editor): still not the user's cancel.
        let missing = PendingDialog::spawn_with(&ctx, DialogKind::SaveAs, || None);
        let slow_frame = TOO_QUICK_FOR_A_PERSON + std::time::Duration::from_millis(300);
        assert_eq!(
            answer_after(&missing, slow_frame),
            DialogAnswer::NeverAppeared
        );
        // A person looked at it and cancelled.
        let cancelled = PendingDialog::spawn_with(&ctx, DialogKind::SaveAs, || {
            std::thread::sleep(TOO_QUICK_FOR_A_PERSON + std::time::Duration::from_millis(100));
            None
        });
        assert_eq!(
            answer_after(&cancelled, std::time::Duration::ZERO),
            DialogAnswer::Cancelled
        );
        let picked =
            PendingDialog::spawn_with(&ctx, DialogKind::Open, || Some(PathBuf::from("talks.ron")));
        assert_eq!(
            answer_after(&picked, std::time::Duration::ZERO),
            DialogAnswer::Picked(PathBuf::from("talks.ron"))
        );
    }
}
