//! Building conditions in the editor: the kinds its picker offers, the first comparison of a
//! position, and a condition converted from one kind to another keeping what it can.

use super::first_atom;
use crate::model::condition::Condition;
use crate::model::types::{Model, Position, PositionKind};

/// The kinds of condition a red line can have, one per form of [`Condition`]: what the editor's
/// picker offers, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionKind {
    Is,
    OneOf,
    OptionAtLeast,
    OptionAtMost,
    Below,
    AtLeast,
    Between,
    NoLimit,
    All,
    Any,
    Not,
    AtLeastOf,
    AtMostOf,
}

impl ConditionKind {
    pub const ALL: [ConditionKind; 13] = [
        ConditionKind::Is,
        ConditionKind::OneOf,
        ConditionKind::OptionAtLeast,
        ConditionKind::OptionAtMost,
        ConditionKind::Below,
        ConditionKind::AtLeast,
        ConditionKind::Between,
        ConditionKind::NoLimit,
        ConditionKind::All,
        ConditionKind::Any,
        ConditionKind::Not,
        ConditionKind::AtLeastOf,
        ConditionKind::AtMostOf,
    ];

    /// The words the picker shows.
    pub fn label(self) -> &'static str {
        match self {
            ConditionKind::Is => "is",
            ConditionKind::OneOf => "is one of",
            ConditionKind::OptionAtLeast => "is at least the option",
            ConditionKind::OptionAtMost => "is at most the option",
            ConditionKind::Below => "is below",
            ConditionKind::AtLeast => "is at least",
            ConditionKind::Between => "is between",
            ConditionKind::NoLimit => "has no limit",
            ConditionKind::All => "all of",
            ConditionKind::Any => "any of",
            ConditionKind::Not => "not",
            ConditionKind::AtLeastOf => "at least N of",
            ConditionKind::AtMostOf => "at most N of",
        }
    }

    /// The kinds that combine other conditions.
    pub const COMBINATIONS: [ConditionKind; 5] = [
        ConditionKind::All,
        ConditionKind::Any,
        ConditionKind::Not,
        ConditionKind::AtLeastOf,
        ConditionKind::AtMostOf,
    ];

    pub fn is_combination(self) -> bool {
        Self::COMBINATIONS.contains(&self)
    }

    /// The comparisons that read `position`: a number's bounds, a choice's options (and their
    /// order, where the options are ordered).
    pub fn comparisons(position: &Position) -> &'static [ConditionKind] {
        match &position.kind {
            PositionKind::Number(_) => &[
                ConditionKind::Below,
                ConditionKind::AtLeast,
                ConditionKind::Between,
                ConditionKind::NoLimit,
            ],
            PositionKind::Choice { ordered: true, .. } => &[
                ConditionKind::Is,
                ConditionKind::OneOf,
                ConditionKind::OptionAtLeast,
                ConditionKind::OptionAtMost,
            ],
            PositionKind::Choice { .. } => &[ConditionKind::Is, ConditionKind::OneOf],
        }
    }

    pub fn of(condition: &Condition) -> ConditionKind {
        match condition {
            Condition::Is(..) => ConditionKind::Is,
            Condition::OneOf(..) => ConditionKind::OneOf,
            Condition::OptionAtLeast(..) => ConditionKind::OptionAtLeast,
            Condition::OptionAtMost(..) => ConditionKind::OptionAtMost,
            Condition::Below(..) => ConditionKind::Below,
            Condition::AtLeast(..) => ConditionKind::AtLeast,
            Condition::Between(..) => ConditionKind::Between,
            Condition::NoLimit(..) => ConditionKind::NoLimit,
            Condition::All(..) => ConditionKind::All,
            Condition::Any(..) => ConditionKind::Any,
            Condition::Not(..) => ConditionKind::Not,
            Condition::AtLeastOf(..) => ConditionKind::AtLeastOf,
            Condition::AtMostOf(..) => ConditionKind::AtMostOf,
        }
    }
}

/// The first comparison of `position`: "is its first option", or "is below its midpoint".
pub fn atom_for(position: &Position) -> Condition {
    match &position.kind {
        PositionKind::Choice { .. } => Condition::Is(position.id.clone(), first_option(position)),
        PositionKind::Number(spec) => {
            Condition::Below(position.id.clone(), (spec.min + spec.max) / 2.0)
        }
    }
}

/// A position of the kind `number` or not, the one given if it fits.
fn position_for<'m>(model: &'m Model, number: bool, current: Option<&str>) -> Option<&'m Position> {
    let fits = |p: &&Position| matches!(p.kind, PositionKind::Number(_)) == number;
    current
        .and_then(|id| model.position(id))
        .filter(fits)
        .or_else(|| model.positions.iter().find(fits))
}

/// The first option of a choice position; none for a number.
pub fn first_option(position: &Position) -> String {
    match &position.kind {
        PositionKind::Choice { options, .. } => {
            options.first().map(|o| o.id.clone()).unwrap_or_default()
        }
        PositionKind::Number(_) => String::new(),
    }
}

/// A condition of `kind`, keeping what it can of `old`: its parts for a combination, its
/// position for a comparison.
pub fn converted(model: &Model, old: &Condition, kind: ConditionKind) -> Condition {
    let parts = match old {
        Condition::All(cs)
        | Condition::Any(cs)
        | Condition::AtLeastOf(_, cs)
        | Condition::AtMostOf(_, cs) => cs.clone(),
        Condition::Not(c) => vec![(**c).clone()],
        atom => vec![atom.clone()],
    };
    let at = old.atom_position();
    let choice = position_for(model, false, at);
    let number = position_for(model, true, at);
    let choice_id = choice.map_or(String::new(), |p| p.id.clone());
    let number_id = number.map_or(String::new(), |p| p.id.clone());
    let option = choice.map_or(String::new(), first_option);
    let bound = number.map_or(0.0, |p| match &p.kind {
        PositionKind::Number(spec) => (spec.min + spec.max) / 2.0,
        PositionKind::Choice { .. } => 0.0,
    });
    match kind {
        ConditionKind::Is => Condition::Is(choice_id, option),
        ConditionKind::OneOf => Condition::OneOf(choice_id, vec![option]),
        ConditionKind::OptionAtLeast => Condition::OptionAtLeast(choice_id, option),
        ConditionKind::OptionAtMost => Condition::OptionAtMost(choice_id, option),
        ConditionKind::Below => Condition::Below(number_id, bound),
        ConditionKind::AtLeast => Condition::AtLeast(number_id, bound),
        ConditionKind::Between => Condition::Between(number_id, bound, bound + 1.0),
        ConditionKind::NoLimit => Condition::NoLimit(number_id),
        ConditionKind::All => Condition::All(parts),
        ConditionKind::Any => Condition::Any(parts),
        ConditionKind::Not => {
            Condition::Not(Box::new(parts.into_iter().next().unwrap_or_else(|| {
                first_atom(model).unwrap_or(Condition::Any(Vec::new()))
            })))
        }
        ConditionKind::AtLeastOf => Condition::AtLeastOf(1, parts),
        ConditionKind::AtMostOf => Condition::AtMostOf(1, parts),
    }
}

/// A new part for a combination of `parts`: a test of the position after the one the last part
/// reads, so "all of" combines positions rather than asking one position for two options at
/// once (which no package meets); the first position's first test where there is no such part.
pub fn next_part(model: &Model, parts: &[Condition]) -> Condition {
    let after = parts
        .iter()
        .rev()
        .find_map(Condition::atom_position)
        .and_then(|id| model.positions.iter().position(|p| p.id == id));
    let next = after.and_then(|i| model.positions.get((i + 1) % model.positions.len()));
    next.map(atom_for)
        .or_else(|| first_atom(model))
        .unwrap_or(Condition::Any(Vec::new()))
}
