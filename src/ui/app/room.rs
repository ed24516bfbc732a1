//! The app's side of a live room: opening, joining and leaving it, and each frame taking in
//! what the server said and, while presenting, sending the room the step on screen.

use std::path::Path;

use crate::model::room::{Action, StepShown};
use crate::ui::app::App;
use crate::ui::command::{Command, RoomCommand, Window};
use crate::ui::platform::files::DialogKind;
use crate::ui::room::{DEFAULT_SERVER, LiveRoom, Role, Sent, join_target};
use crate::ui::state::{MarkedPackage, ProblemReport};

impl App {
    /// The server "Open a room" offers: the last one used, the page's own in a browser, or
    /// this machine's.
    pub(crate) fn suggested_room_server(&self) -> String {
        if !self.room_server.is_empty() {
            return self.room_server.clone();
        }
        match &self.config.page_address {
            Some(page) => {
                let without_fragment = page.split('#').next().unwrap_or_default();
                let scheme_end = without_fragment.find("://").map_or(0, |i| i + 3);
                let host_end = without_fragment[scheme_end..]
                    .find('/')
                    .map_or(without_fragment.len(), |i| scheme_end + i);
                without_fragment[..host_end].to_owned()
            }
            None => DEFAULT_SERVER.to_owned(),
        }
    }

    pub(super) fn room_command(&mut self, ctx: &egui::Context, command: RoomCommand) {
        let opens = matches!(
            command,
            RoomCommand::Open { .. } | RoomCommand::OpenNegotiation { .. } | RoomCommand::Join(_)
        );
        // One room at a time: a new one would drop the open one's connection unasked.
        if opens && self.room.as_ref().is_some_and(|r| r.closed.is_none()) {
            self.apply(
                ctx,
                Command::Notify("A room is open: close or leave it first".to_owned()),
            );
            return;
        }
        match command {
            RoomCommand::Open { server } => {
                let title = match &self.presenting {
                    Some(p) => p.deck.title.clone(),
                    None => self.doc.scenario.title.clone(),
                };
                match LiveRoom::open(&server, &title, ctx) {
                    Ok(room) => {
                        self.room = Some(room);
                        self.room_server = server;
                        self.windows.retain(|w| *w != Window::OpenRoom);
                    }
                    Err(e) => self.apply(ctx, Command::Notify(format!("No room opened: {e}"))),
                }
            }
            RoomCommand::OpenNegotiation {
                server,
                briefs,
                common_brief,
            } => match LiveRoom::open_negotiation(&server, &self.doc, briefs, common_brief, ctx) {
                Ok(room) => {
                    self.room = Some(room);
                    self.room_server = server;
                    self.windows.retain(|w| *w != Window::OpenNegotiation);
                }
                Err(e) => self.apply(ctx, Command::Notify(format!("No room opened: {e}"))),
            },
            RoomCommand::SetDraft { position, pick } => {
                if let Some(draft) = self.room.as_mut().and_then(|r| r.team_draft.as_mut()) {
                    draft.set(position, pick);
                }
            }
            RoomCommand::Propose { choices, note } => {
                if let Some(room) = &self.room {
                    room.send(&Action::Propose { choices, note });
                }
            }
            RoomCommand::RevealParty(party) => {
                if let Some(room) = &self.room {
                    room.send(&Action::RevealParty { party });
                }
            }
            RoomCommand::RevealAll => {
                if let Some(room) = &self.room {
                    room.send(&Action::RevealAll);
                    // The debrief is told on Explore: the proposals beside the acceptable
                    // packages and the closest ones.
                    self.view.tab = crate::ui::state::Tab::Explore;
                }
            }
            RoomCommand::NextRound => {
                if let Some(room) = &self.room {
                    room.send(&Action::NextRound);
                }
            }
            RoomCommand::ExportSession => self.start_dialog(ctx, DialogKind::ExportSession),
            RoomCommand::Join(link) => match join_target(&link) {
                Some(target) => match LiveRoom::join(&target, ctx) {
                    Ok(room) => self.room = Some(room),
                    Err(e) => self.apply(ctx, Command::Notify(format!("Could not join: {e}"))),
                },
                None => self.apply(
                    ctx,
                    Command::Notify(
                        "That is not a room's link: it looks like http://host:port/#room=ABCD-EFGH"
                            .to_owned(),
                    ),
                ),
            },
            RoomCommand::Predict(parties) => {
                if let Some(room) = &self.room {
                    room.send(&Action::Predict { reject: parties });
                }
            }
            RoomCommand::Close | RoomCommand::Leave => {
                self.room = None;
                self.view.explore.marked.clear();
            }
        }
    }

    /// Writes the negotiation's session: `path` a briefing of the proposals (scenario steps
    /// that open and present in the app), and a Markdown handout beside it.
    pub(super) fn export_session_to(&mut self, path: &Path) {
        let written = self.session_files(path);
        self.problems = Some(match written {
            Ok((briefing, handout)) => ProblemReport {
                heading: format!("Saved the session to {}", briefing.display()),
                lines: vec![
                    format!("The handout is beside it: {}", handout.display()),
                    "Open the briefing (File → Open briefing…) to present the proposals."
                        .to_owned(),
                ],
                ..ProblemReport::default()
            },
            Err(e) => ProblemReport::error("Could not save the session", e),
        });
    }

    /// The session's briefing and handout as text, from the facilitator's view of the room.
    pub(super) fn session_texts(&self) -> Result<(String, String), String> {
        let room = self.room.as_ref().ok_or("no negotiation room is open")?;
        let (Some(view), Some(opened), Some(code)) = (&room.negotiation, &room.opened, &room.code)
        else {
            return Err("the room has said nothing yet".to_owned());
        };
        crate::model::room::session::files(view, opened, code)
    }

    fn session_files(
        &self,
        path: &Path,
    ) -> Result<(std::path::PathBuf, std::path::PathBuf), String> {
        let (briefing, handout) = self.session_texts()?;
        let path = if path.to_string_lossy().ends_with(".ron") {
            path.to_owned()
        } else {
            path.with_extension("briefing.ron")
        };
        let name = path
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .trim_end_matches(".ron")
                    .trim_end_matches(".briefing")
                    .to_owned()
            })
            .unwrap_or_else(|| "session".to_owned());
        let handout_path = path.with_file_name(format!("{name}.handout.md"));
        crate::model::io::write_file(&path, briefing.as_bytes()).map_err(|e| e.to_string())?;
        crate::model::io::write_file(&handout_path, handout.as_bytes())
            .map_err(|e| e.to_string())?;
        Ok((path, handout_path))
    }

    /// Takes in what the room said; while presenting, sends it the step on screen when the
    /// step, its package or its reveal changed.
    pub(super) fn tick_room(&mut self, _ctx: &egui::Context) {
        let Some(room) = self.room.as_mut() else {
            return;
        };
        // Copied when a view comes, not each frame.
        let viewed = room.poll();
        #[cfg(target_arch = "wasm32")]
        if viewed {
            for (attribute, value) in room.page_marks() {
                crate::ui::platform::web::mark_page(attribute, &value);
            }
        }
        if viewed
            && room.role == Role::Presenter
            && let Some(answered) = room.view.as_ref().and_then(|v| v.answered.as_ref())
        {
            self.room_answered.clone_from(answered);
        }
        // The facilitator's proposals go on Explore's plot, while the model on screen is the
        // one the negotiation opened on.
        if room.role == Role::Facilitator {
            let same_model = room
                .opened
                .as_ref()
                .is_some_and(|d| std::sync::Arc::ptr_eq(&d.model, &self.doc.model));
            let proposals = room.negotiation.as_ref().map_or(0, |v| v.proposals.len());
            let shown = !self.view.explore.marked.is_empty();
            if !viewed && shown == (same_model && proposals > 0) {
                return;
            }
            let marked = match (&room.negotiation, same_model) {
                (Some(view), true) => view
                    .proposals
                    .iter()
                    .map(|p| MarkedPackage {
                        label: p.number.to_string(),
                        failing: p.verdicts.iter().map(|v| (v.breaks, v.uncertain)).collect(),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            self.view.explore.marked = marked;
            return;
        }
        let (Role::Presenter, true, Some(p)) = (room.role, room.is_open(), &self.presenting) else {
            return;
        };
        let question = p
            .step()
            .step
            .question
            .clone()
            .filter(|q| !q.trim().is_empty());
        let revealed = !p.hidden();
        // Compared in place: the package is copied only when it goes to the room.
        let same_step = room
            .sent
            .as_ref()
            .is_some_and(|sent| sent.step == p.index && sent.choices == self.doc.scenario.choices);
        if same_step {
            let newly_revealed = revealed && room.sent.as_ref().is_some_and(|s| !s.revealed);
            if newly_revealed && question.is_some() {
                room.send(&Action::Reveal);
            }
            if let Some(sent) = room.sent.as_mut() {
                sent.revealed = revealed;
            }
            return;
        }
        let want = Sent {
            step: p.index,
            choices: self.doc.scenario.choices.clone(),
            revealed,
        };
        let scenario = crate::model::format::ron_options()
            .to_string(&crate::model::link::shared_scenario(&self.doc))
            .unwrap_or_default();
        let title = if p.deck.alone {
            self.doc.scenario.title.clone()
        } else {
            p.step().step.title.clone()
        };
        room.send(&Action::Step(StepShown {
            step: p.index,
            of: p.deck.steps.len(),
            title,
            scenario,
            question: question.clone(),
        }));
        if want.revealed && question.is_some() {
            room.send(&Action::Reveal);
        }
        room.sent = Some(want);
    }
}
