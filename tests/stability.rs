//! Stability analysis (GMCR) on hand-checked cases, and on random small conflicts against a
//! direct brute-force reading of the definitions.

use proptest::prelude::*;
use redlines::model::stability::{Concept, Conflict};

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
        moves,
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
        moves,
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

/// The definitions read directly: opponents' legal sequences as every walk of up to
/// `states × parties` moves, no party twice in a row.
fn brute(conflict: &Conflict, party: usize, state: usize, concept: Concept) -> bool {
    let n = conflict.parties.len();
    let prefers = |i: usize, a: usize, b: usize| conflict.payoff[i][a] > conflict.payoff[i][b];
    let reach = |from: usize, improving: bool| -> Vec<usize> {
        let mut frontier: Vec<(usize, Option<usize>)> = vec![(from, None)];
        let mut all = std::collections::BTreeSet::new();
        for _ in 0..conflict.states() * n {
            let mut next = Vec::new();
            for &(at, last) in &frontier {
                for mover in (0..n).filter(|&m| m != party && Some(m) != last) {
                    for &to in &conflict.moves[mover][at] {
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
    conflict.moves[party][state]
        .iter()
        .filter(|&&s1| prefers(party, s1, state))
        .all(|&s1| match concept {
            Concept::Nash => false,
            Concept::Gmr => reach(s1, false)
                .iter()
                .any(|&s2| !prefers(party, s2, state)),
            Concept::Smr => reach(s1, false).iter().any(|&s2| {
                !prefers(party, s2, state)
                    && conflict.moves[party][s2]
                        .iter()
                        .all(|&s3| !prefers(party, s3, state))
            }),
            Concept::Seq => reach(s1, true).iter().any(|&s2| !prefers(party, s2, state)),
        })
}

/// A random conflict: each party controls some of a few binary positions (a position may be
/// controlled by several parties, or none), and moves by changing any non-empty set of them.
fn random_conflict(parties: usize, positions: usize, control: &[u8], payoff: &[i64]) -> Conflict {
    let states = 1usize << positions;
    let mut moves = vec![vec![Vec::new(); states]; parties];
    for (i, party_moves) in moves.iter_mut().enumerate() {
        let mask = usize::from(control[i]) & (states - 1);
        for (s, out) in party_moves.iter_mut().enumerate() {
            // Every non-empty subset of the controlled positions, flipped.
            let mut flip = mask;
            while flip != 0 {
                out.push(s ^ flip);
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
        moves,
        payoff,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn every_classification_matches_the_definitions_and_the_theorems_inclusions(
        parties in 2usize..4,
        positions in 1usize..4,
        control in proptest::collection::vec(any::<u8>(), 3),
        payoff in proptest::collection::vec(0i64..4, 1..32),
    ) {
        let conflict = random_conflict(parties, positions, &control, &payoff);
        for i in 0..parties {
            for s in 0..conflict.states() {
                let stable = |c| conflict.verdict(i, s, c).stable;
                for c in Concept::ALL {
                    prop_assert_eq!(stable(c), brute(&conflict, i, s, c), "{:?} {} {}", c, i, s);
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
