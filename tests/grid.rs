//! A corner of the deal-space grid (`benches/grid.rs`), run as a check, not a timing: every
//! question finishes within a generous cap, and the engines agree with each other and with
//! the count one package at a time.

use std::time::Duration;

use redlines::bench_grid::{Question, grid, model_of, time};
use redlines::model::deal_space::{
    Control, Query, Space, acceptable_by_enumeration, irreconcilable_by_search,
};
use redlines::model::generate::Shape;

/// Far above what these models take even in a debug build: a question that reaches it is a
/// regression, not a slow machine.
const CAP: Duration = Duration::from_secs(60);

#[test]
fn a_corner_of_the_grid_completes_and_the_engines_agree() {
    let mut shapes = grid(&[12, 16], &[3, 4], &[1, 2]);
    shapes.push(Shape {
        positions: 5,
        options: 3,
        red_lines: 120,
        parties: 4,
        seed: 1,
    });
    for shape in shapes {
        let model = model_of(shape);
        let answers: Vec<_> = Question::ALL
            .iter()
            .map(|&q| time(&model, q, CAP).expect("a generated model searches"))
            .collect();
        for timing in &answers {
            assert!(timing.complete, "{shape:?}: {timing:?} stopped at the cap");
        }
        let answer = |q: Question| {
            &answers
                .iter()
                .find(|t| t.question == q)
                .expect("asked")
                .answer
        };
        let count: f64 = answer(Question::Count).parse().expect("a count");
        assert_eq!(
            answer(Question::Any),
            &(count > 0.0).to_string(),
            "{shape:?}"
        );
        assert!(
            answer(Question::Explore).starts_with(&format!("{count} acceptable")),
            "{shape:?}: {} against {count}",
            answer(Question::Explore)
        );
        let space = Space::new(&model, &Query::default()).expect("space");
        let control = Control::default();
        if shape.positions <= 12 {
            let enumerated = acceptable_by_enumeration(&space, 0, &control).expect("search");
            assert_eq!(enumerated.count, count, "{shape:?}");
        }
        let mut by_search = irreconcilable_by_search(&space, 3, &control)
            .expect("search")
            .sets;
        by_search.sort();
        assert_eq!(
            answer(Question::Irreconcilable),
            &format!("{by_search:?}"),
            "{shape:?}"
        );
    }
}
