//! Everything the user can do, as data. Panels, menus and shortcuts emit these; `App::apply` is
//! the one place that carries them out.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::edit::Edit;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Change the scenario or the briefing being built. With `merge`, it joins the previous
    /// step of the same kind (a drag, typing).
    Edit {
        edit: Edit,
        merge: bool,
    },
    /// Ends a merged step, e.g. when a slider drag ends.
    EndStep,
    /// The user's answer to the question on screen.
    Answer(crate::ui::modal::Answer),
    Undo,
    Redo,
    /// Return to the last saved state of the file.
    ResetToFile,
    New,
    /// A new scenario on a new model: the two-party template, or empty.
    NewModel {
        template: bool,
    },
    Open,
    /// Open this file: from Open recent, a dropped file or the command line. A
    /// `.briefing.ron` opens as the briefing.
    OpenPath(PathBuf),
    /// Open the scenario a link carries in its fragment (`…#scenario=…`).
    OpenLink(String),
    /// Open a scenario file given by its bytes (a browser's file, which has no path).
    OpenBytes {
        name: String,
        bytes: Vec<u8>,
    },
    /// Put a link carrying the scenario on the clipboard.
    CopyLink,
    /// Open a bundled example scenario by its index in `bundled::EXAMPLES`.
    OpenExample(usize),
    /// Open a bundled example briefing by its index in `bundled::EXAMPLE_BRIEFINGS`.
    OpenExampleBriefing(usize),
    OpenBriefing,
    /// Save the briefing to its own file, or ask where if it has none.
    SaveBriefing,
    SaveBriefingAs,
    /// Tell the user something that needs no answer, in the report strip.
    Notify(String),
    /// Write the handout (Markdown and HTML) for the briefing, or the scenario alone.
    ExportBrief,
    Save,
    SaveAs,
    /// Save As, with the model carried inside the scenario: one file to share.
    SaveSelfContained,
    /// Read a text file as a source's text (a path relative to the scenario's folder, or
    /// absolute), for the model editor.
    ReadSourceText {
        source: String,
        path: PathBuf,
    },
    /// Choose, in a file dialog, a text file to read as a source's text.
    ChooseSourceText {
        source: String,
    },
    Quit,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    SetDarkMode(bool),
    ToggleFullscreen,
    ShowWindow(Window),
    ToggleWindow(Window),
    /// Close the window drawn on top (Esc).
    CloseTopWindow,
    /// Move keyboard focus to the menu bar's menu at this index, and open it if asked (F10,
    /// Alt+letter).
    FocusMenu {
        index: usize,
        open: bool,
    },
    Present(Present),
    /// A live room (`redlines serve`).
    Room(RoomCommand),
}

/// A live room: the presenter's or the audience's side.
#[derive(Clone, Debug, PartialEq)]
pub enum RoomCommand {
    /// Open a room on this server (`http://host:port`) for what is being presented.
    Open {
        server: String,
    },
    /// Follow the room a join link names (`http://host:port/#room=ABCD-EFGH`).
    Join(String),
    /// The audience member's prediction: the parties that reject the step's package.
    Predict(Vec<String>),
    /// Open a negotiation on this server on the open model, with each party's private brief
    /// (by party id) and the brief every team reads; the app becomes its facilitator.
    OpenNegotiation {
        server: String,
        briefs: std::collections::BTreeMap<String, String>,
        common_brief: String,
    },
    /// A team's draft package: one position's pick.
    SetDraft {
        position: String,
        pick: crate::model::Pick,
    },
    /// A team tables a package.
    Propose {
        choices: crate::model::eval::Choices,
        note: String,
    },
    /// The facilitator shows every team one party's red lines.
    RevealParty(String),
    /// The facilitator's debrief: every red line to every team.
    RevealAll,
    NextRound,
    /// The facilitator saves the session: a briefing of the proposals and a handout.
    ExportSession,
    /// The presenter or facilitator closes the room.
    Close,
    /// The audience member leaves the room.
    Leave,
}

/// Presenting a briefing, or the open scenario alone.
#[derive(Clone, Debug, PartialEq)]
pub enum Present {
    /// Start presenting, at this step (the first if `None`).
    Start(Option<usize>),
    Stop,
    Next,
    Previous,
    /// A step by its index.
    GoTo(usize),
    Last,
    /// Start typing a step number (`G`).
    StartGoTo,
    ToggleBlank,
    /// Show the next hidden party's verdicts, or all of them.
    RevealNext,
    RevealAll,
    /// Next, unless verdicts are hidden: then reveal them all (Space).
    RevealOrNext,
    ToggleSpeakerView,
    /// Animate from the state before the last change to now.
    ReplayLastChange,
    TogglePositions,
    /// Open or fold the red lines uncertain only because the package is silent.
    ToggleSilent,
    /// Ask which server to open a live room on (while none is open).
    OpenRoom,
}

/// Non-modal windows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Window {
    Shortcuts,
    AboutData,
    ScenarioDetails,
    /// The article around a red line's quote.
    SourceContext {
        red_line: String,
    },
    /// The briefing being built: its steps, in order.
    Briefing,
    /// The open scenario beside another.
    Compare,
    /// The model editor.
    Model,
    /// Open a live room: which server.
    OpenRoom,
    /// Open a negotiation room on the open model: the server and the briefs.
    OpenNegotiation,
}

pub const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const NONE: Modifiers = Modifiers::NONE;
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

/// Where a shortcut is listed in the help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    File,
    Edit,
    View,
    Present,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::File, Group::Edit, Group::View, Group::Present];

    pub fn title(self) -> &'static str {
        match self {
            Group::File => "File",
            Group::Edit => "Edit",
            Group::View => "View",
            Group::Present => "Present",
        }
    }
}

/// A keyboard shortcut: its keys, the command it gives, and how the help names it.
#[derive(Clone, Debug)]
pub struct Shortcut {
    pub group: Group,
    pub keys: KeyboardShortcut,
    pub name: String,
    pub command: Command,
}

impl Shortcut {
    /// Whether it works while the caret is in a text field. A field keeps the keys it uses
    /// itself (undo and redo of its own typing; Alt+letter, which composes characters on some
    /// keyboards); files, windows and the F-keys work from anywhere, so Save is never dead.
    pub fn works_while_typing(&self) -> bool {
        !matches!(self.command, Command::Undo | Command::Redo) && !self.keys.modifiers.alt
    }
}

/// Every shortcut that works anywhere in the window, in the order the key handler checks them
/// (longer chords first, since Ctrl+Z also matches Ctrl+Shift+Z when shift is ignored). The
/// menus, the help (F1) and the key handler all read this one table, so they cannot drift.
pub static SHORTCUTS: std::sync::LazyLock<Vec<Shortcut>> = std::sync::LazyLock::new(|| {
    let entry = |group, modifiers, key, name: &str, command| Shortcut {
        group,
        keys: shortcut(modifiers, key),
        name: name.to_owned(),
        command,
    };
    let menu = |index| Command::FocusMenu { index, open: true };
    let mut all = vec![
        entry(Group::Edit, CMD_SHIFT, Key::Z, "Redo", Command::Redo),
        entry(Group::File, CMD_SHIFT, Key::S, "Save As…", Command::SaveAs),
        entry(
            Group::View,
            CMD_SHIFT,
            Key::B,
            "Briefing",
            Command::ToggleWindow(Window::Briefing),
        ),
        entry(
            Group::View,
            CMD_SHIFT,
            Key::M,
            "Model editor",
            Command::ToggleWindow(Window::Model),
        ),
        entry(Group::Edit, CMD, Key::Z, "Undo", Command::Undo),
        entry(Group::Edit, CMD, Key::Y, "Redo", Command::Redo),
        entry(Group::File, CMD, Key::N, "New", Command::New),
        entry(Group::File, CMD, Key::O, "Open…", Command::Open),
        entry(Group::File, CMD, Key::S, "Save", Command::Save),
        entry(Group::File, CMD, Key::Q, "Quit", Command::Quit),
    ];
    // Ctrl+1 … Ctrl+9, Ctrl+0 for the examples, the scenarios first, then the briefings: only
    // those there are.
    let digits = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
        Key::Num0,
    ];
    // Named by title, as the File → Open example menu names them.
    let scenarios = crate::model::bundled::example_titles()
        .iter()
        .enumerate()
        .map(|(i, title)| (Command::OpenExample(i), format!("Open example: {title}")));
    let briefings = crate::model::bundled::EXAMPLE_BRIEFINGS
        .iter()
        .enumerate()
        .map(|(i, (name, text))| {
            let title = crate::model::briefing::parse_briefing(text)
                .map_or_else(|_| (*name).to_owned(), |l| l.briefing.title);
            (
                Command::OpenExampleBriefing(i),
                format!("Open example briefing: {title}"),
            )
        });
    for (key, (command, name)) in digits.into_iter().zip(scenarios.chain(briefings)) {
        all.push(entry(Group::File, CMD, key, &name, command));
    }
    all.extend([
        entry(
            Group::View,
            NONE,
            Key::F1,
            "Keyboard shortcuts",
            Command::ToggleWindow(Window::Shortcuts),
        ),
        entry(
            Group::View,
            NONE,
            Key::F10,
            "Menu bar",
            Command::FocusMenu {
                index: 0,
                open: false,
            },
        ),
        entry(
            Group::View,
            NONE,
            Key::F11,
            "Full screen",
            Command::ToggleFullscreen,
        ),
        entry(
            Group::Present,
            NONE,
            Key::F5,
            "Present",
            Command::Present(Present::Start(None)),
        ),
        entry(Group::View, Modifiers::ALT, Key::F, "File menu", menu(0)),
        entry(Group::View, Modifiers::ALT, Key::E, "Edit menu", menu(1)),
        entry(Group::View, Modifiers::ALT, Key::V, "View menu", menu(2)),
        entry(Group::View, Modifiers::ALT, Key::H, "Help menu", menu(3)),
    ]);
    all
});

/// The menus of the menu bar, in order: what F10 and Alt+letter focus.
pub const MENUS: [&str; 4] = ["File", "Edit", "View", "Help"];

/// The shortcut shown next to the menu item that gives `command` (its first, where it has two).
pub fn shortcut_of(command: &Command) -> Option<&'static KeyboardShortcut> {
    SHORTCUTS
        .iter()
        .find(|s| &s.command == command)
        .map(|s| &s.keys)
}

/// Keys that act only while presenting, checked in this order. Digits after `G` pick a step.
pub const PRESENT_KEYS: &[(Key, &str, Present)] = &[
    (Key::ArrowRight, "Next step", Present::Next),
    (
        Key::PageDown,
        "Next step (what clickers send)",
        Present::Next,
    ),
    (
        Key::Space,
        "Reveal all hidden verdicts, or the next step",
        Present::RevealOrNext,
    ),
    (Key::ArrowLeft, "Previous step", Present::Previous),
    (Key::PageUp, "Previous step", Present::Previous),
    (Key::Home, "First step", Present::GoTo(0)),
    (Key::End, "Last step", Present::Last),
    (
        Key::G,
        "Go to a step: G, its number, Enter",
        Present::StartGoTo,
    ),
    (Key::B, "Blank the screen, and back", Present::ToggleBlank),
    (
        Key::R,
        "Reveal the next party's verdicts",
        Present::RevealNext,
    ),
    (
        Key::S,
        "Speaker view: notes, timer, next step",
        Present::ToggleSpeakerView,
    ),
    (
        Key::L,
        "Replay the last change: what flipped",
        Present::ReplayLastChange,
    ),
    (
        Key::P,
        "Show the positions, to change one live",
        Present::TogglePositions,
    ),
    (
        Key::O,
        "Open a live room: the audience follows on its own screens",
        Present::OpenRoom,
    ),
    (Key::Escape, "Stop presenting", Present::Stop),
];

/// Shortcuts egui itself handles, listed in the help window.
pub const BUILT_IN_SHORTCUTS: &[(Group, &str, &str)] = &[
    (Group::View, "Ctrl + Plus / Ctrl + Minus", "Zoom in / out"),
    (Group::View, "Ctrl + 0", "Reset zoom"),
    (Group::View, "Esc", "Close the window on top"),
    (Group::View, "Tab / Shift + Tab", "Move between controls"),
    (
        Group::View,
        "Arrow keys",
        "Move in a menu, or a focused slider",
    ),
    (
        Group::View,
        "Space / Enter",
        "Pick the focused option or press the focused button",
    ),
];
