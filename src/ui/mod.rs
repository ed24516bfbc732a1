//! The eframe app. Thin: it reads the model and changes it only through [`Command`]s.

use std::path::PathBuf;

pub fn run_native(_file: Option<PathBuf>, _screenshot: Option<PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the app is not built yet")
}
