//! The Dilemmas tab: confrontation analysis of the open scenario's standoff (each party's
//! position and the threatened future, as the file names them), worked out beside the window.

use std::sync::Arc;

use egui::RichText;

use crate::model::Document;
use crate::model::dilemmas::{Certainty, Dilemmas, Stances, changes, dilemmas, package_words};
use crate::model::eval::Choices;
use crate::model::scenario::Confrontation;
use crate::model::types::Model;
use crate::model::wording::possessive;
use crate::ui::platform::tasks::{Polled, Task};

/// What an answer is of: the model (by pointer), the choices and the confrontation.
type Key = (Arc<Model>, Choices, Confrontation);

#[derive(Default)]
pub struct DilemmasState {
    job: Option<(Key, Task<Dilemmas>)>,
    answer: Option<(Key, Arc<Dilemmas>)>,
}

impl std::fmt::Debug for DilemmasState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DilemmasState")
            .field("running", &self.job.is_some())
            .finish()
    }
}

fn same(key: &Key, doc: &Document, confrontation: &Confrontation) -> bool {
    Arc::ptr_eq(&key.0, &doc.model) && key.1 == doc.scenario.choices && &key.2 == confrontation
}

impl DilemmasState {
    /// The dilemmas of `doc`'s confrontation: the answer for it if known (else the last one,
    /// `false`), starting the work if it is not under way.
    fn update(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        confrontation: &Confrontation,
    ) -> Option<(Arc<Dilemmas>, bool)> {
        if let Some((key, task)) = &self.job
            && let Polled::Got(found) = task.poll()
        {
            self.answer = Some((key.clone(), Arc::new(found)));
            self.job = None;
        }
        let current = self
            .answer
            .as_ref()
            .is_some_and(|(key, _)| same(key, doc, confrontation));
        let running = self
            .job
            .as_ref()
            .is_some_and(|(key, _)| same(key, doc, confrontation));
        if !current && !running {
            let key: Key = (
                doc.model.clone(),
                doc.scenario.choices.clone(),
                confrontation.clone(),
            );
            let job_key = key.clone();
            let task = Task::spawn(ctx, Arc::default(), move |_, send| {
                let stances = job_key.2.stances(&job_key.0, &job_key.1);
                send(dilemmas(&job_key.0, &stances));
            });
            self.job = Some((key, task));
        }
        self.answer
            .as_ref()
            .map(|(_, found)| (found.clone(), current))
    }
}

pub fn show(ui: &mut egui::Ui, doc: &Document, state: &mut DilemmasState) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading("Dilemmas");
            ui.label(
                RichText::new(
                    "Confrontation analysis (Howard 1999; Bryant 2003): from each party's \
                     position, the threatened future (what happens if nobody gives way) and \
                     the parties' preferences, what undermines each party's stance. A \
                     dilemma is possible, not certain, where uncertain red lines decide it.",
                )
                .weak(),
            );
            let Some(confrontation) = &doc.scenario.confrontation else {
                ui.label(
                    "This scenario names no positions. A scenario file may give each party's \
                     position and the threatened future (`confrontation:` in the file; see \
                     docs/scenario-format.md). File → Open example → The Berlin talks as a \
                     standoff has one.",
                );
                return;
            };
            let stances = confrontation.stances(&doc.model, &doc.scenario.choices);
            // Folded: the dilemmas are the point, and on a slide the packages in full would
            // fill the first screen.
            egui::CollapsingHeader::new(
                "The standoff: the threatened future and each party's position",
            )
            .id_salt("dilemmas_standoff")
            .show(ui, |ui| {
                standoff(ui, &doc.model, &stances);
                if !confrontation.notes.trim().is_empty() {
                    ui.label(RichText::new("Whose positions these are").strong());
                    ui.add(egui::Label::new(&confrontation.notes).wrap());
                }
            });
            match state.update(ui.ctx(), doc, confrontation) {
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Reading the dilemmas…");
                    });
                }
                Some((found, current)) => {
                    ui.add_enabled_ui(current, |ui| list(ui, &doc.model, &stances, &found));
                }
            }
        });
}

/// The threatened future and each party's position, in words, each under its name (a table's
/// second column would run past a narrow window).
fn standoff(ui: &mut egui::Ui, model: &Model, stances: &Stances) {
    ui.add_space(6.0);
    let entry = |ui: &mut egui::Ui, name: String, words: String| {
        ui.label(RichText::new(name).strong());
        ui.indent(("dilemmas_standoff", ui.next_auto_id()), |ui| {
            ui.add(egui::Label::new(words).wrap());
        });
    };
    entry(
        ui,
        "Threatened future (if nobody gives way)".to_owned(),
        package_words(model, &stances.threatened),
    );
    for (party, position) in model.parties.iter().zip(&stances.positions) {
        entry(
            ui,
            format!("{} position", possessive(&party.name)),
            match position {
                Some(p) => format!(
                    "Where it differs from the threatened future: {}",
                    changes(model, &stances.threatened, p)
                ),
                None => "None in this file".to_owned(),
            },
        );
    }
}

/// The dilemmas by the party that has them, each with why.
fn list(ui: &mut egui::Ui, model: &Model, stances: &Stances, found: &Dilemmas) {
    ui.add_space(6.0);
    for line in &found.not_judged {
        ui.label(RichText::new(format!("Not judged: {line}")).color(ui.visuals().warn_fg_color));
    }
    let certain = found
        .dilemmas
        .iter()
        .filter(|d| d.certainty == Certainty::Certain)
        .count();
    ui.label(
        RichText::new(format!(
            "{} dilemmas: {certain} certain, {} possible.",
            found.dilemmas.len(),
            found.dilemmas.len() - certain
        ))
        .strong(),
    );
    for (p, party) in model.parties.iter().enumerate() {
        let theirs: Vec<(usize, &crate::model::dilemmas::Dilemma)> = found
            .dilemmas
            .iter()
            .enumerate()
            .filter(|(_, d)| d.party == p)
            .collect();
        ui.add_space(8.0);
        ui.label(RichText::new(&party.name).heading());
        if theirs.is_empty() {
            ui.label(RichText::new("No dilemma judged.").weak());
        }
        for (k, (n, d)) in theirs.into_iter().enumerate() {
            let sentence = d.sentence(model, stances);
            let text = RichText::new(format!("{}. {}: {sentence}", k + 1, d.kind.name()));
            let text = match d.certainty {
                Certainty::Certain => text,
                Certainty::Possible => text.italics(),
            };
            ui.add(egui::Label::new(text).wrap());
            let [(a, _), (b, _)] = d.compared(model, stances);
            egui::CollapsingHeader::new(format!("Why: {} {}", party.short, k + 1))
                .id_salt(("dilemma_why", n))
                .show(ui, |ui| {
                    ui.label(RichText::new(d.kind.question()).weak());
                    if d.by_preferences {
                        ui.label(format!(
                            "{}'s stated preferences rank {a} above {b}.",
                            model.parties[d.judge].name
                        ));
                    }
                    for line in d.deciding(model, stances) {
                        let mark = if line.uncertain { " (decides it)" } else { "" };
                        ui.label(
                            RichText::new(format!(
                                "{} ({}): {} in {a}, {} in {b}{mark}",
                                line.title,
                                line.basis,
                                line.verdicts[0].as_str(),
                                line.verdicts[1].as_str(),
                            ))
                            .strong(),
                        );
                        ui.add(egui::Label::new(line.words).wrap());
                    }
                });
        }
    }
}
