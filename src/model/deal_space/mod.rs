//! Deal-space search: which packages (one value per position) no chosen party vetoes, and if none,
//! which red lines cannot stand together and what is the least that must give.
//!
//! Exact, not sampled: number positions are cut into the pieces their conditions distinguish
//! ([`super::space`]). Conditions compile to per-position bitmasks; a depth-first search sets
//! positions in an order that completes red lines early, decides each red line the moment its
//! last position is set, and prunes with branch and bound.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::types::Pick;

mod acceptable;
mod bound;
mod closest;
mod compile;
mod count;
mod explore;
mod irreconcilable;
mod jobs;
mod ranked;
#[cfg(not(target_arch = "wasm32"))]
pub mod sat;
mod what_if;

pub use acceptable::*;
pub use closest::*;
pub use compile::*;
pub use explore::*;
pub use irreconcilable::*;
pub use jobs::*;
pub use ranked::*;
pub use what_if::*;

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
    #[error("the model cannot be searched until it is fixed: {0} (the Model editor lists it)")]
    Incomplete(String),
    #[error("the search was cancelled")]
    Cancelled,
    #[error("the SAT solver failed: {0}")]
    Solver(String),
}

/// Cancel flag, progress counter and current step, shared with a UI thread or a CLI watchdog.
#[derive(Debug, Default)]
pub struct Control {
    pub cancel: AtomicBool,
    pub visited: AtomicU64,
    /// How many steps the whole work is expected to take, where its caller knows (0 where not):
    /// with `visited`, the share done.
    pub planned: AtomicU64,
    stage: AtomicU8,
    /// Where a part of the search may visit only so many nodes (the walk, before the solver
    /// takes over): the count of `visited` to stop at; 0 for none. Unlike a cancel, running out
    /// stops only that part.
    budget: AtomicU64,
    /// Told of progress as the search goes, where no other thread can read the counters (a
    /// browser's web worker posts it to the page), and asked whether to stop.
    pub on_progress: Option<ProgressHook>,
    /// When the work stops on its own, as a timeout would (see [`Control::stop_after`]).
    deadline: std::sync::OnceLock<web_time::Instant>,
    /// Whether that time ran out before anything else stopped the work.
    timed_out: AtomicBool,
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
    /// The stability analysis: listing the states, each party's moves and payoffs.
    States,
    /// The stability analysis: judging every state, a pass per party and concept.
    Judging,
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
            Stage::States => "listing the states and moves",
            Stage::Judging => "judging every state",
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

    /// A control that stops the search once `limit` has passed: what was found by then is
    /// kept, marked partial. For work with no one to press Stop (a handout being written).
    pub fn with_deadline(limit: std::time::Duration) -> Self {
        let control = Control::default();
        control.stop_after(limit);
        control
    }

    /// Stops the work once `limit` has passed from now, as if cancelled: what was found by then
    /// is kept, marked partial. Only the first call counts; through a shared reference, so the
    /// worker that runs a job can take the job's limit.
    pub fn stop_after(&self, limit: std::time::Duration) {
        let _ = self.deadline.set(web_time::Instant::now() + limit);
    }

    /// Whether the work stopped because its time ran out, not because it was cancelled.
    pub fn timed_out(&self) -> bool {
        self.timed_out.load(Ordering::Relaxed)
    }

    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Relaxed) {
            1 => Stage::Closest,
            2 => Stage::Irreconcilable,
            3 => Stage::TradeOff,
            4 => Stage::States,
            5 => Stage::Judging,
            _ => Stage::Counting,
        }
    }

    pub(crate) fn set_stage(&self, stage: Stage) {
        self.stage.store(stage as u8, Ordering::Relaxed);
        self.progressed(0);
    }

    /// Counts `more` packages visited, and says so to the hook, if there is one.
    pub(crate) fn progressed(&self, more: u64) {
        let visited = self.visited.fetch_add(more, Ordering::Relaxed) + more;
        let hook_stops = self
            .on_progress
            .as_ref()
            .is_some_and(|hook| (hook.0)(visited, self.stage()));
        if hook_stops {
            self.cancel.store(true, Ordering::Relaxed);
        } else if !self.is_cancelled()
            && self
                .deadline
                .get()
                .is_some_and(|&until| web_time::Instant::now() >= until)
        {
            self.timed_out.store(true, Ordering::Relaxed);
            self.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Sets the counters from a report (`Stage` as [`Stage::code`]): a browser's page keeps
    /// its copy of a worker's progress here, so it reads like a thread's.
    pub fn show_progress(&self, visited: u64, stage: u8) {
        self.visited.store(visited, Ordering::Relaxed);
        self.stage.store(stage, Ordering::Relaxed);
    }

    /// The share of the planned steps done, below 1 until the work says it is finished; `None`
    /// where nothing was planned.
    pub fn share_done(&self) -> Option<f64> {
        let planned = self.planned.load(Ordering::Relaxed);
        (planned > 0)
            .then(|| (self.visited.load(Ordering::Relaxed) as f64 / planned as f64).min(0.99))
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Whether the search should stop where it is: cancelled, or out of the budget of the part
    /// under way.
    pub(super) fn should_stop(&self) -> bool {
        let budget = self.budget.load(Ordering::Relaxed);
        self.is_cancelled() || (budget != 0 && self.visited.load(Ordering::Relaxed) >= budget)
    }

    /// Runs `part` with at most `nodes` more nodes to visit; a cancel stops it too. (The walk
    /// before the solver; a browser has no solver to hand over to.)
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn within_budget<T>(&self, nodes: u64, part: impl FnOnce() -> T) -> T {
        let start = self.visited.load(Ordering::Relaxed);
        self.budget
            .store(start.saturating_add(nodes).max(1), Ordering::Relaxed);
        let result = part();
        self.budget.store(0, Ordering::Relaxed);
        result
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
