//! `cargo bench --bench stability`: the stability analysis of the bundled model, every state
//! classified under the four concepts. The bundled model gives no party control of anything
//! (the article does not say who could change what on its own), so this benchmark gives each
//! party two positions to control: a load for timing, not a reading of the talks.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use redlines::model::stability::{Concept, conflict_of};

fn with_controls() -> redlines::model::Model {
    let mut model = (*redlines::model::bundled::default_model()).clone();
    for (party, controls) in [
        ("ua", ["nato", "army_cap"]),
        ("ru", ["donbas", "recognition"]),
        ("us", ["us_troops", "ceasefire_monitoring"]),
        ("eu", ["multinational_force", "guarantees"]),
    ] {
        let p = model
            .parties
            .iter_mut()
            .find(|p| p.id == party)
            .expect("the bundled party");
        p.controls = controls.iter().map(|&c| c.to_owned()).collect();
    }
    model
}

fn stability(c: &mut Criterion) {
    let model = with_controls();
    let status_quo = redlines::model::bundled::starting_document()
        .scenario
        .choices;
    let (conflict, states) = conflict_of(&model, &status_quo, false).expect("analysable");
    eprintln!(
        "bundled model with benchmark controls: {} states",
        states.len()
    );
    c.bench_function("stability: bundled model, graph from the model", |b| {
        b.iter(|| conflict_of(black_box(&model), &status_quo, false).expect("analysable"))
    });
    c.bench_function(
        "stability: bundled model, every state under Nash, GMR, SMR, SEQ",
        |b| b.iter(|| black_box(&conflict).classify(&Concept::ALL)),
    );
    // What the Stability tab does when two parties are ticked: the coalition judged at the
    // status quo, a search from each joint improvement.
    let sq = states
        .state_of(&status_quo)
        .expect("the status quo is a state");
    let party = |id: &str| {
        model
            .parties
            .iter()
            .position(|p| p.id == id)
            .expect("the bundled party")
    };
    let coalition = [party("ua"), party("eu")];
    c.bench_function(
        "stability: bundled model, Ukraine and Europe together at the status quo, four concepts",
        |b| b.iter(|| black_box(&conflict).coalition_verdicts(&coalition, sq, &Concept::ALL)),
    );
}

/// Synthetic conflicts of 2^10 … 2^20 states: binary positions, four parties each moving
/// three of them (seven moves a party from each state), four preferences each; the graph
/// built from the model and every state classified under the four concepts.
fn stability_by_size(c: &mut Criterion) {
    use redlines::model::ModelRef;
    use redlines::model::generate::{Shape, give_controls, synthetic_scenario};
    let mut group = c.benchmark_group("stability by states");
    for positions in [10, 12, 14, 16, 18, 20] {
        let scenario = synthetic_scenario(Shape {
            positions,
            options: 2,
            red_lines: positions,
            parties: 4,
            seed: 7,
        });
        let ModelRef::Inline(model) = &scenario.model else {
            unreachable!("generated models are inline")
        };
        let mut model = (**model).clone();
        give_controls(&mut model, 3, 4, 7);
        group.bench_function(format!("2^{positions} states"), |b| {
            b.iter(|| {
                let (conflict, _) =
                    conflict_of(black_box(&model), &scenario.choices, false).expect("analysable");
                conflict.classify(&Concept::ALL)
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = stability, stability_by_size
}
criterion_main!(benches);
