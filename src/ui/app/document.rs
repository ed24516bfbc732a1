//! Opening documents: a path, a link, an example, bytes from the browser, or unsaved work the
//! browser kept.

use std::path::{Path, PathBuf};

use crate::model::bundled;
use crate::model::format::parse_scenario_to_repair;
use crate::model::io::{FileError, format_problem, load_scenario_to_repair};

use crate::ui::platform::files::OnDisk;

use super::App;
use crate::ui::command::Window;
use crate::ui::state::{ProblemReport, Tab};

impl App {
    /// Loads `path`. A file that fails to load leaves the current scenario as it was.
    pub fn open_path(&mut self, path: &Path) {
        match load_scenario_to_repair(path) {
            Ok(loaded) => {
                let file = OnDisk::new(path, Some(loaded.text.clone()));
                self.settings.remember(&file.path);
                self.set_document(loaded.document.clone(), Some(file));
                self.report_read("Opened", &path.display().to_string(), path, &loaded);
            }
            Err(e) => self.report_file_error(
                format!(
                    "Could not open {}. The scenario on screen is as it was.",
                    path.display()
                ),
                &e,
            ),
        }
    }

    /// Opens the scenario in `link`: untitled, as if it were a file nobody has saved here yet.
    pub fn open_link(&mut self, link: &str) {
        let loaded = crate::model::link::scenario_text(link)
            .map_err(|e| {
                vec![crate::model::Problem::error(
                    crate::model::Location::File,
                    e.to_string(),
                )]
            })
            .and_then(|text| parse_scenario_to_repair(&text));
        if self.open_loaded(loaded, "the link") {
            // The tab it was shared from.
            self.view.tab = match crate::model::link::fragment_param(link, "tab") {
                Some("charts") => Tab::Charts,
                Some("explore") => Tab::Explore,
                Some("stability") => Tab::Stability,
                Some("dilemmas") => Tab::Dilemmas,
                _ => Tab::RedLines,
            };
        }
    }

    /// Shows a scenario read from somewhere other than a file here (an example, a link, a
    /// browser's file), untitled; or says why `name` could not be opened. Whether it opened.
    pub(super) fn open_loaded(
        &mut self,
        loaded: Result<crate::model::format::Loaded, Vec<crate::model::Problem>>,
        name: &str,
    ) -> bool {
        match loaded {
            Ok(loaded) => {
                self.set_document(loaded.document.clone(), None);
                self.problems = None;
                if loaded.warnings.iter().any(crate::model::Problem::is_error) {
                    self.report_read("Opened", name, Path::new(name), &loaded);
                }
                true
            }
            Err(problems) => {
                let e = FileError {
                    file: PathBuf::from(name),
                    problems,
                };
                self.report_file_error(
                    format!("Could not open {name}. The scenario on screen is as it was."),
                    &e,
                );
                false
            }
        }
    }

    /// Copies a link to the scenario. In a browser it is this page's address; on the desktop
    /// the web app's address is not known, so the link is the part after it, which
    /// `redlines 'LINK'` opens and which goes after the site's address in a browser.
    pub(super) fn copy_link(&mut self, ctx: &egui::Context) {
        let base = self.config.page_address.clone().unwrap_or_default();
        let tab = match self.view.tab {
            Tab::RedLines => "",
            Tab::Charts => "&tab=charts",
            Tab::Explore => "&tab=explore",
            Tab::Stability => "&tab=stability",
            Tab::Dilemmas => "&tab=dilemmas",
        };
        match crate::model::link::to_link(&base, &self.doc).map(|link| link + tab) {
            Ok(link) => {
                let chars = link.chars().count();
                ctx.copy_text(link);
                let mut lines = vec![format!(
                    "{chars} characters, with the choices, the title and the notes{}. Nothing \
                     is sent anywhere: the scenario is inside the link itself.",
                    if matches!(
                        self.doc.scenario.model,
                        crate::model::ModelRef::Bundled { .. }
                    ) {
                        ""
                    } else {
                        ", and the model with its sources' texts"
                    }
                )];
                if base.is_empty() {
                    lines.push(
                        "Open it with `redlines '<link>'`, or put the web app's address in \
                         front of it to open it in a browser."
                            .to_owned(),
                    );
                }
                self.problems = Some(ProblemReport {
                    heading: "Link copied".to_owned(),
                    lines,
                    is_error: false,
                    ..ProblemReport::default()
                });
            }
            Err(e) => {
                self.problems = Some(ProblemReport {
                    heading: "No link: the scenario is too large".to_owned(),
                    lines: vec![e.to_string()],
                    is_error: true,
                    ..ProblemReport::default()
                });
            }
        }
    }

    pub(super) fn open_example(&mut self, index: usize) {
        let Some((name, text)) = bundled::EXAMPLES.get(index) else {
            return;
        };
        self.open_loaded(bundled::parse_example(text), &format!("the example {name}"));
    }

    /// Says what reading `name` found ("Opened", "Reloaded"): warnings, or a model's errors to
    /// repair, with the Model editor opened on them.
    pub(super) fn report_read(
        &mut self,
        verb: &str,
        name: &str,
        path: &Path,
        loaded: &crate::model::format::Loaded,
    ) {
        let errors = loaded.warnings.iter().filter(|p| p.is_error()).count();
        self.problems = (!loaded.warnings.is_empty()).then(|| ProblemReport {
            heading: match errors {
                0 => format!("{verb} {name} with warnings"),
                1 => format!(
                    "{verb} {name}, but its model has 1 error to fix; the Model editor lists it"
                ),
                n => format!(
                    "{verb} {name}, but its model has {n} errors to fix; the Model editor lists \
                     them"
                ),
            },
            lines: loaded
                .warnings
                .iter()
                .map(|w| format_problem(path, w))
                .collect(),
            is_error: errors > 0,
            // Saved again, the errors are either fixed or said again by the save.
            clears_on_save: errors > 0,
        });
        if errors > 0 && !self.windows.contains(&Window::Model) {
            self.open_window(Window::Model);
        }
    }

    pub(super) fn report_file_error(&mut self, heading: String, e: &FileError) {
        self.problems = Some(ProblemReport {
            heading,
            lines: e.lines(),
            is_error: true,
            ..ProblemReport::default()
        });
    }

    /// Brings back work left unsaved in a browser tab, as unsaved work (it has no file here).
    #[cfg(target_arch = "wasm32")]
    pub fn restore_unsaved(&mut self, text: &str) {
        if let Ok(loaded) = crate::model::format::parse_scenario_to_repair(text) {
            self.set_document(loaded.document, None);
            // Unsaved, as it was: never saved anywhere.
            self.saved = None;
            self.problems = Some(ProblemReport {
                heading: "Your unsaved work is back".to_owned(),
                lines: vec![
                    "This browser kept it when the page was closed. File → Save as… downloads it."
                        .to_owned(),
                ],
                is_error: false,
                ..ProblemReport::default()
            });
        }
    }

    /// Opens `bytes`, a scenario file called `name` that has no path here (picked in a
    /// browser, or dropped on the page).
    pub fn open_bytes(&mut self, name: &str, bytes: &[u8]) {
        let loaded = crate::model::format::parse_scenario_bytes_with(
            bytes,
            &crate::model::format::no_folder,
            crate::model::format::ModelErrors::OpenForRepair,
        );
        self.open_loaded(loaded, name);
    }
}
