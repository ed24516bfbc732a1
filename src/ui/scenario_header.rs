//! The scenario's own words above the verdicts: its title and summary, with the notes (where the
//! modeller says what they chose) a click away.

use egui::RichText;

use crate::model::Document;

use super::app::ViewState;
use super::command::{Command, Window};

pub fn show(ui: &mut egui::Ui, doc: &Document, view: &mut ViewState, commands: &mut Vec<Command>) {
    let scenario = &doc.scenario;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&scenario.title).strong().size(20.0));
        if !scenario.notes.trim().is_empty() {
            let label = if view.show_notes {
                "Hide notes"
            } else {
                "Show notes"
            };
            if ui
                .small_button(label)
                .on_hover_text("The scenario's notes: what its author chose, and why")
                .clicked()
            {
                view.show_notes = !view.show_notes;
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
    if !scenario.summary.trim().is_empty() {
        ui.label(RichText::new(&scenario.summary).size(15.0));
    }
    if view.show_notes && !scenario.notes.trim().is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new("Notes").strong());
            ui.label(&scenario.notes);
        });
    }
}
