//! The boundaries ARCHITECTURE.md names, checked on the source: the domain imports neither the
//! window nor the command line, and the window does not import the command line (it takes its
//! start settings as plain data, `ui::startup::Startup`).

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
