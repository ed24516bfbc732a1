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

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Serialize;

mod classify;
mod explain;
mod graph;
pub mod inverse;
pub mod teach;

pub use explain::explain;
pub use graph::*;

use super::deal_space::{Control, Stage};

/// A state reached, and the improvements that reach it: each by the party making it, as
/// (party, state reached).
pub type ImprovementPath = (usize, Vec<(usize, usize)>);

/// The states stable for every party, from one concept's classification.
pub fn equilibria_of(stable: &[Vec<bool>]) -> Vec<usize> {
    let states = stable.first().map_or(0, Vec::len);
    (0..states)
        .filter(|&s| stable.iter().all(|party| party[s]))
        .collect()
}

/// A conflict as a graph.
#[derive(Clone, Debug)]
pub struct Conflict {
    /// Party names, for explanations.
    pub parties: Vec<String>,
    /// Per party: the states one unilateral move of the party reaches from each state.
    pub moves: Vec<Moves>,
    /// Per party, per state: how much the party likes the state (higher is preferred).
    pub payoff: Vec<Vec<i64>>,
}

/// One party's moves: from each state, the states it reaches in one move, all in one array
/// (a million states hold tens of millions of moves; a list per state would cost more than
/// the moves).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Moves {
    /// Where each state's moves start in `to`; the last entry is where they end.
    start: Vec<u32>,
    to: Vec<u32>,
}

impl Moves {
    /// From a list of the states reached, per state.
    pub fn from_lists(lists: &[Vec<usize>]) -> Self {
        let mut moves = Moves {
            start: vec![0],
            to: Vec::new(),
        };
        for list in lists {
            moves.to.extend(list.iter().map(|&t| t as u32));
            moves.start.push(moves.to.len() as u32);
        }
        moves
    }

    /// Each party's, from its lists per state.
    pub fn per_party(parties: &[Vec<Vec<usize>>]) -> Vec<Self> {
        parties
            .iter()
            .map(|lists| Moves::from_lists(lists))
            .collect()
    }

    /// The states one move reaches from `state`.
    pub fn from(&self, state: usize) -> impl ExactSizeIterator<Item = usize> + Clone + '_ {
        self.slice(state).iter().map(|&t| t as usize)
    }

    /// The states one move reaches from `state`, as stored.
    fn slice(&self, state: usize) -> &[u32] {
        &self.to[self.start[state] as usize..self.start[state + 1] as usize]
    }

    /// How many moves there are, from every state.
    pub fn len(&self) -> usize {
        self.to.len()
    }

    pub fn is_empty(&self) -> bool {
        self.to.is_empty()
    }
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

    pub fn long_name(self) -> &'static str {
        match self {
            Concept::Nash => "Nash stability",
            Concept::Gmr => "general metarationality",
            Concept::Smr => "symmetric metarationality",
            Concept::Seq => "sequential stability",
        }
    }

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
pub struct Stability {
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
        self.moves[party]
            .from(state)
            .filter(|&t| self.prefers(party, t, state))
            .collect()
    }

    /// The states the parties other than `party` reach from `state` by a legal sequence of
    /// one or more unilateral moves (only improvements, each for the party making it, with
    /// `improving`), no party moving twice in a row.
    pub fn reached_by_others(&self, party: usize, state: usize, improving: bool) -> Vec<usize> {
        let others: Vec<usize> = (0..self.parties.len()).filter(|&p| p != party).collect();
        self.reached_by(&others, state, improving)
    }

    /// The states `movers` reach from `state` by a legal sequence of one or more of their
    /// unilateral moves (only improvements, each for the party making it, with `improving`),
    /// no party moving twice in a row.
    pub fn reached_by(&self, movers: &[usize], state: usize, improving: bool) -> Vec<usize> {
        self.reached_within(movers, state, improving, &Control::default())
            .unwrap_or_default()
    }

    /// [`Conflict::reached_by`], stopped by `control`.
    fn reached_within(
        &self,
        movers: &[usize],
        state: usize,
        improving: bool,
        control: &Control,
    ) -> Result<Vec<usize>, StabilityError> {
        let mut reached = Vec::new();
        self.first_reached_within(
            movers,
            state,
            improving,
            |s| {
                reached.push(s);
                Ok(false)
            },
            control,
        )?;
        reached.sort_unstable();
        reached.dedup();
        Ok(reached)
    }

    /// The first state, nearest first, that `movers` reach from `state` as
    /// [`Conflict::reached_by`] says and that `wanted` accepts: the search stops there.
    pub fn first_reached_by(
        &self,
        movers: &[usize],
        state: usize,
        improving: bool,
        mut wanted: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        self.first_reached_within(
            movers,
            state,
            improving,
            |s| Ok(wanted(s)),
            &Control::default(),
        )
        .unwrap_or_default()
    }

    /// [`Conflict::first_reached_by`], stopped by `control` (then `Err`: not knowing is not
    /// "none"); `wanted` may itself search, and stop.
    fn first_reached_within(
        &self,
        movers: &[usize],
        state: usize,
        improving: bool,
        mut wanted: impl FnMut(usize) -> Result<bool, StabilityError>,
        control: &Control,
    ) -> Result<Option<usize>, StabilityError> {
        // Visited as (state, last mover): a state reached by one mover may still be left by it
        // when reached by another. Sets, not arrays: most sequences stay near their start.
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        let mut queue = VecDeque::from([(state, None)]);
        let mut visited = 0u64;
        while let Some((from, last)) = queue.pop_front() {
            visited += 1;
            if visited.is_multiple_of(CHECK_EVERY) {
                control.progressed(CHECK_EVERY);
                if control.is_cancelled() {
                    return Err(StabilityError::Cancelled);
                }
            }
            for &mover in movers.iter().filter(|&&m| Some(m) != last) {
                for to in self.moves[mover].from(from) {
                    if (!improving || self.prefers(mover, to, from)) && seen.insert((to, mover)) {
                        if wanted(to)? {
                            return Ok(Some(to));
                        }
                        queue.push_back((to, Some(mover)));
                    }
                }
            }
        }
        Ok(None)
    }

    /// Whether `state` is stable for `party` under `concept`, with the improvements and what
    /// sanctions each: a search from each improvement, for one state's explanation (every
    /// state at once is [`Conflict::classify`]).
    pub fn verdict(&self, party: usize, state: usize, concept: Concept) -> Stability {
        // A party is a coalition of one: its sequences are its single moves.
        self.coalition_verdict(&[party], state, concept)
    }

    /// The coalition improvements of `coalition` from `state`: the states its members reach by
    /// a legal sequence of their unilateral moves that every member prefers to `state`.
    pub fn coalition_improvements(&self, coalition: &[usize], state: usize) -> Vec<usize> {
        self.coalition_improvements_within(coalition, state, &Control::default())
            .unwrap_or_default()
    }

    /// [`Conflict::coalition_improvements`], stopped by `control`.
    fn coalition_improvements_within(
        &self,
        coalition: &[usize],
        state: usize,
        control: &Control,
    ) -> Result<Vec<usize>, StabilityError> {
        let mut moves = self.reached_within(coalition, state, false, control)?;
        moves.retain(|&t| self.all_prefer(coalition, t, state));
        Ok(moves)
    }

    fn all_prefer(&self, coalition: &[usize], a: usize, b: usize) -> bool {
        coalition.iter().all(|&i| self.prefers(i, a, b))
    }

    /// Whether `state` is stable for `coalition` acting as one party under `concept`: its
    /// moves are its members' legal sequences, an improvement is a state every member
    /// prefers, and a sanction is an answer of the parties outside it (by the concept's rule)
    /// that leaves some member no better off. For a coalition of one this is
    /// [`Conflict::verdict`]; a search per improvement, for one state.
    pub fn coalition_verdict(
        &self,
        coalition: &[usize],
        state: usize,
        concept: Concept,
    ) -> Stability {
        self.coalition_verdicts(coalition, state, &[concept])
            .remove(0)
    }

    /// [`Conflict::coalition_verdict`] under each of `concepts`, the coalition's moves found
    /// once for all of them.
    pub fn coalition_verdicts(
        &self,
        coalition: &[usize],
        state: usize,
        concepts: &[Concept],
    ) -> Vec<Stability> {
        self.coalition_verdicts_within(coalition, state, concepts, &Control::default())
            .unwrap_or_default()
    }

    /// [`Conflict::coalition_verdicts`], stopped by `control`.
    pub fn coalition_verdicts_within(
        &self,
        coalition: &[usize],
        state: usize,
        concepts: &[Concept],
        control: &Control,
    ) -> Result<Vec<Stability>, StabilityError> {
        let others: Vec<usize> = (0..self.parties.len())
            .filter(|p| !coalition.contains(p))
            .collect();
        let moves = self.coalition_improvements_within(coalition, state, control)?;
        // SMR asks of each answer whether the coalition can escape from it: once per answer.
        let mut escapes: HashMap<usize, bool> = HashMap::new();
        let mut verdicts = Vec::new();
        for &concept in concepts {
            let mut improvements: Vec<(usize, Option<usize>)> = Vec::new();
            for &s1 in &moves {
                let sanction = match concept {
                    Concept::Nash => None,
                    // The nearest answer of the others that leaves some member no better off
                    // (and, for SMR, that the coalition cannot escape from) deters.
                    Concept::Gmr | Concept::Smr | Concept::Seq => self.first_reached_within(
                        &others,
                        s1,
                        concept == Concept::Seq,
                        |s2| {
                            if self.all_prefer(coalition, s2, state) {
                                return Ok(false);
                            }
                            if concept != Concept::Smr {
                                return Ok(true);
                            }
                            let escape = match escapes.get(&s2) {
                                Some(&known) => known,
                                None => self
                                    .first_reached_within(
                                        coalition,
                                        s2,
                                        false,
                                        |s3| Ok(self.all_prefer(coalition, s3, state)),
                                        control,
                                    )?
                                    .is_some(),
                            };
                            escapes.insert(s2, escape);
                            Ok(!escape)
                        },
                        control,
                    )?,
                };
                improvements.push((s1, sanction));
            }
            verdicts.push(Stability {
                stable: improvements.iter().all(|(_, sanction)| sanction.is_some()),
                improvements,
            });
        }
        Ok(verdicts)
    }

    /// Per concept of `equilibria` (each with its equilibria: the states stable for every
    /// party alone), those that stay equilibria with `coalition` acting as one: stable for it
    /// too, as [`Conflict::coalition_verdicts`] judges (coalition analysis, after Kilgour,
    /// Hipel, Fang and Peng, *Group Decision and Negotiation* 10, 2001: which equilibria of
    /// the parties alone the coalition's joint moves would upset). Over every state, since a
    /// state where some party would move alone is no equilibrium with or without it; each
    /// equilibrium is judged once, for all its concepts.
    pub fn coalition_equilibria_within(
        &self,
        coalition: &[usize],
        equilibria: &[(Concept, Vec<usize>)],
        control: &Control,
    ) -> Result<Vec<(Concept, Vec<usize>)>, StabilityError> {
        let mut concepts_of: std::collections::BTreeMap<usize, Vec<Concept>> = Default::default();
        for (concept, states) in equilibria {
            for &s in states {
                concepts_of.entry(s).or_default().push(*concept);
            }
        }
        let mut holding: HashSet<(usize, Concept)> = HashSet::new();
        for (&s, concepts) in &concepts_of {
            let verdicts = self.coalition_verdicts_within(coalition, s, concepts, control)?;
            for (&concept, verdict) in concepts.iter().zip(verdicts) {
                if verdict.stable {
                    holding.insert((s, concept));
                }
            }
        }
        Ok(equilibria
            .iter()
            .map(|(concept, states)| {
                let kept = states
                    .iter()
                    .copied()
                    .filter(|&s| holding.contains(&(s, *concept)))
                    .collect();
                (*concept, kept)
            })
            .collect())
    }

    /// Per state: its place in `party`'s preferences, 1 for the states it likes best, equally
    /// liked states sharing a place (dense ranking).
    pub fn ranks(&self, party: usize) -> Vec<usize> {
        let mut levels = self.payoff[party].clone();
        levels.sort_unstable_by(|a, b| b.cmp(a));
        levels.dedup();
        self.payoff[party]
            .iter()
            .map(|p| levels.partition_point(|l| l > p) + 1)
            .collect()
    }

    /// The states stable for every party under `concept`.
    pub fn equilibria(&self, concept: Concept) -> Vec<usize> {
        equilibria_of(&self.classify(&[concept])[0])
    }

    /// From `start`, a shortest path of unilateral improvements (each by the party that makes
    /// it, as (party, state reached)) to each state in `targets` that such paths reach.
    pub fn improvement_paths(&self, start: usize, targets: &[usize]) -> Vec<ImprovementPath> {
        self.improvement_paths_within(start, targets, &Control::default())
            .unwrap_or_default()
    }

    /// [`Conflict::improvement_paths`], stopped by `control`.
    pub fn improvement_paths_within(
        &self,
        start: usize,
        targets: &[usize],
        control: &Control,
    ) -> Result<Vec<ImprovementPath>, StabilityError> {
        let mut came_from: Vec<Option<(usize, usize)>> = vec![None; self.states()];
        let mut seen = vec![false; self.states()];
        seen[start] = true;
        let mut queue = VecDeque::from([start]);
        let mut visited = 0u64;
        while let Some(at) = queue.pop_front() {
            visited += 1;
            if visited.is_multiple_of(CHECK_EVERY) && control.is_cancelled() {
                return Err(StabilityError::Cancelled);
            }
            for party in 0..self.parties.len() {
                for to in self.improvements(party, at) {
                    if !std::mem::replace(&mut seen[to], true) {
                        came_from[to] = Some((party, at));
                        queue.push_back(to);
                    }
                }
            }
        }
        Ok(targets
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
            .collect())
    }
}
