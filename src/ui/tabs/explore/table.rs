//! Explore's packages as a table: a row a package, per party its counts, a column per position
//! that differs; where the columns cannot fit their words whole, each package as a block.

use super::results::load_button;
use super::*;

/// One row of a package table: its load button's words, and the package.
pub(super) struct TableRow<'a> {
    pub(super) load: String,
    pub(super) package: &'a PackageView,
}

/// How wide a position's column is at most (at everyday type): its words wrap inside it.
const COLUMN: f32 = 150.0;

/// A table cell of one column's width, its text wrapped to it.
fn cell(ui: &mut egui::Ui, width: f32, text: RichText) {
    ui.allocate_ui_with_layout(
        egui::vec2(width, 0.0),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(text).wrap());
        },
    );
}

/// "UA ✖ 0  ? 1" in the party's colour; a party that need not accept, dimmed and said so.
/// A screen reader and the hover get the words: what each count counts.
fn party_line(
    ui: &mut egui::Ui,
    party: &crate::model::Party,
    index: usize,
    required: bool,
    package: &PackageView,
) {
    let (breaks, uncertain) = (package.breaks[index], package.uncertain[index]);
    let not_required = if required { "" } else { " (not required)" };
    let text = RichText::new(format!(
        "{} ✖ {breaks}  ? {uncertain}{not_required}",
        party.short
    ))
    .color(theme::party_text_colour(
        party,
        index,
        ui.visuals().dark_mode,
    ));
    let words = format!(
        "{}{not_required}: {breaks} broken, {uncertain} uncertain",
        party.short
    );
    let shown = ui.add(egui::Label::new(if required { text } else { text.weak() }).extend());
    shown.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &words));
    shown.on_hover_text(&words);
}

/// How wide one line of `text` is in the body type.
fn text_width(ui: &egui::Ui, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    ui.fonts_mut(|f| {
        f.layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE)
            .size()
            .x
    })
}

/// Packages as a table: a row each, a column per position that differs among them or from the
/// package on the table (what differs from the table highlighted), and per party what fails.
/// The positions every row shares with the table are said once, above it.
pub(super) fn package_table(
    ui: &mut egui::Ui,
    doc: &Document,
    inputs: &ExploreInputs,
    rows: &[TableRow<'_>],
    commands: &mut Vec<Command>,
) {
    let model = &doc.model;
    let Some(first) = rows.first() else {
        return;
    };
    let columns: Vec<usize> = (0..model.positions.len())
        .filter(|&i| {
            rows.iter().any(|r| {
                r.package.summary[i].1 != first.package.summary[i].1
                    || !r.package.agrees_with(model, i, &doc.scenario.choices)
            })
        })
        .collect();
    let shared: Vec<String> = (0..model.positions.len())
        .filter(|i| !columns.contains(i))
        .map(|i| {
            format!(
                "{}: {}",
                model.positions[i].title, first.package.summary[i].1
            )
        })
        .collect();
    if !shared.is_empty() {
        ui.label(
            RichText::new(format!(
                "As on the table now, in every package listed: {}.",
                shared.join("; ")
            ))
            .weak(),
        );
    }
    ui.label(
        RichText::new(
            "Highlighted: what differs from the package on the table. Per party: ✖ broken and \
             ? uncertain red lines.",
        )
        .weak(),
    );
    let dark = ui.visuals().dark_mode;
    let highlight = theme::highlight(dark);
    // What the package's name and the parties' counts take; the positions share the rest.
    let gap = 8.0;
    let widest = |texts: &mut dyn Iterator<Item = String>| {
        texts.map(|t| text_width(ui, &t)).fold(0.0, f32::max) + gap
    };
    let fixed = widest(&mut rows.iter().map(|r| r.load.clone()))
        + ui.spacing().button_padding.x * 2.0
        + 2.0
        + widest(
            &mut model
                .parties
                .iter()
                .map(|p| party_words(p, inputs.requires(p))),
        );
    // The positions' columns share what the name and counts leave, each at least its longest
    // word wide: the table fits the window (a sideways scroll area's bar would lie over the rows
    // the window cuts, taking their clicks), or the packages are listed as blocks instead.
    let room = (ui.available_width() - fixed).max(0.0);
    let share = (room / columns.len().max(1) as f32 - gap).min(theme::sized(ui, COLUMN));
    let longest: Vec<f32> = columns
        .iter()
        .map(|&c| {
            std::iter::once(model.positions[c].title.as_str())
                .chain(rows.iter().map(|r| r.package.summary[c].1.as_str()))
                .flat_map(str::split_whitespace)
                .map(|word| text_width(ui, word) + 8.0)
                .fold(0.0, f32::max)
        })
        .collect();
    // Each column at least its longest word; the room left over shared out, up to a column's
    // everyday width.
    let gaps = gap * columns.len() as f32;
    let whole: f32 = longest.iter().sum::<f32>() + gaps;
    let wide: Vec<f32> = if longest.iter().map(|w| share.max(*w)).sum::<f32>() + gaps <= room {
        longest.iter().map(|w| share.max(*w)).collect()
    } else {
        let spare = ((room - whole) / columns.len().max(1) as f32).max(0.0);
        longest.iter().map(|w| w + spare).collect()
    };
    let value_text = |row: &TableRow<'_>, c: usize| {
        let value = &row.package.summary[c].1;
        if row.package.agrees_with(model, c, &doc.scenario.choices) {
            RichText::new(value)
        } else {
            RichText::new(value)
                .color(highlight)
                .background_color(highlight.gamma_multiply(0.15))
        }
    };
    let button = ui.spacing().button_padding.x * 2.0 + 2.0;
    let fixed_widths = (
        widest(&mut rows.iter().map(|r| r.load.clone())) - gap + button,
        widest(
            &mut model
                .parties
                .iter()
                .map(|p| party_words(p, inputs.requires(p))),
        ) - gap,
    );
    let titles = widest(&mut columns.iter().map(|&c| model.positions[c].title.clone()))
        .min(ui.available_width() * 0.4);
    let values = (ui.available_width() - titles - gap).max(theme::sized(ui, COLUMN));
    if whole > room {
        // Too narrow for a column a position, whole words in each: each package as a block,
        // its differing positions one a line.
        for row in rows {
            ui.separator();
            ui.horizontal_top(|ui| {
                load_button(ui, doc, &row.load, row.package, commands);
                party_lines(ui, model, inputs, row.package);
            });
            for &c in &columns {
                ui.horizontal_top(|ui| {
                    ui.spacing_mut().item_spacing.x = gap;
                    cell(ui, titles, RichText::new(&model.positions[c].title).weak());
                    cell(ui, values, value_text(row, c));
                });
            }
        }
        return;
    }
    // A row a package, top-aligned, each as tall as its tallest cell: a tall cell never runs
    // into the next row.
    let widths = wide;
    let header = |ui: &mut egui::Ui| {
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            ui.add_space(fixed_widths.0 + gap);
            cell(ui, fixed_widths.1, RichText::new("Per party").strong());
            for (&c, &width) in columns.iter().zip(&widths) {
                cell(ui, width, RichText::new(&model.positions[c].title).strong());
            }
        });
    };
    header(ui);
    for row in rows {
        ui.separator();
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            ui.allocate_ui_with_layout(
                egui::vec2(fixed_widths.0, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(fixed_widths.0);
                    load_button(ui, doc, &row.load, row.package, commands);
                },
            );
            ui.allocate_ui_with_layout(
                egui::vec2(fixed_widths.1, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(fixed_widths.1);
                    party_lines(ui, model, inputs, row.package);
                },
            );
            for (&c, &width) in columns.iter().zip(&widths) {
                cell(ui, width, value_text(row, c));
            }
        });
    }
}

/// One line a party, each "UA ✖ 0  ? 1", so the positions keep the width.
fn party_lines(ui: &mut egui::Ui, model: &Model, inputs: &ExploreInputs, package: &PackageView) {
    ui.vertical(|ui| {
        ui.spacing_mut().item_spacing.y = 0.0;
        for (i, party) in model.parties.iter().enumerate() {
            party_line(ui, party, i, inputs.requires(party), package);
        }
    });
}

/// The widest a party's line can be, for its column's width.
fn party_words(party: &crate::model::Party, required: bool) -> String {
    if required {
        format!("{} ✖ 00  ? 00", party.short)
    } else {
        format!("{} ✖ 00  ? 00 (not required)", party.short)
    }
}
