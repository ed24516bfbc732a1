//! What every command shares: loading a file with its problems on stderr, writing the answer.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::model::format::Loaded;
use crate::model::io::{FileError, format_problem, load_scenario};

/// How a command prints its answer: words for people, or JSON for programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

/// The evaluation's and comparison's formats: as [`TextOrJson`], or Markdown for a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
}

/// The schema's formats: JSON Schema, or the field reference as Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    Json,
    Markdown,
}

pub(crate) fn load_reporting(path: &Path) -> Option<Loaded> {
    match load_scenario(path) {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                eprintln!("{}", format_problem(path, warning));
            }
            Some(loaded)
        }
        Err(e) => {
            report_error(&e);
            None
        }
    }
}

pub(crate) fn report_error(e: &FileError) {
    for line in e.lines() {
        eprintln!("{line}");
    }
}

/// A briefing and its steps' scenarios, or `None` with the problems on stderr.
pub(crate) fn load_briefing_reporting(
    path: &Path,
) -> Option<(
    crate::model::briefing::LoadedBriefing,
    Vec<crate::model::Document>,
)> {
    crate::model::io::load_briefing(path)
        .map_err(|e| report_error(&e))
        .ok()
}

pub(crate) fn write_out(out: &mut impl Write, text: &str) -> ExitCode {
    match out.write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (e.g. `| head`) is not worth a panic.
        Err(_) => ExitCode::FAILURE,
    }
}
