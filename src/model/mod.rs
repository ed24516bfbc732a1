//! The pure domain: types, the rule language, evaluation, deal-space search and the file format.
//! Nothing here imports egui or eframe; only `io` touches the file system.

pub mod authoring;
pub mod briefing;
pub mod bundled;
pub mod compare;
pub mod condition;
pub mod deal_space;
pub mod dilemmas;
pub mod edit;
pub mod eval;
pub mod format;
pub mod generate;
pub mod handout;
pub mod io;
pub mod link;
pub mod report;
pub mod room;
pub mod scenario;
pub mod schema;
pub mod sources;
pub mod space;
pub mod stability;
pub mod text;
pub mod triage;
pub mod types;
pub mod validate;
pub mod wording;

pub use condition::Condition;
pub use eval::{Choices, Evaluation, PartyStatus, PartySummary, RedLineVerdict, Verdict, evaluate};
pub use scenario::{
    Confrontation, Document, FORMAT_VERSION, ModelRef, PartyStance, Scenario, Stance,
};
pub use types::{
    Basis, ChoiceOption, Model, NumberSpec, Party, Pick, Position, PositionKind, RedLine, Role,
    Source, SourceRef,
};
pub use validate::{Location, Problem, Severity};
