//! The Explore tab: which packages the chosen parties all accept, and if none, what stands in the
//! way, what must give, and how close the nearest packages come. The search runs on a worker
//! thread with progress and cancel; results for the bundled model arrive within a frame.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use egui::RichText;
use egui_plot::{Line, Plot, PlotPoints, Points};

use crate::model::deal_space::{
    AcceptablePage, Exploration, PackageView, Query, acceptable_page, explore_as_found,
};
use crate::model::edit::Edit;
use crate::model::wording;
use crate::model::{Document, Evaluation, Model};

use crate::ui::command::Command;
use crate::ui::platform::tasks::{self, Polled, Task};
use crate::ui::state::{ExploreInputs, SelectedPoint};
use crate::ui::widgets::theme;

mod plot;
mod results;
mod table;

use plot::*;
use results::*;
use table::*;

/// The question a result answers: the same model (by identity) and the same query.
#[derive(Clone, Debug)]
struct Key {
    model: Arc<Model>,
    query: Query,
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.model, &other.model) && self.query == other.query
    }
}

struct Job {
    key: Key,
    /// Sends each part as it is known, and last the whole answer (`true`).
    task: Task<(Result<Exploration, String>, bool)>,
    /// When it stops on its own, if it does.
    time_limit: Option<Duration>,
}

/// A page of the acceptable packages other than the search's own first page: another order,
/// or a later page.
#[derive(Clone, Debug, PartialEq)]
struct PageKey {
    search: Key,
    by_party: Option<usize>,
    page: usize,
}

struct PageJob {
    key: PageKey,
    task: Task<Result<AcceptablePage, String>>,
}

/// "10 s", "1.5 s".
fn seconds(time: Duration) -> String {
    format!(
        "{} s",
        crate::model::types::format_number(time.as_secs_f64())
    )
}

/// How long a search runs before it stops with what it has, unless the user lets it search on:
/// on a model too large to count, an answer between proven bounds comes in seconds rather than
/// a count in hours.
pub const SEARCH_TIME_LIMIT: Duration = Duration::from_secs(10);

#[derive(Default)]
pub struct ExploreState {
    /// See [`SEARCH_TIME_LIMIT`].
    time_limit: Duration,
    /// The question the user let search on without [`Self::time_limit`].
    unlimited: Option<Key>,
    /// The user cancelled the search shown.
    cancelled: bool,
    /// The time limit of the search shown, if it had one: a partial answer not cancelled ran
    /// out of it.
    shown_time_limit: Option<Duration>,
    job: Option<Job>,
    result: Option<(Key, Result<Exploration, String>)>,
    /// Counts the results that arrived, so a selection can tell it belongs to an older one.
    generation: u64,
    /// The page of acceptable packages shown, from 0; a new question starts again at 0.
    page: usize,
    /// Set by a page change: the next frame scrolls to the list's top, since the buttons
    /// that turn the page sit at its foot.
    scroll_to_list: bool,
    page_job: Option<PageJob>,
    page_result: Option<(PageKey, Result<AcceptablePage, String>)>,
}

enum Listing<'a> {
    Rows {
        packages: &'a [PackageView],
        more: bool,
        complete: bool,
    },
    Loading,
    Failed(&'a str),
}

const LISTED: usize = 50;
/// Acceptable packages shown at once.
const PAGE: usize = 20;

impl ExploreState {
    pub fn new(time_limit: Duration) -> Self {
        ExploreState {
            time_limit,
            ..ExploreState::default()
        }
    }

    /// Starts a search when the question changed, and collects a finished one; likewise the
    /// page of acceptable packages, ranked by `by_party`'s uncertain red lines if given.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        model: &Arc<Model>,
        query: Query,
        by_party: Option<usize>,
    ) {
        let key = Key {
            model: model.clone(),
            query,
        };
        self.update_search(ctx, &key);
        self.update_page(ctx, key, by_party);
    }

    fn update_page(&mut self, ctx: &egui::Context, search: Key, by_party: Option<usize>) {
        if let Some(job) = &self.page_job {
            match job.task.poll() {
                Polled::Got(result) => {
                    let job = self.page_job.take().expect("job present");
                    self.page_result = Some((job.key, result));
                }
                Polled::Waiting => {}
                Polled::Ended => self.page_job = None,
            }
        }
        // The search lists the first page in the first order itself.
        if by_party.is_none() && self.page == 0 {
            self.abandon_page();
            return;
        }
        let key = PageKey {
            search,
            by_party,
            page: self.page,
        };
        let current = self
            .page_job
            .as_ref()
            .map(|j| &j.key)
            .or(self.page_result.as_ref().map(|(k, _)| k));
        if current == Some(&key) {
            return;
        }
        self.abandon_page();
        // A page stops at the first packages it needs, so it is quick; in a browser, where it
        // runs between frames, it also stops after half a second, marked partial.
        let control = tasks::quick();
        let (model, query, page) = (key.search.model.clone(), key.search.query.clone(), key.page);
        let task = Task::spawn(ctx, control, move |control, send| {
            let answer = acceptable_page(&model, &query, by_party, page, PAGE, control);
            send(answer.map_err(|e| e.to_string()));
        });
        self.page_job = Some(PageJob { key, task });
    }

    fn abandon_page(&mut self) {
        if let Some(job) = self.page_job.take() {
            job.task.cancel();
        }
    }

    fn update_search(&mut self, ctx: &egui::Context, key: &Key) {
        let key = key.clone();
        while let Some(job) = &self.job {
            match job.task.poll() {
                Polled::Got((result, last)) => {
                    self.result = Some((job.key.clone(), result));
                    self.generation += 1;
                    if last {
                        self.job = None;
                    }
                }
                // Progress wakes the window itself (see `tasks::progress_repaints`); no polling.
                Polled::Waiting => break,
                Polled::Ended => self.job = None,
            }
        }
        let current = self
            .job
            .as_ref()
            .map(|j| &j.key)
            .or(self.result.as_ref().map(|(k, _)| k));
        if current == Some(&key) {
            return;
        }
        self.abandon();
        self.page = 0;
        let time_limit = (self.unlimited.as_ref() != Some(&key)).then_some(self.time_limit);
        self.cancelled = false;
        self.shown_time_limit = time_limit;
        let (model, query) = (key.model.clone(), key.query.clone());
        let job = || {
            crate::model::deal_space::search_job_text(&key.model, &key.query, LISTED, time_limit)
        };
        let control = tasks::watched(ctx);
        if let Some(limit) = time_limit {
            control.stop_after(limit);
        }
        let task = Task::spawn_or_in_worker(
            ctx,
            control,
            move |control, send| {
                let answer = explore_as_found(&model, &query, LISTED, control, &mut |part| {
                    send((Ok(part.clone()), false));
                });
                send((answer.map_err(|e| e.to_string()), true));
            },
            job,
            |answer| Some((crate::model::deal_space::search_answer(&answer), true)),
            Some(|e| (Err(e), true)),
        );
        self.job = Some(Job {
            key,
            task,
            time_limit,
        });
        ctx.request_repaint_after(std::time::Duration::from_millis(20));
    }

    /// Stops the search; what it found so far arrives as a partial result.
    pub fn cancel(&mut self) {
        self.cancelled = true;
        // A browser's worker that cannot share a stop flag with the page can only be ended,
        // and nothing comes back.
        if self.job.as_ref().is_some_and(|job| !job.task.cancel())
            && let Some(job) = self.job.take()
        {
            self.result = Some((
                job.key,
                Err(
                    "cancelled; this page cannot share memory with its search (its host does \
                     not send the headers for that), so a stopped search keeps nothing of what \
                     it found. Pin positions to make the space smaller, or use the desktop \
                     app, whose Cancel keeps the results so far"
                        .to_owned(),
                ),
            ));
            self.generation += 1;
        }
    }

    /// Stops a search whose question is no longer asked; its answer is not wanted.
    fn abandon(&mut self) {
        if let Some(job) = self.job.take() {
            job.task.cancel();
        }
    }

    /// Forgets a partial answer, so the same question is searched again.
    pub fn search_again(&mut self) {
        self.result = None;
        self.page_result = None;
    }

    /// Searches the same question again, this time until it finishes or is cancelled.
    pub fn search_on_without_limit(&mut self) {
        self.unlimited = self.result.as_ref().map(|(key, _)| key.clone());
        self.search_again();
    }

    /// The acceptable packages to list now: the search's own first page, or the page asked
    /// for once it is known.
    fn listing<'a>(&'a self, exploration: &'a Exploration, by_party: Option<usize>) -> Listing<'a> {
        if by_party.is_none() && self.page == 0 {
            let shown = exploration.acceptable.len().min(PAGE);
            return Listing::Rows {
                packages: &exploration.acceptable[..shown],
                more: exploration.acceptable_count > shown as f64,
                complete: true,
            };
        }
        if self.page_job.is_some() {
            return Listing::Loading;
        }
        match &self.page_result {
            Some((key, result)) if key.page == self.page && key.by_party == by_party => {
                match result {
                    Ok(page) => Listing::Rows {
                        packages: &page.packages,
                        more: page.more,
                        complete: page.complete,
                    },
                    Err(e) => Listing::Failed(e),
                }
            }
            _ => Listing::Loading,
        }
    }

    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    pub fn result(&self) -> Option<&Result<Exploration, String>> {
        self.result.as_ref().map(|(_, r)| r)
    }
}

pub fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    evaluation: &Evaluation,
    inputs: &mut ExploreInputs,
    state: &mut ExploreState,
    commands: &mut Vec<Command>,
) {
    let model = &doc.model;
    if ui.is_enabled() {
        settings(ui, model, inputs);
    } else {
        settings_in_words(ui, model, inputs);
    }
    ui.separator();
    results(ui, doc, evaluation, inputs, state, commands);
}

/// The search's settings as a sentence, for a slide.
fn settings_in_words(ui: &mut egui::Ui, model: &Model, inputs: &ExploreInputs) {
    let must: Vec<String> = model
        .parties
        .iter()
        .filter(|p| inputs.requires(p))
        .map(|p| p.name.clone())
        .collect();
    ui.label(format!(
        "Must accept: {}. Uncertain red lines count as {}. {}",
        wording::list(&must),
        if inputs.uncertain_ok {
            "acceptable"
        } else {
            "unacceptable"
        },
        if inputs.allow_unaddressed {
            "Packages may leave positions unaddressed."
        } else {
            "Every package addresses every position."
        }
    ));
}

/// The search's settings, to change.
fn settings(ui: &mut egui::Ui, model: &Model, inputs: &mut ExploreInputs) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Must accept:").strong());
        for party in &model.parties {
            let mut must = inputs.requires(party);
            let label = if party.role.is_at_the_table() {
                party.name.clone()
            } else {
                format!("{} (observer)", party.name)
            };
            if ui.checkbox(&mut must, label).changed() && !inputs.flipped.remove(&party.id) {
                inputs.flipped.insert(party.id.clone());
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(
            &mut inputs.uncertain_ok,
            "Count uncertain red lines as acceptable",
        );
        ui.checkbox(
            &mut inputs.allow_unaddressed,
            "Include packages that leave positions unaddressed",
        );
        let locked: Vec<&str> = model
            .positions
            .iter()
            .filter(|p| inputs.locks.contains(&p.id))
            .map(|p| p.title.as_str())
            .collect();
        let text = if locked.is_empty() {
            "Pin positions with 📌 in the positions panel to hold them fixed.".to_owned()
        } else {
            format!("Pinned: {}", locked.join(", "))
        };
        ui.label(RichText::new(text).weak());
    });
}

/// The search's answer, or its progress.
fn results(
    ui: &mut egui::Ui,
    doc: &Document,
    evaluation: &Evaluation,
    inputs: &mut ExploreInputs,
    state: &mut ExploreState,
    commands: &mut Vec<Command>,
) {
    let model = &doc.model;
    if let Some(job) = &state.job {
        let control = job.task.control();
        let stopping = control.is_cancelled();
        let mut cancel = false;
        ui.horizontal_wrapped(|ui| {
            // No spinner: it would redraw every frame; the count moves instead.
            let visited = control.visited.load(Ordering::Relaxed);
            let words = if stopping {
                "Stopping; the results so far follow".to_owned()
            } else {
                let limit = job
                    .time_limit
                    .map(|t| format!(" (it stops after {} with what it has)", seconds(t)))
                    .unwrap_or_default();
                format!(
                    "Searching… {} nodes, {}{limit}",
                    crate::model::types::format_number(visited as f64),
                    control.stage().describe()
                )
            };
            // Cancel first, where the count's growing digits never move it; the words wrap
            // rather than push it out of the window.
            cancel = !stopping && ui.button("Cancel search").clicked();
            ui.label(words);
        });
        if cancel {
            state.cancel();
        }
    }
    let generation = state.generation;
    let scroll_to_list = std::mem::take(&mut state.scroll_to_list);
    let Some(result) = state.result() else { return };
    let exploration = match result {
        Ok(e) => e,
        Err(e) => {
            ui.label(
                RichText::new(format!("The search stopped: {e}."))
                    .color(ui.visuals().warn_fg_color),
            );
            if ui.button("Search again").clicked() {
                state.search_again();
            }
            return;
        }
    };
    if !exploration.complete && !state.is_running() {
        let (why, button) = match state.shown_time_limit {
            _ if state.cancelled => (
                "the search was cancelled before it finished".to_owned(),
                "Search again",
            ),
            Some(limit) => (
                format!(
                    "the search stopped after {}, before it finished",
                    seconds(limit)
                ),
                "Search on without a time limit",
            ),
            None => (
                "the search stopped before it finished".to_owned(),
                "Search again",
            ),
        };
        // Closest packages are looked for only where no package is acceptable.
        let closest =
            if exploration.closest_pareto.is_empty() && exploration.fewest_packages.is_empty() {
                ""
            } else {
                ", and the closest packages are the best found so far, not proven"
            };
        let mut again = false;
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "Partial result: {why}. Counts marked \"at least\" are lower bounds (\"at \
                     most\", proven upper ones){closest}."
                ))
                .color(ui.visuals().warn_fg_color)
                .strong(),
            );
            again = ui.button(button).clicked();
        });
        if again {
            if state.cancelled || state.shown_time_limit.is_none() {
                state.search_again();
            } else {
                state.search_on_without_limit();
            }
            return;
        }
    }
    let mut go_to = None;
    let running = state.is_running();
    let area = egui::ScrollArea::vertical()
        .id_salt("explore_tab")
        .auto_shrink([false, false]);
    crate::ui::widgets::scrolled::tab_area(ui, area, |ui| {
        let must: Vec<&str> = model
            .parties
            .iter()
            .filter(|p| inputs.requires(p))
            .map(|p| p.short.as_str())
            .collect();
        ui.label(
            RichText::new(format!(
                "{} packages; {} acceptable to {}",
                crate::model::types::format_count(exploration.packages),
                crate::model::types::format_count_bounds(
                    exploration.acceptable_count,
                    exploration.acceptable_exact,
                    exploration.acceptable_at_most,
                ),
                if must.is_empty() {
                    "nobody in particular".to_owned()
                } else {
                    must.join(", ")
                }
            ))
            .heading(),
        )
        .on_hover_text(
            "A package is one pick for every position. A number range counts once for each \
                 piece that a red line of the parties that must accept tells apart, and only \
                 for values the slider can reach.",
        );
        ui.label(
            RichText::new(if inputs.allow_unaddressed {
                "A package is one pick for every position (leaving some unaddressed is allowed); \
                 two picks of a number count as one where no red line of a party that must \
                 accept tells them apart."
            } else {
                "A package is one pick for every position, each addressed; two picks of a \
                 number count as one where no red line of a party that must accept tells them \
                 apart."
            })
            .weak(),
        );
        if exploration.acceptable_count > 0.0 {
            let listing = state.listing(exploration, inputs.ranked_by());
            if scroll_to_list {
                ui.scroll_to_cursor(Some(egui::Align::TOP));
            }
            go_to = acceptable_table(ui, doc, exploration, listing, state.page, inputs, commands);
        } else if exploration.deal_unknown && running {
            ui.label("Looking for an acceptable package…");
        } else if exploration.deal_unknown {
            ui.label(
                "Not known whether any package is acceptable: the search stopped before it \
                     found one or ruled them all out.",
            );
        } else {
            no_deal(ui, doc, exploration, inputs, running, commands);
        }
        ui.add_space(12.0);
        trade_off(
            ui,
            doc,
            evaluation,
            exploration,
            inputs,
            (generation, running),
            commands,
        );
    });
    if let Some(page) = go_to {
        state.page = page;
        state.scroll_to_list = true;
    }
}
