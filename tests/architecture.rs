//! The boundaries ARCHITECTURE.md names, checked on the source: the domain imports neither the
//! window nor the command line, and the window does not import the command line (it takes its
//! start settings as plain data, `ui::startup::Startup`); only `ui/app/` names `App`; type sizes
//! and colours are named in the theme; and a file over 600 lines says why in its first line.

use std::path::{Path, PathBuf};

fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The lines of Rust files under `src/<folder>` that mention any of `names`, comments aside.
fn mentions(folder: &str, names: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(folder);
    let mut hits = Vec::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if names.iter().any(|name| code.contains(name)) {
                hits.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    hits
}

#[test]
fn the_domain_imports_neither_the_window_nor_the_command_line() {
    let hits = mentions(
        "model",
        &[
            "egui",
            "eframe",
            "crate::ui",
            "crate::cli",
            "super::super::ui",
        ],
    );
    assert!(hits.is_empty(), "{hits:#?}");
}

#[test]
fn the_window_does_not_import_the_command_line() {
    let hits = mentions("ui", &["crate::cli", "clap::"]);
    assert!(hits.is_empty(), "{hits:#?}");
}

/// Lines of Rust files under `src/ui` outside `src/ui/app` that name `App` as a word.
fn app_named_outside_app_folder() -> Vec<String> {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("ui");
    let app_folder = ui.join("app");
    let mut hits = Vec::new();
    for file in rust_files(&ui) {
        if file.starts_with(&app_folder) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if names_word(code, "App") {
                hits.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    hits
}

/// Whether `code` holds `word` with no letter, digit or `_` on either side (`AppConfig` and
/// `Apply` are not `App`).
fn names_word(code: &str, word: &str) -> bool {
    let part_of_name = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(word).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + word.len()..].chars().next();
        !before.is_some_and(part_of_name) && !after.is_some_and(part_of_name)
    })
}

#[test]
fn only_the_app_folder_names_the_app() {
    let hits = app_named_outside_app_folder();
    assert!(hits.is_empty(), "{hits:#?}");
}

#[test]
fn the_word_check_tells_app_from_longer_names() {
    assert!(names_word("impl App {", "App"));
    assert!(names_word("app: &mut App)", "App"));
    assert!(!names_word("AppConfig::default()", "App"));
    assert!(!names_word("let x = MyApp;", "App"));
}

/// A file over ~600 lines says why in its first line, as `//! Long file: <why>`; a shorter one
/// does not claim to be long.
#[test]
fn long_files_say_why_they_are_long() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut silent = Vec::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).expect("a source file");
        let first = text.lines().next().unwrap_or_default();
        let long = text.lines().count() > 600;
        if long != first.starts_with("//! Long file: ") {
            silent.push(file.display().to_string());
        }
    }
    assert!(
        silent.is_empty(),
        "over 600 lines without saying why: {silent:#?}"
    );
}

/// Type sizes and colours are design tokens named in `ui/widgets/theme.rs`: a literal elsewhere
/// would drift from the rest when the theme changes.
#[test]
fn sizes_and_colours_are_named_in_the_theme() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/widgets/theme.rs");
    let hits: Vec<String> = mentions(
        "ui",
        &[
            ".size(1",
            ".size(2",
            "proportional(1",
            "proportional(2",
            "monospace(1",
            "from_rgb(",
        ],
    )
    .into_iter()
    .filter(|hit| !hit.starts_with(&format!("{}:", theme.display())))
    .collect();
    assert!(hits.is_empty(), "{hits:#?}");
}
