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
        matches!(self, DialogKind::SaveAs | DialogKind::SaveBriefing)
    }
}

/// A native dialog running on its own thread; the window keeps repainting meanwhile.
pub struct PendingDialog {
    pub kind: DialogKind,
    task: Task<Option<PathBuf>>,
    started: web_time::Instant,
}

impl PendingDialog {
    #[cfg(not(target_arch = "wasm32"))]
    pub fn spawn(
        kind: DialogKind,
        ctx: &egui::Context,
        suggested_name: String,
        folder: Option<PathBuf>,
    ) -> Self {
        let task = Task::spawn(ctx, Arc::default(), move |_, send| {
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
                DialogKind::SaveAs | DialogKind::SaveBriefing => pollster::block_on(
                    dialog
                        .set_title(title)
                        .set_file_name(suggested_name)
                        .save_file(),
                ),
                DialogKind::ExportBrief => {
                    pollster::block_on(dialog.set_title(title).pick_folder())
                }
            };
            send(picked.map(|handle| handle.path().to_owned()));
        });
        PendingDialog {
            kind,
            task,
            started: web_time::Instant::now(),
        }
    }

    /// A dialog that answered "cancelled" faster than anyone could click was never shown:
    /// this system has no file chooser (no desktop portal, no zenity).
    pub fn never_appeared(&self) -> bool {
        self.started.elapsed() < std::time::Duration::from_millis(400)
    }

    /// `Some(answer)` once the dialog has closed; `Some(None)` means cancelled.
    pub fn poll(&self) -> Option<Option<PathBuf>> {
        match self.task.poll() {
            Polled::Got(answer) => Some(answer),
            Polled::Waiting => None,
            Polled::Ended => Some(None),
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
