//! The scenario file format: RON text to a validated [`Document`] and back. Pure: no file system.

mod confrontation;
pub mod lexer;
pub mod patch;
pub mod tree_patch;

use std::path::Path;
use std::sync::Arc;

use ron::extensions::Extensions;

use super::bundled::{self, BundledMatch};
use super::scenario::{Document, FORMAT_VERSION, ModelRef, Scenario};
use super::types::{Model, format_number};
use super::validate::{
    Location, MAX_CONDITION_NESTING, Problem, fit_choices, migrate_choices, validate_choices,
    validate_model,
};

/// Files larger than this are refused before parsing, and never written.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// How deep the RON reader may recurse. Only conditions nest in a scenario, and each condition
/// level costs the reader two, so this admits every condition the validator admits (plus the
/// levels around it) while keeping the stack safe; beyond it the user hears the condition rule.
const RON_RECURSION_LIMIT: usize = 2 * MAX_CONDITION_NESTING + 16;

/// A byte-order mark, which some editors put at the start of UTF-8 files.
pub(crate) const BOM: &str = "\u{feff}";

pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(RON_RECURSION_LIMIT)
}

/// The one layout the app and `redlines format` write.
pub(crate) fn canonical_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        // Raw strings keep apostrophes and line breaks as written, so notes diff line by line.
        .escape_strings(false)
}

/// A document that loaded, with the warnings met on the way (e.g. defaults filled in), and the
/// text it was read from, so a save can keep the user's layout and comments.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub document: Document,
    pub warnings: Vec<Problem>,
    pub text: Arc<str>,
}

/// "50 MB (52,428,800 bytes)".
fn size_words(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    let mb = if mb.fract() == 0.0 {
        format!("{mb}")
    } else {
        format!("{mb:.1}")
    };
    format!("{mb} MB ({} bytes)", format_number(bytes as f64))
}

/// The problem with a file of `bytes` bytes, if it is over the limit.
pub fn size_problem(bytes: u64) -> Option<Problem> {
    (bytes > MAX_FILE_BYTES as u64).then(|| {
        Problem::error(
            Location::File,
            format!(
                "the file is too large: {}; Red Lines reads scenario files of up to {}",
                size_words(bytes),
                size_words(MAX_FILE_BYTES as u64)
            ),
        )
    })
}

/// Reads a file that a scenario names (its model file, its sources' texts): `read(within, named)`
/// is the file named `named` by a file in the folder `within` (relative to the scenario's
/// folder; empty for the scenario itself). The error says why it cannot. The model never touches
/// the disk itself: `io` gives a reader for the scenario's folder, which enforces what a file
/// may name (`io::NAMED_FILE_RULE`).
pub type ReadNear<'a> = &'a dyn Fn(&Path, &Path) -> Result<String, String>;

/// For a scenario that is not in a folder (text from memory): it has no files beside it.
pub fn no_folder(_: &Path, _: &Path) -> Result<String, String> {
    Err("the scenario was not read from a file, so there is no folder to look in".to_owned())
}

/// Reads a scenario from bytes: refuses oversize, non-UTF-8 and newer-format files, reports
/// parse errors with line and column, and validation problems all together.
pub fn parse_scenario_bytes(bytes: &[u8]) -> Result<Loaded, Vec<Problem>> {
    parse_scenario_bytes_near(bytes, &no_folder)
}

/// [`parse_scenario_bytes`] for a scenario whose model file and source texts `read` finds.
pub fn parse_scenario_bytes_near(bytes: &[u8], read: ReadNear) -> Result<Loaded, Vec<Problem>> {
    parse_scenario_bytes_with(bytes, read, ModelErrors::Refuse)
}

/// What to do with a file that reads, but whose model has errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelErrors {
    /// Refuse it, as `redlines check` and every headless command do.
    Refuse,
    /// Open it so the errors can be fixed: the app's way, since a model being built is saved
    /// with its to-dos. The errors come back among [`Loaded::warnings`] (`is_error` tells them
    /// apart) and the choices are fitted to the model. Errors beyond repair
    /// ([`Problem::refuses_repair`]: numbers, limits, files it cannot read) still refuse the file.
    OpenForRepair,
}

/// [`parse_scenario_bytes_near`], with a model's errors refused or opened for repair.
pub fn parse_scenario_bytes_with(
    bytes: &[u8],
    read: ReadNear,
    errors: ModelErrors,
) -> Result<Loaded, Vec<Problem>> {
    if let Some(problem) = size_problem(bytes.len() as u64) {
        return Err(vec![problem]);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = lexer::line_column(
            &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
            usize::MAX,
        );
        vec![Problem::error(
            Location::Text { line, column },
            "the file is not valid UTF-8 text; scenario files are RON text in UTF-8",
        )]
    })?;
    parse(text, read, errors)
}

pub fn parse_scenario(text: &str) -> Result<Loaded, Vec<Problem>> {
    parse_scenario_near(text, &no_folder)
}

/// Reads a scenario whose model file and source texts, if it names any, `read` finds.
pub fn parse_scenario_near(text: &str, read: ReadNear) -> Result<Loaded, Vec<Problem>> {
    parse(text, read, ModelErrors::Refuse)
}

/// [`parse_scenario`] opening a model with errors for repair (the app's way).
pub fn parse_scenario_to_repair(text: &str) -> Result<Loaded, Vec<Problem>> {
    parse(text, &no_folder, ModelErrors::OpenForRepair)
}

fn parse(text: &str, read: ReadNear, errors: ModelErrors) -> Result<Loaded, Vec<Problem>> {
    let original: Arc<str> = Arc::from(text);
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![Problem::error(
            Location::File,
            "the file is empty; expected a scenario, starting with `(` and `format_version: 1`",
        )]);
    }
    check_format_version(text)?;
    let scenario: Scenario = ron_options()
        .from_str(text)
        .map_err(|e| every_missing_field(text, &e, &super::schema::SCENARIO))?;
    // The version as parsed, in case the text spelt it in a way the early check did not read.
    version_problem(u64::from(scenario.format_version)).map_or(Ok(()), |p| Err(vec![p]))?;
    let mut problems = duplicate_choices(text);
    let mut scenario = scenario;
    let model = match scenario.model.clone() {
        ModelRef::Bundled { id, version } => match bundled::resolve(&id, version) {
            BundledMatch::Exact(model) => model,
            BundledMatch::Older(model) => {
                let (choices, mut changes) = migrate_choices(&model, &scenario.choices);
                let kept = scenario.choices.len() - changes.len();
                let summary = if changes.is_empty() {
                    format!("all {kept} choices kept")
                } else {
                    format!(
                        "{kept} of {} choices kept; the others are listed below",
                        scenario.choices.len()
                    )
                };
                problems.push(Problem::warning(
                    Location::Field("model".to_owned()),
                    format!(
                        "this scenario was made on version {version} of the bundled model \"{id}\"; \
                         this build has the newer version {}, so it opens on that: {summary}. \
                         Saving writes version {}",
                        model.version, model.version
                    ),
                ));
                problems.append(&mut changes);
                scenario.choices = choices;
                scenario.model = ModelRef::Bundled {
                    id: id.clone(),
                    version: model.version,
                };
                model
            }
            BundledMatch::Newer(model) => {
                return Err(vec![Problem::at_field(
                    "model",
                    format!(
                        "this scenario needs version {version} of the bundled model \"{id}\", which is \
                         newer than this build's version {}; open it with a newer Red Lines",
                        model.version
                    ),
                )]);
            }
            BundledMatch::Unknown => {
                let known: Vec<String> = bundled::all()
                    .iter()
                    .map(|m| format!("\"{}\" version {}", m.id, m.version))
                    .collect();
                return Err(vec![Problem::at_field(
                    "model",
                    format!(
                        "no bundled model \"{id}\"; this build has {}",
                        known.join(", ")
                    ),
                )]);
            }
        },
        ModelRef::Inline(model) => {
            let mut model = Model::clone(&model);
            problems.extend(read_source_texts(&mut model, Path::new(""), read, "model"));
            problems.extend(validate_model(&model, "model"));
            let model = Arc::new(model);
            scenario.model = ModelRef::Inline(model.clone());
            model
        }
        ModelRef::File { path, version, .. } => {
            let model = read_model_file(&path, read)?;
            let in_file = |p: Problem| relocate(p, &path);
            let folder = Path::new(&path).parent().unwrap_or(Path::new(""));
            let mut model = model;
            let mut found: Vec<Problem> = read_source_texts(&mut model, folder, read, "model");
            found.extend(validate_model(&model, "model"));
            problems.extend(found.into_iter().map(in_file));
            match version {
                Some(made_on) if made_on < model.version => {
                    let (choices, mut changes) = migrate_choices(&model, &scenario.choices);
                    problems.push(Problem::warning(
                        Location::Field("model".to_owned()),
                        format!(
                            "this scenario was made on version {made_on} of the model in \
                             {path}, which is now version {}; saving writes that version",
                            model.version
                        ),
                    ));
                    problems.append(&mut changes);
                    scenario.choices = choices;
                }
                Some(made_on) if made_on > model.version => {
                    problems.push(Problem::warning(
                        Location::Field("model".to_owned()),
                        format!(
                            "this scenario was made on version {made_on} of the model in \
                             {path}, but the file holds the older version {}; its choices are \
                             checked against that",
                            model.version
                        ),
                    ));
                }
                _ => {}
            }
            scenario.model = ModelRef::File {
                path,
                version: Some(model.version),
                edited: None,
            };
            Arc::new(model)
        }
    };
    // Only a model's errors open for repair: the app never writes choices that do not fit.
    let repairable = errors == ModelErrors::OpenForRepair
        && problems.iter().any(Problem::is_error)
        && !problems.iter().any(Problem::refuses_repair);
    if problems.iter().all(|p| !p.is_error()) {
        problems.extend(validate_choices(&model, &mut scenario.choices));
    } else if repairable {
        // The choices as the editor keeps them for a model being built: what fits is kept.
        let (_, mut changes) = migrate_choices(&model, &scenario.choices);
        problems.append(&mut changes);
        scenario.choices = fit_choices(&model, &scenario.choices);
    }
    if let Some(confrontation) = &mut scenario.confrontation {
        problems.extend(confrontation::read_confrontation(
            &model,
            &scenario.model,
            confrontation,
            read,
        ));
    }
    if problems.iter().any(Problem::is_error) && !repairable {
        return Err(problems);
    }
    Ok(Loaded {
        document: Document { scenario, model },
        warnings: problems,
        text: original,
    })
}

/// Reads the model file a scenario names; what is wrong with it is located in that file.
fn read_model_file(path: &str, read: ReadNear) -> Result<Model, Vec<Problem>> {
    let at_model = |message: String| vec![Problem::at_field("model", message)];
    let text = read(Path::new(""), Path::new(path))
        .map_err(|e| at_model(format!("cannot read the model file \"{path}\": {e}")))?;
    if text.len() > MAX_FILE_BYTES {
        return Err(at_model(format!(
            "the model file \"{path}\" is larger than the {} Red Lines reads",
            size_words(MAX_FILE_BYTES as u64)
        )));
    }
    let body = text.strip_prefix(BOM).unwrap_or(&text);
    ron_options().from_str::<Model>(body).map_err(|e| {
        every_missing_field(body, &e, &super::schema::MODEL)
            .into_iter()
            .map(|p| Problem::at_field("model", format!("{path}:{p}")))
            .collect()
    })
}

/// A problem found in a model file, said to be there: `path: red_lines[x].party: ...`.
fn relocate(problem: Problem, path: &str) -> Problem {
    let field = match &problem.location {
        Location::Field(field) => field.strip_prefix("model.").unwrap_or(field).to_owned(),
        _ => String::new(),
    };
    Problem {
        location: Location::Field(if field.is_empty() {
            path.to_owned()
        } else {
            format!("{path}: {field}")
        }),
        ..problem
    }
}

/// Reads each source's text, from beside the model (`folder`), or, for a path that names a
/// text shipped with the app and no file there, the shipped one. A text that cannot be read is
/// an error at its field: quotes from it could not be checked.
pub fn read_source_texts(
    model: &mut Model,
    folder: &Path,
    read: ReadNear,
    prefix: &str,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for source in &mut model.sources {
        if let Some(inline) = &source.text_inline {
            if source.text.is_some() {
                problems.push(Problem::at_field(
                    format!("{prefix}.sources[{}]", source.id),
                    "give the source's text as a `text` path or as `text_inline`, not both",
                ));
            }
            source.content = super::types::LoadedText(Some(Arc::from(inline.as_str())));
            continue;
        }
        let Some(text_path) = source.text.clone().filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        match read(folder, Path::new(&text_path)) {
            Ok(text) => source.content = super::types::LoadedText(Some(Arc::from(text))),
            Err(why) => match bundled::source_text(&text_path) {
                Some(shipped) => {
                    source.content = super::types::LoadedText(Some(Arc::from(shipped)));
                }
                // Fatal: what a file may name is a rule of trust, not a to-do to repair.
                None => problems.push(Problem::fatal(
                    Location::Field(format!("{prefix}.sources[{}].text", source.id)),
                    format!("cannot read the source text \"{text_path}\": {why}"),
                )),
            },
        }
    }
    problems
}

/// Refuses files from a newer format before reading the rest, so they are never half-read, and
/// whatever else is wrong with them.
fn check_format_version(text: &str) -> Result<(), Vec<Problem>> {
    // A missing or malformed version is reported by the full parse, in context.
    match lexer::declared_format_version(text).and_then(version_problem) {
        Some(problem) => Err(vec![problem]),
        None => Ok(()),
    }
}

fn version_problem(version: u64) -> Option<Problem> {
    if version > u64::from(FORMAT_VERSION) {
        Some(Problem::at_field(
            "format_version",
            format!(
                "this file uses format version {version}, but this build of Red Lines reads up to \
                 version {FORMAT_VERSION}; open it with a newer Red Lines"
            ),
        ))
    } else if version == 0 {
        Some(Problem::at_field(
            "format_version",
            "format versions start at 1",
        ))
    } else {
        None
    }
}

/// A choice written twice would silently lose one of the two picks.
fn duplicate_choices(text: &str) -> Vec<Problem> {
    let reader = lexer::Reader::new(text);
    let Some(map) = reader
        .top_level()
        .and_then(|top| top.get("choices").and_then(|c| reader.fields_of(&c.value)))
    else {
        return Vec::new();
    };
    let mut seen: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    for entry in &map.fields {
        let Ok(key) = ron::from_str::<String>(&entry.name) else {
            continue;
        };
        if seen.contains(&key) {
            let (line, column) = lexer::line_column(text, entry.name_span.start);
            problems.push(Problem::error(
                Location::Text { line, column },
                format!("position \"{key}\" is chosen twice; keep one of the two picks"),
            ));
        } else {
            seen.push(key);
        }
    }
    problems
}

/// The parse error, or where it is a missing field, every missing field in the text at once.
fn every_missing_field(
    text: &str,
    e: &ron::error::SpannedError,
    top: &super::schema::Type,
) -> Vec<Problem> {
    if matches!(e.code, ron::Error::MissingStructField { .. }) {
        let all = super::schema::missing_fields(text, top);
        if !all.is_empty() {
            return all;
        }
    }
    vec![parse_problem(text, e)]
}

/// A RON error as the user should read it: at the token it is about, in words for people.
fn parse_problem(text: &str, e: &ron::error::SpannedError) -> Problem {
    let start = lexer::offset_of(text, e.span.start.line, e.span.start.col);
    let mut at = lexer::skip_trivia(text, start);
    let message = match &e.code {
        ron::Error::ExceededRecursionLimit => format!(
            "this condition nests too deep: conditions may nest at most {MAX_CONDITION_NESTING} levels"
        ),
        ron::Error::NoSuchStructField { found, .. } => {
            // ron may point after the field's name; the user looks for the name.
            if !text[at..].starts_with(found.as_str())
                && let Some(name_at) = text[..at].rfind(found.as_str())
            {
                at = name_at;
            }
            e.code.to_string()
        }
        _ => e.code.to_string(),
    };
    // At the end of the text the token is the end itself: point just after the last content.
    let content_end = text.trim_end().len();
    let end = lexer::offset_of(text, e.span.end.line, e.span.end.col);
    let cut_short = at.max(end) >= content_end;
    let (line, column) = lexer::line_column(text, at.min(content_end));
    let mut message = message;
    if cut_short {
        message.push_str(", but the file ends here: is it cut short?");
    }
    Problem::error(Location::Text { line, column }, message)
}

/// Pretty, stable RON: fields in declaration order, choices sorted by id, so files diff well.
pub fn scenario_to_ron(scenario: &Scenario) -> Result<String, ron::Error> {
    let mut text = ron_options().to_string_pretty(scenario, canonical_config())?;
    text.push('\n');
    Ok(text)
}

/// What a save writes, and what of the file as written it could not keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveText {
    pub text: String,
    pub comments_dropped: usize,
    /// The whole file is written anew in the canonical layout, though it was laid out
    /// otherwise: the user's layout goes (the values themselves are all kept).
    pub relaid: bool,
}

impl SaveText {
    /// Whether writing this loses anything of the user's text beyond the values they changed.
    pub fn loses_text(&self) -> bool {
        self.comments_dropped > 0 || self.relaid
    }
}

/// The text to save `scenario` as. With `base` (the file's text as last read or written), only
/// the values that changed are rewritten, keeping comments and layout; otherwise, or where the
/// text cannot be patched, the canonical layout. Never longer than the reader accepts: a
/// scenario too large for the canonical layout is written compactly, and one too large even so
/// is refused.
pub fn save_text(scenario: &Scenario, base: Option<&str>) -> Result<SaveText, Problem> {
    if let Some(patched) = base.and_then(|b| patch::patch(b, scenario))
        && patched.text.len() <= MAX_FILE_BYTES
    {
        return Ok(SaveText {
            text: patched.text,
            comments_dropped: patched.comments_dropped,
            relaid: false,
        });
    }
    let failed = |e: ron::Error| Problem::error(Location::File, format!("cannot write: {e}"));
    let mut text = scenario_to_ron(scenario).map_err(failed)?;
    if text.len() > MAX_FILE_BYTES {
        text = ron_options().to_string(scenario).map_err(failed)? + "\n";
    }
    if base.is_some_and(|b| b.starts_with(BOM)) {
        text.insert_str(0, BOM);
    }
    if text.len() > MAX_FILE_BYTES {
        return Err(Problem::error(
            Location::File,
            format!(
                "the scenario is too large to save: it would take {}, over the {} that Red Lines \
                 reads back; nothing was written",
                size_words(text.len() as u64),
                size_words(MAX_FILE_BYTES as u64)
            ),
        ));
    }
    // Patching failed (or there was no text): does the file lose a layout of its own?
    let relaid = base.is_some_and(|base| {
        let body = base.strip_prefix(BOM).unwrap_or(base);
        ron_options()
            .from_str::<Scenario>(body)
            .ok()
            .and_then(|old| scenario_to_ron(&old).ok())
            .is_none_or(|canonical| canonical != body)
    });
    Ok(SaveText {
        text,
        comments_dropped: base.map_or(0, lexer::count_comments),
        relaid,
    })
}

/// A model alone as canonical RON: what a model file holds.
pub fn model_to_ron(model: &Model) -> Result<String, ron::Error> {
    let mut text = ron_options().to_string_pretty(model, canonical_config())?;
    text.push('\n');
    Ok(text)
}

/// The text to write an edited model file as: with `base` (the file's text now), only the parts
/// that changed are rewritten, keeping the user's comments and layout. Refused (with why) when
/// that cannot be done without dropping a comment.
pub fn model_save_text(model: &Model, base: Option<&str>) -> Result<String, String> {
    if let Some(patched) = base.and_then(|b| tree_patch::patch_value(b, model))
        && patched.comments_dropped == 0
    {
        return Ok(patched.text);
    }
    let comments = base.map_or(0, lexer::count_comments);
    if comments > 0 {
        return Err(format!(
            "the model file has {comments} comment(s), and the edit changes the text around \
             some of them so that writing it would drop them; nothing was written. Save as \
             self-contained to keep your edits in the scenario, or move those comments first"
        ));
    }
    model_to_ron(model).map_err(|e| format!("cannot write RON: {e}"))
}

/// A model alone as RON, e.g. to start an inline model from a bundled one.
pub fn model_from_ron(text: &str) -> Result<Model, Problem> {
    ron_options()
        .from_str(text)
        .map_err(|e| parse_problem(text, &e))
}
