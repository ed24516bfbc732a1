//! A negotiation room's screens. The facilitator's panel sits beside the app's own window (the
//! model it opened is on screen, so Explore and the cards work as always): each team's link
//! and QR code, who is here, the round, the reveal buttons, and every proposal with every
//! party's verdict. A team's screen replaces the editing window: the position controls on the
//! left, and in the middle its brief, its draft package judged by the lines it may see, and
//! the proposals tabled, with other parties' verdicts as counts until they are revealed.

use std::collections::BTreeMap;

use egui::{Color32, RichText};

use super::{Draft, LiveRoom};
use crate::model::edit::Edit;
use crate::model::eval::{PartyStatus, Verdict};
use crate::model::room::session::{proposal_title, utc, verdict_lines};
use crate::model::room::view::{LineView, NegotiationView, ProposalView};
use crate::model::types::parse_hex_colour;
use crate::model::wording;
use crate::ui::command::{Command, RoomCommand};
use crate::ui::widgets::theme::{self, text_size};

/// What the "Open a negotiation room" window holds while it is filled in.
#[derive(Clone, Debug, Default)]
pub struct NegotiationForm {
    pub server: String,
    pub common_brief: String,
    /// Each party's private brief, by party id.
    pub briefs: BTreeMap<String, String>,
}

fn party_colour(view: &NegotiationView, party: &str, dark: bool) -> Color32 {
    let index = view.parties.iter().position(|p| p.party.id == party);
    let hint = index
        .and_then(|i| view.parties[i].party.colour.as_deref())
        .and_then(parse_hex_colour);
    theme::hint_text_colour(hint, index.unwrap_or(0), dark)
}

fn party_name<'a>(view: &'a NegotiationView, party: &'a str) -> &'a str {
    view.party(party).map_or(party, |p| p.party.name.as_str())
}

/// The window that opens a negotiation on the model in the app.
pub fn open_form(
    ui: &mut egui::Ui,
    doc: &crate::model::Document,
    form: &mut NegotiationForm,
    commands: &mut Vec<Command>,
) {
    ui.label(format!(
        "Each team joins as one party of “{}” with its own link, sees only its own red lines \
         and brief, and tables packages; you see everything and reveal lines when you choose. \
         Start the server with `redlines serve`.",
        doc.model.title
    ));
    ui.horizontal(|ui| {
        let label = ui.label("Room server");
        ui.add(egui::TextEdit::singleline(&mut form.server).desired_width(280.0))
            .labelled_by(label.id);
    });
    let label = ui.label("The brief every team reads");
    ui.add(
        egui::TextEdit::multiline(&mut form.common_brief)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    egui::ScrollArea::vertical()
        .max_height(360.0)
        .show(ui, |ui| {
            for party in &doc.model.parties {
                let label = ui.label(format!("Private brief for {}", party.name));
                let brief = form.briefs.entry(party.id.clone()).or_default();
                ui.add(
                    egui::TextEdit::multiline(brief)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            }
        });
    if ui.button("Open the negotiation").clicked() {
        commands.push(Command::Room(RoomCommand::OpenNegotiation {
            server: form.server.clone(),
            briefs: form.briefs.clone(),
            common_brief: form.common_brief.clone(),
        }));
    }
}

fn connection_lines(ui: &mut egui::Ui, room: &LiveRoom) {
    if let Some(closed) = &room.closed {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("Not connected: {closed}"),
        );
    }
    if let Some(refused) = &room.refused {
        ui.colored_label(ui.visuals().warn_fg_color, refused.as_str());
    }
}

/// A line holding a link, broken anywhere: a link has no spaces to wrap at, and unbroken it
/// would widen the panel past the window's edge.
fn link_label(ui: &mut egui::Ui, text: &str) {
    let format = egui::TextFormat {
        font_id: egui::TextStyle::Small.resolve(ui.style()),
        color: ui.visuals().weak_text_color(),
        ..Default::default()
    };
    let mut job = egui::text::LayoutJob::single_section(text.to_owned(), format);
    job.wrap.break_anywhere = true;
    ui.label(job);
}

/// The facilitator's panel.
pub fn facilitator(ui: &mut egui::Ui, room: &LiveRoom, commands: &mut Vec<Command>) {
    let dark = ui.visuals().dark_mode;
    // Long links and names wrap: they never widen the panel over the verdicts.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new("Negotiation room")
                .size(text_size::TITLE)
                .strong(),
        );
        if ui.button("Close the room").clicked() {
            commands.push(Command::Room(RoomCommand::Close));
        }
    });
    connection_lines(ui, room);
    let (Some(code), Some(view)) = (&room.code, &room.negotiation) else {
        if room.closed.is_none() {
            ui.label("Opening the room…");
        }
        return;
    };
    ui.label(
        RichText::new(code)
            .size(text_size::DISPLAY)
            .strong()
            .monospace(),
    );
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let here = view
                .parties
                .iter()
                .filter(|p| room.teams_here.contains(&p.party.id))
                .count();
            egui::CollapsingHeader::new(
                RichText::new(format!("Teams: {here} of {} here", view.parties.len()))
                    .size(text_size::SUBHEADING)
                    .strong(),
            )
            .id_salt("negotiation_teams")
            .default_open(true)
            .show(ui, |ui| teams(ui, room, view, dark));
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("Round {}", view.round))
                        .size(text_size::SUBHEADING)
                        .strong(),
                );
                if ui
                    .button(format!("Open round {}", view.round + 1))
                    .clicked()
                {
                    commands.push(Command::Room(RoomCommand::NextRound));
                }
            });
            ui.label(RichText::new("Reveal").size(text_size::SUBHEADING).strong());
            if view.debrief {
                ui.label("The debrief: every team sees every red line.");
            } else {
                for party in &view.parties {
                    if party.revealed {
                        ui.label(format!("Red lines of {}: revealed", party.party.name));
                        continue;
                    }
                    let label = format!("Reveal the red lines of {}", party.party.name);
                    if ui.button(label).clicked() {
                        commands.push(Command::Room(RoomCommand::RevealParty(
                            party.party.id.clone(),
                        )));
                    }
                }
                if ui
                    .button("Reveal every red line: the debrief")
                    .on_hover_text("Every team sees every line; Explore shows the proposals")
                    .clicked()
                {
                    commands.push(Command::Room(RoomCommand::RevealAll));
                }
            }
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("Proposals ({})", view.proposals.len()))
                        .size(text_size::SUBHEADING)
                        .strong(),
                );
                if ui
                    .add_enabled(
                        !view.proposals.is_empty(),
                        egui::Button::new("Export the session…"),
                    )
                    .on_hover_text(
                        "The proposals as a briefing (it opens and presents in the app) and a \
                         handout beside it",
                    )
                    .clicked()
                {
                    commands.push(Command::Room(RoomCommand::ExportSession));
                }
            });
            if !view.proposals.is_empty() {
                ui.label(
                    RichText::new("Explore's trade-off plot marks each proposal by its number.")
                        .weak(),
                );
            }
            for proposal in view.proposals.iter().rev() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    proposal_head(ui, view, proposal, dark);
                    for line in verdict_lines(view, proposal) {
                        ui.label(line);
                    }
                    if ui
                        .button(format!("Load proposal {}", proposal.number))
                        .on_hover_text("Puts its package in the app, to look at it closely")
                        .clicked()
                    {
                        commands.push(Command::Edit {
                            edit: Edit::SetChoices(proposal.choices.clone()),
                            merge: false,
                        });
                    }
                });
            }
        });
}

/// Each party's team: here or not, its link, and a QR code of it.
fn teams(ui: &mut egui::Ui, room: &LiveRoom, view: &NegotiationView, dark: bool) {
    for party in &view.parties {
        let id = &party.party.id;
        let here = room.teams_here.contains(id);
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(&party.party.name)
                    .strong()
                    .color(party_colour(view, id, dark)),
            );
            ui.label(if here { "is here" } else { "has not joined" });
        });
        if let Some(link) = room.team_link(id) {
            link_label(ui, &format!("Link for {}: {link}", party.party.name));
            // One under the other: in a row, the long names would not wrap.
            if ui
                .button(format!("Copy the link for {}", party.party.name))
                .clicked()
            {
                ui.ctx().copy_text(link.clone());
            }
            egui::CollapsingHeader::new(format!("QR code for {}", party.party.name))
                .id_salt(("team_qr", id))
                .show(ui, |ui| super::presenter::qr_code(ui, &link, 180.0));
            ui.add_space(4.0);
        }
    }
}

/// A proposal's title, time, note and package.
fn proposal_head(ui: &mut egui::Ui, view: &NegotiationView, proposal: &ProposalView, dark: bool) {
    ui.label(
        RichText::new(proposal_title(view, proposal))
            .strong()
            .color(party_colour(view, &proposal.party, dark)),
    );
    ui.label(RichText::new(utc(proposal.at_ms)).small().weak());
    if !proposal.note.trim().is_empty() {
        ui.label(RichText::new(format!("“{}”", proposal.note.trim())).italics());
    }
    egui::CollapsingHeader::new("The package")
        .id_salt(("proposal_package", proposal.number))
        .show(ui, |ui| {
            for pick in &proposal.package {
                ui.label(format!("{}: {}", pick.position, pick.pick));
            }
        });
}

/// A team's screen beside the position controls: header, briefs, the draft, the proposals.
pub fn team(ui: &mut egui::Ui, room: &mut LiveRoom, commands: &mut Vec<Command>) {
    let dark = ui.visuals().dark_mode;
    let own = room.team_party().map(str::to_owned);
    ui.horizontal_wrapped(|ui| {
        let code = room.code.as_deref().unwrap_or("…");
        let who = match (&own, &room.negotiation) {
            (Some(party), Some(view)) => format!("the team for {}", party_name(view, party)),
            _ => "a team".to_owned(),
        };
        ui.label(
            RichText::new(format!("Room {code}: {who}"))
                .size(text_size::TITLE)
                .strong(),
        );
        if let Some(view) = &room.negotiation {
            ui.label(
                RichText::new(format!("round {}", view.round))
                    .size(text_size::TITLE)
                    .weak(),
            );
        }
        if ui.button("Leave the room").clicked() {
            commands.push(Command::Room(RoomCommand::Leave));
        }
    });
    connection_lines(ui, room);
    ui.separator();
    let (Some(view), Some(draft), Some(own)) = (&room.negotiation, &mut room.team_draft, own)
    else {
        ui.label(RichText::new("Joining the room…").size(text_size::TITLE));
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(RichText::new(&view.title).size(text_size::HEADING).strong());
            if view.debrief {
                ui.label(
                    RichText::new("The debrief: every party's red lines are shown.")
                        .size(text_size::SUBHEADING),
                );
            }
            if let Some(brief) = view.brief.as_ref().filter(|b| !b.trim().is_empty()) {
                ui.label(RichText::new("Your brief").strong());
                theme::block_quote(ui, RichText::new(brief));
            }
            if !view.common_brief.trim().is_empty() {
                ui.label(RichText::new("Every team's brief").strong());
                theme::block_quote(ui, RichText::new(&view.common_brief));
            }
            ui.add_space(6.0);
            draft_verdicts(ui, view, draft, &own, dark);
            ui.horizontal(|ui| {
                let label = ui.label("Note to the table");
                ui.add(
                    egui::TextEdit::singleline(&mut draft.note)
                        .desired_width(ui.available_width().min(420.0)),
                )
                .labelled_by(label.id);
            });
            let table = egui::Button::new(RichText::new("Table this package").strong());
            if ui.add(table).clicked() {
                commands.push(Command::Room(RoomCommand::Propose {
                    choices: draft.doc.scenario.choices.clone(),
                    note: draft.note.clone(),
                }));
            }
            ui.separator();
            ui.label(
                RichText::new(format!("Proposals ({})", view.proposals.len()))
                    .size(text_size::SUBHEADING)
                    .strong(),
            );
            if view.proposals.is_empty() {
                ui.label("Nothing tabled yet.");
            }
            for proposal in view.proposals.iter().rev() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    proposal_head(ui, view, proposal, dark);
                    team_verdicts(ui, view, proposal);
                });
            }
            ui.separator();
            red_lines(ui, view, &own, dark);
        });
}

/// The draft judged by the lines the team sees; the others' say nothing until it is tabled.
fn draft_verdicts(ui: &mut egui::Ui, view: &NegotiationView, draft: &Draft, own: &str, dark: bool) {
    ui.label(
        RichText::new("Your package, before you table it")
            .size(text_size::SUBHEADING)
            .strong(),
    );
    // The team's own party first, then the others in the model's order.
    let mut order: Vec<usize> = (0..view.parties.len()).collect();
    order.sort_by_key(|i| view.parties[*i].party.id != own);
    for index in order {
        let party = &view.parties[index];
        let id = &party.party.id;
        let colour = party_colour(view, id, dark);
        let Some(summary) = draft
            .evaluation
            .parties
            .get(index)
            .filter(|_| party.lines.is_some())
        else {
            ui.label(format!(
                "{}: its red lines are hidden; table the package to see how many of them it breaks.",
                party.party.name
            ));
            continue;
        };
        let whose = if id == own {
            "your red lines".to_owned()
        } else {
            format!("red lines of {} (revealed)", party.party.name)
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&party.party.name).strong().color(colour));
            let status = summary.status();
            ui.label(format!("{} {}", status.symbol(), status.label()));
            ui.label(
                RichText::new(format!(
                    "{whose}: {}",
                    wording::counts(summary.breaks, summary.uncertain, summary.holds)
                ))
                .weak(),
            );
        });
        for (line, verdict) in draft
            .doc
            .model
            .red_lines
            .iter()
            .zip(&draft.evaluation.red_lines)
        {
            if line.party == *id && verdict.verdict != Verdict::Holds {
                ui.label(format!(
                    "  {} {}: {}",
                    verdict.verdict.symbol(),
                    verdict.verdict.as_str(),
                    line.title
                ));
            }
        }
    }
}

/// A tabled proposal's verdicts as the team sees them: lines where it may, counts elsewhere.
fn team_verdicts(ui: &mut egui::Ui, view: &NegotiationView, proposal: &ProposalView) {
    for verdict in &proposal.verdicts {
        let name = party_name(view, &verdict.party);
        let total = verdict.breaks + verdict.uncertain + verdict.holds;
        let line = match &verdict.lines {
            Some(_) if verdict.status == PartyStatus::NoRedLines => {
                format!("{name}: {}", verdict.status.label())
            }
            Some(_) => format!(
                "{name}: {} ({})",
                verdict.status.label(),
                wording::counts(verdict.breaks, verdict.uncertain, verdict.holds)
            ),
            None => format!(
                "{name}: breaks {} of its {total} red {}, {} uncertain (which ones is hidden)",
                verdict.breaks,
                if total == 1 { "line" } else { "lines" },
                verdict.uncertain
            ),
        };
        ui.label(line);
        let titles: Vec<&str> = verdict
            .lines
            .iter()
            .flatten()
            .filter(|l| l.verdict == Verdict::Breaks)
            .filter_map(|l| {
                view.red_lines
                    .iter()
                    .find(|r| r.id == l.red_line)
                    .map(|r| r.title.as_str())
            })
            .collect();
        for title in titles {
            ui.label(RichText::new(format!("  ✖ breaks: {title}")).weak());
        }
    }
}

/// The red lines this team sees, each as the app cites it: its own, then revealed ones.
fn red_lines(ui: &mut egui::Ui, view: &NegotiationView, own: &str, dark: bool) {
    let mut parties: Vec<_> = view.parties.iter().filter(|p| p.lines.is_some()).collect();
    parties.sort_by_key(|p| p.party.id != own);
    for party in parties {
        let lines: &[LineView] = party.lines.as_deref().unwrap_or_default();
        let heading = if party.party.id == own {
            format!("Your red lines ({})", lines.len())
        } else {
            format!(
                "Red lines of {}, revealed ({})",
                party.party.name,
                lines.len()
            )
        };
        egui::CollapsingHeader::new(RichText::new(heading).strong().color(party_colour(
            view,
            &party.party.id,
            dark,
        )))
        .id_salt(("team_lines", &party.party.id))
        .default_open(party.party.id == own)
        .show(ui, |ui| {
            for line in lines {
                super::audience::line(ui, line);
                ui.add_space(4.0);
            }
        });
    }
}
