//! The scenario file format: RON text to a validated [`Document`] and back. Pure: no file system.

use std::sync::Arc;

use ron::extensions::Extensions;
use serde::Deserialize;

use super::bundled;
use super::scenario::{Document, FORMAT_VERSION, ModelRef, Scenario};
use super::types::Model;
use super::validate::{Location, Problem, validate_choices, validate_model};

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// How deep RON values may nest; deeper files are refused rather than risk the stack.
pub const MAX_NESTING: usize = 96;

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(MAX_NESTING)
}

/// A document that loaded, with the warnings met on the way (e.g. defaults filled in).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub document: Document,
    pub warnings: Vec<Problem>,
}

/// Reads a scenario from bytes: refuses oversize, non-UTF-8 and newer-format files, reports
/// parse errors with line and column, and validation problems all together.
pub fn parse_scenario_bytes(bytes: &[u8]) -> Result<Loaded, Vec<Problem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![Problem::error(
            Location::File,
            format!(
                "the file is {} bytes; scenario files are limited to {} MB",
                bytes.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )]);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        vec![Problem::error(
            Location::Text { line, column },
            "the file is not valid UTF-8 text; scenario files are RON text in UTF-8",
        )]
    })?;
    parse_scenario(text)
}

pub fn parse_scenario(text: &str) -> Result<Loaded, Vec<Problem>> {
    if text.trim().is_empty() {
        return Err(vec![Problem::error(
            Location::File,
            "the file is empty; expected a scenario, starting with `(` and `format_version: 1`",
        )]);
    }
    check_format_version(text)?;
    let scenario: Scenario = ron_options()
        .from_str(text)
        .map_err(|e| vec![parse_problem_in(text, &e)])?;
    let mut problems = Vec::new();
    let model = match &scenario.model {
        ModelRef::Bundled { id, version } => match bundled::find(id, *version) {
            Some(model) => model,
            None => {
                let known: Vec<String> = bundled::all()
                    .iter()
                    .map(|m| format!("\"{}\" version {}", m.id, m.version))
                    .collect();
                return Err(vec![Problem::at_field(
                    "model",
                    format!(
                        "no bundled model \"{id}\" version {version}; this build has {}",
                        known.join(", ")
                    ),
                )]);
            }
        },
        ModelRef::Inline(model) => {
            problems.extend(validate_model(model, "model"));
            Arc::new(Model::clone(model))
        }
    };
    let mut scenario = scenario;
    if problems.iter().all(|p| !p.is_error()) {
        problems.extend(validate_choices(&model, &mut scenario.choices));
    }
    if problems.iter().any(Problem::is_error) {
        return Err(problems);
    }
    Ok(Loaded {
        document: Document { scenario, model },
        warnings: problems,
    })
}

/// Refuses files from a newer format before reading the rest, so they are never half-read.
fn check_format_version(text: &str) -> Result<(), Vec<Problem>> {
    #[derive(Deserialize)]
    struct Probe {
        format_version: Option<u32>,
    }
    match ron_options().from_str::<Probe>(text) {
        Ok(Probe {
            format_version: Some(v),
        }) if v > FORMAT_VERSION => Err(vec![Problem::at_field(
            "format_version",
            format!(
                "this file uses format version {v}, but this build of Red Lines reads up to version \
                 {FORMAT_VERSION}; open it with a newer Red Lines"
            ),
        )]),
        Ok(Probe {
            format_version: Some(0),
        }) => Err(vec![Problem::at_field(
            "format_version",
            "format versions start at 1",
        )]),
        // Syntax errors and a missing version are reported by the full parse, in context.
        _ => Ok(()),
    }
}

/// Like [`parse_problem`], and says so when the error is where the text ends: a cut-short file.
fn parse_problem_in(text: &str, e: &ron::error::SpannedError) -> Problem {
    let mut problem = parse_problem(e);
    let content = text.trim_end();
    let last_line = content.lines().count().max(1);
    let last_column = content.lines().last().map_or(0, |l| l.chars().count()) + 1;
    let at_end = (e.span.end.line, e.span.end.col) >= (last_line, last_column);
    if at_end {
        problem
            .message
            .push_str(", but the file ends here: is it cut short?");
    }
    problem
}

fn parse_problem(e: &ron::error::SpannedError) -> Problem {
    let start = e.span.start;
    Problem::error(
        Location::Text {
            line: start.line,
            column: start.col,
        },
        e.code.to_string(),
    )
}

fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Pretty, stable RON: fields in declaration order, choices sorted by id, so files diff well.
pub fn scenario_to_ron(scenario: &Scenario) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        // Raw strings keep apostrophes and line breaks as written, so notes diff line by line.
        .escape_strings(false);
    let mut text = ron_options().to_string_pretty(scenario, config)?;
    text.push('\n');
    Ok(text)
}

/// A model alone as RON, e.g. to start an inline model from a bundled one.
pub fn model_from_ron(text: &str) -> Result<Model, Problem> {
    ron_options().from_str(text).map_err(|e| parse_problem(&e))
}
