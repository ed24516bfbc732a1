//! The projector's screen while presenting: the step as a banner, the parties as large cards of
//! one size, and the red lines that make the point (what changed first, then broken, then
//! uncertain, wrapped rather than cut; those uncertain only because the package is silent as one
//! row). Sized to the window, so a bigger screen gets bigger type, and zoom still adds to it.
//! The package beside them is drawn by `package.rs`; the presenter's own view by `speaker.rs`.

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontId, RichText, TextFormat};

use crate::model::triage::Triage;
use crate::model::{Document, Evaluation, Model, PartyStatus, PartySummary, Verdict, wording};

use crate::ui::command::{Command, Present};
use crate::ui::present::Presenting;
use crate::ui::widgets::theme;
use crate::ui::widgets::theme::text_size;

/// How much bigger than everyday type the slide is: by the window's size in points, so zooming
/// in still makes everything bigger, and a large screen fills up.
pub fn scale(size: egui::Vec2) -> f32 {
    (size.x / 1100.0).min(size.y / 650.0).clamp(1.0, 2.0)
}

/// The verdicts the room sees: before the last change during the first part of a replay.
fn shown<'a>(p: &'a Presenting, now: &'a Evaluation) -> &'a Evaluation {
    match &p.before {
        Some(before) if p.replaying_before() => before,
        _ => now,
    }
}

/// "2 / 4  What the Kremlin demands", then the question or the summary.
pub(crate) fn banner(ui: &mut egui::Ui, p: &Presenting, doc: &Document, s: f32, dark: bool) {
    let total = p.deck.steps.len();
    let step = p.step();
    // The open scenario alone: the deck's title, which says when the package is not the file's.
    let title = if p.deck.alone {
        p.deck.title.clone()
    } else {
        step.step.title.clone()
    };
    let files_words = p.deck.alone && p.deck.title != doc.scenario.title;
    ui.horizontal(|ui| {
        if total > 1 {
            ui.label(
                RichText::new(format!("{} / {total}", p.index + 1))
                    .size(text_size::TITLE * s)
                    .weak(),
            );
        }
        ui.add(
            egui::Label::new(RichText::new(title).size(text_size::DISPLAY * s).strong()).truncate(),
        );
    });
    if doc.scenario.choices != step.original.scenario.choices {
        ui.label(
            RichText::new("Changed live: not the step as written (Ctrl+Z undoes)")
                .size(text_size::NOTE * s)
                .color(theme::highlight(dark)),
        );
    }
    if p.replaying_before() {
        ui.label(
            RichText::new("Replay: before the last change…")
                .size(text_size::BODY * s)
                .color(theme::highlight(dark)),
        );
    }
    match &step.step.question {
        Some(question) if p.hidden() => {
            ui.add(
                egui::Label::new(
                    RichText::new(format!("Question: {question}"))
                        .size(text_size::LARGE * s)
                        .color(theme::highlight(dark)),
                )
                .wrap(),
            );
            ui.label(
                RichText::new("Predict first. R reveals party by party; Space, all at once.")
                    .size(text_size::NOTE * s)
                    .weak(),
            );
        }
        _ => {
            let first_line = doc.scenario.summary.lines().next().unwrap_or_default();
            let summary = if files_words && !first_line.is_empty() {
                format!("The file's summary: {first_line}")
            } else {
                first_line.to_owned()
            };
            // Whole: its caveats are often in its last words. Only a summary longer than a
            // fifth of the screen is cut (the rest on hover), so the cards and red lines, the
            // point, keep their room. A handout's picture has room for all of it.
            let row = text_size::DETAIL * s * 1.3;
            let rows = (ui.ctx().content_rect().height() * 0.2 / row).floor() as usize;
            if !summary.is_empty() {
                let mut job = LayoutJob::single_section(
                    summary,
                    TextFormat {
                        font_id: FontId::proportional(text_size::DETAIL * s),
                        color: ui.visuals().text_color(),
                        ..Default::default()
                    },
                );
                job.wrap = TextWrapping {
                    max_width: ui.available_width(),
                    max_rows: if p.handout { usize::MAX } else { rows.max(2) },
                    break_anywhere: false,
                    overflow_character: Some('…'),
                };
                ui.add(egui::Label::new(job))
                    .on_hover_text(&doc.scenario.summary);
            }
        }
    }
}

/// One card per party, all the same size whatever they hold, so nothing moves when a status
/// changes.
pub(crate) fn cards(
    ui: &mut egui::Ui,
    p: &Presenting,
    model: &Model,
    now: &Evaluation,
    s: f32,
    dark: bool,
) {
    let evaluation = shown(p, now);
    let n = model.parties.len().max(1) as f32;
    let gap = 10.0 * s;
    // Rounded down, so four cards and three gaps never spill onto a second row.
    let width = ((ui.available_width() - gap * (n - 1.0)) / n - 1.0)
        .floor()
        .clamp(110.0, 420.0 * s);
    let pad = 10.0 * s.min(1.4);
    // "was …" can only show after a step or a live change: the first step keeps its room
    // until one is made.
    let may_flip = p.index > 0 || p.before.is_some();
    let layout = CardLayout::new(ui, s, width - 2.0 * pad, may_flip);
    let height = layout.height + 2.0 * pad;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(gap, gap);
        for (i, (party, summary)) in model.parties.iter().zip(&evaluation.parties).enumerate() {
            let revealed = p.revealed.get(i).copied().unwrap_or(true);
            let was = p
                .before
                .as_ref()
                .filter(|_| !p.replaying_before())
                .and_then(|b| b.parties.get(i))
                .filter(|b| b.status() != summary.status());
            let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
            let marked = was.is_some() && p.marking_flips() && revealed;
            let stroke = if marked {
                egui::Stroke::new(6.0, theme::highlight(dark))
            } else {
                egui::Stroke::new(3.0, theme::party_colour(party, i))
            };
            ui.painter()
                .rect_stroke(rect, 6.0, stroke, egui::StrokeKind::Inside);
            let inner = rect.shrink(pad);
            // A child that does not take space of its own: the card's size is fixed above.
            let mut card = ui.new_child(
                egui::UiBuilder::new()
                    .max_rect(inner)
                    .layout(egui::Layout::top_down(egui::Align::Min)),
            );
            {
                let ui = &mut card;
                ui.spacing_mut().item_spacing.y = 2.0 * s;
                let (name, font) = card_name(ui, &party.name, &party.short, s, inner.width());
                ui.add(
                    egui::Label::new(
                        RichText::new(name)
                            .font(font)
                            .strong()
                            .color(theme::party_text_colour(party, i, dark)),
                    )
                    .truncate(),
                )
                .on_hover_text(&party.name);
                if revealed {
                    card_verdict(ui, &layout, summary, was, s);
                } else {
                    ui.label(RichText::new("?").size(text_size::DISPLAY * s).strong());
                }
            }
        }
    });
}

/// The party's name as it fits the card: whole, or without its parenthesis ("European leaders"
/// for "European leaders (Coalition of the Willing)"), a size smaller, or at last its short
/// name; never cut mid-word.
fn card_name<'a>(
    ui: &egui::Ui,
    name: &'a str,
    short: &'a str,
    s: f32,
    width: f32,
) -> (&'a str, FontId) {
    let plain = name.split(" (").next().unwrap_or(name).trim();
    let (large, small) = (
        FontId::proportional(text_size::BODY * s),
        FontId::proportional(text_size::SMALL * s),
    );
    [
        (name, &large),
        (plain, &large),
        (name, &small),
        (plain, &small),
    ]
    .into_iter()
    .find(|(text, font)| fits(ui, text, font, width))
    .map_or((short, large.clone()), |(text, font)| (text, font.clone()))
}

/// Whether `text` fits in `width` on one line.
fn fits(ui: &egui::Ui, text: &str, font: &FontId, width: f32) -> bool {
    ui.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE))
        .size()
        .x
        <= width
}

/// How a card's verdict is set at this size: the status's type and whether it may take two
/// lines, and whether "was …" needs a line of its own beside the counts. Worked out for the
/// longest status and the widest counts, so every card is the same height and nothing moves
/// when a status changes; the counts always show.
struct CardLayout {
    status_size: f32,
    status_rows: usize,
    height: f32,
}

impl CardLayout {
    fn new(ui: &egui::Ui, s: f32, width: f32, may_flip: bool) -> CardLayout {
        let rows = |text: &str, size: f32| {
            ui.fonts_mut(|f| {
                let galley = f.layout(
                    text.to_owned(),
                    FontId::proportional(size),
                    Color32::WHITE,
                    width,
                );
                (galley.rows.len(), galley.size().y)
            })
        };
        let longest = PartyStatus::ALL
            .iter()
            .map(|status| format!("{} {}", status.symbol(), status.label()))
            .max_by_key(|line| line.chars().count())
            .unwrap_or_default();
        let status_size = if rows(&longest, text_size::TITLE * s).0 == 1 {
            text_size::TITLE * s
        } else {
            text_size::BODY * s
        };
        let (status_rows, status_height) = rows(&longest, status_size);
        let widest_was = PartyStatus::ALL
            .iter()
            .map(|status| format!("✖99 ?99 ✔99  · was {}", status.label()))
            .max_by_key(|line| line.chars().count())
            .unwrap_or_default();
        let (counts_rows, counts_height) = rows(&widest_was, text_size::NOTE * s);
        let was_own_line = may_flip && counts_rows > 1;
        let (_, name_height) = rows("Name", text_size::BODY * s);
        let line = counts_height / counts_rows as f32;
        let spacing = 2.0 * s;
        CardLayout {
            status_size,
            status_rows,
            height: name_height
                + status_height
                + line * if was_own_line { 2.0 } else { 1.0 }
                + spacing * if was_own_line { 3.0 } else { 2.0 }
                + 1.0,
        }
    }
}

/// The status in words, and under it the counts, with "was …" beside them or, where it does
/// not fit, under them. Words are never cut.
fn card_verdict(
    ui: &mut egui::Ui,
    layout: &CardLayout,
    summary: &PartySummary,
    was: Option<&PartySummary>,
    s: f32,
) {
    let status = summary.status();
    let words = wording::counts(summary.breaks, summary.uncertain, summary.holds);
    let status_text = RichText::new(format!("{} {}", status.symbol(), status.label()))
        .size(layout.status_size)
        .strong()
        .color(theme::presenting_status_colour(status, ui.visuals()));
    if layout.status_rows > 1 {
        ui.add(egui::Label::new(status_text).wrap());
    } else {
        ui.add(egui::Label::new(status_text).truncate());
    }
    if !status.has_counts() {
        return;
    }
    let font = FontId::proportional(text_size::NOTE * s);
    let width = ui.available_width();
    let roomy = format!(
        "✖ {}  ? {}  ✔ {}",
        summary.breaks, summary.uncertain, summary.holds
    );
    let tight = format!(
        "✖{} ?{} ✔{}",
        summary.breaks, summary.uncertain, summary.holds
    );
    let was_words = was.map(|was| format!("was {}", was.status().label()));
    let (counts, under) = match was_words {
        None => (roomy, None),
        Some(was) => [format!("{roomy}  · {was}"), format!("{tight}  · {was}")]
            .into_iter()
            .find(|line| fits(ui, line, &font, width))
            .map_or((roomy, Some(was)), |line| (line, None)),
    };
    ui.add(
        egui::Label::new(RichText::new(counts).size(text_size::NOTE * s))
            .truncate()
            .selectable(false),
    )
    .on_hover_text(words);
    if let Some(was) = under {
        ui.add(egui::Label::new(RichText::new(was).size(text_size::NOTE * s)).truncate());
    }
}

/// The red lines that make the point: what changed first, then broken, then uncertain, one
/// row each with the reason in a few words, wrapped rather than cut. Lines uncertain only
/// because the package is silent are one row that a click opens. `after` draws in the same
/// scroll, under them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn red_lines(
    ui: &mut egui::Ui,
    p: &Presenting,
    model: &Model,
    now: &Evaluation,
    s: f32,
    dark: bool,
    commands: &mut Vec<Command>,
    after: impl FnOnce(&mut egui::Ui),
) {
    let evaluation = shown(p, now);
    let before = p.before.as_ref().filter(|_| !p.replaying_before());
    let party_of = |i: usize| {
        model
            .parties
            .iter()
            .position(|pt| pt.id == model.red_lines[i].party)
    };
    let triage = Triage::new(evaluation, before, false, |i, _| {
        party_of(i).is_some_and(|party| p.revealed.get(party).copied().unwrap_or(true))
    });
    let hidden: Vec<&str> = model
        .parties
        .iter()
        .zip(&p.revealed)
        .filter(|(_, r)| !**r)
        .map(|(pt, _)| pt.short.as_str())
        .collect();
    if !hidden.is_empty() {
        ui.label(
            RichText::new(format!(
                "Hidden until revealed: {}. R reveals the next party.",
                hidden.join(", ")
            ))
            .size(text_size::DETAIL * s)
            .weak(),
        );
    }
    if triage.is_empty() && hidden.len() < model.parties.len() {
        ui.label(
            RichText::new("No red line breaks or is uncertain.").size(text_size::SUBHEADING * s),
        );
    }
    let area = egui::ScrollArea::vertical()
        .id_salt(("present_lines", p.index))
        .auto_shrink([false, true]);
    crate::ui::widgets::scrolled::scrolled(ui, area, true, s, |ui| {
        ui.spacing_mut().item_spacing.y = 4.0 * s;
        for row in &triage.rows {
            red_line_row(ui, p, model, evaluation, row.index, row.was, s, dark);
        }
        if let Some(summary) = triage.silent_summary(model, evaluation) {
            let open = p.silent_open;
            let mut job = LayoutJob::default();
            let format = |size: f32, color: Color32| TextFormat {
                font_id: FontId::proportional(size * s),
                color,
                ..Default::default()
            };
            // A handout's picture is not clicked: no marker that says it could be.
            let marker = match (p.handout, open) {
                (true, _) => "?",
                (false, true) => "⏷",
                (false, false) => "⏵",
            };
            job.append(
                &format!("{marker} {summary}"),
                0.0,
                format(
                    text_size::BODY,
                    theme::presenting_verdict_colour(Verdict::Uncertain, dark),
                ),
            );
            if !p.handout {
                job.append(
                    if open {
                        "   (click to fold)"
                    } else {
                        "   (click to list them)"
                    },
                    0.0,
                    format(text_size::DETAIL, ui.visuals().weak_text_color()),
                );
            }
            job.wrap = TextWrapping::wrap_at_width(ui.available_width());
            if ui
                .add(egui::Label::new(job).sense(egui::Sense::click()))
                .clicked()
            {
                commands.push(Command::Present(Present::ToggleSilent));
            }
            if open {
                ui.indent("silent_lines", |ui| {
                    for &i in &triage.silent {
                        let was = triage.silent_was(i);
                        red_line_row(ui, p, model, evaluation, i, was, s, dark);
                    }
                });
            }
        }
        after(ui);
    });
}

/// One red line on the slide: verdict, party, title, what it was, and the reason, wrapped.
#[allow(clippy::too_many_arguments)]
fn red_line_row(
    ui: &mut egui::Ui,
    p: &Presenting,
    model: &Model,
    evaluation: &Evaluation,
    i: usize,
    was: Option<Verdict>,
    s: f32,
    dark: bool,
) {
    let line = &model.red_lines[i];
    let verdict = &evaluation.red_lines[i];
    let party = model.party(&line.party);
    let party_index = model
        .parties
        .iter()
        .position(|pt| pt.id == line.party)
        .unwrap_or(0);
    let mut job = LayoutJob::default();
    let text = |size: f32, color: Color32| TextFormat {
        font_id: FontId::proportional(size * s),
        color,
        ..Default::default()
    };
    let ink = ui.visuals().text_color();
    let colour = theme::presenting_verdict_colour(verdict.verdict, dark);
    job.append(
        &format!("{} {}", verdict.verdict.symbol(), verdict.verdict.as_str()),
        0.0,
        text(text_size::BODY, colour),
    );
    // Real spaces between the pieces, so a screen reader reads words, not a run.
    let gap = |job: &mut LayoutJob| job.append("   ", 0.0, text(text_size::BODY, ink));
    if let Some(party) = party {
        gap(&mut job);
        job.append(
            &party.short,
            0.0,
            text(
                text_size::BODY,
                theme::party_text_colour(party, party_index, dark),
            ),
        );
    }
    gap(&mut job);
    job.append(&line.title, 0.0, text(text_size::BODY, ink));
    if let Some(was) = was {
        let mut format = text(text_size::DETAIL, theme::highlight(dark));
        if p.marking_flips() {
            format.background = theme::highlight(dark).gamma_multiply(0.25);
        }
        gap(&mut job);
        job.append(
            &format!("was {} {}", was.symbol(), was.as_str()),
            0.0,
            format,
        );
    }
    gap(&mut job);
    job.append(
        &format!("— {}", wording::short_reason(model, verdict)),
        0.0,
        text(text_size::DETAIL, ui.visuals().weak_text_color()),
    );
    job.wrap = TextWrapping::wrap_at_width(ui.available_width());
    ui.add(egui::Label::new(job).wrap());
}
