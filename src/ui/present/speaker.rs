//! The speaker view: the presenter's own window with the step's notes, the clock and what
//! comes next, while the room sees the slide.

use egui::RichText;

use crate::model::{Document, Evaluation};
use crate::ui::command::{Command, PRESENT_KEYS, Present};
use crate::ui::present::Presenting;
use crate::ui::widgets::theme;
use crate::ui::widgets::theme::text_size;

/// The presenter's own window: notes, the clock, what comes next. A second native window where
/// the system allows it; otherwise a window inside this one that only `S` opens.
pub(crate) fn speaker_view(
    ctx: &egui::Context,
    p: &mut Presenting,
    now: (&Document, &Evaluation),
    room: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ctx.request_repaint_after(std::time::Duration::from_secs(1));
    let builder = egui::ViewportBuilder::default()
        .with_title("Speaker view - Red Lines")
        .with_inner_size([760.0, 680.0]);
    let (closed, mut asked) = ctx.show_viewport_immediate(
        egui::ViewportId::from_hash_of("speaker_view"),
        builder,
        |ui, class| {
            let mut asked = Vec::new();
            if class == egui::ViewportClass::Immediate {
                // Keys pressed while this window has the focus drive the talk too.
                asked = ui.input_mut(|i| {
                    PRESENT_KEYS
                        .iter()
                        .filter(|(key, _, _)| i.consume_key(egui::Modifiers::NONE, *key))
                        .map(|(_, _, c)| Command::Present(c.clone()))
                        .collect()
                });
                egui::CentralPanel::default()
                    .show(ui, |ui| speaker_body(ui, p, now, room, &mut asked));
            } else {
                speaker_body(ui, p, now, room, &mut asked);
            }
            (ui.input(|i| i.viewport().close_requested()), asked)
        },
    );
    if closed {
        p.speaker_view = false;
    }
    commands.append(&mut asked);
}

fn clock(elapsed: std::time::Duration) -> String {
    let s = elapsed.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

fn speaker_body(
    ui: &mut egui::Ui,
    p: &Presenting,
    (doc, evaluation): (&Document, &Evaluation),
    room: Option<&str>,
    commands: &mut Vec<Command>,
) {
    let step = p.step();
    if let Some(room) = room {
        ui.label(RichText::new(room).size(text_size::TITLE));
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!("Step {} of {}", p.index + 1, p.deck.steps.len()))
                .size(text_size::TITLE)
                .strong(),
        );
        ui.label(
            RichText::new(format!(
                "Talk {} · this step {}",
                clock(p.started.elapsed()),
                clock(p.step_started.elapsed())
            ))
            .size(text_size::TITLE)
            .monospace(),
        );
    });
    ui.label(
        RichText::new(&step.step.title)
            .size(text_size::HEADING)
            .strong(),
    );
    if let Some(question) = &step.step.question {
        let state = if p.hidden() {
            "verdicts hidden"
        } else {
            "revealed"
        };
        ui.label(
            RichText::new(format!("Question ({state}): {question}")).size(text_size::SUBHEADING),
        );
    }
    // The answer, for the presenter even while the room is still guessing.
    ui.label(
        RichText::new("This step's verdicts:")
            .size(text_size::DETAIL)
            .weak(),
    );
    preview(ui, doc, evaluation);
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("speaker_notes")
        .max_height(ui.available_height() - 200.0)
        .show(ui, |ui| {
            let notes = if step.step.notes.trim().is_empty() {
                "No notes for this step."
            } else {
                step.step.notes.as_str()
            };
            ui.label(RichText::new(notes).size(text_size::LARGE));
        });
    ui.separator();
    match (p.deck.steps.get(p.index + 1), &p.next_evaluation) {
        (Some(next), Some(evaluation)) => {
            ui.label(
                RichText::new(format!("Next: {}", next.step.title)).size(text_size::SUBHEADING),
            );
            ui.label(
                RichText::new("Its verdicts:")
                    .size(text_size::DETAIL)
                    .weak(),
            );
            preview(ui, &next.live, evaluation);
        }
        _ => {
            ui.label(RichText::new("This is the last step.").size(text_size::SUBHEADING));
        }
    }
    ui.horizontal_wrapped(|ui| {
        for (label, command) in [
            ("◀ Previous", Present::Previous),
            ("Next ▶", Present::Next),
            ("Reveal next party", Present::RevealNext),
            ("Replay last change", Present::ReplayLastChange),
            ("Stop presenting", Present::Stop),
        ] {
            // Revealing is for a step whose verdicts are still hidden.
            if command == Present::RevealNext && !p.hidden() {
                continue;
            }
            // There is no step before the first, nor after the last: said by a greyed button.
            let enabled = match command {
                Present::Previous => p.index > 0,
                Present::Next => p.index + 1 < p.deck.steps.len(),
                Present::ReplayLastChange => p.before.is_some(),
                _ => true,
            };
            if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                commands.push(Command::Present(command));
            }
        }
    });
}

/// A step's parties, small, one chip each.
fn preview(ui: &mut egui::Ui, doc: &Document, evaluation: &Evaluation) {
    ui.horizontal_wrapped(|ui| {
        for (i, (party, summary)) in doc
            .model
            .parties
            .iter()
            .zip(&evaluation.parties)
            .enumerate()
        {
            let status = summary.status();
            egui::Frame::new()
                .stroke(egui::Stroke::new(2.0, theme::party_colour(party, i)))
                .corner_radius(4.0)
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(format!(
                            "{} {} {}",
                            party.short,
                            status.symbol(),
                            status.label()
                        ))
                        .color(theme::presenting_status_colour(status, ui.visuals())),
                    );
                });
        }
    });
}
