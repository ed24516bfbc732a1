//! Reproducible synthetic models, for benchmarks and tests of the deal-space search at scale.

use std::collections::BTreeMap;

use super::condition::Condition;
use super::scenario::{FORMAT_VERSION, ModelRef, Scenario};
use super::types::{
    Basis, ChoiceOption, Model, Party, Pick, Position, PositionKind, RedLine, Source, SourceRef,
};

/// SplitMix64: tiny, and its output never changes with a dependency's version, so a seed names
/// the same model forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub positions: usize,
    pub options: usize,
    pub red_lines: usize,
    pub parties: usize,
    pub seed: u64,
}

fn position_id(i: usize) -> String {
    format!("p{i}")
}

fn option_id(i: usize) -> String {
    format!("o{i}")
}

/// Makes `model` a conflict for the stability analysis: positions dealt to the parties in
/// turn, up to `controls` each (the rest stay as they are), and `preferences` random ones per
/// party (an option of a position it wants). Same seed, same parties' moves and wishes.
pub fn give_controls(model: &mut Model, controls: usize, preferences: usize, seed: u64) {
    let mut rng = Rng(seed ^ 0x5eed_c0de);
    let parties = model.parties.len().max(1);
    for (i, position) in model.positions.iter().enumerate() {
        if let Some(party) = model.parties.get_mut(i % parties)
            && party.controls.len() < controls
        {
            party.controls.push(position.id.clone());
        }
    }
    let options: Vec<usize> = model
        .positions
        .iter()
        .map(|p| match &p.kind {
            PositionKind::Choice { options, .. } => options.len(),
            _ => 1,
        })
        .collect();
    for party in &mut model.parties {
        party.preferences = (0..preferences)
            .map(|_| {
                let p = rng.below(options.len());
                Condition::Is(position_id(p), option_id(rng.below(options[p])))
            })
            .collect();
    }
}

/// A random scenario with its model inline: choice positions, and red lines that each rule out
/// an option, a pair of options, or all but a few options of one to three positions.
pub fn synthetic_scenario(shape: Shape) -> Scenario {
    let mut rng = Rng(shape.seed);
    let parties: Vec<Party> = (0..shape.parties.max(1))
        .map(|i| Party {
            id: format!("party{i}"),
            name: format!("Party {i}"),
            short: format!("P{i}"),
            colour: None,
            role: Default::default(),
            controls: Vec::new(),
            preferences: Vec::new(),
            ranking: Vec::new(),
            hard_red_lines: true,
        })
        .collect();
    let options = shape.options.max(1);
    let positions: Vec<Position> = (0..shape.positions)
        .map(|i| Position {
            id: position_id(i),
            title: format!("Position {i}"),
            description: String::new(),
            kind: PositionKind::Choice {
                options: (0..options)
                    .map(|o| ChoiceOption {
                        id: option_id(o),
                        label: format!("Option {o}"),
                        description: String::new(),
                        backed_by: Vec::new(),
                        sources: Vec::new(),
                        not_addressed: false,
                        irreversible: false,
                    })
                    .collect(),
                default: None,
                ordered: false,
            },
        })
        .collect();
    let is = |rng: &mut Rng| {
        Condition::Is(
            position_id(rng.below(shape.positions)),
            option_id(rng.below(options)),
        )
    };
    let red_lines: Vec<RedLine> = (0..shape.red_lines)
        .map(|i| {
            let breaks_when = match (shape.positions, rng.below(4)) {
                (0, _) => Condition::Any(Vec::new()),
                (_, 0) => is(&mut rng),
                (_, 1) => Condition::All(vec![is(&mut rng), is(&mut rng)]),
                (_, 2) => {
                    Condition::All(vec![is(&mut rng), Condition::Not(Box::new(is(&mut rng)))])
                }
                _ => Condition::All(vec![is(&mut rng), is(&mut rng), is(&mut rng)]),
            };
            RedLine {
                id: format!("r{i}"),
                party: parties[rng.below(parties.len())].id.clone(),
                title: format!("Red line {i}"),
                statement: "Synthetic.".to_owned(),
                speaker: "Generator".to_owned(),
                source: Some(SourceRef {
                    source: "generated".to_owned(),
                    quote: "synthetic".to_owned(),
                }),
                basis: Basis::Inferred,
                speakers_words: false,
                breaks_when,
                uncertain_when: None,
                note: Some("Generated for benchmarks; not a real position.".to_owned()),
            }
        })
        .collect();
    let model = Model {
        id: format!(
            "synthetic-{}x{}x{}-{}",
            shape.positions, options, shape.red_lines, shape.seed
        ),
        version: 1,
        title: format!(
            "Synthetic model ({} positions × {} options, {} red lines, seed {})",
            shape.positions, options, shape.red_lines, shape.seed
        ),
        description: "Generated by `redlines generate-model`.".to_owned(),
        sources: vec![Source {
            id: "generated".to_owned(),
            title: "Generator".to_owned(),
            kind: "synthetic".to_owned(),
            date: "n/a".to_owned(),
            text: None,
            text_inline: None,
            content: Default::default(),
        }],
        parties,
        positions,
        red_lines,
        infeasible: Vec::new(),
    };
    let choices: BTreeMap<String, Pick> = model
        .positions
        .iter()
        .map(|p| (p.id.clone(), p.default_pick()))
        .collect();
    Scenario {
        format_version: FORMAT_VERSION,
        title: model.title.clone(),
        summary: "A synthetic scenario for benchmarks and tests.".to_owned(),
        author: None,
        model: ModelRef::Inline(std::sync::Arc::new(model)),
        choices,
        notes: String::new(),
        confrontation: None,
    }
}
