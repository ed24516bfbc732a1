//! The rule language: conditions over positions, kept as data so files, the editor and the
//! deal-space compiler can all read them.

use serde::{Deserialize, Serialize};

use super::types::Pick;

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
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

/// What a condition expects of the position it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expects {
    Choice,
    Number,
}

impl Condition {
    /// Whether the condition holds, given each position's pick. A missing pick satisfies no atom.
    pub fn holds<'a>(&self, pick: &impl Fn(&str) -> Option<&'a Pick>) -> bool {
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
            Condition::Not(c) => !c.holds(pick),
            Condition::All(cs) => cs.iter().all(|c| c.holds(pick)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(pick)),
        }
    }

    /// The positions whose picks decide the condition's current value, in the order met:
    /// for a true `All` every part, for a false one the first false part, and so on.
    pub fn why<'a>(&'a self, pick: &impl Fn(&str) -> Option<&'a Pick>, out: &mut Vec<&'a str>) {
        match self {
            Condition::Not(c) => c.why(pick, out),
            Condition::All(cs) | Condition::Any(cs) => {
                let value = self.holds(pick);
                // All true / Any false: every part matters. Otherwise only the parts that agree
                // with the result do; for All false the first one is enough.
                let every_part = matches!(self, Condition::All(_)) == value;
                if every_part {
                    cs.iter().for_each(|c| c.why(pick, out));
                } else if let Condition::All(_) = self {
                    if let Some(c) = cs.iter().find(|c| !c.holds(pick)) {
                        c.why(pick, out);
                    }
                } else {
                    cs.iter()
                        .filter(|c| c.holds(pick))
                        .for_each(|c| c.why(pick, out));
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
            | Condition::NoLimit(p) => Some(p),
            Condition::Not(_) | Condition::All(_) | Condition::Any(_) => None,
        }
    }

    pub fn expects(&self) -> Option<Expects> {
        match self {
            Condition::Is(..) | Condition::OneOf(..) => Some(Expects::Choice),
            Condition::Below(..)
            | Condition::AtLeast(..)
            | Condition::Between(..)
            | Condition::NoLimit(..) => Some(Expects::Number),
            Condition::Not(_) | Condition::All(_) | Condition::Any(_) => None,
        }
    }

    /// How many `Not`, `All` and `Any` enclose the deepest atom.
    pub fn nesting(&self) -> usize {
        match self {
            Condition::Not(c) => 1 + c.nesting(),
            Condition::All(cs) | Condition::Any(cs) => {
                1 + cs.iter().map(Condition::nesting).max().unwrap_or(0)
            }
            _ => 0,
        }
    }

    /// Calls `f` on every atom, depth first.
    pub fn for_each_atom<'a>(&'a self, f: &mut impl FnMut(&'a Condition)) {
        match self {
            Condition::Not(c) => c.for_each_atom(f),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.for_each_atom(f)),
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
