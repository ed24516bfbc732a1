//! The Dilemmas tab: confrontation analysis of the open scenario's standoff (each party's
//! position and the threatened future, as the file names them), worked out and worded beside
//! the window, so a frame only draws the words.

use std::sync::Arc;

use egui::RichText;

use crate::model::Document;
use crate::model::dilemmas::{Certainty, Kind, Stances, changes, dilemmas, package_words};
use crate::model::eval::Choices;
use crate::model::scenario::Confrontation;
use crate::model::types::Model;
use crate::model::wording::possessive;
use crate::ui::platform::tasks::{Polled, Task};

/// What an answer is of: the model (by pointer), the choices and the confrontation.
type Key = (Arc<Model>, Choices, Confrontation);

/// The standoff and its dilemmas, in words.
struct Read {
    /// Each package's name and what it is.
    standoff: Vec<(String, String)>,
    not_judged: Vec<String>,
    total: usize,
    certain: usize,
    /// Per party: its name, short name, and its dilemmas.
    parties: Vec<(String, String, Vec<Said>)>,
}

/// One dilemma as the tab says it.
struct Said {
    kind: Kind,
    certainty: Certainty,
    sentence: String,
    /// Why, a line each with its words beneath (see `Dilemma::why`).
    why: Vec<(String, String)>,
}

#[derive(Default)]
pub struct DilemmasState {
    job: Option<(Key, Task<Read>)>,
    answer: Option<(Key, Arc<Read>)>,
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
    /// `false`). One reading at a time: a new one starts once the one under way has answered.
    fn update(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        confrontation: &Confrontation,
    ) -> Option<(Arc<Read>, bool)> {
        if let Some((key, task)) = &self.job {
            match task.poll() {
                Polled::Got(read) => {
                    self.answer = Some((key.clone(), Arc::new(read)));
                    self.job = None;
                }
                Polled::Ended => self.job = None,
                Polled::Waiting => {}
            }
        }
        let current = self
            .answer
            .as_ref()
            .is_some_and(|(key, _)| same(key, doc, confrontation));
        if !current && self.job.is_none() {
            let key: Key = (
                doc.model.clone(),
                doc.scenario.choices.clone(),
                confrontation.clone(),
            );
            let job_key = key.clone();
            let task = Task::spawn(ctx, Arc::default(), move |_, send| {
                send(read(&job_key.0, &job_key.1, &job_key.2));
            });
            self.job = Some((key, task));
        }
        self.answer
            .as_ref()
            .map(|(_, read)| (read.clone(), current))
    }
}

/// The standoff and its dilemmas, found and worded.
fn read(model: &Model, choices: &Choices, confrontation: &Confrontation) -> Read {
    let stances = confrontation.stances(model, choices);
    let found = dilemmas(model, &stances);
    let certain = found
        .dilemmas
        .iter()
        .filter(|d| d.certainty == Certainty::Certain)
        .count();
    Read {
        standoff: standoff(model, &stances),
        not_judged: found.not_judged.clone(),
        total: found.dilemmas.len(),
        certain,
        parties: model
            .parties
            .iter()
            .enumerate()
            .map(|(p, party)| {
                let said = found
                    .dilemmas
                    .iter()
                    .filter(|d| d.party == p)
                    .map(|d| Said {
                        kind: d.kind,
                        certainty: d.certainty,
                        sentence: d.sentence(model, &stances),
                        why: d.why(model, &stances),
                    })
                    .collect();
                (party.name.clone(), party.short.clone(), said)
            })
            .collect(),
    }
}

/// The threatened future and each party's position, in words.
fn standoff(model: &Model, stances: &Stances) -> Vec<(String, String)> {
    let mut out = vec![(
        "Threatened future (if nobody gives way)".to_owned(),
        package_words(model, &stances.threatened),
    )];
    out.extend(
        model
            .parties
            .iter()
            .zip(&stances.positions)
            .map(|(party, position)| {
                (
                    format!("{} position", possessive(&party.name)),
                    match position {
                        Some(p) => format!(
                            "Where it differs from the threatened future: {}",
                            changes(model, &stances.threatened, p)
                        ),
                        None => "None in this file".to_owned(),
                    },
                )
            }),
    );
    out
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
                    "This scenario describes no standoff. The dilemmas are read from what each \
                     party proposes and what happens if nobody gives way, which a scenario file \
                     may give (`confrontation:` in the file; see docs/scenario-format.md). File → \
                     Open example → The Berlin talks as a standoff has one.",
                );
                return;
            };
            let Some((read, current)) = state.update(ui.ctx(), doc, confrontation) else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading the dilemmas…");
                });
                return;
            };
            // Folded: the dilemmas are the point, and on a slide the packages in full would
            // fill the first screen. Each under its name: a table's second column would run
            // past a narrow window.
            egui::CollapsingHeader::new(
                "The standoff: the threatened future and each party's position",
            )
            .id_salt("dilemmas_standoff")
            .show(ui, |ui| {
                for (name, words) in &read.standoff {
                    ui.label(RichText::new(name).strong());
                    ui.indent(("dilemmas_standoff", name), |ui| {
                        ui.add(egui::Label::new(words).wrap());
                    });
                }
                if !confrontation.notes.trim().is_empty() {
                    ui.label(RichText::new("Whose positions these are").strong());
                    ui.add(egui::Label::new(&confrontation.notes).wrap());
                }
            });
            ui.add_enabled_ui(current, |ui| list(ui, &read));
        });
}

/// The dilemmas by the party that has them, each with why.
fn list(ui: &mut egui::Ui, read: &Read) {
    ui.add_space(6.0);
    for line in &read.not_judged {
        ui.label(RichText::new(format!("Not judged: {line}")).color(ui.visuals().warn_fg_color));
    }
    ui.label(
        RichText::new(format!(
            "{} dilemmas: {} certain, {} possible.",
            read.total,
            read.certain,
            read.total - read.certain
        ))
        .strong(),
    );
    for (name, short, said) in &read.parties {
        ui.add_space(8.0);
        ui.label(RichText::new(name).heading());
        if said.is_empty() {
            ui.label(RichText::new("No dilemma judged.").weak());
        }
        for (k, d) in said.iter().enumerate() {
            let text = RichText::new(format!("{}. {}: {}", k + 1, d.kind.name(), d.sentence));
            let text = match d.certainty {
                Certainty::Certain => text,
                Certainty::Possible => text.italics(),
            };
            ui.add(egui::Label::new(text).wrap());
            egui::CollapsingHeader::new(format!("Why: {short} {}", k + 1))
                .id_salt(("dilemma_why", short, k))
                .show(ui, |ui| {
                    ui.label(RichText::new(d.kind.question()).weak());
                    for (line, words) in &d.why {
                        ui.label(RichText::new(line).strong());
                        if !words.is_empty() {
                            ui.add(egui::Label::new(words).wrap());
                        }
                    }
                });
        }
    }
}
