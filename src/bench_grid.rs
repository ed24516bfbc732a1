//! The deal-space grid: synthetic models of growing size, each question users run timed on its
//! own under a budget. `cargo bench --bench grid` prints the table; a test runs a small corner
//! of it to check that every question completes and the answers agree.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::model::ModelRef;
use crate::model::deal_space::{
    Control, Query, Space, SpaceError, acceptable, any_acceptable, closest, explore, irreconcilable,
};
use crate::model::generate::{Shape, synthetic_scenario};
use crate::model::types::Model;

/// The questions timed, each as a user asks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// Is any package acceptable?
    Any,
    /// How many packages are acceptable (with the first page of them)?
    Count,
    /// The fewest red lines to drop, the minimal concessions, and the closest (Pareto) packages.
    Closest,
    /// The irreconcilable sets of up to three red lines.
    Irreconcilable,
    /// Everything the Explore tab shows (`redlines explore` shows the same but the trade-off
    /// plot).
    Explore,
}

impl Question {
    pub const ALL: [Question; 5] = [
        Question::Any,
        Question::Count,
        Question::Closest,
        Question::Irreconcilable,
        Question::Explore,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Question::Any => "any acceptable",
            Question::Count => "count",
            Question::Closest => "closest",
            Question::Irreconcilable => "irreconcilable ≤3",
            Question::Explore => "explore (all)",
        }
    }
}

/// The packages listed with an answer, as the Explore tab asks.
pub const PAGE: usize = 20;

/// One question on one model: how long it took, whether it finished in its budget, and the
/// answer in short, to compare between engines.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    pub question: Question,
    pub seconds: f64,
    pub complete: bool,
    pub answer: String,
}

/// The grid of the deal-space issue: `positions` × `options`, 2.5 red lines per position, four
/// parties, for each seed.
pub fn grid(positions: &[usize], options: &[usize], seeds: &[u64]) -> Vec<Shape> {
    let mut shapes = Vec::new();
    for &n in positions {
        for &k in options {
            for &seed in seeds {
                shapes.push(Shape {
                    positions: n,
                    options: k,
                    red_lines: n * 5 / 2,
                    parties: 4,
                    seed,
                });
            }
        }
    }
    shapes
}

pub fn model_of(shape: Shape) -> Arc<Model> {
    match synthetic_scenario(shape).model {
        ModelRef::Inline(model) => model,
        _ => unreachable!("generated models are inline"),
    }
}

/// The grid's command line: `--positions 12,16 --options 3,4,5 --seeds 1-5 --budget 10
/// --no-wide`, each optional. Without `--seeds`, [`SEEDS_PER_RUN`] seeds from one drawn at
/// random (`--seed-from N` names it): a benchmark that always ran the same seeds could be tuned
/// to them without anyone noticing.
pub struct GridArgs {
    pub positions: Vec<usize>,
    pub options: Vec<usize>,
    pub seeds: Vec<u64>,
    pub budget: Duration,
    /// Also five positions with 1,000 red lines.
    pub wide: bool,
    /// How the seeds were chosen, to print: the command line that runs them again.
    pub seeds_said: String,
}

/// Seeds each run draws when not told which.
pub const SEEDS_PER_RUN: u64 = 20;

impl GridArgs {
    /// From the process's arguments: the whole grid of the issue unless told otherwise.
    pub fn from_env() -> Self {
        let mut args = GridArgs {
            positions: vec![12, 16, 20, 24, 32, 40, 48, 60],
            options: vec![3, 4, 5],
            seeds: Vec::new(),
            budget: Duration::from_secs(10),
            wide: true,
            seeds_said: String::new(),
        };
        let mut from: Option<u64> = None;
        let given: Vec<String> = std::env::args().skip(1).collect();
        let mut i = 0;
        while i < given.len() {
            let value = given.get(i + 1).map(String::as_str).unwrap_or("");
            match given[i].as_str() {
                "--positions" => args.positions = list(value),
                "--options" => args.options = list(value),
                "--seeds" => args.seeds = list(value),
                "--seed-from" => from = value.parse().ok(),
                "--budget" => {
                    args.budget = Duration::from_secs_f64(value.parse().unwrap_or(10.0));
                }
                "--no-wide" => {
                    args.wide = false;
                    i += 1;
                    continue;
                }
                // `cargo bench` passes `--bench`; anything else unknown is ignored alike.
                _ => {
                    i += 1;
                    continue;
                }
            }
            i += 2;
        }
        if args.seeds.is_empty() {
            // Below a million, so the seeds read easily; the clock is random enough here.
            let first = from.unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |t| u64::from(t.subsec_nanos()) % 1_000_000)
            });
            let last = first + SEEDS_PER_RUN - 1;
            args.seeds = (first..=last).collect();
            args.seeds_said =
                format!("seeds {first}–{last}, drawn at random (again: --seeds {first}-{last})");
        } else {
            args.seeds_said = format!("seeds as given: {:?}", args.seeds);
        }
        args
    }
}

/// A list given on the command line: `12,16` or `1-5`.
pub fn list<T: std::str::FromStr>(text: &str) -> Vec<T> {
    let mut out = Vec::new();
    for part in text.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (usize, usize) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
                out.extend((a..=b).filter_map(|x| x.to_string().parse().ok()));
            }
            None => out.extend(part.parse().ok()),
        }
    }
    out
}

/// Runs `f` under a watchdog that cancels its control at `budget`; also says how long it took.
pub fn within<T>(budget: Duration, f: impl FnOnce(&Control) -> T) -> (f64, T) {
    let control = Arc::new(Control::default());
    let (done, wait) = mpsc::channel::<()>();
    let watchdog = {
        let control = control.clone();
        std::thread::spawn(move || {
            if wait.recv_timeout(budget) == Err(mpsc::RecvTimeoutError::Timeout) {
                control
                    .cancel
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
        })
    };
    let start = Instant::now();
    let answer = f(&control);
    let seconds = start.elapsed().as_secs_f64();
    let _ = done.send(());
    let _ = watchdog.join();
    (seconds, answer)
}

/// Times `question` on `model`, stopping it at `budget`.
pub fn time(model: &Model, question: Question, budget: Duration) -> Result<Timing, SpaceError> {
    let (seconds, answer) = within(budget, |control| ask(model, question, control));
    let (complete, answer) = answer?;
    Ok(Timing {
        question,
        seconds,
        complete,
        answer,
    })
}

fn ask(model: &Model, question: Question, control: &Control) -> Result<(bool, String), SpaceError> {
    let space = Space::new(model, &Query::default())?;
    Ok(match question {
        Question::Any => match any_acceptable(&space, control) {
            Ok(found) => (true, format!("{}", found.is_some())),
            Err(SpaceError::Cancelled) => (false, "?".to_owned()),
            Err(e) => return Err(e),
        },
        Question::Count => {
            let a = acceptable(&space, PAGE, control)?;
            (a.exact, format!("{}", a.count))
        }
        Question::Closest => {
            let c = closest(&space, PAGE, control)?;
            let mut concessions = c.concessions.clone();
            concessions.sort();
            (
                c.complete,
                format!(
                    "fewest {} concessions {:?}{} front {:?}",
                    c.fewest,
                    concessions,
                    if c.more_concessions { "+" } else { "" },
                    {
                        let mut front: Vec<_> = c.pareto.iter().map(|p| p.fails.clone()).collect();
                        front.sort();
                        front
                    }
                ),
            )
        }
        Question::Irreconcilable => {
            let i = irreconcilable(&space, 3, control)?;
            let mut sets = i.sets.clone();
            sets.sort();
            (i.complete, format!("{sets:?}"))
        }
        Question::Explore => {
            let e = explore(model, &Query::default(), PAGE, control)?;
            (
                e.complete,
                format!(
                    "{} acceptable, fewest {}, {} irreconcilable",
                    e.acceptable_count,
                    e.fewest,
                    e.irreconcilable.len()
                ),
            )
        }
    })
}

/// A time as the table shows it: past the budget it says so.
pub fn shown(timing: &Timing, budget: Duration) -> String {
    if !timing.complete {
        return format!("> {}", seconds(budget.as_secs_f64()));
    }
    seconds(timing.seconds)
}

pub fn seconds(s: f64) -> String {
    if s < 0.001 {
        format!("{:.0} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else {
        format!("{s:.1} s")
    }
}

/// The median and worst of one question over seeds, as the table shows them: an unfinished
/// run counts as past the budget.
pub fn median_and_worst(timings: &[&Timing], budget: Duration) -> (String, String) {
    let mut times: Vec<f64> = timings
        .iter()
        .map(|t| if t.complete { t.seconds } else { f64::INFINITY })
        .collect();
    times.sort_by(f64::total_cmp);
    let show = |s: f64| {
        if s.is_finite() {
            seconds(s)
        } else {
            format!("> {}", seconds(budget.as_secs_f64()))
        }
    };
    match times.len() {
        0 => ("–".to_owned(), "–".to_owned()),
        n => (show(times[n / 2]), show(times[n - 1])),
    }
}
