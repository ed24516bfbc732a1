//! The presenter's box on the slide while a room is open: how to join (the code, the link and
//! a QR code), how many follow, and on a question step the room's answers.

use egui::{Color32, RichText};

use super::LiveRoom;
use crate::ui::command::{Command, RoomCommand};
use crate::ui::widgets::theme::text_size;

/// Draws `link` as a QR code `side` points wide, dark on light whatever the theme, with the
/// quiet zone round it that readers need.
pub fn qr_code(ui: &mut egui::Ui, link: &str, side: f32) {
    let Ok(code) = qrcode::QrCode::new(link.as_bytes()) else {
        ui.label("The link is too long for a QR code.");
        return;
    };
    let width = code.width();
    let colours = code.to_colors();
    let quiet = 4;
    let cells = (width + 2 * quiet) as f32;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Label, true, format!("QR code for {link}"))
    });
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    let cell = side / cells;
    for (index, colour) in colours.iter().enumerate() {
        if *colour == qrcode::Color::Dark {
            let (x, y) = (
                (index % width + quiet) as f32,
                (index / width + quiet) as f32,
            );
            let min = rect.min + egui::vec2(x * cell, y * cell);
            // A hair wider than the cell, so no seams show between dark cells.
            painter.rect_filled(
                egui::Rect::from_min_size(min, egui::vec2(cell + 0.5, cell + 0.5)),
                0.0,
                Color32::BLACK,
            );
        }
    }
}

/// One line for the speaker view: "Room ABCD-EFGH: 12 follow · 9 predictions".
pub fn summary(room: &LiveRoom) -> Option<String> {
    if room.role != super::Role::Presenter {
        return None;
    }
    let code = room.code.as_deref()?;
    if let Some(closed) = &room.closed {
        return Some(format!("Room {code}: not reachable ({closed})"));
    }
    let mut line = format!(
        "Room {code}: {} follow",
        crate::model::types::format_count(room.followers.unwrap_or(0) as f64)
    );
    if let Some(tally) = room.view.as_ref().and_then(|v| v.tally.as_ref()) {
        line.push_str(&format!(
            " · {} predicted",
            crate::model::types::format_count(tally.answers as f64)
        ));
    }
    Some(line)
}

pub fn show(
    ui: &mut egui::Ui,
    room: &LiveRoom,
    s: f32,
    handout: bool,
    commands: &mut Vec<Command>,
) {
    ui.label(
        RichText::new("Live room")
            .size(text_size::TITLE * s)
            .strong(),
    );
    if let Some(closed) = &room.closed {
        ui.colored_label(
            ui.visuals().error_fg_color,
            RichText::new(format!("The room is not reachable: {closed}")).size(text_size::NOTE * s),
        );
    }
    match (&room.code, room.join_link()) {
        (Some(code), Some(link)) => {
            ui.label(
                RichText::new(code)
                    .size(text_size::DISPLAY * 1.4 * s)
                    .strong()
                    .monospace(),
            );
            ui.label(RichText::new(format!("Join at {link}")).size(text_size::NOTE * s));
            qr_code(ui, &link, 150.0 * s);
            if let Some(followers) = room.followers {
                let people = if followers == 1 {
                    "person follows"
                } else {
                    "people follow"
                };
                ui.label(
                    RichText::new(format!(
                        "{} {people}",
                        crate::model::types::format_count(followers as f64)
                    ))
                    .size(text_size::BODY * s),
                );
            }
        }
        _ if room.closed.is_none() => {
            ui.label(RichText::new("Opening the room…").size(text_size::BODY * s));
        }
        _ => {}
    }
    if let Some(refused) = &room.refused {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            RichText::new(refused).size(text_size::NOTE * s),
        );
    }
    if let Some(view) = &room.view
        && let (Some(slide), Some(tally)) = (&view.slide, &view.tally)
    {
        ui.separator();
        if slide.revealed {
            ui.scope(|ui| {
                crate::ui::widgets::theme::as_slide(ui, s);
                super::audience::show_tally(ui, tally);
            });
        } else {
            let predictions = if tally.answers == 1 {
                "prediction"
            } else {
                "predictions"
            };
            ui.label(
                RichText::new(format!(
                    "{} {predictions} so far",
                    crate::model::types::format_count(tally.answers as f64)
                ))
                .size(text_size::BODY * s),
            );
        }
    }
    if !handout && ui.button("Close the room").clicked() {
        commands.push(Command::Room(RoomCommand::Close));
    }
}
