//! The party summary strip: one card per party with its counts and a plain-language status.

use egui::RichText;

use crate::model::{Document, Evaluation, Verdict};

use super::theme;

pub fn show(ui: &mut egui::Ui, doc: &Document, evaluation: &Evaluation) {
    let dark = ui.visuals().dark_mode;
    let count = doc.model.parties.len().max(1);
    // Equal columns always fit the width; text wraps inside a narrow card.
    ui.columns(count, |columns| {
        for (index, (party, summary)) in doc
            .model
            .parties
            .iter()
            .zip(&evaluation.parties)
            .enumerate()
        {
            let ui = &mut columns[index];
            let colour = theme::party_colour(party, index);
            let status = summary.status();
            let verdict = theme::status_verdict(status);
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(3.0, colour))
                .inner_margin(10.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.vertical(|ui| {
                        ui.label(RichText::new(&party.name).strong().size(18.0));
                        ui.label(
                            RichText::new(format!("{} {}", verdict.symbol(), status.label()))
                                .color(theme::verdict_colour(verdict, dark))
                                .strong()
                                .size(18.0),
                        );
                        // Symbols and numbers only, so the line fits a narrow card; words on hover.
                        let words = format!(
                            "{} broken, {} uncertain, {} hold",
                            summary.breaks, summary.uncertain, summary.holds
                        );
                        ui.horizontal_wrapped(|ui| {
                            for (v, n) in [
                                (Verdict::Breaks, summary.breaks),
                                (Verdict::Uncertain, summary.uncertain),
                                (Verdict::Holds, summary.holds),
                            ] {
                                ui.label(
                                    RichText::new(format!("{} {n}", v.symbol()))
                                        .color(theme::verdict_colour(v, dark))
                                        .size(18.0),
                                )
                                .on_hover_text(&words);
                            }
                        });
                    });
                });
        }
    });
}
