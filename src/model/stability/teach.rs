//! What a student needs to read a small conflict: each state by a short name, each party's
//! preference order, the two-by-two table of a two-party game, and the concepts in plain words.
//! Generic: names come from the model's own positions and options.

use super::{Concept, Conflict, States};
use crate::model::types::Model;

/// The positions whose values differ between states (the rest are fixed in every state).
fn varying(states: &States) -> Vec<usize> {
    (0..states.domains.len())
        .filter(|&i| {
            !states.is_empty()
                && (1..states.len()).any(|s| states.value(s, i) != states.value(0, i))
        })
        .collect()
}

/// Most positions a state's short name lists; past it, states are named by what differs from
/// the status quo.
const NAMED_POSITIONS: usize = 4;

/// Short names for every state: "(Confesses, Stays silent)", the picks of the positions that
/// vary, in the model's order; or, with more than a few, what differs from the status quo
/// `sq` ("the status quo" for it).
pub fn state_names(model: &Model, states: &States, sq: usize) -> Vec<String> {
    let vary = varying(states);
    (0..states.len())
        .map(|s| {
            if vary.len() <= NAMED_POSITIONS {
                let picks: Vec<&str> = vary
                    .iter()
                    .map(|&i| {
                        states.domains[i].values[usize::from(states.value(s, i))]
                            .label
                            .as_str()
                    })
                    .collect();
                format!("({})", picks.join(", "))
            } else {
                states.describe(model, sq, s)
            }
        })
        .collect()
}

/// What the short names list, for a key under them: "(Suspect A's plea, Suspect B's plea)";
/// `None` where states are named by their change from the status quo.
pub fn name_key(model: &Model, states: &States) -> Option<String> {
    let vary = varying(states);
    (vary.len() <= NAMED_POSITIONS).then(|| {
        let titles: Vec<&str> = vary
            .iter()
            .filter_map(|&i| model.position(&states.domains[i].position))
            .map(|p| p.title.as_str())
            .collect();
        format!("({})", titles.join(", "))
    })
}

/// `party`'s states from best to worst, those it likes equally together.
pub fn preference_order(conflict: &Conflict, party: usize) -> Vec<Vec<usize>> {
    let mut levels: Vec<i64> = conflict.payoff[party].clone();
    levels.sort_unstable_by(|a, b| b.cmp(a));
    levels.dedup();
    levels
        .iter()
        .map(|level| {
            (0..conflict.states())
                .filter(|&s| conflict.payoff[party][s] == *level)
                .collect()
        })
        .collect()
}

/// "(Confesses, Stays silent) > (Stays silent, Stays silent) = …": an order in words.
pub fn order_in_words(order: &[Vec<usize>], names: &[String]) -> String {
    order
        .iter()
        .map(|level| {
            level
                .iter()
                .map(|&s| names[s].as_str())
                .collect::<Vec<_>>()
                .join(" = ")
        })
        .collect::<Vec<_>>()
        .join("  >  ")
}

/// A game of two parties, each controlling one position of two values: the textbook table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TwoByTwo {
    /// The row party and the column party (model indices).
    pub parties: [usize; 2],
    /// The row party's two values, and the column party's.
    pub rows: [String; 2],
    pub columns: [String; 2],
    /// The state in each cell, `cells[row][column]`.
    pub cells: [[usize; 2]; 2],
}

/// The table, where the conflict is such a game: two parties, four states, each party moving
/// only its own position between two values.
pub fn two_by_two(model: &Model, states: &States) -> Option<TwoByTwo> {
    if model.parties.len() != 2 || states.len() != 4 {
        return None;
    }
    let vary = varying(states);
    let [first, second] = vary.as_slice() else {
        return None;
    };
    let controls = |party: usize, position: usize| {
        model.parties[party]
            .controls
            .contains(&states.domains[position].position)
    };
    let (row_position, column_position) = if controls(0, *first) && controls(1, *second) {
        (*first, *second)
    } else if controls(0, *second) && controls(1, *first) {
        (*second, *first)
    } else {
        return None;
    };
    let label = |position: usize, value: usize| {
        states.domains[position]
            .values
            .get(value)
            .map(|v| v.label.clone())
    };
    let cell = |r: usize, c: usize| {
        (0..4).find(|&s| {
            usize::from(states.value(s, row_position)) == r
                && usize::from(states.value(s, column_position)) == c
        })
    };
    Some(TwoByTwo {
        parties: [0, 1],
        rows: [label(row_position, 0)?, label(row_position, 1)?],
        columns: [label(column_position, 0)?, label(column_position, 1)?],
        cells: [[cell(0, 0)?, cell(0, 1)?], [cell(1, 0)?, cell(1, 1)?]],
    })
}

/// Each concept in plain words, the prisoner's dilemma (a bundled example) as the case.
pub fn in_plain_words(concept: Concept) -> &'static str {
    match concept {
        Concept::Nash => {
            "Nash: the party has no move of its own to a package it likes better. In the \
             prisoner's dilemma, both confessing is Nash-stable for each suspect: staying silent \
             alone would only make things worse for the one who moves."
        }
        Concept::Gmr => {
            "GMR (general metarationality): the party may have a better move, but the others \
             could answer it with a package it likes no better than where it started, so it \
             stays for fear of that answer. Both silent is GMR-stable: if A confesses, B can \
             confess too, and A ends worse off than if both had stayed silent."
        }
        Concept::Smr => {
            "SMR (symmetric metarationality): as GMR, and the party cannot escape the others' \
             answer with a further move of its own. In the prisoner's dilemma, both silent is \
             SMR-stable too."
        }
        Concept::Seq => {
            "SEQ (sequential stability): as GMR, but the others' answer must be a move they \
             themselves like better, so the threat is credible. Both silent is SEQ-stable: B \
             confessing in answer to A is also B's own improvement."
        }
    }
}

/// Why a path of improvements may leave a package that is stable: said where it is.
pub const STABLE_YET_LEFT: &str = "Stable for a party is not the same as no party moving. A \
     package is GMR-stable for a party when every move it could make can be answered by the \
     others with one it likes no better: the party is deterred, not unable. A path of \
     improvements lists what each party would gain by moving if it ignored the answers, so it \
     can start at a stable package.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bundled;
    use crate::model::deal_space::Control;
    use crate::model::format::parse_scenario;
    use crate::model::stability::conflict_within;

    #[test]
    fn the_prisoners_dilemma_reads_as_a_textbook_table() {
        let doc = parse_scenario(bundled::example_text("prisoners-dilemma.ron").expect("bundled"))
            .expect("parses")
            .document;
        let (conflict, states) = conflict_within(
            &doc.model,
            &doc.scenario.choices,
            false,
            100,
            &Control::default(),
        )
        .expect("a conflict");
        let sq = states.state_of(&doc.scenario.choices).expect("sq");
        let names = state_names(&doc.model, &states, sq);
        assert_eq!(names[sq], "(Stays silent, Stays silent)");
        assert_eq!(
            name_key(&doc.model, &states).as_deref(),
            Some("(Suspect A's plea, Suspect B's plea)")
        );
        // A: confess while B is silent, both silent, both confess, silent while B confesses.
        let order = order_in_words(&preference_order(&conflict, 0), &names);
        assert_eq!(
            order,
            "(Confesses, Stays silent)  >  (Stays silent, Stays silent)  >  \
             (Confesses, Confesses)  >  (Stays silent, Confesses)"
        );
        let table = two_by_two(&doc.model, &states).expect("a 2×2 game");
        assert_eq!(
            table.rows,
            ["Stays silent".to_owned(), "Confesses".to_owned()]
        );
        assert_eq!(names[table.cells[1][0]], "(Confesses, Stays silent)");
        // Both confessing is the one Nash equilibrium; both silent is GMR- but not Nash-stable.
        let nash = conflict.equilibria(Concept::Nash);
        assert_eq!(nash, vec![table.cells[1][1]]);
        for concept in [Concept::Gmr, Concept::Smr, Concept::Seq] {
            assert!(
                conflict.equilibria(concept).contains(&table.cells[0][0]),
                "both silent is {}-stable, as the plain words say",
                concept.name()
            );
        }
        assert!(!nash.contains(&table.cells[0][0]));
    }
}
