//! "Make this package stable…": which rankings of one party's would make the package on screen
//! an equilibrium (the inverse question), worked out beside the window.

use super::*;
use crate::model::stability::inverse;

/// One concept's answer, in words.
#[derive(Debug)]
pub(super) struct MadeStable {
    pub(super) lines: Vec<(String, Vec<String>)>,
}

/// An answer is of an analysis (by pointer) and a party (by index).
pub(super) type MadeStableKey = (Arc<Analysis>, usize);

/// The panel: the party to vary, and per concept the count, the condition and the nearest
/// change.
pub(super) fn make_stable(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut StabilityState,
    analysis: &Arc<Analysis>,
) {
    egui::CollapsingHeader::new("Make this package stable…")
        .id_salt("stability_make_stable")
        .show(ui, |ui| {
            ui.label(
                RichText::new(
                    "Which preferences would make this package an equilibrium? Pick a party: \
                     its ranking of the packages is varied, the others keep theirs. For each \
                     concept: how many rankings would do (on models of up to eight packages), \
                     exactly what its ranking must say, and the fewest swaps of neighbours in \
                     its current ranking that would do it.",
                )
                .weak(),
            );
            ui.horizontal_wrapped(|ui| {
                ui.label("Vary:");
                for (i, party) in doc.model.parties.iter().enumerate() {
                    if ui
                        .radio(state.vary == Some(i), format!("{}'s ranking", party.name))
                        .clicked()
                    {
                        state.vary = Some(i);
                    }
                }
            });
            let Some(party) = state.vary.filter(|&p| p < doc.model.parties.len()) else {
                return;
            };
            let live = ui.is_enabled();
            match state.made_stable(ui.ctx(), &doc.model, analysis, party, live) {
                Some(made) => {
                    for (heading, lines) in &made.lines {
                        ui.label(RichText::new(heading).strong());
                        for line in lines {
                            ui.label(line);
                        }
                    }
                }
                None if live => {
                    ui.label("Working it out…");
                }
                None => {}
            }
        });
}

/// The answer for `party` at the analysis's package, in words.
pub(super) fn work_out(model: &Model, analysis: &Analysis, party: usize) -> MadeStable {
    let (conflict, states) = &*analysis.graph;
    let sq = analysis.sq;
    // A small model's packages by the short names its orders and graph use; a larger one's
    // by what differs from the package on the table.
    let name = |s: usize| match &analysis.small {
        Some(small) => small.names[s].clone(),
        None => format!(
            "“{}”",
            describe_change(
                model,
                &states.domains,
                &states.package(sq),
                &states.package(s),
                "this package"
            )
        ),
    };
    let party_name = &model.parties[party].name;
    let counted = inverse::count(conflict, sq, &[party], &Concept::ALL);
    let statements = inverse::statements_of(model, &model.parties[party]);
    let lines = Concept::ALL
        .iter()
        .enumerate()
        .map(|(k, &concept)| {
            let now = (0..conflict.parties.len()).all(|p| conflict.verdict(p, sq, concept).stable);
            let heading = match &counted {
                Some((total, counts)) => format!(
                    "{}: {} of {} rankings of {party_name}'s make it an equilibrium ({}).",
                    concept.name(),
                    format_count(counts[k] as f64),
                    format_count(*total as f64),
                    if now {
                        "it is one now"
                    } else {
                        "it is not one now"
                    }
                ),
                None => format!(
                    "{}: {} (too many packages to count the rankings).",
                    concept.name(),
                    if now {
                        "an equilibrium now"
                    } else {
                        "not an equilibrium now"
                    }
                ),
            };
            let mut lines = Vec::new();
            match inverse::condition(conflict, sq, party, concept) {
                Some(inverse::Formula::False) => {
                    // Why, where another party leaves whatever this one prefers.
                    let leaving: Vec<&str> = (0..conflict.parties.len())
                        .filter(|&p| p != party && concept != Concept::Seq)
                        .filter(|&p| !conflict.verdict(p, sq, concept).stable)
                        .map(|p| model.parties[p].name.as_str())
                        .collect();
                    lines.push(if leaving.is_empty() {
                        format!("No ranking of {party_name}'s will do.")
                    } else {
                        format!(
                            "No ranking of {party_name}'s will do: {} would move away whatever \
                             {party_name} prefers.",
                            leaving.join(" and ")
                        )
                    });
                    return (heading, lines);
                }
                Some(inverse::Formula::True) => {
                    lines.push(format!("Any ranking of {party_name}'s will do."));
                }
                Some(condition) => {
                    lines.push(format!("{party_name} must, all of:"));
                    lines.extend(
                        condition
                            .clauses(&name)
                            .into_iter()
                            .map(|clause| format!("  • {clause}")),
                    );
                }
                None => {
                    lines.push("Condition: not worded for SEQ with three parties or more.".into())
                }
            }
            lines.push(match inverse::nearest(conflict, sq, party, concept) {
                Some(swaps) => format!(
                    "Nearest change: {}.",
                    inverse::swaps_words(&format!("{party_name}'s ranking"), &swaps, &name)
                ),
                None if analysis.states > inverse::MAX_NEAREST_STATES => format!(
                    "Nearest change: not searched past {} packages.",
                    inverse::MAX_NEAREST_STATES
                ),
                None => format!("Nearest change: none: no ranking of {party_name}'s will do."),
            });
            lines.extend(inverse::statements_line(
                conflict,
                sq,
                (party, party_name),
                &statements,
                concept,
            ));
            (heading, lines)
        })
        .collect();
    MadeStable { lines }
}
