//! Long file: the four stability concepts share one state space, budget and cancel.
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

use super::deal_space::{Control, Stage};
use super::eval::{Choices, Verdict, verdict};
use super::space::{Domain, condition_thresholds, domain_with};
use super::types::{Model, Party, Pick, PositionKind};

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

/// Most states a model may have for the analysis: about what it works through in 10 seconds on
/// a 2-core machine when each party controls little (measured: 524,288 states in 8.7 s).
pub const MAX_STATES: usize = 500_000;
/// Most moves one party may have from one state.
pub const MAX_MOVES: usize = 4_096;
/// Most moves the graph may hold, every party's from every state together: each is kept, so
/// this bounds the memory (about 8 bytes a move, some 400 MB here), and the time with it.
pub const MAX_MOVES_IN_ALL: f64 = 50_000_000.0;

/// How often the long loops ask whether to stop: every this many steps.
const CHECK_EVERY: u64 = 4_096;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StabilityError {
    #[error(
        "the model has {} packages; the stability analysis takes at most {} (about what it works \
         through in 10 seconds on a 2-core machine): fewer positions or options bring it within \
         reach", super::types::format_count(*.0), super::types::format_number(*.1 as f64)
    )]
    TooManyStates(f64, usize),
    #[error(
        "the model's {} states hold {} moves in all; the stability analysis takes at most {} \
         (memory and time grow with them): give parties fewer positions to control, or the \
         positions fewer options", super::types::format_count(*states),
        super::types::format_count(*moves), super::types::format_count(MAX_MOVES_IN_ALL)
    )]
    TooManyMovesInAll { states: f64, moves: f64 },
    #[error("the analysis was stopped before it finished")]
    Cancelled,
    #[error(
        "{party} controls positions with {moves} combinations; the analysis takes at most {MAX_MOVES}"
    )]
    TooManyMoves { party: String, moves: f64 },
    #[error("the status quo is infeasible: the model says such a package cannot happen")]
    InfeasibleStatusQuo,
}

/// The states of a model: its feasible packages, number ranges cut where any red line,
/// preference or infeasibility condition compares them (so two values no condition tells
/// apart are one state).
#[derive(Clone, Debug)]
pub struct States {
    pub domains: Vec<Domain>,
    /// Each state's value index per position.
    pub packages: Vec<Vec<u16>>,
    index: HashMap<Vec<u16>, usize>,
}

impl States {
    /// `to` in words: the positions where it differs from `from` ("the status quo" where none
    /// does, since `from` is the status quo wherever this is used).
    pub fn describe(&self, model: &Model, from: usize, to: usize) -> String {
        describe_change(
            model,
            &self.domains,
            &self.packages[from],
            &self.packages[to],
            "the status quo",
        )
    }

    pub fn choices(&self, state: usize) -> Choices {
        self.packages[state]
            .iter()
            .zip(&self.domains)
            .map(|(&v, d)| (d.position.clone(), d.values[usize::from(v)].pick.clone()))
            .collect()
    }

    /// The state of a scenario's choices (a position without a pick takes its first value).
    pub fn state_of(&self, choices: &Choices) -> Option<usize> {
        let package: Vec<u16> = self
            .domains
            .iter()
            .map(|d| {
                choices
                    .get(&d.position)
                    .and_then(|pick| d.index_of(pick))
                    .unwrap_or(0) as u16
            })
            .collect();
        self.index.get(&package).copied()
    }
}

/// Package `to` in words, by the positions where it differs from `from` (values as indices
/// into `domains`): `unchanged` where none does.
pub fn describe_change(
    model: &Model,
    domains: &[Domain],
    from: &[u16],
    to: &[u16],
    unchanged: &str,
) -> String {
    let parts: Vec<String> = model
        .positions
        .iter()
        .zip(domains)
        .enumerate()
        .filter(|(i, _)| from[*i] != to[*i])
        .map(|(i, (p, d))| format!("{}: {}", p.title, d.values[usize::from(to[i])].label))
        .collect();
    if parts.is_empty() {
        unchanged.to_owned()
    } else {
        parts.join("; ")
    }
}

/// How party `party` ranks a package: its red lines first (unless they are soft: fewer broken
/// is better, and none broken beats any broken), then its preferences, the first worth more
/// than all after it together.
/// `fits` says whether the package is one a ranking names.
pub fn payoff(
    model: &Model,
    party: &Party,
    choices: &Choices,
    fits: &dyn Fn(&Choices) -> bool,
) -> i64 {
    let position = |p: &str| model.position(p);
    let pick = |p: &str| choices.get(p);
    let (n, score) = if party.ranking.is_empty() {
        let n = party
            .preferences
            .len()
            .min(crate::model::validate::MAX_PREFERENCES);
        let score: i64 = party
            .preferences
            .iter()
            .take(n)
            .enumerate()
            .filter(|(_, c)| c.holds(&position, &pick))
            .map(|(k, _)| 1i64 << (n - 1 - k))
            .sum();
        (n, score)
    } else {
        // Tier k of t scores t − k, a state no package fits 0: below 2^n with n bits for t.
        let tiers = party.ranking.len();
        let score = party
            .ranking
            .iter()
            .position(|tier| tier.iter().any(fits))
            .map_or(0, |k| (tiers - k) as i64);
        (64 - (tiers as u64).leading_zeros() as usize, score)
    };
    let broken = if party.hard_red_lines {
        model
            .red_lines
            .iter()
            .filter(|r| r.party == party.id)
            .filter(|r| verdict(model, r, choices) == Verdict::Breaks)
            .count() as i64
    } else {
        0
    };
    score - (broken << n)
}

/// The model as a graph: its feasible packages as states, each party's moves over the
/// positions it controls (any of them at once, never away from an irreversible option), and
/// its payoffs. As in the deal-space search, a package takes a real option on every position:
/// "not addressed" is a state only with `allow_unaddressed`, or where the status quo (the
/// scenario's choices) leaves the position unaddressed.
pub fn conflict_of(
    model: &Model,
    status_quo: &Choices,
    allow_unaddressed: bool,
) -> Result<(Conflict, States), StabilityError> {
    conflict_within(
        model,
        status_quo,
        allow_unaddressed,
        MAX_STATES,
        &Control::default(),
    )
}

/// As [`conflict_of`], refusing models of more than `max_states` states, stopped by `control`
/// (which hears of progress: states listed, then each party's moves and payoffs).
pub fn conflict_within(
    model: &Model,
    status_quo: &Choices,
    allow_unaddressed: bool,
    max_states: usize,
    control: &Control,
) -> Result<(Conflict, States), StabilityError> {
    control.set_stage(Stage::States);
    let (domains, allowed) = state_space(model, status_quo, allow_unaddressed);
    let count: f64 = allowed.iter().map(|a| a.len() as f64).product();
    if count > max_states.min(MAX_STATES) as f64 {
        return Err(StabilityError::TooManyStates(
            count,
            max_states.min(MAX_STATES),
        ));
    }
    let sizes: Vec<usize> = allowed.iter().map(Vec::len).collect();
    // Each party's positions, and the moves the graph would hold before any is found: each
    // party's combinations of its positions, from every state.
    let controlled: Vec<Vec<usize>> = model
        .parties
        .iter()
        .map(|party| {
            (0..model.positions.len())
                .filter(|&i| party.controls.contains(&model.positions[i].id))
                .collect()
        })
        .collect();
    let mut moves_in_all = 0.0;
    for (party, controlled) in model.parties.iter().zip(&controlled) {
        let combinations: f64 = controlled.iter().map(|&i| sizes[i] as f64).product();
        if combinations > MAX_MOVES as f64 {
            return Err(StabilityError::TooManyMoves {
                party: party.name.clone(),
                moves: combinations,
            });
        }
        moves_in_all += count * (combinations - 1.0);
    }
    if moves_in_all > MAX_MOVES_IN_ALL {
        return Err(StabilityError::TooManyMovesInAll {
            states: count,
            moves: moves_in_all,
        });
    }
    let position = |p: &str| model.position(p);
    // Stops the loops below between states, when asked to.
    let mut listed = 0u64;
    let mut stop = || {
        listed += 1;
        if listed.is_multiple_of(CHECK_EVERY) {
            control.progressed(CHECK_EVERY);
            return control.is_cancelled();
        }
        false
    };
    let mut packages = Vec::new();
    let mut index = HashMap::new();
    let mut states = States {
        domains,
        packages: Vec::new(),
        index: HashMap::new(),
    };
    let mut stopped = false;
    for_each_tuple(&sizes, |tuple| {
        if stopped || stop() {
            stopped = true;
            return;
        }
        let package: Vec<u16> = tuple
            .iter()
            .zip(&allowed)
            .map(|(&i, a)| a[i] as u16)
            .collect();
        let choices: Choices = package
            .iter()
            .zip(&states.domains)
            .map(|(&v, d)| (d.position.clone(), d.values[usize::from(v)].pick.clone()))
            .collect();
        let pick = |p: &str| choices.get(p);
        if !model.infeasible.iter().any(|c| c.holds(&position, &pick)) {
            index.insert(package.clone(), packages.len());
            packages.push(package);
        }
    });
    if stopped {
        return Err(StabilityError::Cancelled);
    }
    states.packages = packages;
    states.index = index;

    // What a package holds on a position that it cannot leave.
    let stuck: Vec<Vec<bool>> = model
        .positions
        .iter()
        .zip(&states.domains)
        .map(|(p, d)| {
            d.values
                .iter()
                .map(|v| match (&p.kind, &v.pick) {
                    (PositionKind::Choice { options, .. }, Pick::Option(id)) => {
                        options.iter().any(|o| &o.id == id && o.irreversible)
                    }
                    _ => false,
                })
                .collect()
        })
        .collect();
    let mut moves = Vec::new();
    let mut payoffs = Vec::new();
    for (party, controlled) in model.parties.iter().zip(&controlled) {
        let local: Vec<usize> = controlled.iter().map(|&i| sizes[i]).collect();
        let party_moves: Vec<Vec<usize>> = states
            .packages
            .iter()
            .map(|package| {
                let mut out = Vec::new();
                if stopped || stop() {
                    stopped = true;
                    return out;
                }
                for_each_tuple(&local, |values| {
                    let mut to = package.clone();
                    for (&i, &v) in controlled.iter().zip(values) {
                        to[i] = allowed[i][v] as u16;
                    }
                    let leaves_stuck = controlled
                        .iter()
                        .any(|&i| to[i] != package[i] && stuck[i][usize::from(package[i])]);
                    if to != *package
                        && !leaves_stuck
                        && let Some(&t) = states.index.get(&to)
                    {
                        out.push(t);
                    }
                });
                out
            })
            .collect();
        moves.push(party_moves);
        payoffs.push(
            (0..states.packages.len())
                .map(|s| {
                    if stopped || stop() {
                        stopped = true;
                        return 0;
                    }
                    // A ranked package fits a state whose pieces hold its picks.
                    let fits = |package: &Choices| {
                        package.iter().all(|(id, want)| {
                            states
                                .domains
                                .iter()
                                .zip(&states.packages[s])
                                .find(|(d, _)| &d.position == id)
                                .is_some_and(|(d, &v)| d.values[usize::from(v)].contains(want))
                        })
                    };
                    payoff(model, party, &states.choices(s), &fits)
                })
                .collect(),
        );
    }
    if stopped {
        return Err(StabilityError::Cancelled);
    }
    Ok((
        Conflict {
            parties: model.parties.iter().map(|p| p.name.clone()).collect(),
            moves,
            payoff: payoffs,
        },
        states,
    ))
}

/// The domains of the model's positions for the analysis (cut where any red line, preference
/// or infeasibility condition compares them) and, per position, the values a state may take.
fn state_space(
    model: &Model,
    status_quo: &Choices,
    allow_unaddressed: bool,
) -> (Vec<Domain>, Vec<Vec<usize>>) {
    let conditions = model
        .red_lines
        .iter()
        .flat_map(|r| std::iter::once(&r.breaks_when).chain(r.uncertain_when.as_ref()))
        .chain(model.parties.iter().flat_map(|p| &p.preferences))
        .chain(&model.infeasible);
    let thresholds = condition_thresholds(conditions);
    let domains: Vec<Domain> = model
        .positions
        .iter()
        .map(|p| domain_with(p, thresholds.get(p.id.as_str()).map_or(&[], Vec::as_slice)))
        .collect();
    // Per position, the domain values a state may take.
    let allowed: Vec<Vec<usize>> = model
        .positions
        .iter()
        .zip(&domains)
        .map(|(p, d)| {
            let kept = d.index_of(status_quo.get(&p.id).unwrap_or(&p.default_pick()));
            (0..d.values.len())
                .filter(|&v| {
                    allow_unaddressed || !p.is_unaddressed(&d.values[v].pick) || Some(v) == kept
                })
                .collect()
        })
        .collect();
    (domains, allowed)
}

/// The steps of the whole analysis as [`conflict_within`] and [`Conflict::classify_within`]
/// report them to a [`Control`] (each state listed, and once per party for its moves, its
/// payoffs and each concept): for the share done. States the model rules out count too.
pub fn planned_steps(
    model: &Model,
    status_quo: &Choices,
    allow_unaddressed: bool,
    concepts: usize,
) -> u64 {
    let (_, allowed) = state_space(model, status_quo, allow_unaddressed);
    let states: f64 = allowed.iter().map(|a| a.len() as f64).product();
    let per_state = 1 + model.parties.len() * (2 + concepts);
    (states * per_state as f64).min(u64::MAX as f64) as u64
}

/// Calls `f` with every tuple below `sizes`, the first index varying slowest.
fn for_each_tuple(sizes: &[usize], mut f: impl FnMut(&[usize])) {
    if sizes.contains(&0) {
        return;
    }
    let mut tuple = vec![0; sizes.len()];
    loop {
        f(&tuple);
        let mut digit = sizes.len();
        loop {
            if digit == 0 {
                return;
            }
            digit -= 1;
            tuple[digit] += 1;
            if tuple[digit] < sizes[digit] {
                break;
            }
            tuple[digit] = 0;
        }
    }
}

/// Why `state` is or is not stable for `movers` (one party, or a coalition acting as one), in
/// words: each move it would rather make, and under each concept (Nash aside) the answer that
/// deters it, or that nothing does. The moves are those of `verdicts`, which all list the same
/// improvements: at most `limit` of them, those deterred under the fewest concepts first (they
/// are what makes the state unstable), and a line saying how many more. States are described
/// against `state`.
pub fn explain(
    model: &Model,
    states: &States,
    movers: &[usize],
    state: usize,
    verdicts: &[(Concept, Stability)],
    limit: usize,
) -> Vec<String> {
    let one = movers.len() == 1;
    let others: Vec<&str> = (0..model.parties.len())
        .filter(|p| !movers.contains(p))
        .map(|p| model.parties[p].name.as_str())
        .collect();
    // One other party is named; more answer as "the others", in any order they may move.
    let (who, whose) = match others.as_slice() {
        [other] => (other.to_string(), format!("of {other}")),
        _ => ("the others".to_owned(), "of the others".to_owned()),
    };
    // The mover by name where another party is named too, so no "it" is ambiguous.
    let mover = movers
        .first()
        .map_or("", |&p| model.parties[p].name.as_str());
    let (would, no_better, escape, better_off) = if one {
        (
            "It would rather move to".to_owned(),
            format!("which {mover} likes no better than now"),
            format!("and from which {mover} has no move it likes better than now"),
            format!("still leaves {mover} better off than now"),
        )
    } else {
        (
            "Together they would rather move to".to_owned(),
            "which not every one of them prefers to now".to_owned(),
            "and from which together they have no move every one of them prefers to now".to_owned(),
            "still leaves every one of them better off than now".to_owned(),
        )
    };
    let mut lines = Vec::new();
    // Per move, under how many concepts it is deterred.
    let mut deterred: HashMap<usize, usize> = HashMap::new();
    for (_, verdict) in verdicts {
        for &(to, sanction) in &verdict.improvements {
            *deterred.entry(to).or_default() += usize::from(sanction.is_some());
        }
    }
    let mut moves: Vec<usize> = verdicts
        .first()
        .map_or(&[][..], |(_, v)| &v.improvements)
        .iter()
        .map(|&(to, _)| to)
        .collect();
    moves.sort_by_key(|to| deterred.get(to).copied().unwrap_or(0));
    let more = moves.len().saturating_sub(limit);
    for &to in moves.iter().take(limit) {
        lines.push(format!("{would} {}.", states.describe(model, state, to)));
        for (concept, verdict) in verdicts {
            let sanction = verdict
                .improvements
                .iter()
                .find(|(s1, _)| *s1 == to)
                .and_then(|(_, s2)| *s2);
            let name = concept.name();
            lines.push(match (concept, sanction) {
                (Concept::Nash, _) => continue,
                (_, Some(s2)) => {
                    let answer = states.describe(model, state, s2);
                    if *concept == Concept::Smr {
                        format!("  {name}: deterred: {who} can answer with {answer}, {no_better}, {escape}")
                    } else {
                        format!("  {name}: deterred: {who} can answer with {answer}, {no_better}")
                    }
                }
                (_, None) if others.is_empty() => {
                    format!("  {name}: not deterred: no party is left outside to answer")
                }
                (Concept::Seq, None) => format!(
                    "  {name}: not deterred: every answer {who} would want to give {better_off}"
                ),
                (Concept::Smr, None) => format!(
                    "  {name}: not deterred: every answer {whose} either {better_off} or lets \
                     {} move on to something better",
                    if one { "it" } else { "them" }
                ),
                (_, None) => format!("  {name}: not deterred: every answer {whose} {better_off}"),
            });
        }
    }
    if more > 0 {
        lines.push(format!(
            "… and {} more {} would rather make.",
            super::types::format_count(more as f64),
            if one { "moves it" } else { "joint moves they" }
        ));
    }
    if lines.is_empty() {
        lines.push(if one {
            "It has no move it would rather make.".to_owned()
        } else {
            "Together they have no move that every one of them would rather make.".to_owned()
        });
    }
    lines
}
