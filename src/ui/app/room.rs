//! The app's side of a live room: opening, joining and leaving it, and each frame taking in
//! what the server said and, while presenting, sending the room the step on screen.

use crate::model::room::{Action, StepShown};
use crate::ui::app::App;
use crate::ui::command::{Command, RoomCommand, Window};
use crate::ui::room::{DEFAULT_SERVER, LiveRoom, Role, Sent, join_target};

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
            RoomCommand::Join(link) => match join_target(&link) {
                Some((server, code)) => match LiveRoom::join(&server, &code, ctx) {
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
            RoomCommand::Close | RoomCommand::Leave => self.room = None,
        }
    }

    /// Takes in what the room said; while presenting, sends it the step on screen when the
    /// step, its package or its reveal changed.
    pub(super) fn tick_room(&mut self, _ctx: &egui::Context) {
        let Some(room) = self.room.as_mut() else {
            return;
        };
        // Copied when a view comes, not each frame.
        if room.poll()
            && room.role == Role::Presenter
            && let Some(answered) = room.view.as_ref().and_then(|v| v.answered.as_ref())
        {
            self.room_answered.clone_from(answered);
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
