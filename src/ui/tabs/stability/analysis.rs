//! The analysis behind the tab, worked out off the UI thread: this package per party, the
//! equilibria, the paths to them, and for a small model what a student looks at.

use std::sync::Arc;

use super::*;

/// What the tab shows, worked out in the background.
#[derive(Debug)]
pub struct Analysis {
    pub(super) states: usize,
    /// Per party: its name, stable per concept at the status quo, and why.
    pub(super) status_quo: Vec<(String, [bool; 4], Vec<String>)>,
    /// Per concept: how many equilibria.
    pub(super) counts: [usize; 4],
    /// Every package that is an equilibrium under any concept, with what the table sorts by.
    pub(super) equilibria: Vec<Equilibrium>,
    /// The graph and its states, kept to word rows and to judge a coalition, and the status
    /// quo's state.
    pub(super) graph: Arc<(Conflict, States)>,
    pub(super) sq: usize,
    /// Paths of unilateral improvements from the status quo: to what, and each step.
    pub(super) paths: Vec<(String, [bool; 4], Vec<String>)>,
    /// For a model small enough to look at whole: its states by name, orders, table, graph.
    pub(super) small: Option<Small>,
}

/// Most states drawn as a graph and listed in each party's order.
pub(super) const SMALL: usize = 64;

/// What a small model shows a student.
#[derive(Debug)]
pub(super) struct Small {
    /// Each state's short name, and what the names list.
    pub(super) names: Vec<String>,
    pub(super) key: Option<String>,
    /// Per party: its states from best to worst, in words.
    pub(super) orders: Vec<String>,
    pub(super) table: Option<teach::TwoByTwo>,
    /// Per state: under which concepts it is an equilibrium.
    pub(super) marks: Vec<[bool; 4]>,
    /// The moves on the paths of improvements from the status quo: (party, from, to).
    pub(super) path_moves: Vec<(usize, usize, usize)>,
}

/// What the tab says of an analysis the user stopped.
pub(super) const CANCELLED: &str = "Stopped: the analysis was cancelled.";

/// What stopped an analysis, as the tab says it.
fn words(e: StabilityError) -> String {
    match e {
        StabilityError::Cancelled => CANCELLED.to_owned(),
        e => {
            let text = e.to_string();
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        }
    }
}

/// The whole analysis, as the tab shows it; `control` stops it within a few thousand steps.
pub(super) fn analyse(
    model: &Model,
    choices: &Choices,
    control: &Control,
) -> Result<Analysis, String> {
    let (conflict, states) =
        conflict_within(model, choices, false, MAX_STATES, control).map_err(words)?;
    let sq = states
        .state_of(choices)
        .ok_or("The scenario's package is one the model says cannot happen (infeasible).")?;
    let stable = conflict
        .classify_within(&Concept::ALL, control)
        .map_err(words)?;
    let marks =
        |s: usize| -> [bool; 4] { std::array::from_fn(|c| stable[c].iter().all(|party| party[s])) };
    let status_quo = model
        .parties
        .iter()
        .enumerate()
        .map(|(party, p)| {
            // The party's moves found once for all four concepts.
            let verdicts: Vec<(Concept, Stability)> = Concept::ALL
                .into_iter()
                .zip(
                    conflict
                        .coalition_verdicts_within(&[party], sq, &Concept::ALL, control)
                        .map_err(words)?,
                )
                .collect();
            let lines = explain(model, &states, &[party], sq, &verdicts, EXPLAINED);
            Ok((
                p.name.clone(),
                std::array::from_fn(|c| stable[c][party][sq]),
                lines,
            ))
        })
        .collect::<Result<_, String>>()?;
    let counts: [usize; 4] = std::array::from_fn(|c| equilibria_of(&stable[c]).len());
    let any: Vec<usize> = (0..states.len())
        .filter(|&s| marks(s).iter().any(|&m| m))
        .collect();
    let ranks: Vec<Vec<usize>> = (0..model.parties.len())
        .map(|party| conflict.ranks(party))
        .collect();
    let equilibria = any
        .iter()
        .map(|&s| Equilibrium {
            state: s,
            marks: marks(s),
            changes: (0..states.domains.len())
                .filter(|&p| states.value(s, p) != states.value(sq, p))
                .count(),
            ranks: ranks.iter().map(|r| r[s]).collect(),
        })
        .collect();
    let small = (states.len() <= SMALL).then(|| {
        let names = teach::state_names(model, &states, sq);
        Small {
            key: teach::name_key(model, &states),
            orders: (0..model.parties.len())
                .map(|party| {
                    teach::order_in_words(&teach::preference_order(&conflict, party), &names)
                })
                .collect(),
            table: teach::two_by_two(model, &states),
            marks: (0..states.len()).map(marks).collect(),
            path_moves: Vec::new(),
            names,
        }
    });
    let mut small = small;
    // A small model's states go by their short names; a large one's by what changed.
    let name = |s: usize| match &small {
        Some(small) => small.names[s].clone(),
        None => states.describe(model, sq, s),
    };
    let found = conflict
        .improvement_paths_within(sq, &any, control)
        .map_err(words)?
        .into_iter()
        .filter(|(_, path)| !path.is_empty())
        .take(LISTED)
        .collect::<Vec<_>>();
    let paths = found
        .iter()
        .map(|(to, path)| {
            let mut at = sq;
            let steps = path
                .iter()
                .map(|&(party, state)| {
                    let step = match &small {
                        Some(_) => {
                            format!("{} moves to {}", model.parties[party].name, name(state))
                        }
                        None => format!(
                            "{} moves to {}",
                            model.parties[party].name,
                            states.describe(model, at, state)
                        ),
                    };
                    at = state;
                    step
                })
                .collect();
            (name(*to), marks(*to), steps)
        })
        .collect();
    if let Some(small) = &mut small {
        for (_, path) in &found {
            let mut at = sq;
            for &(party, state) in path {
                small.path_moves.push((party, at, state));
                at = state;
            }
        }
        small.path_moves.sort_unstable();
        small.path_moves.dedup();
    }
    Ok(Analysis {
        states: states.len(),
        status_quo,
        counts,
        equilibria,
        graph: Arc::new((conflict, states)),
        sq,
        paths,
        small,
    })
}
