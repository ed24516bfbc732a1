//! The View → Compare window, as the app keeps it: what the open scenario is compared with, read
//! once and kept while neither side changes; `windows::compare` draws the comparison.

use crate::ui::app::App;
use crate::ui::state::{CompareWith, Compared};

/// The View → Compare window: the open scenario beside the saved file, an example, or a step of
/// the briefing.
impl App {
    pub(super) fn compare_window(&mut self, ui: &mut egui::Ui) {
        let titles = crate::model::bundled::example_titles();
        let steps: Vec<String> = self
            .briefing
            .as_ref()
            .map(|b| b.steps.iter().map(|s| s.title.clone()).collect())
            .unwrap_or_default();
        let name = |with: &CompareWith| match with {
            CompareWith::Saved => "The scenario as saved".to_owned(),
            CompareWith::Example(i) => format!(
                "Example: {}",
                titles.get(*i).map_or("(gone)", String::as_str)
            ),
            CompareWith::Step(i) => format!(
                "Briefing step {}: {}",
                i + 1,
                steps.get(*i).map_or("(gone)", String::as_str)
            ),
        };
        let mut with = self.view.compare_with.clone();
        ui.horizontal(|ui| {
            let label = ui.label("Compare the scenario on screen with");
            egui::ComboBox::from_id_salt("compare_with")
                .selected_text(name(&with))
                .width(360.0)
                .show_ui(ui, |ui| {
                    let mut options = vec![CompareWith::Saved];
                    options.extend((0..titles.len()).map(CompareWith::Example));
                    options.extend((0..steps.len()).map(CompareWith::Step));
                    for option in options {
                        let text = name(&option);
                        ui.selectable_value(&mut with, option, text);
                    }
                })
                .response
                .labelled_by(label.id);
        });
        self.view.compare_with = with.clone();
        let source = (
            with.clone(),
            matches!(with, CompareWith::Saved)
                .then(|| self.saved.clone())
                .flatten(),
            match with {
                CompareWith::Step(i) => {
                    self.briefing.as_ref().and_then(|b| b.steps.get(i).cloned())
                }
                _ => None,
            },
        );
        if self
            .view
            .compared
            .as_ref()
            .is_none_or(|c| c.source != source)
        {
            let other = self.read_compared(&source.0, source.1.as_ref(), source.2.as_ref());
            self.view.compared = Some(Compared {
                source,
                other,
                comparison: None,
            });
        }
        let Some(compared) = self.view.compared.as_mut() else {
            return;
        };
        let other = match &compared.other {
            Ok(other) => other,
            Err(why) => {
                ui.label(format!("That scenario cannot be read: {why}"));
                return;
            }
        };
        let now = &self.doc.scenario.choices;
        if compared.comparison.as_ref().is_none_or(|(c, _)| c != now) {
            let c = crate::model::compare::compare(other, &self.doc);
            compared.comparison = Some((now.clone(), std::sync::Arc::new(c)));
        }
        if let Some((_, c)) = &compared.comparison {
            crate::ui::windows::compare::show(ui, c, &self.doc.model, 1.0, false);
        }
    }

    /// The other side of a comparison, read once when it is chosen.
    fn read_compared(
        &self,
        with: &crate::ui::app::CompareWith,
        saved: Option<&crate::model::Scenario>,
        step: Option<&crate::model::briefing::Step>,
    ) -> Result<crate::model::Document, String> {
        match with {
            CompareWith::Saved => saved
                .map(|scenario| crate::model::Document {
                    model: self.doc.model.clone(),
                    scenario: scenario.clone(),
                })
                .ok_or_else(|| "nothing is saved yet".to_owned()),
            CompareWith::Example(i) => crate::model::bundled::EXAMPLES
                .get(*i)
                .and_then(|(_, text)| crate::model::bundled::parse_example(text).ok())
                .map(|l| l.document)
                .ok_or_else(|| "no such example".to_owned()),
            CompareWith::Step(i) => {
                let step = step.ok_or_else(|| "no such step".to_owned())?;
                let briefing = crate::model::briefing::Briefing {
                    steps: vec![step.clone()],
                    ..crate::model::briefing::Briefing::new(String::new())
                };
                crate::ui::present::deck_of(&briefing, self.briefing_origin.as_ref())
                    .map_err(|e| e.lines().join("; "))
                    .map(|deck| deck.steps[0].original.clone())
                    .map_err(|e| e.replace("steps[0]", &format!("step {}", i + 1)))
            }
        }
    }
}
