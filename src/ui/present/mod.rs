//! Presenting: a briefing's steps (or the open scenario alone) on a projector, stepped through
//! from the keyboard. What was open before is put aside and comes back untouched when
//! presenting stops; stepping never asks to save, and nothing is written to disk. This module
//! holds the deck and where it stands; `slide` draws the room's screen and the speaker's view,
//! and `app::presenting` steps through it.

pub mod footer;
pub mod package;
pub mod slide;
pub mod speaker;

use std::path::PathBuf;
use std::sync::Arc;
use web_time::{Duration, Instant};

use crate::model::briefing::{Briefing, Step, resolve_step};
use crate::model::bundled;
use crate::model::compare::{Comparison, compare};
use crate::model::edit::History;
use crate::model::io::{FileError, read_named};
use crate::model::{Choices, Document, Evaluation, Scenario};

use crate::ui::platform::files::OnDisk;
use crate::ui::state::Tab;

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
pub(crate) struct Stash {
    pub(crate) doc: Document,
    pub(crate) file: Option<OnDisk>,
    pub(crate) saved: Option<Scenario>,
    pub(crate) history: History,
    pub(crate) tab: Tab,
    pub(crate) windows: Vec<crate::ui::command::Window>,
    pub(crate) was_fullscreen: bool,
}

/// How long "replay last change" shows the state before, then the flips.
pub const REPLAY_BEFORE: Duration = Duration::from_millis(1200);
pub const REPLAY_MARKED: Duration = Duration::from_millis(3500);

pub struct Presenting {
    pub deck: Deck,
    pub index: usize,
    pub(crate) stash: Stash,
    /// Per party (model order): whether its verdicts show. All true unless the step asks the
    /// room a question first.
    pub revealed: Vec<bool>,
    pub blank: bool,
    pub speaker_view: bool,
    pub positions: bool,
    /// The red lines uncertain only because the package is silent are listed, not one row.
    pub silent_open: bool,
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
    pub(crate) comparison: Option<(Choices, Choices, Arc<Comparison>)>,
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
