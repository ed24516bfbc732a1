//! Everything the user can do, as data. Panels, menus and shortcuts emit these; `App::apply` is
//! the one place that carries them out.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::edit::Edit;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Change the scenario. With `merge`, it joins the previous step of the same kind (a drag).
    Edit {
        edit: Edit,
        merge: bool,
    },
    /// Ends a merged step, e.g. when a slider drag ends.
    EndStep,
    Undo,
    Redo,
    /// Return to the last saved state of the file.
    ResetToFile,
    New,
    Open,
    /// Open this file: from Open recent, a dropped file or the command line.
    OpenPath(PathBuf),
    /// Open a bundled example by its index in `bundled::EXAMPLES`.
    OpenExample(usize),
    Save,
    SaveAs,
    Quit,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    SetDarkMode(bool),
    ShowWindow(Window),
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
}

pub const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

/// Shortcuts in the order they are checked: longer chords first, since Ctrl+Z also matches
/// Ctrl+Shift+Z when shift is ignored.
pub const SHORTCUTS: &[(KeyboardShortcut, &str)] = &[
    (shortcut(CMD_SHIFT, Key::Z), "Redo"),
    (shortcut(CMD_SHIFT, Key::S), "Save As…"),
    (shortcut(CMD, Key::Z), "Undo"),
    (shortcut(CMD, Key::Y), "Redo"),
    (shortcut(CMD, Key::N), "New"),
    (shortcut(CMD, Key::O), "Open…"),
    (shortcut(CMD, Key::S), "Save"),
    (shortcut(CMD, Key::Q), "Quit"),
    (shortcut(Modifiers::NONE, Key::F1), "Keyboard shortcuts"),
];

/// The command a shortcut's name stands for.
pub fn command_for(name: &str) -> Option<Command> {
    Some(match name {
        "Redo" => Command::Redo,
        "Undo" => Command::Undo,
        "Save As…" => Command::SaveAs,
        "New" => Command::New,
        "Open…" => Command::Open,
        "Save" => Command::Save,
        "Quit" => Command::Quit,
        "Keyboard shortcuts" => Command::ShowWindow(Window::Shortcuts),
        _ => return None,
    })
}

/// The shortcut shown next to a menu item.
pub fn shortcut_for(name: &str) -> Option<&'static KeyboardShortcut> {
    SHORTCUTS.iter().find(|(_, n)| *n == name).map(|(s, _)| s)
}

/// Shortcuts egui itself handles, listed in the help window.
pub const BUILT_IN_SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl + Plus / Ctrl + Minus", "Zoom in / out"),
    ("Ctrl + 0", "Reset zoom"),
    ("Tab / Shift + Tab", "Move between controls"),
    (
        "Space / Enter",
        "Pick the focused option or press the focused button",
    ),
    ("Arrow keys", "Move a focused slider"),
];
