//! The party summary strip: one card per party with its counts and a plain-language status.

use egui::RichText;

use crate::model::{Document, Evaluation, Party, PartyStatus, PartySummary, Verdict, wording};

use crate::ui::widgets::theme;
use crate::ui::widgets::theme::text_size;

/// Cards narrower than this wrap onto another row.
const MIN_CARD_WIDTH: f32 = 180.0;

pub fn show(ui: &mut egui::Ui, doc: &Document, evaluation: &Evaluation) {
    let parties: Vec<_> = doc
        .model
        .parties
        .iter()
        .zip(&evaluation.parties)
        .enumerate()
        .collect();
    let fits = ui.available_width() / MIN_CARD_WIDTH >= parties.len() as f32;
    if fits {
        ui.columns(parties.len().max(1), |columns| {
            for (index, (party, summary)) in &parties {
                card(&mut columns[*index], party, *index, summary);
            }
        });
    } else {
        // Zoomed in or narrow: one line per party, so the red lines stay in view.
        for (index, (party, summary)) in &parties {
            line(ui, party, *index, summary);
        }
    }
}

fn counts(ui: &mut egui::Ui, summary: &PartySummary) {
    // Nothing to count: "✖ 0 ? 0 ✔ 0" would read as a party that accepts.
    if !summary.status().has_counts() {
        return;
    }
    let dark = ui.visuals().dark_mode;
    // Symbols and numbers only, so the line fits a narrow card; words on hover.
    let words = wording::counts(summary.breaks, summary.uncertain, summary.holds);
    for (v, n) in [
        (Verdict::Breaks, summary.breaks),
        (Verdict::Uncertain, summary.uncertain),
        (Verdict::Holds, summary.holds),
    ] {
        ui.label(
            RichText::new(format!("{} {n}", v.symbol()))
                .color(theme::verdict_colour(v, dark))
                .size(text_size::TITLE),
        )
        .on_hover_text(&words);
    }
}

fn status(ui: &mut egui::Ui, summary: &PartySummary) {
    let status = summary.status();
    ui.label(
        RichText::new(format!("{} {}", status.symbol(), status.label()))
            .color(theme::status_colour(status, ui.visuals()))
            .strong()
            .size(text_size::TITLE),
    );
}

fn line(ui: &mut egui::Ui, party: &Party, index: usize, summary: &PartySummary) {
    egui::Frame::new()
        .stroke(egui::Stroke::new(2.0, theme::party_colour(party, index)))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&party.short).strong().size(text_size::TITLE))
                    .on_hover_text(&party.name);
                status(ui, summary);
                counts(ui, summary);
            });
        });
}

/// How tall a label of `text` in the card's type would be at `width`.
fn text_height(ui: &egui::Ui, text: &str, width: f32) -> f32 {
    let font = egui::FontId::proportional(text_size::TITLE);
    ui.fonts_mut(|f| {
        f.layout(text.to_owned(), font, egui::Color32::WHITE, width)
            .size()
            .y
    })
}

fn card(ui: &mut egui::Ui, party: &Party, index: usize, summary: &PartySummary) {
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(3.0, theme::party_colour(party, index)))
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // A card is as tall as its longest status could make it, so a status that wraps
            // does not push the tabs below down under the pointer.
            let width = ui.available_width();
            let tallest_status = PartyStatus::ALL
                .iter()
                .map(|s| text_height(ui, &format!("{} {}", s.symbol(), s.label()), width))
                .fold(0.0, f32::max);
            let spacing = ui.spacing().item_spacing.y;
            ui.set_min_height(
                text_height(ui, &party.name, width)
                    + tallest_status
                    + ui.spacing()
                        .interact_size
                        .y
                        .max(text_height(ui, "✔ 0", width))
                    + 2.0 * spacing,
            );
            ui.vertical(|ui| {
                ui.label(RichText::new(&party.name).strong().size(text_size::TITLE));
                status(ui, summary);
                ui.horizontal_wrapped(|ui| {
                    counts(ui, summary);
                    if !party.role.is_at_the_table() {
                        ui.label(RichText::new("· observer").weak()).on_hover_text(
                            "Outside the table: its red lines are shown, but Explore does not \
                             require it to accept unless it is ticked there",
                        );
                    }
                });
            });
        });
}
