//! Long file: compiling to bitmasks and the search order share one bit layout.
//! The searchable space: conditions compiled to per-position bitmasks, the search order, and
//! the depth-first walk every question uses.

use crate::model::condition::Condition;
use crate::model::eval::{Choices, Verdict};
use crate::model::space::{Domain, domains_seen_by};
use crate::model::types::{Model, Pick, PositionKind};

use super::*;

/// The values of one position a condition atom accepts: a bit per domain value.
#[derive(Clone, Debug)]
pub(super) enum Mask {
    Small(u64),
    Large(Box<[u64]>),
}

impl Mask {
    pub(super) fn new(len: usize) -> Self {
        if len <= 64 {
            Mask::Small(0)
        } else {
            Mask::Large(vec![0; len.div_ceil(64)].into_boxed_slice())
        }
    }

    pub(super) fn set(&mut self, value: usize) {
        match self {
            Mask::Small(bits) => *bits |= 1 << value,
            Mask::Large(words) => words[value / 64] |= 1 << (value % 64),
        }
    }

    pub(super) fn has(&self, value: Value) -> bool {
        let value = usize::from(value);
        match self {
            Mask::Small(bits) => bits >> value & 1 == 1,
            Mask::Large(words) => words[value / 64] >> (value % 64) & 1 == 1,
        }
    }
}

/// A compiled condition: atoms are bitmasks over a position's domain values.
#[derive(Clone, Debug)]
pub(super) enum Cond {
    Atom {
        position: usize,
        mask: Mask,
    },
    Not(Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    /// At least this many parts hold ("at most n" is "not at least n + 1").
    AtLeast(usize, Vec<Cond>),
}

impl Cond {
    pub(super) fn eval(&self, values: &[Value]) -> bool {
        match self {
            Cond::Atom { position, mask } => mask.has(values[*position]),
            Cond::Not(c) => !c.eval(values),
            Cond::All(cs) => cs.iter().all(|c| c.eval(values)),
            Cond::Any(cs) => cs.iter().any(|c| c.eval(values)),
            Cond::AtLeast(n, cs) => cs.iter().filter(|c| c.eval(values)).count() >= *n,
        }
    }

    pub(super) fn positions(&self, out: &mut Vec<usize>) {
        match self {
            Cond::Atom { position, .. } => {
                if !out.contains(position) {
                    out.push(*position);
                }
            }
            Cond::Not(c) => c.positions(out),
            Cond::All(cs) | Cond::Any(cs) | Cond::AtLeast(_, cs) => {
                cs.iter().for_each(|c| c.positions(out));
            }
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct Line {
    /// Index in `model.red_lines`.
    pub(super) red_line: usize,
    /// Index in `model.parties`.
    pub(super) party: usize,
    pub(super) breaks: Cond,
    pub(super) uncertain: Option<Cond>,
    pub(super) positions: Vec<usize>,
    /// Positions read that have a "not addressed" value: (position, that value, the others).
    pub(super) open: Vec<(usize, Value, Vec<Value>)>,
}

impl Line {
    pub(super) fn plain_verdict(&self, values: &[Value]) -> Verdict {
        if self.breaks.eval(values) {
            Verdict::Breaks
        } else if self.uncertain.as_ref().is_some_and(|c| c.eval(values)) {
            Verdict::Uncertain
        } else {
            Verdict::Holds
        }
    }

    /// As [`crate::model::eval::judge`]: with positions left unaddressed, the verdict every real value
    /// of them agrees on, or uncertain.
    pub(super) fn verdict(&self, values: &[Value]) -> Verdict {
        let unaddressed: Vec<&(usize, Value, Vec<Value>)> = self
            .open
            .iter()
            .filter(|(p, na, _)| values[*p] == *na)
            .collect();
        if unaddressed.is_empty() {
            return self.plain_verdict(values);
        }
        let mut world = values.to_vec();
        let mut index = vec![0usize; unaddressed.len()];
        let mut first = None;
        loop {
            for ((p, _, real), &i) in unaddressed.iter().zip(&index) {
                match real.get(i) {
                    Some(&v) => world[*p] = v,
                    None => return Verdict::Uncertain,
                }
            }
            let verdict = self.plain_verdict(&world);
            match first {
                None => first = Some(verdict),
                Some(seen) if seen != verdict => return Verdict::Uncertain,
                Some(_) => {}
            }
            let mut digit = 0;
            loop {
                let Some(slot) = index.get_mut(digit) else {
                    return first.unwrap_or(Verdict::Uncertain);
                };
                *slot += 1;
                if *slot < unaddressed[digit].2.len() {
                    break;
                }
                *slot = 0;
                digit += 1;
            }
        }
    }
}

/// Per position, the domain value that leaves it unaddressed, if it has one.
pub(super) fn unaddressed_values(model: &Model, domains: &[Domain]) -> Vec<Option<Value>> {
    model
        .positions
        .iter()
        .zip(domains)
        .map(|(position, domain)| {
            domain
                .values
                .iter()
                .position(|v| position.is_unaddressed(&v.pick))
                .map(|i| i as Value)
        })
        .collect()
}

/// The index of a value in its position's domain.
pub type Value = u16;

/// A package: one domain value index per position, in model order.
pub type Package = Vec<Value>;

/// The searchable space of a model under a query.
#[derive(Clone, Debug)]
pub struct Space<'m> {
    pub model: &'m Model,
    pub domains: Vec<Domain>,
    pub uncertain_ok: bool,
    pub(super) allow_unaddressed: bool,
    /// Per position, the domain values allowed (all, or the locked one).
    pub(super) allowed: Vec<Vec<Value>>,
    /// Every red line, compiled; `selected` marks those of the parties that must accept.
    pub(super) lines: Vec<Line>,
    pub(super) selected: Vec<bool>,
    /// Selected lines whose uncertain verdicts a ranked listing counts ([`super::ranked`]).
    pub(super) ranked: Vec<bool>,
    /// Position indices in search order.
    pub(super) order: Vec<usize>,
    /// Per depth, the selected lines whose last position is set at that depth.
    pub(super) decided_at: Vec<Vec<usize>>,
    /// Per depth, whether any selected line is still undecided from there on.
    pub(super) pending_from: Vec<bool>,
}

pub(super) fn compile(condition: &Condition, model: &Model, domains: &[Domain]) -> Cond {
    match condition {
        Condition::Not(c) => Cond::Not(Box::new(compile(c, model, domains))),
        Condition::All(cs) => Cond::All(cs.iter().map(|c| compile(c, model, domains)).collect()),
        Condition::Any(cs) => Cond::Any(cs.iter().map(|c| compile(c, model, domains)).collect()),
        Condition::AtLeastOf(n, cs) => {
            Cond::AtLeast(*n, cs.iter().map(|c| compile(c, model, domains)).collect())
        }
        Condition::AtMostOf(n, cs) => Cond::Not(Box::new(Cond::AtLeast(
            n.saturating_add(1),
            cs.iter().map(|c| compile(c, model, domains)).collect(),
        ))),
        atom => {
            let id = atom.atom_position().unwrap_or_default();
            match model.positions.iter().position(|p| p.id == id) {
                Some(position) => {
                    let values = &domains[position].values;
                    let mut mask = Mask::new(values.len());
                    for (i, value) in values.iter().enumerate() {
                        let pick = |p: &str| (p == id).then_some(&value.pick);
                        if atom.holds(&|p: &str| model.position(p), &pick) {
                            mask.set(i);
                        }
                    }
                    Cond::Atom { position, mask }
                }
                // Validation rejects unknown positions; an atom on one never holds.
                None => Cond::Any(Vec::new()),
            }
        }
    }
}

/// What the compiled space relies on and a model being built (or opened for repair) may lack:
/// a party for every red line, and an option for every choice. Other errors (a condition naming
/// an option that is not there) leave the search well defined, and the editor lists them.
fn unsearchable(model: &Model) -> Option<String> {
    if let Some(line) = model
        .red_lines
        .iter()
        .find(|l| model.party(&l.party).is_none())
    {
        return Some(format!(
            "the red line \"{}\" belongs to no party in the model (\"{}\")",
            line.title, line.party
        ));
    }
    model.positions.iter().find_map(|p| match &p.kind {
        PositionKind::Choice { options, .. } if options.is_empty() => {
            Some(format!("the position \"{}\" has no options", p.title))
        }
        _ => None,
    })
}

impl<'m> Space<'m> {
    /// The compiled space without a search order: enough for verdicts and what-if, and cheap on
    /// models with thousands of positions.
    pub fn unordered(model: &'m Model, query: &Query) -> Result<Self, SpaceError> {
        if let Some(why) = unsearchable(model) {
            return Err(SpaceError::Incomplete(why));
        }
        // Counted as the parties that must accept see them: their red lines' bounds cut the
        // number ranges; another party's bound inside a piece does not make two packages.
        let must_accept = |rl: &crate::model::types::RedLine| {
            model.party(&rl.party).is_some_and(|p| query.requires(p))
        };
        let mut domains = domains_seen_by(model, must_accept);
        for (position, domain) in model.positions.iter().zip(&domains) {
            if domain.values.len() > usize::from(Value::MAX) + 1 {
                return Err(SpaceError::TooManyValues(position.id.clone()));
            }
        }
        for party in &query.parties {
            if model.party(party).is_none() {
                return Err(SpaceError::UnknownParty(party.clone()));
            }
        }
        let unaddressed = unaddressed_values(model, &domains);
        let mut allowed: Vec<Vec<Value>> = domains
            .iter()
            .zip(&unaddressed)
            .map(|(d, na)| {
                (0..d.values.len())
                    .map(|v| v as Value)
                    .filter(|v| query.allow_unaddressed || Some(*v) != *na)
                    .collect()
            })
            .collect();
        for (id, pick) in &query.locks {
            let index = model
                .positions
                .iter()
                .position(|p| p.id == *id)
                .ok_or_else(|| SpaceError::UnknownPosition(id.clone()))?;
            let value = domains[index]
                .index_of(pick)
                .ok_or_else(|| SpaceError::BadLock {
                    position: id.clone(),
                    pick: model.positions[index].describe_pick(pick),
                })?;
            allowed[index] = vec![value as Value];
            // A pinned number is that number, not the piece it falls in: packages show it and
            // take it. Within its piece every red line reads it the same.
            if let Pick::Value(v) = pick {
                let piece = &mut domains[index].values[value];
                piece.pick = pick.clone();
                piece.label = model.positions[index].describe_pick(pick);
                piece.reach = Some((*v, *v));
            }
        }
        let lines: Vec<Line> = model
            .red_lines
            .iter()
            .enumerate()
            .map(|(i, rl)| {
                let breaks = compile(&rl.breaks_when, model, &domains);
                let uncertain = rl
                    .uncertain_when
                    .as_ref()
                    .map(|c| compile(c, model, &domains));
                let mut positions = Vec::new();
                breaks.positions(&mut positions);
                if let Some(u) = &uncertain {
                    u.positions(&mut positions);
                }
                let party = model
                    .parties
                    .iter()
                    .position(|p| p.id == rl.party)
                    .unwrap_or(0);
                let open = positions
                    .iter()
                    .filter_map(|&p| {
                        let na = unaddressed[p]?;
                        let real = (0..domains[p].values.len())
                            .map(|v| v as Value)
                            .filter(|&v| v != na)
                            .collect();
                        Some((p, na, real))
                    })
                    .collect();
                Line {
                    red_line: i,
                    party,
                    breaks,
                    uncertain,
                    positions,
                    open,
                }
            })
            .collect();
        let selected: Vec<bool> = lines
            .iter()
            .map(|l| query.requires(&model.parties[l.party]))
            .collect();

        Ok(Space {
            model,
            domains,
            uncertain_ok: query.uncertain_ok,
            allow_unaddressed: query.allow_unaddressed,
            allowed,
            ranked: vec![false; lines.len()],
            lines,
            selected,
            order: Vec::new(),
            decided_at: Vec::new(),
            pending_from: Vec::new(),
        })
    }

    /// The space, ready to search.
    pub fn new(model: &'m Model, query: &Query) -> Result<Self, SpaceError> {
        Ok(Self::unordered(model, query)?.ordered())
    }

    /// Search order: locked positions first (no branching), then greedily the position that
    /// completes the most selected red lines, so verdicts are known as early as possible. Kept
    /// incrementally: each placed position updates only the lines it is in.
    pub(super) fn ordered(mut self) -> Self {
        let n = self.model.positions.len();
        let mut lines_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, line) in self.lines.iter().enumerate() {
            if self.selected[i] {
                for &p in &line.positions {
                    lines_of[p].push(i);
                }
            }
        }
        let mut unplaced_in: Vec<usize> = self.lines.iter().map(|l| l.positions.len()).collect();
        let mut completes = vec![0usize; n];
        let mut placed = vec![false; n];
        let mut order = Vec::with_capacity(n);
        let place = |p: usize,
                     placed: &mut Vec<bool>,
                     unplaced_in: &mut Vec<usize>,
                     completes: &mut Vec<usize>,
                     order: &mut Vec<usize>| {
            placed[p] = true;
            order.push(p);
            for &i in &lines_of[p] {
                unplaced_in[i] -= 1;
                if unplaced_in[i] == 1
                    && let Some(&last) = self.lines[i].positions.iter().find(|&&q| !placed[q])
                {
                    completes[last] += 1;
                }
            }
        };
        for (p, allowed) in self.allowed.iter().enumerate() {
            if allowed.len() == 1 {
                place(p, &mut placed, &mut unplaced_in, &mut completes, &mut order);
            }
        }
        // Lines of one position complete with it whenever it is placed.
        for (i, line) in self.lines.iter().enumerate() {
            if self.selected[i] && unplaced_in[i] == 1 && line.positions.len() == 1 {
                completes[line.positions[0]] += 1;
            }
        }
        while order.len() < n {
            let score = |p: usize| {
                (
                    completes[p],
                    lines_of[p].len(),
                    std::cmp::Reverse(self.allowed[p].len()),
                )
            };
            let next = (0..n)
                .filter(|&p| !placed[p])
                .max_by_key(|&p| score(p))
                .unwrap_or(0);
            place(
                next,
                &mut placed,
                &mut unplaced_in,
                &mut completes,
                &mut order,
            );
        }
        self.order = order;
        self.schedule_decisions()
    }

    /// How many packages the search covers (the product of the allowed values).
    pub fn package_count(&self) -> f64 {
        self.allowed.iter().map(|a| a.len() as f64).product()
    }

    pub(super) fn fails(&self, line: &Line, values: &[Value]) -> bool {
        self.counts_as_failing(line.verdict(values))
    }

    pub(super) fn counts_as_failing(&self, verdict: Verdict) -> bool {
        match verdict {
            Verdict::Breaks => true,
            Verdict::Uncertain => !self.uncertain_ok,
            Verdict::Holds => false,
        }
    }

    /// Each position with the domain value the package picks for it.
    pub(super) fn picked<'a>(
        &'a self,
        package: &'a [Value],
    ) -> impl Iterator<
        Item = (
            &'a crate::model::types::Position,
            &'a crate::model::space::DomainValue,
        ),
    > {
        self.model
            .positions
            .iter()
            .zip(&self.domains)
            .zip(package)
            .map(|((p, d), &v)| (p, &d.values[v as usize]))
    }

    /// The package as scenario choices.
    pub fn choices(&self, package: &[Value]) -> Choices {
        self.picked(package)
            .map(|(p, v)| (p.id.clone(), v.pick.clone()))
            .collect()
    }

    /// The package in words: (position title, value label) in model order.
    pub fn describe(&self, package: &[Value]) -> Vec<(String, String)> {
        self.picked(package)
            .map(|(p, v)| (p.title.clone(), v.label.clone()))
            .collect()
    }

    /// The package whose pieces contain these choices (current scenario), if all are valid.
    pub fn package_of(&self, choices: &Choices) -> Option<Package> {
        self.model
            .positions
            .iter()
            .zip(&self.domains)
            .map(|(p, d)| {
                choices
                    .get(&p.id)
                    .and_then(|pick| d.index_of(pick))
                    .map(|i| i as Value)
            })
            .collect()
    }

    /// Verdict of every red line (model order) for a full package.
    pub fn verdicts(&self, package: &[Value]) -> Vec<Verdict> {
        self.lines.iter().map(|l| l.verdict(package)).collect()
    }

    /// Failing selected red lines per party (model party order).
    pub fn fails_per_party(&self, package: &[Value]) -> Vec<usize> {
        let mut out = vec![0; self.model.parties.len()];
        for (line, selected) in self.lines.iter().zip(&self.selected) {
            if *selected && self.fails(line, package) {
                out[line.party] += 1;
            }
        }
        out
    }

    /// Walks the space depth first. `visit` sees each node after the red lines decided there are
    /// counted, and returns whether to go deeper; at a node with nothing left to decide it also
    /// gets how many packages share that outcome.
    pub(super) fn walk(
        &self,
        control: &Control,
        visit: &mut dyn FnMut(&Walker, Node) -> Step,
    ) -> Result<(), SpaceError> {
        let mut w = Walker {
            values: vec![0; self.model.positions.len()],
            fails: vec![0; self.model.parties.len()],
            total: 0,
            failing: Vec::new(),
            uncertain: 0,
            visited: 0,
        };
        let result = self.descend(0, &mut w, control, visit);
        control.progressed(w.visited % 4096);
        match result {
            Step::Cancelled => Err(SpaceError::Cancelled),
            _ => Ok(()),
        }
    }

    pub(super) fn descend(
        &self,
        depth: usize,
        w: &mut Walker,
        control: &Control,
        visit: &mut dyn FnMut(&Walker, Node) -> Step,
    ) -> Step {
        if !self.pending_from[depth] {
            // Nothing left to decide: the rest of the positions cannot change the outcome.
            let rest: f64 = self.order[depth..]
                .iter()
                .map(|&p| self.allowed[p].len() as f64)
                .product();
            return match visit(
                w,
                Node::Outcome {
                    depth,
                    multiplicity: rest,
                },
            ) {
                Step::Stop => Step::Stop,
                _ => Step::Go,
            };
        }
        let position = self.order[depth];
        // Try the values that break the least first: good packages are found early, which
        // tightens every bound below.
        let mut values: Vec<(u32, Value)> = self.allowed[position]
            .iter()
            .map(|&value| {
                w.values[position] = value;
                let new = self.decided_at[depth]
                    .iter()
                    .filter(|&&i| self.fails(&self.lines[i], &w.values))
                    .count();
                (new as u32, value)
            })
            .collect();
        values.sort_unstable();
        for (_, value) in values {
            w.visited += 1;
            if w.visited.is_multiple_of(4096) {
                control.progressed(4096);
                if control.should_stop() {
                    return Step::Cancelled;
                }
            }
            w.values[position] = value;
            let mark = w.failing.len();
            let mut uncertain = 0;
            for &i in &self.decided_at[depth] {
                let verdict = self.lines[i].verdict(&w.values);
                if self.counts_as_failing(verdict) {
                    w.fails[self.lines[i].party] += 1;
                    w.total += 1;
                    w.failing.push(i);
                } else if verdict == Verdict::Uncertain && self.ranked[i] {
                    uncertain += 1;
                }
            }
            w.uncertain += uncertain;
            let step = match visit(w, Node::Partial) {
                Step::Go => self.descend(depth + 1, w, control, visit),
                Step::Prune => Step::Go,
                other => other,
            };
            for &i in &w.failing[mark..] {
                w.fails[self.lines[i].party] -= 1;
                w.total -= 1;
            }
            w.failing.truncate(mark);
            w.uncertain -= uncertain;
            if matches!(step, Step::Stop | Step::Cancelled) {
                return step;
            }
        }
        Step::Go
    }

    /// The concrete packages behind an outcome: the prefix set so far, each later position at each
    /// of its allowed values, up to `limit`.
    pub(super) fn expand(&self, w: &Walker, depth: usize, limit: usize, out: &mut Vec<Package>) {
        let mut package = w.values.clone();
        self.expand_from(depth, &mut package, limit, out);
    }

    pub(super) fn expand_from(
        &self,
        depth: usize,
        package: &mut Package,
        limit: usize,
        out: &mut Vec<Package>,
    ) {
        if out.len() >= limit {
            return;
        }
        if depth == self.order.len() {
            out.push(package.clone());
            return;
        }
        let position = self.order[depth];
        for &value in &self.allowed[position] {
            package[position] = value;
            self.expand_from(depth + 1, package, limit, out);
            if out.len() >= limit {
                return;
            }
        }
    }
}

pub(super) struct Walker {
    pub(super) values: Vec<Value>,
    /// Failing selected red lines per party, for the positions set so far.
    pub(super) fails: Vec<u32>,
    pub(super) total: u32,
    /// Indices of the failing lines, as a stack to undo on the way up.
    pub(super) failing: Vec<usize>,
    /// Red lines marked `ranked` that are uncertain, for the positions set so far.
    pub(super) uncertain: u32,
    pub(super) visited: u64,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Node {
    /// A position was just set at this depth; the failures so far are a lower bound.
    Partial,
    /// Nothing is left to decide: every completion has these failures.
    Outcome { depth: usize, multiplicity: f64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step {
    Go,
    /// Skip the subtree under this node.
    Prune,
    /// End the whole walk.
    Stop,
    Cancelled,
}

impl Space<'_> {
    /// Works out at which depth each selected line is decided, from the search order.
    pub(super) fn schedule_decisions(mut self) -> Self {
        let n = self.model.positions.len();
        let mut depth_of = vec![0; n];
        for (depth, &p) in self.order.iter().enumerate() {
            depth_of[p] = depth;
        }
        self.decided_at = vec![Vec::new(); n.max(1)];
        for (i, line) in self.lines.iter().enumerate() {
            if self.selected[i] {
                let depth = line
                    .positions
                    .iter()
                    .map(|&p| depth_of[p])
                    .max()
                    .unwrap_or(0);
                self.decided_at[depth].push(i);
            }
        }
        self.pending_from = vec![false; n + 1];
        for depth in (0..n).rev() {
            self.pending_from[depth] =
                self.pending_from[depth + 1] || !self.decided_at[depth].is_empty();
        }
        self
    }
}
