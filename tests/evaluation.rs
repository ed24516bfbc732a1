mod common;

use redlines::model::condition::Condition;
use redlines::model::{Choices, PartyStatus, Pick, Verdict, evaluate};

fn choices(pairs: &[(&str, Pick)]) -> Choices {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn opt(id: &str) -> Pick {
    Pick::Option(id.to_owned())
}

fn holds(c: &Condition, picks: &Choices) -> bool {
    c.holds(&|_: &str| None, &|id: &str| picks.get(id))
}

#[test]
fn each_atom_reads_its_position() {
    let picks = choices(&[
        ("c", opt("x")),
        ("n", Pick::Value(10.0)),
        ("u", Pick::NoLimit),
    ]);
    let is = |p: &str, o: &str| Condition::Is(p.into(), o.into());
    assert!(holds(&is("c", "x"), &picks));
    assert!(!holds(&is("c", "y"), &picks));
    assert!(holds(
        &Condition::OneOf("c".into(), vec!["y".into(), "x".into()]),
        &picks
    ));
    assert!(!holds(
        &Condition::OneOf("c".into(), vec!["y".into()]),
        &picks
    ));
    assert!(holds(&Condition::Below("n".into(), 10.5), &picks));
    assert!(
        !holds(&Condition::Below("n".into(), 10.0), &picks),
        "Below is strict"
    );
    assert!(
        holds(&Condition::AtLeast("n".into(), 10.0), &picks),
        "AtLeast includes the bound"
    );
    assert!(
        holds(&Condition::Between("n".into(), 10.0, 11.0), &picks),
        "Between includes lo"
    );
    assert!(
        !holds(&Condition::Between("n".into(), 5.0, 10.0), &picks),
        "Between excludes hi"
    );
    assert!(holds(&Condition::NoLimit("u".into()), &picks));
    assert!(!holds(&Condition::NoLimit("n".into()), &picks));
    // "No limit" is above every bound.
    assert!(holds(&Condition::AtLeast("u".into(), 1e12), &picks));
    assert!(!holds(&Condition::Below("u".into(), 1e12), &picks));
    assert!(!holds(&Condition::Between("u".into(), 0.0, 1e12), &picks));
    // A missing pick or a pick of the wrong kind satisfies no atom.
    assert!(!holds(&is("missing", "x"), &picks));
    assert!(!holds(&Condition::Below("c".into(), 1.0), &picks));
}

#[test]
fn not_all_any_combine() {
    let picks = choices(&[("c", opt("x")), ("n", Pick::Value(10.0))]);
    let t = Condition::Is("c".into(), "x".into());
    let f = Condition::Is("c".into(), "y".into());
    assert!(holds(&Condition::Not(Box::new(f.clone())), &picks));
    assert!(!holds(&Condition::Not(Box::new(t.clone())), &picks));
    assert!(holds(&Condition::All(vec![t.clone(), t.clone()]), &picks));
    assert!(!holds(&Condition::All(vec![t.clone(), f.clone()]), &picks));
    assert!(holds(&Condition::All(vec![]), &picks), "empty All is true");
    assert!(holds(&Condition::Any(vec![f.clone(), t.clone()]), &picks));
    assert!(!holds(&Condition::Any(vec![f.clone(), f]), &picks));
    assert!(
        !holds(&Condition::Any(vec![]), &picks),
        "empty Any is false"
    );
}

#[test]
fn verdicts_are_three_valued_and_carry_reasons() {
    let loaded = common::load(common::SMALL_SCENARIO);
    let model = &loaded.document.model;
    let verdict = |picks: &Choices, id: &str| {
        let e = evaluate(model, picks);
        let v = e.verdict_of(id).expect("red line exists").clone();
        (
            v.verdict,
            v.because
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        )
    };
    let blue = choices(&[("colour", opt("blue")), ("cap", Pick::Value(50.0))]);
    let green = choices(&[("colour", opt("green")), ("cap", Pick::Value(50.0))]);
    let red = choices(&[("colour", opt("red")), ("cap", Pick::Value(50.0))]);
    assert_eq!(
        verdict(&blue, "a_not_blue"),
        (Verdict::Breaks, vec!["Colour = Blue".to_owned()])
    );
    assert_eq!(
        verdict(&green, "a_not_blue"),
        (Verdict::Uncertain, vec!["Colour = Green".to_owned()])
    );
    assert_eq!(
        verdict(&red, "a_not_blue"),
        (Verdict::Holds, vec!["Colour = Red".to_owned()])
    );

    let low = choices(&[("colour", opt("red")), ("cap", Pick::Value(39.0))]);
    assert_eq!(
        verdict(&low, "b_cap"),
        (Verdict::Breaks, vec!["Cap = 39 units".to_owned()])
    );
    assert_eq!(verdict(&red, "b_cap").0, Verdict::Holds);

    // All: both parts are the reason when it breaks; the part that fails when it holds.
    let red_unlimited = choices(&[("colour", opt("red")), ("cap", Pick::NoLimit)]);
    assert_eq!(
        verdict(&red_unlimited, "b_red_needs_limit"),
        (
            Verdict::Breaks,
            vec!["Colour = Red".to_owned(), "Cap = No cap".to_owned()]
        )
    );
    assert_eq!(
        verdict(&blue, "b_red_needs_limit"),
        (Verdict::Holds, vec!["Colour = Blue".to_owned()])
    );
}

#[test]
fn party_summary_counts_and_status() {
    let loaded = common::load(common::SMALL_SCENARIO);
    let model = &loaded.document.model;
    let e = evaluate(
        model,
        &choices(&[("colour", opt("green")), ("cap", Pick::Value(10.0))]),
    );
    let a = e.party("a").expect("party a");
    assert_eq!((a.breaks, a.uncertain, a.holds), (0, 1, 0));
    assert_eq!(a.status(), PartyStatus::Unclear);
    let b = e.party("b").expect("party b");
    assert_eq!((b.breaks, b.uncertain, b.holds), (1, 0, 1));
    assert_eq!(b.status(), PartyStatus::WouldReject);
    assert_eq!(b.status().label(), "would reject");
    let e = evaluate(
        model,
        &choices(&[("colour", opt("red")), ("cap", Pick::Value(50.0))]),
    );
    assert_eq!(
        e.party("a").map(|s| s.status()),
        Some(PartyStatus::NoRedLineBroken)
    );
}

proptest::proptest! {
    /// Re-evaluating only the red lines a change can affect gives the full evaluation.
    #[test]
    fn updating_after_changes_equals_evaluating_afresh(
        edits in proptest::collection::vec((0usize..64, 0usize..64, 0.0f64..1.0), 1..12)
    ) {
        use redlines::model::eval::{Dependents, evaluate_with};
        let doc = redlines::model::Document::new_bundled();
        let model = &doc.model;
        let dependents = Dependents::new(model);
        let mut choices = doc.scenario.choices.clone();
        let mut evaluation = evaluate_with(model, &dependents, &choices);
        for (position, option, fraction) in edits {
            let position = &model.positions[position % model.positions.len()];
            let pick = match &position.kind {
                redlines::model::PositionKind::Choice { options, .. } => {
                    Pick::Option(options[option % options.len()].id.clone())
                }
                redlines::model::PositionKind::Number(spec) if option % 5 == 0 => {
                    if spec.no_limit.is_some() { Pick::NoLimit } else { Pick::Value(spec.min) }
                }
                redlines::model::PositionKind::Number(spec) => {
                    Pick::Value(spec.min + fraction * (spec.max - spec.min))
                }
            };
            choices.insert(position.id.clone(), pick);
            evaluation.update(model, &dependents, &choices, &[position.id.as_str()]);
            proptest::prop_assert_eq!(&evaluation, &evaluate(model, &choices));
        }
    }
}

/// Inspections, least to most intrusive, with a "not addressed" option that ranks nowhere.
fn inspections(ordered: bool) -> redlines::model::Position {
    let option = |id: &str| redlines::model::ChoiceOption {
        id: id.to_owned(),
        label: id.to_owned(),
        description: String::new(),
        backed_by: Vec::new(),
        sources: Vec::new(),
        not_addressed: id == "silent",
        irreversible: false,
    };
    redlines::model::Position {
        id: "inspections".to_owned(),
        title: "Inspections".to_owned(),
        description: String::new(),
        kind: redlines::model::PositionKind::Choice {
            options: [
                "none",
                "safeguards",
                "additional_protocol",
                "anywhere",
                "silent",
            ]
            .into_iter()
            .map(option)
            .collect(),
            default: None,
            ordered,
        },
    }
}

#[test]
fn ordered_options_compare_by_their_order() {
    let position = inspections(true);
    let find = |id: &str| (id == "inspections").then_some(&position);
    let at = |o: &str| choices(&[("inspections", opt(o))]);
    let at_least = Condition::OptionAtLeast("inspections".into(), "additional_protocol".into());
    let at_most = Condition::OptionAtMost("inspections".into(), "safeguards".into());
    for (o, least, most) in [
        ("none", false, true),
        ("safeguards", false, true),
        ("additional_protocol", true, false),
        ("anywhere", true, false),
        // A package silent on inspections is at no rank: neither comparison holds.
        ("silent", false, false),
    ] {
        let picks = at(o);
        assert_eq!(
            at_least.holds(&find, &|id: &str| picks.get(id)),
            least,
            "{o}"
        );
        assert_eq!(at_most.holds(&find, &|id: &str| picks.get(id)), most, "{o}");
    }
    // Unordered options have no order to compare.
    let unordered = inspections(false);
    let find = |id: &str| (id == "inspections").then_some(&unordered);
    let picks = at("anywhere");
    assert!(!at_least.holds(&find, &|id: &str| picks.get(id)));
}

#[test]
fn counts_say_how_many_of_their_parts_hold() {
    let picks = choices(&[("a", opt("x")), ("b", opt("x")), ("c", opt("y"))]);
    let parts = || {
        vec![
            Condition::Is("a".into(), "x".into()),
            Condition::Is("b".into(), "x".into()),
            Condition::Is("c".into(), "x".into()),
        ]
    };
    // Two of the three hold.
    assert!(holds(&Condition::AtLeastOf(2, parts()), &picks));
    assert!(!holds(&Condition::AtLeastOf(3, parts()), &picks));
    assert!(holds(&Condition::AtMostOf(2, parts()), &picks));
    assert!(!holds(&Condition::AtMostOf(1, parts()), &picks));
    assert!(holds(&Condition::AtLeastOf(0, Vec::new()), &picks));
}
