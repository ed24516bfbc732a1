//! Inputs the fuzzer once failed on (`tests/fuzz_regressions/`) and its corpus (`fuzz/corpus/`),
//! checked with the fuzzer's own property on every test run.

#[path = "../fuzz/property.rs"]
mod property;

fn inputs(folder: &str) -> Vec<std::path::PathBuf> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn inputs_that_once_failed_now_pass() {
    let files = inputs("tests/fuzz_regressions");
    assert!(!files.is_empty());
    for file in files {
        let bytes = std::fs::read(&file).expect("read");
        property::load_save_load(&bytes);
    }
}

#[test]
fn the_fuzz_corpus_passes() {
    let files = inputs("fuzz/corpus/load_scenario");
    assert!(files.len() > 7, "more than the seeds");
    for file in files {
        let bytes = std::fs::read(&file).expect("read");
        property::load_save_load(&bytes);
    }
}
