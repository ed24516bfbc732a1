//! The rule language: conditions over positions, kept as data so files, the editor and the
//! deal-space compiler can all read them.

use serde::{Deserialize, Serialize};

use super::types::{Pick, Position};

/// A condition over the picks of a scenario. Number bounds are half-open: `Between(p, lo, hi)`
/// holds for `lo <= v < hi`, exactly `AtLeast(p, lo)` and `Below(p, hi)`. "No limit" counts as
/// above every bound.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The choice position has this option.
    Is(String, String),
    /// The choice position has one of these options.
    OneOf(String, Vec<String>),
    /// The number position is set to a value below this one.
    Below(String, f64),
    /// The number position is at least this value, or has no limit.
    AtLeast(String, f64),
    /// The number position is in `lo..hi`.
    Between(String, f64, f64),
    /// The number position is set to "no limit".
    NoLimit(String),
    /// The ordered choice position has this option or one listed after it.
    OptionAtLeast(String, String),
    /// The ordered choice position has this option or one listed before it.
    OptionAtMost(String, String),
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    /// At least this many of the conditions hold.
    AtLeastOf(usize, Vec<Condition>),
    /// At most this many of the conditions hold.
    AtMostOf(usize, Vec<Condition>),
}

/// What a condition expects of the position it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expects {
    Choice,
    Number,
}

impl Condition {
    /// Whether the condition holds, given each position's pick. A missing pick satisfies no atom;
    /// `model` finds a position, for the order of ordered options.
    pub fn holds<'a, 'm>(
        &self,
        model: &impl Fn(&str) -> Option<&'m Position>,
        pick: &impl Fn(&str) -> Option<&'a Pick>,
    ) -> bool {
        let rank = |p: &str, o: &str| model(p)?.option_rank(o);
        let picked_rank = |p: &str| match pick(p) {
            Some(Pick::Option(x)) => rank(p, x),
            _ => None,
        };
        match self {
            Condition::Is(p, o) => matches!(pick(p), Some(Pick::Option(x)) if x == o),
            Condition::OneOf(p, os) => matches!(pick(p), Some(Pick::Option(x)) if os.contains(x)),
            Condition::Below(p, b) => matches!(pick(p), Some(Pick::Value(v)) if v < b),
            Condition::AtLeast(p, b) => match pick(p) {
                Some(Pick::Value(v)) => v >= b,
                Some(Pick::NoLimit) => true,
                _ => false,
            },
            Condition::Between(p, lo, hi) => {
                matches!(pick(p), Some(Pick::Value(v)) if lo <= v && v < hi)
            }
            Condition::NoLimit(p) => matches!(pick(p), Some(Pick::NoLimit)),
            Condition::OptionAtLeast(p, o) => {
                matches!((picked_rank(p), rank(p, o)), (Some(x), Some(b)) if x >= b)
            }
            Condition::OptionAtMost(p, o) => {
                matches!((picked_rank(p), rank(p, o)), (Some(x), Some(b)) if x <= b)
            }
            Condition::Not(c) => !c.holds(model, pick),
            Condition::All(cs) => cs.iter().all(|c| c.holds(model, pick)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(model, pick)),
            Condition::AtLeastOf(n, cs) => cs.iter().filter(|c| c.holds(model, pick)).count() >= *n,
            Condition::AtMostOf(n, cs) => cs.iter().filter(|c| c.holds(model, pick)).count() <= *n,
        }
    }

    /// The positions whose picks decide the condition's current value, in the order met:
    /// for a true `All` every part, for a false one the first false part, and so on.
    pub fn why<'a, 'm>(
        &'a self,
        model: &impl Fn(&str) -> Option<&'m Position>,
        pick: &impl Fn(&str) -> Option<&'a Pick>,
        out: &mut Vec<&'a str>,
    ) {
        match self {
            Condition::Not(c) => c.why(model, pick, out),
            // A count is decided by the parts on the side of the result: for "at least n" that
            // holds, those that hold; for one that fails, those that fail (and the reverse for
            // "at most").
            Condition::AtLeastOf(_, cs) | Condition::AtMostOf(_, cs) => {
                let value = self.holds(model, pick);
                let at_least = matches!(self, Condition::AtLeastOf(..));
                cs.iter()
                    .filter(|c| c.holds(model, pick) == (value == at_least))
                    .for_each(|c| c.why(model, pick, out));
            }
            Condition::All(cs) | Condition::Any(cs) => {
                let value = self.holds(model, pick);
                // All true / Any false: every part matters. Otherwise only the parts that agree
                // with the result do; for All false the first one is enough.
                let every_part = matches!(self, Condition::All(_)) == value;
                if every_part {
                    cs.iter().for_each(|c| c.why(model, pick, out));
                } else if let Condition::All(_) = self {
                    if let Some(c) = cs.iter().find(|c| !c.holds(model, pick)) {
                        c.why(model, pick, out);
                    }
                } else {
                    cs.iter()
                        .filter(|c| c.holds(model, pick))
                        .for_each(|c| c.why(model, pick, out));
                }
            }
            atom => {
                let p = atom.atom_position().unwrap_or_default();
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }

    /// The position an atom names; `None` for `Not`, `All` and `Any`.
    pub fn atom_position(&self) -> Option<&str> {
        match self {
            Condition::Is(p, _)
            | Condition::OneOf(p, _)
            | Condition::Below(p, _)
            | Condition::AtLeast(p, _)
            | Condition::Between(p, _, _)
            | Condition::NoLimit(p)
            | Condition::OptionAtLeast(p, _)
            | Condition::OptionAtMost(p, _) => Some(p),
            Condition::Not(_)
            | Condition::All(_)
            | Condition::Any(_)
            | Condition::AtLeastOf(..)
            | Condition::AtMostOf(..) => None,
        }
    }

    /// [`Self::atom_position`], to rename the position in place.
    pub fn atom_position_mut(&mut self) -> Option<&mut String> {
        match self {
            Condition::Is(p, _)
            | Condition::OneOf(p, _)
            | Condition::Below(p, _)
            | Condition::AtLeast(p, _)
            | Condition::Between(p, _, _)
            | Condition::NoLimit(p)
            | Condition::OptionAtLeast(p, _)
            | Condition::OptionAtMost(p, _) => Some(p),
            Condition::Not(_)
            | Condition::All(_)
            | Condition::Any(_)
            | Condition::AtLeastOf(..)
            | Condition::AtMostOf(..) => None,
        }
    }

    pub fn expects(&self) -> Option<Expects> {
        match self {
            Condition::Is(..)
            | Condition::OneOf(..)
            | Condition::OptionAtLeast(..)
            | Condition::OptionAtMost(..) => Some(Expects::Choice),
            Condition::Below(..)
            | Condition::AtLeast(..)
            | Condition::Between(..)
            | Condition::NoLimit(..) => Some(Expects::Number),
            Condition::Not(_)
            | Condition::All(_)
            | Condition::Any(_)
            | Condition::AtLeastOf(..)
            | Condition::AtMostOf(..) => None,
        }
    }

    /// How many `Not`, `All`, `Any` and counts enclose the deepest atom.
    pub fn nesting(&self) -> usize {
        match self {
            Condition::Not(c) => 1 + c.nesting(),
            Condition::All(cs)
            | Condition::Any(cs)
            | Condition::AtLeastOf(_, cs)
            | Condition::AtMostOf(_, cs) => {
                1 + cs.iter().map(Condition::nesting).max().unwrap_or(0)
            }
            _ => 0,
        }
    }

    /// Calls `f` on every atom, depth first.
    pub fn for_each_atom<'a>(&'a self, f: &mut impl FnMut(&'a Condition)) {
        match self {
            Condition::Not(c) => c.for_each_atom(f),
            Condition::All(cs)
            | Condition::Any(cs)
            | Condition::AtLeastOf(_, cs)
            | Condition::AtMostOf(_, cs) => cs.iter().for_each(|c| c.for_each_atom(f)),
            atom => f(atom),
        }
    }

    /// Calls `f` on every atom, depth first, to change it in place.
    pub fn for_each_atom_mut(&mut self, f: &mut impl FnMut(&mut Condition)) {
        match self {
            Condition::Not(c) => c.for_each_atom_mut(f),
            Condition::All(cs)
            | Condition::Any(cs)
            | Condition::AtLeastOf(_, cs)
            | Condition::AtMostOf(_, cs) => cs.iter_mut().for_each(|c| c.for_each_atom_mut(f)),
            atom => f(atom),
        }
    }

    /// Every position the condition names, without repeats.
    pub fn positions(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.for_each_atom(&mut |a| {
            if let Some(p) = a.atom_position()
                && !out.contains(&p)
            {
                out.push(p);
            }
        });
        out
    }

    /// The bounds an atom compares a number with: where the condition can change its value.
    pub fn thresholds(&self) -> Vec<f64> {
        match self {
            Condition::Below(_, b) | Condition::AtLeast(_, b) => vec![*b],
            Condition::Between(_, lo, hi) => vec![*lo, *hi],
            _ => Vec::new(),
        }
    }
}
