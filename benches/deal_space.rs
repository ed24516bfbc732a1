//! `cargo bench`: the speeds the app relies on to recompute on every click.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use redlines::model::deal_space::{
    Control, Query, Space, analyse, any_acceptable, closest, histogram, what_if,
};
use redlines::model::generate::{Shape, synthetic_scenario};
use redlines::model::{Document, ModelRef, evaluate};

fn bundled(c: &mut Criterion) {
    let doc = Document::new_bundled();
    let (_, text) = redlines::model::bundled::EXAMPLES
        .iter()
        .find(|(name, _)| *name == "us-compromise.ron")
        .expect("the example is bundled");
    let example = redlines::model::format::parse_scenario(text)
        .expect("example parses")
        .document;
    c.bench_function("bundled: one evaluation", |b| {
        b.iter(|| {
            evaluate(
                black_box(&example.model),
                black_box(&example.scenario.choices),
            )
        })
    });
    c.bench_function("bundled: what-if for every option", |b| {
        b.iter(|| {
            let space = Space::new(&example.model, &Query::default()).expect("space");
            let current = space.package_of(&example.scenario.choices).expect("valid");
            what_if(&space, black_box(&current))
        })
    });
    c.bench_function(
        "bundled: full analysis (search, closest, irreconcilable, trade-off)",
        |b| {
            b.iter(|| {
                let control = Control::default();
                let space = Space::new(&doc.model, &Query::default()).expect("space");
                let analysis = analyse(&space, 50, &control).expect("analysis");
                let points = histogram(&space, 20, &control).expect("histogram");
                black_box((analysis, points))
            })
        },
    );
}

fn synthetic(c: &mut Criterion) {
    // Seed 1 has acceptable packages; seed 3 has none, so "closest" must prove its optimum.
    for seed in [1, 3] {
        let scenario = synthetic_scenario(Shape {
            positions: 24,
            options: 3,
            red_lines: 60,
            parties: 4,
            seed,
        });
        let ModelRef::Inline(model) = scenario.model else {
            unreachable!("generated models are inline")
        };
        let mut group = c.benchmark_group(format!("synthetic 24x3x60 seed {seed}"));
        group.sample_size(10);
        group.bench_function("is any package acceptable?", |b| {
            b.iter(|| {
                let space = Space::new(&model, &Query::default()).expect("space");
                any_acceptable(&space, &Control::default()).expect("search")
            })
        });
        group.bench_function("closest packages (Pareto and fewest)", |b| {
            b.iter(|| {
                let space = Space::new(&model, &Query::default()).expect("space");
                closest(&space, 10, &Control::default()).expect("search")
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bundled, synthetic);
criterion_main!(benches);
