//! The audience's screen in a room: the step on the presenter's screen (its package), the
//! question with a box per party, and once revealed the verdicts and the room's answers.

use egui::{Color32, RichText};

use super::LiveRoom;
use crate::model::eval::PartyStatus;
use crate::model::room::view::{Card, LineView, PartyView, SlideView, Tally};
use crate::model::types::parse_hex_colour;
use crate::ui::command::{Command, RoomCommand};
use crate::ui::widgets::theme::{self, text_size};

fn colour(parties: &[PartyView], party: &PartyView, dark: bool) -> Color32 {
    let index = parties.iter().position(|p| p.id == party.id).unwrap_or(0);
    let hint = party.colour.as_deref().and_then(parse_hex_colour);
    theme::hint_text_colour(hint, index, dark)
}

/// The names of `ids`, in the model's order of parties.
fn in_order(parties: &[PartyView], ids: &[String]) -> Vec<String> {
    parties
        .iter()
        .filter(|p| ids.contains(&p.id))
        .map(|p| p.name.clone())
        .collect()
}

pub fn show(ui: &mut egui::Ui, room: &mut LiveRoom, commands: &mut Vec<Command>) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        let code = room.code.as_deref().unwrap_or("…");
        ui.label(
            RichText::new(format!("Room {code}"))
                .size(text_size::TITLE)
                .strong(),
        );
        ui.label(
            RichText::new("following the presenter")
                .size(text_size::BODY)
                .weak(),
        );
        if ui.button("Leave the room").clicked() {
            commands.push(Command::Room(RoomCommand::Leave));
        }
    });
    if let Some(closed) = &room.closed {
        ui.colored_label(
            ui.visuals().error_fg_color,
            RichText::new(format!("Not connected: {closed}")).size(text_size::BODY),
        );
    }
    if let Some(refused) = &room.refused {
        ui.colored_label(ui.visuals().warn_fg_color, refused.as_str());
    }
    ui.separator();
    // Disjoint borrows: the view is read while the draft prediction is ticked.
    let (view, draft) = (&room.view, &mut room.draft);
    let Some(view) = view else {
        ui.label(RichText::new("Joining the room…").size(text_size::TITLE));
        return;
    };
    ui.label(RichText::new(&view.title).size(text_size::HEADING).strong());
    let Some(slide) = &view.slide else {
        ui.label(
            RichText::new("The presenter has not started yet; the first step appears here.")
                .size(text_size::TITLE),
        );
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "Step {} of {}: {}",
                    slide.step, slide.of, slide.title
                ))
                .size(text_size::DISPLAY)
                .strong(),
            );
            ui.add_space(6.0);
            ui.label(RichText::new("The package").size(text_size::TITLE).strong());
            egui::Grid::new("room_package")
                .striped(true)
                .show(ui, |ui| {
                    for pick in &slide.package {
                        ui.label(RichText::new(&pick.position).size(text_size::BODY).weak());
                        ui.label(RichText::new(&pick.pick).size(text_size::BODY));
                        ui.end_row();
                    }
                });
            ui.add_space(10.0);
            if let Some(question) = &slide.question {
                predict(
                    ui,
                    draft,
                    slide,
                    question,
                    view.mine.as_deref(),
                    dark,
                    commands,
                );
            }
            if let Some(cards) = &slide.cards {
                ui.add_space(10.0);
                verdicts(ui, &slide.parties, cards, dark);
            }
            if let (Some(tally), true) = (&view.tally, slide.revealed) {
                ui.add_space(10.0);
                show_tally(ui, tally);
            }
        });
}

fn predict(
    ui: &mut egui::Ui,
    draft: &mut std::collections::BTreeSet<String>,
    slide: &SlideView,
    question: &str,
    mine: Option<&[String]>,
    dark: bool,
    commands: &mut Vec<Command>,
) {
    ui.label(RichText::new(question).size(text_size::DISPLAY).strong());
    if slide.revealed {
        let said = match mine {
            Some([]) => "You predicted that no party rejects it.".to_owned(),
            Some(parties) => {
                let verb = if parties.len() == 1 {
                    "rejects"
                } else {
                    "reject"
                };
                format!(
                    "You predicted that {} {verb} it.",
                    crate::model::wording::list(&in_order(&slide.parties, parties))
                )
            }
            None => "You did not predict this one.".to_owned(),
        };
        ui.label(RichText::new(said).size(text_size::TITLE));
        return;
    }
    ui.label(
        RichText::new("Which parties reject this package? Tick them, then send.")
            .size(text_size::TITLE),
    );
    let keyed = slide.parties.len().min(9);
    if keyed > 0 {
        ui.label(
            RichText::new(format!("Keys: 1–{keyed} tick a party, Enter sends."))
                .size(text_size::NOTE)
                .weak(),
        );
    }
    // Digits tick the party at that place; Enter sends (nothing on this screen takes text).
    let (digits, enter) = ui.input(|i| {
        let digits: Vec<usize> = (0..keyed)
            .filter(|n| {
                egui::Key::from_name(&(n + 1).to_string()).is_some_and(|k| i.key_pressed(k))
            })
            .collect();
        (digits, i.key_pressed(egui::Key::Enter))
    });
    for n in digits {
        let id = &slide.parties[n].id;
        if !draft.remove(id) {
            draft.insert(id.clone());
        }
    }
    for party in &slide.parties {
        let mut ticked = draft.contains(&party.id);
        let label = RichText::new(&party.name)
            .size(text_size::TITLE)
            .color(colour(&slide.parties, party, dark));
        if ui.checkbox(&mut ticked, label).changed() {
            if ticked {
                draft.insert(party.id.clone());
            } else {
                draft.remove(&party.id);
            }
        }
    }
    ui.horizontal(|ui| {
        let send = egui::Button::new(RichText::new("Send my prediction").size(text_size::TITLE));
        if ui.add(send).clicked() || enter {
            commands.push(Command::Room(RoomCommand::Predict(
                draft.iter().cloned().collect(),
            )));
        }
        if let Some(mine) = mine {
            let names = in_order(&slide.parties, mine);
            let sent = if names.is_empty() {
                "Sent: no party rejects it.".to_owned()
            } else {
                format!("Sent: {}.", crate::model::wording::list(&names))
            };
            ui.label(RichText::new(sent).size(text_size::BODY).weak());
        }
    });
}

pub(super) fn line(ui: &mut egui::Ui, line: &LineView) {
    ui.label(RichText::new(&line.title).size(text_size::BODY).strong());
    if let Some(reading) = &line.reading {
        ui.label(RichText::new(reading).size(text_size::DETAIL));
    }
    if let Some(lead) = &line.lead {
        ui.label(RichText::new(lead).size(text_size::DETAIL).weak());
    }
    if let Some(quote) = &line.quote {
        ui.label(
            RichText::new(format!("“{quote}”"))
                .size(text_size::DETAIL)
                .italics(),
        );
    }
    ui.label(
        RichText::new(format!("{} [{}]", line.credit, line.basis))
            .size(text_size::NOTE)
            .weak(),
    );
}

fn verdicts(ui: &mut egui::Ui, parties: &[PartyView], cards: &[Card], dark: bool) {
    ui.label(
        RichText::new("The verdicts")
            .size(text_size::HEADING)
            .strong(),
    );
    for card in cards {
        let party = parties.iter().find(|p| p.id == card.party);
        let (name, tint) = party.map_or((card.party.as_str(), Color32::GRAY), |p| {
            (p.name.as_str(), colour(parties, p, dark))
        });
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(2.0, tint))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(name)
                            .size(text_size::TITLE)
                            .strong()
                            .color(tint),
                    );
                    let symbol = card.status.symbol();
                    ui.label(
                        RichText::new(format!("{symbol} {}", card.label)).size(text_size::TITLE),
                    );
                    if card.status != PartyStatus::NoRedLines {
                        ui.label(
                            RichText::new(crate::model::wording::counts(
                                card.breaks,
                                card.uncertain,
                                card.holds,
                            ))
                            .size(text_size::BODY)
                            .weak(),
                        );
                    }
                });
                for broken in &card.broken {
                    ui.label(RichText::new("breaks").size(text_size::NOTE).strong());
                    line(ui, broken);
                }
                for unclear in &card.unclear {
                    ui.label(RichText::new("unclear").size(text_size::NOTE).strong());
                    line(ui, unclear);
                }
            });
    }
}

pub fn show_tally(ui: &mut egui::Ui, tally: &Tally) {
    ui.label(
        RichText::new("The room's answers")
            .size(text_size::HEADING)
            .strong(),
    );
    let lines = crate::model::room::view::tally_lines(tally);
    for (index, line) in lines.iter().enumerate() {
        let size = if index == 0 {
            text_size::TITLE
        } else {
            text_size::BODY
        };
        ui.label(RichText::new(line).size(size));
    }
}
