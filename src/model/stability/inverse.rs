//! The inverse question of the GMCR literature (Kinsara, Kilgour and Hipel; GMCR+'s inverse
//! solver): given a state the user wants stable and a concept, which preferences of chosen
//! parties make it an equilibrium? The other parties keep the preferences the model gives.
//!
//! Three answers: the exact condition on one party's ranking, as pairwise comparisons
//! ([`condition`]); how many strict rankings of the varied parties make it an equilibrium, by
//! trying each ([`count`], for small models); and the fewest swaps of two neighbours in a
//! party's current ranking that make it one ([`nearest`]).

use std::collections::{HashSet, VecDeque};

use serde::Serialize;

use super::{Concept, Conflict};
use crate::model::types::{Model, Party};

/// Rankings tried at most by [`count`]: 8 states for one party (40,320), 6 for two (518,400).
pub const MAX_RANKINGS: u64 = 1_000_000;

/// At most this many states for [`nearest`]: its search visits up to n! rankings.
pub const MAX_NEAREST_STATES: usize = 8;

/// A condition on one party's strict ranking of the states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    True,
    False,
    /// The party ranks the first state above the second.
    Above(usize, usize),
    All(Vec<Formula>),
    Any(Vec<Formula>),
}

impl Formula {
    /// All of `parts`, with what is always true left out.
    fn all(parts: impl IntoIterator<Item = Formula>) -> Formula {
        Formula::join(parts, true)
    }

    /// Any of `parts`, with what is never true left out.
    fn any(parts: impl IntoIterator<Item = Formula>) -> Formula {
        Formula::join(parts, false)
    }

    /// All of `parts` (with `all`) or any of them: nested lists of the same kind flattened,
    /// repeats and parts that change nothing left out, a part that decides it returned.
    fn join(parts: impl IntoIterator<Item = Formula>, all: bool) -> Formula {
        let (neutral, deciding) = if all {
            (Formula::True, Formula::False)
        } else {
            (Formula::False, Formula::True)
        };
        let mut kept = Vec::new();
        for part in parts {
            match part {
                part if part == neutral => {}
                part if part == deciding => return deciding,
                Formula::All(inner) if all => kept.extend(inner),
                Formula::Any(inner) if !all => kept.extend(inner),
                other => {
                    if !kept.contains(&other) {
                        kept.push(other);
                    }
                }
            }
        }
        match kept.len() {
            0 => neutral,
            1 => kept.pop().unwrap_or(neutral),
            _ if all => Formula::All(kept),
            _ => Formula::Any(kept),
        }
    }

    /// Whether a ranking (each state's payoff, higher preferred, no ties) meets it.
    pub fn holds(&self, payoff: &[i64]) -> bool {
        match self {
            Formula::True => true,
            Formula::False => false,
            Formula::Above(a, b) => payoff[*a] > payoff[*b],
            Formula::All(parts) => parts.iter().all(|p| p.holds(payoff)),
            Formula::Any(parts) => parts.iter().any(|p| p.holds(payoff)),
        }
    }

    /// The condition in words: `party` the party's name, `state` a state's.
    pub fn words(&self, party: &str, state: &dyn Fn(usize) -> String) -> String {
        match self {
            Formula::True => format!("any ranking of {party}'s will do"),
            Formula::False => format!("no ranking of {party}'s will do"),
            _ => format!("{party} must {}", self.clauses(state).join("; and ")),
        }
    }

    /// The condition's parts that must all hold, each in words ("rank A above B", "either …;
    /// or …"), without brackets: state names may have their own.
    pub fn clauses(&self, state: &dyn Fn(usize) -> String) -> Vec<String> {
        match self {
            Formula::All(parts) => parts.iter().map(|p| p.clause(state)).collect(),
            other => vec![other.clause(state)],
        }
    }

    fn clause(&self, state: &dyn Fn(usize) -> String) -> String {
        match self {
            Formula::True => "do anything".into(),
            Formula::False => "do the impossible".into(),
            Formula::Above(a, b) => format!("rank {} above {}", state(*a), state(*b)),
            Formula::All(parts) => {
                let text: Vec<String> = parts.iter().map(|p| p.clause(state)).collect();
                text.join(" and ")
            }
            Formula::Any(parts) => {
                let text: Vec<String> = parts.iter().map(|p| p.clause(state)).collect();
                format!("either {}", text.join("; or "))
            }
        }
    }
}

/// Swaps of neighbours in a list (`list`, as "Syria's ranking"), in words: `item` names an
/// item of the list.
pub fn swaps_words(list: &str, swaps: &[(usize, usize)], item: &dyn Fn(usize) -> String) -> String {
    if swaps.is_empty() {
        return "none needed".into();
    }
    let steps: Vec<String> = swaps
        .iter()
        .map(|&(up, over)| format!("move {} above {}", item(up), item(over)))
        .collect();
    format!(
        "{} swap{} of neighbours in {list}: {}",
        swaps.len(),
        if swaps.len() == 1 { "" } else { "s" },
        steps.join(", then ")
    )
}

/// `party` likes `a` at least as well as `b`, in a strict ranking.
fn at_least(a: usize, b: usize) -> Formula {
    if a == b {
        Formula::True
    } else {
        Formula::Above(a, b)
    }
}

/// The exact condition on `party`'s ranking (the others' as the model gives them) under which
/// `state` is an equilibrium under `concept`: stable for `party` and for every other party.
/// `None` for sequential stability with three parties or more, where another party's sanction
/// may be a sequence of several parties' improvements (the count still answers).
pub fn condition(
    conflict: &Conflict,
    state: usize,
    party: usize,
    concept: Concept,
) -> Option<Formula> {
    let own = Formula::all(conflict.moves[party].from(state).map(|t| {
        let refuse = Formula::Above(state, t);
        let sanctions = match concept {
            Concept::Nash => Formula::False,
            Concept::Gmr | Concept::Seq => Formula::any(
                conflict
                    .reached_by_others(party, t, concept == Concept::Seq)
                    .into_iter()
                    .map(|u| at_least(state, u)),
            ),
            Concept::Smr => Formula::any(
                conflict
                    .reached_by_others(party, t, false)
                    .into_iter()
                    .map(|u| {
                        Formula::all(
                            std::iter::once(at_least(state, u))
                                .chain(conflict.moves[party].from(u).map(|w| at_least(state, w))),
                        )
                    }),
            ),
        };
        Formula::any([refuse, sanctions])
    }));
    let mut others = Vec::new();
    for other in (0..conflict.parties.len()).filter(|&p| p != party) {
        if concept != Concept::Seq {
            // Nash, GMR and SMR judge a party by its own preferences and what others can do.
            others.push(if conflict.verdict(other, state, concept).stable {
                Formula::True
            } else {
                Formula::False
            });
        } else if conflict.parties.len() == 2 {
            // Each improvement of the other party must be answered by one of `party`'s
            // improvements that leaves the other party no better off.
            others.push(Formula::all(
                conflict.improvements(other, state).into_iter().map(|t| {
                    Formula::any(
                        conflict.moves[party]
                            .from(t)
                            .filter(|&u| conflict.payoff[other][u] <= conflict.payoff[other][state])
                            .map(|u| Formula::Above(u, t)),
                    )
                }),
            ));
        } else {
            return None;
        }
    }
    Some(Formula::all(std::iter::once(own).chain(others)))
}

/// Whether `state` is an equilibrium under `concept`: stable for every party.
fn equilibrium(conflict: &Conflict, state: usize, concept: Concept) -> bool {
    (0..conflict.parties.len()).all(|p| conflict.verdict(p, state, concept).stable)
}

/// How many strict rankings of `varied` (each party ranking every state, the others as the
/// model gives) make `state` an equilibrium, per concept of `concepts`, by trying each; with
/// the number tried. `None` when there are more than [`MAX_RANKINGS`].
pub fn count(
    conflict: &Conflict,
    state: usize,
    varied: &[usize],
    concepts: &[Concept],
) -> Option<(u64, Vec<u64>)> {
    let n = conflict.states();
    let per_party = (1..=n as u64).try_fold(1u64, |f, k| f.checked_mul(k))?;
    let total = (0..varied.len()).try_fold(1u64, |t, _| t.checked_mul(per_party))?;
    if total > MAX_RANKINGS {
        return None;
    }
    let mut trial = conflict.clone();
    let mut counts = vec![0u64; concepts.len()];
    let mut orders: Vec<Vec<usize>> = vec![(0..n).collect(); varied.len()];
    'all: loop {
        for (&party, order) in varied.iter().zip(&orders) {
            for (place, &s) in order.iter().enumerate() {
                trial.payoff[party][s] = (n - place) as i64;
            }
        }
        for (count, &concept) in counts.iter_mut().zip(concepts) {
            if equilibrium(&trial, state, concept) {
                *count += 1;
            }
        }
        // The next combination: the first party's ranking turns fastest.
        for order in &mut orders {
            if next_permutation(order) {
                continue 'all;
            }
        }
        break;
    }
    Some((total, counts))
}

/// Steps `order` to the next permutation in lexicographic order; false (and back to the first)
/// after the last.
fn next_permutation(order: &mut [usize]) -> bool {
    let Some(i) = (1..order.len()).rev().find(|&i| order[i - 1] < order[i]) else {
        order.reverse();
        return false;
    };
    let j = (i..order.len())
        .rev()
        .find(|&j| order[j] > order[i - 1])
        .unwrap_or(i);
    order.swap(i - 1, j);
    order[i..].reverse();
    true
}

/// `party`'s current ranking, best first; states it likes alike in the order of their numbers.
pub fn current_ranking(conflict: &Conflict, party: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..conflict.states()).collect();
    order.sort_by_key(|&s| std::cmp::Reverse(conflict.payoff[party][s]));
    order
}

/// The fewest swaps of two states next to each other in `party`'s current ranking
/// ([`current_ranking`]) that make `state` an equilibrium under `concept`, each as (the state
/// moved up, the state it moves above), in order. `Some(vec![])` when it already is (with its
/// ranking as it is, ties included); `None`
/// when no ranking of `party`'s makes it one, or past [`MAX_NEAREST_STATES`] states.
pub fn nearest(
    conflict: &Conflict,
    state: usize,
    party: usize,
    concept: Concept,
) -> Option<Vec<(usize, usize)>> {
    let n = conflict.states();
    if equilibrium(conflict, state, concept) {
        // Already one with the ranking as it is, ties and all.
        return Some(Vec::new());
    }
    if n > MAX_NEAREST_STATES {
        return None;
    }
    let mut trial = conflict.clone();
    let works = |order: &[usize]| {
        for (place, &s) in order.iter().enumerate() {
            trial.payoff[party][s] = (n - place) as i64;
        }
        equilibrium(&trial, state, concept)
    };
    fewest_swaps(current_ranking(conflict, party), works)
}

/// The fewest swaps of neighbours that take `start` to an order `works` accepts, each as (the
/// item moved up, the item it moves above), breadth first; `None` when no order works.
fn fewest_swaps(
    start: Vec<usize>,
    mut works: impl FnMut(&[usize]) -> bool,
) -> Option<Vec<(usize, usize)>> {
    let mut seen: HashSet<Vec<usize>> = HashSet::from([start.clone()]);
    let mut queue = VecDeque::from([(start, Vec::new())]);
    while let Some((order, swaps)) = queue.pop_front() {
        if works(&order) {
            return Some(swaps);
        }
        for k in 1..order.len() {
            let mut next = order.clone();
            next.swap(k - 1, k);
            if seen.insert(next.clone()) {
                let mut more: Vec<(usize, usize)> = swaps.clone();
                more.push((order[k], order[k - 1]));
                queue.push_back((next, more));
            }
        }
    }
    None
}

/// Most statements for [`nearest_statements`]: its search visits up to n! orders.
pub const MAX_NEAREST_STATEMENTS: usize = 8;

/// For a party whose preferences are `statements` prioritization statements (most important
/// first, scored as [`super::payoff`] scores them): the fewest swaps of two statements next to
/// each other in its list that make `state` an equilibrium under `concept`, each as (the
/// statement moved up, the statement it moves above), by their indices in the list.
/// `Some(vec![])` when it already is; `None` when no order of the statements makes it one, or
/// past [`MAX_NEAREST_STATEMENTS`] statements.
pub fn nearest_statements(
    conflict: &Conflict,
    state: usize,
    party: usize,
    statements: usize,
    concept: Concept,
) -> Option<Vec<(usize, usize)>> {
    if statements == 0 || statements > MAX_NEAREST_STATEMENTS {
        return None;
    }
    // Each state's payoff is its red lines' part (a multiple of 2^n) plus a bit per statement
    // that holds, the first statement the highest bit.
    let n = statements;
    let scale = 1i64 << n;
    let parts: Vec<(i64, u32)> = conflict.payoff[party]
        .iter()
        .map(|&p| {
            let score = p.rem_euclid(scale);
            (p - score, score as u32)
        })
        .collect();
    let mut trial = conflict.clone();
    let works = |order: &[usize]| {
        for (s, &(base, bits)) in parts.iter().enumerate() {
            let score: i64 = order
                .iter()
                .enumerate()
                .filter(|&(_, &statement)| bits >> (n - 1 - statement) & 1 == 1)
                .map(|(place, _)| 1i64 << (n - 1 - place))
                .sum();
            trial.payoff[party][s] = base + score;
        }
        equilibrium(&trial, state, concept)
    };
    fewest_swaps((0..n).collect(), works)
}

/// The nearest reordering of a party's prioritization statements, in words, where it has 1 to
/// [`MAX_NEAREST_STATEMENTS`] of them (`None` otherwise): `statement` words the k-th.
pub fn statements_line(
    conflict: &Conflict,
    state: usize,
    party: (usize, &str),
    statements: &[String],
    concept: Concept,
) -> Option<String> {
    let (index, name) = party;
    let n = statements.len();
    if n == 0 || n > MAX_NEAREST_STATEMENTS {
        return None;
    }
    let word = |k: usize| format!("statement {} (“{}”)", k + 1, statements[k]);
    Some(
        match nearest_statements(conflict, state, index, n, concept) {
            Some(swaps) => format!(
                "Nearest reordering of {name}'s statements: {}.",
                swaps_words(&format!("{name}'s list"), &swaps, &word)
            ),
            None => format!("Nearest reordering of {name}'s statements: no order of them will do."),
        },
    )
}

/// A party's prioritization statements in words, as the analysis scores them (none where it
/// gives a ranking instead).
pub fn statements_of(model: &Model, party: &Party) -> Vec<String> {
    if !party.ranking.is_empty() {
        return Vec::new();
    }
    party
        .preferences
        .iter()
        .take(crate::model::validate::MAX_PREFERENCES)
        .map(|c| crate::model::wording::condition_sentence(model, c))
        .collect()
}
