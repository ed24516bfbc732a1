//! Stability analysis in the graph model for conflict resolution (GMCR; Fang, Hipel and
//! Kilgour, *Interactive Decision Making*, 1993): from a state, would a party move away on its
//! own, and would the others' replies deter it?
//!
//! A conflict here is a graph: states, and per party the states it can reach from each state in
//! one unilateral move, with a payoff per party and state (higher is preferred, equal payoffs
//! equally preferred). The definitions, for party `i` at state `s`:
//! - a **unilateral improvement** is a move of `i` to a state it prefers to `s`;
//! - **Nash**: `i` has no unilateral improvement from `s`;
//! - **GMR** (general metarationality): every improvement `s1` can be sanctioned: the other
//!   parties can reach from `s1`, by a legal sequence of their unilateral moves, a state `s2`
//!   that `i` does not prefer to `s`;
//! - **SMR** (symmetric metarationality): as GMR, and from that `s2` no move of `i` reaches a
//!   state it prefers to `s`;
//! - **SEQ** (sequential stability): as GMR, with the others' sequence made of unilateral
//!   improvements only (a sanction they would want to carry out).
//!
//! A legal sequence lets a party move more than once, but never twice in a row. A state stable
//! for every party under a concept is an equilibrium under it. Nash ⊆ SMR ⊆ GMR and
//! Nash ⊆ SEQ ⊆ GMR; SMR and SEQ are not nested.

use std::collections::VecDeque;

use serde::Serialize;

/// A conflict as a graph.
#[derive(Clone, Debug)]
pub struct Conflict {
    /// Party names, for explanations.
    pub parties: Vec<String>,
    /// Per party, per state: the states one unilateral move of the party reaches.
    pub moves: Vec<Vec<Vec<usize>>>,
    /// Per party, per state: how much the party likes the state (higher is preferred).
    pub payoff: Vec<Vec<i64>>,
}

/// A solution concept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Concept {
    Nash,
    Gmr,
    Smr,
    Seq,
}

impl Concept {
    pub const ALL: [Concept; 4] = [Concept::Nash, Concept::Gmr, Concept::Smr, Concept::Seq];

    pub fn name(self) -> &'static str {
        match self {
            Concept::Nash => "Nash",
            Concept::Gmr => "GMR",
            Concept::Smr => "SMR",
            Concept::Seq => "SEQ",
        }
    }
}

/// Why a state is or is not stable for one party under one concept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub stable: bool,
    /// Each unilateral improvement, with the state that sanctions it under the concept (none
    /// under Nash, and none where nothing deters it).
    pub improvements: Vec<(usize, Option<usize>)>,
}

impl Conflict {
    pub fn states(&self) -> usize {
        self.payoff.first().map_or(0, Vec::len)
    }

    fn prefers(&self, party: usize, a: usize, b: usize) -> bool {
        self.payoff[party][a] > self.payoff[party][b]
    }

    /// The unilateral improvements of `party` from `state`.
    pub fn improvements(&self, party: usize, state: usize) -> Vec<usize> {
        self.moves[party][state]
            .iter()
            .copied()
            .filter(|&t| self.prefers(party, t, state))
            .collect()
    }

    /// The states the parties other than `party` reach from `state` by a legal sequence of
    /// one or more unilateral moves (only improvements, each for the party making it, with
    /// `improving`), no party moving twice in a row.
    pub fn reached_by_others(&self, party: usize, state: usize, improving: bool) -> Vec<usize> {
        let n = self.parties.len();
        // Visited as (state, last mover): a state reached by one mover may still be left by it
        // when reached by another.
        let mut seen = vec![false; self.states() * n];
        let mut reached = vec![false; self.states()];
        let mut queue = VecDeque::new();
        let step = |from: usize, last: Option<usize>, queue: &mut VecDeque<(usize, usize)>| {
            (0..n)
                .filter(|&mover| mover != party && Some(mover) != last)
                .flat_map(|mover| {
                    self.moves[mover][from]
                        .iter()
                        .filter(move |&&to| !improving || self.prefers(mover, to, from))
                        .map(move |&to| (to, mover))
                })
                .for_each(|next| queue.push_back(next));
        };
        step(state, None, &mut queue);
        while let Some((at, mover)) = queue.pop_front() {
            if std::mem::replace(&mut seen[at * n + mover], true) {
                continue;
            }
            reached[at] = true;
            step(at, Some(mover), &mut queue);
        }
        (0..self.states()).filter(|&s| reached[s]).collect()
    }

    /// Whether `state` is stable for `party` under `concept`, with the improvements and what
    /// sanctions each.
    pub fn verdict(&self, party: usize, state: usize, concept: Concept) -> Verdict {
        let improvements: Vec<(usize, Option<usize>)> = self
            .improvements(party, state)
            .into_iter()
            .map(|s1| {
                let sanction = match concept {
                    Concept::Nash => None,
                    Concept::Gmr | Concept::Smr | Concept::Seq => self
                        .reached_by_others(party, s1, concept == Concept::Seq)
                        .into_iter()
                        .find(|&s2| {
                            !self.prefers(party, s2, state)
                                && (concept != Concept::Smr
                                    || self.moves[party][s2]
                                        .iter()
                                        .all(|&s3| !self.prefers(party, s3, state)))
                        }),
                };
                (s1, sanction)
            })
            .collect();
        Verdict {
            stable: improvements.iter().all(|(_, sanction)| sanction.is_some()),
            improvements,
        }
    }

    /// The states stable for every party under `concept`.
    pub fn equilibria(&self, concept: Concept) -> Vec<usize> {
        (0..self.states())
            .filter(|&s| (0..self.parties.len()).all(|i| self.verdict(i, s, concept).stable))
            .collect()
    }

    /// From `start`, a shortest path of unilateral improvements (each by the party that makes
    /// it, as (party, state reached)) to each state in `targets` that such paths reach.
    pub fn improvement_paths(
        &self,
        start: usize,
        targets: &[usize],
    ) -> Vec<(usize, Vec<(usize, usize)>)> {
        let mut came_from: Vec<Option<(usize, usize)>> = vec![None; self.states()];
        let mut seen = vec![false; self.states()];
        seen[start] = true;
        let mut queue = VecDeque::from([start]);
        while let Some(at) = queue.pop_front() {
            for party in 0..self.parties.len() {
                for to in self.improvements(party, at) {
                    if !std::mem::replace(&mut seen[to], true) {
                        came_from[to] = Some((party, at));
                        queue.push_back(to);
                    }
                }
            }
        }
        targets
            .iter()
            .filter(|&&t| seen[t])
            .map(|&t| {
                let mut path = Vec::new();
                let mut at = t;
                while let Some((party, from)) = came_from[at] {
                    path.push((party, at));
                    at = from;
                }
                path.reverse();
                (t, path)
            })
            .collect()
    }
}
