//! `brief`: the handout, with its pictures drawn off screen where the app is built in.

use std::path::Path;
use std::process::ExitCode;

use super::output::{load_briefing_reporting, load_reporting, report_error};
use crate::model::io::is_briefing;
use crate::model::text::one_line;

/// Draws each step's pictures into the brief; without a graphics adapter the brief goes out
/// without them, and says so.
fn add_pictures(brief: &mut crate::model::handout::Handout<'_>) {
    #[cfg(feature = "app")]
    let drawn = crate::ui::app::pictures::add_to(brief);
    #[cfg(not(feature = "app"))]
    let drawn: Result<(), String> = {
        let _ = brief;
        Err("built without the app".to_owned())
    };
    if let Err(why) = drawn {
        eprintln!("redlines: the brief goes out without pictures: {why}");
    }
}

pub(crate) fn brief(file: &Path, dir: &Path, pictures: bool, force: bool) -> ExitCode {
    use crate::model::handout::Handout;
    let (title, summary, steps) = if is_briefing(file) {
        let Some((loaded, documents)) = load_briefing_reporting(file) else {
            return ExitCode::FAILURE;
        };
        let briefing = loaded.briefing;
        let steps: Vec<(crate::model::briefing::Step, crate::model::Document)> =
            briefing.steps.iter().cloned().zip(documents).collect();
        (briefing.title, briefing.summary, steps)
    } else {
        let Some(loaded) = load_reporting(file) else {
            return ExitCode::FAILURE;
        };
        let doc = loaded.document;
        (
            doc.scenario.title.clone(),
            String::new(),
            vec![(crate::model::briefing::Step::inline(&doc), doc)],
        )
    };
    let mut brief = Handout::new(title, summary, &steps);
    brief.answer_question(&crate::model::deal_space::Control::with_deadline(
        crate::model::handout::ANSWER_WITHIN,
    ));
    if pictures {
        add_pictures(&mut brief);
    }
    if let Err(e) = crate::model::io::write_brief(dir, &brief, force) {
        report_error(&e);
        return ExitCode::FAILURE;
    }
    eprintln!(
        "redlines: wrote {} in {}",
        if brief.steps.iter().any(|s| !s.pictures.is_empty()) {
            "brief.md, brief.html and the pictures beside them"
        } else {
            "brief.md and brief.html"
        },
        one_line(&dir.to_string_lossy())
    );
    ExitCode::SUCCESS
}
