//! The projector's screen while presenting: the step as a banner, the parties as large cards of
//! one fixed size, only the red lines that break or are uncertain (one line each, with the
//! reason in a few words), and the package in one strip with what changed since the last step
//! marked. Sized to the window, so a bigger screen gets bigger type, and zoom still adds to it.
//! The presenter's own view is in `speaker.rs`.

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontId, RichText, TextFormat};

use crate::model::{Document, Evaluation, Model, PartySummary, Verdict, wording};

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
            if !summary.is_empty() {
                ui.add(
                    egui::Label::new(RichText::new(summary).size(text_size::DETAIL * s)).truncate(),
                )
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
    let height = 72.0 * s;
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
            let inner = rect.shrink(10.0 * s.min(1.4));
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
                    card_verdict(ui, summary, was, s, dark);
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

/// The status in words, and the counts. Where the status does not fit on one line, even a size
/// smaller, it takes two and the counts (and "was …") go to the hover text; where "was …" does
/// not fit beside the counts, the counts tighten and then give way to it. Words are never cut.
fn card_verdict(
    ui: &mut egui::Ui,
    summary: &PartySummary,
    was: Option<&PartySummary>,
    s: f32,
    dark: bool,
) {
    let status = summary.status();
    let verdict = theme::status_verdict(status);
    let mut words = wording::counts(summary.breaks, summary.uncertain, summary.holds);
    let was_words = was.map(|was| format!("was {}", was.status().label()));
    let status_line = format!("{} {}", verdict.symbol(), status.label());
    let width = ui.available_width();
    let size = if fits(
        ui,
        &status_line,
        &FontId::proportional(text_size::TITLE * s),
        width,
    ) {
        text_size::TITLE * s
    } else {
        text_size::BODY * s
    };
    let narrow = !fits(ui, &status_line, &FontId::proportional(size), width);
    let status_text = RichText::new(status_line)
        .size(size)
        .strong()
        .color(theme::presenting_verdict_colour(verdict, dark));
    if narrow {
        if let Some(was) = &was_words {
            words = format!("{words}; {was}");
        }
        ui.add(egui::Label::new(status_text).wrap())
            .on_hover_text(&words);
        return;
    }
    ui.add(egui::Label::new(status_text).truncate());
    let mut counts = format!(
        "✖ {}  ? {}  ✔ {}",
        summary.breaks, summary.uncertain, summary.holds
    );
    if let Some(was) = was_words {
        // A flip matters more than the counts: they tighten, then give way to it.
        let font = FontId::proportional(text_size::NOTE * s);
        let tight = format!(
            "✖{} ?{} ✔{}  · {was}",
            summary.breaks, summary.uncertain, summary.holds
        );
        counts = [format!("{counts}  · {was}"), tight]
            .into_iter()
            .find(|line| fits(ui, line, &font, width))
            .unwrap_or(was);
    }
    ui.add(
        egui::Label::new(RichText::new(counts).size(text_size::NOTE * s))
            .truncate()
            .selectable(false),
    )
    .on_hover_text(words);
}

/// Only the red lines that break or are uncertain (and, after a change, those that just came
/// to hold), broken first, one line each with the reason in a few words.
pub(crate) fn red_lines(
    ui: &mut egui::Ui,
    p: &Presenting,
    model: &Model,
    now: &Evaluation,
    s: f32,
    dark: bool,
) {
    let evaluation = shown(p, now);
    let before = p.before.as_ref().filter(|_| !p.replaying_before());
    let mut rows: Vec<(usize, Option<Verdict>)> = evaluation
        .red_lines
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let party = model
                .parties
                .iter()
                .position(|pt| pt.id == model.red_lines[i].party)?;
            if !p.revealed.get(party).copied().unwrap_or(true) {
                return None;
            }
            let was = before
                .and_then(|b| b.red_lines.get(i))
                .map(|b| b.verdict)
                .filter(|w| *w != v.verdict);
            (v.verdict != Verdict::Holds || was.is_some()).then_some((i, was))
        })
        .collect();
    let rank = |v: Verdict| match v {
        Verdict::Breaks => 0,
        Verdict::Uncertain => 1,
        Verdict::Holds => 2,
    };
    rows.sort_by_key(|(i, _)| rank(evaluation.red_lines[*i].verdict));
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
    if rows.is_empty() && hidden.len() < model.parties.len() {
        ui.label(
            RichText::new("No red line breaks or is uncertain.").size(text_size::SUBHEADING * s),
        );
        return;
    }
    let area = egui::ScrollArea::vertical()
        .id_salt(("present_lines", p.index))
        .auto_shrink([false, true]);
    crate::ui::widgets::scrolled::scrolled(ui, area, true, s, |ui| {
        ui.spacing_mut().item_spacing.y = 2.0 * s;
        for (i, was) in rows {
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
            job.wrap = TextWrapping::truncate_at_width(ui.available_width());
            // No tooltip: one left under a resting pointer would sit over the slide.
            ui.add(
                egui::Label::new(job)
                    .truncate()
                    .show_tooltip_when_elided(false),
            );
        }
    });
}

/// The package in one strip, what changed since the previous step first and marked.
pub(crate) fn package_strip(
    ui: &mut egui::Ui,
    doc: &Document,
    changed: &[String],
    s: f32,
    dark: bool,
) {
    // A short window keeps its height for the red lines.
    let rows = if ui.ctx().content_rect().height() < 520.0 {
        1
    } else {
        2
    };
    let mut job = LayoutJob::default();
    let ink = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    let size = text_size::NOTE * s;
    let plain = |color: Color32| TextFormat {
        font_id: FontId::proportional(size),
        color,
        ..Default::default()
    };
    job.append(
        if changed.is_empty() {
            "The package: "
        } else {
            "Changed since the last step: "
        },
        0.0,
        plain(weak),
    );
    let mut positions: Vec<&crate::model::Position> = doc.model.positions.iter().collect();
    positions.sort_by_key(|p| !changed.contains(&p.id));
    let mut rest_started = false;
    for (n, position) in positions.iter().enumerate() {
        let Some(pick) = doc.pick(&position.id) else {
            continue;
        };
        let is_changed = changed.contains(&position.id);
        // After the changed ones, the rest says it is the rest.
        if !changed.is_empty() && !is_changed && !rest_started {
            rest_started = true;
            job.append("   Unchanged: ", 0.0, plain(weak));
        } else if n > 0 {
            job.append("  ·  ", 0.0, plain(weak));
        }
        let mut value = plain(if is_changed {
            theme::highlight(dark)
        } else {
            ink
        });
        if is_changed {
            value.background = theme::highlight(dark).gamma_multiply(0.2);
        }
        job.append(&format!("{}: ", position.title), 0.0, plain(weak));
        job.append(&position.describe_pick(pick), 0.0, value);
    }
    job.wrap = TextWrapping {
        max_width: ui.available_width(),
        max_rows: rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    ui.add(egui::Label::new(job).wrap());
}

/// The keys, small, for whoever has the keyboard; and the two things a mouse user needs.
/// How long the keys stay in view after the pointer last moved, or a step began.
const HINTS_FOR: f32 = 3.0;

pub(crate) fn hints(ui: &mut egui::Ui, p: &Presenting, commands: &mut Vec<Command>) {
    let notice = p
        .notice
        .as_ref()
        .filter(|(_, at)| at.elapsed().as_secs_f32() < 5.0)
        .map(|(text, _)| text.clone());
    // The room needs no key list: it shows while the presenter uses the mouse, or just after a
    // step begins, and its line keeps its height so nothing moves when it goes.
    let idle = ui
        .input(|i| i.pointer.time_since_last_movement())
        .min(p.step_started.elapsed().as_secs_f32());
    let visible = idle < HINTS_FOR || notice.is_some() || p.positions;
    if visible {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f32(
                (HINTS_FOR - idle).max(0.1),
            ));
    }
    ui.horizontal(|ui| {
        let small = |t: &str| RichText::new(t).small().weak();
        if !visible {
            ui.add_visible(false, egui::Button::new(small("Positions (P)")).small());
            return;
        }
        if let Some(notice) = notice {
            ui.label(
                RichText::new(notice)
                    .small()
                    .color(ui.visuals().warn_fg_color),
            );
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        } else {
            let keys = if ui.available_width() > 900.0 {
                "→ next · ← back · R reveal · S speaker view · L replay · B blank · F1 all keys"
            } else {
                "→ ← · R · S · L · B · F1 keys"
            };
            ui.label(small(keys));
        }
        let label = if p.positions {
            "Hide positions (P)"
        } else {
            "Positions (P)"
        };
        if ui.small_button(RichText::new(label).small()).clicked() {
            commands.push(Command::Present(Present::TogglePositions));
        }
        if ui
            .small_button(RichText::new("Stop presenting (Esc)").small())
            .clicked()
        {
            commands.push(Command::Present(Present::Stop));
        }
    });
}

pub(crate) fn go_to_prompt(ctx: &egui::Context, p: &Presenting, s: f32) {
    let Some(typed) = &p.go_to else {
        return;
    };
    let total = p.deck.steps.len();
    let text = match typed.parse::<usize>() {
        Ok(n) if !(1..=total).contains(&n) => {
            format!("Go to step: {typed}▏ There is no step {n}: 1–{total}. Backspace, or Esc")
        }
        _ => format!("Go to step: {typed}▏ (1–{total}, Enter)"),
    };
    egui::Area::new(egui::Id::unique("present_go_to"))
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(text).size(text_size::HEADING * s));
            });
        });
}
