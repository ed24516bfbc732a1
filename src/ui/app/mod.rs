//! The app's state. This folder is the only part of the window that names `App`: `apply.rs` is
//! the one place that carries out a `Command`, `frame.rs` lays out each frame, and the other
//! files handle documents, dialogs, saving, briefings, presenting and the windows. Everything
//! else in `ui/` draws what it is given and sends `Command`s.

mod apply;
mod briefing_files;
#[cfg(target_arch = "wasm32")]
pub mod browser;
mod compare;
mod dialogs;
mod document;
mod frame;
mod menu;
#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub mod pictures;
mod presenting;
mod room;
mod saving;
mod windows;

#[cfg(not(target_arch = "wasm32"))]
pub use native::run_native;

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use web_time::Duration;

use crate::model::bundled;
use crate::model::deal_space::WhatIf;
use crate::model::edit::History;
use crate::model::eval::{Dependents, evaluate_with};
use crate::model::{Choices, Document, Evaluation, Model, Scenario};

use crate::ui::command::Window;
use crate::ui::modal::{Guarded, Modal};
use crate::ui::panels::what_if::WhatIfState;
use crate::ui::platform::autosave::{AUTOSAVE_EVERY, Autosave, Recovered};
use crate::ui::platform::files::{OnDisk, PendingDialog, Settings};
use crate::ui::present::{BriefingOrigin, Presenting};
use crate::ui::state::{CompareWith, ProblemReport, Tab, ViewState};
use crate::ui::tabs::explore::ExploreState;

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
    /// Quit once this many frames are drawn (measuring start-up against a bare eframe app).
    pub quit_after_frames: Option<u64>,
    /// The window's size in pixels that a screenshot must have.
    pub window_size: Option<[f32; 2]>,
    /// How often unsaved work is copied to the data folder; three seconds unless set.
    pub autosave_every: Option<Duration>,
    /// How long Explore's search runs before it stops with what it has (a count it could not
    /// finish between proven bounds); ten seconds unless set.
    pub search_time_limit: Option<Duration>,
    /// The remembered theme (dark or not) and zoom, where this run was given its own: they are
    /// what is remembered again, not this run's.
    pub remembered_look: Option<(bool, f32)>,
    /// A crash copy another window handed over: restored at once, without asking.
    pub restore_copy: Option<PathBuf>,
    /// Whether a crash copy can be restored in a new window of its own (the desktop app, not
    /// tests or a browser).
    pub can_open_windows: bool,
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
    pub(super) exporting: Option<crate::ui::platform::tasks::Task<briefing_files::ExportAnswer>>,
    /// A menu the keyboard asked for (F10, Alt+letter): its index, and whether to open it.
    pub(super) menu_request: Option<(usize, bool)>,
    /// Where the menu bar ends: windows stay below it, so it is never covered.
    pub(super) below_menu: f32,
    /// Where the problems panel starts (infinity while there is none): windows stay above it,
    /// so what it says is never hidden under one.
    pub(super) above_problems: f32,
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
    stability: crate::ui::tabs::stability::StabilityState,
    dilemmas: crate::ui::tabs::dilemmas::DilemmasState,
    pub(super) history: History,
    /// The scenario as last loaded or saved: the unsaved-changes mark compares against it.
    pub(super) saved: Option<Scenario>,
    /// The file the scenario belongs to, and what it held when last read or written.
    pub(crate) file: Option<OnDisk>,
    pub(crate) view: ViewState,
    /// The model editor's picks, removals waiting for an answer, and quotes being picked.
    pub(crate) editor: crate::ui::windows::model_editor::EditorState,
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
    /// Every frame drawn, for `quit_after_frames`.
    frames_drawn: u64,
    /// The live room this window presents to or follows, if any.
    pub(crate) room: Option<crate::ui::room::LiveRoom>,
    /// The room server the "Open a room" window offers.
    pub(crate) room_server: String,
    /// The questions a room answered while this window presented to it, for the handout;
    /// kept after the room closes.
    pub(crate) room_answered: Vec<crate::model::room::Answered>,
    /// The "Open a negotiation room" window's fields.
    pub(crate) negotiation_form: crate::ui::room::negotiation::NegotiationForm,
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
                None => crate::ui::platform::autosave::read_copy(p),
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
            above_problems: f32::INFINITY,
            sized: false,
            evaluation: evaluate_with(&doc.model, &dependents, &doc.scenario.choices),
            evaluated: (doc.model.clone(), doc.scenario.choices.clone()),
            opened_model: (doc.scenario.model.clone(), doc.model.clone()),
            dependents,
            what_if,
            explore: ExploreState::new(
                config
                    .search_time_limit
                    .unwrap_or(crate::ui::tabs::explore::SEARCH_TIME_LIMIT),
            ),
            stability: Default::default(),
            dilemmas: Default::default(),
            saved: Some(doc.scenario.clone()),
            doc,
            history: History::default(),
            file: None,
            view: ViewState::default(),
            editor: Default::default(),
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
            frames_drawn: 0,
            room: None,
            room_server: String::new(),
            room_answered: Vec::new(),
            negotiation_form: Default::default(),
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

    /// The open scenario's title, or, once its choices differ from the file's, that it is a
    /// package based on it: for the slide and the handout, which must not pass it off as the
    /// file's.
    pub(crate) fn package_title(&self) -> String {
        let changed = self
            .saved
            .as_ref()
            .is_some_and(|s| s.choices != self.doc.scenario.choices);
        crate::model::wording::package_title(&self.doc.scenario.title, changed)
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
        let file = match self.path().and_then(Path::file_name) {
            Some(name) => name.to_string_lossy().into_owned(),
            // An example as it ships: nothing of the user's waits to be saved.
            None if !self.is_dirty()
                && bundled::example_titles().contains(&self.doc.scenario.title) =>
            {
                "example".to_owned()
            }
            None => "not saved".to_owned(),
        };
        let mark = if self.is_dirty() { "● " } else { "" };
        // The system draws this: escape sequences in a title must not reach it raw.
        let title = crate::model::text::one_line(&self.doc.scenario.title);
        format!("{mark}{title} ({file}) - Red Lines")
    }
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
