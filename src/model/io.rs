//! The only place in the model that touches the file system: reading and atomically writing
//! scenario files.

use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::format::{Loaded, MAX_FILE_BYTES, parse_scenario_bytes, scenario_to_ron};
use super::scenario::Scenario;
use super::validate::{Location, Problem};

/// Everything wrong with one file, each problem printable as `FILE:LINE:COL: message` or
/// `FILE: path: message`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    pub file: PathBuf,
    pub problems: Vec<Problem>,
}

impl FileError {
    pub fn new(file: &Path, problem: Problem) -> Self {
        FileError {
            file: file.to_owned(),
            problems: vec![problem],
        }
    }

    /// One line per problem.
    pub fn lines(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| format_problem(&self.file, p))
            .collect()
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

pub fn format_problem(file: &Path, problem: &Problem) -> String {
    let file = file.display();
    match problem.location {
        Location::Text { .. } => format!("{file}:{problem}"),
        _ => format!("{file}: {problem}"),
    }
}

pub fn load_scenario(path: &Path) -> Result<Loaded, FileError> {
    let io_error = |e: std::io::Error| {
        FileError::new(
            path,
            Problem::error(Location::File, format!("cannot read the file: {e}")),
        )
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    // Read one byte past the limit, so an oversize file is refused without reading all of it.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    parse_scenario_bytes(&bytes).map_err(|problems| FileError {
        file: path.to_owned(),
        problems,
    })
}

/// Writes through a temporary file in the same folder, synced and then renamed over the target,
/// so an interrupted save leaves the old file or the new one, never a torn one.
pub fn save_scenario(path: &Path, scenario: &Scenario) -> Result<(), FileError> {
    let fail = |e: &dyn fmt::Display| {
        FileError::new(
            path,
            Problem::error(Location::File, format!("cannot save: {e}")),
        )
    };
    let text = scenario_to_ron(scenario).map_err(|e| fail(&e))?;
    write_atomically(path, text.as_bytes()).map_err(|e| fail(&e))
}

pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".redlines-save-")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable where the platform allows syncing a folder.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
