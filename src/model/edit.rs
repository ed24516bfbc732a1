//! Edits to a scenario, and to the briefing being built, and their undo history. Every change
//! the app makes to either is an [`Edit`], so undo, redo and "reset to file" work the same way
//! for clicks, keys and menus.

use std::sync::Arc;

use super::briefing::{Briefing, Step};
use super::eval::Choices;
use super::scenario::{ModelRef, Scenario};
use super::types::{Model, Pick};

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
    /// Change the model: the scenario carries the new one inline from then on, or, for a model
    /// in its own file, as the edit that Save writes to that file. `renamed`
    /// position ids keep their picks under the new id; picks the model no longer has take
    /// their position's default. `key` merges typing into one field into one undo step.
    SetModel {
        model: Arc<Model>,
        renamed: Vec<Renamed>,
        key: Option<String>,
    },
    /// Name the model otherwise: e.g. carry it inline, to save the scenario self-contained.
    SetModelRef(ModelRef),
    /// Change the briefing being built.
    Briefing(BriefingEdit),
}

/// An id the model editor renamed, so the scenario's picks follow it.
#[derive(Clone, Debug, PartialEq)]
pub enum Renamed {
    Position {
        from: String,
        to: String,
    },
    Option {
        position: String,
        from: String,
        to: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum BriefingEdit {
    /// Add a step at the end, starting a briefing if there is none.
    AddStep(Box<Step>),
    RemoveStep(usize),
    MoveStep {
        from: usize,
        to: usize,
    },
    /// Replace one step: its title, notes, question or what it shows.
    SetStep(usize, Box<Step>),
    SetTitle(String),
    /// Start over with this briefing, or with none.
    Replace(Option<Box<Briefing>>),
}

/// What undo restores: the scenario, and the briefing being built.
#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    scenario: Scenario,
    briefing: Option<Briefing>,
}

impl Edit {
    /// Edits with the same key may merge into one undo step (a slider drag, typing in a field).
    fn merge_key(&self) -> Option<String> {
        match self {
            Edit::SetPick { position, .. } => Some(format!("pick:{position}")),
            Edit::SetTitle(_) => Some("title".to_owned()),
            Edit::SetSummary(_) => Some("summary".to_owned()),
            Edit::SetNotes(_) => Some("notes".to_owned()),
            Edit::Briefing(BriefingEdit::SetStep(i, _)) => Some(format!("step:{i}")),
            Edit::Briefing(BriefingEdit::SetTitle(_)) => Some("briefing title".to_owned()),
            Edit::SetModel { key, .. } => key.as_ref().map(|k| format!("model:{k}")),
            Edit::SetChoices(_) | Edit::Replace(_) | Edit::SetModelRef(_) | Edit::Briefing(_) => {
                None
            }
        }
    }

    fn apply_to(self, now: &mut Snapshot) {
        let scenario = &mut now.scenario;
        match self {
            Edit::SetPick { position, pick } => {
                scenario.choices.insert(position, pick);
            }
            Edit::SetChoices(choices) => scenario.choices = choices,
            Edit::SetTitle(t) => scenario.title = t,
            Edit::SetSummary(s) => scenario.summary = s,
            Edit::SetNotes(n) => scenario.notes = n,
            Edit::Replace(s) => *scenario = *s,
            Edit::SetModelRef(model) => scenario.model = model,
            Edit::SetModel { model, renamed, .. } => {
                for rename in renamed {
                    match rename {
                        Renamed::Position { from, to } => {
                            if let Some(pick) = scenario.choices.remove(&from) {
                                scenario.choices.insert(to, pick);
                            }
                        }
                        Renamed::Option { position, from, to } => {
                            if let Some(pick) = scenario.choices.get_mut(&position)
                                && *pick == Pick::Option(from)
                            {
                                *pick = Pick::Option(to);
                            }
                        }
                    }
                }
                scenario.choices = super::validate::fit_choices(&model, &scenario.choices);
                // A model in its own file stays there, edited until saved; any other becomes
                // the scenario's own.
                match &mut scenario.model {
                    ModelRef::File { edited, .. } => *edited = Some(model),
                    other => *other = ModelRef::Inline(model),
                }
            }
            Edit::Briefing(edit) => edit.apply_to(&mut now.briefing),
        }
    }
}

impl BriefingEdit {
    fn apply_to(self, briefing: &mut Option<Briefing>) {
        if let BriefingEdit::Replace(b) = self {
            *briefing = b.map(|b| *b);
            return;
        }
        let steps_before = briefing.as_ref().map_or(0, |b| b.steps.len());
        let starts_one = matches!(self, BriefingEdit::AddStep(_) | BriefingEdit::SetTitle(_));
        if briefing.is_none() && !starts_one {
            return;
        }
        let b = briefing.get_or_insert_with(|| Briefing::new("Untitled briefing"));
        match self {
            BriefingEdit::AddStep(step) => b.steps.push(*step),
            BriefingEdit::RemoveStep(i) if i < steps_before => {
                b.steps.remove(i);
            }
            BriefingEdit::MoveStep { from, to } if from < steps_before && to < steps_before => {
                let step = b.steps.remove(from);
                b.steps.insert(to, step);
            }
            BriefingEdit::SetStep(i, step) if i < steps_before => b.steps[i] = *step,
            BriefingEdit::SetTitle(t) => b.title = t,
            _ => {}
        }
    }
}

/// Undo and redo as snapshots of the scenario and the briefing: both are small, and snapshots
/// cannot drift out of step with the edits that made them.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The merge key of the last edit while it may still absorb the next one.
    open_step: Option<String>,
}

/// How many steps are kept; older ones are dropped.
const MAX_UNDO: usize = 500;

fn take(scenario: &Scenario, briefing: &Option<Briefing>) -> Snapshot {
    Snapshot {
        scenario: scenario.clone(),
        briefing: briefing.clone(),
    }
}

fn put(snapshot: Snapshot, scenario: &mut Scenario, briefing: &mut Option<Briefing>) {
    *scenario = snapshot.scenario;
    *briefing = snapshot.briefing;
}

impl History {
    /// Applies `edit`. With `merge`, an edit with the same key as the previous one joins its undo
    /// step, so a whole slider drag undoes at once. Returns whether anything changed.
    pub fn apply(
        &mut self,
        scenario: &mut Scenario,
        briefing: &mut Option<Briefing>,
        edit: Edit,
        merge: bool,
    ) -> bool {
        let key = edit.merge_key();
        let now = take(scenario, briefing);
        let mut next = now.clone();
        edit.apply_to(&mut next);
        if next == now {
            return false;
        }
        let joins_open_step = merge && key.is_some() && key == self.open_step;
        if !joins_open_step {
            self.undo.push(now);
            if self.undo.len() > MAX_UNDO {
                self.undo.remove(0);
            }
        }
        put(next, scenario, briefing);
        self.redo.clear();
        self.open_step = key;
        true
    }

    /// Ends the current merge group, e.g. when a drag is released.
    pub fn close_step(&mut self) {
        self.open_step = None;
    }

    pub fn undo(&mut self, scenario: &mut Scenario, briefing: &mut Option<Briefing>) -> bool {
        self.open_step = None;
        match self.undo.pop() {
            Some(previous) => {
                self.redo.push(take(scenario, briefing));
                put(previous, scenario, briefing);
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self, scenario: &mut Scenario, briefing: &mut Option<Briefing>) -> bool {
        self.open_step = None;
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(take(scenario, briefing));
                put(next, scenario, briefing);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bundled;

    #[test]
    fn briefing_edits_undo_and_redo_with_the_scenario() {
        let mut document = bundled::starting_document();
        let mut briefing = None;
        let mut history = History::default();
        let step = Box::new(Step::inline(&document));
        let first_title = step.title.clone();

        assert!(history.apply(
            &mut document.scenario,
            &mut briefing,
            Edit::Briefing(BriefingEdit::AddStep(step.clone())),
            false,
        ));
        assert_eq!(briefing.as_ref().unwrap().steps.len(), 1);

        history.apply(
            &mut document.scenario,
            &mut briefing,
            Edit::SetTitle("Second".into()),
            false,
        );
        let second = Box::new(Step::inline(&document));
        history.apply(
            &mut document.scenario,
            &mut briefing,
            Edit::Briefing(BriefingEdit::AddStep(second)),
            false,
        );
        history.apply(
            &mut document.scenario,
            &mut briefing,
            Edit::Briefing(BriefingEdit::MoveStep { from: 1, to: 0 }),
            false,
        );
        let titles = |b: &Option<Briefing>| -> Vec<String> {
            b.as_ref()
                .map(|b| b.steps.iter().map(|s| s.title.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            titles(&briefing),
            ["Second".to_owned(), first_title.clone()]
        );

        assert!(history.undo(&mut document.scenario, &mut briefing));
        assert_eq!(
            titles(&briefing),
            [first_title.clone(), "Second".to_owned()]
        );
        assert!(history.undo(&mut document.scenario, &mut briefing));
        assert_eq!(titles(&briefing), std::slice::from_ref(&first_title));
        assert_eq!(document.scenario.title, "Second");
        assert!(history.undo(&mut document.scenario, &mut briefing));
        assert_eq!(document.scenario.title, first_title);
        assert!(history.undo(&mut document.scenario, &mut briefing));
        assert!(
            briefing.is_none(),
            "undoing the first step leaves no briefing"
        );

        assert!(history.redo(&mut document.scenario, &mut briefing));
        assert_eq!(titles(&briefing), [first_title]);
    }

    #[test]
    fn out_of_range_step_edits_change_nothing() {
        let mut document = bundled::starting_document();
        let mut briefing = None;
        let mut history = History::default();
        assert!(!history.apply(
            &mut document.scenario,
            &mut briefing,
            Edit::Briefing(BriefingEdit::RemoveStep(3)),
            false,
        ));
        assert!(!history.can_undo());
    }
}
