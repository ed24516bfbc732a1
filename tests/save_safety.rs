//! Saving never damages what is on disk: links, permissions, owners, comments and the size
//! the reader accepts all survive a save, and a save leaves no debris.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use redlines::model::format::{MAX_FILE_BYTES, parse_scenario, save_text};
use redlines::model::io::{load_scenario, save_scenario};
use redlines::model::{Document, Pick};

fn small() -> Document {
    common::load(common::SMALL_SCENARIO).document
}

fn edited() -> Document {
    let mut doc = small();
    doc.scenario
        .choices
        .insert("cap".to_owned(), Pick::Value(75.0));
    doc
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o7777
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn saving_through_a_symlink_updates_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real_dir = dir.path().join("real");
    std::fs::create_dir(&real_dir).expect("mkdir");
    let target = real_dir.join("scenario.ron");
    save_scenario(&target, &small().scenario).expect("first save");
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("real/scenario.ron", &link).expect("symlink");

    save_scenario(&link, &edited().scenario).expect("save through the link");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("lstat")
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert_eq!(
        load_scenario(&target).expect("target loads").document,
        edited()
    );
    assert_eq!(names(dir.path()), ["link.ron", "real"]);
    assert_eq!(names(&real_dir), ["scenario.ron"]);
}

#[test]
fn saving_keeps_hard_links_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    save_scenario(&a, &small().scenario).expect("first save");
    std::fs::hard_link(&a, &b).expect("hard link");
    save_scenario(&a, &edited().scenario).expect("save");
    assert_eq!(load_scenario(&b).expect("b loads").document, edited());
    assert_eq!(
        std::fs::metadata(&a).expect("stat").ino(),
        std::fs::metadata(&b).expect("stat").ino()
    );
    assert_eq!(names(dir.path()), ["a.ron", "b.ron"]);
}

#[test]
fn saving_keeps_the_mode_of_an_existing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("shared.ron");
    save_scenario(&path, &small().scenario).expect("first save");
    for wanted in [0o644, 0o664, 0o600, 0o640] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)).expect("chmod");
        save_scenario(&path, &edited().scenario).expect("save");
        assert_eq!(mode(&path), wanted, "mode {wanted:o} kept");
    }
}

#[test]
fn saving_keeps_the_owner_when_run_as_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("owned.ron");
    save_scenario(&path, &small().scenario).expect("first save");
    if std::os::unix::fs::chown(&path, Some(4321), Some(4321)).is_err() {
        eprintln!("not root: the owner cannot be changed here, nothing to keep");
        return;
    }
    save_scenario(&path, &edited().scenario).expect("save");
    let meta = std::fs::metadata(&path).expect("stat");
    assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
}

#[test]
fn a_read_only_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("locked.ron");
    save_scenario(&path, &small().scenario).expect("first save");
    let before = std::fs::read(&path).expect("read");
    let inode = std::fs::metadata(&path).expect("stat").ino();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");

    let err = save_scenario(&path, &edited().scenario).expect_err("read-only is refused");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(mode(&path), 0o444);
    assert_eq!(std::fs::metadata(&path).expect("stat").ino(), inode);
    assert_eq!(names(dir.path()), ["locked.ron"]);
}

/// The process umask, as Linux reports it (reading it with umask(2) would race other tests).
fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").expect("proc status");
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .expect("Umask line");
    u32::from_str_radix(line.trim(), 8).expect("octal")
}

#[test]
fn a_new_file_gets_the_mode_the_umask_allows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("new.ron");
    save_scenario(&path, &small().scenario).expect("save");
    assert_eq!(mode(&path), 0o666 & !umask());
}

#[test]
fn stale_temp_files_of_dead_saves_are_cleaned_but_live_ones_are_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    save_scenario(&path, &small().scenario).expect("save");
    // A pid that cannot be running: above the kernel's maximum.
    let stale = dir.path().join(".s.ron.redlines-save-4194305-abc123");
    std::fs::write(&stale, "half a save").expect("write stale");
    // One owned by this very process, which could be saving on another thread.
    let live = dir.path().join(format!(
        ".s.ron.redlines-save-{}-def456",
        std::process::id()
    ));
    std::fs::write(&live, "a save in progress").expect("write live");
    // Someone else's file that merely looks similar.
    let other = dir.path().join(".t.ron.redlines-save-4194305-abc123");
    std::fs::write(&other, "not ours to judge").expect("write other");

    save_scenario(&path, &edited().scenario).expect("save");
    assert!(!stale.exists(), "the dead save's temp file is gone");
    assert!(live.exists(), "a temp file a running save may own is kept");
    assert!(
        other.exists(),
        "only temp files of the file being saved are touched"
    );
}

/// A scenario with an inline model padded to just under `bytes` of compact RON.
fn padded_text(bytes: usize) -> String {
    let doc = small();
    let compact = |model: &redlines::model::Model| {
        let mut scenario = doc.scenario.clone();
        scenario.model = redlines::model::ModelRef::Inline(std::sync::Arc::new(model.clone()));
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
            .to_string(&scenario)
            .expect("serializes")
    };
    let base = (*doc.model).clone();
    let padded = |n: usize| {
        let mut model = base.clone();
        for i in 0..n {
            let mut extra = base.red_lines[0].clone();
            extra.id = format!("pad{i:07}");
            extra.statement = "A long statement, so the file grows quickly. ".repeat(4);
            model.red_lines.push(extra);
        }
        model
    };
    // Every padding line has the same length, so two measurements give the count.
    let empty = compact(&base).len();
    let per_line = compact(&padded(1)).len() - empty;
    compact(&padded((bytes - empty) / per_line))
}

#[test]
fn files_up_to_the_limit_save_into_files_that_open_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    for megabytes in [3.6, 7.0, 9.9] {
        let text = padded_text((megabytes * 1024.0 * 1024.0) as usize);
        assert!(text.len() <= MAX_FILE_BYTES);
        let doc = parse_scenario(&text)
            .expect("the compact file is valid")
            .document;
        let path = dir.path().join(format!("{megabytes}.ron"));
        std::fs::write(&path, &text).expect("write");
        save_scenario(&path, &doc.scenario).expect("a file we read, we can save");
        let saved = std::fs::metadata(&path).expect("stat").len() as usize;
        assert!(
            saved <= MAX_FILE_BYTES,
            "{megabytes} MB saved as {saved} bytes"
        );
        assert_eq!(
            load_scenario(&path).expect("and read back").document,
            doc,
            "{megabytes} MB"
        );
    }
}

#[test]
fn a_scenario_too_large_to_read_back_is_not_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    save_scenario(&path, &small().scenario).expect("save");
    let before = std::fs::read(&path).expect("read");
    let mut doc = small();
    doc.scenario.notes = "x".repeat(MAX_FILE_BYTES + 1);
    let err = save_scenario(&path, &doc.scenario).expect_err("too large to read back");
    assert!(err.to_string().contains("too large"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(names(dir.path()), ["s.ron"]);
}

const COMMENTED: &str = r#"// Our group's reading; keep these notes.
(
    format_version: 1,
    title: "Commented", // a working title
    model: Bundled(id: "berlin-2025-12", version: 2),
    /* The picks we argued about: */
    choices: {
        "accountability": Option("none"),
        "army_cap": Value(800000.0), // the European figure
        "ceasefire_monitoring": Option("us_led"),
        "ceasefire_timing": Option("with_settlement"),
        "donbas": Option(/* hmm */ "free_economic_zone"),
        "guarantees": Option("legally_binding"),
        "multinational_force": Option("inside_ukraine"),
        "nato": Option("left_open"),
        "recognition": Option("none"),
        "reconstruction": Option("funds_assets_immobilized"),
        "us_troops": Option("no"),
    },
)
"#;

#[test]
fn a_save_that_changes_picks_and_details_keeps_the_rest_as_written() {
    let mut scenario = parse_scenario(COMMENTED).expect("loads").document.scenario;
    scenario
        .choices
        .insert("army_cap".to_owned(), Pick::Value(600000.0));
    scenario
        .choices
        .insert("nato".to_owned(), Pick::Option("renounced".to_owned()));
    scenario.title = "Commented, revised".to_owned();
    scenario.summary = "Now with a summary.".to_owned();
    let saved = save_text(&scenario, Some(COMMENTED)).expect("saves");
    assert_eq!(saved.comments_dropped, 0);
    let expected = COMMENTED
        .replacen("Value(800000.0)", "Value(600000.0)", 1)
        .replacen("Option(\"left_open\")", "Option(\"renounced\")", 1)
        .replacen(
            "title: \"Commented\", // a working title\n",
            "title: \"Commented, revised\", // a working title\n    summary: \"Now with a summary.\",\n",
            1,
        );
    assert_eq!(saved.text, expected);
    assert_eq!(
        parse_scenario(&saved.text)
            .expect("loads")
            .document
            .scenario,
        scenario
    );
}

#[test]
fn a_save_that_would_drop_comments_says_how_many() {
    let mut scenario = parse_scenario(COMMENTED).expect("loads").document.scenario;
    // The donbas pick has a comment inside its value: rewriting it drops that comment.
    scenario.choices.insert(
        "donbas".to_owned(),
        Pick::Option("russian_control".to_owned()),
    );
    let saved = save_text(&scenario, Some(COMMENTED)).expect("saves");
    assert_eq!(saved.comments_dropped, 1);
    assert!(saved.text.contains("// the European figure"));
    assert_eq!(
        parse_scenario(&saved.text)
            .expect("loads")
            .document
            .scenario,
        scenario
    );
}

#[test]
fn a_byte_order_mark_is_kept_on_save() {
    let text = format!("\u{feff}{COMMENTED}");
    let mut scenario = parse_scenario(&text).expect("loads").document.scenario;
    scenario.title = "New".to_owned();
    let saved = save_text(&scenario, Some(&text)).expect("saves");
    assert!(saved.text.starts_with('\u{feff}'));
    assert_eq!(saved.comments_dropped, 0);
}

#[test]
fn a_file_made_on_an_older_bundled_model_saves_on_the_new_one_keeping_its_comments() {
    let old = COMMENTED.replacen("version: 2)", "version: 1)", 1);
    let loaded = parse_scenario(&old).expect("an older model version opens");
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("version 1")),
        "{:?}",
        loaded.warnings
    );
    let saved = save_text(&loaded.document.scenario, Some(&old)).expect("saves");
    assert_eq!(saved.text, COMMENTED, "only the version changes");
    assert_eq!(saved.comments_dropped, 0);
}
