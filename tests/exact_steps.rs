//! Slider values are exact: a stop of a number position is the decimal a file writes (0.9), never
//! a float sum (0.8999999999999999), so evaluation, the search, stability and labels agree on it
//! (issue 22, point 12). Checked against a brute force over every stop written as a decimal.

mod common;

use common::cli::{redlines, stderr, stdout};
use proptest::prelude::*;
use redlines::model::deal_space::{Control, Query, Space, analyse};
use redlines::model::eval::{Verdict, evaluate};
use redlines::model::format::parse_scenario;
use redlines::model::types::{NumberSpec, format_number};
use redlines::model::{Condition, Model, ModelRef, Pick, PositionKind};

/// One number position `n` from `min` in steps of `step` to `max`, party A controlling it, and
/// one red line of A's that breaks when `breaks_when`.
fn scenario(min: &str, step: &str, max: &str, value: &str, breaks_when: &str) -> String {
    format!(
        r#"(
    format_version: 1,
    title: "Steps",
    model: Inline(
        id: "steps", version: 1, title: "Steps",
        sources: [(id: "src", title: "Notes", kind: "notes", date: "2026")],
        parties: [
            (id: "a", name: "Alpha", short: "A", controls: ["n"]),
            (id: "b", name: "Beta", short: "B"),
        ],
        positions: [
            (id: "n", title: "N", kind: Number(min: {min}, max: {max}, step: {step}, unit: "",
             default: Value({min}))),
        ],
        red_lines: [
            (id: "a_line", party: "a", title: "A's line", statement: "s", speaker: "A",
             source: (source: "src", quote: "q"), basis: stated, breaks_when: {breaks_when}),
        ],
    ),
    choices: {{ "n": Value({value}) }},
)"#
    )
}

fn write(dir: &std::path::Path, text: &str) -> String {
    let path = dir.join("steps.ron");
    std::fs::write(&path, text).expect("file");
    path.to_string_lossy().into_owned()
}

#[test]
fn a_stop_that_a_float_sum_misses_is_judged_where_the_slider_stands() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 0.3 · 3 is 0.8999999999999999 as a float sum; the slider's fourth stop is 0.9.
    let file = write(
        dir.path(),
        &scenario("0.0", "0.3", "3.0", "0.9", "Below(\"n\", 0.9)"),
    );
    let o = redlines(&["evaluate", &file, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("\"verdict\": \"holds\""),
        "{}",
        stdout(&o)
    );

    // Values 0.9 to 3 keep the line: one acceptable piece, found with and without the pin.
    for args in [vec![], vec!["--lock", "n=0.9"]] {
        let mut all = vec!["explore", file.as_str(), "--format", "json"];
        all.extend(args.iter().copied());
        let o = redlines(&all);
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(json["acceptable"]["count"], 1, "{args:?}: {json:#}");
        let label = json["acceptable"]["packages"][0]["choices"]["n"]["label"]
            .as_str()
            .expect("label")
            .to_owned();
        assert_eq!(label, if args.is_empty() { "0.9–3" } else { "0.9" });
        assert!(!stdout(&o).contains("0.89999"), "{}", stdout(&o));
    }

    // The reverse, with AtLeast: 0.9 itself breaks it, so only 0 to 0.6 keep it.
    let file = write(
        dir.path(),
        &scenario("0.0", "0.3", "3.0", "0.9", "AtLeast(\"n\", 0.9)"),
    );
    let o = redlines(&["explore", &file, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["acceptable"]["count"], 1, "{json:#}");
    assert_eq!(
        json["acceptable"]["packages"][0]["choices"]["n"]["label"],
        "0–0.6"
    );

    // Stability: at 0.6 A breaks its line and can mend it by moving to 0.9: not Nash.
    let file = write(
        dir.path(),
        &scenario("0.0", "0.3", "3.0", "0.6", "Below(\"n\", 0.9)"),
    );
    let o = redlines(&["stability", &file, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        json["status_quo"]["verdicts"]["a"]["nash"]["stable"], false,
        "{json:#}"
    );
}

#[test]
fn a_value_saved_with_float_noise_is_read_as_its_stop() {
    let text = scenario(
        "0.0",
        "0.3",
        "3.0",
        "0.8999999999999999",
        "Below(\"n\", 0.9)",
    );
    let loaded = parse_scenario(&text).expect("loads");
    assert_eq!(
        loaded.document.scenario.choices["n"],
        Pick::Value(0.9),
        "the stop, as the slider shows it"
    );
}

#[test]
fn labels_and_nearest_values_are_written_as_decimals() {
    let spec = NumberSpec {
        min: 0.5,
        max: 20.0,
        step: 0.01,
        unit: "%".into(),
        default: Pick::Value(0.5),
        no_limit: None,
        not_addressed: None,
    };
    assert_eq!(spec.value_at(1949), 19.99);
    assert_eq!(spec.reachable_in(0.5, 20.0, false), Some((0.5, 19.99)));
    let spec = NumberSpec {
        min: 100.0,
        max: 200.0,
        step: 0.01,
        ..spec
    };
    assert_eq!(format_number(spec.snap(129.7699)), "129.77");
}

/// A decimal with `decimals` digits after the point, from a whole number of its last digit.
fn decimal(whole: i64, decimals: u32) -> f64 {
    let text = if decimals == 0 {
        whole.to_string()
    } else {
        let sign = if whole < 0 { "-" } else { "" };
        let digits = format!(
            "{:0width$}",
            whole.unsigned_abs(),
            width = decimals as usize + 1
        );
        let (int, frac) = digits.split_at(digits.len() - decimals as usize);
        format!("{sign}{int}.{frac}")
    };
    text.parse().expect("a decimal")
}

fn model_with(spec: NumberSpec, breaks_when: Condition) -> Model {
    let text = scenario("0.0", "1.0", "1.0", "0.0", "Below(\"n\", 0.5)");
    let mut model = match parse_scenario(&text)
        .expect("loads")
        .document
        .scenario
        .model
    {
        ModelRef::Inline(m) => (*m).clone(),
        _ => unreachable!(),
    };
    model.positions[0].kind = PositionKind::Number(spec);
    model.red_lines[0].breaks_when = breaks_when;
    model
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Every stop of the slider, written as a decimal and evaluated, against the search's pieces:
    /// each stop falls in a piece whose value gets the same verdict, each piece's value is a
    /// stop, and the search counts exactly the pieces with an acceptable stop.
    #[test]
    fn every_stop_is_judged_as_the_search_judges_its_piece(
        decimals in 0u32..4,
        min_whole in -50i64..50,
        step_whole in 1i64..40,
        stops in 1u64..40,
        top_extra in 0i64..3,
        bounds in proptest::collection::vec((-60i64..1700, 0u32..5), 1..4),
        kind in 0u8..3,
    ) {
        let min = decimal(min_whole, decimals);
        let step = decimal(step_whole, decimals);
        let max = decimal(min_whole + step_whole * stops as i64 + top_extra, decimals);
        let spec = NumberSpec {
            min, max, step,
            unit: String::new(),
            default: Pick::Value(min),
            no_limit: None,
            not_addressed: None,
        };
        // Bounds on the grid and off it, with as many decimals as the grid or more.
        let bounds: Vec<f64> = bounds.iter().map(|&(w, extra)| decimal(w, decimals + extra % 2)).collect();
        let n = || "n".to_owned();
        let breaks_when = match kind {
            0 => Condition::Below(n(), bounds[0]),
            1 => Condition::AtLeast(n(), bounds[0]),
            _ => Condition::Any(vec![
                Condition::Below(n(), bounds[0]),
                Condition::Between(n(), *bounds.get(1).unwrap_or(&bounds[0]), *bounds.last().expect("one")),
            ]),
        };
        let model = model_with(spec.clone(), breaks_when);
        let verdict_at = |v: f64| {
            let choices = [("n".to_owned(), Pick::Value(v))].into_iter().collect();
            evaluate(&model, &choices).red_lines[0].verdict
        };
        let space = Space::new(&model, &Query::default()).expect("space");
        let domain = &space.domains[0];
        // Every stop, as the decimal a file writes: k·step from min, then max itself.
        let mut all_stops: Vec<f64> = (0..=stops + 3)
            .map(|k| decimal(min_whole + step_whole * k as i64, decimals))
            .filter(|&v| v <= max)
            .collect();
        if all_stops.last() != Some(&max) {
            all_stops.push(max);
        }
        for &v in &all_stops {
            prop_assert!(spec.is_reachable(v), "{v} is a stop");
            prop_assert_eq!(spec.snap(v), v);
            let piece = domain.index_of(&Pick::Value(v));
            prop_assert!(piece.is_some(), "{} falls in no piece", v);
            let Pick::Value(stands_for) = domain.values[piece.expect("piece")].pick else {
                unreachable!()
            };
            prop_assert_eq!(verdict_at(stands_for), verdict_at(v), "{} stands for {}", stands_for, v);
        }
        for value in &domain.values {
            let Pick::Value(v) = value.pick else { unreachable!() };
            prop_assert!(all_stops.contains(&v), "the piece's value {} is a stop", v);
            let (first, last) = value.reach.expect("reach");
            prop_assert!(all_stops.contains(&first) && all_stops.contains(&last));
        }
        let acceptable_pieces = domain
            .values
            .iter()
            .filter(|value| {
                let Pick::Value(v) = value.pick else { unreachable!() };
                verdict_at(v) != Verdict::Breaks
            })
            .count();
        let any_stop_acceptable = all_stops.iter().any(|&v| verdict_at(v) != Verdict::Breaks);
        let analysis = analyse(&space, 10, &Control::default()).expect("search");
        prop_assert_eq!(analysis.acceptable.count, acceptable_pieces as f64);
        prop_assert_eq!(analysis.acceptable.count > 0.0, any_stop_acceptable);
    }
}
