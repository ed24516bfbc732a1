//! The models shipped inside the binary.

use std::path::{Component, Path};
use std::sync::{Arc, OnceLock};

use super::format::model_from_ron;
use super::types::Model;

/// Each bundled model's RON text, embedded at build time.
pub const BUNDLED_SOURCES: &[(&str, &str)] = &[(
    "berlin-2025-12.ron",
    include_str!("../../assets/models/berlin-2025-12.ron"),
)];

/// Source texts the bundled models cite, by their path below `assets/`.
pub const SOURCE_TEXTS: &[(&str, &str)] = &[(
    "sources/berlin-talks-2025-12.txt",
    include_str!("../../assets/sources/berlin-talks-2025-12.txt"),
)];

/// All bundled models, parsed once. A bundled model that fails to parse is a build defect, caught
/// by the tests; it is left out here rather than take the app down.
pub fn all() -> &'static [Arc<Model>] {
    static MODELS: OnceLock<Vec<Arc<Model>>> = OnceLock::new();
    MODELS.get_or_init(|| {
        BUNDLED_SOURCES
            .iter()
            .filter_map(|(_, text)| {
                let mut model = model_from_ron(text).ok()?;
                for source in &mut model.sources {
                    let text = source.text.as_deref().and_then(source_text);
                    source.content = super::types::LoadedText(text.map(Arc::from));
                }
                Some(Arc::new(model))
            })
            .collect()
    })
}

pub fn find(id: &str, version: u32) -> Option<Arc<Model>> {
    all()
        .iter()
        .find(|m| m.id == id && m.version == version)
        .cloned()
}

/// What this build has for a scenario that names bundled model `id` at `version`.
#[derive(Clone, Debug, PartialEq)]
pub enum BundledMatch {
    Exact(Arc<Model>),
    /// The file is older: here is the newest version, to migrate to.
    Older(Arc<Model>),
    /// The file needs a newer build; here is the newest this build has.
    Newer(Arc<Model>),
    Unknown,
}

pub fn resolve(id: &str, version: u32) -> BundledMatch {
    resolve_in(all(), id, version)
}

/// [`resolve`] over any list of models, so migrations can be tested with made-up versions.
pub fn resolve_in(models: &[Arc<Model>], id: &str, version: u32) -> BundledMatch {
    let same_id = || models.iter().filter(|m| m.id == id);
    if let Some(exact) = same_id().find(|m| m.version == version) {
        return BundledMatch::Exact(exact.clone());
    }
    match same_id().max_by_key(|m| m.version) {
        Some(newest) if newest.version > version => BundledMatch::Older(newest.clone()),
        Some(newest) => BundledMatch::Newer(newest.clone()),
        None => BundledMatch::Unknown,
    }
}

/// The model "New" starts from.
pub fn default_model() -> Arc<Model> {
    all()
        .first()
        .cloned()
        .unwrap_or_else(|| Arc::new(empty_model()))
}

fn empty_model() -> Model {
    Model {
        id: "empty".to_owned(),
        title: "Empty model".to_owned(),
        ..super::authoring::empty_model()
    }
}

/// The text of a source, by the path a [`super::types::Source`] gives.
pub fn source_text(path: &str) -> Option<&'static str> {
    SOURCE_TEXTS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, t)| *t)
}

/// The example scenarios of `scenarios/`, embedded so "Open example" works anywhere. In the order
/// that tells the story: the baseline first, then each side's position; last, a textbook game.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "status-quo.ron",
        include_str!("../../scenarios/status-quo.ron"),
    ),
    (
        "kremlin-demands.ron",
        include_str!("../../scenarios/kremlin-demands.ron"),
    ),
    (
        "us-compromise.ron",
        include_str!("../../scenarios/us-compromise.ron"),
    ),
    (
        "european-joint-statement.ron",
        include_str!("../../scenarios/european-joint-statement.ron"),
    ),
    // Not the talks: a textbook game on a model of its own, to try the Stability tab on.
    (
        "prisoners-dilemma.ron",
        include_str!("../../scenarios/prisoners-dilemma.ron"),
    ),
    // A published case of the stability literature, in both forms of preferences.
    (
        "syria-iraq-1975.ron",
        include_str!("../../scenarios/syria-iraq-1975.ron"),
    ),
    (
        "syria-iraq-1975-prioritization.ron",
        include_str!("../../scenarios/syria-iraq-1975-prioritization.ron"),
    ),
    // Not the talks either: an invented negotiation whose model is a file of its own.
    (
        "riverside-opening-offer.ron",
        include_str!("../../scenarios/riverside-opening-offer.ron"),
    ),
    // The Berlin talks again, as a standoff: each party's position (the first examples, by
    // file) and the threatened future, for the Dilemmas view.
    (
        "standoff-berlin.ron",
        include_str!("../../scenarios/standoff-berlin.ron"),
    ),
];

/// The files examples name (a model file, its sources' texts), by their path from `scenarios/`,
/// embedded with them: an example reads what it would read beside it on disk.
const EXAMPLE_FILES: &[(&str, &str)] = &[
    (
        "teaching/riverside.model.ron",
        include_str!("../../scenarios/teaching/riverside.model.ron"),
    ),
    (
        "teaching/sources/riverside-minutes.txt",
        include_str!("../../scenarios/teaching/sources/riverside-minutes.txt"),
    ),
];

/// The example briefings, which walk through the examples by file name.
pub const EXAMPLE_BRIEFINGS: &[(&str, &str)] = &[(
    "berlin-talks.briefing.ron",
    include_str!("../../scenarios/berlin-talks.briefing.ron"),
)];

/// An example scenario's text by its file name (for a bundled briefing's steps), or a file an
/// example names, by its path from `scenarios/`.
pub fn example_text(name: &str) -> Option<&'static str> {
    EXAMPLES
        .iter()
        .chain(EXAMPLE_FILES)
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// A file that an example names: `named` by a file in the folder `within`, both relative to
/// `scenarios/`, read from the copies embedded with the examples (a `format::ReadNear`).
pub fn read_example_file(within: &Path, named: &Path) -> Result<String, String> {
    let joined = within.join(named);
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.components() {
        match part {
            Component::Normal(part) => parts.push(part.to_str().unwrap_or_default()),
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir => {}
            _ => return Err("an example names files only beside it".to_owned()),
        }
    }
    let path = parts.join("/");
    example_text(&path)
        .map(str::to_owned)
        .ok_or_else(|| format!("no file {path} comes with the examples"))
}

/// An example scenario, read as from `scenarios/`. A model it keeps in a file of its own comes
/// inside it, with its sources' texts, as Save as self-contained would carry it: an example
/// has no folder, so whatever the user saves it as must hold everything.
pub fn parse_example(text: &str) -> Result<super::format::Loaded, Vec<super::Problem>> {
    let mut loaded = super::format::parse_scenario_near(text, &read_example_file)?;
    let document = &mut loaded.document;
    if matches!(document.scenario.model, super::ModelRef::File { .. }) {
        let model = Arc::new(document.self_contained_model());
        document.scenario.model = super::ModelRef::Inline(model.clone());
        document.model = model;
    }
    if let Some(confrontation) = &mut document.scenario.confrontation {
        confrontation.write_inside();
    }
    Ok(loaded)
}

/// What the app shows at start: the first example (the baseline, which says what it is), or a
/// new scenario on the default model where there is none.
pub fn starting_document() -> super::scenario::Document {
    EXAMPLES
        .first()
        .and_then(|(_, text)| parse_example(text).ok())
        .map_or_else(super::scenario::Document::new_bundled, |l| l.document)
}

/// Each example's title, parsed once: the Open example menu reads them every frame it is open.
pub fn example_titles() -> &'static [String] {
    static TITLES: OnceLock<Vec<String>> = OnceLock::new();
    TITLES.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|(name, text)| {
                parse_example(text)
                    .map_or_else(|_| (*name).to_owned(), |l| l.document.scenario.title)
            })
            .collect()
    })
}
