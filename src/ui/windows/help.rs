//! The help windows' bodies: keyboard shortcuts, about the data, the scenario's details, and a
//! red line's quote in its source. Each draws what it is given.

use egui::RichText;

use crate::model::bundled;
use crate::model::edit::Edit;
use crate::model::sources::quote_context;
use crate::model::{Basis, Document, Model};
use crate::ui::command::{BUILT_IN_SHORTCUTS, Command, Group, PRESENT_KEYS, SHORTCUTS};
use crate::ui::tabs::red_lines::highlighted_paragraph;
use crate::ui::widgets::theme::text_size;

/// Every shortcut, grouped as the menus are, in order; while presenting, the presenting keys
/// first, since they are what a presenter looks for then.
pub fn shortcuts(ui: &mut egui::Ui, presenting: bool) {
    let ctx = ui.ctx().clone();
    let mut groups = Group::ALL.to_vec();
    if presenting {
        groups.sort_by_key(|g| *g != Group::Present);
    }
    for group in groups {
        ui.label(
            RichText::new(group.title())
                .strong()
                .size(text_size::SUBHEADING),
        );
        egui::Grid::new(("shortcut_grid", group.title()))
            .striped(true)
            .min_col_width(180.0)
            .show(ui, |ui| {
                for shortcut in SHORTCUTS.iter().filter(|s| s.group == group) {
                    ui.label(ctx.format_shortcut(&shortcut.keys));
                    ui.label(&shortcut.name);
                    ui.end_row();
                }
                for (_, keys, what) in BUILT_IN_SHORTCUTS.iter().filter(|(g, _, _)| *g == group) {
                    ui.label(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
                if group == Group::Present {
                    ui.label(RichText::new("While presenting").weak());
                    ui.end_row();
                    for (key, what, _) in PRESENT_KEYS {
                        ui.label(key.name());
                        ui.label(*what);
                        ui.end_row();
                    }
                }
            });
        ui.add_space(6.0);
    }
}

/// Where the model's red lines come from, and what stated, reported and inferred mean.
pub fn about_data(ui: &mut egui::Ui, model: &Model) {
    ui.label(RichText::new(&model.title).strong());
    ui.label(&model.description);
    ui.add_space(6.0);
    for source in &model.sources {
        ui.label(format!(
            "Source: {} ({}, {}).",
            source.title, source.kind, source.date
        ));
    }
    ui.add_space(6.0);
    ui.label("Every red line quotes its source word for word, names who said it, and says how direct it is:");
    for basis in [Basis::Stated, Basis::Reported, Basis::Inferred] {
        ui.label(format!("• {}: {}.", basis.as_str(), basis.explanation()));
    }
    ui.add_space(6.0);
    ui.label(
        "Where the source leaves a question open, the red line is marked uncertain rather than guessed. \
         An inferred red line carries a note saying why it was read that way.",
    );
}

/// The scenario's title, summary and notes, to edit; and the model it is on.
pub fn scenario_details(ui: &mut egui::Ui, doc: &Document, commands: &mut Vec<Command>) {
    let scenario = &doc.scenario;
    type Field<'a> = (&'a str, &'a String, fn(String) -> Edit, bool);
    let fields: [Field<'_>; 3] = [
        ("Title", &scenario.title, Edit::SetTitle, false),
        ("Summary", &scenario.summary, Edit::SetSummary, true),
        ("Notes", &scenario.notes, Edit::SetNotes, true),
    ];
    for (label, value, edit, multiline) in fields {
        let label = ui.label(RichText::new(label).strong());
        let mut text = value.clone();
        let editor = if multiline {
            egui::TextEdit::multiline(&mut text).desired_rows(4)
        } else {
            egui::TextEdit::singleline(&mut text)
        };
        let response = ui
            .add(editor.desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if response.changed() {
            commands.push(Command::Edit {
                edit: edit(text),
                merge: true,
            });
        }
        if response.lost_focus() {
            commands.push(Command::EndStep);
        }
    }
    let model = &doc.model;
    ui.label(
        RichText::new(format!(
            "Model: {} ({} version {})",
            model.title, model.id, model.version
        ))
        .weak(),
    );
}

/// The paragraph of the source a red line quotes, with the quote marked.
pub fn source_context(ui: &mut egui::Ui, model: &Model, red_line_id: &str) {
    let Some(red_line) = model.red_line(red_line_id) else {
        return;
    };
    let source = red_line.source_id().and_then(|s| model.source(s));
    let quote = red_line.quote().unwrap_or_default();
    // The text the file came with (read beside it, or written in it), or the bundled one.
    let text = source.and_then(|s| {
        s.content
            .get()
            .or_else(|| s.text.as_deref().and_then(bundled::source_text))
    });
    if let Some(source) = source {
        ui.label(
            RichText::new(format!(
                "{} ({}, {})",
                source.title, source.kind, source.date
            ))
            .weak(),
        );
    }
    match text.and_then(|t| quote_context(t, quote)) {
        Some(context) => {
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    if let Some(before) = context.before {
                        ui.label(RichText::new(before).weak());
                        ui.add_space(4.0);
                    }
                    ui.label(highlighted_paragraph(
                        ui,
                        context.paragraph,
                        context.quote.clone(),
                    ));
                    if let Some(after) = context.after {
                        ui.add_space(4.0);
                        ui.label(RichText::new(after).weak());
                    }
                });
        }
        None => {
            ui.label("The source text is not available here; the quote is:");
            crate::ui::widgets::theme::block_quote(ui, RichText::new(quote).italics());
        }
    }
}
