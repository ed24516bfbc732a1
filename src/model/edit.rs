//! Edits to a scenario and their undo history. Every change the app makes to a scenario is an
//! [`Edit`], so undo, redo and "reset to file" work the same way for clicks, keys and menus.

use super::eval::Choices;
use super::scenario::Scenario;
use super::types::Pick;

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Pick an option or a number for one position.
    SetPick {
        position: String,
        pick: Pick,
    },
    /// Replace every choice at once, e.g. to load a package found by the deal-space search.
    SetChoices(Choices),
    SetTitle(String),
    SetSummary(String),
    SetNotes(String),
    /// Return to a whole earlier scenario, e.g. the last saved one.
    Replace(Box<Scenario>),
}

impl Edit {
    /// Edits with the same key may merge into one undo step (a slider drag, typing in a field).
    fn merge_key(&self) -> Option<String> {
        match self {
            Edit::SetPick { position, .. } => Some(format!("pick:{position}")),
            Edit::SetTitle(_) => Some("title".to_owned()),
            Edit::SetSummary(_) => Some("summary".to_owned()),
            Edit::SetNotes(_) => Some("notes".to_owned()),
            Edit::SetChoices(_) | Edit::Replace(_) => None,
        }
    }

    fn apply_to(self, scenario: &mut Scenario) {
        match self {
            Edit::SetPick { position, pick } => {
                scenario.choices.insert(position, pick);
            }
            Edit::SetChoices(choices) => scenario.choices = choices,
            Edit::SetTitle(t) => scenario.title = t,
            Edit::SetSummary(s) => scenario.summary = s,
            Edit::SetNotes(n) => scenario.notes = n,
            Edit::Replace(s) => *scenario = *s,
        }
    }
}

/// Undo and redo as snapshots of the scenario: scenarios are small, and snapshots cannot drift
/// out of step with the edits that made them.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Scenario>,
    redo: Vec<Scenario>,
    /// The merge key of the last edit while it may still absorb the next one.
    open_step: Option<String>,
}

/// How many steps are kept; older ones are dropped.
const MAX_UNDO: usize = 500;

impl History {
    /// Applies `edit`. With `merge`, an edit with the same key as the previous one joins its undo
    /// step, so a whole slider drag undoes at once. Returns whether the scenario changed.
    pub fn apply(&mut self, scenario: &mut Scenario, edit: Edit, merge: bool) -> bool {
        let key = edit.merge_key();
        let mut next = scenario.clone();
        edit.apply_to(&mut next);
        if next == *scenario {
            return false;
        }
        let joins_open_step = merge && key.is_some() && key == self.open_step;
        if !joins_open_step {
            self.undo.push(std::mem::replace(scenario, next));
            if self.undo.len() > MAX_UNDO {
                self.undo.remove(0);
            }
        } else {
            *scenario = next;
        }
        self.redo.clear();
        self.open_step = key;
        true
    }

    /// Ends the current merge group, e.g. when a drag is released.
    pub fn close_step(&mut self) {
        self.open_step = None;
    }

    pub fn undo(&mut self, scenario: &mut Scenario) -> bool {
        self.open_step = None;
        match self.undo.pop() {
            Some(previous) => {
                self.redo.push(std::mem::replace(scenario, previous));
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self, scenario: &mut Scenario) -> bool {
        self.open_step = None;
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(scenario, next));
                true
            }
            None => false,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn clear(&mut self) {
        *self = History::default();
    }
}
