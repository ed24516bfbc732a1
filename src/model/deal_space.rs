//! Deal-space search: which packages (one value per position) no chosen party vetoes, and if none,
//! which red lines cannot stand together and what is the least that must give.
//!
//! Exact, not sampled: number positions are cut into the pieces their conditions distinguish
//! ([`super::space`]). Conditions compile to per-position bitmasks; a depth-first search sets
//! positions in an order that completes red lines early, decides each red line the moment its
//! last position is set, and prunes with branch and bound.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::eval::{Choices, Verdict};
use super::space::{Domain, domains_seen_by};
use super::types::{Model, Pick};

/// What to search for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Party ids that must accept; empty means every party.
    pub parties: Vec<String>,
    /// Whether an `uncertain` red line counts as acceptable.
    pub uncertain_ok: bool,
    /// Positions pinned to a pick; only the others vary.
    pub locks: BTreeMap<String, Pick>,
    /// Whether packages may leave positions unaddressed. Off, a deal takes a real option on
    /// every position that is not pinned.
    pub allow_unaddressed: bool,
}

impl Query {
    /// Whether `party` must accept: the parties named, or with none named every party at the
    /// table (observers only when named).
    pub fn requires(&self, party: &super::types::Party) -> bool {
        if self.parties.is_empty() {
            party.role.is_at_the_table()
        } else {
            self.parties.contains(&party.id)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpaceError {
    #[error("unknown party \"{0}\"")]
    UnknownParty(String),
    #[error("unknown position \"{0}\" in a lock")]
    UnknownPosition(String),
    #[error("position \"{position}\" cannot be locked to {pick}")]
    BadLock { position: String, pick: String },
    #[error("position \"{0}\" has too many distinct values to search")]
    TooManyValues(String),
    #[error("the search was cancelled")]
    Cancelled,
}

/// Cancel flag, progress counter and current step, shared with a UI thread or a CLI watchdog.
#[derive(Debug, Default)]
pub struct Control {
    pub cancel: AtomicBool,
    pub visited: AtomicU64,
    stage: AtomicU8,
    /// Told of progress as the search goes, where no other thread can read the counters (a
    /// browser's web worker posts it to the page), and asked whether to stop.
    pub on_progress: Option<ProgressHook>,
}

/// A function given the packages visited so far and the current step, which answers whether
/// the search should stop (as if cancelled: what was found so far is returned, marked partial).
pub struct ProgressHook(pub Box<dyn Fn(u64, Stage) -> bool + Send + Sync>);

impl std::fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressHook")
    }
}

/// The step of an analysis under way, for progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Counting,
    Closest,
    Irreconcilable,
    TradeOff,
}

impl Stage {
    /// The number a progress report carries it as.
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn describe(self) -> &'static str {
        match self {
            Stage::Counting => "counting acceptable packages",
            Stage::Closest => "looking for the closest packages",
            Stage::Irreconcilable => "looking for irreconcilable red lines",
            Stage::TradeOff => "counting packages for the trade-off plot",
        }
    }
}

impl Control {
    /// A control whose progress is told to `hook` as the search goes.
    pub fn reporting_to(hook: ProgressHook) -> Self {
        Control {
            on_progress: Some(hook),
            ..Control::default()
        }
    }

    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Relaxed) {
            1 => Stage::Closest,
            2 => Stage::Irreconcilable,
            3 => Stage::TradeOff,
            _ => Stage::Counting,
        }
    }

    fn set_stage(&self, stage: Stage) {
        self.stage.store(stage as u8, Ordering::Relaxed);
        self.progressed(0);
    }

    /// Counts `more` packages visited, and says so to the hook, if there is one.
    fn progressed(&self, more: u64) {
        let visited = self.visited.fetch_add(more, Ordering::Relaxed) + more;
        if let Some(hook) = &self.on_progress
            && (hook.0)(visited, self.stage())
        {
            self.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Sets the counters from a report (`Stage` as [`Stage::code`]): a browser's page keeps
    /// its copy of a worker's progress here, so it reads like a thread's.
    pub fn show_progress(&self, visited: u64, stage: u8) {
        self.visited.store(visited, Ordering::Relaxed);
        self.stage.store(stage, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// `Ok(true)` when a walk finished, `Ok(false)` when it was cancelled part way.
fn finished(walk: Result<(), SpaceError>) -> Result<bool, SpaceError> {
    match walk {
        Ok(()) => Ok(true),
        Err(SpaceError::Cancelled) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The values of one position a condition atom accepts: a bit per domain value.
#[derive(Clone, Debug)]
enum Mask {
    Small(u64),
    Large(Box<[u64]>),
}

impl Mask {
    fn new(len: usize) -> Self {
        if len <= 64 {
            Mask::Small(0)
        } else {
            Mask::Large(vec![0; len.div_ceil(64)].into_boxed_slice())
        }
    }

    fn set(&mut self, value: usize) {
        match self {
            Mask::Small(bits) => *bits |= 1 << value,
            Mask::Large(words) => words[value / 64] |= 1 << (value % 64),
        }
    }

    fn has(&self, value: Value) -> bool {
        let value = usize::from(value);
        match self {
            Mask::Small(bits) => bits >> value & 1 == 1,
            Mask::Large(words) => words[value / 64] >> (value % 64) & 1 == 1,
        }
    }
}

/// A compiled condition: atoms are bitmasks over a position's domain values.
#[derive(Clone, Debug)]
enum Cond {
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
    fn eval(&self, values: &[Value]) -> bool {
        match self {
            Cond::Atom { position, mask } => mask.has(values[*position]),
            Cond::Not(c) => !c.eval(values),
            Cond::All(cs) => cs.iter().all(|c| c.eval(values)),
            Cond::Any(cs) => cs.iter().any(|c| c.eval(values)),
            Cond::AtLeast(n, cs) => cs.iter().filter(|c| c.eval(values)).count() >= *n,
        }
    }

    fn positions(&self, out: &mut Vec<usize>) {
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
struct Line {
    /// Index in `model.red_lines`.
    red_line: usize,
    /// Index in `model.parties`.
    party: usize,
    breaks: Cond,
    uncertain: Option<Cond>,
    positions: Vec<usize>,
    /// Positions read that have a "not addressed" value: (position, that value, the others).
    open: Vec<(usize, Value, Vec<Value>)>,
}

impl Line {
    fn plain_verdict(&self, values: &[Value]) -> Verdict {
        if self.breaks.eval(values) {
            Verdict::Breaks
        } else if self.uncertain.as_ref().is_some_and(|c| c.eval(values)) {
            Verdict::Uncertain
        } else {
            Verdict::Holds
        }
    }

    /// As [`super::eval::judge`]: with positions left unaddressed, the verdict every real value
    /// of them agrees on, or uncertain.
    fn verdict(&self, values: &[Value]) -> Verdict {
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
fn unaddressed_values(model: &Model, domains: &[Domain]) -> Vec<Option<Value>> {
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
    allow_unaddressed: bool,
    /// Per position, the domain values allowed (all, or the locked one).
    allowed: Vec<Vec<Value>>,
    /// Every red line, compiled; `selected` marks those of the parties that must accept.
    lines: Vec<Line>,
    selected: Vec<bool>,
    /// Position indices in search order.
    order: Vec<usize>,
    /// Per depth, the selected lines whose last position is set at that depth.
    decided_at: Vec<Vec<usize>>,
    /// Per depth, whether any selected line is still undecided from there on.
    pending_from: Vec<bool>,
}

fn compile(condition: &Condition, model: &Model, domains: &[Domain]) -> Cond {
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

impl<'m> Space<'m> {
    /// The compiled space without a search order: enough for verdicts and what-if, and cheap on
    /// models with thousands of positions.
    pub fn unordered(model: &'m Model, query: &Query) -> Result<Self, SpaceError> {
        // Counted as the parties that must accept see them: their red lines' bounds cut the
        // number ranges; another party's bound inside a piece does not make two packages.
        let must_accept =
            |rl: &super::types::RedLine| model.party(&rl.party).is_some_and(|p| query.requires(p));
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
    fn ordered(mut self) -> Self {
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

    fn fails(&self, line: &Line, values: &[Value]) -> bool {
        match line.verdict(values) {
            Verdict::Breaks => true,
            Verdict::Uncertain => !self.uncertain_ok,
            Verdict::Holds => false,
        }
    }

    /// Each position with the domain value the package picks for it.
    fn picked<'a>(
        &'a self,
        package: &'a [Value],
    ) -> impl Iterator<Item = (&'a super::types::Position, &'a super::space::DomainValue)> {
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
    fn walk(
        &self,
        control: &Control,
        visit: &mut dyn FnMut(&Walker, Node) -> Step,
    ) -> Result<(), SpaceError> {
        let mut w = Walker {
            values: vec![0; self.model.positions.len()],
            fails: vec![0; self.model.parties.len()],
            total: 0,
            failing: Vec::new(),
            visited: 0,
        };
        let result = self.descend(0, &mut w, control, visit);
        control.progressed(w.visited % 4096);
        match result {
            Step::Cancelled => Err(SpaceError::Cancelled),
            _ => Ok(()),
        }
    }

    fn descend(
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
                if control.cancel.load(Ordering::Relaxed) {
                    return Step::Cancelled;
                }
            }
            w.values[position] = value;
            let mark = w.failing.len();
            for &i in &self.decided_at[depth] {
                if self.fails(&self.lines[i], &w.values) {
                    w.fails[self.lines[i].party] += 1;
                    w.total += 1;
                    w.failing.push(i);
                }
            }
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
            if matches!(step, Step::Stop | Step::Cancelled) {
                return step;
            }
        }
        Step::Go
    }

    /// The concrete packages behind an outcome: the prefix set so far, each later position at each
    /// of its allowed values, up to `limit`.
    fn expand(&self, w: &Walker, depth: usize, limit: usize, out: &mut Vec<Package>) {
        let mut package = w.values.clone();
        self.expand_from(depth, &mut package, limit, out);
    }

    fn expand_from(
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

struct Walker {
    values: Vec<Value>,
    /// Failing selected red lines per party, for the positions set so far.
    fails: Vec<u32>,
    total: u32,
    /// Indices of the failing lines, as a stack to undo on the way up.
    failing: Vec<usize>,
    visited: u64,
}

#[derive(Clone, Copy, Debug)]
enum Node {
    /// A position was just set at this depth; the failures so far are a lower bound.
    Partial,
    /// Nothing is left to decide: every completion has these failures.
    Outcome { depth: usize, multiplicity: f64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Go,
    /// Skip the subtree under this node.
    Prune,
    /// End the whole walk.
    Stop,
    Cancelled,
}

/// The packages nobody (of the chosen parties) vetoes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Acceptable {
    /// The count of acceptable packages: exact, or, when the search was stopped, the ones
    /// found so far (a lower bound).
    pub count: f64,
    pub exact: bool,
    /// Up to the limit asked for.
    pub packages: Vec<Package>,
}

/// Counts the acceptable packages. Cancelled, it returns what it found, marked not exact.
pub fn acceptable(
    space: &Space,
    limit: usize,
    control: &Control,
) -> Result<Acceptable, SpaceError> {
    let mut count = 0.0;
    let mut packages = Vec::new();
    let walk = space.walk(control, &mut |w, node| match node {
        Node::Partial if w.total > 0 => Step::Prune,
        Node::Partial => Step::Go,
        Node::Outcome {
            depth,
            multiplicity,
        } => {
            count += multiplicity;
            space.expand(w, depth, limit, &mut packages);
            Step::Go
        }
    });
    Ok(Acceptable {
        count,
        exact: finished(walk)?,
        packages,
    })
}

/// One acceptable package, if there is any; stops at the first.
pub fn any_acceptable(space: &Space, control: &Control) -> Result<Option<Package>, SpaceError> {
    let mut found = Vec::new();
    space.walk(control, &mut |w, node| match node {
        Node::Partial if w.total > 0 => Step::Prune,
        Node::Partial => Step::Go,
        Node::Outcome { depth, .. } => {
            space.expand(w, depth, 1, &mut found);
            Step::Stop
        }
    })?;
    Ok(found.pop())
}

/// A point of the Pareto front: failures per party that no other package beats everywhere.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrontPoint {
    /// Failing red lines per party, in model party order.
    pub fails: Vec<usize>,
    /// Up to the limit of packages with exactly these failures.
    pub packages: Vec<Package>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Closest {
    /// Packages that are Pareto-minimal in failing red lines per party.
    pub pareto: Vec<FrontPoint>,
    /// The fewest failing red lines any package has, over all chosen parties.
    pub fewest: usize,
    /// Up to the limit of packages with that few.
    pub fewest_packages: Vec<Package>,
    /// Every distinct set of red lines (model indices) that a package with the fewest failures
    /// fails: the smallest concessions that open a deal (up to the limit).
    pub concessions: Vec<Vec<usize>>,
    /// There are more such sets than the limit lets through.
    pub more_concessions: bool,
    /// False when the search was stopped: then these are the best found so far, not proven
    /// closest, and `fewest` is only an upper bound.
    pub complete: bool,
}

/// `a` is no worse than `b` for every party.
fn no_worse(a: &[u32], b: &[u32]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y)
}

/// The packages closest to a deal: Pareto-minimal per party, and fewest overall.
pub fn closest(space: &Space, limit: usize, control: &Control) -> Result<Closest, SpaceError> {
    let limit = limit.max(1);
    let (pareto, pareto_complete) = pareto(space, limit, control)?;
    let fewest = fewest(space, limit, control)?;
    Ok(Closest {
        pareto,
        complete: pareto_complete && fewest.complete,
        ..fewest
    })
}

/// The Pareto front by branch and bound: failures only grow with depth, so a node already no
/// better than a found point, for every party, cannot lead to a new point (once that point has
/// enough example packages). Also says whether the walk finished.
pub fn pareto(
    space: &Space,
    limit: usize,
    control: &Control,
) -> Result<(Vec<FrontPoint>, bool), SpaceError> {
    let mut front: Vec<(Vec<u32>, Vec<Package>)> = Vec::new();
    let walk = space.walk(control, &mut |w, node| {
        let covered = |f: &(Vec<u32>, Vec<Package>)| {
            no_worse(&f.0, &w.fails) && (f.0 != w.fails || f.1.len() >= limit)
        };
        match node {
            Node::Partial => {
                if front.iter().any(covered) {
                    Step::Prune
                } else {
                    Step::Go
                }
            }
            Node::Outcome { depth, .. } => {
                if !front
                    .iter()
                    .any(|f| no_worse(&f.0, &w.fails) && f.0 != w.fails)
                {
                    front.retain(|f| !(no_worse(&w.fails, &f.0) && f.0 != w.fails));
                    let index = match front.iter().position(|f| f.0 == w.fails) {
                        Some(i) => i,
                        None => {
                            front.push((w.fails.clone(), Vec::new()));
                            front.len() - 1
                        }
                    };
                    space.expand(w, depth, limit, &mut front[index].1);
                }
                Step::Go
            }
        }
    });
    let complete = finished(walk)?;
    front.sort_by(|a, b| {
        a.0.iter()
            .sum::<u32>()
            .cmp(&b.0.iter().sum())
            .then_with(|| a.0.cmp(&b.0))
    });
    let front = front
        .into_iter()
        .map(|(fails, packages)| FrontPoint {
            fails: fails.iter().map(|&f| f as usize).collect(),
            packages,
        })
        .collect();
    Ok((front, complete))
}

/// The fewest failures overall, with the distinct sets of red lines failed at that minimum.
/// Below a node at the current minimum nothing more may fail, so its failing set is final:
/// once that set is known and examples are full, the node is pruned.
pub fn fewest(space: &Space, limit: usize, control: &Control) -> Result<Closest, SpaceError> {
    let mut best = u32::MAX;
    let mut fewest_packages = Vec::new();
    let mut concessions: Vec<Vec<usize>> = Vec::new();
    let failing_set = |w: &Walker| {
        let mut set: Vec<usize> = w.failing.iter().map(|&i| space.lines[i].red_line).collect();
        set.sort_unstable();
        set
    };
    let walk = space.walk(control, &mut |w, node| match node {
        Node::Partial => {
            if w.total > best
                || (w.total == best
                    && fewest_packages.len() >= limit
                    && (concessions.len() > limit || concessions.contains(&failing_set(w))))
            {
                Step::Prune
            } else {
                Step::Go
            }
        }
        Node::Outcome { depth, .. } => {
            if w.total < best {
                best = w.total;
                fewest_packages.clear();
                concessions.clear();
            }
            if w.total == best {
                space.expand(w, depth, limit, &mut fewest_packages);
                let set = failing_set(w);
                // One past the limit, to know whether there are more.
                if !concessions.contains(&set) && concessions.len() <= limit {
                    concessions.push(set);
                }
            }
            Step::Go
        }
    });
    let more_concessions = concessions.len() > limit;
    concessions.truncate(limit);
    Ok(Closest {
        pareto: Vec::new(),
        fewest: best as usize,
        fewest_packages,
        concessions,
        more_concessions,
        complete: finished(walk)?,
    })
}

/// Sets of red lines (model indices) that no package satisfies together.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Irreconcilable {
    pub sets: Vec<Vec<usize>>,
    /// False when the search was stopped: each set listed is proven, but there may be more.
    pub complete: bool,
}

/// Why one red line fails in every package the search covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeverHolds {
    /// Its condition breaks it whatever the package.
    AlwaysBreaks,
    /// Where it does not break it is uncertain, and uncertain counts as unacceptable.
    UncertainAtBest,
    /// It could hold, but not with these positions pinned as they are.
    Pinned(Vec<Pin>),
}

/// A pinned position and the value it is pinned to, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    pub position: String,
    pub title: String,
    pub value: String,
}

/// Why the red line at `red_line` (model index) fails in every package of the space, judged on
/// every value of the positions it reads. `None` if it can pass, or if that is too many values
/// to try.
pub fn never_holds(space: &Space, red_line: usize) -> Option<NeverHolds> {
    let line = space.lines.iter().find(|l| l.red_line == red_line)?;
    let positions = &line.positions;
    // Every value a position could take without pins (silence only where the query allows it).
    let unpinned: Vec<Vec<Value>> = positions
        .iter()
        .map(|&p| {
            let na = line
                .open
                .iter()
                .find(|(q, _, _)| *q == p)
                .map(|(_, na, _)| *na);
            (0..space.domains[p].values.len())
                .map(|v| v as Value)
                .filter(|v| space.tried_without_pins(*v, na))
                .collect()
        })
        .collect();
    let combos = unpinned
        .iter()
        .try_fold(1usize, |n, vs| n.checked_mul(vs.len()))?;
    if combos > 1_000_000 {
        return None;
    }
    let pinned: Vec<Pin> = positions
        .iter()
        .copied()
        .filter(|&p| space.allowed[p].len() == 1 && space.domains[p].values.len() > 1)
        .map(|p| Pin {
            position: space.model.positions[p].id.clone(),
            title: space.model.positions[p].title.clone(),
            value: space.domains[p].values[space.allowed[p][0] as usize]
                .label
                .clone(),
        })
        .collect();
    let mut values = vec![0 as Value; space.model.positions.len()];
    let (mut passes_in_pins, mut passes_unpinned, mut uncertain) = (false, false, false);
    let mut index = vec![0usize; positions.len()];
    loop {
        for ((&p, options), &i) in positions.iter().zip(&unpinned).zip(&index) {
            values[p] = options[i];
        }
        let verdict = line.verdict(&values);
        let within_pins = positions
            .iter()
            .all(|&p| space.allowed[p].contains(&values[p]));
        if verdict == Verdict::Uncertain {
            uncertain = true;
        }
        if !space.fails(line, &values) {
            passes_unpinned = true;
            passes_in_pins |= within_pins;
        }
        let mut digit = 0;
        loop {
            let Some(slot) = index.get_mut(digit) else {
                return match (passes_in_pins, passes_unpinned, uncertain) {
                    (true, _, _) => None,
                    (false, true, _) => Some(NeverHolds::Pinned(pinned)),
                    (false, false, true) if !space.uncertain_ok => {
                        Some(NeverHolds::UncertainAtBest)
                    }
                    (false, false, _) => Some(NeverHolds::AlwaysBreaks),
                };
            };
            *slot += 1;
            if *slot < unpinned[digit].len() {
                break;
            }
            *slot = 0;
            digit += 1;
        }
    }
}

impl Space<'_> {
    /// Whether a value may be tried when asking what a red line could be without pins: any
    /// value but a silent one, unless the query lets packages be silent.
    fn tried_without_pins(&self, value: Value, silent: Option<Value>) -> bool {
        self.allow_unaddressed || Some(value) != silent
    }
}

/// Minimal sets of up to `max_size` chosen red lines (model indices) that no package satisfies
/// together, though every smaller part of them can be. Cancelled, it returns the sets found.
pub fn irreconcilable(
    space: &Space,
    max_size: usize,
    control: &Control,
) -> Result<Irreconcilable, SpaceError> {
    let mut found: Vec<Vec<usize>> = Vec::new();
    let search = irreconcilable_into(space, max_size, control, &mut found);
    let to_model = |set: Vec<usize>| set.into_iter().map(|i| space.lines[i].red_line).collect();
    Ok(Irreconcilable {
        sets: found.into_iter().map(to_model).collect(),
        complete: finished(search)?,
    })
}

fn irreconcilable_into(
    space: &Space,
    max_size: usize,
    control: &Control,
    found: &mut Vec<Vec<usize>>,
) -> Result<(), SpaceError> {
    let chosen: Vec<usize> = (0..space.lines.len())
        .filter(|&i| space.selected[i])
        .collect();
    let satisfiable = |set: &[usize]| -> Result<bool, SpaceError> {
        let mut positions: Vec<usize> = Vec::new();
        for &i in set {
            for &p in &space.lines[i].positions {
                if !positions.contains(&p) {
                    positions.push(p);
                }
            }
        }
        let mut values: Vec<Value> = vec![0; space.model.positions.len()];
        let mut visited = 0u64;
        let ok = search_joint(space, set, &positions, 0, &mut values, &mut visited);
        control.progressed(visited);
        if control.cancel.load(Ordering::Relaxed) {
            return Err(SpaceError::Cancelled);
        }
        Ok(ok)
    };
    let contains_found = |set: &[usize], found: &[Vec<usize>]| {
        found.iter().any(|f| f.iter().all(|x| set.contains(x)))
    };
    let shares = |a: usize, b: usize| {
        space.lines[a]
            .positions
            .iter()
            .any(|p| space.lines[b].positions.contains(p))
    };
    for &a in &chosen {
        if !satisfiable(&[a])? {
            found.push(vec![a]);
        }
    }
    if max_size >= 2 {
        for (x, &a) in chosen.iter().enumerate() {
            for &b in &chosen[x + 1..] {
                // Lines on disjoint positions conflict only if one alone does.
                if shares(a, b) && !contains_found(&[a, b], found) && !satisfiable(&[a, b])? {
                    found.push(vec![a, b]);
                }
            }
        }
    }
    if max_size >= 3 {
        for (x, &a) in chosen.iter().enumerate() {
            for (y, &b) in chosen.iter().enumerate().skip(x + 1) {
                for &c in &chosen[y + 1..] {
                    let links = [shares(a, b), shares(a, c), shares(b, c)]
                        .iter()
                        .filter(|s| **s)
                        .count();
                    // Only a connected triple can fail where each of its pairs does not.
                    if links >= 2 && !contains_found(&[a, b, c], found) && !satisfiable(&[a, b, c])?
                    {
                        found.push(vec![a, b, c]);
                    }
                }
            }
        }
    }
    Ok(())
}

fn search_joint(
    space: &Space,
    set: &[usize],
    positions: &[usize],
    depth: usize,
    values: &mut [Value],
    visited: &mut u64,
) -> bool {
    if depth == positions.len() {
        return set.iter().all(|&i| !space.fails(&space.lines[i], values));
    }
    let p = positions[depth];
    for &v in &space.allowed[p] {
        *visited += 1;
        values[p] = v;
        if search_joint(space, set, positions, depth + 1, values, visited) {
            return true;
        }
    }
    false
}

/// What switching one position to one value would change, per party.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    pub position: String,
    pub value: usize,
    pub label: String,
    pub pick: Pick,
    /// Per party (model order): red lines (model indices) newly broken, and no longer broken.
    pub newly_broken: Vec<Vec<usize>>,
    pub newly_cleared: Vec<Vec<usize>>,
    /// Per party: red lines that become uncertain, and that stop being uncertain.
    pub newly_uncertain: Vec<Vec<usize>>,
    pub no_longer_uncertain: Vec<Vec<usize>>,
}

impl WhatIf {
    pub fn is_noop(&self) -> bool {
        [
            &self.newly_broken,
            &self.newly_cleared,
            &self.newly_uncertain,
            &self.no_longer_uncertain,
        ]
        .iter()
        .all(|per_party| per_party.iter().all(Vec::is_empty))
    }
}

/// For the current package, every other value of every position and what it would change.
/// Verdicts here ignore the query's parties: badges speak for everyone.
pub fn what_if(space: &Space, current: &[Value]) -> Vec<WhatIf> {
    what_if_with(space, current, &Control::default()).unwrap_or_default()
}

/// [`what_if`], cancellable between positions.
pub fn what_if_with(
    space: &Space,
    current: &[Value],
    control: &Control,
) -> Result<Vec<WhatIf>, SpaceError> {
    let mut lines_of: Vec<Vec<usize>> = vec![Vec::new(); space.domains.len()];
    for (i, line) in space.lines.iter().enumerate() {
        for &p in &line.positions {
            lines_of[p].push(i);
        }
    }
    let before = space.verdicts(current);
    let parties = space.model.parties.len();
    let mut out = Vec::new();
    let mut trial = current.to_vec();
    for (p, domain) in space.domains.iter().enumerate() {
        if control.is_cancelled() {
            return Err(SpaceError::Cancelled);
        }
        for (v, value) in domain.values.iter().enumerate() {
            if v as Value == current[p] {
                continue;
            }
            trial[p] = v as Value;
            let mut w = WhatIf {
                position: space.model.positions[p].id.clone(),
                value: v,
                label: value.label.clone(),
                pick: value.pick.clone(),
                newly_broken: vec![Vec::new(); parties],
                newly_cleared: vec![Vec::new(); parties],
                newly_uncertain: vec![Vec::new(); parties],
                no_longer_uncertain: vec![Vec::new(); parties],
            };
            for line in lines_of[p].iter().map(|&i| &space.lines[i]) {
                let (old, new) = (before[line.red_line], line.verdict(&trial));
                let party = line.party;
                if old != Verdict::Breaks && new == Verdict::Breaks {
                    w.newly_broken[party].push(line.red_line);
                }
                if old == Verdict::Breaks && new != Verdict::Breaks {
                    w.newly_cleared[party].push(line.red_line);
                }
                if old != Verdict::Uncertain && new == Verdict::Uncertain {
                    w.newly_uncertain[party].push(line.red_line);
                }
                if old == Verdict::Uncertain && new != Verdict::Uncertain {
                    w.no_longer_uncertain[party].push(line.red_line);
                }
            }
            out.push(w);
        }
        trial[p] = current[p];
    }
    Ok(out)
}

/// Every package's failures per party, counted: the data of the trade-off plot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Histogram {
    /// Failure vectors (per party, model order), each with how many packages share it and up
    /// to `limit` of them.
    pub points: Vec<(Vec<usize>, f64, Vec<Package>)>,
}

/// Counts failures per party over every package, summing packages that share an outcome.
/// Here every party's red lines count, whoever the query selected.
pub fn histogram(space: &Space, limit: usize, control: &Control) -> Result<Histogram, SpaceError> {
    let all = Space {
        selected: vec![true; space.lines.len()],
        ..space.clone()
    };
    let all = all.schedule_decisions();
    let mut map: HashMap<Vec<u32>, (f64, Vec<Package>)> = HashMap::new();
    all.walk(control, &mut |w, node| match node {
        Node::Partial => Step::Go,
        Node::Outcome {
            depth,
            multiplicity,
        } => {
            let entry = map.entry(w.fails.clone()).or_default();
            entry.0 += multiplicity;
            all.expand(w, depth, limit, &mut entry.1);
            Step::Go
        }
    })?;
    let mut points: Vec<(Vec<usize>, f64, Vec<Package>)> = map
        .into_iter()
        .map(|(f, (n, p))| (f.into_iter().map(|x| x as usize).collect(), n, p))
        .collect();
    points.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Histogram { points })
}

impl Space<'_> {
    /// Works out at which depth each selected line is decided, from the search order.
    fn schedule_decisions(mut self) -> Self {
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

/// Everything the Explore panel and `redlines explore` show, in one pass. Stopped part way
/// (cancelled, or out of time), it holds what was found, and says what is not final.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub packages: f64,
    pub acceptable: Acceptable,
    /// When no package is acceptable: the closest ones. `None` also when the search stopped
    /// before it knew whether any package is acceptable.
    pub closest: Option<Closest>,
    pub irreconcilable: Irreconcilable,
    /// Every part above is final.
    pub complete: bool,
    pub visited: u64,
}

pub fn analyse(space: &Space, limit: usize, control: &Control) -> Result<Analysis, SpaceError> {
    let start = control.visited.load(Ordering::Relaxed);
    control.set_stage(Stage::Counting);
    let acceptable = acceptable(space, limit, control)?;
    let no_deal = acceptable.exact && acceptable.count == 0.0;
    let closest = if no_deal {
        control.set_stage(Stage::Closest);
        Some(closest(space, limit, control)?)
    } else {
        None
    };
    let irreconcilable = if no_deal && !control.is_cancelled() {
        control.set_stage(Stage::Irreconcilable);
        irreconcilable(space, 3, control)?
    } else {
        Irreconcilable {
            sets: Vec::new(),
            complete: !no_deal,
        }
    };
    let complete =
        acceptable.exact && closest.as_ref().is_none_or(|c| c.complete) && irreconcilable.complete;
    let visited = control.visited.load(Ordering::Relaxed) - start;
    Ok(Analysis {
        packages: space.package_count(),
        acceptable,
        closest,
        irreconcilable,
        complete,
        visited,
    })
}

/// A package ready to show: its choices, in words, and its verdict counts per party.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageView {
    /// One value for each position: for a number, one the slider can reach in the piece.
    pub choices: Choices,
    /// (position title, value label), in model order.
    pub summary: Vec<(String, String)>,
    /// The piece of each position's domain the package takes, in model order.
    pub pieces: Vec<super::space::DomainValue>,
    /// Broken and uncertain red lines per party (model order), whoever must accept: evaluated
    /// on `choices`, so a party that need not accept, whose bounds may cut a piece, gets its
    /// real counts.
    pub breaks: Vec<usize>,
    pub uncertain: Vec<usize>,
}

impl PackageView {
    pub fn new(space: &Space, package: &[Value]) -> Self {
        let choices = space.choices(package);
        let evaluation = super::eval::evaluate(space.model, &choices);
        PackageView {
            breaks: evaluation.parties.iter().map(|p| p.breaks).collect(),
            uncertain: evaluation.parties.iter().map(|p| p.uncertain).collect(),
            choices,
            summary: space.describe(package),
            pieces: space.picked(package).map(|(_, v)| v.clone()).collect(),
        }
    }

    /// Whether `current` already falls in the package's piece of `position` (model index).
    pub fn agrees_with(&self, model: &Model, position: usize, current: &Choices) -> bool {
        let id = &model.positions[position].id;
        current
            .get(id)
            .is_some_and(|pick| self.pieces.get(position).is_some_and(|v| v.contains(pick)))
    }

    /// The package's choices, keeping each current value that already falls in the package's
    /// piece, so loading a package does not move a slider that is already there; unless that
    /// would change a verdict (a bound of a party that need not accept may cut the piece).
    pub fn choices_near(&self, model: &Model, current: &Choices) -> Choices {
        let mut near = self.choices.clone();
        for (i, position) in model.positions.iter().enumerate() {
            if self.agrees_with(model, i, current)
                && let Some(pick) = current.get(&position.id)
            {
                near.insert(position.id.clone(), pick.clone());
            }
        }
        if near == self.choices {
            return near;
        }
        let same = |a: &Choices, b: &Choices| {
            let (a, b) = (
                super::eval::evaluate(model, a),
                super::eval::evaluate(model, b),
            );
            a.red_lines
                .iter()
                .zip(&b.red_lines)
                .all(|(x, y)| x.verdict == y.verdict)
        };
        if same(&near, &self.choices) {
            near
        } else {
            self.choices.clone()
        }
    }
}

/// Failures per party, how many packages have them, and some of those packages.
pub type TradeOffPoint = (Vec<usize>, f64, Vec<PackageView>);

/// The whole Explore view, computed off the UI thread (in a browser, in a web worker, whence
/// it comes back serialized).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exploration {
    pub packages: f64,
    pub acceptable_count: f64,
    /// False when the search stopped before counting every acceptable package.
    pub acceptable_exact: bool,
    /// Whether the search stopped before it knew if any package is acceptable.
    pub deal_unknown: bool,
    pub closest_complete: bool,
    pub irreconcilable_complete: bool,
    /// Every part is final.
    pub complete: bool,
    pub acceptable: Vec<PackageView>,
    pub closest_pareto: Vec<(Vec<usize>, Vec<PackageView>)>,
    pub fewest: usize,
    pub fewest_packages: Vec<PackageView>,
    pub concessions: Vec<Vec<usize>>,
    pub more_concessions: bool,
    pub irreconcilable: Vec<Vec<usize>>,
    /// For each red line that fails alone in every package (a one-line irreconcilable set):
    /// why.
    pub never_holds: Vec<(usize, NeverHolds)>,
    /// Failures per party for every package, counted; `None` when the space is too large.
    pub trade_off: Option<Vec<TradeOffPoint>>,
    pub visited: u64,
}

/// Spaces up to this many packages are plotted whole.
pub const MAX_PLOTTED_PACKAGES: f64 = 5e6;

pub fn explore(
    model: &Model,
    query: &Query,
    limit: usize,
    control: &Control,
) -> Result<Exploration, SpaceError> {
    let space = Space::new(model, query)?;
    let analysis = analyse(&space, limit, control)?;
    let mut complete = analysis.complete;
    let views = |packages: &[Package]| {
        packages
            .iter()
            .map(|k| PackageView::new(&space, k))
            .collect::<Vec<_>>()
    };
    // The plot shows every party, so its packages are cut as every party's red lines see them.
    let everyone = Space::new(
        model,
        &Query {
            parties: Vec::new(),
            ..query.clone()
        },
    )?;
    let trade_off = if complete && everyone.package_count() <= MAX_PLOTTED_PACKAGES {
        control.set_stage(Stage::TradeOff);
        match histogram(&everyone, limit, control) {
            Ok(h) => Some(
                h.points
                    .into_iter()
                    .map(|(fails, count, packages)| {
                        let views = packages
                            .iter()
                            .map(|k| PackageView::new(&everyone, k))
                            .collect();
                        (fails, count, views)
                    })
                    .collect(),
            ),
            Err(SpaceError::Cancelled) => {
                complete = false;
                None
            }
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let closest = analysis.closest.clone();
    Ok(Exploration {
        packages: analysis.packages,
        acceptable_count: analysis.acceptable.count,
        acceptable_exact: analysis.acceptable.exact,
        deal_unknown: !analysis.acceptable.exact && analysis.acceptable.count == 0.0,
        closest_complete: closest.as_ref().is_none_or(|c| c.complete),
        irreconcilable_complete: analysis.irreconcilable.complete,
        complete,
        acceptable: views(&analysis.acceptable.packages),
        closest_pareto: closest
            .as_ref()
            .map(|c| {
                c.pareto
                    .iter()
                    .map(|p| (p.fails.clone(), views(&p.packages)))
                    .collect()
            })
            .unwrap_or_default(),
        fewest: closest.as_ref().map_or(0, |c| c.fewest),
        fewest_packages: closest
            .as_ref()
            .map(|c| views(&c.fewest_packages))
            .unwrap_or_default(),
        more_concessions: closest.as_ref().is_some_and(|c| c.more_concessions),
        concessions: closest.map(|c| c.concessions).unwrap_or_default(),
        never_holds: analysis
            .irreconcilable
            .sets
            .iter()
            .filter(|set| set.len() == 1)
            .filter_map(|set| never_holds(&space, set[0]).map(|why| (set[0], why)))
            .collect(),
        irreconcilable: analysis.irreconcilable.sets,
        trade_off,
        visited: control.visited.load(Ordering::Relaxed),
    })
}

/// What picking each other option or range would change from `choices` (the what-if badges).
/// Stops early, with `Err`, when cancelled.
pub fn what_if_from(
    model: &Model,
    choices: &Choices,
    control: &Control,
) -> Result<Vec<WhatIf>, SpaceError> {
    let space = Space::unordered(model, &Query::default())?;
    match space.package_of(choices) {
        Some(current) => what_if_with(&space, &current, control),
        None => Ok(Vec::new()),
    }
}

/// Work sent as text to where it runs, and its answer sent back the same way (a browser's web
/// worker shares no memory with the page).
#[derive(Serialize, Deserialize)]
enum Job {
    Explore {
        model: Model,
        query: Query,
        limit: usize,
    },
    WhatIf {
        model: Model,
        choices: Choices,
    },
}

#[derive(Serialize, Deserialize)]
enum Answer {
    Explore(Result<Exploration, String>),
    WhatIf(Result<Vec<WhatIf>, String>),
}

fn job_text(job: &Job) -> Result<String, String> {
    super::format::ron_options()
        .to_string(job)
        .map_err(|e| format!("the work could not be sent: {e}"))
}

/// The text that asks for `explore(model, query, limit)` elsewhere.
pub fn search_job_text(model: &Model, query: &Query, limit: usize) -> Result<String, String> {
    job_text(&Job::Explore {
        model: model.clone(),
        query: query.clone(),
        limit,
    })
}

/// The text that asks for `what_if_from(model, choices)` elsewhere.
pub fn what_if_job_text(model: &Model, choices: &Choices) -> Result<String, String> {
    job_text(&Job::WhatIf {
        model: model.clone(),
        choices: choices.clone(),
    })
}

/// Runs `job` (from [`search_job_text`] or [`what_if_job_text`]) and gives its answer as text.
pub fn run_job(job: &str, control: &Control) -> String {
    let options = super::format::ron_options();
    let answer = match options.from_str::<Job>(job) {
        Ok(Job::Explore {
            model,
            query,
            limit,
        }) => Answer::Explore(explore(&model, &query, limit, control).map_err(|e| e.to_string())),
        Ok(Job::WhatIf { model, choices }) => {
            Answer::WhatIf(what_if_from(&model, &choices, control).map_err(|e| e.to_string()))
        }
        Err(e) => Answer::Explore(Err(format!("the work could not read its question: {e}"))),
    };
    options.to_string(&answer).unwrap_or_else(|e| {
        let failed = Answer::Explore(Err(format!("the answer could not be sent: {e}")));
        options.to_string(&failed).unwrap_or_default()
    })
}

/// The text of an answer that says the work failed, for `why`.
pub fn failed_answer(why: &str) -> String {
    super::format::ron_options()
        .to_string(&Answer::Explore(Err(format!("the work stopped: {why}"))))
        .unwrap_or_default()
}

fn answer(text: &str) -> Answer {
    super::format::ron_options()
        .from_str::<Answer>(text)
        .unwrap_or_else(|e| Answer::Explore(Err(format!("the answer could not be read: {e}"))))
}

/// The search's answer that [`run_job`] gave, read back.
pub fn search_answer(text: &str) -> Result<Exploration, String> {
    match answer(text) {
        Answer::Explore(result) => result,
        Answer::WhatIf(_) => Err("the answer was to another question".to_owned()),
    }
}

/// The what-if badges that [`run_job`] gave, read back.
pub fn what_if_answer(text: &str) -> Result<Vec<WhatIf>, String> {
    match answer(text) {
        Answer::WhatIf(result) => result,
        Answer::Explore(Err(e)) => Err(e),
        Answer::Explore(Ok(_)) => Err("the answer was to another question".to_owned()),
    }
}
