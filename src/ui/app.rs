//! The app state and the one place where commands are carried out.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use web_time::{Duration, Instant};

use crate::model::bundled;
use crate::model::deal_space::WhatIf;
use crate::model::edit::{Edit, History};
use crate::model::eval::{Dependents, evaluate_with};
use crate::model::format::parse_scenario;
use crate::model::io::{FileError, format_problem, load_scenario};
use crate::model::{Choices, Document, Evaluation, Model, Scenario};

use super::autosave::{AUTOSAVE_EVERY, Autosave, Origin, Recovered, sha256_hex};
use super::command::{Command, Present, SHORTCUTS, Window};
use super::explore::{ExploreInputs, ExploreState};
use super::files::{DialogKind, OnDisk, PendingDialog, Settings};
use super::present::{BriefingOrigin, Presenting};
use super::what_if::WhatIfState;
use super::{
    charts, explore, matrix, menu, modals, positions, problems, scenario_header, summary, theme,
};

/// How the app is run: the real window sets a data folder and native dialogs; tests set neither.
#[derive(Clone, Debug, Default)]
pub struct AppConfig {
    /// Where the autosave lives; `None` turns autosave off.
    pub data_dir: Option<PathBuf>,
    /// The address the app is served from (the web build): links start with it.
    pub page_address: Option<String>,
    pub native_dialogs: bool,
    /// Save a PNG of the window after the first frames, then quit.
    pub screenshot: Option<PathBuf>,
    /// The window's size in pixels that a screenshot must have.
    pub window_size: Option<[f32; 2]>,
    /// How often unsaved work is copied to the data folder; three seconds unless set.
    pub autosave_every: Option<Duration>,
    /// The remembered theme (dark or not) and zoom, where this run was given its own: they are
    /// what is remembered again, not this run's.
    pub remembered_look: Option<(bool, f32)>,
    /// A crash copy another window handed over: restored at once, without asking.
    pub restore_copy: Option<PathBuf>,
    /// Whether a crash copy can be restored in a new window of its own (the desktop app, not
    /// tests or a browser).
    pub can_open_windows: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    RedLines,
    Charts,
    Explore,
    Stability,
}

/// What the user sees but the scenario does not hold: tabs, filters, expanded rows.
#[derive(Debug)]
pub struct ViewState {
    pub tab: Tab,
    pub only_problems: bool,
    pub expanded: HashSet<String>,
    /// The last number picked per position, restored when "no limit" is switched off.
    pub last_values: HashMap<String, f64>,
    pub explore: ExploreInputs,
    /// A new document is shown: lists start at its top, not where the last one was scrolled
    /// (or where the last run left them).
    pub scroll_to_top: bool,
    /// The scenario's notes are open under its summary.
    pub show_details: bool,
    /// The model editor's picks, removals waiting for an answer, and quotes being picked.
    pub model_editor: super::model_editor::EditorState,
    /// What View → Compare compares the open scenario with.
    pub compare_with: CompareWith,
    /// The last comparison, kept while neither side changes: the other side is read once, not
    /// every frame (a briefing step may be a file).
    pub compared: Option<Compared>,
}

/// What the other side of a comparison was read from, and the comparison made.
#[derive(Debug)]
pub struct Compared {
    /// The choice, and what it was read from: the saved scenario, or the briefing's step.
    pub source: (
        CompareWith,
        Option<crate::model::Scenario>,
        Option<crate::model::briefing::Step>,
    ),
    /// The other side, or why it could not be read.
    pub other: Result<crate::model::Document, String>,
    /// The comparison, with the choices on screen it was made for.
    pub comparison: Option<(Choices, Arc<crate::model::compare::Comparison>)>,
}

/// The other side of View → Compare.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CompareWith {
    /// The scenario as last saved (or opened).
    #[default]
    Saved,
    /// A bundled example, by its index.
    Example(usize),
    /// A step of the briefing being built, by its index.
    Step(usize),
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            tab: Tab::default(),
            only_problems: false,
            expanded: HashSet::new(),
            last_values: HashMap::new(),
            explore: ExploreInputs::default(),
            scroll_to_top: true,
            show_details: false,
            compare_with: CompareWith::default(),
            model_editor: Default::default(),
            compared: None,
        }
    }
}

impl ViewState {
    /// A scroll area that starts at the top for a new document. `name` keeps each list's
    /// scroll its own: tabs drawn in the same place would otherwise share one.
    pub fn scroll_area(&self, name: &str) -> egui::ScrollArea {
        // A bar that is always there keeps the width steady: a bar sliding in when the content
        // grows would shift everything beside it while the user aims.
        let area = egui::ScrollArea::vertical()
            .id_salt(name)
            .auto_shrink([false, false])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible);
        if self.scroll_to_top {
            area.vertical_scroll_offset(0.0)
        } else {
            area
        }
    }
}

/// Actions that would drop unsaved changes, so they ask first.
#[derive(Clone, Debug, PartialEq)]
pub enum Guarded {
    New,
    NewModel {
        template: bool,
    },
    Open,
    OpenPath(PathBuf),
    OpenLink(String),
    OpenBytes {
        name: String,
        bytes: Vec<u8>,
    },
    OpenExample(usize),
    /// Restore a crash copy into this window, which holds unsaved work of its own.
    Restore(Box<Recovered>),
    Quit,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Modal {
    /// "Save changes?" before `Guarded`.
    SaveChanges(Guarded),
    /// Quitting would drop the briefing's unsaved changes.
    BriefingChanges,
    RestoreAutosave(Recovered),
    /// The open file changed on disk since it was read or saved. `saving`: the user asked to
    /// save (overwrite, save as, reload or cancel); otherwise the window regained focus
    /// (reload, or keep this version). `then` runs after a save that goes ahead.
    ChangedOnDisk {
        saving: bool,
        then: Option<Guarded>,
    },
    /// Saving would write the edited model into its own file, which changed on disk since it
    /// was read: overwrite it, keep the edits in a self-contained copy instead, or cancel.
    ModelChangedOnDisk {
        model_file: PathBuf,
        scenario: PathBuf,
        /// What was already confirmed on the way to this question.
        confirmed: super::saving::Confirmed,
        then: Option<Guarded>,
    },
    /// A file path typed in the window, where no system file dialog can appear.
    PathPrompt {
        kind: DialogKind,
        text: String,
        /// A system dialog was tried and did not appear.
        no_dialog: bool,
    },
    /// Saving the briefing to `path` would replace a file with `comments` comments, which the
    /// briefing's layout does not keep.
    ReplaceBriefing {
        path: PathBuf,
        comments: usize,
    },
    /// Saving to `path` would remove `count` of the file's comments, or (`relaid`) write the
    /// whole file anew in the canonical layout.
    DropComments {
        path: PathBuf,
        count: usize,
        relaid: bool,
        overwrite: bool,
        then: Option<Guarded>,
    },
}

/// Problems to show without blocking: load errors, warnings, save failures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProblemReport {
    pub heading: String,
    pub lines: Vec<String>,
    pub is_error: bool,
    /// About the file's state (a failed save, a file moved away): a successful save ends it.
    pub clears_on_save: bool,
}

pub struct App {
    pub(crate) doc: Document,
    /// The briefing being built or presented, if any; undo covers it with the scenario.
    pub(crate) briefing: Option<crate::model::briefing::Briefing>,
    /// Where the briefing came from: its steps' files are found relative to it.
    pub(crate) briefing_origin: Option<BriefingOrigin>,
    /// The briefing as last opened or saved: quitting with changes since asks first.
    pub(crate) briefing_saved: Option<crate::model::briefing::Briefing>,
    /// Presenting: the step on screen is `doc`; what was open is put aside in it.
    pub(crate) presenting: Option<Presenting>,
    /// A brief being exported in the background; it answers once.
    pub(super) exporting: Option<std::sync::mpsc::Receiver<super::briefing_files::ExportAnswer>>,
    /// A menu the keyboard asked for (F10, Alt+letter): its index, and whether to open it.
    pub(super) menu_request: Option<(usize, bool)>,
    /// Where the menu bar ends: windows stay below it, so it is never covered.
    pub(super) below_menu: f32,
    /// A size given on the command line has been asked of the window.
    sized: bool,
    pub(crate) evaluation: Evaluation,
    /// The model and choices `evaluation` is for, and which red lines read each position.
    evaluated: (Arc<Model>, Choices),
    /// The model as the document was opened, by the reference that named it: where undo
    /// returns past the first model edit to a bundled or file model, that model comes back.
    pub(super) opened_model: (crate::model::ModelRef, Arc<Model>),
    dependents: Dependents,
    /// For every other option and number range: what picking it would change, per party.
    pub(super) what_if: WhatIfState,
    explore: ExploreState,
    stability: super::stability::StabilityState,
    pub(super) history: History,
    /// The scenario as last loaded or saved: the unsaved-changes mark compares against it.
    pub(super) saved: Option<Scenario>,
    /// The file the scenario belongs to, and what it held when last read or written.
    pub(crate) file: Option<OnDisk>,
    pub(crate) view: ViewState,
    pub(crate) settings: Settings,
    pub(super) autosave: Autosave,
    /// Copies of earlier windows' unsaved work, offered back one at a time.
    pub(super) recovered: Vec<Recovered>,
    /// A crash copy handed over by another window, restored on the first frame.
    restore_on_start: Option<Recovered>,
    /// The scenario's model file, where it has one, and its fingerprint as last read or
    /// written: a save asks before writing over changes made to it since.
    pub(super) model_file_seen: Option<(PathBuf, String)>,
    dialog: Option<PendingDialog>,
    /// A file picked in the browser, arriving: its name and bytes.
    picked: Option<std::sync::mpsc::Receiver<(String, Vec<u8>)>>,
    /// The source whose text the open file dialog is choosing.
    source_text_for: Option<String>,
    /// What to do once a "Save As" started by the save-changes modal finishes.
    pub(super) after_save: Option<Guarded>,
    pub(crate) modal: Option<Modal>,
    pub(crate) problems: Option<ProblemReport>,
    pub(crate) windows: Vec<Window>,
    pub(super) config: AppConfig,
    allow_close: bool,
    /// The user chose to quit without saving the briefing.
    pub(super) allow_briefing_loss: bool,
    /// Quit once the briefing is saved: "Save it as…" in the quit prompt.
    pub(super) quit_after_briefing_save: bool,
    /// The briefing window was just opened: its main button takes the keyboard.
    pub(super) focus_briefing: bool,
    title: String,
    frames: u64,
    /// How often a screenshot's window was sized again to the size asked for.
    resizes: u32,
    /// The context to wake when background work finishes; set on the first frame.
    pub(super) repaint: egui::Context,
    screenshot: Option<mpsc::Receiver<std::sync::Arc<egui::ColorImage>>>,
}

impl App {
    pub fn new(config: AppConfig, settings: Settings) -> Self {
        let doc = bundled::starting_document();
        let mut autosave = Autosave::new(
            config.data_dir.clone(),
            config.autosave_every.unwrap_or(AUTOSAVE_EVERY),
        );
        let mut recovered = config
            .data_dir
            .as_deref()
            .map(|d| autosave.recover(d))
            .unwrap_or_default();
        // A copy handed over by the window that offered it is restored first, without asking.
        let handed_over = config
            .restore_copy
            .as_deref()
            .filter(|p| autosave.is_copy_here(p))
            .and_then(|p| match recovered.iter().position(|r| r.copy == p) {
                Some(i) => Some(recovered.remove(i)),
                None => super::autosave::read_copy(p),
            });
        recovered.reverse();
        let modal = if handed_over.is_some() {
            None
        } else {
            recovered.pop().map(Modal::RestoreAutosave)
        };
        let problems = autosave.unavailable().map(|why| ProblemReport {
            heading: "Autosave is off: unsaved changes will not survive a crash".to_owned(),
            lines: vec![why.to_owned()],
            is_error: true,
            ..ProblemReport::default()
        });
        let what_if = WhatIfState::at_once(&doc);
        let dependents = Dependents::new(&doc.model);
        App {
            briefing: None,
            briefing_origin: None,
            briefing_saved: None,
            exporting: None,
            presenting: None,
            menu_request: None,
            below_menu: 0.0,
            sized: false,
            evaluation: evaluate_with(&doc.model, &dependents, &doc.scenario.choices),
            evaluated: (doc.model.clone(), doc.scenario.choices.clone()),
            opened_model: (doc.scenario.model.clone(), doc.model.clone()),
            dependents,
            what_if,
            explore: ExploreState::default(),
            stability: Default::default(),
            saved: Some(doc.scenario.clone()),
            doc,
            history: History::default(),
            file: None,
            view: ViewState::default(),
            settings,
            autosave,
            recovered,
            restore_on_start: handed_over,
            model_file_seen: None,
            dialog: None,
            picked: None,
            source_text_for: None,
            after_save: None,
            modal,
            problems,
            windows: Vec::new(),
            config,
            allow_close: false,
            allow_briefing_loss: false,
            quit_after_briefing_save: false,
            focus_briefing: false,
            title: String::new(),
            frames: 0,
            resizes: 0,
            repaint: egui::Context::default(),
            screenshot: None,
        }
    }

    pub fn what_if(&self) -> &[WhatIf] {
        self.what_if.badges()
    }

    /// Whether the what-if badges are still being worked out for the current choices.
    pub fn what_if_pending(&self) -> bool {
        self.what_if.is_pending()
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn evaluation(&self) -> &Evaluation {
        &self.evaluation
    }

    /// The file the scenario belongs to, as an absolute path.
    /// The briefing being built or presented, if any.
    pub fn briefing(&self) -> Option<&crate::model::briefing::Briefing> {
        self.briefing.as_ref()
    }

    /// Whether the briefing has steps or changes that no file holds.
    pub fn briefing_is_dirty(&self) -> bool {
        self.briefing
            .as_ref()
            .is_some_and(|b| !b.steps.is_empty() && Some(b) != self.briefing_saved.as_ref())
    }

    /// The tab on screen.
    pub fn tab(&self) -> Tab {
        self.view.tab
    }

    /// What is remembered between runs.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.path.as_path())
    }

    /// Whether the document has changes not on disk. While presenting, that is the document
    /// put aside, never a step on screen.
    pub fn is_dirty(&self) -> bool {
        let (doc, saved) = self.working_document();
        saved != Some(&doc.scenario)
    }

    pub fn problems(&self) -> Option<&ProblemReport> {
        self.problems.as_ref()
    }

    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    /// How many stability analyses have a thread still working: one at most, however fast
    /// the picks come.
    pub fn stability_analyses_running(&self) -> usize {
        self.stability.running()
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    pub fn is_waiting_for_dialog(&self) -> bool {
        self.dialog.is_some()
    }

    /// The window title: scenario, file and an unsaved mark.
    pub fn window_title(&self) -> String {
        if let Some(p) = &self.presenting {
            let title = crate::model::text::one_line(&p.deck.title);
            return format!("Presenting: {title} - Red Lines");
        }
        let file = self.path().and_then(Path::file_name).map_or_else(
            || "not saved".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mark = if self.is_dirty() { "● " } else { "" };
        // The system draws this: escape sequences in a title must not reach it raw.
        let title = crate::model::text::one_line(&self.doc.scenario.title);
        format!("{mark}{title} ({file}) - Red Lines")
    }

    pub fn apply_all(&mut self, ctx: &egui::Context, commands: Vec<Command>) {
        for command in commands {
            self.apply(ctx, command);
        }
    }

    /// Carries out one command. Every change to the scenario passes through here.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        // In front of the room, a stray shortcut must not put the editing screen on the
        // projector: files, menus and windows wait until presenting stops (Esc). Quitting stops
        // presenting and asks as ever; F1 shows the keys over the slide.
        if let Some(p) = self.presenting.as_mut() {
            match &command {
                Command::Quit => {
                    self.stop_presenting(ctx);
                    // A crash copy found at start waited while presenting; it is asked about
                    // first.
                    if matches!(self.modal, Some(Modal::RestoreAutosave(_))) {
                        return;
                    }
                }
                Command::ToggleWindow(Window::Shortcuts) | Command::CloseTopWindow => {}
                Command::New
                | Command::NewModel { .. }
                | Command::Open
                | Command::OpenPath(_)
                | Command::OpenLink(_)
                | Command::OpenBytes { .. }
                | Command::OpenExample(_)
                | Command::OpenExampleBriefing(_)
                | Command::OpenBriefing
                | Command::Save
                | Command::SaveAs
                | Command::SaveSelfContained
                | Command::SaveBriefing
                | Command::SaveBriefingAs
                | Command::ExportBrief
                | Command::ShowWindow(_)
                | Command::ToggleWindow(_)
                | Command::FocusMenu { .. } => {
                    p.notice = Some((
                        "Leave presenting first (Esc): files, menus and windows wait until then"
                            .to_owned(),
                        Instant::now(),
                    ));
                    return;
                }
                _ => {}
            }
        }
        let before = self.presenting.as_ref().map(|_| self.evaluation.clone());
        let changes = matches!(
            command,
            Command::Edit { .. } | Command::Undo | Command::Redo | Command::ResetToFile
        );
        self.carry_out(ctx, command);
        // A live change in front of the room: what it flipped is marked, and L replays it.
        if changes
            && let (Some(p), Some(before)) = (self.presenting.as_mut(), before)
            && before != self.evaluation
        {
            p.before = Some(before);
            p.before_live = true;
            p.replay = None;
        }
    }

    fn carry_out(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Edit { edit, merge } => {
                if let Edit::SetPick {
                    position,
                    pick: crate::model::Pick::Value(v),
                } = &edit
                {
                    self.view.last_values.insert(position.clone(), *v);
                }
                if self
                    .history
                    .apply(&mut self.doc.scenario, &mut self.briefing, edit, merge)
                {
                    self.reevaluate();
                }
            }
            Command::EndStep => self.history.close_step(),
            Command::Undo => {
                if self
                    .history
                    .undo(&mut self.doc.scenario, &mut self.briefing)
                {
                    self.reevaluate();
                }
            }
            Command::Redo => {
                if self
                    .history
                    .redo(&mut self.doc.scenario, &mut self.briefing)
                {
                    self.reevaluate();
                }
            }
            Command::ResetToFile => {
                // Presenting, the "file" is the step as written.
                let saved = match &self.presenting {
                    Some(p) => Some(p.step().original.scenario.clone()),
                    None => self.saved.clone(),
                };
                if let Some(saved) = saved {
                    self.apply(
                        ctx,
                        Command::Edit {
                            edit: Edit::Replace(Box::new(saved)),
                            merge: false,
                        },
                    );
                }
            }
            Command::New => self.guard(ctx, Guarded::New),
            Command::NewModel { template } => self.guard(ctx, Guarded::NewModel { template }),
            Command::Open => self.guard(ctx, Guarded::Open),
            // A briefing leaves the scenario as it is: nothing to save first.
            Command::OpenPath(path) if crate::model::io::is_briefing(&path) => {
                self.open_briefing_path(&path);
            }
            Command::OpenPath(path) => self.guard(ctx, Guarded::OpenPath(path)),
            Command::OpenLink(link) => self.guard(ctx, Guarded::OpenLink(link)),
            Command::OpenBytes { name, bytes } => {
                self.guard(ctx, Guarded::OpenBytes { name, bytes });
            }
            Command::CopyLink => self.copy_link(ctx),
            Command::OpenExample(i) => self.guard(ctx, Guarded::OpenExample(i)),
            Command::OpenExampleBriefing(i) => self.open_example_briefing(i),
            Command::OpenBriefing => self.start_dialog(ctx, DialogKind::OpenBriefing),
            Command::SaveBriefing => match &self.briefing_origin {
                Some(BriefingOrigin::File(path)) if self.briefing.is_some() => {
                    let path = path.clone();
                    self.save_briefing_to(&path, false);
                }
                _ => self.carry_out(ctx, Command::SaveBriefingAs),
            },
            Command::SaveBriefingAs => {
                if self.briefing.is_some() {
                    self.start_dialog(ctx, DialogKind::SaveBriefing);
                }
            }
            Command::Notify(message) => {
                self.problems = Some(ProblemReport {
                    heading: message,
                    is_error: false,
                    ..ProblemReport::default()
                });
            }
            Command::ExportBrief => self.start_dialog(ctx, DialogKind::ExportBrief),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Save => {
                self.save(ctx, None);
            }
            Command::SaveAs => self.start_dialog(ctx, DialogKind::SaveAs),
            Command::ReadSourceText { source, path } => self.read_source_text(ctx, &source, &path),
            Command::ChooseSourceText { source } => {
                self.source_text_for = Some(source);
                self.start_dialog(ctx, DialogKind::SourceText);
            }
            Command::SaveSelfContained => {
                // The model and its sources' texts, all in the one file.
                let model = self.doc.self_contained_model();
                let inline = crate::model::ModelRef::Inline(Arc::new(model));
                self.carry_out(
                    ctx,
                    Command::Edit {
                        edit: Edit::SetModelRef(inline),
                        merge: false,
                    },
                );
                self.start_dialog(ctx, DialogKind::SaveAs);
            }
            Command::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            Command::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            Command::ZoomReset => ctx.set_zoom_factor(1.0),
            Command::SetDarkMode(dark) => {
                self.settings.dark_mode = dark;
                ctx.set_theme(if dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Command::ShowWindow(window) => {
                if !self.windows.contains(&window) {
                    self.open_window(window);
                }
            }
            Command::ToggleWindow(window) => {
                if self.windows.contains(&window) {
                    self.windows.retain(|w| *w != window);
                } else {
                    self.open_window(window);
                }
            }
            Command::CloseTopWindow => self.close_top_window(ctx),
            Command::ToggleFullscreen => {
                let full = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!full));
            }
            Command::FocusMenu { index, open } => self.menu_request = Some((index, open)),
            Command::Present(present) => self.present(ctx, present),
        }
    }

    /// Closes the window drawn on top of the others.
    pub(super) fn close_top_window(&mut self, ctx: &egui::Context) {
        let top = ctx.memory(|m| m.areas().top_layer_id(egui::Order::Middle));
        let index = top
            .and_then(|layer| {
                self.windows
                    .iter()
                    .position(|w| modals::window_id(w) == layer.id)
            })
            .or_else(|| self.windows.len().checked_sub(1));
        if let Some(i) = index {
            self.windows.remove(i);
        }
    }

    /// Brings verdicts and badges up to date with the document. A change to a few picks
    /// re-evaluates only the red lines that read them, so a click stays quick on big models.
    pub(super) fn reevaluate(&mut self) {
        self.sync_model();
        let (model, evaluated) = &self.evaluated;
        let same_model = Arc::ptr_eq(model, &self.doc.model);
        let choices = &self.doc.scenario.choices;
        let changed: Vec<&str> = evaluated
            .iter()
            .filter(|(id, pick)| choices.get(*id) != Some(*pick))
            .map(|(id, _)| id.as_str())
            .chain(
                choices
                    .keys()
                    .filter(|id| !evaluated.contains_key(*id))
                    .map(String::as_str),
            )
            .collect();
        if same_model && changed.len() <= self.doc.model.positions.len() / 4 + 1 {
            self.evaluation
                .update(&self.doc.model, &self.dependents, choices, &changed);
        } else {
            if !same_model {
                self.dependents = Dependents::new(&self.doc.model);
            }
            self.evaluation = evaluate_with(&self.doc.model, &self.dependents, choices);
        }
        self.evaluated = (self.doc.model.clone(), choices.clone());
        self.what_if.request(&self.repaint, &self.doc);
    }

    /// Runs `action` now, or first asks to save when it would drop unsaved changes.
    fn guard(&mut self, ctx: &egui::Context, action: Guarded) {
        if self.is_dirty() {
            self.modal = Some(Modal::SaveChanges(action));
        } else {
            self.proceed(ctx, action);
        }
    }

    /// The answer to "Save changes?".
    pub fn answer_save_changes(
        &mut self,
        ctx: &egui::Context,
        action: Guarded,
        answer: SaveAnswer,
    ) {
        self.modal = None;
        match answer {
            // The crash copy is asked about again: it is not dropped by a change of mind.
            SaveAnswer::Cancel => {
                if let Guarded::Restore(recovered) = action {
                    self.modal = Some(Modal::RestoreAutosave(*recovered));
                }
            }
            SaveAnswer::Discard => {
                self.autosave.clear();
                self.proceed(ctx, action);
            }
            SaveAnswer::Save => self.save(ctx, Some(action)),
        }
    }

    pub(super) fn proceed(&mut self, ctx: &egui::Context, action: Guarded) {
        match action {
            Guarded::New => {
                self.set_document(Document::new_bundled(), None);
                self.problems = None;
            }
            Guarded::NewModel { template } => {
                self.set_document(super::model_editor::new_model_document(template), None);
                self.problems = Some(ProblemReport {
                    heading: if template {
                        "A new model from the template: rename the two parties, the position and \
                         its options, then write each red line and quote its source"
                            .to_owned()
                    } else {
                        "A new, empty model: add its parties, positions, red lines and sources in \
                         the model editor"
                            .to_owned()
                    },
                    is_error: false,
                    clears_on_save: true,
                    ..ProblemReport::default()
                });
                self.open_window(Window::Model);
            }
            Guarded::Open => self.start_dialog(ctx, DialogKind::Open),
            Guarded::OpenPath(path) if crate::model::io::is_briefing(&path) => {
                self.open_briefing_path(&path);
            }
            Guarded::OpenPath(path) => self.open_path(&path),
            Guarded::OpenLink(link) => self.open_link(&link),
            Guarded::OpenBytes { name, bytes } => self.open_bytes(&name, &bytes),
            Guarded::OpenExample(i) => self.open_example(i),
            Guarded::Restore(recovered) => self.restore_autosave(ctx, &recovered),
            Guarded::Quit if self.briefing_is_dirty() && !self.allow_briefing_loss => {
                self.modal = Some(Modal::BriefingChanges);
            }
            Guarded::Quit => self.quit(ctx),
        }
    }

    /// Closes the window: every question about unsaved work has been answered.
    pub(super) fn quit(&mut self, ctx: &egui::Context) {
        self.allow_close = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// Reads `path` as the text of `source`: relative paths from the scenario's folder. A file
    /// the scenario may name (`io::NAMED_FILE_RULE`: below its folder, links included) is named
    /// by its path; any other is written into the file with the model, so the scenario never
    /// names a file it cannot read.
    fn read_source_text(&mut self, ctx: &egui::Context, source: &str, path: &Path) {
        let folder = self
            .path()
            .and_then(Path::parent)
            .map(Path::to_owned)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let full = folder.join(path);
        let read = crate::model::io::read_bounded(&full).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| {
                crate::model::io::FileError::message(&full, "the file is not valid UTF-8 text")
            })
        });
        let text = match read {
            Ok(text) => text,
            Err(e) => {
                self.report_file_error(format!("Could not read {}", full.display()), &e);
                return;
            }
        };
        // Named by its path only where a received file may name it; any other is carried inside.
        let inside = crate::model::io::name_from(&folder, &full)
            .filter(|_| self.path().is_some())
            .map(|inside| inside.to_string_lossy().into_owned());
        let mut model = (*self.doc.model).clone();
        let Some(s) = model.sources.iter_mut().find(|s| s.id == source) else {
            return;
        };
        s.content = crate::model::types::LoadedText(Some(Arc::from(text.as_str())));
        s.text_inline = inside.is_none().then_some(text);
        s.text = inside;
        self.apply(
            ctx,
            Command::Edit {
                edit: Edit::SetModel {
                    model: Arc::new(model),
                    renamed: Vec::new(),
                    key: None,
                },
                merge: false,
            },
        );
    }

    /// Model edits live in the scenario (its model inline), so undo and redo carry them; the
    /// document's model follows the scenario's.
    fn sync_model(&mut self) {
        use crate::model::ModelRef;
        let follows = match &self.doc.scenario.model {
            ModelRef::Inline(model) => Some(model.clone()),
            reference if *reference == self.opened_model.0 => Some(self.opened_model.1.clone()),
            ModelRef::Bundled { id, version } => bundled::find(id, *version),
            ModelRef::File {
                edited: Some(model),
                ..
            } => Some(model.clone()),
            ModelRef::File { .. } => None,
        };
        if let Some(model) = follows
            && !Arc::ptr_eq(&model, &self.doc.model)
        {
            self.doc.model = model;
        }
    }

    /// A different document from now on: its own undo history and its own crash copy.
    pub(super) fn set_document(&mut self, doc: Document, file: Option<OnDisk>) {
        self.opened_model = (doc.scenario.model.clone(), doc.model.clone());
        self.saved = Some(doc.scenario.clone());
        self.doc = doc;
        self.file = file;
        self.model_file_seen = self.model_file_now();
        self.history.clear();
        self.view.expanded.clear();
        self.view.scroll_to_top = true;
        self.autosave.next_document();
        self.reevaluate();
    }

    pub(super) fn open_window(&mut self, window: Window) {
        if window == Window::Briefing {
            self.focus_briefing = true;
        }
        // Compared with itself as saved, an unchanged scenario shows nothing: the status quo
        // (the first example) is the baseline worth comparing with.
        if window == Window::Compare
            && self.view.compare_with == CompareWith::Saved
            && !self.is_dirty()
            && bundled::example_titles().first() != Some(&self.doc.scenario.title)
        {
            self.view.compare_with = CompareWith::Example(0);
        }
        self.windows.push(window);
    }

    /// Loads `path`. A file that fails to load leaves the current scenario as it was.
    pub fn open_path(&mut self, path: &Path) {
        match load_scenario(path) {
            Ok(loaded) => {
                self.problems = (!loaded.warnings.is_empty()).then(|| ProblemReport {
                    heading: format!("Opened {} with warnings", path.display()),
                    lines: loaded
                        .warnings
                        .iter()
                        .map(|w| format_problem(path, w))
                        .collect(),
                    is_error: false,
                    ..ProblemReport::default()
                });
                let file = OnDisk::new(path, Some(loaded.text));
                self.settings.remember(&file.path);
                self.set_document(loaded.document, Some(file));
            }
            Err(e) => self.report_file_error(
                format!(
                    "Could not open {}. The scenario on screen is as it was.",
                    path.display()
                ),
                &e,
            ),
        }
    }

    /// Opens the scenario in `link`: untitled, as if it were a file nobody has saved here yet.
    pub fn open_link(&mut self, link: &str) {
        let loaded = crate::model::link::scenario_text(link)
            .map_err(|e| {
                vec![crate::model::Problem::error(
                    crate::model::Location::File,
                    e.to_string(),
                )]
            })
            .and_then(|text| parse_scenario(&text));
        if self.open_loaded(loaded, "the link") {
            // The tab it was shared from.
            self.view.tab = match crate::model::link::fragment_param(link, "tab") {
                Some("charts") => Tab::Charts,
                Some("explore") => Tab::Explore,
                Some("stability") => Tab::Stability,
                _ => Tab::RedLines,
            };
        }
    }

    /// Shows a scenario read from somewhere other than a file here (an example, a link, a
    /// browser's file), untitled; or says why `name` could not be opened. Whether it opened.
    fn open_loaded(
        &mut self,
        loaded: Result<crate::model::format::Loaded, Vec<crate::model::Problem>>,
        name: &str,
    ) -> bool {
        match loaded {
            Ok(loaded) => {
                self.set_document(loaded.document, None);
                self.problems = None;
                true
            }
            Err(problems) => {
                let e = FileError {
                    file: PathBuf::from(name),
                    problems,
                };
                self.report_file_error(
                    format!("Could not open {name}. The scenario on screen is as it was."),
                    &e,
                );
                false
            }
        }
    }

    /// Copies a link to the scenario. In a browser it is this page's address; on the desktop
    /// the web app's address is not known, so the link is the part after it, which
    /// `redlines 'LINK'` opens and which goes after the site's address in a browser.
    fn copy_link(&mut self, ctx: &egui::Context) {
        let base = self.config.page_address.clone().unwrap_or_default();
        let tab = match self.view.tab {
            Tab::RedLines => "",
            Tab::Charts => "&tab=charts",
            Tab::Explore => "&tab=explore",
            Tab::Stability => "&tab=stability",
        };
        match crate::model::link::to_link(&base, &self.doc).map(|link| link + tab) {
            Ok(link) => {
                let chars = link.chars().count();
                ctx.copy_text(link);
                let mut lines = vec![format!(
                    "{chars} characters, with the choices, the title and the notes{}. Nothing \
                     is sent anywhere: the scenario is inside the link itself.",
                    if matches!(
                        self.doc.scenario.model,
                        crate::model::ModelRef::Bundled { .. }
                    ) {
                        ""
                    } else {
                        ", and the model with its sources' texts"
                    }
                )];
                if base.is_empty() {
                    lines.push(
                        "Open it with `redlines '<link>'`, or put the web app's address in \
                         front of it to open it in a browser."
                            .to_owned(),
                    );
                }
                self.problems = Some(ProblemReport {
                    heading: "Link copied".to_owned(),
                    lines,
                    is_error: false,
                    ..ProblemReport::default()
                });
            }
            Err(e) => {
                self.problems = Some(ProblemReport {
                    heading: "No link: the scenario is too large".to_owned(),
                    lines: vec![e.to_string()],
                    is_error: true,
                    ..ProblemReport::default()
                });
            }
        }
    }

    fn open_example(&mut self, index: usize) {
        let Some((name, text)) = bundled::EXAMPLES.get(index) else {
            return;
        };
        self.open_loaded(parse_scenario(text), &format!("the example {name}"));
    }

    pub(super) fn report_file_error(&mut self, heading: String, e: &FileError) {
        self.problems = Some(ProblemReport {
            heading,
            lines: e.lines(),
            is_error: true,
            ..ProblemReport::default()
        });
    }

    pub(super) fn start_dialog(&mut self, ctx: &egui::Context, kind: DialogKind) {
        if self.dialog.is_some() {
            return;
        }
        if !self.config.native_dialogs {
            self.prompt_for_path(kind, false);
            return;
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let (folder, name) = self.suggested_path(kind);
            self.dialog = Some(PendingDialog::spawn(kind, ctx, name, folder));
        }
        #[cfg(target_arch = "wasm32")]
        self.start_web_dialog(ctx, kind);
    }

    /// In a browser there are no paths: a scenario is opened from the browser's file picker
    /// (or dropped on the page) and saved by downloading it.
    #[cfg(target_arch = "wasm32")]
    fn start_web_dialog(&mut self, ctx: &egui::Context, kind: DialogKind) {
        match kind {
            DialogKind::Open => {
                let (sender, receiver) = std::sync::mpsc::channel();
                super::web::pick_file(ctx, sender);
                self.picked = Some(receiver);
            }
            DialogKind::SaveAs => {
                let name = self.suggested_path(kind).1;
                let written = crate::model::format::save_text(&self.doc.scenario, None)
                    .map_err(|p| p.to_string())
                    .and_then(|saved| super::web::download(&name, saved.text.as_bytes()));
                self.problems = Some(match written {
                    Ok(()) => ProblemReport {
                        heading: format!("Downloaded {name}"),
                        lines: vec![
                            "The browser saved the scenario to its downloads folder: open it \
                             again with File → Open…, or drop it on this page."
                                .to_owned(),
                        ],
                        is_error: false,
                        ..ProblemReport::default()
                    },
                    Err(e) => ProblemReport {
                        heading: format!("Could not download {name}"),
                        lines: vec![e],
                        is_error: true,
                        ..ProblemReport::default()
                    },
                });
                self.after_save = None;
            }
            _ => {
                self.problems = Some(ProblemReport {
                    heading: "Not in the browser yet".to_owned(),
                    lines: vec![
                        "Briefings, the brief and source files need the desktop app for now."
                            .to_owned(),
                    ],
                    is_error: false,
                    ..ProblemReport::default()
                });
            }
        }
    }

    /// Brings back work left unsaved in a browser tab, as unsaved work (it has no file here).
    #[cfg(target_arch = "wasm32")]
    pub fn restore_unsaved(&mut self, text: &str) {
        if let Ok(loaded) = crate::model::format::parse_scenario(text) {
            self.set_document(loaded.document, None);
            // Unsaved, as it was: never saved anywhere.
            self.saved = None;
            self.problems = Some(ProblemReport {
                heading: "Your unsaved work is back".to_owned(),
                lines: vec![
                    "This browser kept it when the page was closed. File → Save as… downloads it."
                        .to_owned(),
                ],
                is_error: false,
                ..ProblemReport::default()
            });
        }
    }

    /// Opens `bytes`, a scenario file called `name` that has no path here (picked in a
    /// browser, or dropped on the page).
    pub fn open_bytes(&mut self, name: &str, bytes: &[u8]) {
        self.open_loaded(crate::model::format::parse_scenario_bytes(bytes), name);
    }

    /// Where a dialog proposes to save: the file's folder and name, or a name from the title.
    fn suggested_path(&self, kind: DialogKind) -> (Option<PathBuf>, String) {
        let file_folder = self.path().and_then(Path::parent).map(Path::to_owned);
        let briefing_folder = match &self.briefing_origin {
            Some(BriefingOrigin::File(path)) => path.parent().map(Path::to_owned),
            _ => None,
        };
        let briefing_title = self.briefing.as_ref().map(|b| slug(&b.title));
        match kind {
            DialogKind::Open | DialogKind::SaveAs => {
                let name = self.path().and_then(Path::file_name).map_or_else(
                    || format!("{}.ron", slug(&self.doc.scenario.title)),
                    |n| n.to_string_lossy().into_owned(),
                );
                (file_folder, name)
            }
            DialogKind::OpenBriefing | DialogKind::SaveBriefing => {
                let name = match &self.briefing_origin {
                    Some(BriefingOrigin::File(path)) => path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    _ => format!(
                        "{}.briefing.ron",
                        briefing_title.unwrap_or_else(|| "briefing".to_owned())
                    ),
                };
                (briefing_folder.or(file_folder), name)
            }
            DialogKind::SourceText => (file_folder, String::new()),
            DialogKind::ExportBrief => {
                let title = briefing_title.unwrap_or_else(|| slug(&self.doc.scenario.title));
                (briefing_folder.or(file_folder), format!("{title}-brief"))
            }
        }
    }

    /// The file name asked for inside the window, where no system dialog can appear.
    fn prompt_for_path(&mut self, kind: DialogKind, no_dialog: bool) {
        let (folder, name) = self.suggested_path(kind);
        let folder = folder.or_else(|| std::env::current_dir().ok());
        let text = if kind.opens() {
            folder.map_or_else(String::new, |f| format!("{}/", f.display()))
        } else {
            folder.map_or(name.clone(), |f| f.join(&name).display().to_string())
        };
        self.modal = Some(Modal::PathPrompt {
            kind,
            text,
            no_dialog,
        });
    }

    /// The answer to the in-window file prompt: `None` cancels.
    pub fn answer_path_prompt(
        &mut self,
        ctx: &egui::Context,
        kind: DialogKind,
        path: Option<PathBuf>,
    ) {
        self.modal = None;
        match path {
            Some(path) => self.answer_dialog(ctx, kind, path),
            None => self.after_save = None,
        }
    }

    /// A path chosen, in a system dialog or typed in the window.
    fn answer_dialog(&mut self, ctx: &egui::Context, kind: DialogKind, path: PathBuf) {
        match kind {
            DialogKind::Open => self.open_path(&path),
            DialogKind::SaveAs => self.save_as(ctx, path),
            DialogKind::OpenBriefing => self.open_briefing_path(&path),
            DialogKind::SaveBriefing => self.save_briefing_to(&path, false),
            DialogKind::ExportBrief => self.export_brief_to(&path),
            DialogKind::SourceText => {
                if let Some(source) = self.source_text_for.take() {
                    self.read_source_text(ctx, &source, &path);
                }
            }
        }
    }

    fn save_as(&mut self, ctx: &egui::Context, path: PathBuf) {
        let path = if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path
        };
        let then = self.after_save.take();
        self.save_to(ctx, &path, super::saving::Confirmed::default(), then);
    }

    fn poll_dialog(&mut self, ctx: &egui::Context) {
        if let Some(picked) = &self.picked
            && let Ok((name, bytes)) = picked.try_recv()
        {
            self.picked = None;
            self.apply(ctx, Command::OpenBytes { name, bytes });
        }
        let Some(answer) = self.dialog.as_ref().and_then(PendingDialog::poll) else {
            return;
        };
        let Some(dialog) = self.dialog.take() else {
            return;
        };
        match (dialog.kind, answer) {
            (kind, Some(path)) => self.answer_dialog(ctx, kind, path),
            // No chooser on this system: ask inside the window instead.
            (kind, None) if dialog.never_appeared() => self.prompt_for_path(kind, true),
            // Cancelled: whatever was waiting on the save does not happen.
            (_, None) => self.after_save = None,
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        // Text fields keep their own undo and editing keys.
        if ctx.text_edit_focused() {
            return;
        }
        let mut pressed: Vec<Command> = ctx.input_mut(|input| {
            SHORTCUTS
                .iter()
                .filter(|s| input.consume_shortcut(&s.keys))
                .map(|s| s.command.clone())
                .collect()
        });
        // Presenting: F5 again does nothing, Esc is presenting's own.
        if self.presenting.is_some() {
            pressed.retain(|c| *c != Command::Present(Present::Start(None)));
        } else if self.modal.is_none()
            && !self.windows.is_empty()
            && !egui::Popup::is_any_open(ctx)
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            pressed.push(Command::CloseTopWindow);
        }
        self.apply_all(ctx, pressed);
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let Some(file) = ctx.input(|i| i.raw.dropped_files.first().cloned()) else {
            return;
        };
        #[cfg(not(target_arch = "wasm32"))]
        if !file.path().as_os_str().is_empty() {
            self.apply(ctx, Command::OpenPath(file.path().to_owned()));
        }
        // A browser gives the file's name and, later, its bytes: no path.
        #[cfg(target_arch = "wasm32")]
        {
            let (sender, receiver) = std::sync::mpsc::channel();
            super::web::read_dropped(ctx, file, sender);
            self.picked = Some(receiver);
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        // What "Save changes?" asks about is the document put aside.
        self.stop_presenting(ctx);
        if self.is_dirty() && !self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::SaveChanges(Guarded::Quit));
        } else if self.briefing_is_dirty() && !self.allow_close && !self.allow_briefing_loss {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::BriefingChanges);
        } else {
            // Saved, or deliberately discarded: nothing of this window's to restore next time.
            self.autosave.finish();
        }
    }

    pub(super) fn tick_autosave(&mut self, ctx: &egui::Context) {
        // The copy on disk is of the document put aside, and stays as it was.
        if self.presenting.is_some() {
            return;
        }
        // Nothing unsaved (saved, reloaded, or undone back to the file): no copy to keep.
        // Quitting after "Discard": the work was deliberately dropped, so keep none either.
        if !self.is_dirty() || self.allow_close {
            if self.autosave.has_copy() {
                self.autosave.clear();
            }
            return;
        }
        let origin = Origin {
            path: self.path().map(Path::to_owned),
            sha256: self
                .file
                .as_ref()
                .and_then(|f| f.text.as_ref())
                .map(|t| sha256_hex(t.as_bytes())),
            saved_at: None,
        };
        // Edits to a model in its own file live only in memory until saved: the crash copy
        // carries the model inline, so they survive a crash too.
        let copy = match &self.doc.scenario.model {
            crate::model::ModelRef::File {
                edited: Some(model),
                ..
            } => std::borrow::Cow::Owned(crate::model::Scenario {
                model: crate::model::ModelRef::Inline(model.clone()),
                ..self.doc.scenario.clone()
            }),
            _ => std::borrow::Cow::Borrowed(&self.doc.scenario),
        };
        if let Err(e) = self.autosave.tick(&copy, &origin, Instant::now()) {
            self.problems = Some(ProblemReport {
                heading: "Autosave failed".to_owned(),
                lines: vec![e],
                is_error: true,
                ..ProblemReport::default()
            });
        }
        ctx.request_repaint_after(super::autosave::AUTOSAVE_EVERY);
    }

    fn tick_screenshot(&mut self, ctx: &egui::Context) {
        let Some(target) = self.config.screenshot.clone() else {
            return;
        };
        self.frames += 1;
        ctx.request_repaint();
        if self.screenshot.is_none() && self.frames >= 5 {
            let (sender, receiver) = mpsc::channel();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let _ = sender.send(image);
                repaint.request_repaint();
            });
            self.screenshot = Some(receiver);
        }
        if let Some(image) = self.screenshot.as_ref().and_then(|r| r.try_recv().ok()) {
            // A window manager (or none) may have sized the window otherwise: size it again,
            // and take the picture once it is the size asked for.
            if let Some([w, h]) = self.config.window_size
                && image.size != [w as usize, h as usize]
                && self.resizes < 10
            {
                self.resizes += 1;
                // Points at the zoom in use: egui turns them back into pixels with it.
                let per_point = ctx.pixels_per_point();
                ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(egui::vec2(
                    w / per_point,
                    h / per_point,
                )));
                self.screenshot = None;
                self.frames = 0;
                return;
            }
            if let Err(e) = save_png(&target, &image) {
                eprintln!("redlines: could not save the screenshot: {e}");
                std::process::exit(1);
            }
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// What the chosen tab shows: the red lines, the charts or the deal search.
    pub(super) fn tab_content(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        match self.view.tab {
            Tab::RedLines => {
                matrix::show(ui, &self.doc, &self.evaluation, &mut self.view, commands)
            }
            Tab::Charts => charts::show(ui, &self.doc, &self.evaluation),
            Tab::Explore => {
                let query = self
                    .view
                    .explore
                    .query(&self.doc.model, &self.doc.scenario.choices);
                self.explore.update(
                    ui.ctx(),
                    &self.doc.model,
                    query,
                    self.view.explore.ranked_by(),
                );
                explore::show(
                    ui,
                    &self.doc,
                    &self.evaluation,
                    &mut self.view.explore,
                    &mut self.explore,
                    commands,
                );
            }
            Tab::Stability => super::stability::show(ui, &self.doc, &mut self.stability, commands),
        }
    }

    /// Draws the whole window. Commands from each panel are applied before the next panel draws,
    /// so every verdict on screen matches the choices in the same frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.repaint = ctx.clone();
        self.what_if.poll();
        self.poll_dialog(&ctx);
        self.poll_export(&ctx);
        self.check_disk_on_focus(&ctx);
        self.handle_close_request(&ctx);
        self.handle_present_keys(&ctx);
        self.handle_shortcuts(&ctx);
        self.handle_dropped_files(&ctx);
        if let Some(recovered) = self.restore_on_start.take() {
            self.restore_autosave(&ctx, &recovered);
        }
        // A link pasted into the address bar of an open page changes only the fragment: the
        // page is not loaded again, so the app opens the new link itself.
        #[cfg(target_arch = "wasm32")]
        if let Some(link) = super::web::new_link(&mut self.config.page_address) {
            self.apply(&ctx, Command::OpenLink(link));
        }

        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        let mut commands = Vec::new();
        if self.presenting.is_none() {
            let request = self.menu_request.take();
            self.below_menu = egui::Panel::top("menu_bar")
                .show(ui, |ui| menu::show(ui, self, request, &mut commands))
                .response
                .rect
                .bottom();
            // egui closes a menu on a pointer click only; an item chosen with Enter closes it too.
            if !commands.is_empty() {
                egui::Popup::close_all(&ctx);
            }
            self.apply_all(&ctx, std::mem::take(&mut commands));
        }

        // While presenting, only an error reaches the room's screen (a finished export waits).
        if let Some(report) = self
            .problems
            .clone()
            .filter(|r| self.presenting.is_none() || r.is_error)
        {
            let mut dismissed = false;
            egui::Panel::bottom("problems")
                .resizable(true)
                .show(ui, |ui| dismissed = problems::show(ui, &report));
            if dismissed {
                self.problems = None;
            }
        }

        if self.presenting.is_some() {
            egui::CentralPanel::default()
                .frame(egui::Frame::central_panel(&ctx.global_style()).inner_margin(10.0))
                .show(ui, |ui| self.show_presenting(ui, &mut commands));
            self.apply_all(&ctx, std::mem::take(&mut commands));
        } else {
            self.show_editing(ui, &mut commands);
        }

        modals::show(&ctx, self, &mut commands);
        self.apply_all(&ctx, commands);
        // "Save it as…" on quitting: once no question or dialog is open, the save either
        // happened (quit) or was cancelled or failed (stay).
        if self.quit_after_briefing_save && self.modal.is_none() && self.dialog.is_none() {
            self.quit_after_briefing_save = false;
            if !self.briefing_is_dirty() {
                self.quit(&ctx);
            }
        }

        if self.dialog.is_some() {
            // Keep polling the dialog thread; it also wakes us when it answers.
            ctx.request_repaint_after(std::time::Duration::from_millis(200));
        }
        self.view.scroll_to_top = false;
        self.settings.zoom = ctx.zoom_factor();
        self.tick_autosave(&ctx);
        self.tick_screenshot(&ctx);
        // A size given on the command line wins over one remembered from an earlier run.
        if let (false, Some([w, h])) = (self.sized, self.config.window_size) {
            self.sized = true;
            let per_point = ctx.pixels_per_point();
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(egui::vec2(
                w / per_point,
                h / per_point,
            )));
        }
    }

    /// The everyday window: positions on the left, the verdicts and tabs in the middle.
    fn show_editing(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let ctx = ui.ctx().clone();
        egui::Panel::left("positions")
            .resizable(true)
            .default_size(460.0)
            .min_size(300.0)
            // Zoomed in for projection, the positions must still leave room for the verdicts.
            .max_size((ui.available_width() * 0.5).max(300.0))
            .show(ui, |ui| {
                positions::show(
                    ui,
                    &self.doc,
                    self.what_if.badges(),
                    self.what_if.is_pending(),
                    &mut self.view,
                    commands,
                )
            });
        self.apply_all(&ctx, std::mem::take(commands));

        egui::CentralPanel::default().show(ui, |ui| {
            scenario_header::show(ui, &self.doc, self.saved.as_ref(), &mut self.view, commands);
            ui.add_space(4.0);
            summary::show(ui, &self.doc, &self.evaluation);
            ui.separator();
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.view.tab, Tab::RedLines, "Red lines");
                ui.selectable_value(&mut self.view.tab, Tab::Charts, "Charts");
                ui.selectable_value(&mut self.view.tab, Tab::Explore, "Explore deals");
                ui.selectable_value(&mut self.view.tab, Tab::Stability, "Stability");
            });
            ui.separator();
            self.tab_content(ui, commands);
        });
        self.apply_all(&ctx, std::mem::take(commands));
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveAnswer {
    Save,
    Discard,
    Cancel,
}

fn slug(title: &str) -> String {
    let s: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() {
        "scenario".to_owned()
    } else {
        s
    }
}

/// Saves the window as PNG. A near-uniform image means nothing was drawn: that is an error, so a
/// smoke test or a slide never passes with a blank picture.
fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let distinct: HashSet<egui::Color32> = image.pixels.iter().copied().take(2_000_000).collect();
    if distinct.len() < 16 {
        return Err(format!(
            "the window looks blank ({} colours)",
            distinct.len()
        ));
    }
    let [w, h] = image.size;
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, image.as_raw().to_vec())
        .ok_or_else(|| "the screenshot has the wrong size".to_owned())?;
    buffer.save(path).map_err(|e| e.to_string())
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    /// The settings hold the zoom and theme; egui's own memory would bring back a zoom (and
    /// with it a window size) that a `--zoom` run or a screenshot left behind.
    fn persist_egui_memory(&self) -> bool {
        false
    }

    /// A screenshot shows the scenario, not wherever the mouse happens to be.
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.config.screenshot.is_some() {
            raw_input.events.retain(|e| {
                !matches!(
                    e,
                    egui::Event::PointerMoved(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::MouseWheel { .. }
                )
            });
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // A screenshot is reproducible both ways: it reads nothing remembered and changes none.
        if self.config.screenshot.is_some() {
            return;
        }
        let mut settings = self.settings.clone();
        if let Some((dark_mode, zoom)) = self.config.remembered_look {
            settings.dark_mode = dark_mode;
            settings.zoom = zoom;
        }
        eframe::set_value(storage, super::files::SETTINGS_KEY, &settings);
        // A browser tab has no files to lose: unsaved work is kept in the browser's storage,
        // and the page brings it back when it is opened again.
        #[cfg(target_arch = "wasm32")]
        {
            let unsaved = self
                .is_dirty()
                .then(|| {
                    crate::model::format::scenario_to_ron(&self.working_document().0.scenario).ok()
                })
                .flatten()
                .unwrap_or_default();
            storage.set_string(super::web::UNSAVED_KEY, unsaved);
        }
    }

    #[cfg(target_arch = "wasm32")]
    fn auto_save_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(3)
    }
}

/// Sets up the context the first time: type sizes, theme and zoom from the settings.
pub fn setup_context(ctx: &egui::Context, settings: &Settings) {
    theme::install(ctx);
    theme::set_presenting(ctx, false);
    ctx.set_theme(if settings.dark_mode {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    if settings.zoom.is_finite() && (0.5..=4.0).contains(&settings.zoom) {
        ctx.set_zoom_factor(settings.zoom);
    }
}
