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

mod explain;
mod graph;
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
                for &to in &self.moves[mover][from] {
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

    /// Per concept (in the order given), per party, per state: whether the state is stable.
    /// Each party's check needs, for each improvement, the least it could be left with by the
    /// others' answers: one pass over the graph of their sequences per party and concept
    /// ([`Conflict::least_reached`]), not a search per state.
    pub fn classify(&self, concepts: &[Concept]) -> Vec<Vec<Vec<bool>>> {
        self.classify_within(concepts, &Control::default())
            .unwrap_or_default()
    }

    /// [`Conflict::classify`], stopped by `control`, which hears of progress: one pass per
    /// concept and party, each over every state.
    pub fn classify_within(
        &self,
        concepts: &[Concept],
        control: &Control,
    ) -> Result<Vec<Vec<Vec<bool>>>, StabilityError> {
        control.set_stage(Stage::Judging);
        concepts
            .iter()
            .map(|&concept| {
                (0..self.parties.len())
                    .map(|party| self.classify_party_within(party, concept, control))
                    .collect()
            })
            .collect()
    }

    /// Per state: whether it is stable for `party` under `concept`.
    pub fn classify_party(&self, party: usize, concept: Concept) -> Vec<bool> {
        self.classify_party_within(party, concept, &Control::default())
            .unwrap_or_default()
    }

    /// [`Conflict::classify_party`], stopped by `control`.
    pub fn classify_party_within(
        &self,
        party: usize,
        concept: Concept,
        control: &Control,
    ) -> Result<Vec<bool>, StabilityError> {
        let payoff = &self.payoff[party];
        let least = match concept {
            Concept::Nash => Vec::new(),
            Concept::Gmr => self.least_reached_within(party, false, payoff, control)?,
            Concept::Seq => self.least_reached_within(party, true, payoff, control)?,
            Concept::Smr => {
                // The best the party can make of a state: staying, or its best move from it.
                let best: Vec<i64> = (0..self.states())
                    .map(|s2| {
                        self.moves[party][s2]
                            .iter()
                            .map(|&s3| payoff[s3])
                            .fold(payoff[s2], i64::max)
                    })
                    .collect();
                self.least_reached_within(party, false, &best, control)?
            }
        };
        let stable = (0..self.states())
            .map(|s| {
                self.moves[party][s]
                    .iter()
                    .filter(|&&s1| payoff[s1] > payoff[s])
                    .all(|&s1| {
                        concept != Concept::Nash && least[s1].is_some_and(|l| l <= payoff[s])
                    })
            })
            .collect();
        control.progressed(self.states() as u64);
        Ok(stable)
    }

    /// Per state `s1`: the least `value` of the states the parties other than `party` reach
    /// from it by legal sequences (improvements only, with `improving`); `None` where they
    /// cannot move. The sequences form a graph over (state, last mover); its strongly
    /// connected components (Tarjan's algorithm) come out sinks first, so each component's
    /// least is known once those it leads to are.
    pub fn least_reached(&self, party: usize, improving: bool, value: &[i64]) -> Vec<Option<i64>> {
        self.least_reached_within(party, improving, value, &Control::default())
            .unwrap_or_default()
    }

    /// [`Conflict::least_reached`], stopped by `control`.
    fn least_reached_within(
        &self,
        party: usize,
        improving: bool,
        value: &[i64],
        control: &Control,
    ) -> Result<Vec<Option<i64>>, StabilityError> {
        let n = self.parties.len();
        let states = self.states();
        // Node (state, mover) = state * n + mover: the state, reached by that mover's move.
        let successors = |node: usize| -> Vec<usize> {
            let (at, last) = (node / n, node % n);
            let mut out = Vec::new();
            for mover in (0..n).filter(|&m| m != party && m != last) {
                for &to in &self.moves[mover][at] {
                    if !improving || self.payoff[mover][to] > self.payoff[mover][at] {
                        out.push(to * n + mover);
                    }
                }
            }
            out
        };
        let nodes = states * n;
        let mut index = vec![usize::MAX; nodes];
        let mut low = vec![0; nodes];
        let mut on_stack = vec![false; nodes];
        let mut component = vec![usize::MAX; nodes];
        let mut least_of: Vec<i64> = Vec::new();
        let mut stack = Vec::new();
        let mut next = 0;
        let mut steps = 0u64;
        // Roots: the states the others reach in one move, from any state.
        for root in (0..nodes).filter(|&v| v % n != party) {
            if index[root] != usize::MAX {
                continue;
            }
            let mut call: Vec<(usize, Vec<usize>, usize)> = vec![(root, successors(root), 0)];
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some((v, succ, i)) = call.last_mut() {
                steps += 1;
                if steps.is_multiple_of(CHECK_EVERY) && control.is_cancelled() {
                    return Err(StabilityError::Cancelled);
                }
                let v = *v;
                if let Some(&w) = succ.get(*i) {
                    *i += 1;
                    if index[w] == usize::MAX {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        call.push((w, successors(w), 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                let succ = std::mem::take(succ);
                call.pop();
                if let Some((parent, _, _)) = call.last() {
                    low[*parent] = low[*parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let c = least_of.len();
                    let mut members = Vec::new();
                    loop {
                        let w = stack.pop().expect("v is on the stack");
                        on_stack[w] = false;
                        component[w] = c;
                        members.push(w);
                        if w == v {
                            break;
                        }
                    }
                    // Every component these lead to is finished: it came out first.
                    let mut least = i64::MAX;
                    for &w in &members {
                        least = least.min(value[w / n]);
                        let out = if w == v { succ.clone() } else { successors(w) };
                        for x in out {
                            if component[x] != c {
                                least = least.min(least_of[component[x]]);
                            }
                        }
                    }
                    least_of.push(least);
                }
            }
        }
        Ok((0..states)
            .map(|s1| {
                (0..n)
                    .filter(|&m| m != party)
                    .flat_map(|m| self.moves[m][s1].iter().map(move |&to| (m, to)))
                    .filter(|&(m, to)| !improving || self.payoff[m][to] > self.payoff[m][s1])
                    .map(|(m, to)| least_of[component[to * n + m]])
                    .min()
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
