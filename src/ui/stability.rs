//! The Stability tab: the graph model for conflict resolution on the open scenario. Worked out
//! off the UI thread whenever the model or the choices change.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use egui::RichText;

use crate::model::Document;
use crate::model::edit::Edit;
use crate::model::eval::Choices;
use crate::model::space::DomainValue;
use crate::model::stability::{Concept, Stability, conflict_within, equilibria_of, explain};
use crate::model::types::Model;

use super::command::Command;

/// Most states the browser build analyses: it has no thread to do it beside the page.
#[cfg(target_arch = "wasm32")]
const MAX_STATES: usize = 5_000;
#[cfg(not(target_arch = "wasm32"))]
const MAX_STATES: usize = crate::model::stability::MAX_STATES;

/// Most equilibria listed.
const LISTED: usize = 200;

/// What the tab shows, worked out in the background.
#[derive(Debug)]
pub struct Analysis {
    states: usize,
    /// Per party: its name, stable per concept at the status quo, and why.
    status_quo: Vec<(String, [bool; 4], Vec<String>)>,
    /// Per concept: how many equilibria.
    counts: [usize; 4],
    /// Equilibria under any concept, the first `LISTED` in each order: in words, as choices to
    /// load, marked per concept.
    by_concepts: Vec<Row>,
    nearest: Vec<Row>,
    /// How many packages are an equilibrium under any concept.
    equilibria: usize,
    /// Paths of unilateral improvements from the status quo: to what, and each step.
    paths: Vec<(String, [bool; 4], Vec<String>)>,
}

#[derive(Debug)]
struct Row {
    description: String,
    /// Per position: its id and the piece of its domain the state takes.
    values: Vec<(String, DomainValue)>,
    marks: [bool; 4],
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Stable under the most concepts first.
    #[default]
    MostConcepts,
    /// Fewest positions changed from the scenario first.
    Nearest,
}

struct Job {
    key: Key,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    receiver: mpsc::Receiver<Result<Analysis, String>>,
}

/// The model and choices an analysis is of.
type Key = (Arc<Model>, Choices);

#[derive(Default)]
pub struct StabilityState {
    job: Option<Job>,
    result: Option<(Key, Result<Arc<Analysis>, String>)>,
    order: Order,
}

impl std::fmt::Debug for StabilityState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StabilityState")
            .field("running", &self.job.is_some())
            .finish()
    }
}

fn same(a: &Key, model: &Arc<Model>, choices: &Choices) -> bool {
    Arc::ptr_eq(&a.0, model) && &a.1 == choices
}

/// The passes of the classification: one per party and concept.
fn passes(model: &Model) -> usize {
    model.parties.len() * Concept::ALL.len()
}

impl StabilityState {
    /// Starts the analysis of `doc` unless it is running or done for it; takes in its answer.
    pub fn update(&mut self, ctx: &egui::Context, doc: &Document) {
        let (model, choices) = (&doc.model, &doc.scenario.choices);
        if let Some(job) = &self.job {
            match job.receiver.try_recv() {
                Ok(answer) => {
                    self.result = Some((job.key.clone(), answer.map(Arc::new)));
                    self.job = None;
                }
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => self.job = None,
            }
        }
        let current = self
            .job
            .as_ref()
            .map(|j| &j.key)
            .or(self.result.as_ref().map(|(k, _)| k));
        if current.is_some_and(|k| same(k, model, choices)) {
            return;
        }
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
        }
        if model.parties.iter().all(|p| p.controls.is_empty()) {
            self.result = None;
            return;
        }
        let (sender, receiver) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicUsize::new(0));
        let key = (model.clone(), choices.clone());
        let (job_key, job_cancel, job_done, repaint) =
            (key.clone(), cancel.clone(), done.clone(), ctx.clone());
        super::in_background(move || {
            let answer = analyse(&job_key.0, &job_key.1, &job_cancel, &|| {
                job_done.fetch_add(1, Ordering::Relaxed);
                repaint.request_repaint();
            });
            let _ = sender.send(answer);
            repaint.request_repaint();
        });
        self.job = Some(Job {
            key,
            cancel,
            done,
            receiver,
        });
    }

    fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
            self.result = Some((job.key, Err("Stopped: the analysis was cancelled.".into())));
        }
    }
}

/// The whole analysis, as the tab shows it; `stop` is asked between passes.
fn analyse(
    model: &Model,
    choices: &Choices,
    cancel: &AtomicBool,
    progressed: &dyn Fn(),
) -> Result<Analysis, String> {
    let (conflict, states) =
        conflict_within(model, choices, false, MAX_STATES).map_err(|e| e.to_string())?;
    let sq = states
        .state_of(choices)
        .ok_or("The scenario's package is one the model says cannot happen (infeasible).")?;
    let mut stable = Vec::new();
    for concept in Concept::ALL {
        let mut per_party = Vec::new();
        for party in 0..model.parties.len() {
            if cancel.load(Ordering::Relaxed) {
                return Err("Stopped: the analysis was cancelled.".into());
            }
            per_party.push(conflict.classify_party(party, concept));
            progressed();
        }
        stable.push(per_party);
    }
    let marks =
        |s: usize| -> [bool; 4] { std::array::from_fn(|c| stable[c].iter().all(|party| party[s])) };
    let status_quo = model
        .parties
        .iter()
        .enumerate()
        .map(|(party, p)| {
            let verdicts: Vec<(Concept, Stability)> = Concept::ALL
                .iter()
                .map(|&c| (c, conflict.verdict(party, sq, c)))
                .collect();
            let lines = explain(model, &conflict, &states, party, sq, &verdicts);
            (
                p.name.clone(),
                std::array::from_fn(|c| stable[c][party][sq]),
                lines,
            )
        })
        .collect();
    let counts: [usize; 4] = std::array::from_fn(|c| equilibria_of(&stable[c]).len());
    let any: Vec<usize> = (0..states.packages.len())
        .filter(|&s| marks(s).iter().any(|&m| m))
        .collect();
    // Both orders are sorted here, beside the window, and only what is listed is put in words.
    let changes = |s: usize| {
        states.packages[s]
            .iter()
            .zip(&states.packages[sq])
            .filter(|(a, b)| a != b)
            .count()
    };
    let row = |s: usize| Row {
        description: states.describe(model, sq, s),
        values: states
            .domains
            .iter()
            .zip(&states.packages[s])
            .map(|(d, &v)| (d.position.clone(), d.values[usize::from(v)].clone()))
            .collect(),
        marks: marks(s),
    };
    let mut order = any.clone();
    order.sort_by_key(|&s| {
        (
            std::cmp::Reverse(marks(s).iter().filter(|m| **m).count()),
            changes(s),
        )
    });
    let by_concepts = order.iter().take(LISTED).map(|&s| row(s)).collect();
    order.sort_by_key(|&s| changes(s));
    let nearest = order.iter().take(LISTED).map(|&s| row(s)).collect();
    let paths = conflict
        .improvement_paths(sq, &any)
        .into_iter()
        .filter(|(_, path)| !path.is_empty())
        .take(LISTED)
        .map(|(to, path)| {
            let mut at = sq;
            let steps = path
                .iter()
                .map(|&(party, state)| {
                    let step = format!(
                        "{} moves to {}",
                        model.parties[party].name,
                        states.describe(model, at, state)
                    );
                    at = state;
                    step
                })
                .collect();
            (states.describe(model, sq, to), marks(to), steps)
        })
        .collect();
    Ok(Analysis {
        states: states.packages.len(),
        status_quo,
        counts,
        by_concepts,
        nearest,
        equilibria: any.len(),
        paths,
    })
}

fn mark(stable: bool) -> RichText {
    if stable {
        RichText::new("✔ stable").color(egui::Color32::from_rgb(0x2e, 0x9d, 0x4f))
    } else {
        RichText::new("✖ moves").color(egui::Color32::from_rgb(0xd3, 0x3b, 0x3b))
    }
}

fn concepts_of(marks: &[bool; 4]) -> String {
    let names: Vec<&str> = Concept::ALL
        .iter()
        .zip(marks)
        .filter(|(_, m)| **m)
        .map(|(c, _)| c.name())
        .collect();
    names.join(", ")
}

pub fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut StabilityState,
    commands: &mut Vec<Command>,
) {
    state.update(ui.ctx(), doc);
    egui::ScrollArea::vertical()
        .id_salt("stability_tab")
        .auto_shrink([false, false])
        .show(ui, |ui| show_inside(ui, doc, state, commands));
}

fn show_inside(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut StabilityState,
    commands: &mut Vec<Command>,
) {
    ui.label(
        RichText::new(
            "Would a party move away from this package on its own, and would the others' \
             answers deter it? Nash: it has no move it prefers. GMR: every such move can be \
             answered by the others with a package it likes no better. SMR: as GMR, and it \
             cannot escape that answer. SEQ: as GMR, with an answer the others would want to \
             give. (The graph model for conflict resolution.)",
        )
        .weak(),
    );
    if doc.model.parties.iter().all(|p| p.controls.is_empty()) {
        ui.add_space(6.0);
        ui.label(
            "No party in this model controls any position, so nothing can move and there is \
             nothing to analyse. A model says which positions each party can change on its own \
             with `controls` (see the scenario format); File → Open example has none, but \
             scenarios/prisoners-dilemma.ron does.",
        );
        return;
    }
    if let Some(job) = &state.job {
        let done = job.done.load(Ordering::Relaxed);
        let mut cancel = false;
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!(
                "Analysing stability… {done} of {} passes",
                passes(&doc.model)
            ));
            cancel = ui.button("Cancel the analysis").clicked();
        });
        if cancel {
            state.cancel();
        }
        return;
    }
    let Some((_, result)) = &state.result else {
        return;
    };
    let analysis = match result {
        Ok(analysis) => analysis.clone(),
        Err(why) => {
            ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
            return;
        }
    };
    ui.add_space(4.0);
    ui.heading("This package");
    ui.label(
        RichText::new(format!(
            "{} packages are states here. Each party, under each concept:",
            analysis.states
        ))
        .weak(),
    );
    egui::Grid::new("stability_status_quo")
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Party").strong());
            for c in Concept::ALL {
                ui.label(RichText::new(c.name()).strong());
            }
            ui.end_row();
            for (name, stable, _) in &analysis.status_quo {
                ui.label(name);
                for &s in stable {
                    ui.label(mark(s));
                }
                ui.end_row();
            }
        });
    for (name, _, lines) in &analysis.status_quo {
        egui::CollapsingHeader::new(format!("Why: {name}"))
            .id_salt(("stability_why", name))
            .show(ui, |ui| {
                for line in lines {
                    ui.label(line.trim_start());
                }
            });
    }
    let here: [bool; 4] = std::array::from_fn(|c| analysis.status_quo.iter().all(|(_, s, _)| s[c]));
    ui.label(if here.iter().any(|&m| m) {
        format!(
            "This package is an equilibrium under: {}.",
            concepts_of(&here)
        )
    } else {
        "This package is no equilibrium under any concept.".to_owned()
    });

    ui.add_space(8.0);
    ui.heading("Equilibria");
    let counts: Vec<String> = Concept::ALL
        .iter()
        .zip(analysis.counts)
        .map(|(c, n)| format!("{} {n}", c.name()))
        .collect();
    ui.label(format!(
        "Packages stable for every party: {}.",
        counts.join(" · ")
    ));
    ui.horizontal(|ui| {
        ui.label("Order:");
        ui.selectable_value(&mut state.order, Order::MostConcepts, "Most concepts first");
        ui.selectable_value(
            &mut state.order,
            Order::Nearest,
            "Nearest to this package first",
        );
    });
    let rows = match state.order {
        Order::MostConcepts => &analysis.by_concepts,
        Order::Nearest => &analysis.nearest,
    };
    for (n, row) in rows.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            if ui.button(format!("Load equilibrium {}", n + 1)).clicked() {
                commands.push(Command::Edit {
                    edit: Edit::SetChoices(near(&doc.scenario.choices, &row.values)),
                    merge: false,
                });
            }
            ui.label(RichText::new(concepts_of(&row.marks)).strong());
            ui.label(&row.description);
        });
    }
    if analysis.equilibria > rows.len() {
        ui.label(format!("… and {} more.", analysis.equilibria - rows.len()));
    }

    if !analysis.paths.is_empty() {
        ui.add_space(8.0);
        ui.heading("From this package");
        ui.label(
            RichText::new(
                "The shortest paths of unilateral improvements (each party moving to a package \
                 it prefers) that reach an equilibrium:",
            )
            .weak(),
        );
        for (to, marks, steps) in &analysis.paths {
            ui.label(format!("To {to} ({}):", concepts_of(marks)));
            for (k, step) in steps.iter().enumerate() {
                ui.label(format!("    {}. {step}", k + 1));
            }
        }
    }
}

/// A state's choices, keeping the scenario's own number where it falls in the same piece.
fn near(current: &Choices, values: &[(String, DomainValue)]) -> Choices {
    values
        .iter()
        .map(|(id, value)| {
            let pick = match current.get(id) {
                Some(now) if value.contains(now) => now.clone(),
                _ => value.pick.clone(),
            };
            (id.clone(), pick)
        })
        .collect()
}
