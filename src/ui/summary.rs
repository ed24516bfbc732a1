//! The party summary strip: one card per party with its counts and a plain-language status.

use egui::RichText;

use crate::model::{Document, Evaluation, Party, PartySummary, Verdict};

use super::theme;

/// Cards narrower than this wrap onto another row.
const MIN_CARD_WIDTH: f32 = 210.0;

pub fn show(ui: &mut egui::Ui, doc: &Document, evaluation: &Evaluation) {
    let parties: Vec<_> = doc
        .model
        .parties
        .iter()
        .zip(&evaluation.parties)
        .enumerate()
        .collect();
    let per_row =
        ((ui.available_width() / MIN_CARD_WIDTH).floor() as usize).clamp(1, parties.len().max(1));
    // Equal columns always fit the width; zoomed in or narrow, the cards wrap onto more rows.
    for row in parties.chunks(per_row) {
        ui.columns(per_row, |columns| {
            for (column, (index, (party, summary))) in row.iter().enumerate() {
                card(&mut columns[column], party, *index, summary);
            }
        });
    }
}

fn card(ui: &mut egui::Ui, party: &Party, index: usize, summary: &PartySummary) {
    let dark = ui.visuals().dark_mode;
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
