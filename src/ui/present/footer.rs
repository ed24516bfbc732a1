//! The slide's footer and prompts: the keys for whoever has the keyboard, the buttons a mouse
//! user needs (positions, a live room, stop), and the "go to step" prompt.

use egui::RichText;

use crate::ui::command::{Command, Present};
use crate::ui::present::Presenting;
use crate::ui::widgets::theme::text_size;

/// The keys, small, for whoever has the keyboard; and the two things a mouse user needs.
/// How long the keys stay in view after the pointer last moved, or a step began.
const HINTS_FOR: f32 = 3.0;

pub(crate) fn hints(
    ui: &mut egui::Ui,
    p: &Presenting,
    room_open: bool,
    commands: &mut Vec<Command>,
) {
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
        if !room_open
            && ui
                .small_button(RichText::new("Open a room…").small())
                .on_hover_text("Let the audience follow on their own screens and predict")
                .clicked()
        {
            commands.push(Command::ShowWindow(crate::ui::command::Window::OpenRoom));
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
