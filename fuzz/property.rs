//! The property the fuzzer checks, shared with `tests/fuzz_regressions.rs`: the scenario loader
//! on any bytes loads, or refuses with located problems; never panics or hangs. What loads
//! saves into text that loads again as the same scenario, whether written anew or patched into
//! the original text, and a save never exceeds what the reader accepts.

use redlines::model::format::{MAX_FILE_BYTES, parse_scenario, parse_scenario_bytes, save_text};
use redlines::model::validate::Location;

pub fn load_save_load(bytes: &[u8]) {
    match parse_scenario_bytes(bytes) {
        Err(problems) => {
            assert!(!problems.is_empty(), "a refusal names at least one problem");
            for problem in &problems {
                assert!(!problem.message.is_empty());
                if let Location::Text { line, column } = problem.location {
                    assert!(line >= 1 && column >= 1, "{problem:?}");
                }
                // Printed, a problem is one line whatever the file held.
                assert!(!problem.to_string().contains('\n'), "{problem}");
            }
        }
        Ok(loaded) => {
            let scenario = &loaded.document.scenario;
            for base in [None, Some(&*loaded.text)] {
                let Ok(saved) = save_text(scenario, base) else {
                    continue; // too large to write: refused, not written
                };
                assert!(saved.text.len() <= MAX_FILE_BYTES);
                let again = parse_scenario(&saved.text).expect("what we write, we read");
                assert_eq!(&again.document.scenario, scenario, "load, save, load");
            }
        }
    }
}
