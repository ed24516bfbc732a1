//! A scenario: one pick for every position of a model, with a title and notes.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::bundled;
use super::eval::{Choices, Evaluation, evaluate};
use super::types::{Model, Pick};

/// The scenario file format this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub format_version: u32,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub model: ModelRef,
    pub choices: Choices,
    #[serde(default)]
    pub notes: String,
    /// The standoff the dilemmas are read from: each party's position and the threatened
    /// future. Optional; older files have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confrontation: Option<Confrontation>,
}

/// Confrontation analysis' view of a scenario: the package each party proposes, and what
/// happens if nobody gives way.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confrontation {
    /// Each party's position (parties left out have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<PartyStance>,
    /// What happens if nobody gives way; the scenario's own choices when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threatened_future: Option<Stance>,
    /// Whose positions these are and how they were read.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// One party's position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyStance {
    pub party: String,
    /// The package, written here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<Choices>,
    /// Or another scenario file whose choices are the package, by its path relative to this
    /// file (the rule of what a file may name holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The package as read and checked when the scenario was loaded: never part of the text.
    #[serde(skip)]
    pub read: Option<Choices>,
}

/// A package, written here or named by file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<Choices>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip)]
    pub read: Option<Choices>,
}

impl Confrontation {
    /// Writes every package named by file inside, as it was read, so the confrontation holds
    /// without the files beside it (a link, an example, a file saved elsewhere).
    pub fn write_inside(&mut self) {
        let stances = self
            .positions
            .iter_mut()
            .map(|s| (&mut s.package, &mut s.file, &s.read))
            .chain(
                self.threatened_future
                    .iter_mut()
                    .map(|t| (&mut t.package, &mut t.file, &t.read)),
            );
        for (package, file, read) in stances {
            if file.is_some()
                && let Some(read) = read
            {
                *package = Some(read.clone());
                *file = None;
            }
        }
    }

    /// The packages as loaded, per party of `model` (`None` for a party with no position, or
    /// one whose file could not be read), and the threatened future (`status_quo` unless
    /// given).
    pub fn stances(&self, model: &Model, status_quo: &Choices) -> crate::model::dilemmas::Stances {
        // As checked when loaded (defaults filled in), else as written.
        let package = |package: &Option<Choices>, read: &Option<Choices>| {
            read.clone().or_else(|| package.clone())
        };
        crate::model::dilemmas::Stances {
            positions: model
                .parties
                .iter()
                .map(|p| {
                    self.positions
                        .iter()
                        .find(|s| s.party == p.id)
                        .and_then(|s| package(&s.package, &s.read))
                })
                .collect(),
            threatened: self
                .threatened_future
                .as_ref()
                .and_then(|t| package(&t.package, &t.read))
                .unwrap_or_else(|| status_quo.clone()),
        }
    }
}

/// The model a scenario runs on.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ModelRef {
    /// A model shipped with the app.
    Bundled { id: String, version: u32 },
    /// A model carried in the file itself, so it opens anywhere. Shared, not copied: undo keeps
    /// snapshots of the scenario, and a big model must not be copied with each one.
    Inline(Arc<Model>),
    /// A model in a file of its own, by its path relative to the scenario's file, and the
    /// model version the scenario was made on.
    File {
        path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<u32>,
        /// The model as edited in the app and not yet written to its file: what Save writes
        /// there. Never part of the scenario's own text.
        #[serde(skip)]
        edited: Option<Arc<Model>>,
    },
}

impl PartialEq for ModelRef {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ModelRef::Inline(a), ModelRef::Inline(b)) => Arc::ptr_eq(a, b) || a == b,
            (
                ModelRef::Bundled { id, version },
                ModelRef::Bundled {
                    id: other_id,
                    version: other_version,
                },
            ) => id == other_id && version == other_version,
            (
                ModelRef::File {
                    path,
                    version,
                    edited,
                },
                ModelRef::File {
                    path: other_path,
                    version: other_version,
                    edited: other_edited,
                },
            ) => {
                path == other_path
                    && version == other_version
                    && match (edited, other_edited) {
                        (None, None) => true,
                        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
                        _ => false,
                    }
            }
            _ => false,
        }
    }
}

/// A scenario together with the model it runs on, resolved and validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub scenario: Scenario,
    pub model: Arc<Model>,
}

impl Document {
    /// The model with its sources' texts written inside it: what one file, or a link, carries
    /// so it opens anywhere.
    pub fn self_contained_model(&self) -> Model {
        let mut model = (*self.model).clone();
        for source in &mut model.sources {
            if let Some(text) = source.content.get() {
                source.text_inline = Some(text.to_owned());
                source.text = None;
            }
        }
        model
    }

    /// A new scenario on `model`, every position at its default.
    pub fn new(model: Arc<Model>, model_ref: ModelRef) -> Self {
        let choices = model
            .positions
            .iter()
            .map(|p| (p.id.clone(), p.default_pick()))
            .collect();
        let scenario = Scenario {
            format_version: FORMAT_VERSION,
            title: "Untitled scenario".to_owned(),
            summary: String::new(),
            author: None,
            model: model_ref,
            choices,
            notes: String::new(),
            confrontation: None,
        };
        Document { scenario, model }
    }

    /// A new scenario on the first bundled model.
    pub fn new_bundled() -> Self {
        let model = bundled::default_model();
        let model_ref = ModelRef::Bundled {
            id: model.id.clone(),
            version: model.version,
        };
        Self::new(model, model_ref)
    }

    pub fn evaluate(&self) -> Evaluation {
        evaluate(&self.model, &self.scenario.choices)
    }

    pub fn pick(&self, position: &str) -> Option<&Pick> {
        self.scenario.choices.get(position)
    }
}
