//! The red-line matrix: every red line grouped by party, its verdict as symbol and colour, and on
//! expansion why, in whose words, and from which source.

use egui::text::LayoutJob;
use egui::{FontId, RichText, TextFormat};

use crate::model::triage::Triage;
use crate::model::wording;
use crate::model::{Basis, Document, Evaluation, RedLine, RedLineVerdict, Verdict};

use crate::ui::command::{Command, Window};
use crate::ui::state::ViewState;
use crate::ui::widgets::lazy::LazyList;
use crate::ui::widgets::theme;
use crate::ui::widgets::theme::text_size;

pub fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    evaluation: &Evaluation,
    view: &mut ViewState,
    commands: &mut Vec<Command>,
) {
    ui.checkbox(
        &mut view.only_problems,
        "Show only broken or uncertain red lines",
    );
    let dark = ui.visuals().dark_mode;
    view.scroll_area("red_lines_tab").show(ui, |ui| {
        for (index, party) in doc.model.parties.iter().enumerate() {
            // What the last change flipped first, then broken, uncertain, holding; the lines
            // uncertain only because the package is silent gathered under one row.
            let triage = Triage::new(
                evaluation,
                view.flipped_from.as_ref(),
                !view.only_problems,
                |i, _| doc.model.red_lines[i].party == party.id,
            );
            let colour = theme::party_text_colour(party, index, dark);
            egui::CollapsingHeader::new(
                RichText::new(&party.name)
                    .strong()
                    .size(text_size::TITLE)
                    .color(colour),
            )
            .id_salt(("party", &party.id))
            .default_open(true)
            .show(ui, |ui| {
                if !doc.model.red_lines.iter().any(|rl| rl.party == party.id) {
                    ui.label(RichText::new("This model gives this party no red lines.").weak());
                } else if triage.is_empty() {
                    ui.label(RichText::new("No broken or uncertain red lines.").weak());
                }
                let id = egui::Id::unique(("red_line_rows", &party.id));
                let mut list = LazyList::new(ui, id, triage.rows.len(), 28.0);
                for r in &triage.rows {
                    list.item(ui, |ui| {
                        let (red_line, verdict) = (
                            &doc.model.red_lines[r.index],
                            &evaluation.red_lines[r.index],
                        );
                        row(ui, doc, red_line, verdict, r.was, dark, view, commands);
                    });
                }
                list.finish(ui);
                if let Some(heading) = triage.silent_heading() {
                    // A heading that fits a line; what the package is silent on, inside.
                    egui::CollapsingHeader::new(
                        RichText::new(format!("? {heading}"))
                            .color(theme::verdict_colour(Verdict::Uncertain, dark)),
                    )
                    .id_salt(("silent", &party.id))
                    .show(ui, |ui| {
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!(
                                    "Silent on: {}.",
                                    wording::list(&triage.silent_on(&doc.model, evaluation))
                                ))
                                .weak(),
                            )
                            .wrap(),
                        );
                        for &i in &triage.silent {
                            let (red_line, verdict) =
                                (&doc.model.red_lines[i], &evaluation.red_lines[i]);
                            let was = triage.silent_was(i);
                            row(ui, doc, red_line, verdict, was, dark, view, commands);
                        }
                    });
                }
            });
        }
    });
}

fn row_text(
    red_line: &RedLine,
    verdict: Verdict,
    was: Option<Verdict>,
    dark: bool,
    ui: &egui::Ui,
) -> LayoutJob {
    let body = FontId::proportional(text_size::BODY);
    let text_colour = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    let colour = theme::verdict_colour(verdict, dark);
    // The symbols come from fallback fonts of their own widths, so the titles line up only
    // when each prefix is padded to the widest one, measured.
    let prefix_font = FontId::monospace(text_size::DETAIL);
    let prefix = |v: Verdict| format!("{} {}", v.symbol(), v.as_str());
    let width = |text: String| {
        ui.ctx()
            .fonts_mut(|f| f.layout_no_wrap(text, prefix_font.clone(), colour).size().x)
    };
    let widest = [Verdict::Breaks, Verdict::Uncertain, Verdict::Holds]
        .into_iter()
        .map(|v| width(prefix(v)))
        .fold(0.0, f32::max);
    let own = width(prefix(verdict));
    job.append(
        &prefix(verdict),
        0.0,
        TextFormat {
            font_id: prefix_font.clone(),
            color: colour,
            ..Default::default()
        },
    );
    job.append(
        &red_line.title,
        12.0 + widest - own,
        TextFormat {
            font_id: body,
            color: text_colour,
            ..Default::default()
        },
    );
    if let Some(was) = was {
        job.append(
            &format!("was {} {}", was.symbol(), was.as_str()),
            8.0,
            TextFormat {
                font_id: FontId::proportional(text_size::DETAIL),
                color: theme::highlight(dark),
                background: theme::highlight(dark).gamma_multiply(0.2),
                ..Default::default()
            },
        );
    }
    job.append(
        &format!("[{}]", red_line.basis.as_str()),
        8.0,
        TextFormat {
            font_id: FontId::proportional(text_size::SMALL),
            color: ui.visuals().weak_text_color(),
            ..Default::default()
        },
    );
    job
}

#[allow(clippy::too_many_arguments)]
fn row(
    ui: &mut egui::Ui,
    doc: &Document,
    red_line: &RedLine,
    verdict: &RedLineVerdict,
    was: Option<Verdict>,
    dark: bool,
    view: &mut ViewState,
    commands: &mut Vec<Command>,
) {
    let expanded = view.expanded.contains(&red_line.id);
    let response = ui
        .selectable_label(expanded, row_text(red_line, verdict.verdict, was, dark, ui))
        .on_hover_text(if expanded {
            "Hide the details"
        } else {
            "Show why, the quote and the source"
        });
    if response.clicked() {
        if expanded {
            view.expanded.remove(&red_line.id);
        } else {
            view.expanded.insert(red_line.id.clone());
        }
    }
    if !expanded {
        return;
    }
    let colour = theme::verdict_colour(verdict.verdict, dark);
    ui.indent(("details", &red_line.id), |ui| {
        ui.set_max_width(ui.available_width().min(900.0));
        // The reason first: for an uncertain line that is what the source leaves open.
        let why = wording::why(&doc.model, red_line, verdict);
        ui.label(RichText::new(&why).color(colour).strong());
        let citation = wording::citation(&doc.model, red_line);
        if let Some(reading) = &citation.reading {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new("The modeller's reading").strong());
                ui.label(RichText::new(reading).size(text_size::BODY));
            });
        }
        ui.label(format!("The modeller's summary: {}", red_line.statement));
        if let Some(lead) = &citation.lead {
            ui.label(RichText::new(lead).strong());
        }
        // Only a party's own words are set in italics, as a quotation of them.
        if let Some(quote) = &citation.quote {
            let quote = RichText::new(quote);
            theme::block_quote(
                ui,
                if red_line.basis == Basis::Stated {
                    quote.italics()
                } else {
                    quote
                },
            );
            ui.label(&citation.credit);
        }
        ui.label(
            RichText::new(format!(
                "Basis: {}, {}.",
                red_line.basis.as_str(),
                red_line.basis.explanation()
            ))
            .small(),
        );
        if red_line.basis != Basis::Inferred
            && let Some(note) = &red_line.note
            && !why.contains(note.as_str())
        {
            ui.label(RichText::new(format!("Modeller's note: {note}")).small());
        }
        ui.horizontal_wrapped(|ui| {
            if let Some(source) = red_line.source_id().and_then(|s| doc.model.source(s)) {
                ui.label(
                    RichText::new(format!(
                        "Source: {} ({}, {})",
                        source.title, source.kind, source.date
                    ))
                    .small()
                    .color(ui.visuals().weak_text_color()),
                );
                let has_text = source.content.get().is_some()
                    || source
                        .text
                        .as_deref()
                        .and_then(crate::model::bundled::source_text)
                        .is_some();
                if has_text
                    && ui
                        .small_button(format!("Show in source: {}", red_line.title))
                        .clicked()
                {
                    commands.push(Command::ShowWindow(Window::SourceContext {
                        red_line: red_line.id.clone(),
                    }));
                }
            }
        });
        ui.add_space(6.0);
    });
}

/// Paints the paragraph with the quote highlighted.
pub fn highlighted_paragraph(
    ui: &egui::Ui,
    paragraph: &str,
    quote: std::ops::Range<usize>,
) -> LayoutJob {
    let body = FontId::proportional(text_size::BODY);
    let normal = TextFormat {
        font_id: body.clone(),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let highlight = TextFormat {
        font_id: body,
        color: ui.visuals().strong_text_color(),
        background: theme::quote_marker(ui.visuals().dark_mode),
        ..Default::default()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    job.append(&paragraph[..quote.start], 0.0, normal.clone());
    job.append(&paragraph[quote.clone()], 0.0, highlight);
    job.append(&paragraph[quote.end..], 0.0, normal);
    job
}
