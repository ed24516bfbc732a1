//! `cargo bench --bench grid [-- --positions 12,16 --options 3,4,5 --seeds 1-5 | --seed-from N] --budget 10]`:
//! each deal-space question timed on the grid of synthetic models, and on five positions with
//! 1,000 red lines, then a Markdown table of the median and worst per shape (scripts/grid.sh).

use redlines::bench_grid::{
    GridArgs, PAGE, Question, Timing, grid, median_and_worst, model_of, shown, time,
};
use redlines::model::generate::Shape;

fn main() {
    let args = GridArgs::from_env();
    let mut shapes = grid(&args.positions, &args.options, &args.seeds);
    if args.wide {
        shapes.extend(args.seeds.iter().map(|&seed| Shape {
            positions: 5,
            options: 3,
            red_lines: 1000,
            parties: 4,
            seed,
        }));
    }
    let budget = args.budget;
    eprintln!(
        "{} models, each question stopped at {} s; {PAGE} packages listed per answer; {}",
        shapes.len(),
        budget.as_secs_f64(),
        args.seeds_said
    );
    let mut rows: Vec<(Shape, Vec<Timing>)> = Vec::new();
    for shape in shapes {
        let model = model_of(shape);
        let timings: Vec<Timing> = Question::ALL
            .iter()
            .map(|&q| time(&model, q, budget).expect("a generated model searches"))
            .collect();
        eprintln!(
            "{:>2} × {} × {:>4} seed {}: {}",
            shape.positions,
            shape.options,
            shape.red_lines,
            shape.seed,
            timings
                .iter()
                .map(|t| format!("{} {}", t.question.name(), shown(t, budget)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        rows.push((shape, timings));
    }
    println!("Median / worst over {}.\n", args.seeds_said);
    println!(
        "| model (positions × options × red lines) | {} |",
        Question::ALL
            .iter()
            .map(|q| format!("{}: median / worst", q.name()))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}", "---|".repeat(Question::ALL.len()));
    let mut seen: Vec<(usize, usize, usize)> = Vec::new();
    for (shape, _) in &rows {
        let key = (shape.positions, shape.options, shape.red_lines);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let same: Vec<&Vec<Timing>> = rows
            .iter()
            .filter(|(s, _)| (s.positions, s.options, s.red_lines) == key)
            .map(|(_, t)| t)
            .collect();
        let cells: Vec<String> = (0..Question::ALL.len())
            .map(|q| {
                let column: Vec<&Timing> = same.iter().map(|t| &t[q]).collect();
                let (median, worst) = median_and_worst(&column, budget);
                format!("{median} / {worst}")
            })
            .collect();
        println!(
            "| {} × {} × {} | {} |",
            key.0,
            key.1,
            key.2,
            cells.join(" | ")
        );
    }
}
