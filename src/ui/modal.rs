//! The questions the app asks before it goes on ("Save changes?", "The file has changed on
//! disk"), what it was doing when it asked, and the answers. Plain data: the question windows
//! draw a [`Modal`] and send the user's [`Answer`] as a command, which `app/` carries out.

use std::path::PathBuf;

use crate::ui::platform::autosave::Recovered;
use crate::ui::platform::files::DialogKind;

/// What the user was doing when "Save changes?" was asked, carried out once they answer.
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

/// The question on screen, which waits for an answer before the app goes on.
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
        confirmed: Confirmed,
        then: Option<Guarded>,
    },
    /// A file path typed in the window, where no system file dialog can appear.
    PathPrompt {
        kind: DialogKind,
        text: String,
        /// Why the system's dialog is not used, if it was tried.
        no_dialog: Option<NoDialog>,
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

/// Why a path is typed in the window rather than picked in the system's file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoDialog {
    /// The system has none: it answered at once, before anyone could click.
    Missing,
    /// One was asked for earlier and has not answered: it may be hidden behind the window.
    StillOpen,
}

/// How the user answered "Save changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveAnswer {
    Save,
    Discard,
    Cancel,
}

/// What the user has already agreed to for this save.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Confirmed {
    /// Replace a file that changed on disk since it was read.
    pub overwrite: bool,
    /// Write the edited model over its file, though that changed on disk since it was read.
    pub overwrite_model: bool,
    /// Remove comments the new text cannot keep.
    pub drop_comments: bool,
}

/// How the user answered "changed on disk".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskAnswer {
    Overwrite,
    SaveAs,
    Reload,
    /// Keep this version and say no more about this change.
    KeepMine,
    Cancel,
}

/// How the user answered "Restore unsaved work?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreAnswer {
    /// Into this window (asking first about unsaved work here).
    Here,
    /// Into a new window of its own.
    NewWindow,
    /// Keep the copy for another window or the next start.
    Later,
    Discard,
}

/// How the user answered "saving will remove comments".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentsAnswer {
    DropThem,
    SaveAs,
    Cancel,
}

/// How the user answered "Save the briefing?" on quitting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BriefingAnswer {
    /// Save it (or choose where, if no file holds it), then quit.
    SaveAndQuit,
    QuitWithoutSaving,
    Cancel,
}

/// The answer to the question on screen, with what the app needs to carry it out.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    SaveChanges(Guarded, SaveAnswer),
    BriefingChanges(BriefingAnswer),
    /// Replace the briefing file at `path` (dropping its comments), or not.
    ReplaceBriefing {
        path: PathBuf,
        replace: bool,
    },
    Restore(Box<Recovered>, RestoreAnswer),
    ChangedOnDisk {
        then: Option<Guarded>,
        answer: DiskAnswer,
    },
    ModelChangedOnDisk {
        scenario: PathBuf,
        confirmed: Confirmed,
        then: Option<Guarded>,
        answer: DiskAnswer,
    },
    /// The path typed for `kind`; none when cancelled.
    PathPrompt {
        kind: DialogKind,
        path: Option<PathBuf>,
    },
    DropComments {
        path: PathBuf,
        overwrite: bool,
        then: Option<Guarded>,
        answer: CommentsAnswer,
    },
}
