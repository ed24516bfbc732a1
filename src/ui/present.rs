//! Presenting: a briefing's steps (or the open scenario alone) on a projector, stepped through
//! from the keyboard. What was open before is put aside and comes back untouched when
//! presenting stops; stepping never asks to save, and nothing is written to disk.

use std::path::PathBuf;
use std::sync::Arc;
use web_time::{Duration, Instant};

use crate::model::briefing::{Briefing, Step, resolve_step};
use crate::model::bundled;
use crate::model::compare::{Comparison, compare};
use crate::model::edit::{Edit, History};
use crate::model::io::{FileError, read_named};
use crate::model::{Choices, Document, Evaluation, Scenario};

use super::app::{App, Tab};
use super::command::{PRESENT_KEYS, Present};
use super::files::OnDisk;
use super::theme;

/// Where the briefing being built came from: a `File` step's path is relative to it.
#[derive(Clone, Debug, PartialEq)]
pub enum BriefingOrigin {
    /// Read from this file; its steps' files are relative to its folder.
    File(PathBuf),
    /// A bundled example: its steps' files are bundled examples too.
    Example,
}

/// A step, resolved: what it shows, as loaded, and as the presenter has changed it live.
#[derive(Clone, Debug)]
pub struct DeckStep {
    pub step: Step,
    pub original: Document,
    pub live: Document,
    /// The undo history of the live changes on this step, kept while other steps show.
    pub history: History,
}

/// What is being presented.
#[derive(Clone, Debug)]
pub struct Deck {
    pub title: String,
    pub steps: Vec<DeckStep>,
    /// The open scenario alone, not a briefing: live changes go back to it.
    pub alone: bool,
}

/// What was on screen before presenting, put back when it stops.
struct Stash {
    doc: Document,
    file: Option<OnDisk>,
    saved: Option<Scenario>,
    history: History,
    tab: Tab,
    windows: Vec<super::command::Window>,
    was_fullscreen: bool,
}

/// How long "replay last change" shows the state before, then the flips.
pub const REPLAY_BEFORE: Duration = Duration::from_millis(1200);
pub const REPLAY_MARKED: Duration = Duration::from_millis(3500);

pub struct Presenting {
    pub deck: Deck,
    pub index: usize,
    stash: Stash,
    /// Per party (model order): whether its verdicts show. All true unless the step asks the
    /// room a question first.
    pub revealed: Vec<bool>,
    pub blank: bool,
    pub speaker_view: bool,
    pub positions: bool,
    /// Drawn for a printed handout: no keys, no buttons.
    pub handout: bool,
    /// A word for the presenter in the hints line (a shortcut that waits), and since when.
    pub notice: Option<(String, Instant)>,
    /// A step number being typed after `G`.
    pub go_to: Option<String>,
    pub started: Instant,
    pub step_started: Instant,
    /// The verdicts before the last change (a step or a live pick): what flipped is marked.
    pub before: Option<Evaluation>,
    /// `before` is the state before a live change, not the step before: said on screen, as
    /// the package strip still compares with the step before.
    pub before_live: bool,
    /// The next step's verdicts, for the speaker view: it cannot change while on this step.
    pub next_evaluation: Option<Evaluation>,
    /// When "replay last change" started.
    pub replay: Option<Instant>,
    /// The comparison with the previous step, for the choices it changed and a compare step;
    /// kept until either scenario changes.
    comparison: Option<(Choices, Choices, Arc<Comparison>)>,
}

impl Presenting {
    pub fn step(&self) -> &DeckStep {
        &self.deck.steps[self.index]
    }

    pub fn hidden(&self) -> bool {
        self.revealed.iter().any(|r| !r)
    }

    /// The state to draw now: before the change, in the first part of a replay.
    pub fn replaying_before(&self) -> bool {
        self.replay.is_some_and(|t| t.elapsed() < REPLAY_BEFORE)
    }

    /// Whether flips are marked strongly (just after a change, or in a replay).
    pub fn marking_flips(&self) -> bool {
        self.replay.is_some_and(|t| t.elapsed() < REPLAY_MARKED)
    }

    /// The step before this one, as the room last saw it.
    pub fn previous(&self) -> Option<&DeckStep> {
        self.index.checked_sub(1).map(|i| &self.deck.steps[i])
    }

    /// This step compared with the previous one, if there is one.
    pub fn comparison(&mut self, now: &Document) -> Option<Arc<Comparison>> {
        let previous = self.previous()?.live.clone();
        let fresh = self
            .comparison
            .as_ref()
            .is_some_and(|(a, b, _)| *a == previous.scenario.choices && *b == now.scenario.choices);
        if !fresh {
            self.comparison = Some((
                previous.scenario.choices.clone(),
                now.scenario.choices.clone(),
                Arc::new(compare(&previous, now)),
            ));
        }
        self.comparison.as_ref().map(|(_, _, c)| c.clone())
    }

    /// The positions whose pick differs from the previous step.
    pub fn changed_positions(&mut self, now: &Document) -> Vec<String> {
        self.comparison(now)
            .map(|c| c.choices.iter().map(|c| c.position.clone()).collect())
            .unwrap_or_default()
    }
}

/// Resolves every step of `briefing`, reading files relative to where it came from.
pub fn deck_of(briefing: &Briefing, origin: Option<&BriefingOrigin>) -> Result<Deck, FileError> {
    let folder = match origin {
        Some(BriefingOrigin::File(path)) => path.parent().map(std::path::Path::to_owned),
        _ => None,
    };
    let open = |within: &std::path::Path, named: &std::path::Path| -> Result<String, String> {
        match (origin, &folder) {
            (Some(BriefingOrigin::Example), _) => {
                bundled::example_text(&within.join(named).to_string_lossy())
                    .map(str::to_owned)
                    .ok_or_else(|| "no such example".to_owned())
            }
            (_, Some(folder)) => read_named(&folder.join(within), named),
            _ => Err("the briefing has not been saved, so there is no folder to look in".into()),
        }
    };
    let mut steps = Vec::new();
    let mut problems = Vec::new();
    for (i, step) in briefing.steps.iter().enumerate() {
        match resolve_step(step, i, &open) {
            Ok(doc) => steps.push(DeckStep {
                step: step.clone(),
                original: doc.clone(),
                live: doc,
                history: History::default(),
            }),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(Deck {
            title: briefing.title.clone(),
            steps,
            alone: false,
        })
    } else {
        Err(FileError {
            file: match origin {
                Some(BriefingOrigin::File(path)) => path.clone(),
                _ => PathBuf::from(&briefing.title),
            },
            problems,
        })
    }
}

impl App {
    pub fn is_presenting(&self) -> bool {
        self.presenting.is_some()
    }

    pub fn presenting(&self) -> Option<&Presenting> {
        self.presenting.as_ref()
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn presenting_mut(&mut self) -> Option<&mut Presenting> {
        self.presenting.as_mut()
    }

    /// The document and its saved state that "unsaved changes" is about: while presenting,
    /// the one put aside, not the step on screen.
    pub(super) fn working_document(&self) -> (&Document, Option<&Scenario>) {
        match &self.presenting {
            Some(p) => (&p.stash.doc, p.stash.saved.as_ref()),
            None => (&self.doc, self.saved.as_ref()),
        }
    }

    pub(super) fn present(&mut self, ctx: &egui::Context, command: Present) {
        if let Present::Start(at) = command {
            match (&self.presenting, at) {
                (None, at) => self.start_presenting(ctx, at.unwrap_or(0)),
                (Some(_), Some(at)) => self.go_to_step(at),
                (Some(_), None) => {}
            }
            return;
        }
        let Some(p) = self.presenting.as_mut() else {
            return;
        };
        let last = p.deck.steps.len().saturating_sub(1);
        let index = p.index;
        match command {
            Present::Start(_) => {}
            Present::Stop => self.stop_presenting(ctx),
            Present::Next if index == last => {
                p.notice = Some(("This is the last step.".to_owned(), Instant::now()));
            }
            Present::Next => self.go_to_step(index.saturating_add(1).min(last)),
            Present::Previous => self.go_to_step(index.saturating_sub(1)),
            Present::GoTo(i) => self.go_to_step(i.min(last)),
            Present::Last => self.go_to_step(last),
            Present::StartGoTo => p.go_to = Some(String::new()),
            Present::ToggleBlank => p.blank = !p.blank,
            Present::RevealNext => {
                if let Some(r) = p.revealed.iter_mut().find(|r| !**r) {
                    *r = true;
                }
            }
            Present::RevealAll => p.revealed.iter_mut().for_each(|r| *r = true),
            Present::RevealOrNext => {
                if p.hidden() {
                    p.revealed.iter_mut().for_each(|r| *r = true);
                } else if index == last {
                    p.notice = Some(("This is the last step.".to_owned(), Instant::now()));
                } else {
                    self.go_to_step(index.saturating_add(1).min(last));
                }
            }
            Present::ToggleSpeakerView => p.speaker_view = !p.speaker_view,
            Present::ReplayLastChange => {
                if p.before.is_some() {
                    p.replay = Some(Instant::now());
                }
            }
            Present::TogglePositions => p.positions = !p.positions,
        }
    }

    /// Presents the briefing being built, or the open scenario alone.
    fn start_presenting(&mut self, ctx: &egui::Context, at: usize) {
        let deck = match &self.briefing {
            Some(b) if !b.steps.is_empty() => match deck_of(b, self.briefing_origin.as_ref()) {
                Ok(deck) => deck,
                Err(e) => {
                    self.report_file_error(
                        "Could not present the briefing: a step cannot be read".to_owned(),
                        &e,
                    );
                    return;
                }
            },
            _ => Deck {
                title: self.doc.scenario.title.clone(),
                steps: vec![DeckStep {
                    step: Step::inline(&self.doc),
                    original: self.doc.clone(),
                    live: self.doc.clone(),
                    history: History::default(),
                }],
                alone: true,
            },
        };
        let stash = Stash {
            doc: self.doc.clone(),
            file: self.file.take(),
            saved: self.saved.clone(),
            history: std::mem::take(&mut self.history),
            tab: self.view.tab,
            windows: std::mem::take(&mut self.windows),
            was_fullscreen: ctx.input(|i| i.viewport().fullscreen.unwrap_or(false)),
        };
        let parties = self.doc.model.parties.len();
        self.presenting = Some(Presenting {
            deck,
            index: usize::MAX,
            stash,
            revealed: vec![true; parties],
            blank: false,
            speaker_view: false,
            positions: false,
            handout: false,
            notice: None,
            go_to: None,
            started: Instant::now(),
            step_started: Instant::now(),
            before: None,
            before_live: false,
            next_evaluation: None,
            replay: None,
            comparison: None,
        });
        theme::set_presenting(ctx, true);
        self.go_to_step(at);
    }

    /// Shows step `index`, keeping the live changes of the step left.
    fn go_to_step(&mut self, index: usize) {
        let Some(p) = self.presenting.as_mut() else {
            return;
        };
        let index = index.min(p.deck.steps.len().saturating_sub(1));
        if index == p.index {
            return;
        }
        if let Some(left) = p.deck.steps.get_mut(p.index) {
            left.live = self.doc.clone();
            left.history = std::mem::take(&mut self.history);
        }
        // What flipped is measured against the step before this one in the briefing, as the
        // package strip is, however the presenter got here.
        p.before = index
            .checked_sub(1)
            .map(|i| p.deck.steps[i].live.evaluate());
        p.before_live = false;
        p.next_evaluation = p.deck.steps.get(index + 1).map(|s| s.live.evaluate());
        p.index = index;
        p.go_to = None;
        p.blank = false;
        p.replay = None;
        p.step_started = Instant::now();
        let step = &p.deck.steps[index];
        let parties = step.live.model.parties.len();
        p.revealed = vec![step.step.question.is_none(); parties];
        // A step on another model has other red lines: nothing to mark as flipped.
        if p.before.as_ref().is_some_and(|b| {
            b.red_lines.len() != step.live.model.red_lines.len()
                || b.red_lines
                    .iter()
                    .zip(&step.live.model.red_lines)
                    .any(|(v, rl)| v.red_line != rl.id)
        }) {
            p.before = None;
        }
        self.doc = step.live.clone();
        self.saved = Some(step.original.scenario.clone());
        self.view.tab = match step.step.show {
            crate::model::briefing::Show::Charts => Tab::Charts,
            crate::model::briefing::Show::Explore => Tab::Explore,
            _ => Tab::RedLines,
        };
        // Coming back to a step changed live, its changes can still be undone.
        self.history = std::mem::take(&mut p.deck.steps[index].history);
        self.view.scroll_to_top = true;
        self.reevaluate();
    }

    /// Puts back what was open. Presenting the open scenario alone, its live changes come back
    /// with it as an unsaved change that undo takes back.
    pub(super) fn stop_presenting(&mut self, ctx: &egui::Context) {
        let Some(p) = self.presenting.take() else {
            return;
        };
        let live = self.doc.scenario.clone();
        let Stash {
            doc,
            file,
            saved,
            history,
            tab,
            windows,
            was_fullscreen,
        } = p.stash;
        self.windows = windows;
        self.doc = doc;
        self.file = file;
        self.saved = saved;
        self.history = history;
        self.view.tab = tab;
        self.view.scroll_to_top = true;
        if p.deck.alone && live.choices != self.doc.scenario.choices {
            let mut scenario = self.doc.scenario.clone();
            scenario.choices = live.choices;
            self.history.apply(
                &mut self.doc.scenario,
                &mut self.briefing,
                Edit::Replace(Box::new(scenario)),
                false,
            );
        }
        theme::set_presenting(ctx, false);
        if !was_fullscreen && ctx.input(|i| i.viewport().fullscreen.unwrap_or(false)) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
        self.reevaluate();
    }

    /// Keys that act only while presenting, every press in the order pressed: a clicker's quick
    /// presses, or "G 3 Enter" typed fast, can all arrive in one frame.
    pub(super) fn handle_present_keys(&mut self, ctx: &egui::Context) {
        let Some(p) = self.presenting.as_ref() else {
            return;
        };
        if ctx.text_edit_focused() {
            return;
        }
        let mut going = p.go_to.is_some();
        let taken: Vec<egui::Event> = ctx.input_mut(|i| {
            let mut taken = Vec::new();
            i.events.retain(|e| {
                let ours = match e {
                    // Digits come as text; their key events go with them while a number is typed.
                    egui::Event::Text(t) => going && t.chars().all(|c| c.is_ascii_digit()),
                    egui::Event::Key {
                        key,
                        pressed: true,
                        repeat: false,
                        modifiers,
                        ..
                    } if modifiers.is_none() => {
                        let present = PRESENT_KEYS.iter().any(|(k, _, _)| k == key);
                        let typing = going
                            && (matches!(key, egui::Key::Enter | egui::Key::Backspace)
                                || key.symbol_or_name().chars().all(|c| c.is_ascii_digit()));
                        if *key == egui::Key::G {
                            going = true;
                        } else if matches!(key, egui::Key::Enter | egui::Key::Escape) {
                            going = false;
                        }
                        present || typing
                    }
                    _ => false,
                };
                if ours {
                    taken.push(e.clone());
                }
                !ours
            });
            taken
        });
        for event in taken {
            self.present_event(ctx, &event);
        }
    }

    fn present_event(&mut self, ctx: &egui::Context, event: &egui::Event) {
        let Some(p) = self.presenting.as_mut() else {
            return;
        };
        let total = p.deck.steps.len();
        if let Some(typed) = p.go_to.as_mut() {
            match event {
                egui::Event::Text(t) => {
                    typed.push_str(t);
                    return;
                }
                egui::Event::Key { key, .. } => match key {
                    egui::Key::Enter => {
                        // A step that is not there keeps the prompt open, saying so: a typo
                        // must not jump to the end of the talk.
                        if let Some(n) = typed
                            .parse::<usize>()
                            .ok()
                            .filter(|n| (1..=total).contains(n))
                        {
                            p.go_to = None;
                            self.go_to_step(n - 1);
                        }
                        return;
                    }
                    egui::Key::Escape => {
                        p.go_to = None;
                        return;
                    }
                    egui::Key::Backspace => {
                        typed.pop();
                        return;
                    }
                    k if k.symbol_or_name().chars().all(|c| c.is_ascii_digit()) => return,
                    // Any other key gives up the number and acts as itself.
                    _ => p.go_to = None,
                },
                _ => return,
            }
        }
        // Esc closes a window opened over the slide (F1's keys) before it stops presenting.
        if matches!(
            event,
            egui::Event::Key {
                key: egui::Key::Escape,
                ..
            }
        ) && !self.windows.is_empty()
        {
            self.close_top_window(ctx);
            return;
        }
        if let egui::Event::Key { key, .. } = event
            && let Some((_, _, command)) = PRESENT_KEYS.iter().find(|(k, _, _)| k == key)
        {
            self.present(ctx, command.clone());
        }
    }
}
