//! `cargo bench --features solvers --bench solvers [-- --positions 20,60 --options 3,5 --seeds 1-5 --budget 10]`:
//! the app's engine and two SAT solvers through RustSAT (CaDiCaL and BatSat) side by side on the
//! deal-space grid (`--no-wide` is implied: the wide model is not part of it),
//! for the questions a solver answers (any acceptable, the fewest failing red lines, the Pareto
//! front of failures per party). Prints a row per model, checks that the answers agree, and
//! ends with the medians and worst times.

use std::time::Duration;

use redlines::bench_grid::{GridArgs, grid, model_of, seconds, within};
use redlines::model::deal_space::sat::{Backend, BatSat, Encoded, SatError};
use redlines::model::deal_space::{Control, Query, Space, any_acceptable, fewest, pareto};
use rustsat_cadical::CaDiCaL;

fn shown(t: f64, done: bool, budget: Duration) -> String {
    if done {
        seconds(t)
    } else {
        format!("> {}", seconds(budget.as_secs_f64()))
    }
}

fn sat<T>(answer: Result<T, SatError>) -> Option<T> {
    match answer {
        Ok(t) => Some(t),
        Err(SatError::Cancelled) => None,
        Err(e) => panic!("{e}"),
    }
}

const QUESTIONS: [&str; 3] = ["any acceptable", "fewest", "Pareto front"];
const ENGINES: [&str; 3] = ["engine", "CaDiCaL", "BatSat"];

/// One question's answer in short, to compare between engines.
type Answer = String;

fn engine(space: &Space, question: usize, control: &Control) -> Option<Answer> {
    match question {
        0 => any_acceptable(space, control)
            .ok()
            .map(|found| found.is_some().to_string()),
        1 => fewest(space, 1, control)
            .ok()
            .filter(|f| f.complete)
            .map(|f| f.fewest.to_string()),
        _ => pareto(space, 1, control)
            .ok()
            .filter(|(_, complete)| *complete)
            .map(|(front, _)| {
                let mut points: Vec<Vec<usize>> = front.into_iter().map(|p| p.fails).collect();
                points.sort();
                format!("{points:?}")
            }),
    }
}

/// The answer of a SAT backend, its packages checked against the model's own verdicts.
fn solver<'c, S: Backend<'c>>(
    space: &Space,
    question: usize,
    control: &'c Control,
) -> Option<Answer> {
    let mut encoded = sat(Encoded::<S>::new(space, control))?;
    let fails = |package: &[u16]| space.fails_per_party(package);
    match question {
        0 => {
            let found = sat(encoded.any_acceptable())?;
            if let Some(package) = &found {
                assert_eq!(fails(package).iter().sum::<usize>(), 0, "{}", S::NAME);
            }
            Some(found.is_some().to_string())
        }
        1 => {
            let (fewest, package) = sat(encoded.fewest())?;
            assert_eq!(fails(&package).iter().sum::<usize>(), fewest, "{}", S::NAME);
            Some(fewest.to_string())
        }
        _ => {
            let front = sat(encoded.pareto())?;
            for (point, package) in &front {
                assert_eq!(&fails(package), point, "{}", S::NAME);
            }
            let points: Vec<Vec<usize>> = front.into_iter().map(|(point, _)| point).collect();
            Some(format!("{points:?}"))
        }
    }
}

fn main() {
    let args = GridArgs::from_env();
    let budget = args.budget;
    let columns: Vec<String> = QUESTIONS
        .iter()
        .flat_map(|q| ENGINES.iter().map(move |e| format!("{q}: {e}")))
        .collect();
    println!("{}.\n", args.seeds_said);
    println!("| model | seed | {} |", columns.join(" | "));
    println!("|---|---|{}", "---|".repeat(columns.len()));
    // Per column, the times of every model (infinite where stopped).
    let mut times = vec![Vec::new(); columns.len()];
    let mut disagreements = 0;
    for shape in grid(&args.positions, &args.options, &args.seeds) {
        let model = model_of(shape);
        let space = Space::new(&model, &Query::default()).expect("a generated model compiles");
        let mut cells = Vec::new();
        for question in 0..QUESTIONS.len() {
            let answers = [
                within(budget, |c| engine(&space, question, c)),
                within(budget, |c| {
                    solver::<CaDiCaL<'_, 'static>>(&space, question, c)
                }),
                within(budget, |c| solver::<BatSat>(&space, question, c)),
            ];
            for (e, (t, answer)) in answers.iter().enumerate() {
                times[question * ENGINES.len() + e].push(if answer.is_some() {
                    *t
                } else {
                    f64::INFINITY
                });
                cells.push(shown(*t, answer.is_some(), budget));
            }
            let known: Vec<&Answer> = answers.iter().filter_map(|(_, a)| a.as_ref()).collect();
            if known.windows(2).any(|w| w[0] != w[1]) {
                disagreements += 1;
                eprintln!("{shape:?}: {} differs: {known:?}", QUESTIONS[question]);
            }
        }
        println!(
            "| {}×{}×{} | {} | {} |",
            shape.positions,
            shape.options,
            shape.red_lines,
            shape.seed,
            cells.join(" | ")
        );
    }
    println!();
    println!(
        "| question | {} |",
        ENGINES
            .iter()
            .map(|e| format!("{e}: median | {e}: worst"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}", "---|".repeat(2 * ENGINES.len()));
    let show = |s: f64| {
        if s.is_finite() {
            seconds(s)
        } else {
            format!("> {}", seconds(budget.as_secs_f64()))
        }
    };
    for (q, name) in QUESTIONS.iter().enumerate() {
        let cells: Vec<String> = (0..ENGINES.len())
            .map(|e| {
                let mut t = times[q * ENGINES.len() + e].clone();
                t.sort_by(f64::total_cmp);
                format!("{} | {}", show(t[t.len() / 2]), show(t[t.len() - 1]))
            })
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
    println!();
    println!("disagreements: {disagreements}");
    if disagreements > 0 {
        std::process::exit(1);
    }
}
