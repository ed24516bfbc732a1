//! What the user sees but the scenario does not hold: the tab, filters, expanded rows, the
//! comparison on screen, and the problems shown above the panels. Plain data the panels and
//! tabs are given, so none of them needs `App`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::model::Choices;
use std::collections::BTreeSet;

use crate::model::Model;
use crate::model::deal_space::Query;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    RedLines,
    Charts,
    Explore,
    Stability,
    Dilemmas,
}

/// What the user sees but the scenario does not hold: tabs, filters, expanded rows.
#[derive(Debug)]
pub struct ViewState {
    pub tab: Tab,
    pub only_problems: bool,
    pub expanded: HashSet<String>,
    /// The last number picked per position, restored when "no limit" is switched off.
    pub last_values: HashMap<String, f64>,
    pub explore: ExploreInputs,
    /// A new document is shown: lists start at its top, not where the last one was scrolled
    /// (or where the last run left them).
    pub scroll_to_top: bool,
    /// The scenario's notes are open under its summary.
    pub show_details: bool,
    /// What View → Compare compares the open scenario with.
    pub compare_with: CompareWith,
    /// The last comparison, kept while neither side changes: the other side is read once, not
    /// every frame (a briefing step may be a file).
    pub compared: Option<Compared>,
    /// The verdicts before the last change of picks: the Red lines tab lists what that change
    /// flipped first, marked "was …". Dropped when another document opens.
    pub flipped_from: Option<crate::model::Evaluation>,
}

/// What the other side of a comparison was read from, and the comparison made.
#[derive(Debug)]
pub struct Compared {
    /// The choice, and what it was read from: the saved scenario, or the briefing's step.
    pub source: (
        CompareWith,
        Option<crate::model::Scenario>,
        Option<crate::model::briefing::Step>,
    ),
    /// The other side, or why it could not be read.
    pub other: Result<crate::model::Document, String>,
    /// The comparison, with the choices on screen it was made for.
    pub comparison: Option<(Choices, Arc<crate::model::compare::Comparison>)>,
}

/// The other side of View → Compare.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CompareWith {
    /// The scenario as last saved (or opened).
    #[default]
    Saved,
    /// A bundled example, by its index.
    Example(usize),
    /// A step of the briefing being built, by its index.
    Step(usize),
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            tab: Tab::default(),
            only_problems: false,
            expanded: HashSet::new(),
            last_values: HashMap::new(),
            explore: ExploreInputs::default(),
            scroll_to_top: true,
            show_details: false,
            compare_with: CompareWith::default(),
            compared: None,
            flipped_from: None,
        }
    }
}

impl ViewState {
    /// A scroll area that starts at the top for a new document. `name` keeps each list's
    /// scroll its own: tabs drawn in the same place would otherwise share one.
    pub fn scroll_area(&self, name: &str) -> egui::ScrollArea {
        // A bar that is always there keeps the width steady: a bar sliding in when the content
        // grows would shift everything beside it while the user aims.
        let area = egui::ScrollArea::vertical()
            .id_salt(name)
            .auto_shrink([false, false])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible);
        if self.scroll_to_top {
            area.vertical_scroll_offset(0.0)
        } else {
            area
        }
    }
}

/// Actions that would drop unsaved changes, so they ask first.
/// Problems to show without blocking: load errors, warnings, save failures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProblemReport {
    pub heading: String,
    pub lines: Vec<String>,
    pub is_error: bool,
    /// About the file's state (a failed save, a file moved away): a successful save ends it.
    pub clears_on_save: bool,
}

impl ProblemReport {
    /// An error said in one line under its heading.
    pub fn error(heading: impl Into<String>, line: String) -> Self {
        ProblemReport {
            heading: heading.into(),
            lines: vec![line],
            is_error: true,
            ..ProblemReport::default()
        }
    }
}

/// Where the Explore tab's trade-off plot was clicked, and on which result and axes.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectedPoint {
    pub result: u64,
    pub axes: (usize, usize),
    pub point: [usize; 2],
}

/// What the user asked: kept in the view, not the scenario file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExploreInputs {
    /// Parties ticked otherwise than their role says: at-the-table parties that need not
    /// accept, and observers that must.
    pub flipped: BTreeSet<String>,
    pub uncertain_ok: bool,
    pub allow_unaddressed: bool,
    /// Positions pinned at their current pick.
    pub locks: BTreeSet<String>,
    pub axis_x: usize,
    pub axis_y: usize,
    /// The trade-off point whose packages are listed, for the result and axes it was picked on:
    /// a new search or other axes make it stale, and then it is not shown.
    pub selected_point: Option<SelectedPoint>,
    pub sort_by_party: Option<usize>,
    /// Packages marked on the trade-off plot by a label: a negotiation's proposals.
    pub marked: Vec<MarkedPackage>,
}

/// A package the trade-off plot marks: its label, and per party (in the model's order) how
/// many of its red lines it breaks and leaves uncertain.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkedPackage {
    pub label: String,
    pub failing: Vec<(usize, usize)>,
}

impl ExploreInputs {
    /// The party whose uncertain red lines rank the acceptable packages, if one was chosen:
    /// ranking means something only when uncertain red lines can be acceptable.
    pub fn ranked_by(&self) -> Option<usize> {
        self.sort_by_party.filter(|_| self.uncertain_ok)
    }

    /// Whether `party` must accept: by its role, unless the user ticked it otherwise.
    pub fn requires(&self, party: &crate::model::Party) -> bool {
        party.role.is_at_the_table() != self.flipped.contains(&party.id)
    }

    pub fn query(&self, model: &Model, choices: &Choices) -> Query {
        Query {
            parties: model
                .parties
                .iter()
                .filter(|p| self.requires(p))
                .map(|p| p.id.clone())
                .collect(),
            uncertain_ok: self.uncertain_ok,
            allow_unaddressed: self.allow_unaddressed,
            locks: self
                .locks
                .iter()
                .filter_map(|id| choices.get(id).map(|pick| (id.clone(), pick.clone())))
                .collect(),
        }
    }
}
