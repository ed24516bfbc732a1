//! `cargo bench --bench big_models`: what one click costs on the UI thread of a big model, and
//! the work it hands to a background thread.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use redlines::model::Pick;
use redlines::model::deal_space::{Query, Space, what_if};
use redlines::model::eval::{Dependents, evaluate_with};
use redlines::model::generate::{Shape, synthetic_scenario};
use redlines::model::{ModelRef, Scenario};

fn big(positions: usize, red_lines: usize) -> Scenario {
    synthetic_scenario(Shape {
        positions,
        options: 3,
        red_lines,
        parties: 4,
        seed: 1,
    })
}

fn click(c: &mut Criterion) {
    for (positions, red_lines) in [(5000, 10_000), (50, 40_000)] {
        let scenario = big(positions, red_lines);
        let ModelRef::Inline(model) = &scenario.model else {
            unreachable!("generated models are inline")
        };
        let dependents = Dependents::new(model);
        let mut group = c.benchmark_group(format!("{positions} positions x {red_lines} red lines"));
        group.sample_size(10);
        group.bench_function("full evaluation", |b| {
            b.iter(|| evaluate_with(model, &dependents, black_box(&scenario.choices)))
        });
        let mut evaluation = evaluate_with(model, &dependents, &scenario.choices);
        let mut choices = scenario.choices.clone();
        let mut option = 0;
        group.bench_function("one click: re-evaluate what one pick affects", |b| {
            b.iter(|| {
                option = (option + 1) % 3;
                choices.insert("p1".to_owned(), Pick::Option(format!("o{option}")));
                evaluation.update(model, &dependents, &choices, &["p1"]);
            })
        });
        group.bench_function("what-if badges (off the UI thread)", |b| {
            b.iter(|| {
                let space = Space::unordered(model, &Query::default()).expect("space");
                let current = space.package_of(&scenario.choices).expect("valid");
                what_if(&space, black_box(&current))
            })
        });
        group.finish();
    }
}

criterion_group!(benches, click);
criterion_main!(benches);
