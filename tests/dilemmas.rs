//! Dilemmas of confrontation analysis: hand-worked games for each kind, red-line preferences
//! with uncertainty, and random small confrontations against a direct reading of the
//! definitions.

mod common;

use std::collections::BTreeSet;

use common::cli::{redlines, stdout};
use proptest::prelude::*;
use redlines::model::dilemmas::{Certainty, Kind, dilemmas};
use redlines::model::format::parse_scenario;

/// A party of a test model: the yes/no positions it controls, its ranking of packages (each
/// package a bit mask of the positions at yes; best tier first), and its red lines (each a
/// condition when it breaks and, otherwise, when it is uncertain).
#[derive(Clone, Debug, Default)]
struct P {
    controls: Vec<usize>,
    ranking: Vec<Vec<usize>>,
    lines: Vec<(String, Option<String>)>,
}

fn package(positions: usize, state: usize) -> String {
    let picks: Vec<String> = (0..positions)
        .map(|k| {
            let pick = if state >> k & 1 == 1 { "yes" } else { "no" };
            format!("\"p{k}\": Option(\"{pick}\")")
        })
        .collect();
    format!("{{{}}}", picks.join(", "))
}

/// A scenario on a model of `positions` yes/no positions and `parties`: the status quo, each
/// party's position (if any) and the threatened future (the status quo unless given).
fn scenario(
    positions: usize,
    parties: &[P],
    status_quo: usize,
    stances: &[Option<usize>],
    threatened: Option<usize>,
) -> String {
    let party_text: Vec<String> = parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let controls: Vec<String> = p.controls.iter().map(|k| format!("\"p{k}\"")).collect();
            let ranking: Vec<String> = p
                .ranking
                .iter()
                .map(|tier| {
                    let packages: Vec<String> =
                        tier.iter().map(|&s| package(positions, s)).collect();
                    format!("[{}]", packages.join(", "))
                })
                .collect();
            format!(
                "(id: \"x{i}\", name: \"Party {i}\", short: \"X{i}\", controls: [{}], ranking: [{}])",
                controls.join(", "),
                ranking.join(", ")
            )
        })
        .collect();
    let position_text: Vec<String> = (0..positions)
        .map(|k| {
            format!(
                "(id: \"p{k}\", title: \"Position {k}\", description: \"\", kind: Choice(options: [\
                 (id: \"no\", label: \"No\", description: \"\", backed_by: [], sources: []), \
                 (id: \"yes\", label: \"Yes\", description: \"\", backed_by: [], sources: [])]))"
            )
        })
        .collect();
    let mut lines = Vec::new();
    for (i, p) in parties.iter().enumerate() {
        for (n, (breaks, uncertain)) in p.lines.iter().enumerate() {
            let uncertain = uncertain
                .as_ref()
                .map(|u| format!(", uncertain_when: {u}"))
                .unwrap_or_default();
            lines.push(format!(
                "(id: \"r{i}_{n}\", party: \"x{i}\", title: \"Line {i}.{n}\", statement: \"s\", \
                 basis: inferred, breaks_when: {breaks}{uncertain}, note: \"The modeller's \
                 reading {i}.{n}.\")"
            ));
        }
    }
    let stance_text: Vec<String> = stances
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            s.map(|s| format!("(party: \"x{i}\", package: {})", package(positions, s)))
        })
        .collect();
    let future = threatened
        .map(|t| format!(", threatened_future: (package: {})", package(positions, t)))
        .unwrap_or_default();
    format!(
        "(format_version: 1, title: \"T\", model: Inline(id: \"m\", version: 1, title: \"M\", \
         description: \"\", sources: [], parties: [{}], positions: [{}], red_lines: [{}]), \
         choices: {}, confrontation: (positions: [{}]{future}))",
        party_text.join(", "),
        position_text.join(", "),
        lines.join(", "),
        package(positions, status_quo),
        stance_text.join(", "),
    )
}

type Found = BTreeSet<(Kind, usize, Option<usize>, Certainty)>;

fn found(text: &str) -> Found {
    let loaded = parse_scenario(text).unwrap_or_else(|e| panic!("{e:#?}\n{text}"));
    let doc = &loaded.document;
    let confrontation = doc
        .scenario
        .confrontation
        .as_ref()
        .expect("a confrontation");
    let stances = confrontation.stances(&doc.model, &doc.scenario.choices);
    dilemmas(&doc.model, &stances)
        .dilemmas
        .iter()
        .map(|d| (d.kind, d.party, d.towards, d.certainty))
        .collect()
}

/// A 2×2 game: position 0 is the first party's (bit 0), position 1 the second's; each ranks
/// the four cells, best first, given as (first's pick, second's pick).
fn two_by_two(orders: [[(usize, usize); 4]; 2]) -> Vec<P> {
    (0..2)
        .map(|i| P {
            controls: vec![i],
            ranking: orders[i].iter().map(|&(a, b)| vec![a | b << 1]).collect(),
            lines: Vec::new(),
        })
        .collect()
}

const C: Certainty = Certainty::Certain;

#[test]
fn the_prisoners_dilemma_has_inducement_trust_and_cooperation_dilemmas() {
    // 0 = silent, 1 = confess; each prefers: it confesses alone, both silent, both confess,
    // it alone silent.
    let parties = two_by_two([
        [(1, 0), (0, 0), (1, 1), (0, 1)],
        [(0, 1), (0, 0), (1, 1), (1, 0)],
    ]);
    // Each proposes both silent; the threatened future is both confessing.
    let text = scenario(2, &parties, 0b11, &[Some(0), Some(0)], None);
    let expected: Found = [
        // Each would rather accept the other's position (both silent) than both confessing.
        (Kind::Inducement, 0, Some(1), C),
        (Kind::Inducement, 1, Some(0), C),
        // Were both silent agreed, the other would confess: neither can trust the other, and
        // each is tempted itself.
        (Kind::Trust, 0, Some(1), C),
        (Kind::Trust, 1, Some(0), C),
        (Kind::Cooperation, 0, None, C),
        (Kind::Cooperation, 1, None, C),
    ]
    .into();
    assert_eq!(found(&text), expected);
}

#[test]
fn in_chicken_each_threat_is_not_credible_and_each_is_induced() {
    // 0 = swerve, 1 = straight; each prefers: it straight alone, both swerve, it alone
    // swerves, the crash.
    let parties = two_by_two([
        [(1, 0), (0, 0), (0, 1), (1, 1)],
        [(0, 1), (0, 0), (1, 0), (1, 1)],
    ]);
    // Each demands the other swerves; the threatened future is the crash.
    let text = scenario(2, &parties, 0b11, &[Some(0b01), Some(0b10)], None);
    let expected: Found = [
        // Facing the crash, each would rather swerve: its threat is not credible.
        (Kind::Threat, 0, None, C),
        (Kind::Threat, 1, None, C),
        // Each would rather give in than crash.
        (Kind::Inducement, 0, Some(1), C),
        (Kind::Inducement, 1, Some(0), C),
    ]
    .into();
    assert_eq!(found(&text), expected);
}

#[test]
fn a_party_that_prefers_the_threat_rejects_and_one_that_prefers_the_others_offer_is_mispositioned()
{
    // The second ranks the crash above the first's demand: the first's threat does not deter
    // it. The first ranks the second's demand above its own: a positioning dilemma.
    let parties = two_by_two([
        [(0, 1), (1, 0), (0, 0), (1, 1)],
        [(0, 1), (1, 1), (0, 0), (1, 0)],
    ]);
    let text = scenario(2, &parties, 0b11, &[Some(0b01), Some(0b10)], None);
    let got = found(&text);
    assert!(got.contains(&(Kind::Deterrence, 0, Some(1), C)), "{got:?}");
    assert!(got.contains(&(Kind::Positioning, 0, Some(1), C)), "{got:?}");
    // The second prefers its own demand to the first's: no positioning dilemma of its own.
    assert!(
        !got.contains(&(Kind::Positioning, 1, Some(0), C)),
        "{got:?}"
    );
}

#[test]
fn red_lines_alone_rank_packages_and_an_uncertain_one_makes_a_dilemma_possible() {
    // Three positions, no controls. Party 0's lines: one breaks when p0 is yes, one is
    // uncertain when p1 is yes. The threatened future (p0 yes) breaks the first; party 1's
    // position (p1 yes) holds it but leaves the second uncertain; party 2's (p2 yes) holds both.
    let parties = vec![
        P {
            lines: vec![
                ("Is(\"p0\", \"yes\")".into(), None),
                (
                    "Is(\"p1\", \"no\")".into(),
                    Some("Is(\"p1\", \"yes\")".into()),
                ),
            ],
            ..P::default()
        },
        P::default(),
        P::default(),
    ];
    // Line 0.1 breaks when p1 is no: so the future (p1 no) breaks it too. Party 1's position
    // (p1 yes) leaves it uncertain; party 2's (p1 no, p2 yes) breaks it.
    let text = scenario(3, &parties, 0b001, &[None, Some(0b010), Some(0b100)], None);
    let loaded = parse_scenario(&text).expect("valid");
    let doc = &loaded.document;
    let stances = doc
        .scenario
        .confrontation
        .as_ref()
        .expect("a confrontation")
        .stances(&doc.model, &doc.scenario.choices);
    let all = dilemmas(&doc.model, &stances);
    // Party 1's position holds line 0.0 (broken in the future) and leaves 0.1 uncertain
    // (broken in the future): better for party 0 whichever way 0.1 turns out.
    let towards = |k: usize| {
        all.dilemmas
            .iter()
            .find(|d| d.kind == Kind::Inducement && d.party == 0 && d.towards == Some(k))
    };
    let to_1 = towards(1).expect("induced by party 1's position");
    assert_eq!(to_1.certainty, Certainty::Certain);
    // Party 2's position holds 0.0 but breaks 0.1 like the future: one fewer broken.
    let to_2 = towards(2).expect("induced by party 2's position");
    assert_eq!(to_2.certainty, Certainty::Certain);
    // Against each other: party 1's position (0.1 uncertain) beats party 2's (0.1 broken)
    // only if 0.1 turns out to hold: possible, and the uncertain line is named.
    let positioning = all
        .dilemmas
        .iter()
        .find(|d| d.kind == Kind::Positioning && d.party == 0)
        .map(|d| (d.towards, d.certainty));
    assert_eq!(positioning, None, "party 0 has no position of its own");
    // Party 0 has no position; and nobody controls anything: the rest cannot be judged.
    assert!(
        all.not_judged.iter().any(|w| w.contains("threat, trust")),
        "{:?}",
        all.not_judged
    );
    assert!(
        all.not_judged
            .iter()
            .any(|w| w.contains("Party 0 has no position")),
        "{:?}",
        all.not_judged
    );
    // The why names the lines that decide, in the modeller's words (the lines are inferred).
    let why = to_1.deciding(&doc.model, &stances);
    let ids: Vec<&str> = why.iter().map(|d| d.red_line.as_str()).collect();
    assert_eq!(ids, ["r0_0", "r0_1"]);
    assert!(
        why[0].words.contains("The modeller's reading 0.0."),
        "{why:?}"
    );
}

#[test]
fn an_uncertain_line_that_decides_makes_the_dilemma_possible_and_is_named() {
    // Party 0's one line: breaks when p0 is yes, uncertain when p1 is yes. The future breaks
    // it (p0 yes); party 1's position leaves it uncertain (p1 yes): better only if it holds.
    let parties = vec![
        P {
            lines: vec![(
                "Is(\"p0\", \"yes\")".into(),
                Some("Is(\"p1\", \"yes\")".into()),
            )],
            ..P::default()
        },
        P::default(),
    ];
    let text = scenario(2, &parties, 0b01, &[None, Some(0b10)], None);
    let loaded = parse_scenario(&text).expect("valid");
    let doc = &loaded.document;
    let stances = doc
        .scenario
        .confrontation
        .as_ref()
        .expect("a confrontation")
        .stances(&doc.model, &doc.scenario.choices);
    let all = dilemmas(&doc.model, &stances);
    let d = all
        .dilemmas
        .iter()
        .find(|d| d.kind == Kind::Inducement && d.party == 0)
        .expect("possibly induced");
    assert_eq!(d.certainty, Certainty::Possible);
    assert_eq!(d.uncertain, vec![0]);
    let sentence = d.sentence(&doc.model, &stances);
    assert!(
        sentence.starts_with("Possibly: Party 0 would rather accept Party 1's position")
            && sentence.ends_with("It depends on how 1 uncertain red line of Party 0 turns out."),
        "{sentence}"
    );
    let why = d.deciding(&doc.model, &stances);
    assert!(why[0].uncertain, "{why:?}");
}

#[test]
fn positions_named_by_file_are_read_from_beside_the_scenario_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let parties = two_by_two([
        [(1, 0), (0, 0), (1, 1), (0, 1)],
        [(0, 1), (0, 0), (1, 1), (1, 0)],
    ]);
    let text = scenario(2, &parties, 0b11, &[Some(0), None], None);
    // The second party's position is another scenario file beside this one.
    let text = text.replace(
        "confrontation: (positions: [",
        "confrontation: (positions: [(party: \"x1\", file: \"offer.ron\"), ",
    );
    let offer = scenario(2, &parties, 0b00, &[None, None], None);
    std::fs::write(dir.path().join("offer.ron"), &offer).expect("written");
    let main = dir.path().join("main.ron");
    std::fs::write(&main, &text).expect("written");
    let o = redlines(&[
        "dilemmas",
        main.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", common::cli::stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        json["positions"]["x1"]["p0"],
        serde_json::json!({"Option": "no"})
    );
    let kinds: Vec<&str> = json["dilemmas"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"trust") && kinds.contains(&"cooperation"),
        "{kinds:?}"
    );
    let text_out = stdout(&redlines(&["dilemmas", main.to_str().expect("utf-8")]));
    assert!(
        text_out.contains("Trust: Party 0 cannot trust Party 1: were Party 0's position agreed, Party 1 could do better by moving alone to Position 1: Yes."),
        "{text_out}"
    );
    // A file outside the folder is refused with the rule, and nothing is read.
    let outside = text.replace("file: \"offer.ron\"", "file: \"../offer.ron\"");
    std::fs::write(&main, &outside).expect("written");
    let o = redlines(&["dilemmas", main.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::cli::stderr(&o).contains("confrontation.positions[0].file"),
        "{}",
        common::cli::stderr(&o)
    );
    // A party named again is an error, and its file is not read: a hostile file cannot make
    // the app read one file per entry (the second names a file that is not there).
    let repeated = text.replace(
        "(party: \"x1\", file: \"offer.ron\"), ",
        "(party: \"x1\", file: \"offer.ron\"), (party: \"x1\", file: \"missing.ron\"), ",
    );
    std::fs::write(&main, &repeated).expect("written");
    let o = redlines(&["dilemmas", main.to_str().expect("utf-8")]);
    let err = common::cli::stderr(&o);
    assert!(err.contains("\"x1\" has a position already"), "{err}");
    assert!(!err.contains("missing.ron"), "{err}");
    // An unknown party is named as such.
    let unknown = text.replace("(party: \"x1\", file", "(party: \"nobody\", file");
    std::fs::write(&main, &unknown).expect("written");
    let o = redlines(&["dilemmas", main.to_str().expect("utf-8")]);
    assert!(common::cli::stderr(&o).contains("no party has the id \"nobody\""));
}

/// The definitions read directly: every resolution of each judge's uncertain lines (each
/// line one way in both packages), and every package a party reaches alone.
fn brute(
    positions: usize,
    parties: &[P],
    stances: &[Option<usize>],
    future: usize,
    holds: &dyn Fn(&str, usize) -> bool,
) -> Found {
    let states = 1usize << positions;
    // Per party and package, per line: 2 breaks, 1 uncertain, 0 holds.
    let verdicts = |i: usize, s: usize| -> Vec<u8> {
        parties[i]
            .lines
            .iter()
            .map(|(b, u)| {
                if holds(b, s) {
                    2
                } else if u.as_ref().is_some_and(|u| holds(u, s)) {
                    1
                } else {
                    0
                }
            })
            .collect()
    };
    let tier = |i: usize, s: usize| {
        parties[i]
            .ranking
            .iter()
            .position(|t| t.contains(&s))
            .unwrap_or(usize::MAX)
    };
    // (in every resolution, in some)
    let prefers = |i: usize, a: usize, b: usize| -> (bool, bool) {
        let (va, vb) = (verdicts(i, a), verdicts(i, b));
        let n = va.len();
        let (mut all, mut any) = (true, false);
        for res in 0..1usize << n {
            let broken = |v: &[u8]| {
                v.iter()
                    .enumerate()
                    .filter(|&(k, &x)| x == 2 || (x == 1 && res >> k & 1 == 1))
                    .count()
            };
            let (ba, bb) = (broken(&va), broken(&vb));
            let better = ba < bb || (ba == bb && tier(i, a) < tier(i, b));
            all &= better;
            any |= better;
        }
        (all, any)
    };
    let certainty = |(all, any): (bool, bool)| {
        if all {
            Some(Certainty::Certain)
        } else if any {
            Some(Certainty::Possible)
        } else {
            None
        }
    };
    let improvement = |i: usize, from: usize| -> Option<Certainty> {
        let mask: usize = parties[i].controls.iter().map(|k| 1 << k).sum();
        let mut best = None;
        for to in 0..states {
            if to != from && (to ^ from) & !mask == 0 {
                match certainty(prefers(i, to, from)) {
                    Some(Certainty::Certain) => return Some(Certainty::Certain),
                    Some(Certainty::Possible) => best = Some(Certainty::Possible),
                    None => {}
                }
            }
        }
        best
    };
    let mut out = Found::new();
    let n = parties.len();
    for i in 0..n {
        let mut add = |kind, towards, c: Option<Certainty>| {
            if let Some(c) = c {
                out.insert((kind, i, towards, c));
            }
        };
        if !parties[i].controls.is_empty() {
            add(Kind::Threat, None, improvement(i, future));
        }
        for j in (0..n).filter(|&j| j != i) {
            if let Some(own) = stances[i] {
                add(
                    Kind::Deterrence,
                    Some(j),
                    certainty(prefers(j, future, own)),
                );
                if !parties[j].controls.is_empty() {
                    add(Kind::Trust, Some(j), improvement(j, own));
                }
            }
            if let Some(theirs) = stances[j] {
                add(
                    Kind::Inducement,
                    Some(j),
                    certainty(prefers(i, theirs, future)),
                );
                if let Some(own) = stances[i] {
                    add(
                        Kind::Positioning,
                        Some(j),
                        certainty(prefers(i, theirs, own)),
                    );
                }
            }
        }
        if let Some(own) = stances[i]
            && !parties[i].controls.is_empty()
        {
            add(Kind::Cooperation, None, improvement(i, own));
        }
    }
    out
}

/// A condition as written, and whether it holds in a package (a bit mask).
type Written = (String, Box<dyn Fn(usize) -> bool>);

/// A condition of the test models: position `k` is yes (or no), or two such at once.
fn condition(code: (u8, u8, bool)) -> Written {
    let (a, b, both) = code;
    let is = |c: u8| -> (String, usize, bool) {
        let k = usize::from(c % 3);
        let yes = c & 4 != 0;
        (
            format!("Is(\"p{k}\", \"{}\")", if yes { "yes" } else { "no" }),
            k,
            yes,
        )
    };
    let (ta, ka, ya) = is(a);
    let (tb, kb, yb) = is(b);
    if both && ka != kb {
        (
            format!("All([{ta}, {tb}])"),
            Box::new(move |s| (s >> ka & 1 == 1) == ya && (s >> kb & 1 == 1) == yb),
        )
    } else {
        (ta, Box::new(move |s| (s >> ka & 1 == 1) == ya))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn every_dilemma_matches_the_definitions_read_directly(
        party_count in 2usize..4,
        controls in proptest::collection::vec(0u8..8, 3),
        lines in proptest::collection::vec(((0u8..8, 0u8..8, any::<bool>()), proptest::option::of((0u8..8, 0u8..8, any::<bool>())), 0usize..3), 0..6),
        rankings in proptest::collection::vec(proptest::option::of(proptest::collection::vec(0usize..8, 1..5)), 3),
        stances in proptest::collection::vec(proptest::option::of(0usize..8), 3),
        future in 0usize..8,
    ) {
        let positions = 3;
        let mut conditions: Vec<Written> = Vec::new();
        let mut parties: Vec<P> = (0..party_count)
            .map(|i| P {
                controls: (0..positions).filter(|k| controls[i] >> k & 1 == 1).collect(),
                // Each package at most once, in the order drawn.
                ranking: rankings[i]
                    .iter()
                    .flat_map(|order| {
                        let mut seen = Vec::new();
                        for &s in order {
                            if !seen.contains(&s) {
                                seen.push(s);
                            }
                        }
                        seen.into_iter().map(|s| vec![s])
                    })
                    .collect(),
                lines: Vec::new(),
            })
            .collect();
        for (breaks, uncertain, owner) in &lines {
            let owner = owner % party_count;
            let (b, bf) = condition(*breaks);
            let u = uncertain.map(condition);
            conditions.push((b.clone(), bf));
            let u_text = u.map(|(t, f)| {
                conditions.push((t.clone(), f));
                t
            });
            parties[owner].lines.push((b, u_text));
        }
        let stances: Vec<Option<usize>> = stances[..party_count].to_vec();
        let text = scenario(positions, &parties, future, &stances, None);
        let holds = |text: &str, s: usize| {
            conditions.iter().find(|(t, _)| t == text).is_some_and(|(_, f)| f(s))
        };
        let expected = brute(positions, &parties, &stances, future, &holds);
        prop_assert_eq!(found(&text), expected, "{}", text);
    }
}
