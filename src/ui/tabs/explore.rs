//! Long file: its search jobs, result tables and trade-off plot share one state.
//! The Explore tab: which packages the chosen parties all accept, and if none, what stands in the
//! way, what must give, and how close the nearest packages come. The search runs on a worker
//! thread with progress and cancel; results for the bundled model arrive within a frame.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;

use egui::RichText;
use egui_plot::{Line, Plot, PlotPoints, Points};

use crate::model::deal_space::{
    AcceptablePage, Control, Exploration, PackageView, Query, acceptable_page, explore_as_found,
};
use crate::model::edit::Edit;
use crate::model::wording;
use crate::model::{Document, Evaluation, Model};

use crate::ui::command::Command;
use crate::ui::state::{ExploreInputs, SelectedPoint};
use crate::ui::widgets::theme;

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
    control: Arc<Control>,
    /// Each part as it is known, and last the whole answer (`true`).
    receiver: mpsc::Receiver<(Result<Exploration, String>, bool)>,
    /// In a browser the search runs in a web worker; dropping this stops it.
    #[cfg(target_arch = "wasm32")]
    worker: Option<crate::ui::platform::web::SearchWorker>,
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
    control: Arc<Control>,
    receiver: mpsc::Receiver<Result<AcceptablePage, String>>,
}

#[derive(Default)]
pub struct ExploreState {
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
            match job.receiver.try_recv() {
                Ok(result) => {
                    let job = self.page_job.take().expect("job present");
                    self.page_result = Some((job.key, result));
                }
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => self.page_job = None,
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
        #[cfg(not(target_arch = "wasm32"))]
        let control = Arc::new(Control::default());
        #[cfg(target_arch = "wasm32")]
        let control = {
            let start = web_time::Instant::now();
            Arc::new(Control::reporting_to(
                crate::model::deal_space::ProgressHook(Box::new(move |_, _| {
                    start.elapsed() > std::time::Duration::from_millis(500)
                })),
            ))
        };
        let (sender, receiver) = mpsc::channel();
        let (model, query, page, thread_control, repaint) = (
            key.search.model.clone(),
            key.search.query.clone(),
            key.page,
            control.clone(),
            ctx.clone(),
        );
        crate::ui::platform::tasks::in_background(move || {
            let answer = acceptable_page(&model, &query, by_party, page, PAGE, &thread_control);
            let _ = sender.send(answer.map_err(|e| e.to_string()));
            repaint.request_repaint();
        });
        self.page_job = Some(PageJob {
            key,
            control,
            receiver,
        });
    }

    fn abandon_page(&mut self) {
        if let Some(job) = self.page_job.take() {
            job.control.cancel.store(true, Ordering::Relaxed);
        }
    }

    fn update_search(&mut self, ctx: &egui::Context, key: &Key) {
        let key = key.clone();
        while let Some(job) = &self.job {
            match job.receiver.try_recv() {
                Ok((result, last)) => {
                    self.result = Some((job.key.clone(), result));
                    self.generation += 1;
                    if last {
                        self.job = None;
                    }
                }
                // Progress wakes the window itself (see `ui::progress_repaints`); no polling.
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => self.job = None,
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
        #[cfg(not(target_arch = "wasm32"))]
        let control = Arc::new(Control::reporting_to(
            crate::ui::platform::tasks::progress_repaints(ctx),
        ));
        // In a browser the worker's messages wake the page.
        #[cfg(target_arch = "wasm32")]
        let control = Arc::new(Control::default());
        let (sender, receiver) = mpsc::channel();
        let (model, query, thread_control, repaint) = (
            key.model.clone(),
            key.query.clone(),
            control.clone(),
            ctx.clone(),
        );
        #[cfg(not(target_arch = "wasm32"))]
        crate::ui::platform::tasks::in_background(move || {
            let answer = explore_as_found(&model, &query, LISTED, &thread_control, &mut |part| {
                let _ = sender.send((Ok(part.clone()), false));
                repaint.request_repaint();
            });
            let _ = sender.send((answer.map_err(|e| e.to_string()), true));
            repaint.request_repaint();
        });
        // A browser page has one thread: the search goes to a web worker, so the page keeps
        // drawing, with the same progress line and Cancel.
        #[cfg(target_arch = "wasm32")]
        let worker = {
            let _ = (repaint, explore_as_found);
            let answers = sender.clone();
            let started = crate::model::deal_space::search_job_text(&model, &query, LISTED)
                .and_then(|job| {
                    crate::ui::platform::web::SearchWorker::start(
                        ctx,
                        job,
                        thread_control,
                        move |answer| {
                            let _ = answers
                                .send((crate::model::deal_space::search_answer(&answer), true));
                        },
                    )
                });
            match started {
                Ok(worker) => Some(worker),
                Err(e) => {
                    let _ = sender.send((Err(e), true));
                    None
                }
            }
        };
        self.job = Some(Job {
            key,
            control,
            receiver,
            #[cfg(target_arch = "wasm32")]
            worker,
        });
        ctx.request_repaint_after(std::time::Duration::from_millis(20));
    }

    /// Stops the search; what it found so far arrives as a partial result.
    pub fn cancel(&mut self) {
        if let Some(job) = &self.job {
            job.control.cancel.store(true, Ordering::Relaxed);
        }
        // A web worker that shares a stop flag with the page stops and answers like a thread;
        // one that does not can only be ended, and nothing comes back.
        #[cfg(target_arch = "wasm32")]
        if self
            .job
            .as_ref()
            .is_some_and(|job| !job.worker.as_ref().is_some_and(|w| w.stop()))
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
            job.control.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Forgets a partial answer, so the same question is searched again.
    pub fn search_again(&mut self) {
        self.result = None;
        self.page_result = None;
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

fn load_button(
    ui: &mut egui::Ui,
    doc: &Document,
    label: &str,
    package: &PackageView,
    commands: &mut Vec<Command>,
) {
    if ui
        .button(label)
        .on_hover_ui(|ui| package_tooltip(ui, package))
        .clicked()
    {
        commands.push(Command::Edit {
            edit: Edit::SetChoices(package.choices_near(&doc.model, &doc.scenario.choices)),
            merge: false,
        });
    }
}

fn package_tooltip(ui: &mut egui::Ui, package: &PackageView) {
    egui::Grid::new("package_tooltip").show(ui, |ui| {
        for (title, value) in &package.summary {
            ui.label(RichText::new(title).weak());
            ui.label(value);
            ui.end_row();
        }
    });
}

/// The choices that differ from the current scenario: "Donbas arrangement: …; …".
fn differences(doc: &Document, package: &PackageView) -> String {
    let changed: Vec<String> = doc
        .model
        .positions
        .iter()
        .zip(&package.summary)
        .enumerate()
        .filter(|(i, _)| !package.agrees_with(&doc.model, *i, &doc.scenario.choices))
        .map(|(_, (_, (title, value)))| format!("{title}: {value}"))
        .collect();
    if changed.is_empty() {
        "nothing: this is the current scenario".to_owned()
    } else {
        changed.join("; ")
    }
}

/// What the counts count: broken red lines, and uncertain ones unless they are acceptable.
fn failing_words(uncertain_ok: bool) -> &'static str {
    if uncertain_ok {
        "red lines broken"
    } else {
        "red lines broken or uncertain"
    }
}

/// What "failing" means under these settings.
fn failing_means(uncertain_ok: bool) -> &'static str {
    if uncertain_ok {
        "a red line fails when it breaks"
    } else {
        "a red line fails when it breaks or is uncertain"
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
    ui.separator();

    if let Some(job) = &state.job {
        let control = &job.control;
        let stopping = control.is_cancelled();
        let mut cancel = false;
        ui.horizontal(|ui| {
            // No spinner: it would redraw every frame; the count moves instead.
            let visited = control.visited.load(Ordering::Relaxed);
            let words = if stopping {
                "Stopping; the results so far follow".to_owned()
            } else {
                format!(
                    "Searching… {} nodes, {}",
                    crate::model::types::format_number(visited as f64),
                    control.stage().describe()
                )
            };
            ui.label(words);
            cancel = !stopping && ui.button("Cancel search").clicked();
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
        let mut again = false;
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(
                    "Partial result: the search was cancelled before it finished. Counts marked \
                     \"at least\" are lower bounds, and the closest packages are the best found so \
                     far, not proven.",
                )
                .color(ui.visuals().warn_fg_color)
                .strong(),
            );
            again = ui.button("Search again").clicked();
        });
        if again {
            state.search_again();
            return;
        }
    }
    let mut go_to = None;
    let running = state.is_running();
    egui::ScrollArea::vertical()
        .id_salt("explore_tab")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let must: Vec<&str> = model
                .parties
                .iter()
                .filter(|p| inputs.requires(p))
                .map(|p| p.short.as_str())
                .collect();
            ui.label(
                RichText::new(format!(
                    "{} packages; {}{} acceptable to {}",
                    crate::model::types::format_count(exploration.packages),
                    if exploration.acceptable_exact {
                        ""
                    } else {
                        "at least "
                    },
                    crate::model::types::format_count(exploration.acceptable_count),
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
                    "Counted as the parties that must accept can tell packages apart; packages \
                     may leave positions unaddressed."
                } else {
                    "Counted as the parties that must accept can tell packages apart; every \
                     package addresses every position."
                })
                .weak(),
            );
            if exploration.acceptable_count > 0.0 {
                let listing = state.listing(exploration, inputs.ranked_by());
                if scroll_to_list {
                    ui.scroll_to_cursor(Some(egui::Align::TOP));
                }
                go_to =
                    acceptable_table(ui, doc, exploration, listing, state.page, inputs, commands);
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

/// Per party, what a package breaks and leaves uncertain; parties that need not accept are
/// marked, with their real counts (a party left out is not "0 broken").
fn party_counts(ui: &mut egui::Ui, model: &Model, inputs: &ExploreInputs, package: &PackageView) {
    ui.horizontal_wrapped(|ui| {
        for (i, party) in model.parties.iter().enumerate() {
            let required = inputs.requires(party);
            let text = format!(
                "{}{}: {} broken, {} uncertain",
                party.short,
                if required { "" } else { " (not required)" },
                package.breaks[i],
                package.uncertain[i]
            );
            let text = RichText::new(text).color(theme::party_text_colour(
                party,
                i,
                ui.visuals().dark_mode,
            ));
            ui.label(if required { text } else { text.weak() });
            if i + 1 < model.parties.len() {
                ui.label(RichText::new("·").weak());
            }
        }
    });
}

/// What loading the package would change, readable at a glance.
fn changes(ui: &mut egui::Ui, doc: &Document, package: &PackageView) {
    ui.label(RichText::new(format!("Changes from now: {}", differences(doc, package))).size(15.0));
}

/// The acceptable packages, best ranked first, a page at a time; returns the page to show
/// next if the user asked for another.
fn acceptable_table(
    ui: &mut egui::Ui,
    doc: &Document,
    exploration: &Exploration,
    listing: Listing,
    page: usize,
    inputs: &mut ExploreInputs,
    commands: &mut Vec<Command>,
) -> Option<usize> {
    let model = &doc.model;
    let mut go_to = None;
    ui.label("Click a package to load it (undo returns to where you were).");
    // Ranking by uncertain red lines only means something when they can be acceptable.
    if inputs.uncertain_ok {
        ui.horizontal_wrapped(|ui| {
            ui.label("Best first:");
            if ui
                .selectable_label(inputs.sort_by_party.is_none(), "Fewest uncertain overall")
                .on_hover_text("Fewest uncertain red lines of all the parties that must accept")
                .clicked()
                && inputs.sort_by_party.is_some()
            {
                inputs.sort_by_party = None;
                go_to = Some(0);
            }
            for (i, party) in model.parties.iter().enumerate() {
                if !inputs.requires(party) {
                    continue;
                }
                if ui
                    .selectable_label(
                        inputs.sort_by_party == Some(i),
                        format!("Fewest uncertain for {}", party.short),
                    )
                    .clicked()
                    && inputs.sort_by_party != Some(i)
                {
                    inputs.sort_by_party = Some(i);
                    go_to = Some(0);
                }
            }
        });
        ui.label(
            RichText::new(
                "Ranked over every acceptable package, not only those listed; ties in search \
                 order.",
            )
            .weak(),
        );
    }
    let (packages, more, complete) = match listing {
        Listing::Rows {
            packages,
            more,
            complete,
        } => (packages, more, complete),
        Listing::Loading => {
            ui.label("Finding this page of packages…");
            return go_to;
        }
        Listing::Failed(e) => {
            ui.label(
                RichText::new(format!("This page could not be listed: {e}."))
                    .color(ui.visuals().warn_fg_color),
            );
            (&[][..], false, true)
        }
    };
    if !complete {
        ui.label(
            RichText::new(
                "Partial page: the listing stopped before it was sure these are the best ranked.",
            )
            .color(ui.visuals().warn_fg_color)
            .strong(),
        );
    }
    let first = page * PAGE;
    // Numbers follow the ranking, across pages.
    for (n, package) in packages.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            load_button(
                ui,
                doc,
                &format!("Load package {}", first + n + 1),
                package,
                commands,
            );
            changes(ui, doc, package);
        });
        party_counts(ui, model, inputs, package);
        ui.separator();
    }
    if page > 0 || more {
        ui.horizontal(|ui| {
            let of = format!(
                "{}{}",
                if exploration.acceptable_exact {
                    ""
                } else {
                    "at least "
                },
                crate::model::types::format_count(exploration.acceptable_count)
            );
            ui.label(
                RichText::new(if packages.is_empty() {
                    format!("No packages on this page, of {of}.")
                } else {
                    format!("Packages {}–{} of {of}.", first + 1, first + packages.len())
                })
                .weak(),
            );
            if ui
                .add_enabled(page > 0, egui::Button::new("Previous page"))
                .clicked()
            {
                go_to = Some(page - 1);
            }
            if ui
                .add_enabled(more, egui::Button::new("Next page"))
                .clicked()
            {
                go_to = Some(page + 1);
            }
        });
    }
    go_to
}

fn no_deal(
    ui: &mut egui::Ui,
    doc: &Document,
    exploration: &Exploration,
    inputs: &ExploreInputs,
    running: bool,
    commands: &mut Vec<Command>,
) {
    let model = &doc.model;
    let warn = theme::verdict_colour(crate::model::Verdict::Breaks, ui.visuals().dark_mode);
    ui.label(
        RichText::new("No package is acceptable to every party that must accept.")
            .color(warn)
            .strong()
            .size(18.0),
    );
    if !exploration.never_holds.is_empty() {
        ui.add_space(6.0);
        ui.label(
            RichText::new("Red lines that cannot hold in any package")
                .strong()
                .size(17.0),
        );
        for (i, why) in &exploration.never_holds {
            let line = &model.red_lines[*i];
            ui.label(RichText::new(format!("• {}", model.red_line_with_party(*i, true))).strong());
            ui.indent(("never", *i), |ui| {
                ui.label(wording::never_holds(line, why));
            });
        }
    }
    ui.add_space(6.0);
    ui.label(
        RichText::new("Irreconcilable red lines")
            .strong()
            .size(17.0),
    );
    ui.label(RichText::new("No package satisfies each of these pairs or triples together.").weak());
    let groups: Vec<&Vec<usize>> = exploration
        .irreconcilable
        .iter()
        .filter(|set| set.len() > 1)
        .collect();
    if !exploration.irreconcilable_complete && running {
        ui.label("Still looking for these sets…");
    } else if !exploration.irreconcilable_complete {
        ui.label("Not searched to the end: there may be more sets than these.");
    } else if groups.is_empty() {
        ui.label("None of two or three red lines: the conflict needs more of them together.");
    }
    for set in groups {
        let names: Vec<String> = set
            .iter()
            .map(|&i| model.red_line_with_party(i, true))
            .collect();
        ui.label(format!("• {}", names.join("  ×  ")));
    }
    ui.add_space(6.0);
    ui.label(
        RichText::new(format!(
            "Minimal concessions: drop {}{} red line{}",
            if exploration.closest_complete {
                ""
            } else {
                "at most "
            },
            exploration.fewest,
            if exploration.fewest == 1 { "" } else { "s" }
        ))
        .strong()
        .size(17.0),
    );
    for (n, set) in exploration.concessions.iter().enumerate() {
        let names: Vec<String> = set
            .iter()
            .map(|&i| model.red_line_with_party(i, true))
            .collect();
        let givers: Vec<&str> = model
            .parties_of(set)
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{}. {}", n + 1, names.join("; ")));
            ui.label(RichText::new(format!("(would have to give: {})", givers.join(", "))).weak());
        });
    }
    if exploration.more_concessions {
        ui.label(RichText::new("… and more sets as small as these.").weak());
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Closest packages").strong().size(17.0));
    ui.label(
        RichText::new(format!(
            "No other package has fewer failing red lines for every party that must accept at \
             once ({}).",
            failing_means(inputs.uncertain_ok)
        ))
        .weak(),
    );
    for (n, (fails, packages)) in exploration.closest_pareto.iter().enumerate() {
        let Some(first) = packages.first() else {
            continue;
        };
        let required: Vec<String> = model
            .parties
            .iter()
            .zip(fails)
            .filter(|(p, _)| inputs.requires(p))
            .map(|(p, f)| format!("{} {f}", p.short))
            .collect();
        ui.horizontal_wrapped(|ui| {
            load_button(
                ui,
                doc,
                &format!("Load closest package {}", n + 1),
                first,
                commands,
            );
            ui.label(RichText::new(format!("Failing: {}", required.join(", "))).strong());
            changes(ui, doc, first);
        });
        party_counts(ui, model, inputs, first);
        ui.separator();
    }
}

#[derive(Clone, Copy)]
enum Mark {
    Circle,
    Square,
    Diamond,
}

/// A legend's marker, painted as the plot draws it.
fn legend_mark(ui: &mut egui::Ui, mark: Mark, colour: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
    let c = rect.center();
    let r = 5.0;
    let painter = ui.painter();
    match mark {
        Mark::Circle => painter.circle_filled(c, r, colour),
        Mark::Square => painter.rect_filled(
            egui::Rect::from_center_size(c, egui::vec2(2.0 * r, 2.0 * r)),
            0.0,
            colour,
        ),
        Mark::Diamond => painter.add(egui::Shape::convex_polygon(
            vec![
                c + egui::vec2(0.0, -r - 1.0),
                c + egui::vec2(r + 1.0, 0.0),
                c + egui::vec2(0.0, r + 1.0),
                c + egui::vec2(-r - 1.0, 0.0),
            ],
            colour,
            egui::Stroke::NONE,
        )),
    };
}

/// Colours of the trade-off plot: each mark its own, so none is mistaken for another.
const FRONTIER: egui::Color32 = egui::Color32::from_rgb(0x42, 0xa5, 0xf5);
const CURRENT: egui::Color32 = egui::Color32::from_rgb(0xff, 0x70, 0x43);

/// The plot of failures per party; `(generation, running)` says which result it shows and
/// whether its search still goes on.
fn trade_off(
    ui: &mut egui::Ui,
    doc: &Document,
    evaluation: &Evaluation,
    exploration: &Exploration,
    inputs: &mut ExploreInputs,
    (generation, running): (u64, bool),
    commands: &mut Vec<Command>,
) {
    let model = &doc.model;
    let n = model.parties.len();
    if n < 2 {
        return;
    }
    ui.label(RichText::new("Trade-off").strong().size(17.0));
    let Some(points) = &exploration.trade_off else {
        ui.label(if running {
            "Not plotted yet: the search is still going."
        } else if exploration.complete {
            "Too many packages to plot them all; pin positions to narrow the space."
        } else {
            "Not plotted: the search stopped first."
        });
        return;
    };
    ui.label(
        RichText::new(
            "Each point is a set of packages, by how many red lines they fail for two parties \
             (every party's, whoever must accept). The frontier joins the points no other \
             package beats for both parties at once: from there, doing better for one means \
             doing worse for the other.",
        )
        .weak(),
    );
    inputs.axis_x = inputs.axis_x.min(n - 1);
    inputs.axis_y = if inputs.axis_y == 0 && inputs.axis_x == 0 {
        1
    } else {
        inputs.axis_y.min(n - 1)
    };
    ui.horizontal(|ui| {
        for (label, axis) in [
            ("across (x axis)", &mut inputs.axis_x),
            ("up (y axis)", &mut inputs.axis_y),
        ] {
            egui::ComboBox::from_label(label)
                .selected_text(&model.parties[*axis].name)
                .show_ui(ui, |ui| {
                    for (i, party) in model.parties.iter().enumerate() {
                        ui.selectable_value(axis, i, &party.name);
                    }
                });
        }
    });
    let (x, y) = (inputs.axis_x, inputs.axis_y);
    // Sum the packages that share a point in the two chosen parties.
    let mut merged: Vec<([usize; 2], f64)> = Vec::new();
    for (fails, count, _) in points {
        let key = [fails[x], fails[y]];
        match merged.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 += count,
            None => merged.push((key, *count)),
        }
    }
    let max = merged.iter().map(|(_, c)| *c).fold(1.0, f64::max);
    // The frontier: points no other point beats on both axes.
    let mut frontier: Vec<[usize; 2]> = merged
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| {
            !merged
                .iter()
                .any(|(o, _)| o != k && o[0] <= k[0] && o[1] <= k[1])
        })
        .collect();
    frontier.sort();
    let fails_now = |party: usize| {
        let s = &evaluation.parties[party];
        s.breaks + if inputs.uncertain_ok { 0 } else { s.uncertain }
    };
    let current = [fails_now(x), fails_now(y)];
    let grey = ui.visuals().text_color().gamma_multiply(0.6);
    // The legend sits above the plot, never on the data.
    ui.horizontal_wrapped(|ui| {
        legend_mark(ui, Mark::Circle, grey);
        ui.label("packages (bigger: more of them)");
        legend_mark(ui, Mark::Square, FRONTIER);
        ui.label("frontier");
        legend_mark(ui, Mark::Diamond, CURRENT);
        ui.label("current scenario");
    });
    let highest = merged
        .iter()
        .flat_map(|(k, _)| k.iter())
        .chain(current.iter())
        .copied()
        .max()
        .unwrap_or(0) as f64;
    let chosen = inputs
        .selected_point
        .as_ref()
        .filter(|s| s.result == generation && s.axes == (x, y))
        .map(|s| s.point);
    let ring = ui.visuals().text_color();
    let response = Plot::new("trade_off")
        .height(320.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_x(-0.5)
        .include_y(-0.5)
        .include_x(highest + 0.5)
        .include_y(highest + 0.5)
        .x_axis_label(format!(
            "{} for {}",
            failing_words(inputs.uncertain_ok),
            model.parties[x].name
        ))
        .y_axis_label(format!(
            "{} for {}",
            failing_words(inputs.uncertain_ok),
            model.parties[y].name
        ))
        .show(ui, |plot| {
            for (key, count) in &merged {
                let radius = 3.0 + 12.0 * (count / max).sqrt() as f32;
                plot.points(
                    Points::new("packages", vec![[key[0] as f64, key[1] as f64]])
                        .radius(radius)
                        .color(grey),
                );
            }
            let line: Vec<[f64; 2]> = frontier
                .iter()
                .map(|k| [k[0] as f64, k[1] as f64])
                .collect();
            plot.line(
                Line::new("frontier", PlotPoints::from(line.clone()))
                    .color(FRONTIER)
                    .width(2.5)
                    .allow_band(false),
            );
            // As marks too: a frontier of one point has no line to see.
            plot.points(
                Points::new("frontier", line)
                    .radius(7.0)
                    .shape(egui_plot::MarkerShape::Square)
                    .color(FRONTIER),
            );
            plot.points(
                Points::new(
                    "current scenario",
                    vec![[current[0] as f64, current[1] as f64]],
                )
                .radius(10.0)
                .shape(egui_plot::MarkerShape::Diamond)
                .color(CURRENT),
            );
            // The point whose packages are listed below, ringed.
            if let Some(k) = chosen {
                plot.points(
                    Points::new("selected", vec![[k[0] as f64, k[1] as f64]])
                        .radius(16.0)
                        .filled(false)
                        .color(ring),
                );
            }
            plot.pointer_coordinate()
        });
    if response.response.clicked()
        && let Some(at) = response.inner
    {
        let nearest = merged.iter().min_by(|a, b| {
            let d = |k: &[usize; 2]| (k[0] as f64 - at.x).powi(2) + (k[1] as f64 - at.y).powi(2);
            d(&a.0).total_cmp(&d(&b.0))
        });
        inputs.selected_point = nearest.map(|(k, _)| SelectedPoint {
            result: generation,
            axes: (x, y),
            point: *k,
        });
    }
    let selected = inputs
        .selected_point
        .clone()
        .filter(|s| s.result == generation && s.axes == (x, y));
    if let Some(SelectedPoint { point, .. }) = selected {
        ui.label(
            RichText::new(format!(
                "Packages with {} for {} and {} for {} ({}):",
                point[0],
                model.parties[x].short,
                point[1],
                model.parties[y].short,
                failing_words(inputs.uncertain_ok)
            ))
            .strong(),
        );
        let mut shown = 0;
        for (_, _, packages) in points
            .iter()
            .filter(|(f, _, _)| f[x] == point[0] && f[y] == point[1])
        {
            for package in packages.iter().take(5) {
                shown += 1;
                ui.horizontal_wrapped(|ui| {
                    load_button(
                        ui,
                        doc,
                        &format!("Load point package {shown}"),
                        package,
                        commands,
                    );
                    changes(ui, doc, package);
                });
                party_counts(ui, model, inputs, package);
                if shown >= 20 {
                    return;
                }
            }
        }
    }
}
