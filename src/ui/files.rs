//! File dialogs off the UI thread, the autosave file, and the settings kept between runs.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::model::Scenario;
use crate::model::format::scenario_to_ron;
use crate::model::io::write_atomically;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    Open,
    SaveAs,
}

/// A native dialog running on its own thread; the window keeps repainting meanwhile.
pub struct PendingDialog {
    pub kind: DialogKind,
    receiver: mpsc::Receiver<Option<PathBuf>>,
}

impl PendingDialog {
    pub fn spawn(
        kind: DialogKind,
        ctx: &egui::Context,
        suggested_name: String,
        folder: Option<PathBuf>,
    ) -> Self {
        let (sender, receiver) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let mut dialog = rfd::AsyncFileDialog::new().add_filter("Red Lines scenario", &["ron"]);
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            let picked = match kind {
                DialogKind::Open => {
                    pollster::block_on(dialog.set_title("Open scenario").pick_file())
                }
                DialogKind::SaveAs => pollster::block_on(
                    dialog
                        .set_title("Save scenario as")
                        .set_file_name(suggested_name)
                        .save_file(),
                ),
            };
            let _ = sender.send(picked.map(|handle| handle.path().to_owned()));
            ctx.request_repaint();
        });
        PendingDialog { kind, receiver }
    }

    /// `Some(answer)` once the dialog has closed; `Some(None)` means cancelled.
    pub fn poll(&self) -> Option<Option<PathBuf>> {
        match self.receiver.try_recv() {
            Ok(answer) => Some(answer),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(None),
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            recent: Vec::new(),
            dark_mode: true,
            zoom: 1.0,
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

/// Writes the scenario to the data folder while it has unsaved changes, so a crash or a kill
/// loses at most a few seconds of work.
pub struct Autosave {
    file: Option<PathBuf>,
    last_write: Option<Instant>,
    last_written: Option<Scenario>,
}

pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(3);
/// The first line of an autosave names the file it belongs to; RON reads it as a comment.
const ORIGIN_PREFIX: &str = "// redlines autosave of: ";

/// What the last run left behind.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    pub text: String,
    pub origin: Option<PathBuf>,
}

impl Autosave {
    /// `data_dir` None turns autosave off (tests, or no data folder on this system).
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        Autosave {
            file: data_dir.map(|d| d.join("autosave.ron")),
            last_write: None,
            last_written: None,
        }
    }

    pub fn recover(&self) -> Option<Recovered> {
        let text = std::fs::read_to_string(self.file.as_ref()?).ok()?;
        let origin = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix(ORIGIN_PREFIX))
            .filter(|p| !p.is_empty())
            .map(PathBuf::from);
        Some(Recovered { text, origin })
    }

    /// Saves `scenario` if it changed since the last write and enough time has passed.
    pub fn tick(
        &mut self,
        scenario: &Scenario,
        origin: Option<&Path>,
        now: Instant,
    ) -> Result<(), String> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let due = self
            .last_write
            .is_none_or(|t| now.duration_since(t) >= AUTOSAVE_EVERY);
        if !due || self.last_written.as_ref() == Some(scenario) {
            return Ok(());
        }
        self.last_write = Some(now);
        let body = scenario_to_ron(scenario).map_err(|e| e.to_string())?;
        let origin = origin.map(|p| p.display().to_string()).unwrap_or_default();
        let text = format!("{ORIGIN_PREFIX}{origin}\n{body}");
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        write_atomically(file, text.as_bytes())
            .map_err(|e| format!("cannot autosave to {}: {e}", file.display()))?;
        self.last_written = Some(scenario.clone());
        Ok(())
    }

    /// The work is saved or deliberately discarded: nothing to restore next time.
    pub fn clear(&mut self) {
        self.last_written = None;
        self.last_write = None;
        if let Some(file) = &self.file {
            let _ = std::fs::remove_file(file);
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.file.as_deref()
    }
}
