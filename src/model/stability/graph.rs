//! The conflict a model poses: its packages as states, each party's moves between them (what
//! it controls, what cannot be undone, what is infeasible), its preferences, and the bounds that
//! keep the analysis to a size it can finish.

use super::*;
use crate::model::deal_space::{Control, Stage};
use crate::model::eval::{Choices, Verdict, verdict};
use crate::model::space::{Domain, condition_thresholds, domain_with};
use crate::model::types::{Model, Party, Pick, PositionKind};

/// Most states a model may have for the analysis, 2^20: about what it works through in
/// 10 seconds on a 2-core machine when each party controls little (see the README's figures).
pub const MAX_STATES: usize = 1 << 20;
/// Most moves one party may have from one state.
pub const MAX_MOVES: usize = 4_096;
/// Most moves the graph may hold, every party's from every state together: each is kept, so
/// this bounds the memory (4 bytes a move, some 200 MB here), and the time with it.
pub const MAX_MOVES_IN_ALL: f64 = 50_000_000.0;

/// How often the long loops ask whether to stop: every this many steps.
pub(super) const CHECK_EVERY: u64 = 4_096;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StabilityError {
    #[error(
        "the model has {} packages; the stability analysis takes at most {} (about what it works \
         through in 10 seconds on a 2-core machine): fewer positions or options bring it within \
         reach", crate::model::types::format_count(*.0), crate::model::types::format_number(*.1 as f64)
    )]
    TooManyStates(f64, usize),
    #[error(
        "the model's {} states hold {} moves in all; the stability analysis takes at most {} \
         (memory and time grow with them): give parties fewer positions to control, or the \
         positions fewer options", crate::model::types::format_count(*states),
        crate::model::types::format_count(*moves), crate::model::types::format_count(MAX_MOVES_IN_ALL)
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
/// apart are one state). A package is known by its code, a mixed-radix number with a digit per
/// position (the first position's digit weighs most), so a state's values, and the state a
/// move reaches, are arithmetic: no table of packages, no hashing.
#[derive(Clone, Debug)]
pub struct States {
    pub domains: Vec<Domain>,
    /// Per position, the domain values a state may take: a digit is an index into these.
    allowed: Vec<Vec<u16>>,
    /// Per position, the weight of its digit in a code.
    weight: Vec<u32>,
    /// Each state's code, ascending.
    codes: Vec<u32>,
    /// Per code, its state ([`NO_STATE`] where the model rules the package out).
    state_of_code: Vec<u32>,
}

/// A code the model rules out.
const NO_STATE: u32 = u32::MAX;

impl States {
    /// How many states there are.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The digit of `position` in `state`'s code.
    fn digit(&self, state: usize, position: usize) -> usize {
        (self.codes[state] / self.weight[position]) as usize % self.allowed[position].len()
    }

    /// `state`'s value on `position`, as an index into its domain.
    pub fn value(&self, state: usize, position: usize) -> u16 {
        self.allowed[position][self.digit(state, position)]
    }

    /// `state`'s value on each position, as indices into their domains.
    pub fn package(&self, state: usize) -> Vec<u16> {
        (0..self.allowed.len())
            .map(|p| self.value(state, p))
            .collect()
    }

    /// `to` in words: the positions where it differs from `from` ("the status quo" where none
    /// does, since `from` is the status quo wherever this is used).
    pub fn describe(&self, model: &Model, from: usize, to: usize) -> String {
        describe_change(
            model,
            &self.domains,
            &self.package(from),
            &self.package(to),
            "the status quo",
        )
    }

    pub fn choices(&self, state: usize) -> Choices {
        self.package(state)
            .iter()
            .zip(&self.domains)
            .map(|(&v, d)| (d.position.clone(), d.values[usize::from(v)].pick.clone()))
            .collect()
    }

    /// The state of a scenario's choices (a position without a pick takes its first value).
    pub fn state_of(&self, choices: &Choices) -> Option<usize> {
        let mut code = 0u32;
        for (p, d) in self.domains.iter().enumerate() {
            let value = choices
                .get(&d.position)
                .and_then(|pick| d.index_of(pick))
                .unwrap_or(0) as u16;
            let digit = self.allowed[p].iter().position(|&a| a == value)?;
            code += digit as u32 * self.weight[p];
        }
        match self.state_of_code.get(code as usize) {
            Some(&state) if state != NO_STATE => Some(state as usize),
            _ => None,
        }
    }

    /// Per state, `f` of its package as `positions` see it: `f` is asked once per combination
    /// of their values (with the other positions at their first value), not once per state, so
    /// a party whose conditions read three positions costs a handful of evaluations.
    /// `None` when `stop` says to stop.
    fn per_state<T: Clone>(
        &self,
        positions: &[usize],
        mut f: impl FnMut(&Choices) -> T,
        stop: &mut dyn FnMut() -> bool,
    ) -> Option<Vec<T>> {
        let sizes: Vec<usize> = positions.iter().map(|&p| self.allowed[p].len()).collect();
        // (A position with no value, in a model opened for repair, leaves no state at all.)
        let mut choices: Choices = self
            .domains
            .iter()
            .zip(&self.allowed)
            .filter_map(|(d, a)| {
                Some((
                    d.position.clone(),
                    d.values[usize::from(*a.first()?)].pick.clone(),
                ))
            })
            .collect();
        let mut table = Vec::new();
        let mut previous: Option<Vec<usize>> = None;
        let mut stopped = false;
        for_each_tuple(&sizes, |tuple| {
            if stopped || stop() {
                stopped = true;
                return;
            }
            for (k, (&p, &digit)) in positions.iter().zip(tuple).enumerate() {
                if previous.as_ref().is_none_or(|before| before[k] != digit) {
                    let d = &self.domains[p];
                    let value = &d.values[usize::from(self.allowed[p][digit])];
                    choices.insert(d.position.clone(), value.pick.clone());
                }
            }
            previous = Some(tuple.to_vec());
            table.push(f(&choices));
        });
        if stopped {
            return None;
        }
        // The table's index of each state: its digits on `positions`, the first weighing most.
        let mut out = Vec::with_capacity(self.len());
        for state in 0..self.len() {
            if stop() {
                return None;
            }
            let mut index = 0;
            for (&p, &size) in positions.iter().zip(&sizes) {
                index = index * size + self.digit(state, p);
            }
            out.push(table[index].clone());
        }
        Some(out)
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
    let index_of = |id: &str| model.positions.iter().position(|p| p.id == id);
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
    // Weights: the last position's digit weighs 1.
    let mut weight = vec![1u32; sizes.len()];
    for p in (0..sizes.len().saturating_sub(1)).rev() {
        weight[p] = weight[p + 1] * sizes[p + 1] as u32;
    }
    let codes = count as usize;
    let mut states = States {
        domains,
        allowed: allowed
            .iter()
            .map(|a| a.iter().map(|&v| v as u16).collect())
            .collect(),
        weight,
        codes: (0..codes as u32).collect(),
        state_of_code: Vec::new(),
    };
    // What the model rules out, read per combination of the positions its conditions name.
    let mut named: Vec<usize> = model
        .infeasible
        .iter()
        .flat_map(|c| c.positions())
        .filter_map(index_of)
        .collect();
    named.sort_unstable();
    named.dedup();
    let ruled_out = states
        .per_state(
            &named,
            |choices| {
                let pick = |p: &str| choices.get(p);
                model.infeasible.iter().any(|c| c.holds(&position, &pick))
            },
            &mut stop,
        )
        .ok_or(StabilityError::Cancelled)?;
    let mut state_of_code = vec![NO_STATE; codes];
    let mut kept = Vec::with_capacity(codes);
    for (code, out) in ruled_out.iter().enumerate() {
        if !out {
            state_of_code[code] = kept.len() as u32;
            kept.push(code as u32);
        }
    }
    states.codes = kept;
    states.state_of_code = state_of_code;

    // What a package holds on a position that it cannot leave, per digit.
    let stuck: Vec<Vec<bool>> = model
        .positions
        .iter()
        .zip(&states.domains)
        .zip(&states.allowed)
        .map(|((p, d), allowed)| {
            allowed
                .iter()
                .map(|&v| match (&p.kind, &d.values[usize::from(v)].pick) {
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
        let mut start = Vec::with_capacity(states.len() + 1);
        let mut to = Vec::new();
        start.push(0);
        for s in 0..states.len() {
            if stop() {
                return Err(StabilityError::Cancelled);
            }
            let code = states.codes[s];
            let digits: Vec<usize> = controlled.iter().map(|&i| states.digit(s, i)).collect();
            // The code with the party's positions at zero: each move adds its own digits.
            let base = code
                - controlled
                    .iter()
                    .zip(&digits)
                    .map(|(&i, &d)| d as u32 * states.weight[i])
                    .sum::<u32>();
            for_each_tuple(&local, |values| {
                let mut target = base;
                let mut changed = false;
                let mut leaves_stuck = false;
                for ((&i, &v), &d) in controlled.iter().zip(values).zip(&digits) {
                    target += v as u32 * states.weight[i];
                    if v != d {
                        changed = true;
                        leaves_stuck |= stuck[i][d];
                    }
                }
                if changed && !leaves_stuck {
                    let t = states.state_of_code[target as usize];
                    if t != NO_STATE {
                        to.push(t);
                    }
                }
            });
            start.push(to.len() as u32);
        }
        moves.push(Moves { start, to });
        payoffs.push(party_payoffs(model, party, &states, &mut stop)?);
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

/// Per state, how `party` ranks it ([`payoff`]), asked once per combination of the positions
/// its red lines, preferences and ranking name.
fn party_payoffs(
    model: &Model,
    party: &Party,
    states: &States,
    stop: &mut dyn FnMut() -> bool,
) -> Result<Vec<i64>, StabilityError> {
    let index_of = |id: &str| model.positions.iter().position(|p| p.id == id);
    let mut named: Vec<usize> = model
        .red_lines
        .iter()
        .filter(|r| party.hard_red_lines && r.party == party.id)
        .flat_map(|r| std::iter::once(&r.breaks_when).chain(r.uncertain_when.as_ref()))
        .chain(&party.preferences)
        .flat_map(|c| c.positions())
        .chain(
            party
                .ranking
                .iter()
                .flatten()
                .flat_map(|p| p.keys().map(String::as_str)),
        )
        .filter_map(index_of)
        .collect();
    named.sort_unstable();
    named.dedup();
    states
        .per_state(
            &named,
            |choices| {
                // A ranked package fits a state whose pieces hold its picks.
                let fits = |package: &Choices| {
                    package.iter().all(|(id, want)| {
                        states.domains.iter().any(|d| {
                            &d.position == id
                                && choices
                                    .get(id)
                                    .and_then(|pick| d.index_of(pick))
                                    .is_some_and(|v| d.values[v].contains(want))
                        })
                    })
                };
                payoff(model, party, choices, &fits)
            },
            stop,
        )
        .ok_or(StabilityError::Cancelled)
}

/// The domains of the model's positions for the analysis (cut where any red line, preference
/// or infeasibility condition compares them) and, per position, the values a state may take.
pub(crate) fn state_space(
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
pub(super) fn for_each_tuple(sizes: &[usize], mut f: impl FnMut(&[usize])) {
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
