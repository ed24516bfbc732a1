//! Briefings on disk: open one (a file or the bundled example), save the one being built, and
//! export the handout. Opening a briefing never replaces the scenario on screen, so it never
//! asks to save first.

use std::path::{Path, PathBuf};

use crate::model::briefing::{Briefing, StepScenario, briefing_to_ron, parse_briefing};
use crate::model::bundled;
use crate::model::deal_space::Control;
use crate::model::edit::{BriefingEdit, Edit};
use crate::model::format::lexer::count_comments;
use crate::model::handout::{ANSWER_WITHIN, Handout};
use crate::model::io::{FileError, is_briefing, load_briefing, write_brief, write_file};

use crate::ui::app::{App, ProblemReport};
use crate::ui::command::Window;
use crate::ui::modal::Modal;
use crate::ui::platform::files::absolute;
use crate::ui::platform::tasks::{Polled, Task};
use crate::ui::present::{BriefingOrigin, deck_of};

impl App {
    /// Makes `briefing` the one being built (undo takes it back), and shows it.
    fn take_briefing(&mut self, briefing: Briefing, origin: BriefingOrigin) {
        self.history.apply(
            &mut self.doc.scenario,
            &mut self.briefing,
            Edit::Briefing(BriefingEdit::Replace(Some(Box::new(briefing)))),
            false,
        );
        self.briefing_origin = Some(origin);
        self.briefing_saved.clone_from(&self.briefing);
        if !self.windows.contains(&Window::Briefing) {
            self.open_window(Window::Briefing);
        }
    }

    pub(super) fn open_example_briefing(&mut self, index: usize) {
        let Some((name, text)) = bundled::EXAMPLE_BRIEFINGS.get(index) else {
            return;
        };
        match parse_briefing(text) {
            Ok(loaded) => self.take_briefing(loaded.briefing, BriefingOrigin::Example),
            Err(problems) => self.report_file_error(
                format!("Could not open the example briefing {name}"),
                &FileError {
                    file: PathBuf::from(name),
                    problems,
                },
            ),
        }
    }

    /// Reads a briefing and checks that every step can be read, so presenting cannot fail
    /// half way.
    pub fn open_briefing_path(&mut self, path: &Path) {
        match load_briefing(path) {
            Ok((loaded, _)) => {
                self.settings.remember(path);
                self.take_briefing(loaded.briefing, BriefingOrigin::File(absolute(path)));
            }
            Err(e) => self.report_file_error(
                format!(
                    "Could not open the briefing {}. Nothing on screen changed.",
                    path.display()
                ),
                &e,
            ),
        }
    }

    /// The briefing as it will be written to `path`: a step's file stays a file where it is
    /// found from the new place too; otherwise (an example, another folder) its scenario is
    /// written into the briefing, so the saved briefing opens anywhere.
    fn briefing_for(&self, path: &Path) -> Result<Briefing, FileError> {
        let Some(briefing) = &self.briefing else {
            return Err(FileError::message(path, "there is no briefing to save"));
        };
        let same_folder = match &self.briefing_origin {
            Some(BriefingOrigin::File(from)) => from.parent() == absolute(path).parent(),
            _ => false,
        };
        if same_folder {
            return Ok(briefing.clone());
        }
        let deck = deck_of(briefing, self.briefing_origin.as_ref())?;
        let mut out = briefing.clone();
        for (step, resolved) in out.steps.iter_mut().zip(&deck.steps) {
            if matches!(step.scenario, StepScenario::File(_)) {
                let doc = &resolved.original;
                step.scenario = StepScenario::Inline {
                    model: doc.scenario.model.clone(),
                    choices: doc.scenario.choices.clone(),
                    summary: doc.scenario.summary.clone(),
                };
            }
        }
        Ok(out)
    }

    /// Saves the briefing. A file it would replace that has comments is not replaced unasked:
    /// a briefing is written in its plain layout, and those comments would go.
    pub fn save_briefing_to(&mut self, path: &Path, confirmed: bool) {
        let path = if is_briefing(path) {
            path.to_owned()
        } else {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().trim_end_matches(".ron").to_owned())
                .unwrap_or_else(|| "briefing".to_owned());
            path.with_file_name(format!("{name}.briefing.ron"))
        };
        if !confirmed
            && let Some(old) = crate::model::io::read_bounded(&path)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
            && count_comments(&old) > 0
        {
            self.modal = Some(Modal::ReplaceBriefing {
                comments: count_comments(&old),
                path,
            });
            return;
        }
        let written = self.briefing_for(&path).and_then(|briefing| {
            let text = briefing_to_ron(&briefing)
                .map_err(|e| FileError::message(&path, format!("cannot write RON: {e}")))?;
            write_file(&path, text.as_bytes())?;
            Ok(briefing)
        });
        match written {
            Ok(briefing) => {
                // What was written: later saves and presenting find the steps from here.
                self.briefing_saved = Some(briefing.clone());
                self.briefing = Some(briefing);
                self.briefing_origin = Some(BriefingOrigin::File(absolute(&path)));
                self.settings.remember(&path);
            }
            Err(e) => self.report_file_error(
                format!("Could not save the briefing to {}", path.display()),
                &e,
            ),
        }
    }

    /// Writes the handout for the briefing, or for the scenario alone, into `dir`.
    pub fn export_brief_to(&mut self, dir: &Path) {
        if self.exporting.is_some() {
            self.problems = Some(ProblemReport {
                heading: "A brief is still being exported; try again once it is done".to_owned(),
                is_error: true,
                ..ProblemReport::default()
            });
            return;
        }
        let (title, summary, steps) = match &self.briefing {
            Some(b) if !b.steps.is_empty() => match deck_of(b, self.briefing_origin.as_ref()) {
                Ok(deck) => (
                    b.title.clone(),
                    b.summary.clone(),
                    deck.steps
                        .into_iter()
                        .map(|s| (s.step, s.original))
                        .collect(),
                ),
                Err(e) => {
                    self.report_file_error("Could not export the brief".to_owned(), &e);
                    return;
                }
            },
            _ => (
                // A package changed from its file's is not the file's: its title says so.
                self.package_title(),
                String::new(),
                vec![(
                    crate::model::briefing::Step::inline_changed(&self.doc, self.saved.as_ref()),
                    self.doc.clone(),
                )],
            ),
        };
        // Drawing the pictures takes seconds on a CPU renderer: off the UI thread.
        let dir_shown = dir.to_owned();
        let dir = dir.to_owned();
        let answered = self.room_answered.clone();
        self.exporting = Some(Task::spawn(
            &self.repaint,
            std::sync::Arc::default(),
            move |_, send| send(export_brief(&dir, title, summary, &steps, &answered)),
        ));
        self.problems = Some(ProblemReport {
            heading: format!("Exporting the brief to {}…", dir_shown.display()),
            lines: vec!["Drawing each step's pictures; the window stays usable.".to_owned()],
            is_error: false,
            ..ProblemReport::default()
        });
    }

    /// Shows how the export running in the background ended, once it has.
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(task) = &self.exporting else {
            return;
        };
        let answer = match task.poll() {
            Polled::Got(answer) => answer,
            Polled::Waiting => {
                ctx.request_repaint_after(std::time::Duration::from_millis(200));
                return;
            }
            Polled::Ended => Err(FileError::message(
                Path::new("brief"),
                "the export stopped unexpectedly",
            )),
        };
        self.exporting = None;
        match answer {
            Ok((dir, files, note)) => {
                let mut lines: Vec<String> =
                    files.iter().map(|f| f.display().to_string()).collect();
                if let Some(note) = note {
                    lines.push(note);
                }
                self.problems = Some(ProblemReport {
                    heading: format!("Exported the brief to {}", dir.display()),
                    lines,
                    is_error: false,
                    ..ProblemReport::default()
                });
            }
            Err(e) => self.report_file_error("Could not export the brief".to_owned(), &e),
        }
    }

    pub fn is_exporting(&self) -> bool {
        self.exporting.is_some()
    }
}

/// How an export ended: the folder, the files written and a note (no pictures, and why).
pub(super) type ExportAnswer =
    Result<(std::path::PathBuf, Vec<std::path::PathBuf>, Option<String>), FileError>;

/// Draws the pictures and writes the brief: what runs in the background.
fn export_brief(
    dir: &Path,
    title: String,
    summary: String,
    steps: &[(crate::model::briefing::Step, crate::model::Document)],
    answered: &[crate::model::room::Answered],
) -> ExportAnswer {
    let mut brief = Handout::new(title, summary, steps);
    brief.add_room_answers(answered);
    brief.answer_question(&Control::with_deadline(ANSWER_WITHIN));
    #[cfg(not(target_arch = "wasm32"))]
    let note = crate::ui::app::pictures::add_to(&mut brief)
        .err()
        .map(|why| format!("Without pictures: {why}"));
    #[cfg(target_arch = "wasm32")]
    let note = Some("Without pictures: the browser cannot draw them off screen".to_owned());
    write_brief(dir, &brief, false).map(|files| (dir.to_owned(), files, note))
}
