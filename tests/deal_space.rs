//! The deal-space engine against brute force, on the bundled model and on random small models.

mod common;

use proptest::prelude::*;
use redlines::model::deal_space::{
    Control, Package, Query, Space, Value, acceptable, acceptable_by_enumeration, analyse,
    any_acceptable, closest, irreconcilable, irreconcilable_by_search, ranked_acceptable,
    solver_closest, walk_closest, what_if,
};
use redlines::model::generate::{Shape, synthetic_scenario};
use redlines::model::{Document, Model, ModelRef, Pick, Verdict, evaluate};

/// Every package of the space, the slow way.
fn all_packages(space: &Space) -> Vec<Package> {
    let sizes: Vec<usize> = space.domains.iter().map(|d| d.values.len()).collect();
    let mut out = vec![vec![0 as Value; sizes.len()]];
    for (p, &n) in sizes.iter().enumerate() {
        out = out
            .into_iter()
            .flat_map(|pkg| {
                (0..n).map(move |v| {
                    let mut k = pkg.clone();
                    k[p] = v as Value;
                    k
                })
            })
            .collect();
    }
    out
}

/// Failures per party by full evaluation of the package's choices.
fn brute_fails(model: &Model, space: &Space, package: &[Value], query: &Query) -> Vec<usize> {
    let e = evaluate(model, &space.choices(package));
    model
        .parties
        .iter()
        .map(|party| {
            if !query.requires(party) {
                return 0;
            }
            model
                .red_lines
                .iter()
                .zip(&e.red_lines)
                .filter(|(rl, v)| {
                    rl.party == party.id
                        && (v.verdict == Verdict::Breaks
                            || (v.verdict == Verdict::Uncertain && !query.uncertain_ok))
                })
                .count()
        })
        .collect()
}

/// Uncertain red lines of the parties that must accept (of `party` alone, if given), when
/// uncertain lines are acceptable; else nothing ranks packages.
fn brute_uncertain(
    model: &Model,
    space: &Space,
    package: &[Value],
    query: &Query,
    party: Option<usize>,
) -> u32 {
    if !query.uncertain_ok {
        return 0;
    }
    let e = evaluate(model, &space.choices(package));
    model
        .red_lines
        .iter()
        .zip(&e.red_lines)
        .filter(|(rl, v)| {
            let i = model.parties.iter().position(|p| p.id == rl.party);
            v.verdict == Verdict::Uncertain
                && i.is_some_and(|i| query.requires(&model.parties[i]))
                && party.is_none_or(|p| i == Some(p))
        })
        .count() as u32
}

/// Whether the query lets the search visit this package: its locks hold, and it leaves no
/// position unaddressed unless that is allowed or locked.
fn locked_ok(space: &Space, package: &[Value], query: &Query) -> bool {
    let locks_hold = query.locks.iter().all(|(id, pick)| {
        let p = space
            .model
            .positions
            .iter()
            .position(|x| x.id == *id)
            .expect("position");
        space.domains[p].values[package[p] as usize].contains(pick)
    });
    let addressed = space
        .model
        .positions
        .iter()
        .enumerate()
        .all(|(p, position)| {
            let pick = &space.domains[p].values[package[p] as usize].pick;
            query.allow_unaddressed
                || query.locks.contains_key(&position.id)
                || !position.is_unaddressed(pick)
        });
    locks_hold && addressed
}

fn check_against_brute_force(model: &Model, query: &Query) -> Result<(), TestCaseError> {
    let space = Space::new(model, query).expect("space");
    let control = Control::default();
    let packages: Vec<Package> = all_packages(&space)
        .into_iter()
        .filter(|k| locked_ok(&space, k, query))
        .collect();
    prop_assert_eq!(space.package_count(), packages.len() as f64);
    let fails: Vec<Vec<usize>> = packages
        .iter()
        .map(|k| brute_fails(model, &space, k, query))
        .collect();

    let ok: Vec<&Package> = packages
        .iter()
        .zip(&fails)
        .filter(|(_, f)| f.iter().sum::<usize>() == 0)
        .map(|(k, _)| k)
        .collect();
    let found = acceptable(&space, usize::MAX, &control).expect("search");
    prop_assert_eq!(found.count, ok.len() as f64);
    prop_assert!(found.exact);
    // Both engines: the counter above, and the enumeration it replaces where it cannot count.
    let enumerated = acceptable_by_enumeration(&space, usize::MAX, &control).expect("search");
    prop_assert_eq!(enumerated.count, ok.len() as f64);
    prop_assert_eq!(enumerated.packages.len(), found.packages.len());
    let mut listed = found.packages.clone();
    listed.sort();
    let mut expected: Vec<Package> = ok.iter().map(|k| (*k).clone()).collect();
    expected.sort();
    prop_assert_eq!(listed, expected);
    // Listed best first: fewest uncertain red lines, overall or of one party; any page is
    // that slice of the whole ranking.
    for by_party in [None, Some(0)] {
        let all = ranked_acceptable(&space, by_party, 0, usize::MAX, &control).expect("search");
        prop_assert!(all.complete && !all.more);
        prop_assert_eq!(all.packages.len(), ok.len());
        let ranks: Vec<u32> = all
            .packages
            .iter()
            .map(|k| brute_uncertain(model, &space, k, query, by_party))
            .collect();
        prop_assert_eq!(&ranks, &all.uncertain);
        prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
        for (skip, take) in [(1, 2), (3, 3), (7, 2), (20, 5)] {
            let page = ranked_acceptable(&space, by_party, skip, take, &control).expect("search");
            let end = ok.len().min(skip + take);
            prop_assert_eq!(&page.packages[..], &all.packages[skip.min(end)..end]);
            prop_assert_eq!(page.more, ok.len() > skip + take);
        }
    }
    let any = any_acceptable(&space, &control).expect("search");
    prop_assert_eq!(any.is_some(), !ok.is_empty());
    if let Some(package) = any {
        prop_assert!(ok.contains(&&package), "{:?} is acceptable", package);
    }

    let fewest = fails
        .iter()
        .map(|f| f.iter().sum::<usize>())
        .min()
        .unwrap_or(0);
    let fails_of = |k: &Package| {
        fails[packages
            .iter()
            .position(|x| x == k)
            .expect("listed package exists")]
        .clone()
    };
    let failing_set = |k: &Package| -> Vec<usize> {
        let e = evaluate(model, &space.choices(k));
        model
            .red_lines
            .iter()
            .enumerate()
            .filter(|(i, rl)| {
                let v = e.red_lines[*i].verdict;
                model.party(&rl.party).is_some_and(|p| query.requires(p))
                    && (v == Verdict::Breaks || (v == Verdict::Uncertain && !query.uncertain_ok))
            })
            .map(|(i, _)| i)
            .collect()
    };
    let mut sets: Vec<Vec<usize>> = packages
        .iter()
        .filter(|k| fails_of(k).iter().sum::<usize>() == fewest)
        .map(failing_set)
        .collect();
    sets.sort();
    sets.dedup();
    // The Pareto front: vectors no other package's vector dominates.
    let dominated = |v: &Vec<usize>| {
        fails
            .iter()
            .any(|w| w != v && w.iter().zip(v).all(|(a, b)| a <= b))
    };
    let mut front: Vec<Vec<usize>> = fails.iter().filter(|v| !dominated(v)).cloned().collect();
    front.sort();
    front.dedup();
    // The walk (with the solver past its node budget), and the solver alone.
    for c in [
        closest(&space, usize::MAX, &control).expect("search"),
        solver_closest(&space, usize::MAX, &control).expect("search"),
    ] {
        prop_assert_eq!(c.fewest, fewest);
        // Every listed package really has the fewest; the concession sets are exactly the
        // failing sets of the packages with the fewest.
        prop_assert!(!c.fewest_packages.is_empty());
        for k in &c.fewest_packages {
            prop_assert_eq!(fails_of(k).iter().sum::<usize>(), fewest);
        }
        let mut got_sets = c.concessions.clone();
        got_sets.sort();
        prop_assert_eq!(&got_sets, &sets);
        let mut got: Vec<Vec<usize>> = c.pareto.iter().map(|p| p.fails.clone()).collect();
        got.sort();
        prop_assert_eq!(&got, &front);
        for point in &c.pareto {
            prop_assert!(!point.packages.is_empty());
            for k in &point.packages {
                prop_assert_eq!(&fails_of(k), &point.fails);
            }
        }
    }
    // CaDiCaL, of the engine comparison (`--features solvers`), gives the same answers.
    #[cfg(feature = "solvers")]
    {
        use redlines::model::deal_space::sat::Encoded;
        let mut encoded = || {
            Encoded::<rustsat_cadical::CaDiCaL<'_, 'static>>::new(&space, &control)
                .expect("encodes")
        };
        let any = encoded().any_acceptable().expect("solves");
        prop_assert_eq!(any.is_some(), !ok.is_empty());
        let (sat_fewest, package) = encoded().fewest().expect("solves");
        prop_assert_eq!(sat_fewest, fewest);
        prop_assert_eq!(fails_of(&package).iter().sum::<usize>(), fewest);
        let points: Vec<Vec<usize>> = encoded()
            .pareto()
            .expect("solves")
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        prop_assert_eq!(&points, &front);
    }

    // Irreconcilable sets of up to three: no package keeps the whole set, and some package
    // keeps each part one smaller. Both engines find exactly these, in the same order.
    let failing: Vec<Vec<usize>> = packages.iter().map(failing_set).collect();
    let kept_together = |set: &[usize]| failing.iter().any(|f| set.iter().all(|i| !f.contains(i)));
    let chosen: Vec<usize> = (0..model.red_lines.len())
        .filter(|&i| {
            model
                .party(&model.red_lines[i].party)
                .is_some_and(|p| query.requires(p))
        })
        .collect();
    let mut expected: Vec<Vec<usize>> = Vec::new();
    for (x, &a) in chosen.iter().enumerate() {
        let sets = std::iter::once(vec![a]).chain(chosen[x + 1..].iter().flat_map(|&b| {
            std::iter::once(vec![a, b]).chain(
                chosen
                    .iter()
                    .filter(move |&&c| c > b)
                    .map(move |&c| vec![a, b, c]),
            )
        }));
        for set in sets {
            let parts_kept = (0..set.len()).all(|leave| {
                let part: Vec<usize> = set
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != leave)
                    .map(|(_, &i)| i)
                    .collect();
                kept_together(&part)
            });
            if !kept_together(&set) && parts_kept {
                expected.push(set);
            }
        }
    }
    expected.sort();
    let by_sets = irreconcilable(&space, 3, &control).expect("search");
    let by_search = irreconcilable_by_search(&space, 3, &control).expect("search");
    prop_assert!(by_sets.complete && by_search.complete);
    prop_assert_eq!(&by_sets.sets, &by_search.sets);
    let mut got = by_sets.sets.clone();
    got.sort();
    prop_assert_eq!(got, expected);
    Ok(())
}

/// The conditions the generator does not write: ordered options compared, and counts. Every
/// position becomes ordered; each red line's condition is rewritten by the seed's bits.
fn enrich(model: &mut Model, seed: u64) {
    use redlines::model::Condition;
    for position in &mut model.positions {
        if let redlines::model::PositionKind::Choice { ordered, .. } = &mut position.kind {
            *ordered = true;
        }
    }
    let ids: Vec<String> = model.positions.iter().map(|p| p.id.clone()).collect();
    for (i, red_line) in model.red_lines.iter_mut().enumerate() {
        let bits = seed.rotate_left(i as u32 * 5);
        let position = ids[bits as usize % ids.len()].clone();
        let option = format!("o{}", (bits >> 8) as usize % 3);
        let atom = if bits & 0b100 == 0 {
            Condition::OptionAtLeast(position, option)
        } else {
            Condition::OptionAtMost(position, option)
        };
        let old = std::mem::replace(&mut red_line.breaks_when, Condition::Any(Vec::new()));
        let n = (bits >> 16) as usize % 3;
        red_line.breaks_when = match bits & 0b11 {
            0 => atom,
            1 => Condition::AtLeastOf(n, vec![old, atom]),
            2 => Condition::AtMostOf(n, vec![old, Condition::Not(Box::new(atom))]),
            _ => Condition::All(vec![old, atom]),
        };
        if bits & 0b1000 != 0 {
            let other = ids[(bits >> 24) as usize % ids.len()].clone();
            red_line.uncertain_when = Some(Condition::AtMostOf(
                0,
                vec![Condition::OptionAtLeast(other, "o1".to_owned())],
            ));
        }
    }
}

/// The space where an uncertain red line counts as acceptable.
fn lenient(model: &Model) -> Space<'_> {
    Space::new(
        model,
        &Query {
            uncertain_ok: true,
            ..Default::default()
        },
    )
    .expect("space")
}

fn small_model(seed: u64, positions: usize, options: usize, red_lines: usize) -> Model {
    let scenario = synthetic_scenario(Shape {
        positions,
        options,
        red_lines,
        parties: 3,
        seed,
    });
    match scenario.model {
        ModelRef::Inline(m) => (*m).clone(),
        _ => unreachable!("generated models are inline"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn the_engine_agrees_with_brute_force_on_random_models(
        seed in any::<u64>(),
        positions in 1usize..6,
        options in 1usize..4,
        red_lines in 0usize..9,
        uncertain_ok in any::<bool>(),
        only_first_party in any::<bool>(),
        lock in any::<bool>(),
        unaddressed in any::<bool>(),
        allow_unaddressed in any::<bool>(),
        richer in any::<bool>(),
        observer in any::<bool>(),
    ) {
        let mut model = small_model(seed, positions, options, red_lines);
        if richer {
            enrich(&mut model, seed);
        }
        if observer {
            model.parties[1].role = redlines::model::Role::Observer;
        }
        // Some positions may be left unaddressed: their last option stands for silence.
        if unaddressed && options > 1 {
            for (i, position) in model.positions.iter_mut().enumerate() {
                if let redlines::model::PositionKind::Choice { options, .. } = &mut position.kind
                    && (seed >> i) & 1 == 1
                    && let Some(last) = options.last_mut()
                {
                    last.not_addressed = true;
                }
            }
        }
        let mut query = Query { uncertain_ok, allow_unaddressed, ..Default::default() };
        if only_first_party {
            query.parties = vec![model.parties[0].id.clone()];
        }
        if lock {
            query.locks.insert("p0".into(), Pick::Option(format!("o{}", seed as usize % options)));
        }
        check_against_brute_force(&model, &query)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Models too big for brute force: the counter and the enumeration count alike, the
    /// packages listed first are acceptable, and the walk and the solver find the same
    /// closest packages.
    #[test]
    fn the_engines_agree_on_random_mid_sized_models(
        seed in any::<u64>(),
        positions in 8usize..15,
        options in 2usize..5,
        per_position in 1usize..4,
        uncertain_ok in any::<bool>(),
        richer in any::<bool>(),
    ) {
        let mut model = small_model(seed, positions, options, positions * per_position);
        if richer {
            enrich(&mut model, seed);
        }
        let query = Query { uncertain_ok, ..Default::default() };
        let space = Space::new(&model, &query).expect("space");
        let control = Control::default();
        let counted = acceptable(&space, 5, &control).expect("search");
        let enumerated = acceptable_by_enumeration(&space, 5, &control).expect("search");
        prop_assert!(counted.exact && enumerated.exact);
        prop_assert_eq!(counted.count, enumerated.count);
        prop_assert_eq!(counted.packages.len(), enumerated.packages.len());
        for package in &counted.packages {
            prop_assert!(space.fails_per_party(package).iter().all(|&f| f == 0));
        }
        // The closest packages: the walk and the solver give the same fewest, front and
        // concessions, and every package they list has the failures it is listed with.
        let walked = walk_closest(&space, 5, &control).expect("search");
        let solved = solver_closest(&space, 5, &control).expect("search");
        prop_assert!(walked.complete && solved.complete);
        prop_assert_eq!(walked.fewest, solved.fewest);
        let points = |c: &redlines::model::deal_space::Closest| -> Vec<Vec<usize>> {
            c.pareto.iter().map(|p| p.fails.clone()).collect()
        };
        prop_assert_eq!(points(&walked), points(&solved));
        prop_assert_eq!(walked.more_concessions, solved.more_concessions);
        if !walked.more_concessions {
            let mut sets = walked.concessions.clone();
            sets.sort();
            prop_assert_eq!(sets, solved.concessions.clone());
        }
        for c in [&walked, &solved] {
            for k in &c.fewest_packages {
                prop_assert_eq!(space.fails_per_party(k).iter().sum::<usize>(), c.fewest);
            }
            for point in &c.pareto {
                prop_assert!(!point.packages.is_empty());
                for k in &point.packages {
                    prop_assert_eq!(&space.fails_per_party(k), &point.fails);
                }
            }
        }
    }
}

#[test]
fn the_engine_agrees_with_brute_force_on_the_bundled_model() {
    let doc = Document::new_bundled();
    for uncertain_ok in [false, true] {
        let query = Query {
            uncertain_ok,
            ..Default::default()
        };
        check_against_brute_force(&doc.model, &query).expect("agrees");
    }
    let two = Query {
        parties: vec!["ua".into(), "eu".into()],
        ..Default::default()
    };
    check_against_brute_force(&doc.model, &two).expect("agrees");
    // Where positions may be left unaddressed, the red lines reading them are judged on every
    // real option (pinned to keep the brute force small).
    let silent = Query {
        allow_unaddressed: true,
        locks: [
            (
                "donbas".to_owned(),
                Pick::Option("free_economic_zone".into()),
            ),
            (
                "guarantees".to_owned(),
                Pick::Option("legally_binding".into()),
            ),
            ("army_cap".to_owned(), Pick::NotAddressed),
        ]
        .into(),
        ..Default::default()
    };
    check_against_brute_force(&doc.model, &silent).expect("agrees");
}

#[test]
fn the_known_donbas_conflict_is_irreconcilable() {
    let doc = Document::new_bundled();
    let space = Space::new(&doc.model, &Query::default()).expect("space");
    let found = irreconcilable(&space, 3, &Control::default()).expect("search");
    assert!(found.complete);
    let sets = found.sets;
    let index = |id: &str| {
        doc.model
            .red_lines
            .iter()
            .position(|r| r.id == id)
            .expect("red line")
    };
    let pair = vec![
        index("ua_zone_not_russian_control"),
        index("ru_kyiv_relinquishes_donbas"),
    ];
    assert!(sets.contains(&pair), "{sets:?}");
    // Minimal: no found set contains another.
    for a in &sets {
        for b in &sets {
            assert!(
                a == b || !b.iter().all(|x| a.contains(x)),
                "{a:?} contains {b:?}"
            );
        }
    }
    // When uncertain counts as acceptable, the free economic zone satisfies both.
    let lenient = lenient(&doc.model);
    let sets = irreconcilable(&lenient, 3, &Control::default())
        .expect("search")
        .sets;
    assert!(!sets.contains(&pair));
}

#[test]
fn no_deal_all_four_accept_but_concessions_open_one() {
    let doc = Document::new_bundled();
    let space = Space::new(&doc.model, &Query::default()).expect("space");
    let a = analyse(&space, 10, &Control::default()).expect("analysis");
    assert_eq!(a.acceptable.count, 0.0);
    let closest = a.closest.expect("closest when none is acceptable");
    assert!(closest.fewest > 0);
    // Each concession names exactly the fewest red lines that must be dropped.
    for set in &closest.concessions {
        assert_eq!(set.len(), closest.fewest);
    }
    let lenient = lenient(&doc.model);
    assert!(
        analyse(&lenient, 10, &Control::default())
            .expect("analysis")
            .acceptable
            .count
            > 0.0
    );
}

#[test]
fn locks_restrict_the_search() {
    let doc = Document::new_bundled();
    let free = lenient(&doc.model);
    let locked_query = Query {
        uncertain_ok: true,
        locks: [("donbas".to_owned(), Pick::Option("russian_control".into()))].into(),
        ..Default::default()
    };
    let locked = Space::new(&doc.model, &locked_query).expect("space");
    assert_eq!(locked.package_count() * 3.0, free.package_count());
    let control = Control::default();
    for package in acceptable(&free, usize::MAX, &control)
        .expect("search")
        .packages
    {
        assert_eq!(
            free.describe(&package)[0].1,
            "Demilitarized free economic zone"
        );
    }
    // Ukraine's red line makes Russian control unacceptable, so the lock leaves nothing.
    assert_eq!(
        acceptable(&locked, usize::MAX, &control)
            .expect("search")
            .count,
        0.0
    );
    assert!(
        Space::new(
            &doc.model,
            &Query {
                locks: [("nope".to_owned(), Pick::NoLimit)].into(),
                ..Default::default()
            }
        )
        .is_err()
    );
}

#[test]
fn what_if_equals_re_evaluating_the_changed_package() {
    for path in common::scenario_paths() {
        let doc = redlines::model::io::load_scenario(&path)
            .expect("an example loads")
            .document;
        let space = Space::new(&doc.model, &Query::default()).expect("space");
        let current = space
            .package_of(&doc.scenario.choices)
            .expect("valid choices");
        let before = evaluate(&doc.model, &doc.scenario.choices);
        for w in what_if(&space, &current) {
            let mut choices = doc.scenario.choices.clone();
            choices.insert(w.position.clone(), w.pick.clone());
            let after = evaluate(&doc.model, &choices);
            for (p, party) in doc.model.parties.iter().enumerate() {
                // The party's red lines whose verdict goes from `was` to `is` (each side a test).
                let moved = |was: fn(Verdict) -> bool, is: fn(Verdict) -> bool| -> Vec<usize> {
                    (0..doc.model.red_lines.len())
                        .filter(|&i| doc.model.red_lines[i].party == party.id)
                        .filter(|&i| {
                            was(before.red_lines[i].verdict) && is(after.red_lines[i].verdict)
                        })
                        .collect()
                };
                let breaks = |v: Verdict| v == Verdict::Breaks;
                let not_breaks = |v: Verdict| v != Verdict::Breaks;
                let unsure = |v: Verdict| v == Verdict::Uncertain;
                let not_unsure = |v: Verdict| v != Verdict::Uncertain;
                let label = format!("{} = {}", w.position, w.label);
                assert_eq!(w.newly_broken[p], moved(not_breaks, breaks), "{label}");
                assert_eq!(w.newly_cleared[p], moved(breaks, not_breaks), "{label}");
                assert_eq!(w.newly_uncertain[p], moved(not_unsure, unsure), "{label}");
                assert_eq!(
                    w.no_longer_uncertain[p],
                    moved(unsure, not_unsure),
                    "{label}"
                );
                let broken_delta = after.parties[p].breaks as i64 - before.parties[p].breaks as i64;
                assert_eq!(
                    w.newly_broken[p].len() as i64 - w.newly_cleared[p].len() as i64,
                    broken_delta
                );
            }
        }
    }
}

#[test]
fn number_positions_are_cut_at_their_thresholds() {
    let doc = Document::new_bundled();
    let space = Space::new(&doc.model, &Query::default()).expect("space");
    let cap = doc
        .model
        .positions
        .iter()
        .position(|p| p.id == "army_cap")
        .expect("cap");
    let labels: Vec<&str> = space.domains[cap]
        .values
        .iter()
        .map(|v| v.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "0–790,000 troops",
            "800,000–1,000,000 troops",
            "No cap",
            "No figure given"
        ]
    );
}

#[test]
fn the_synthetic_model_is_reproducible_and_searchable() {
    let shape = Shape {
        positions: 24,
        options: 3,
        red_lines: 60,
        parties: 4,
        seed: 7,
    };
    assert_eq!(synthetic_scenario(shape), synthetic_scenario(shape));
    let text =
        redlines::model::format::scenario_to_ron(&synthetic_scenario(shape)).expect("serializes");
    let doc = common::load(&text).document;
    let space = Space::new(&doc.model, &Query::default()).expect("space");
    assert_eq!(space.package_count(), 3f64.powi(24));
}

#[test]
fn a_search_sent_as_text_to_a_web_worker_answers_the_same_and_reports_progress() {
    use redlines::model::deal_space::{
        Control, ProgressHook, explore, failed_answer, run_job, search_answer, search_job_text,
        what_if_answer, what_if_from, what_if_job_text,
    };
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    // The teaching example (ordered options, counting conditions, an observer, a number),
    // and a synthetic model big enough to report progress as it goes.
    let teaching = redlines::model::io::load_scenario(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/riverside-opening-offer.ron"
    )))
    .expect("example")
    .document
    .model;
    let synthetic = small_model(3, 9, 4, 20);
    for model in [(*teaching).clone(), synthetic] {
        let query = Query::default();
        let mut direct = explore(&model, &query, 50, &Control::default()).expect("searches");
        let reports = Arc::new(AtomicU64::new(0));
        let counted = reports.clone();
        let control = Control::reporting_to(ProgressHook(Box::new(move |_, _| {
            counted.fetch_add(1, Ordering::Relaxed);
            false
        })));
        let job = search_job_text(&model, &query, 50, None).expect("the question goes as text");
        let mut answer = search_answer(&run_job(&job, &control)).expect("an answer");
        // The nodes visited count work, not the answer: two counters racing on two cores
        // share it unevenly from run to run.
        (answer.visited, direct.visited) = (0, 0);
        assert_eq!(answer, direct, "the same answer, every number and package");
        assert!(
            reports.load(Ordering::Relaxed) > 0,
            "progress was reported as it went"
        );
        // The what-if badges go the same way.
        let choices = Document::new(
            std::sync::Arc::new(model.clone()),
            ModelRef::Inline(std::sync::Arc::new(model.clone())),
        )
        .scenario
        .choices;
        let job = what_if_job_text(&model, &choices).expect("the question goes as text");
        let badges = what_if_answer(&run_job(&job, &Control::default())).expect("badges");
        assert_eq!(
            badges,
            what_if_from(&model, &choices, &Control::default()).expect("badges")
        );
        assert!(!badges.is_empty());
        assert!(
            search_answer(&run_job(&job, &Control::default())).is_err(),
            "an answer is never read as another question's"
        );
    }
    // Asked to stop (a browser's Cancel, through a flag the page shares with the worker), the
    // search stops as a cancelled one does: with what it found, marked partial.
    let model = small_model(3, 9, 4, 20);
    let stop = Control::reporting_to(ProgressHook(Box::new(|_, _| true)));
    let job = search_job_text(&model, &Query::default(), 50, None).expect("as text");
    let partial = search_answer(&run_job(&job, &stop)).expect("an answer, not an error");
    assert!(!partial.complete, "marked partial");
    assert!(!stop.timed_out(), "stopped by the page, not by its time");
    // A job with a time limit stops itself when the time is up (a worker that shares no stop
    // flag with its page still answers), and says that is why.
    let timed = Control::default();
    let job = search_job_text(
        &model,
        &Query::default(),
        50,
        Some(std::time::Duration::ZERO),
    )
    .expect("as text");
    let partial = search_answer(&run_job(&job, &timed)).expect("an answer, not an error");
    assert!(!partial.complete, "marked partial");
    assert!(timed.timed_out(), "stopped by its time limit");
    let whole = explore(&model, &Query::default(), 50, &Control::default()).expect("searches");
    assert!(whole.complete);
    assert!(
        what_if_answer(&failed_answer("the worker could not load"))
            .is_err_and(|e| e.contains("could not load"))
    );
    assert!(search_answer("not an answer").is_err());
    assert!(
        search_answer(&run_job("(garbage", &Control::default()))
            .is_err_and(|e| e.contains("could not read its question"))
    );
}

/// Five positions and many red lines: the sets of packages and the search over positions find
/// the same irreconcilable sets, triples included, in the same order.
#[test]
fn irreconcilable_sets_agree_between_engines_on_many_red_lines() {
    for seed in 1..=3 {
        let model = small_model(seed, 5, 3, 150);
        let space = Space::new(&model, &Query::default()).expect("space");
        let control = Control::default();
        let by_sets = irreconcilable(&space, 3, &control).expect("search");
        let by_search = irreconcilable_by_search(&space, 3, &control).expect("search");
        assert!(by_sets.complete && by_search.complete);
        assert_eq!(by_sets.sets, by_search.sets, "seed {seed}");
        assert!(
            by_sets.sets.iter().any(|s| s.len() == 3),
            "seed {seed} has sets of three: {:?}",
            by_sets.sets
        );
    }
}

/// The Explore view gets its answers as they are known: the first page of acceptable packages
/// before their count; with no deal, the closest packages before the irreconcilable sets.
#[test]
fn explore_tells_each_part_as_it_is_known() {
    use redlines::model::deal_space::explore_as_found;
    let model = small_model(1, 16, 4, 40);
    let mut parts = Vec::new();
    let whole = explore_as_found(
        &model,
        &Query::default(),
        10,
        &Control::default(),
        &mut |e| parts.push(e.clone()),
    )
    .expect("search");
    // First one acceptable package, then the count with the first page.
    let first = parts.first().expect("a part before the whole");
    assert_eq!(first.acceptable.len(), 1);
    assert!(!first.acceptable_exact && first.acceptable_count == 1.0);
    assert!(whole.acceptable_exact && whole.acceptable_count > 10.0);
    assert_eq!(whole.acceptable.len(), 10);
    for package in &whole.acceptable {
        assert!(package.breaks.iter().all(|&b| b == 0));
    }

    let doc = Document::new_bundled();
    let mut parts = Vec::new();
    let whole = explore_as_found(
        &doc.model,
        &Query::default(),
        10,
        &Control::default(),
        &mut |e| parts.push(e.clone()),
    )
    .expect("search");
    let first = parts.first().expect("a part before the whole");
    assert!(first.acceptable_exact && first.acceptable_count == 0.0);
    assert!(first.closest_complete && first.fewest > 0);
    assert!(!first.irreconcilable_complete && first.irreconcilable.is_empty());
    assert!(whole.irreconcilable_complete && !whole.irreconcilable.is_empty());
    assert_eq!(first.fewest, whole.fewest);
}
