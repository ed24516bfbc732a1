//! Stability analysis (GMCR) on hand-checked cases, and on random small conflicts against a
//! direct brute-force reading of the definitions.

mod common;

use common::cli::{redlines, stdout};
use proptest::prelude::*;
use redlines::model::format::parse_scenario;
use redlines::model::stability::{Concept, Conflict, Moves, conflict_of, inverse};
use redlines::model::{Model, Pick};

/// Two parties with a binary choice each (0 = cooperate or swerve, 1 = defect or go straight),
/// each controlling its own; state = 2 × first's choice + second's. `payoff[a][b]` is the
/// first party's payoff when it picks `a` and the other `b`; the game is symmetric.
fn two_by_two(payoff: [[i64; 2]; 2]) -> Conflict {
    let state = |a: usize, b: usize| 2 * a + b;
    let mut moves = vec![vec![Vec::new(); 4]; 2];
    let mut pay = vec![vec![0; 4]; 2];
    for a in 0..2 {
        for b in 0..2 {
            moves[0][state(a, b)].push(state(1 - a, b));
            moves[1][state(a, b)].push(state(a, 1 - b));
            pay[0][state(a, b)] = payoff[a][b];
            pay[1][state(a, b)] = payoff[b][a];
        }
    }
    Conflict {
        parties: vec!["Row".into(), "Column".into()],
        moves: Moves::per_party(&moves),
        payoff: pay,
    }
}

const CC: usize = 0;
const CD: usize = 1;
const DC: usize = 2;
const DD: usize = 3;

#[test]
fn prisoners_dilemma_mutual_cooperation_is_stable_only_under_the_sanctioning_concepts() {
    // Temptation 4 > reward 3 > punishment 2 > sucker 1.
    let pd = two_by_two([[3, 1], [4, 2]]);
    assert_eq!(pd.equilibria(Concept::Nash), vec![DD]);
    assert_eq!(pd.equilibria(Concept::Gmr), vec![CC, DD]);
    assert_eq!(pd.equilibria(Concept::Smr), vec![CC, DD]);
    assert_eq!(pd.equilibria(Concept::Seq), vec![CC, DD]);
    // Row's defection from mutual cooperation is deterred by Column's defecting back.
    let why = pd.verdict(0, CC, Concept::Seq);
    assert!(why.stable);
    assert_eq!(why.improvements, vec![(DC, Some(DD))]);
    let nash = pd.verdict(0, CC, Concept::Nash);
    assert!(!nash.stable);
    assert_eq!(nash.improvements, vec![(DC, None)]);
}

#[test]
fn in_chicken_both_swerving_is_metarational_but_not_sequentially_stable() {
    // Go straight while the other swerves 4 > both swerve 3 > swerve alone 2 > crash 1.
    let chicken = two_by_two([[3, 2], [4, 1]]);
    assert_eq!(chicken.equilibria(Concept::Nash), vec![CD, DC]);
    assert_eq!(chicken.equilibria(Concept::Gmr), vec![CC, CD, DC]);
    assert_eq!(chicken.equilibria(Concept::Smr), vec![CC, CD, DC]);
    assert_eq!(chicken.equilibria(Concept::Seq), vec![CD, DC]);
    // The crash that would sanction Row's going straight is no improvement for Column.
    assert_eq!(
        chicken.verdict(0, CC, Concept::Seq).improvements,
        vec![(DC, None)]
    );
}

/// Three parties A, B, C with a binary choice each, each controlling its own; state =
/// 4a + 2b + c. Worked out on paper: at (0,0,0) A gains by moving to (1,0,0). Neither B nor C
/// alone punishes that ((1,1,0) and (1,0,1) are better still for A), but B and C in turn reach
/// (1,1,1), A's worst: GMR and SMR stable for A. Only C would want its move, and B would not
/// follow it: the sanction is not credible, so not SEQ stable; and not Nash.
#[test]
fn a_sanction_that_takes_two_other_parties_in_turn_counts_as_the_definitions_say() {
    let s = |a: usize, b: usize, c: usize| 4 * a + 2 * b + c;
    let mut moves = vec![vec![Vec::new(); 8]; 3];
    for a in 0..2 {
        for b in 0..2 {
            for c in 0..2 {
                moves[0][s(a, b, c)].push(s(1 - a, b, c));
                moves[1][s(a, b, c)].push(s(a, 1 - b, c));
                moves[2][s(a, b, c)].push(s(a, b, 1 - c));
            }
        }
    }
    let mut payoff = vec![vec![0i64; 8]; 3];
    for (state, value) in [
        (s(0, 0, 0), 5),
        (s(1, 0, 0), 6),
        (s(1, 1, 0), 7),
        (s(1, 0, 1), 7),
        (s(1, 1, 1), 1),
        (s(0, 1, 0), 2),
        (s(0, 0, 1), 2),
        (s(0, 1, 1), 3),
    ] {
        payoff[0][state] = value;
    }
    for (state, value) in [
        (s(1, 0, 0), 5),
        (s(1, 1, 0), 4),
        (s(1, 0, 1), 4),
        (s(1, 1, 1), 3),
    ] {
        payoff[1][state] = value;
    }
    for (state, value) in [(s(1, 0, 0), 5), (s(1, 0, 1), 6)] {
        payoff[2][state] = value;
    }
    let conflict = Conflict {
        parties: vec!["A".into(), "B".into(), "C".into()],
        moves: Moves::per_party(&moves),
        payoff,
    };
    let start = s(0, 0, 0);
    assert_eq!(conflict.improvements(0, start), vec![s(1, 0, 0)]);
    // B, then C, then B, then C comes back to where they started: a legal sequence may.
    assert_eq!(
        conflict.reached_by_others(0, s(1, 0, 0), false),
        vec![s(1, 0, 0), s(1, 0, 1), s(1, 1, 0), s(1, 1, 1)]
    );
    assert_eq!(
        conflict.reached_by_others(0, s(1, 0, 0), true),
        vec![s(1, 0, 1)]
    );
    let verdict = |concept| conflict.verdict(0, start, concept);
    assert!(!verdict(Concept::Nash).stable);
    assert_eq!(
        verdict(Concept::Gmr).improvements,
        vec![(s(1, 0, 0), Some(s(1, 1, 1)))]
    );
    assert!(verdict(Concept::Smr).stable);
    assert_eq!(verdict(Concept::Seq).improvements, vec![(s(1, 0, 0), None)]);
}

#[test]
fn paths_of_improvements_lead_from_the_status_quo_to_the_equilibria() {
    let pd = two_by_two([[3, 1], [4, 2]]);
    let paths = pd.improvement_paths(CC, &pd.equilibria(Concept::Nash));
    // One defects, then the other: two steps to mutual defection.
    assert_eq!(paths.len(), 1);
    let (target, path) = &paths[0];
    assert_eq!(*target, DD);
    assert_eq!(path.len(), 2);
    assert_eq!(path.last().map(|&(_, s)| s), Some(DD));
}

#[test]
fn together_the_prisoners_leave_mutual_confession_which_each_alone_keeps() {
    let pd = two_by_two([[3, 1], [4, 2]]);
    let both = [0, 1];
    // Both confessing is Nash for each alone, but together both prefer both silent, and
    // nobody is left outside to answer: no concept keeps them there.
    for c in Concept::ALL {
        let why = pd.coalition_verdict(&both, DD, c);
        assert!(!why.stable, "{c:?}");
        assert_eq!(why.improvements, vec![(CC, None)]);
    }
    // From both silent, no joint move is better for both: stable for the coalition under all.
    for c in Concept::ALL {
        let why = pd.coalition_verdict(&both, CC, c);
        assert!(why.stable && why.improvements.is_empty(), "{c:?}");
    }
}

/// Per concept, its equilibria (stable for every party alone).
fn equilibria_per_concept(conflict: &Conflict) -> Vec<(Concept, Vec<usize>)> {
    Concept::ALL
        .into_iter()
        .map(|c| (c, conflict.equilibria(c)))
        .collect()
}

#[test]
fn over_every_package_the_prisoners_together_keep_only_mutual_silence() {
    let pd = two_by_two([[3, 1], [4, 2]]);
    let alone = equilibria_per_concept(&pd);
    // Alone: both confessing under every concept, both silent too under GMR, SMR and SEQ.
    assert_eq!(alone[0], (Concept::Nash, vec![DD]));
    assert!(alone[1..].iter().all(|(_, states)| states.contains(&CC)));
    let together = pd
        .coalition_equilibria_within(&[0, 1], &alone, &Default::default())
        .expect("not stopped");
    // Acting as one, the suspects leave mutual confession under every concept; mutual silence
    // holds wherever it was an equilibrium.
    assert_eq!(
        together,
        vec![
            (Concept::Nash, vec![]),
            (Concept::Gmr, vec![CC]),
            (Concept::Smr, vec![CC]),
            (Concept::Seq, vec![CC]),
        ]
    );
}

#[test]
fn a_coalition_is_deterred_only_by_an_answer_that_leaves_a_member_no_better_off() {
    // Three parties with a binary position each; A and B together can move from 000 to 110,
    // which both prefer. C, outside, answers by switching its own position (111): A is left
    // worse off than at the start, B better off.
    let state = |a: usize, b: usize, c: usize| 4 * a + 2 * b + c;
    let mut moves = vec![vec![Vec::new(); 8]; 3];
    for (party, bit) in [(0, 4), (1, 2), (2, 1)] {
        for (s, out) in moves[party].iter_mut().enumerate() {
            out.push(s ^ bit);
        }
    }
    let mut payoff = vec![vec![0; 8]; 3];
    payoff[0][state(1, 1, 0)] = 2;
    payoff[1][state(1, 1, 0)] = 2;
    payoff[0][state(1, 1, 1)] = -1;
    payoff[1][state(1, 1, 1)] = 3;
    // C likes 111 best: the answer is one it wants to give.
    payoff[2][state(1, 1, 1)] = 1;
    let conflict = Conflict {
        parties: vec!["A".into(), "B".into(), "C".into()],
        moves: Moves::per_party(&moves),
        payoff,
    };
    let why = conflict.coalition_verdict(&[0, 1], state(0, 0, 0), Concept::Seq);
    assert!(why.stable);
    assert_eq!(
        why.improvements,
        vec![(state(1, 1, 0), Some(state(1, 1, 1)))]
    );
    assert!(
        !conflict
            .coalition_verdict(&[0, 1], state(0, 0, 0), Concept::Nash)
            .stable
    );
    // Had the answer hurt neither (B and A both better off at 111), nothing would deter them.
    let mut spared = conflict.clone();
    spared.payoff[0][state(1, 1, 1)] = 3;
    assert!(
        !spared
            .coalition_verdict(&[0, 1], state(0, 0, 0), Concept::Gmr)
            .stable
    );
}

/// The definitions read directly, for `movers` (one party, or a coalition acting as one):
/// legal sequences as every walk of up to `states × parties` moves, no party twice in a row; an
/// improvement of the movers is a state every one of them prefers; the others sanction.
fn brute(conflict: &Conflict, movers: &[usize], state: usize, concept: Concept) -> bool {
    let n = conflict.parties.len();
    let prefers = |i: usize, a: usize, b: usize| conflict.payoff[i][a] > conflict.payoff[i][b];
    let all_prefer = |a: usize, b: usize| movers.iter().all(|&i| prefers(i, a, b));
    let others: Vec<usize> = (0..n).filter(|p| !movers.contains(p)).collect();
    let reach = |from: usize, who: &[usize], improving: bool| -> Vec<usize> {
        let mut frontier: Vec<(usize, Option<usize>)> = vec![(from, None)];
        let mut all = std::collections::BTreeSet::new();
        for _ in 0..conflict.states() * n {
            let mut next = Vec::new();
            for &(at, last) in &frontier {
                for &mover in who.iter().filter(|&&m| Some(m) != last) {
                    for to in conflict.moves[mover].from(at) {
                        if (!improving || prefers(mover, to, at)) && all.insert((to, mover)) {
                            next.push((to, Some(mover)));
                        }
                    }
                }
            }
            frontier = next;
        }
        let mut states: Vec<usize> = all.into_iter().map(|(s, _)| s).collect();
        states.sort();
        states.dedup();
        states
    };
    reach(state, movers, false)
        .into_iter()
        .filter(|&s1| all_prefer(s1, state))
        .all(|s1| match concept {
            Concept::Nash => false,
            Concept::Gmr => reach(s1, &others, false)
                .iter()
                .any(|&s2| !all_prefer(s2, state)),
            Concept::Smr => reach(s1, &others, false).iter().any(|&s2| {
                !all_prefer(s2, state)
                    && reach(s2, movers, false)
                        .iter()
                        .all(|&s3| !all_prefer(s3, state))
            }),
            Concept::Seq => reach(s1, &others, true)
                .iter()
                .any(|&s2| !all_prefer(s2, state)),
        })
}

/// A random conflict: each party controls some of a few binary positions (a position may be
/// controlled by several parties, or none), and moves by changing any non-empty set of them;
/// the bits of `cut` take some moves away (as irreversible options and infeasible states do).
fn random_conflict(
    parties: usize,
    positions: usize,
    control: &[u8],
    payoff: &[i64],
    cut: u64,
) -> Conflict {
    let states = 1usize << positions;
    let mut moves = vec![vec![Vec::new(); states]; parties];
    for (i, party_moves) in moves.iter_mut().enumerate() {
        let mask = usize::from(control[i]) & (states - 1);
        for (s, out) in party_moves.iter_mut().enumerate() {
            // Every non-empty subset of the controlled positions, flipped.
            let mut flip = mask;
            while flip != 0 {
                if (cut >> ((i * 7 + s * 3 + flip) % 64)) & 1 == 0 {
                    out.push(s ^ flip);
                }
                flip = (flip - 1) & mask;
            }
        }
    }
    let payoff = (0..parties)
        .map(|i| {
            (0..states)
                .map(|s| payoff[(i * states + s) % payoff.len()])
                .collect()
        })
        .collect();
    Conflict {
        parties: (0..parties).map(|i| format!("P{i}")).collect(),
        moves: Moves::per_party(&moves),
        payoff,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn every_classification_matches_the_definitions_and_the_theorems_inclusions(
        parties in 2usize..4,
        positions in 1usize..4,
        control in proptest::collection::vec(any::<u8>(), 3),
        payoff in proptest::collection::vec(0i64..4, 1..32),
        cut in prop_oneof![Just(0u64), any::<u64>()],
        members in 1u8..16,
    ) {
        let conflict = random_conflict(parties, positions, &control, &payoff, cut);
        // A coalition: its members' sequences as its moves, every member's preference as its.
        let coalition: Vec<usize> = (0..parties).filter(|&i| members >> i & 1 == 1).collect();
        if !coalition.is_empty() {
            for s in 0..conflict.states() {
                let stable = |c| conflict.coalition_verdict(&coalition, s, c).stable;
                for c in Concept::ALL {
                    let expected = brute(&conflict, &coalition, s, c);
                    prop_assert_eq!(stable(c), expected, "{:?} {:?} {}", c, coalition, s);
                }
                prop_assert!(!stable(Concept::Nash) || stable(Concept::Smr));
                prop_assert!(!stable(Concept::Smr) || stable(Concept::Gmr));
                prop_assert!(!stable(Concept::Nash) || stable(Concept::Seq));
                prop_assert!(!stable(Concept::Seq) || stable(Concept::Gmr));
            }
        }
        // Over every state: the equilibria with the coalition acting as one are the states
        // stable for every party alone and for the coalition, by the definitions.
        if !coalition.is_empty() {
            let together = conflict
                .coalition_equilibria_within(&coalition, &equilibria_per_concept(&conflict), &Default::default())
                .expect("not stopped");
            for (concept, states) in together {
                let expected: Vec<usize> = (0..conflict.states())
                    .filter(|&s| {
                        (0..parties).all(|i| brute(&conflict, &[i], s, concept))
                            && brute(&conflict, &coalition, s, concept)
                    })
                    .collect();
                prop_assert_eq!(states, expected, "{:?} {:?}", concept, coalition);
            }
        }
        // The whole classification (one pass per party and concept) and one state's verdict
        // (a search from it) both match the definitions.
        let classified = conflict.classify(&Concept::ALL);
        for i in 0..parties {
            for s in 0..conflict.states() {
                let stable = |c| conflict.verdict(i, s, c).stable;
                for (k, c) in Concept::ALL.into_iter().enumerate() {
                    let expected = brute(&conflict, &[i], s, c);
                    prop_assert_eq!(stable(c), expected, "{:?} {} {}", c, i, s);
                    let whole = classified[k].get(i).and_then(|party| party.get(s));
                    prop_assert_eq!(whole, Some(&expected), "classify {:?} {} {}", c, i, s);
                }
                // Nash ⊆ SMR ⊆ GMR and Nash ⊆ SEQ ⊆ GMR.
                prop_assert!(!stable(Concept::Nash) || stable(Concept::Smr));
                prop_assert!(!stable(Concept::Smr) || stable(Concept::Gmr));
                prop_assert!(!stable(Concept::Nash) || stable(Concept::Seq));
                prop_assert!(!stable(Concept::Seq) || stable(Concept::Gmr));
            }
        }
    }
}

fn scenario_text(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name),
    )
    .expect("the example exists")
}

fn model_of(text: &str) -> (Model, redlines::model::eval::Choices) {
    let loaded = parse_scenario(text).expect("the scenario loads");
    (
        (*loaded.document.model).clone(),
        loaded.document.scenario.choices.clone(),
    )
}

#[test]
fn the_prisoners_dilemma_example_has_the_equilibria_its_notes_give() {
    let (model, choices) = model_of(&scenario_text("prisoners-dilemma.ron"));
    let (conflict, states) = conflict_of(&model, &choices, false).expect("analysable");
    assert_eq!(states.len(), 4);
    let pleas = |s: usize| {
        let c = states.choices(s);
        (c["a_plea"].clone(), c["b_plea"].clone())
    };
    let silent = Pick::Option("silent".into());
    let confess = Pick::Option("confess".into());
    let nash: Vec<_> = conflict
        .equilibria(Concept::Nash)
        .into_iter()
        .map(pleas)
        .collect();
    assert_eq!(nash, vec![(confess.clone(), confess.clone())]);
    for concept in [Concept::Gmr, Concept::Smr, Concept::Seq] {
        let found: Vec<_> = conflict
            .equilibria(concept)
            .into_iter()
            .map(pleas)
            .collect();
        assert_eq!(
            found,
            vec![
                (silent.clone(), silent.clone()),
                (confess.clone(), confess.clone())
            ],
            "{concept:?}"
        );
    }
    // The status quo is both silent.
    let sq = states.state_of(&choices).expect("feasible");
    assert_eq!(pleas(sq), (silent.clone(), silent));
}

/// Two parties over one choice of three options: `a` and `b` both control it (either may
/// change it alone); `fixed` is controlled by nobody.
const SHARED: &str = r#"(
    format_version: 1,
    title: "Shared control",
    model: Inline(
        id: "shared",
        version: 1,
        title: "Shared control",
        parties: [
            (id: "a", name: "A", short: "A", controls: ["deal"],
             preferences: [OneOf("deal", ["treaty", "truce"]), Is("deal", "treaty")]),
            (id: "b", name: "B", short: "B", controls: ["deal"]),
        ],
        positions: [
            (id: "deal", title: "Deal", kind: Choice(options: [
                (id: "none", label: "None"),
                (id: "truce", label: "Truce", irreversible: true),
                (id: "treaty", label: "Treaty"),
            ])),
            (id: "fixed", title: "Fixed", kind: Choice(options: [
                (id: "x", label: "X"),
                (id: "y", label: "Y"),
            ])),
        ],
        red_lines: [
            (id: "no_treaty", party: "b", title: "No treaty", statement: "s",
             basis: inferred, note: "for the test", breaks_when: Is("deal", "treaty")),
        ],
        infeasible: [All([Is("deal", "treaty"), Is("fixed", "y")])],
    ),
    choices: {"deal": Option("none"), "fixed": Option("x")},
)"#;

#[test]
fn controls_irreversible_options_infeasible_packages_and_hard_red_lines_shape_the_graph() {
    let (model, choices) = model_of(SHARED);
    let (conflict, states) = conflict_of(&model, &choices, false).expect("analysable");
    // 3 × 2 packages, less the infeasible treaty with y.
    assert_eq!(states.len(), 5);
    let state = |deal: &str, fixed: &str| {
        let mut c = choices.clone();
        c.insert("deal".into(), Pick::Option(deal.into()));
        c.insert("fixed".into(), Pick::Option(fixed.into()));
        states.state_of(&c)
    };
    assert_eq!(state("treaty", "y"), None, "infeasible");
    let none_x = state("none", "x").expect("feasible");
    let truce_x = state("truce", "x").expect("feasible");
    let treaty_x = state("treaty", "x").expect("feasible");
    let none_y = state("none", "y").expect("feasible");
    let truce_y = state("truce", "y").expect("feasible");
    let sorted = |mut v: Vec<usize>| {
        v.sort();
        v
    };
    // Either party moves the shared position; nobody moves `fixed`.
    assert_eq!(
        sorted(conflict.moves[0].from(none_x).collect()),
        sorted(vec![truce_x, treaty_x])
    );
    assert!(
        conflict.moves[1]
            .from(none_x)
            .eq(conflict.moves[0].from(none_x))
    );
    // A truce cannot be left; from y a treaty cannot be reached.
    assert_eq!(conflict.moves[0].from(truce_x).len(), 0);
    assert_eq!(
        conflict.moves[1].from(none_y).collect::<Vec<_>>(),
        vec![truce_y]
    );
    // A ranks by its preferences: treaty 3 > truce 2 > none 0.
    assert!(conflict.payoff[0][treaty_x] > conflict.payoff[0][truce_x]);
    assert!(conflict.payoff[0][truce_x] > conflict.payoff[0][none_x]);
    // B has no preferences: its red line alone ranks the treaty below everything else.
    assert!(conflict.payoff[1][treaty_x] < conflict.payoff[1][none_x]);
    assert_eq!(conflict.payoff[1][truce_x], conflict.payoff[1][none_x]);
    // From none/x, A gains by the treaty or the truce. B answers the treaty by going back to
    // none; but nobody can leave a truce, so that move goes unanswered: not GMR for A.
    let gmr = conflict.verdict(0, none_x, Concept::Gmr);
    assert!(!gmr.stable);
    let mut improvements = gmr.improvements.clone();
    improvements.sort();
    let mut expected = vec![(truce_x, None), (treaty_x, Some(none_x))];
    expected.sort();
    assert_eq!(improvements, expected);
    // The truce is an equilibrium under every concept: nobody can leave it.
    for concept in Concept::ALL {
        assert!(
            conflict.equilibria(concept).contains(&truce_x),
            "{concept:?}"
        );
    }
}

#[test]
fn stability_from_the_command_line_in_text_and_json() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/prisoners-dilemma.ron"
    );
    let text = stdout(&redlines(&["stability", file]));
    assert!(
        text.contains("Suspect A: Nash ✗  GMR ✓  SMR ✓  SEQ ✓"),
        "{text}"
    );
    assert!(
        text.contains("It is an equilibrium under: GMR, SMR, SEQ"),
        "{text}"
    );
    assert!(text.contains("Nash equilibria: 1"), "{text}");
    let o = redlines(&[
        "stability",
        file,
        "--format",
        "json",
        "--concepts",
        "seq,nash",
    ]);
    assert!(o.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(json["states"], 4);
    assert_eq!(json["concepts"], serde_json::json!(["nash", "seq"]));
    assert_eq!(json["equilibria"]["nash"]["count"], 1);
    assert_eq!(json["equilibria"]["seq"]["count"], 2);
    assert_eq!(json["status_quo"]["equilibrium"]["seq"], true);
    let a = &json["status_quo"]["verdicts"]["a"];
    assert_eq!(a["nash"]["stable"], false);
    assert_eq!(
        a["seq"]["improvements"][0]["to"]["a_plea"]["option"],
        "confess"
    );
    assert_eq!(
        a["seq"]["improvements"][0]["sanction"]["b_plea"]["option"],
        "confess"
    );
    assert_eq!(
        json["paths"]["nash"][0]["steps"].as_array().map(Vec::len),
        Some(2)
    );
    // The status quo, an SEQ equilibrium itself, is no path: one path, as the text counts.
    assert_eq!(json["paths"]["seq"].as_array().map(Vec::len), Some(1));
    assert!(
        text.contains("Reached from the status quo by unilateral improvements: 1 of 1 (the status quo itself aside):"),
        "{text}"
    );
    // A coalition: together the suspects would not both stay confessed.
    let dir = tempfile::tempdir().expect("temp dir");
    let confessed = dir.path().join("confessed.ron");
    let text = std::fs::read_to_string(file)
        .expect("example")
        .replace(
            r#""a_plea": Option("silent")"#,
            r#""a_plea": Option("confess")"#,
        )
        .replace(
            r#""b_plea": Option("silent")"#,
            r#""b_plea": Option("confess")"#,
        );
    std::fs::write(&confessed, text).expect("written");
    let confessed = confessed.to_str().expect("UTF-8 path");
    let o = redlines(&["stability", confessed, "--coalition", "a,b"]);
    let text = stdout(&o);
    assert!(
        text.contains(
            "The coalition Suspect A + Suspect B, acting as one: Nash ✗  GMR ✗  SMR ✗  SEQ ✗"
        ),
        "{text}"
    );
    assert!(
        text.contains("Together they would rather move to Suspect A's plea: Stays silent; Suspect B's plea: Stays silent."),
        "{text}"
    );
    // Over every package: of the equilibria, only mutual silence holds with them together.
    assert!(
        text.contains(
            "Nash equilibria: 1\n  1. the status quo\n  With Suspect A + Suspect B acting as one, 0 of these hold."
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "With Suspect A + Suspect B acting as one, 1 of these holds:\n    1. Suspect A's plea: Stays silent; Suspect B's plea: Stays silent"
        ),
        "{text}"
    );
    let o = redlines(&[
        "stability",
        confessed,
        "--coalition",
        "a,b",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let coalition = &json["status_quo"]["coalition"];
    assert_eq!(coalition["parties"], serde_json::json!(["a", "b"]));
    assert_eq!(coalition["verdicts"]["gmr"]["stable"], false);
    let together = &json["coalition_equilibria"];
    assert_eq!(together["nash"]["count"], 0);
    assert_eq!(together["gmr"]["count"], 1);
    assert_eq!(together["gmr"]["states"][0]["a_plea"]["option"], "silent");
    assert_eq!(together["gmr"]["states"][0]["b_plea"]["option"], "silent");
    assert_eq!(
        coalition["verdicts"]["gmr"]["improvements"][0]["to"]["b_plea"]["option"],
        "silent"
    );
    assert!(json["status_quo"]["verdicts"]["a"]["nash"]["stable"] == true);
    for bad in ["a,x", "a", "a,a"] {
        let o = redlines(&["stability", confessed, "--coalition", bad]);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert!(common::cli::stderr(&o).contains("--coalition"), "{bad}");
    }
    let bad = redlines(&["stability", file, "--concepts", "pareto"]);
    assert_eq!(bad.status.code(), Some(2));
    // The Berlin model says nothing of who could change what alone: it is not analysed as if
    // nothing could move.
    let berlin = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/us-compromise.ron");
    let o = redlines(&["stability", berlin]);
    // Not 1, the code of an invalid file: the file is valid, there is just nothing to analyse.
    assert_eq!(o.status.code(), Some(4));
    assert!(common::cli::stderr(&o).contains("no party in the model controls any position"));
}

/// Chicken written with rankings (the second form of preferences): each driver ranks the four
/// packages, best first.
const CHICKEN: &str = r#"(
    format_version: 1,
    title: "Chicken",
    model: Inline(
        id: "chicken",
        version: 1,
        title: "Chicken",
        parties: [
            (id: "r", name: "Row", short: "R", controls: ["r_drive"], ranking: [
                [{"r_drive": Option("straight"), "c_drive": Option("swerve")}],
                [{"r_drive": Option("swerve"), "c_drive": Option("swerve")}],
                [{"r_drive": Option("swerve"), "c_drive": Option("straight")}],
            ]),
            (id: "c", name: "Column", short: "C", controls: ["c_drive"], ranking: [
                [{"c_drive": Option("straight"), "r_drive": Option("swerve")}],
                [{"c_drive": Option("swerve"), "r_drive": Option("swerve")}],
                [{"c_drive": Option("swerve"), "r_drive": Option("straight")}],
            ]),
        ],
        positions: [
            (id: "r_drive", title: "Row drives", kind: Choice(options: [
                (id: "swerve", label: "Swerves"), (id: "straight", label: "Goes straight"),
            ])),
            (id: "c_drive", title: "Column drives", kind: Choice(options: [
                (id: "swerve", label: "Swerves"), (id: "straight", label: "Goes straight"),
            ])),
        ],
        red_lines: [],
    ),
    choices: {"r_drive": Option("swerve"), "c_drive": Option("swerve")},
)"#;

#[test]
fn a_ranking_of_packages_gives_chicken_its_equilibria_and_ties_rank_alike() {
    let (model, choices) = model_of(CHICKEN);
    let (conflict, states) = conflict_of(&model, &choices, false).expect("analysable");
    let drive = |s: usize| {
        let c = states.choices(s);
        let short = |p: &Pick| {
            if *p == Pick::Option("swerve".into()) {
                'C'
            } else {
                'D'
            }
        };
        format!("{}{}", short(&c["r_drive"]), short(&c["c_drive"]))
    };
    let names = |concept| -> Vec<String> {
        let mut v: Vec<String> = conflict
            .equilibria(concept)
            .into_iter()
            .map(drive)
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(Concept::Nash), vec!["CD", "DC"]);
    assert_eq!(names(Concept::Gmr), vec!["CC", "CD", "DC"]);
    assert_eq!(names(Concept::Smr), vec!["CC", "CD", "DC"]);
    assert_eq!(names(Concept::Seq), vec!["CD", "DC"]);

    // Both crashing, named by no package, ranks below every tier; two packages in one tier
    // rank alike.
    let mut tied = model.clone();
    let first = tied.parties[0].ranking.remove(0);
    tied.parties[0].ranking[0].extend(first);
    let (conflict, states) = conflict_of(&tied, &choices, false).expect("analysable");
    let state = |r: &str, c: &str| {
        let mut ch = choices.clone();
        ch.insert("r_drive".into(), Pick::Option(r.into()));
        ch.insert("c_drive".into(), Pick::Option(c.into()));
        states.state_of(&ch).expect("feasible")
    };
    let row = &conflict.payoff[0];
    assert_eq!(
        row[state("straight", "swerve")],
        row[state("swerve", "swerve")]
    );
    assert!(row[state("swerve", "swerve")] > row[state("swerve", "straight")]);
    assert!(row[state("swerve", "straight")] > row[state("straight", "straight")]);
    // Ranks are places, best first, ties sharing one: what the Stability tab sorts by.
    let ranks = conflict.ranks(0);
    assert_eq!(ranks[state("straight", "swerve")], 1);
    assert_eq!(ranks[state("swerve", "swerve")], 1);
    assert_eq!(ranks[state("swerve", "straight")], 2);
    assert_eq!(ranks[state("straight", "straight")], 3);
}

#[test]
fn a_ranking_must_name_real_picks_and_not_come_with_preferences() {
    let both = CHICKEN.replacen(
        r#"controls: ["r_drive"], ranking"#,
        r#"controls: ["r_drive"], preferences: [Is("r_drive", "swerve")], ranking"#,
        1,
    );
    let problems = common::problems(&both);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("give preferences or a ranking, not both")),
        "{problems:?}"
    );
    let wrong = CHICKEN.replacen(r#"Option("swerve")}],"#, r#"Option("brake")}],"#, 1);
    let problems = common::problems(&wrong);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("parties[r].ranking[0][0]") && p.contains("brake")),
        "{problems:?}"
    );
}

#[test]
fn a_party_s_moves_are_explained_up_to_the_limit_with_the_rest_counted() {
    // One party controls two switches and wants both on: from both off, three moves it
    // would rather make, none of them deterred (nobody else can move).
    let text = r#"(format_version: 1, title: "Switches", model: Inline(id: "switches",
        version: 1, title: "Switches",
        parties: [(id: "p", name: "P", short: "P", controls: ["x", "y"],
            preferences: [Is("x", "on"), Is("y", "on")])],
        positions: [
            (id: "x", title: "X", kind: Choice(options: [(id: "off", label: "Off"), (id: "on", label: "On")])),
            (id: "y", title: "Y", kind: Choice(options: [(id: "off", label: "Off"), (id: "on", label: "On")])),
        ], red_lines: []),
        choices: {"x": Option("off"), "y": Option("off")})"#;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("switches.ron");
    std::fs::write(&file, text).expect("written");
    let file = file.to_str().expect("UTF-8 path");
    let out = stdout(&redlines(&["stability", file, "--limit", "1"]));
    assert_eq!(out.matches("It would rather move to").count(), 1, "{out}");
    assert!(
        out.contains("… and 2 more moves it would rather make."),
        "{out}"
    );
    let out = stdout(&redlines(&["stability", file]));
    assert_eq!(out.matches("It would rather move to").count(), 3, "{out}");
    assert!(!out.contains("more moves it would rather make"), "{out}");
}

/// A model opened for repair may hold a choice with no options: no package, so no state, and
/// the analysis says so rather than failing.
#[test]
fn a_choice_with_no_options_leaves_no_states_and_no_panic() {
    let mut model = redlines::model::bundled::default_model().as_ref().clone();
    if let redlines::model::PositionKind::Choice { options, .. } = &mut model.positions[0].kind {
        options.clear();
    }
    let mover = model.positions[1].id.clone();
    model.parties[0].controls = vec![mover];
    let status_quo = redlines::model::bundled::starting_document()
        .scenario
        .choices;
    let (conflict, states) =
        conflict_of(&model, &status_quo, false).expect("no states is no error");
    assert_eq!(states.len(), 0);
    assert_eq!(states.state_of(&status_quo), None);
    assert!(
        conflict
            .classify(&Concept::ALL)
            .iter()
            .flatten()
            .all(Vec::is_empty)
    );
}

/// The sheet's numbering of the Syria–Iraq states (1975): (release, escalate, attack).
const SYRIA_IRAQ_STATES: [(&str, &str, &str); 6] = [
    ("no", "no", "no"),
    ("yes", "no", "no"),
    ("no", "yes", "no"),
    ("no", "no", "yes"),
    ("yes", "no", "yes"),
    ("no", "yes", "yes"),
];

/// The Syria–Iraq conflict of a bundled example, with a function from the analysis's states to
/// the sheet's numbers (1–6).
fn syria_iraq(file: &str) -> (Conflict, Vec<usize>) {
    let (model, choices) = model_of(&scenario_text(file));
    let (conflict, states) = conflict_of(&model, &choices, false).expect("analysable");
    assert_eq!(
        states.len(),
        6,
        "six feasible states: releasing and escalating exclude each other"
    );
    let number: Vec<usize> = (0..states.len())
        .map(|s| {
            let c = states.choices(s);
            let pick = |p: &str| match &c[p] {
                Pick::Option(o) => o.clone(),
                other => panic!("{p} takes an option, not {other:?}"),
            };
            let at = (pick("release"), pick("escalate"), pick("attack"));
            1 + SYRIA_IRAQ_STATES
                .iter()
                .position(|&(r, e, a)| (r, e, a) == (at.0.as_str(), at.1.as_str(), at.2.as_str()))
                .expect("one of the sheet's states")
        })
        .collect();
    (conflict, number)
}

fn numbered(stable: &[bool], number: &[usize]) -> Vec<usize> {
    let mut v: Vec<usize> = (0..stable.len())
        .filter(|&s| stable[s])
        .map(|s| number[s])
        .collect();
    v.sort_unstable();
    v
}

/// The published case (data sheet `gmcr-syria-iraq-1975.md`, from Hipel, Kilgour and Kinsara
/// 2014 and the GMCR+ guide's Table 3): its equilibria per concept and per party.
#[test]
fn the_syria_iraq_case_ranked_as_published_has_the_sheets_equilibria() {
    let (conflict, number) = syria_iraq("syria-iraq-1975.ron");
    let equilibria = |concept| {
        let mut v: Vec<usize> = conflict
            .equilibria(concept)
            .into_iter()
            .map(|s| number[s])
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(equilibria(Concept::Nash), vec![6]);
    assert_eq!(equilibria(Concept::Gmr), vec![1, 6]);
    assert_eq!(equilibria(Concept::Smr), vec![6]);
    assert_eq!(equilibria(Concept::Seq), vec![6]);
    let (syria, iraq) = (0, 1);
    let party = |p, concept| numbered(&conflict.classify_party(p, concept), &number);
    assert_eq!(party(syria, Concept::Nash), vec![1, 6]);
    for concept in [Concept::Gmr, Concept::Smr, Concept::Seq] {
        assert_eq!(party(syria, concept), vec![1, 3, 6], "{concept:?}");
    }
    assert_eq!(party(iraq, Concept::Nash), vec![2, 4, 6]);
    assert_eq!(party(iraq, Concept::Smr), vec![2, 4, 6]);
    assert_eq!(party(iraq, Concept::Gmr), vec![1, 2, 4, 5, 6]);
    assert_eq!(party(iraq, Concept::Seq), vec![2, 4, 5, 6]);
    // Ranks as Table 3 gives them (1 = best).
    let order = |p| {
        let ranks = conflict.ranks(p);
        let mut by_rank: Vec<(usize, usize)> = (0..6).map(|s| (ranks[s], number[s])).collect();
        by_rank.sort_unstable();
        by_rank.into_iter().map(|(_, n)| n).collect::<Vec<_>>()
    };
    assert_eq!(order(syria), vec![1, 3, 6, 2, 4, 5]);
    assert_eq!(order(iraq), vec![2, 4, 6, 1, 5, 3]);
}

/// The same case with the guide's Table 2 as option prioritization: the order is coarser than
/// Table 3 and the equilibria are what the example's notes say, not the published ones.
#[test]
fn the_syria_iraq_case_by_option_prioritization_gives_what_its_notes_say() {
    let (conflict, number) = syria_iraq("syria-iraq-1975-prioritization.ron");
    let tiers = |p| {
        let ranks = conflict.ranks(p);
        let mut tiers: Vec<Vec<usize>> = vec![Vec::new(); 6];
        for s in 0..6 {
            tiers[ranks[s] - 1].push(number[s]);
        }
        tiers.retain(|t| !t.is_empty());
        for t in &mut tiers {
            t.sort_unstable();
        }
        tiers
    };
    assert_eq!(tiers(0), vec![vec![1], vec![2, 3, 6], vec![4, 5]]);
    assert_eq!(tiers(1), vec![vec![2, 5], vec![4, 6], vec![1, 3]]);
    let equilibria = |concept| {
        let mut v: Vec<usize> = conflict
            .equilibria(concept)
            .into_iter()
            .map(|s| number[s])
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(equilibria(Concept::Nash), vec![6]);
    for concept in [Concept::Gmr, Concept::Smr, Concept::Seq] {
        assert_eq!(equilibria(concept), vec![2, 6], "{concept:?}");
    }
}

/// The sheet's inverse question: state 2 (Syria releases water, nobody escalates or attacks)
/// made an equilibrium by Syria's ranking, over all 720 strict orders, Iraq's as Table 3 has it.
/// The sheet counts 240 (Nash), 384 (GMR), 300 (SMR), 384 (SEQ) from the definitions; the
/// GMCR+ guide's 420 for SEQ does not follow from them.
#[test]
fn syria_iraq_inverse_counts_are_the_sheets() {
    let (conflict, number) = syria_iraq("syria-iraq-1975.ron");
    let two = number.iter().position(|&n| n == 2).expect("state 2");
    let syria = 0;
    let (total, counts) =
        inverse::count(&conflict, two, &[syria], &Concept::ALL).expect("720 rankings");
    assert_eq!(total, 720);
    assert_eq!(counts, vec![240, 384, 300, 384]);
    // The conditions count alike.
    for (concept, expected) in Concept::ALL.into_iter().zip([240, 384, 300, 384]) {
        let condition = inverse::condition(&conflict, two, syria, concept).expect("two parties");
        assert_eq!(count_holding(&condition, 6), expected, "{concept:?}");
    }
    // GMR's condition is the sheet's: neither (1, 4) nor (3, 6) both above 2.
    let n = |k: usize| number.iter().position(|&x| x == k).expect("state");
    let gmr = inverse::condition(&conflict, two, syria, Concept::Gmr).expect("two parties");
    let mut payoff = vec![0i64; 6];
    for order in all_orders(6) {
        for (place, &s) in order.iter().enumerate() {
            payoff[s] = (6 - place) as i64;
        }
        let both_above =
            |a: usize, b: usize| payoff[n(a)] > payoff[two] && payoff[n(b)] > payoff[two];
        assert_eq!(gmr.holds(&payoff), !both_above(1, 4) && !both_above(3, 6));
    }
}

/// Random conflicts of two or three parties with up to four states: small enough to try every
/// ranking of a party's (24 at most).
fn small_conflicts() -> impl Strategy<Value = Conflict> {
    (
        2usize..4,
        1usize..3,
        proptest::collection::vec(any::<u8>(), 3),
        proptest::collection::vec(0i64..4, 1..32),
        prop_oneof![Just(0u64), any::<u64>()],
    )
        .prop_map(|(parties, positions, control, payoff, cut)| {
            random_conflict(parties, positions, &control, &payoff, cut)
        })
}

fn all_orders(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for rest in all_orders(n - 1) {
        for at in 0..=rest.len() {
            let mut order = rest.clone();
            order.insert(at, n - 1);
            out.push(order);
        }
    }
    out
}

fn count_holding(condition: &inverse::Formula, n: usize) -> u64 {
    let mut payoff = vec![0i64; n];
    all_orders(n)
        .into_iter()
        .filter(|order| {
            for (place, &s) in order.iter().enumerate() {
                payoff[s] = (n - place) as i64;
            }
            condition.holds(&payoff)
        })
        .count() as u64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    /// On random small conflicts, for every state, varied party and concept: the condition
    /// holds for exactly the rankings under which the definitions' verdicts make the state an
    /// equilibrium; the count is how many do; and the nearest change is as short as the fewest
    /// inversions from the current ranking to any ranking that works.
    #[test]
    fn the_inverse_answers_match_trying_every_ranking(conflict in small_conflicts()) {
        let parties = conflict.parties.len();
        let n = conflict.states();
        for state in 0..n {
            for party in 0..parties {
                let current = inverse::current_ranking(&conflict, party);
                for concept in Concept::ALL {
                    let mut trial = conflict.clone();
                    let mut working = Vec::new();
                    let condition = inverse::condition(&conflict, state, party, concept);
                    for order in all_orders(n) {
                        for (place, &s) in order.iter().enumerate() {
                            trial.payoff[party][s] = (n - place) as i64;
                        }
                        let stable = (0..parties).all(|p| trial.verdict(p, state, concept).stable);
                        if let Some(condition) = &condition {
                            prop_assert_eq!(condition.holds(&trial.payoff[party]), stable,
                                "state {} party {} {:?} order {:?}: {:?}", state, party, concept, order, condition);
                        }
                        if stable {
                            working.push(order);
                        }
                    }
                    prop_assert!(condition.is_some() || (concept == Concept::Seq && parties > 2));
                    let (total, counts) = inverse::count(&conflict, state, &[party], &[concept]).expect("small");
                    prop_assert_eq!(total as usize, all_orders(n).len());
                    prop_assert_eq!(counts[0] as usize, working.len());
                    // Fewest adjacent swaps = fewest pairs ordered differently (inversions).
                    let inversions = |order: &[usize]| {
                        let place = |s: usize, o: &[usize]| o.iter().position(|&x| x == s).unwrap_or(0);
                        (0..n).flat_map(|a| (0..n).map(move |b| (a, b)))
                            .filter(|&(a, b)| place(a, &current) < place(b, &current) && place(a, order) > place(b, order))
                            .count()
                    };
                    let already = (0..parties).all(|p| conflict.verdict(p, state, concept).stable);
                    let fewest = if already {
                        Some(0)
                    } else {
                        working.iter().map(|o| inversions(o)).min()
                    };
                    let nearest = inverse::nearest(&conflict, state, party, concept);
                    prop_assert_eq!(nearest.as_ref().map(Vec::len), fewest);
                    if let Some(swaps) = nearest.filter(|_| !already) {
                        // Applying the swaps in turn gives a ranking that works.
                        let mut order = current.clone();
                        for (up, over) in swaps {
                            let k = order.iter().position(|&s| s == up).unwrap_or(0);
                            prop_assert!(k > 0 && order[k - 1] == over, "a swap of neighbours");
                            order.swap(k - 1, k);
                        }
                        prop_assert!(working.contains(&order));
                    }
                }
            }
        }
    }
}

/// `redlines stability --inverse`: the sheet's question asked from the command line.
#[test]
fn the_inverse_question_from_the_command_line() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/syria-iraq-1975.ron");
    let ask = [
        "stability",
        file,
        "--inverse",
        "syria",
        "--set",
        "release=yes",
    ];
    let o = redlines(&ask);
    assert!(o.status.success(), "{}", common::cli::stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("The package: Syria releases water: Yes"),
        "{text}"
    );
    assert!(
        text.contains("Tried: all 720 strict rankings of the 6 states by Syria"),
        "{text}"
    );
    for line in [
        "Nash: 240 of 720 rankings make it an equilibrium (it is not one now).",
        "GMR: 384 of 720",
        "SMR: 300 of 720",
        "SEQ: 384 of 720",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    // GMR's condition, in words, a part a line: 2 above 1 or 4, and 2 above 3 or 6.
    assert!(
        text.contains(
            "  Condition: Syria must, all of:\n    • either rank “Syria releases water: Yes” \
             above “the status quo”; or rank “Syria releases water: Yes” above “Iraq attacks: \
             Yes”\n    • either rank “Syria releases water: Yes” above “Syria escalates: Yes”; or \
             rank “Syria releases water: Yes” above “Syria escalates: Yes; Iraq attacks: Yes”\n"
        ),
        "{text}"
    );
    assert!(text.contains(
        "Nearest change: 1 swap of neighbours in Syria's ranking: move “Syria releases water: Yes” \
         above “Syria escalates: Yes; Iraq attacks: Yes”."
    ), "{text}");

    let json_args: Vec<&str> = ask.iter().copied().chain(["--format", "json"]).collect();
    let o = redlines(&json_args);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(json["rankings"], 720);
    assert_eq!(json["varied"], serde_json::json!(["syria"]));
    assert_eq!(json["package"]["release"]["option"], "yes");
    for (concept, count) in [("nash", 240), ("gmr", 384), ("smr", 300), ("seq", 384)] {
        assert_eq!(json["concepts"][concept]["count"], count, "{concept}");
        assert_eq!(
            json["concepts"][concept]["equilibrium_now"], false,
            "{concept}"
        );
    }
    let nash = &json["concepts"]["nash"];
    assert_eq!(nash["nearest"].as_array().map(Vec::len), Some(3));
    assert_eq!(nash["condition"]["all"].as_array().map(Vec::len), Some(2));
    assert!(
        nash["condition_text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Syria must rank"))
    );

    // A party with prioritization statements: their nearest reordering too. Table 2's Syria
    // already has state 2 GMR-stable (its ties allow it); no order of its two statements makes
    // it Nash.
    let prioritized = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/syria-iraq-1975-prioritization.ron"
    );
    let o = redlines(&[
        "stability",
        prioritized,
        "--inverse",
        "syria",
        "--set",
        "release=yes",
    ]);
    let text = stdout(&o);
    assert!(
        text.contains("GMR: 384 of 720 rankings make it an equilibrium (it is one now)."),
        "{text}"
    );
    assert!(text.contains("  Nearest change: none needed.\n  Nearest reordering of Syria's statements: none needed."), "{text}");
    assert!(
        text.contains("Nearest reordering of Syria's statements: no order of them will do."),
        "{text}"
    );

    // Two parties varied: counts only (86,400 = 518,400 × 1/3 × 1/2 for the status quo).
    let o = redlines(&[
        "stability",
        file,
        "--inverse",
        "syria,iraq",
        "--concepts",
        "nash",
    ]);
    let text = stdout(&o);
    assert!(text.contains("Nash: 86,400 of 518,400 rankings"), "{text}");
    assert!(!text.contains("Condition"), "{text}");

    for (bad, says) in [
        (vec!["--inverse", "egypt"], "no party \"egypt\""),
        (
            vec!["--inverse", "syria", "--set", "release=maybe"],
            "unknown option \"maybe\"",
        ),
        (
            vec![
                "--inverse",
                "syria",
                "--set",
                "release=yes",
                "--set",
                "escalate=yes",
            ],
            "cannot happen (infeasible)",
        ),
    ] {
        let args: Vec<&str> = ["stability", file].into_iter().chain(bad).collect();
        let o = redlines(&args);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            common::cli::stderr(&o).contains(says),
            "{}",
            common::cli::stderr(&o)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    /// A party ranked by prioritization statements: the fewest swaps of neighbouring statements
    /// that make a state an equilibrium are as few as the fewest inversions of the statements'
    /// order to any order that does, tried one by one; a red-line part below the statements
    /// (a multiple of 2^n) is kept.
    #[test]
    fn the_nearest_reordering_of_statements_is_the_fewest_inversions(
        conflict in small_conflicts(),
        statements in 1usize..5,
        truths in proptest::collection::vec(any::<u8>(), 4),
        broken in proptest::collection::vec(0i64..2, 4),
    ) {
        let mut conflict = conflict;
        let parties = conflict.parties.len();
        let n = conflict.states();
        let party = 0;
        let score = |order: &[usize], s: usize| -> i64 {
            let bits = i64::from(truths[s % truths.len()]) & ((1 << statements) - 1);
            let mine: i64 = order
                .iter()
                .enumerate()
                .filter(|&(_, &k)| bits >> (statements - 1 - k) & 1 == 1)
                .map(|(place, _)| 1i64 << (statements - 1 - place))
                .sum();
            mine - (broken[s % broken.len()] << statements)
        };
        let listed: Vec<usize> = (0..statements).collect();
        for s in 0..n {
            conflict.payoff[party][s] = score(&listed, s);
        }
        for state in 0..n {
            for concept in Concept::ALL {
                let mut trial = conflict.clone();
                let fewest = all_orders(statements)
                    .into_iter()
                    .filter(|order| {
                        for s in 0..n {
                            trial.payoff[party][s] = score(order, s);
                        }
                        (0..parties).all(|p| trial.verdict(p, state, concept).stable)
                    })
                    .map(|order| {
                        // Pairs of statements the order puts the other way round.
                        (0..statements)
                            .flat_map(|a| (a + 1..statements).map(move |b| (a, b)))
                            .filter(|&(a, b)| {
                                order.iter().position(|&x| x == a) > order.iter().position(|&x| x == b)
                            })
                            .count()
                    })
                    .min();
                let nearest = inverse::nearest_statements(&conflict, state, party, statements, concept);
                prop_assert_eq!(nearest.map(|swaps| swaps.len()), fewest, "state {} {:?}", state, concept);
            }
        }
    }
}
