//! Two scenarios side by side: the choices that differ, each red line whose verdict changed
//! with its before → after, and per party the change in counts. Used by a briefing's compare
//! step and by View → Compare.

use egui::RichText;

use crate::model::compare::{Comparison, Counts};
use crate::model::{Model, Verdict};

use super::theme;

fn verdict_text(v: Option<Verdict>) -> String {
    v.map_or_else(
        || "not in this model".to_owned(),
        |v| format!("{} {}", v.symbol(), v.as_str()),
    )
}

fn counts_change(before: Option<Counts>, after: Counts) -> String {
    match before {
        None => format!(
            "{} (not in the earlier model)",
            crate::model::wording::counts(after.broken, after.uncertain, after.holds)
        ),
        Some(b) => {
            let part = |symbol: &str, b: usize, a: usize| {
                if b == a {
                    format!("{symbol} {a}")
                } else {
                    format!("{symbol} {b} → {a}")
                }
            };
            format!(
                "{}  {}  {}",
                part("✖", b.broken, after.broken),
                part("?", b.uncertain, after.uncertain),
                part("✔", b.holds, after.holds)
            )
        }
    }
}

/// `scale`: how much bigger than everyday type (the projector's); `presenting`: ↓ and ↑ scroll.
pub fn show(ui: &mut egui::Ui, c: &Comparison, model: &Model, scale: f32, presenting: bool) {
    let dark = ui.visuals().dark_mode;
    let size = |n: f32| n * scale;
    ui.add(
        egui::Label::new(
            RichText::new(format!("{} → {}", c.before, c.after))
                .size(size(18.0))
                .strong(),
        )
        .truncate(),
    );
    let area = egui::ScrollArea::vertical()
        .id_salt("comparison")
        .auto_shrink([false, true]);
    super::present_view::scrolled(ui, area, presenting, scale, |ui| {
        let choices = |ui: &mut egui::Ui| {
            ui.label(
                RichText::new("Choices that differ")
                    .size(size(16.0))
                    .strong(),
            );
            if c.choices.is_empty() {
                ui.label(RichText::new("none").size(size(15.0)).weak());
            }
            for change in &c.choices {
                let none = "—".to_owned();
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{}:", change.title)).size(size(15.0)));
                    ui.label(
                        RichText::new(change.before.as_ref().unwrap_or(&none))
                            .size(size(15.0))
                            .weak(),
                    );
                    ui.label(RichText::new("→").size(size(15.0)));
                    ui.label(
                        RichText::new(change.after.as_ref().unwrap_or(&none))
                            .size(size(15.0))
                            .strong()
                            .color(theme::highlight(dark)),
                    );
                });
            }
        };
        let verdicts = |ui: &mut egui::Ui| {
            ui.label(
                RichText::new("Red lines whose verdict changed")
                    .size(size(16.0))
                    .strong(),
            );
            if c.red_lines.is_empty() {
                ui.label(RichText::new("none").size(size(15.0)).weak());
            }
            for change in &c.red_lines {
                let party = model.party(&change.party);
                let index = model
                    .parties
                    .iter()
                    .position(|p| p.id == change.party)
                    .unwrap_or(0);
                ui.horizontal_wrapped(|ui| {
                    if let Some(party) = party {
                        ui.label(
                            RichText::new(&party.short)
                                .size(size(15.0))
                                .strong()
                                .color(theme::party_text_colour(party, index, dark)),
                        );
                    }
                    ui.label(RichText::new(&change.title).size(size(15.0)));
                    ui.label(
                        RichText::new(verdict_text(change.before))
                            .size(size(15.0))
                            .color(change.before.map_or(ui.visuals().weak_text_color(), |v| {
                                theme::presenting_verdict_colour(v, dark)
                            })),
                    );
                    ui.label(RichText::new("→").size(size(15.0)));
                    ui.label(
                        RichText::new(verdict_text(change.after))
                            .size(size(15.0))
                            .strong()
                            .color(change.after.map_or(ui.visuals().weak_text_color(), |v| {
                                theme::presenting_verdict_colour(v, dark)
                            })),
                    )
                    .on_hover_text(change.why.clone().unwrap_or_default());
                });
            }
        };
        // Side by side where there is room; one above the other where there is not.
        if ui.available_width() > 760.0 * scale {
            ui.columns(2, |columns| {
                choices(&mut columns[0]);
                verdicts(&mut columns[1]);
            });
        } else {
            choices(ui);
            ui.add_space(size(6.0));
            verdicts(ui);
        }
        ui.add_space(size(6.0));
        ui.label(RichText::new("Per party").size(size(16.0)).strong());
        for party in &c.parties {
            ui.label(
                RichText::new(format!(
                    "{}: {}",
                    party.name,
                    counts_change(party.before, party.after)
                ))
                .size(size(15.0)),
            );
        }
    });
}

/// The View → Compare window: the open scenario beside the saved file, an example, or a step of
/// the briefing.
impl super::app::App {
    pub(super) fn compare_window(&mut self, ui: &mut egui::Ui) {
        use super::app::{CompareWith, Compared};
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
            show(ui, c, &self.doc.model, 1.0, false);
        }
    }

    /// The other side of a comparison, read once when it is chosen.
    fn read_compared(
        &self,
        with: &super::app::CompareWith,
        saved: Option<&crate::model::Scenario>,
        step: Option<&crate::model::briefing::Step>,
    ) -> Result<crate::model::Document, String> {
        use super::app::CompareWith;
        match with {
            CompareWith::Saved => saved
                .map(|scenario| crate::model::Document {
                    model: self.doc.model.clone(),
                    scenario: scenario.clone(),
                })
                .ok_or_else(|| "nothing is saved yet".to_owned()),
            CompareWith::Example(i) => crate::model::bundled::EXAMPLES
                .get(*i)
                .and_then(|(_, text)| crate::model::format::parse_scenario(text).ok())
                .map(|l| l.document)
                .ok_or_else(|| "no such example".to_owned()),
            CompareWith::Step(i) => {
                let step = step.ok_or_else(|| "no such step".to_owned())?;
                let briefing = crate::model::briefing::Briefing {
                    steps: vec![step.clone()],
                    ..crate::model::briefing::Briefing::new(String::new())
                };
                super::present::deck_of(&briefing, self.briefing_origin.as_ref())
                    .map_err(|e| e.lines().join("; "))
                    .map(|deck| deck.steps[0].original.clone())
                    .map_err(|e| e.replace("steps[0]", &format!("step {}", i + 1)))
            }
        }
    }
}
