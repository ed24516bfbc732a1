//! Long file: the tab, its background analysis and its tables share one state.
//! The Stability tab: the graph model for conflict resolution on the open scenario. Worked out
//! off the UI thread whenever the model or the choices change.

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
    equilibria_of, explain, planned_steps,
};
use crate::model::types::{Model, format_count};

use crate::ui::command::Command;
use crate::ui::platform::tasks::{self, Polled, Task};
use crate::ui::widgets::theme;

/// Most states the browser build analyses: it has no thread to do it beside the page.
#[cfg(target_arch = "wasm32")]
const MAX_STATES: usize = 5_000;
#[cfg(not(target_arch = "wasm32"))]
const MAX_STATES: usize = crate::model::stability::MAX_STATES;

/// How wide the equilibria table's package column is.
const PACKAGE_WIDTH: f32 = 300.0;

/// Most moves explained per party (or coalition) at the package on screen.
const EXPLAINED: usize = 50;

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
    /// Every package that is an equilibrium under any concept, with what the table sorts by.
    equilibria: Vec<Equilibrium>,
    /// The graph and its states, kept to word rows and to judge a coalition, and the status
    /// quo's state.
    graph: Arc<(Conflict, States)>,
    sq: usize,
    /// Paths of unilateral improvements from the status quo: to what, and each step.
    paths: Vec<(String, [bool; 4], Vec<String>)>,
}

#[derive(Debug)]
struct Equilibrium {
    /// Its state in the analysis' graph.
    state: usize,
    marks: [bool; 4],
    /// Positions that differ from the status quo.
    changes: usize,
    /// Per party: its place for the package in its preferences (1 is its favourite).
    ranks: Vec<usize>,
}

impl Equilibrium {
    fn concepts(&self) -> usize {
        self.marks.iter().filter(|m| **m).count()
    }
}

/// A column of the equilibria table, to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// How many concepts the package is an equilibrium under.
    Concepts,
    Concept(usize),
    /// How many positions it changes from the package on screen.
    Changes,
    /// Its place in one party's preferences.
    Rank(usize),
}

/// The equilibria table's order: by a column, the natural way first (stable first, fewest
/// changes first, a party's favourites first) or reversed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub reversed: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            column: Column::Concepts,
            reversed: false,
        }
    }
}

impl Sort {
    fn compare(self, a: &Equilibrium, b: &Equilibrium) -> std::cmp::Ordering {
        let natural = match self.column {
            Column::Concepts => b.concepts().cmp(&a.concepts()),
            Column::Concept(c) => b.marks[c].cmp(&a.marks[c]),
            Column::Changes => a.changes.cmp(&b.changes),
            // A column of another model's party sorts nothing.
            Column::Rank(p) => a.ranks.get(p).cmp(&b.ranks.get(p)),
        };
        let primary = if self.reversed {
            natural.reverse()
        } else {
            natural
        };
        // Ties: most concepts, then fewest changes; the rest keep the states' order.
        primary
            .then_with(|| b.concepts().cmp(&a.concepts()))
            .then_with(|| a.changes.cmp(&b.changes))
    }
}

/// One listed equilibrium, in words.
#[derive(Debug)]
struct Row {
    description: String,
    /// Per position: its id and the piece of its domain the state takes.
    values: Vec<(String, DomainValue)>,
    marks: [bool; 4],
    changes: usize,
    ranks: Vec<usize>,
}

/// The first `LISTED` equilibria in `sort`'s order, in words: a selection, then a sort of
/// those alone, so a click on a header costs one pass over the equilibria.
fn listed(model: &Model, analysis: &Analysis, sort: Sort) -> Vec<Row> {
    let mut order: Vec<&Equilibrium> = analysis.equilibria.iter().collect();
    let compare = |a: &&Equilibrium, b: &&Equilibrium| sort.compare(a, b);
    if order.len() > LISTED {
        order.select_nth_unstable_by(LISTED, compare);
        order.truncate(LISTED);
    }
    order.sort_by(compare);
    let domains = &analysis.graph.1.domains;
    order
        .into_iter()
        .map(|e| Row {
            description: describe_change(
                model,
                domains,
                &analysis.graph.1.packages[analysis.sq],
                &analysis.graph.1.packages[e.state],
                "this package (no change)",
            ),
            values: domains
                .iter()
                .zip(&analysis.graph.1.packages[e.state])
                .map(|(d, &v)| (d.position.clone(), d.values[usize::from(v)].clone()))
                .collect(),
            marks: e.marks,
            changes: e.changes,
            ranks: e.ranks.clone(),
        })
        .collect()
}

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
}

/// A coalition's verdict is of an analysis (by pointer) and its members (by index).
type CoalitionKey = (Arc<Analysis>, Vec<usize>);

/// A coalition's verdict at the status quo: per concept, and why.
#[derive(Debug)]
struct Together {
    marks: [bool; 4],
    lines: Vec<String>,
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
        let members: Vec<usize> = model
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| self.coalition.contains(&p.id))
            .map(|(i, _)| i)
            .collect();
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
            let task = Task::spawn(ctx, Arc::default(), move |_, send| {
                let (conflict, states) = &*analysis_for_job.graph;
                let sq = analysis_for_job.sq;
                let verdicts: Vec<(Concept, Stability)> = Concept::ALL
                    .into_iter()
                    .zip(conflict.coalition_verdicts(&job_members, sq, &Concept::ALL))
                    .collect();
                send(Together {
                    marks: std::array::from_fn(|c| verdicts[c].1.stable),
                    lines: explain(&model, states, &job_members, sq, &verdicts, EXPLAINED),
                });
            });
            self.coalition_job = Some(((analysis.clone(), members), task));
        }
        CoalitionAnswer::Judging(before)
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

/// What the tab says of an analysis the user stopped.
const CANCELLED: &str = "Stopped: the analysis was cancelled.";

/// What stopped an analysis, as the tab says it.
fn words(e: StabilityError) -> String {
    match e {
        StabilityError::Cancelled => CANCELLED.to_owned(),
        e => {
            let text = e.to_string();
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        }
    }
}

/// The whole analysis, as the tab shows it; `control` stops it within a few thousand steps.
fn analyse(model: &Model, choices: &Choices, control: &Control) -> Result<Analysis, String> {
    let (conflict, states) =
        conflict_within(model, choices, false, MAX_STATES, control).map_err(words)?;
    let sq = states
        .state_of(choices)
        .ok_or("The scenario's package is one the model says cannot happen (infeasible).")?;
    let stable = conflict
        .classify_within(&Concept::ALL, control)
        .map_err(words)?;
    let marks =
        |s: usize| -> [bool; 4] { std::array::from_fn(|c| stable[c].iter().all(|party| party[s])) };
    let status_quo = model
        .parties
        .iter()
        .enumerate()
        .map(|(party, p)| {
            // The party's moves found once for all four concepts.
            let verdicts: Vec<(Concept, Stability)> = Concept::ALL
                .into_iter()
                .zip(
                    conflict
                        .coalition_verdicts_within(&[party], sq, &Concept::ALL, control)
                        .map_err(words)?,
                )
                .collect();
            let lines = explain(model, &states, &[party], sq, &verdicts, EXPLAINED);
            Ok((
                p.name.clone(),
                std::array::from_fn(|c| stable[c][party][sq]),
                lines,
            ))
        })
        .collect::<Result<_, String>>()?;
    let counts: [usize; 4] = std::array::from_fn(|c| equilibria_of(&stable[c]).len());
    let any: Vec<usize> = (0..states.packages.len())
        .filter(|&s| marks(s).iter().any(|&m| m))
        .collect();
    let ranks: Vec<Vec<usize>> = (0..model.parties.len())
        .map(|party| conflict.ranks(party))
        .collect();
    let equilibria = any
        .iter()
        .map(|&s| Equilibrium {
            state: s,
            marks: marks(s),
            changes: states.packages[s]
                .iter()
                .zip(&states.packages[sq])
                .filter(|(a, b)| a != b)
                .count(),
            ranks: ranks.iter().map(|r| r[s]).collect(),
        })
        .collect();
    let paths = conflict
        .improvement_paths_within(sq, &any, control)
        .map_err(words)?
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
        equilibria,
        graph: Arc::new((conflict, states)),
        sq,
        paths,
    })
}

fn mark(stable: bool) -> RichText {
    if stable {
        RichText::new("✔ stable").color(theme::STABLE)
    } else {
        RichText::new("✖ moves").color(theme::MOVES)
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
             in each party's controls field (see docs/scenario-format.md). The bundled Berlin \
             model gives no party any, since the article does not say who could change what \
             alone. File → Open example → \"The prisoner's dilemma (teaching example for \
             stability analysis)\" is an example that does.",
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
    coalition(ui, doc, state, analysis);

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
                "Click the name of any column but What changes to sort by it: ⏷ lists the best first (stable, the most \
                 concepts, the fewest changes, a party's favourites); a second click reverses \
                 it (⏶). A rank is the package's place in that party's preferences over all \
                 packages: 1 is its favourite, and packages it likes equally share a rank.",
            )
            .weak(),
        );
        let rows = state.rows_for(&doc.model, analysis);
        equilibria_table(ui, doc, analysis, &rows, &mut state.sort, commands);
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

/// Parties to tick, and this package judged for them acting as one.
fn coalition(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut StabilityState,
    analysis: &Arc<Analysis>,
) {
    ui.add_space(6.0);
    ui.label(RichText::new("Parties acting together").strong());
    ui.label(
        RichText::new(
            "Tick two or more to judge this package for them as one: their moves are any \
             sequence of their own moves, an improvement is a package every one of them \
             prefers, and only the parties outside answer.",
        )
        .weak(),
    );
    ui.horizontal_wrapped(|ui| {
        for party in &doc.model.parties {
            let mut ticked = state.coalition.contains(&party.id);
            if ui.checkbox(&mut ticked, &party.name).changed() {
                if ticked {
                    state.coalition.push(party.id.clone());
                } else {
                    state.coalition.retain(|id| id != &party.id);
                }
            }
        }
    });
    let live = ui.is_enabled();
    match state.together(ui.ctx(), &doc.model, analysis, live) {
        CoalitionAnswer::TooFew => {
            let ticked = doc
                .model
                .parties
                .iter()
                .filter(|p| state.coalition.contains(&p.id));
            if ticked.count() == 1 {
                ui.label(RichText::new("Tick one more party.").weak());
            }
        }
        CoalitionAnswer::Judging(before) => {
            if live {
                ui.label("Judging the coalition…");
            }
            if let Some(together) = before {
                ui.add_enabled_ui(false, |ui| show_together(ui, &together));
            }
        }
        CoalitionAnswer::Judged(together) => show_together(ui, &together),
    }
}

/// A coalition's marks under each concept, and why.
fn show_together(ui: &mut egui::Ui, together: &Together) {
    egui::Grid::new("stability_coalition").show(ui, |ui| {
        ui.label("");
        for c in Concept::ALL {
            ui.label(RichText::new(c.name()).strong());
        }
        ui.end_row();
        ui.label("Together");
        for &s in &together.marks {
            ui.label(mark(s));
        }
        ui.end_row();
    });
    egui::CollapsingHeader::new("Why: together")
        .id_salt("stability_why_together")
        .show(ui, |ui| {
            for line in &together.lines {
                ui.label(line.trim_start());
            }
        });
}

/// The equilibria as a table: a header of sort buttons, then per row a load button, what
/// the package changes in words, its marks, changes and each party's rank.
fn equilibria_table(
    ui: &mut egui::Ui,
    doc: &Document,
    analysis: &Analysis,
    rows: &[Row],
    sort: &mut Sort,
    commands: &mut Vec<Command>,
) {
    let parties = &doc.model.parties;
    let mut columns = vec![(Column::Concepts, "Concepts".to_owned())];
    columns.extend(
        Concept::ALL
            .iter()
            .enumerate()
            .map(|(c, concept)| (Column::Concept(c), concept.name().to_owned())),
    );
    columns.push((Column::Changes, "Changes".to_owned()));
    columns.extend(
        parties
            .iter()
            .enumerate()
            // Short names keep the table narrow; the hover names the party in full.
            .map(|(p, party)| (Column::Rank(p), format!("{}'s rank", party.short))),
    );
    egui::Grid::new("stability_equilibria")
        .striped(true)
        // Packages wrap, so the marks and ranks stay in sight on a narrow window.
        .max_col_width(PACKAGE_WIDTH)
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new("What changes").strong())
                .on_hover_text(
                    "The package, by the positions where it differs from the package on screen",
                );
            for (column, name) in &columns {
                let active = sort.column == *column;
                let arrow = match (active, sort.reversed) {
                    (false, _) => "",
                    (true, false) => " ⏷",
                    (true, true) => " ⏶",
                };
                let hint = match column {
                    Column::Concepts => "How many of the four concepts the package is an \
                                         equilibrium under"
                        .to_owned(),
                    Column::Concept(c) => format!(
                        "Whether the package is an equilibrium under {} ({}): stable for \
                         every party",
                        Concept::ALL[*c].name(),
                        Concept::ALL[*c].long_name()
                    ),
                    Column::Changes => {
                        "How many positions the package changes from the package on screen"
                            .to_owned()
                    }
                    Column::Rank(p) => format!(
                        "The package's place in {}'s preferences over all {} packages: 1 is \
                         its favourite, and packages it likes equally share a place",
                        parties[*p].name,
                        format_count(analysis.states as f64)
                    ),
                };
                let header = ui
                    .selectable_label(active, RichText::new(format!("{name}{arrow}")).strong())
                    .on_hover_text(format!("{hint}. Click to sort by it; again to reverse."));
                if header.clicked() {
                    // Another column starts the natural way; the same one reverses.
                    *sort = Sort {
                        column: *column,
                        reversed: active && !sort.reversed,
                    };
                }
            }
            ui.end_row();
            for (n, row) in rows.iter().enumerate() {
                let load = ui
                    .add_enabled(
                        row.changes > 0,
                        egui::Button::new(format!("Load equilibrium {}", n + 1)),
                    )
                    .on_hover_text("Put this package on the table (one edit: Ctrl+Z undoes it)")
                    .on_disabled_hover_text("This is the package on the table now");
                if load.clicked() {
                    commands.push(Command::Edit {
                        edit: Edit::SetChoices(near(&doc.scenario.choices, &row.values)),
                        merge: false,
                    });
                }
                ui.add(egui::Label::new(&row.description).wrap());
                ui.label(format!("{} of 4", row.marks.iter().filter(|m| **m).count()));
                for &m in &row.marks {
                    ui.label(if m {
                        RichText::new("✔").color(theme::STABLE)
                    } else {
                        RichText::new("–").weak()
                    });
                }
                ui.label(row.changes.to_string());
                for rank in &row.ranks {
                    ui.label(rank.to_string());
                }
                ui.end_row();
            }
        });
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
