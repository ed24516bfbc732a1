//! A scenario's confrontation read against its model: every party named exists, each package
//! fits the model, and a package named by file is read from beside the scenario, under the
//! rule of what a file may name (the reader enforces it); at most one file per party and one
//! for the threatened future is read.

use std::path::Path;

use super::{BOM, MAX_FILE_BYTES, ReadNear, ron_options};
use crate::model::eval::Choices;
use crate::model::scenario::{Confrontation, ModelRef, Scenario};
use crate::model::types::Model;
use crate::model::validate::{Location, Problem, validate_choices};

/// Checks `confrontation` against `model` and reads the packages it names by file into it.
pub(super) fn read_confrontation(
    model: &Model,
    model_ref: &ModelRef,
    confrontation: &mut Confrontation,
    read: ReadNear,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (k, stance) in confrontation.positions.iter_mut().enumerate() {
        let at = format!("confrontation.positions[{k}]");
        if model.party(&stance.party).is_none() {
            let known: Vec<&str> = model.parties.iter().map(|p| p.id.as_str()).collect();
            problems.push(Problem::at_field(
                format!("{at}.party"),
                format!(
                    "no party has the id \"{}\"; the parties are {}",
                    stance.party,
                    known.join(", ")
                ),
            ));
        } else if seen.contains(&stance.party) {
            problems.push(Problem::at_field(
                format!("{at}.party"),
                format!("\"{}\" has a position already", stance.party),
            ));
        }
        let refused = problems
            .iter()
            .any(|p| p.location == Location::Field(format!("{at}.party")));
        seen.push(stance.party.clone());
        if refused {
            // Read nothing for it: a hostile file cannot make the app read one file per
            // repeated entry.
            continue;
        }
        let (package, read_in) =
            package_of(model, model_ref, &stance.package, &stance.file, &at, read);
        problems.extend(package);
        stance.read = read_in;
    }
    if let Some(future) = &mut confrontation.threatened_future {
        let at = "confrontation.threatened_future";
        let (package, read_in) =
            package_of(model, model_ref, &future.package, &future.file, at, read);
        problems.extend(package);
        future.read = read_in;
    }
    problems
}

/// The problems of one package (written at `at`, or named by file), and the package as checked
/// (read from its file, or as written with the positions it leaves out at their defaults).
fn package_of(
    model: &Model,
    model_ref: &ModelRef,
    package: &Option<Choices>,
    file: &Option<String>,
    at: &str,
    read: ReadNear,
) -> (Vec<Problem>, Option<Choices>) {
    match (package, file) {
        (Some(_), Some(_)) | (None, None) => (
            vec![Problem::at_field(
                at,
                "give the package either here (`package: {...}`) or by file (`file: \"...\"`), \
                 not both and not neither",
            )],
            None,
        ),
        (Some(package), None) => {
            // Checked as choices are: a position left out takes its default.
            let mut package = package.clone();
            let problems = validate_choices(model, &mut package);
            (relocated(problems, &format!("{at}.package")), Some(package))
        }
        (None, Some(path)) => {
            let at_file = format!("{at}.file");
            let text = match read(Path::new(""), Path::new(path)) {
                Ok(text) if text.len() <= MAX_FILE_BYTES => text,
                Ok(_) => {
                    let message = format!("the scenario file \"{path}\" is too large to read");
                    return (vec![Problem::at_field(at_file, message)], None);
                }
                Err(e) => {
                    let message = format!("cannot read the scenario file \"{path}\": {e}");
                    return (vec![Problem::at_field(at_file, message)], None);
                }
            };
            let body = text.strip_prefix(BOM).unwrap_or(&text);
            let other: Scenario = match ron_options().from_str(body) {
                Ok(other) => other,
                Err(e) => {
                    let message = format!(
                        "\"{path}\" is not a scenario file: {}:{}: {}",
                        e.span.start.line, e.span.start.col, e.code
                    );
                    return (vec![Problem::at_field(at_file, message)], None);
                }
            };
            let mut problems = Vec::new();
            if !same_model(&other.model, model_ref, model) {
                problems.push(Problem::warning(
                    Location::Field(at_file.clone()),
                    format!(
                        "\"{path}\" runs on another model; its choices are read against this one"
                    ),
                ));
            }
            let mut choices = other.choices;
            problems.extend(relocated(
                validate_choices(model, &mut choices),
                &format!("{at_file} ({path})"),
            ));
            (problems, Some(choices))
        }
    }
}

/// Whether another scenario's model is this scenario's.
fn same_model(other: &ModelRef, this: &ModelRef, model: &Model) -> bool {
    match (other, this) {
        (ModelRef::Bundled { id, .. }, ModelRef::Bundled { id: this, .. }) => id == this,
        (ModelRef::File { path, .. }, ModelRef::File { path: this, .. }) => path == this,
        (ModelRef::Inline(other), _) => other.id == model.id,
        _ => false,
    }
}

/// Problems of a package's choices, at the package's field rather than the scenario's choices.
fn relocated(problems: Vec<Problem>, at: &str) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|p| match &p.location {
            Location::Field(field) => Problem {
                location: Location::Field(match field.strip_prefix("choices") {
                    Some(rest) => format!("{at}{rest}"),
                    None => format!("{at}: {field}"),
                }),
                ..p
            },
            _ => p,
        })
        .collect()
}
