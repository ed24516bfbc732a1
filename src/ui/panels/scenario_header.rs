//! The scenario's own words above the verdicts: its title and the first line of its summary,
//! with the whole summary and the notes (where the modeller says what they chose) a click away,
//! so the verdicts keep the room.

use egui::RichText;

use crate::model::{Document, Scenario, wording};

use crate::ui::command::{Command, Window};
use crate::ui::state::ViewState;
use crate::ui::widgets::theme::text_size;

pub fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    saved: Option<&Scenario>,
    view: &mut ViewState,
    commands: &mut Vec<Command>,
) {
    let scenario = &doc.scenario;
    let has_details = !scenario.summary.trim().is_empty() || !scenario.notes.trim().is_empty();
    // The title and summary were written for the saved choices, not for a what-if or a loaded
    // package: a screenshot must not pass the package off as the file's. Said before the title,
    // in small type, so nothing below moves.
    let changed = saved.is_some_and(|s| s.choices != scenario.choices && s.title == scenario.title);
    const FILES_WORDS: &str = "The choices differ from the saved file: its title and summary \
                               describe the file's package, not this one.";
    ui.horizontal_wrapped(|ui| {
        if changed {
            ui.label(
                RichText::new(wording::CHANGED_PACKAGE)
                    .size(text_size::DETAIL)
                    .weak(),
            )
            .on_hover_text(FILES_WORDS);
        }
        ui.label(
            RichText::new(&scenario.title)
                .strong()
                .size(text_size::LARGE),
        );
        if has_details {
            let label = if view.show_details {
                "Hide details"
            } else {
                "Show details"
            };
            if ui
                .small_button(label)
                .on_hover_text("The whole summary, and the notes: what the author chose, and why")
                .clicked()
            {
                view.show_details = !view.show_details;
            }
        }
        if ui
            .small_button("Edit details…")
            .on_hover_text("Edit the title, summary and notes")
            .clicked()
        {
            commands.push(Command::ShowWindow(Window::ScenarioDetails));
        }
    });
    if view.show_details {
        if changed {
            ui.label(RichText::new(FILES_WORDS).weak().italics());
        }
        if !scenario.summary.trim().is_empty() {
            ui.label(RichText::new(&scenario.summary).size(text_size::DETAIL));
        }
        if !scenario.notes.trim().is_empty() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new("Notes").strong());
                ui.label(&scenario.notes);
            });
        }
    } else if !scenario.summary.trim().is_empty() {
        let first_line = scenario.summary.lines().next().unwrap_or_default();
        let shown = if changed {
            format!("The file's summary: {first_line}")
        } else {
            first_line.to_owned()
        };
        ui.add(egui::Label::new(RichText::new(shown).size(text_size::DETAIL)).truncate())
            .on_hover_text(&scenario.summary);
    }
}
