//! The Stability tab: the graph model for conflict resolution on the open scenario. Worked out
//! off the UI thread whenever the model or the choices change.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use egui::RichText;

use crate::model::Document;
use crate::model::deal_space::Control;
use crate::model::edit::Edit;
use crate::model::eval::Choices;
use crate::model::space::DomainValue;
use crate::model::stability::{
    Concept, Conflict, Stability, StabilityError, States, conflict_within, describe_change,
    equilibria_of, explain, planned_steps, teach,
};
use crate::model::types::{Model, format_count};

use crate::ui::command::Command;

mod analysis;
mod coalition;
mod equilibria;
mod graph;
mod lessons;
mod make_stable;

use crate::ui::platform::tasks::{self, Polled, Task};
use crate::ui::widgets::theme;
use analysis::*;
use coalition::*;
use equilibria::*;
use make_stable::*;

/// Most states the browser build analyses: it has no thread to do it beside the page.
#[cfg(target_arch = "wasm32")]
const MAX_STATES: usize = 5_000;
#[cfg(not(target_arch = "wasm32"))]
const MAX_STATES: usize = crate::model::stability::MAX_STATES;

/// How wide the equilibria table's package column is.
const PACKAGE_WIDTH: f32 = 300.0;

/// Most moves explained per party (or coalition) at the package on screen.
const EXPLAINED: usize = 50;

/// Most packages for "Make this package stable…": its conditions search from every move.
const MAX_MADE_STABLE: usize = 4_096;

/// Most equilibria listed.
const LISTED: usize = 200;

struct Job {
    key: Key,
    /// Its control cancels the work (checked every few thousand steps) and counts its steps.
    task: Task<Result<Analysis, String>>,
}

/// The model and choices an analysis is of.
type Key = (Arc<Model>, Choices);

#[derive(Default)]
pub struct StabilityState {
    job: Option<Job>,
    /// Jobs told to stop whose threads have not yet ended: no new analysis starts until they
    /// have, so there is one analysis at a time however fast the picks come.
    stopping: Vec<Job>,
    result: Option<(Key, Result<Arc<Analysis>, String>)>,
    sort: Sort,
    /// The rows listed, for the analysis and order they were worked out for.
    rows: Option<(Arc<Analysis>, Sort, Arc<Vec<Row>>)>,
    /// The ids of the parties ticked to act as one.
    coalition: Vec<String>,
    coalition_job: Option<(CoalitionKey, Task<Together>)>,
    together: Option<(CoalitionKey, Arc<Together>)>,
    /// The party whose preferences "Make this package stable…" varies, and its answer.
    vary: Option<usize>,
    made_stable_job: Option<(MadeStableKey, Task<MadeStable>)>,
    made_stable: Option<(MadeStableKey, Arc<MadeStable>)>,
}

/// A coalition's verdict is of an analysis (by pointer) and its members (by index).
type CoalitionKey = (Arc<Analysis>, Vec<usize>);

/// A coalition's verdict at the status quo: per concept, and why; and over every package,
/// which equilibria of the parties alone still hold with it acting as one.
#[derive(Debug)]
struct Together {
    marks: [bool; 4],
    lines: Vec<String>,
    /// Per equilibrium of the analysis (by state): per concept, whether it holds.
    holds: HashMap<usize, [bool; 4]>,
    /// Per concept: how many equilibria hold.
    kept: [usize; 4],
}

enum CoalitionAnswer {
    TooFew,
    /// With the verdict for the same parties at the package before, if there is one.
    Judging(Option<Arc<Together>>),
    Judged(Arc<Together>),
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

impl StabilityState {
    /// Starts the analysis of `doc` unless it is running or done for it; takes in its answer.
    /// A running analysis of another package is stopped first: the next starts once it has.
    pub fn update(&mut self, ctx: &egui::Context, doc: &Document) {
        let (model, choices) = (&doc.model, &doc.scenario.choices);
        if let Some(job) = &self.job {
            match job.task.poll() {
                Polled::Got(answer) => {
                    self.result = Some((job.key.clone(), answer.map(Arc::new)));
                    self.job = None;
                }
                Polled::Waiting => {}
                Polled::Ended => self.job = None,
            }
        }
        self.stopping.retain(|job| !job.task.finished());
        let current = self
            .job
            .as_ref()
            .map(|j| &j.key)
            .or(self.result.as_ref().map(|(k, _)| k));
        if current.is_some_and(|k| same(k, model, choices)) {
            return;
        }
        if let Some(job) = self.job.take() {
            job.task.cancel();
            self.stopping.push(job);
        }
        if model.parties.iter().all(|p| p.controls.is_empty()) {
            self.result = None;
            return;
        }
        if !self.stopping.is_empty() {
            // Asked again each frame until the stopped analysis has ended (a few milliseconds).
            ctx.request_repaint_after(std::time::Duration::from_millis(20));
            return;
        }
        let key = (model.clone(), choices.clone());
        // Progress repaints a few times a second at most: the tab shows the share done.
        let job_key = key.clone();
        let task = Task::spawn(ctx, tasks::watched(ctx), move |control, send| {
            let planned = planned_steps(&job_key.0, &job_key.1, false, Concept::ALL.len());
            control.planned.store(planned, Ordering::Relaxed);
            send(analyse(&job_key.0, &job_key.1, control));
        });
        self.job = Some(Job { key, task });
    }

    /// The rows to list for `analysis` in the chosen order, worked out again only when either
    /// changes.
    fn rows_for(&mut self, model: &Model, analysis: &Arc<Analysis>) -> Arc<Vec<Row>> {
        match &self.rows {
            Some((of, sort, rows)) if Arc::ptr_eq(of, analysis) && *sort == self.sort => {
                rows.clone()
            }
            _ => {
                let rows = Arc::new(listed(model, analysis, self.sort));
                self.rows = Some((analysis.clone(), self.sort, rows.clone()));
                rows
            }
        }
    }

    /// The ticked coalition's verdict at the status quo: judged beside the window, since the
    /// search from each joint improvement may take a while on a large model. Nothing is
    /// started unless `start` (not for an analysis only shown until the next is in).
    fn together(
        &mut self,
        ctx: &egui::Context,
        model: &Arc<Model>,
        analysis: &Arc<Analysis>,
        start: bool,
    ) -> CoalitionAnswer {
        let members = self.members(model);
        if members.len() < 2 {
            return CoalitionAnswer::TooFew;
        }
        let is_for = |key: &CoalitionKey| Arc::ptr_eq(&key.0, analysis) && key.1 == members;
        if let Some((key, task)) = &self.coalition_job
            && let Polled::Got(together) = task.poll()
        {
            self.together = Some((key.clone(), Arc::new(together)));
            self.coalition_job = None;
        }
        if let Some((key, together)) = &self.together
            && is_for(key)
        {
            return CoalitionAnswer::Judged(together.clone());
        }
        let before = self
            .together
            .as_ref()
            .filter(|(key, _)| key.1 == members)
            .map(|(_, together)| together.clone());
        if !start {
            return CoalitionAnswer::Judging(before);
        }
        if !self
            .coalition_job
            .as_ref()
            .is_some_and(|(key, _)| is_for(key))
        {
            // A job for another coalition is left to finish; its answer is not taken.
            let (model, analysis_for_job, job_members) =
                (model.clone(), analysis.clone(), members.clone());
            let task = Task::spawn(ctx, Arc::default(), move |control, send| {
                let (conflict, states) = &*analysis_for_job.graph;
                let sq = analysis_for_job.sq;
                let verdicts: Vec<(Concept, Stability)> = Concept::ALL
                    .into_iter()
                    .zip(conflict.coalition_verdicts(&job_members, sq, &Concept::ALL))
                    .collect();
                let equilibria = &analysis_for_job.equilibria;
                let alone: Vec<(Concept, Vec<usize>)> = Concept::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(c, concept)| {
                        let states = equilibria.iter().filter(|e| e.marks[c]).map(|e| e.state);
                        (concept, states.collect())
                    })
                    .collect();
                let Ok(kept) = conflict.coalition_equilibria_within(&job_members, &alone, control)
                else {
                    return;
                };
                let mut holds: HashMap<usize, [bool; 4]> = HashMap::new();
                for (c, (_, states)) in kept.iter().enumerate() {
                    for &s in states {
                        holds.entry(s).or_default()[c] = true;
                    }
                }
                send(Together {
                    marks: std::array::from_fn(|c| verdicts[c].1.stable),
                    lines: explain(&model, states, &job_members, sq, &verdicts, EXPLAINED),
                    holds,
                    kept: std::array::from_fn(|c| kept.get(c).map_or(0, |(_, s)| s.len())),
                });
            });
            self.coalition_job = Some(((analysis.clone(), members), task));
        }
        CoalitionAnswer::Judging(before)
    }

    /// The ticked parties, by index in `model`.
    fn members(&self, model: &Model) -> Vec<usize> {
        model
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| self.coalition.contains(&p.id))
            .map(|(i, _)| i)
            .collect()
    }

    /// The ticked coalition's name and verdict, where it is judged for `analysis`.
    fn judged_together(
        &self,
        model: &Model,
        analysis: &Arc<Analysis>,
    ) -> Option<(String, Arc<Together>)> {
        let (key, together) = self.together.as_ref()?;
        let members = self.members(model);
        if !Arc::ptr_eq(&key.0, analysis) || key.1 != members {
            return None;
        }
        let names: Vec<&str> = members
            .iter()
            .map(|&p| model.parties[p].short.as_str())
            .collect();
        Some((names.join(" + "), together.clone()))
    }

    /// Which rankings of `party`'s make the analysis's package an equilibrium: worked out
    /// beside the window (counting tries every ranking). `None` until known; nothing is started
    /// unless `start`.
    fn made_stable(
        &mut self,
        ctx: &egui::Context,
        model: &Arc<Model>,
        analysis: &Arc<Analysis>,
        party: usize,
        start: bool,
    ) -> Option<Arc<MadeStable>> {
        let is_for = |key: &MadeStableKey| Arc::ptr_eq(&key.0, analysis) && key.1 == party;
        if let Some((key, task)) = &self.made_stable_job
            && let Polled::Got(made) = task.poll()
        {
            self.made_stable = Some((key.clone(), Arc::new(made)));
            self.made_stable_job = None;
        }
        if let Some((key, made)) = &self.made_stable
            && is_for(key)
        {
            return Some(made.clone());
        }
        if start
            && !self
                .made_stable_job
                .as_ref()
                .is_some_and(|(key, _)| is_for(key))
        {
            // A job for another party or package is left to finish; its answer is not taken.
            let (model, for_job) = (model.clone(), analysis.clone());
            let task = Task::spawn(ctx, Arc::default(), move |_, send| {
                send(work_out(&model, &for_job, party));
            });
            self.made_stable_job = Some(((analysis.clone(), party), task));
        }
        None
    }

    /// Analyses whose threads have not ended: the one running, and any told to stop.
    pub fn running(&self) -> usize {
        self.job
            .iter()
            .chain(&self.stopping)
            .filter(|j| !j.task.finished())
            .count()
    }

    fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.task.cancel();
            self.result = Some((job.key.clone(), Err(CANCELLED.into())));
            self.stopping.push(job);
        }
    }
}

pub fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut StabilityState,
    commands: &mut Vec<Command>,
) {
    state.update(ui.ctx(), doc);
    // Both ways, for a table wider than the window; the text still wraps at the window.
    let width = ui.available_width();
    egui::ScrollArea::both()
        .id_salt("stability_tab")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(width);
            show_inside(ui, doc, state, commands);
        });
}

fn show_inside(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut StabilityState,
    commands: &mut Vec<Command>,
) {
    let width = ui.max_rect().width();
    ui.label(
        RichText::new(
            "Would a party move away from this package on its own, and would the others' \
             answers deter it? (The graph model for conflict resolution.)",
        )
        .weak(),
    );
    if doc.model.parties.iter().all(|p| p.controls.is_empty()) {
        ui.add_space(6.0);
        ui.label(
            "No party in this model controls any position, so nothing can move and there is \
             nothing to analyse. Say which positions each party can change on its own in the \
             model editor (View → Model editor…, a party's \"For the stability analysis\": \
             \"Can change on its own\"), and what it wants there too; in a file, each party's \
             controls and preferences fields (see docs/scenario-format.md). A model whose \
             source does not say who could change what alone leaves them out. File → Open \
             example → \"The prisoner's dilemma (teaching example for stability analysis)\" \
             is an example that gives them.",
        );
        return;
    }
    // The last answer, while only the choices changed (another model may have other parties
    // and positions).
    let previous = match &state.result {
        Some((key, Ok(analysis))) if Arc::ptr_eq(&key.0, &doc.model) => Some(analysis.clone()),
        _ => None,
    };
    if let Some(job) = &state.job {
        let share = job.task.control().share_done().unwrap_or_default();
        let mut cancel = false;
        // The button first, so it stays put as the words change; no spinner: the share done,
        // redrawn a few times a second, says the work goes on without keeping the window busy.
        ui.horizontal(|ui| {
            cancel = ui.button("Cancel the analysis").clicked();
            ui.label(format!(
                "Analysing stability for this package… {:.0} % ({})",
                share * 100.0,
                job.task.control().stage().describe()
            ));
        });
        if cancel {
            state.cancel();
        }
        // The last answer stays, dimmed and inert, so the page neither blanks nor jumps.
        if let Some(analysis) = previous {
            ui.label(RichText::new("Below, greyed: the package before.").weak());
            ui.add_enabled_ui(false, |ui| {
                show_analysis(ui, doc, state, &analysis, width, commands);
            });
        }
        return;
    }
    let Some((_, result)) = &state.result else {
        return;
    };
    let analysis = match result {
        Ok(analysis) => analysis.clone(),
        Err(why) => {
            let cancelled = why == CANCELLED;
            ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
            if cancelled && ui.button("Analyse this package again").clicked() {
                // No answer for it now: the next frame starts the analysis.
                state.result = None;
                ui.ctx().request_repaint();
            }
            return;
        }
    };
    show_analysis(ui, doc, state, &analysis, width, commands);
}

/// The analysis: this package per party and together, the equilibria, the paths.
fn show_analysis(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut StabilityState,
    analysis: &Arc<Analysis>,
    width: f32,
    commands: &mut Vec<Command>,
) {
    lessons::concepts(ui, analysis.small.is_some());
    // A small model is shown whole first: students would rather look than read.
    if let Some(small) = &analysis.small {
        lessons::preferences(ui, doc, analysis, small);
        graph::show(ui, doc, analysis, small, commands);
    }
    ui.add_space(4.0);
    ui.heading("This package");
    ui.label(
        RichText::new(format!(
            "Would each party stay at this package? (The analysis takes {} packages as its \
             states.)",
            format_count(analysis.states as f64)
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
            for (party, (name, stable, _)) in doc.model.parties.iter().zip(&analysis.status_quo) {
                // Stable by default, not by choice: a party that controls nothing cannot move.
                if party.controls.is_empty() {
                    ui.label(format!("{name} (controls nothing)"))
                        .on_hover_text("It cannot move at all, so it stays under every concept");
                } else {
                    ui.label(name);
                }
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
    coalition(ui, doc, state, analysis);
    if analysis.states <= MAX_MADE_STABLE {
        make_stable(ui, doc, state, analysis);
    }

    ui.add_space(8.0);
    ui.heading("Equilibria");
    let counts: Vec<String> = Concept::ALL
        .iter()
        .zip(analysis.counts)
        .map(|(c, n)| format!("{} {}", c.name(), format_count(n as f64)))
        .collect();
    ui.label(format!(
        "Packages stable for every party: {}.",
        counts.join(" · ")
    ));
    if analysis.equilibria.is_empty() {
        ui.label("No package is an equilibrium under any concept.");
    } else {
        ui.label(
            RichText::new(
                "Click the name of any column but What changes (and a coalition's With …) to sort by it: ⏷ lists the best first (stable, the most \
                 concepts, the fewest changes, a party's favourites); a second click reverses \
                 it (⏶). A rank is the package's place in that party's preferences over all \
                 packages: 1 is its favourite, and packages it likes equally share a rank.",
            )
            .weak(),
        );
        let rows = state.rows_for(&doc.model, analysis);
        let together = state.judged_together(&doc.model, analysis);
        equilibria_table(
            ui,
            doc,
            analysis,
            &rows,
            together.as_ref(),
            &mut state.sort,
            commands,
        );
        if analysis.equilibria.len() > rows.len() {
            ui.label(format!(
                "… and {} more: sort by another column to list others.",
                format_count((analysis.equilibria.len() - rows.len()) as f64)
            ));
        }
    }

    // Room for the horizontal scroll bar a wide table brings, off the last line.
    ui.add_space(14.0);
    if !analysis.equilibria.is_empty() {
        // A table wider than the window widens the rest of the tab: this keeps to the window.
        ui.vertical(|ui| {
            ui.set_max_width(width);
            ui.add_space(8.0);
            ui.heading("From this package");
            if analysis.paths.is_empty() {
                ui.label(
                    "No path of unilateral improvements leads from this package to another \
                     equilibrium.",
                );
                return;
            }
            ui.label(
                RichText::new(
                    "The shortest paths of unilateral improvements (each party moving to a package \
                 it prefers) that reach an equilibrium:",
                )
                .weak(),
            );
            if here.iter().any(|&m| m) {
                ui.label(RichText::new(teach::STABLE_YET_LEFT).weak());
            }
            for (to, marks, steps) in &analysis.paths {
                ui.label(format!("To {to} ({}):", concepts_of(marks)));
                for (k, step) in steps.iter().enumerate() {
                    ui.label(format!("    {}. {step}", k + 1));
                }
            }
        });
    }
    // The last line clear of the horizontal scroll bar too.
    ui.add_space(14.0);
}
