//! Two scenarios side by side: the choices that differ, each red line whose verdict changed
//! with its before → after, and per party the change in counts. Used by a briefing's compare
//! step and by View → Compare.

use egui::RichText;

use crate::model::compare::{Comparison, Counts};
use crate::model::{Model, Verdict};

use crate::ui::widgets::theme;

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

/// "before → after" as one piece that never wraps at the arrow.
fn transition(
    ui: &mut egui::Ui,
    (before, before_colour): (&str, egui::Color32),
    (after, after_colour): (&str, egui::Color32),
    size: f32,
) -> egui::Response {
    let format = |colour: egui::Color32| egui::TextFormat {
        font_id: egui::FontId::proportional(size),
        color: colour,
        ..Default::default()
    };
    let mut job = egui::text::LayoutJob::default();
    job.append(before, 0.0, format(before_colour));
    job.append(" → ", 0.0, format(ui.visuals().text_color()));
    job.append(after, 0.0, format(after_colour));
    ui.add(egui::Label::new(job).wrap_mode(egui::TextWrapMode::Extend))
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
    crate::ui::widgets::scrolled::scrolled(ui, area, presenting, scale, |ui| {
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
                    transition(
                        ui,
                        (
                            change.before.as_ref().unwrap_or(&none),
                            ui.visuals().weak_text_color(),
                        ),
                        (
                            change.after.as_ref().unwrap_or(&none),
                            theme::highlight(dark),
                        ),
                        size(15.0),
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
                    let colour = |v: Option<crate::model::Verdict>| {
                        v.map_or(ui.visuals().weak_text_color(), |v| {
                            theme::presenting_verdict_colour(v, dark)
                        })
                    };
                    transition(
                        ui,
                        (&verdict_text(change.before), colour(change.before)),
                        (&verdict_text(change.after), colour(change.after)),
                        size(15.0),
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
