//! What a student reads before the verdicts: the four concepts in plain words, each party's
//! preference order, and for a two-party game the textbook table.

use egui::RichText;

use super::{Analysis, Small};
use crate::model::Document;
use crate::model::stability::{Concept, teach};
use crate::ui::widgets::theme;

/// The four concepts in plain words, open at first on a small model (a student's), folded on a
/// large one.
pub(super) fn concepts(ui: &mut egui::Ui, small: bool) {
    egui::CollapsingHeader::new("What Nash, GMR, SMR and SEQ mean")
        .id_salt("stability_concepts")
        .default_open(small)
        .show(ui, |ui| {
            ui.label(
                "Each asks whether a party would stay at a package, given what it can change on \
                 its own and what it prefers. A package every party would stay at is an \
                 equilibrium.",
            );
            for concept in Concept::ALL {
                ui.label(format!("• {}", teach::in_plain_words(concept)));
            }
        });
}

/// Each party's order over the states, best first, and the table of a two-party game.
pub(super) fn preferences(ui: &mut egui::Ui, doc: &Document, analysis: &Analysis, small: &Small) {
    let dark = ui.visuals().dark_mode;
    ui.add_space(8.0);
    ui.heading("What each party wants");
    if let Some(key) = &small.key {
        ui.label(RichText::new(format!("Packages are named {key}.")).weak());
    }
    for (i, (party, order)) in doc.model.parties.iter().zip(&small.orders).enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("{} prefers:", party.name))
                    .strong()
                    .color(theme::party_text_colour(party, i, dark)),
            );
            ui.label(order);
        });
    }
    if let Some(table) = &small.table {
        two_by_two(ui, doc, analysis, small, table);
    }
}

/// The textbook table: one party's options down, the other's across, each cell the package
/// with each party's rank (1 is its favourite) and the concepts it is an equilibrium under.
fn two_by_two(
    ui: &mut egui::Ui,
    doc: &Document,
    analysis: &Analysis,
    small: &Small,
    table: &teach::TwoByTwo,
) {
    let (conflict, _) = &*analysis.graph;
    let ranks: Vec<Vec<usize>> = table.parties.iter().map(|&p| conflict.ranks(p)).collect();
    let [row_party, column_party] = table.parties.map(|p| &doc.model.parties[p]);
    ui.add_space(4.0);
    ui.label(
        RichText::new(format!(
            "{} chooses the row, {} the column. In each cell: each one's rank of that package \
             (1 is its favourite), and where it is an equilibrium.",
            row_party.name, column_party.name
        ))
        .weak(),
    );
    egui::Grid::new("stability_two_by_two")
        .striped(true)
        .min_col_width(120.0)
        .show(ui, |ui| {
            ui.label("");
            for column in &table.columns {
                ui.label(RichText::new(format!("{}: {column}", column_party.short)).strong());
            }
            ui.end_row();
            for (r, row) in table.rows.iter().enumerate() {
                ui.label(RichText::new(format!("{}: {row}", row_party.short)).strong());
                for c in 0..2 {
                    let state = table.cells[r][c];
                    let mut text = format!(
                        "{} {}, {} {}",
                        row_party.short, ranks[0][state], column_party.short, ranks[1][state]
                    );
                    let concepts = super::concepts_of(&small.marks[state]);
                    if !concepts.is_empty() {
                        text.push_str(&format!("\nequilibrium: {concepts}"));
                    }
                    if state == analysis.sq {
                        text.push_str("\n(the package on the table)");
                    }
                    ui.label(text);
                }
                ui.end_row();
            }
        });
}
