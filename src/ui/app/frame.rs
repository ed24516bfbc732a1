//! One frame of the window: keys, dropped files, the close button, autosave and screenshot
//! ticks, and the layout of panels, tabs and windows; eframe's `App` trait.

use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc;
use web_time::Instant;

use crate::ui::command::{Command, Present, SHORTCUTS, Window};
use crate::ui::panels::positions;
use crate::ui::panels::problems;
use crate::ui::panels::scenario_header;
use crate::ui::panels::summary;
use crate::ui::platform::autosave::{Origin, sha256_hex};
use crate::ui::room::Role;
use crate::ui::tabs::charts;
use crate::ui::tabs::explore;
use crate::ui::tabs::red_lines;

use super::{App, menu, windows};
use crate::ui::modal::{Guarded, Modal};
use crate::ui::state::{ProblemReport, Tab};

impl App {
    pub(super) fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        // Text fields keep their own undo and editing keys, and Esc (it leaves the field).
        let typing = ctx.text_edit_focused();
        let mut pressed: Vec<Command> = ctx.input_mut(|input| {
            SHORTCUTS
                .iter()
                .filter(|s| !typing || s.works_while_typing())
                .filter(|s| input.consume_shortcut(&s.keys))
                .map(|s| s.command.clone())
                .collect()
        });
        // On an audience's or a team's screen the open scenario is out of sight: nothing
        // edits, opens or saves it unseen.
        let room_screen = self
            .room
            .as_ref()
            .is_some_and(|r| matches!(r.role, Role::Audience | Role::Team));
        if room_screen {
            pressed.retain(|c| {
                matches!(
                    c,
                    Command::Quit
                        | Command::ToggleFullscreen
                        | Command::ZoomIn
                        | Command::ZoomOut
                        | Command::ZoomReset
                        | Command::ToggleWindow(Window::Shortcuts)
                )
            });
        }
        // Presenting: F5 again does nothing, Esc is presenting's own.
        if self.presenting.is_some() {
            pressed.retain(|c| *c != Command::Present(Present::Start(None)));
        } else if !typing
            && self.modal.is_none()
            && !self.windows.is_empty()
            && !egui::Popup::is_any_open(ctx)
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            pressed.push(Command::CloseTopWindow);
        }
        self.apply_all(ctx, pressed);
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let Some(file) = ctx.input(|i| i.raw.dropped_files.first().cloned()) else {
            return;
        };
        #[cfg(not(target_arch = "wasm32"))]
        if !file.path().as_os_str().is_empty() {
            self.apply(ctx, Command::OpenPath(file.path().to_owned()));
        }
        // A browser gives the file's name and, later, its bytes: no path.
        #[cfg(target_arch = "wasm32")]
        {
            let (sender, receiver) = std::sync::mpsc::channel();
            crate::ui::platform::web::read_dropped(ctx, file, sender);
            self.picked = Some(receiver);
        }
    }

    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        // What "Save changes?" asks about is the document put aside.
        self.stop_presenting(ctx);
        if self.is_dirty() && !self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::SaveChanges(Guarded::Quit));
        } else if self.briefing_is_dirty() && !self.allow_close && !self.allow_briefing_loss {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::BriefingChanges);
        } else {
            // Saved, or deliberately discarded: nothing of this window's to restore next time.
            self.autosave.finish();
        }
    }

    pub(super) fn tick_autosave(&mut self, ctx: &egui::Context) {
        // The copy on disk is of the document put aside, and stays as it was.
        if self.presenting.is_some() {
            return;
        }
        // Nothing unsaved (saved, reloaded, or undone back to the file): no copy to keep.
        // Quitting after "Discard": the work was deliberately dropped, so keep none either.
        if !self.is_dirty() || self.allow_close {
            if self.autosave.has_copy() {
                self.autosave.clear();
            }
            return;
        }
        let origin = Origin {
            path: self.path().map(Path::to_owned),
            sha256: self
                .file
                .as_ref()
                .and_then(|f| f.text.as_ref())
                .map(|t| sha256_hex(t.as_bytes())),
            saved_at: None,
        };
        // Edits to a model in its own file live only in memory until saved: the crash copy
        // carries the model inline, so they survive a crash too.
        let copy = match &self.doc.scenario.model {
            crate::model::ModelRef::File {
                edited: Some(model),
                ..
            } => std::borrow::Cow::Owned(crate::model::Scenario {
                model: crate::model::ModelRef::Inline(model.clone()),
                ..self.doc.scenario.clone()
            }),
            _ => std::borrow::Cow::Borrowed(&self.doc.scenario),
        };
        if let Err(e) = self.autosave.tick(&copy, &origin, Instant::now()) {
            self.problems = Some(ProblemReport::error("Autosave failed", e));
        }
        ctx.request_repaint_after(crate::ui::platform::autosave::AUTOSAVE_EVERY);
    }

    pub(super) fn tick_screenshot(&mut self, ctx: &egui::Context) {
        let Some(target) = self.config.screenshot.clone() else {
            return;
        };
        self.frames += 1;
        ctx.request_repaint();
        if self.screenshot.is_none() && self.frames >= 5 {
            let (sender, receiver) = mpsc::channel();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let _ = sender.send(image);
                repaint.request_repaint();
            });
            self.screenshot = Some(receiver);
        }
        if let Some(image) = self.screenshot.as_ref().and_then(|r| r.try_recv().ok()) {
            // A window manager (or none) may have sized the window otherwise: size it again,
            // and take the picture once it is the size asked for.
            if let Some([w, h]) = self.config.window_size
                && image.size != [w as usize, h as usize]
                && self.resizes < 10
            {
                self.resizes += 1;
                // Points at the zoom in use: egui turns them back into pixels with it.
                let per_point = ctx.pixels_per_point();
                ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(egui::vec2(
                    w / per_point,
                    h / per_point,
                )));
                self.screenshot = None;
                self.frames = 0;
                return;
            }
            if let Err(e) = save_png(&target, &image) {
                eprintln!("redlines: could not save the screenshot: {e}");
                std::process::exit(1);
            }
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// What the chosen tab shows: the red lines, the charts or the deal search.
    pub(super) fn tab_content(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        match self.view.tab {
            Tab::RedLines => {
                red_lines::show(ui, &self.doc, &self.evaluation, &mut self.view, commands)
            }
            Tab::Charts => charts::show(ui, &self.doc, &self.evaluation),
            Tab::Explore => {
                let query = self
                    .view
                    .explore
                    .query(&self.doc.model, &self.doc.scenario.choices);
                self.explore.update(
                    ui.ctx(),
                    &self.doc.model,
                    query,
                    self.view.explore.ranked_by(),
                );
                explore::show(
                    ui,
                    &self.doc,
                    &self.evaluation,
                    &mut self.view.explore,
                    &mut self.explore,
                    commands,
                );
            }
            Tab::Stability => {
                crate::ui::tabs::stability::show(ui, &self.doc, &mut self.stability, commands)
            }
            Tab::Dilemmas => crate::ui::tabs::dilemmas::show(ui, &self.doc, &mut self.dilemmas),
        }
    }

    /// Draws the whole window. Commands from each panel are applied before the next panel draws,
    /// so every verdict on screen matches the choices in the same frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.repaint = ctx.clone();
        self.what_if.poll();
        self.poll_dialog(&ctx);
        self.poll_export(&ctx);
        self.check_disk_on_focus(&ctx);
        self.handle_close_request(&ctx);
        self.handle_present_keys(&ctx);
        self.handle_shortcuts(&ctx);
        self.handle_dropped_files(&ctx);
        if let Some(recovered) = self.restore_on_start.take() {
            self.restore_autosave(&ctx, &recovered);
        }
        // A link pasted into the address bar of an open page changes only the fragment: the
        // page is not loaded again, so the app opens the new link itself.
        #[cfg(target_arch = "wasm32")]
        if let Some(link) = crate::ui::platform::web::new_link(&mut self.config.page_address) {
            self.apply(&ctx, Command::OpenLink(link));
        }

        let mut commands = Vec::new();
        if self.presenting.is_none() {
            let request = self.menu_request.take();
            self.below_menu = egui::Panel::top("menu_bar")
                .show(ui, |ui| menu::show(ui, self, request, &mut commands))
                .response
                .rect
                .bottom();
            // egui closes a menu on a pointer click only; an item chosen with Enter closes it too.
            if !commands.is_empty() {
                egui::Popup::close_all(&ctx);
            }
            self.apply_all(&ctx, std::mem::take(&mut commands));
        }

        // While presenting, only an error reaches the room's screen (a finished export waits).
        self.above_problems = f32::INFINITY;
        if let Some(report) = self
            .problems
            .clone()
            .filter(|r| self.presenting.is_none() || r.is_error)
        {
            let mut dismissed = false;
            self.above_problems = egui::Panel::bottom("problems")
                .resizable(true)
                .show(ui, |ui| dismissed = problems::show(ui, &report))
                .response
                .rect
                .top();
            if dismissed {
                self.problems = None;
            }
        }

        self.tick_room(&ctx);
        let role = self.room.as_ref().map(|r| r.role);
        if let Some(room) = self.room.as_mut().filter(|_| role == Some(Role::Audience)) {
            egui::CentralPanel::default().show(ui, |ui| {
                crate::ui::room::audience::show(ui, room, &mut commands)
            });
            self.apply_all(&ctx, std::mem::take(&mut commands));
        } else if let Some(room) = self.room.as_mut().filter(|_| role == Some(Role::Team)) {
            show_team(ui, room, &mut commands);
            self.apply_all(&ctx, std::mem::take(&mut commands));
        } else if self.presenting.is_some() {
            egui::CentralPanel::default()
                .frame(egui::Frame::central_panel(&ctx.global_style()).inner_margin(10.0))
                .show(ui, |ui| self.show_presenting(ui, &mut commands));
            self.apply_all(&ctx, std::mem::take(&mut commands));
        } else {
            self.show_editing(ui, &mut commands);
        }

        windows::show(&ctx, self, &mut commands);
        self.apply_all(&ctx, commands);
        // The title after this frame's commands, not before them: a viewport command asks for a
        // frame of its own, which the frame a click already asks for then covers.
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        // "Save it as…" on quitting: once no question or dialog is open, the save either
        // happened (quit) or was cancelled or failed (stay).
        if self.quit_after_briefing_save && self.modal.is_none() && self.dialog.is_none() {
            self.quit_after_briefing_save = false;
            if !self.briefing_is_dirty() {
                self.quit(&ctx);
            }
        }

        if self.dialog.is_some() {
            // Keep polling the dialog thread; it also wakes us when it answers.
            ctx.request_repaint_after(std::time::Duration::from_millis(200));
        }
        self.view.scroll_to_top = false;
        self.settings.zoom = ctx.zoom_factor();
        self.tick_autosave(&ctx);
        self.tick_screenshot(&ctx);
        self.frames_drawn += 1;
        if self
            .config
            .quit_after_frames
            .is_some_and(|n| self.frames_drawn >= n)
        {
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        // A size given on the command line wins over one remembered from an earlier run.
        if let (false, Some([w, h])) = (self.sized, self.config.window_size) {
            self.sized = true;
            let per_point = ctx.pixels_per_point();
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(egui::vec2(
                w / per_point,
                h / per_point,
            )));
        }
    }

    /// The everyday window: positions on the left, the verdicts and tabs in the middle, and a
    /// negotiation's facilitator panel on the right.
    pub(super) fn show_editing(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let ctx = ui.ctx().clone();
        if let Some(room) = self.room.as_ref().filter(|r| r.role == Role::Facilitator) {
            egui::Panel::right("negotiation")
                .resizable(true)
                .default_size(340.0)
                .min_size(260.0)
                // The verdicts in the middle keep room enough to read.
                .max_size((ui.available_width() * 0.3).max(260.0))
                .show(ui, |ui| {
                    crate::ui::room::negotiation::facilitator(ui, room, commands)
                });
            self.apply_all(&ctx, std::mem::take(commands));
        }
        egui::Panel::left("positions")
            .resizable(true)
            .default_size(460.0)
            .min_size(300.0)
            // Zoomed in for projection, the positions must still leave room for the verdicts.
            .max_size((ui.available_width() * 0.5).max(300.0))
            .show(ui, |ui| {
                positions::show(
                    ui,
                    &self.doc,
                    self.what_if.badges(),
                    self.what_if.is_pending(),
                    &mut self.view,
                    positions::Controls::default(),
                    commands,
                )
            });
        self.apply_all(&ctx, std::mem::take(commands));

        egui::CentralPanel::default().show(ui, |ui| {
            scenario_header::show(ui, &self.doc, self.saved.as_ref(), &mut self.view, commands);
            ui.add_space(4.0);
            summary::show(ui, &self.doc, &self.evaluation);
            ui.separator();
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.view.tab, Tab::RedLines, "Red lines");
                ui.selectable_value(&mut self.view.tab, Tab::Charts, "Charts");
                ui.selectable_value(&mut self.view.tab, Tab::Explore, "Explore deals");
                ui.selectable_value(&mut self.view.tab, Tab::Stability, "Stability");
                ui.selectable_value(&mut self.view.tab, Tab::Dilemmas, "Dilemmas");
            });
            ui.separator();
            self.tab_content(ui, commands);
        });
        self.apply_all(&ctx, std::mem::take(commands));
    }
}

/// A team's screen: the app's position controls on the left, drafting the team's package (a
/// pick becomes the room's `SetDraft`, not an edit of the open scenario), and the negotiation
/// in the middle.
fn show_team(ui: &mut egui::Ui, room: &mut crate::ui::room::LiveRoom, commands: &mut Vec<Command>) {
    if let Some(draft) = room.team_draft.as_mut() {
        let mut picked = Vec::new();
        egui::Panel::left("team_positions")
            .resizable(true)
            .default_size(460.0)
            .min_size(300.0)
            .max_size((ui.available_width() * 0.5).max(300.0))
            .show(ui, |ui| {
                // No pins: a team's screen has no Explore search to pin for.
                let controls = positions::Controls { pins: false };
                positions::show(
                    ui,
                    &draft.doc,
                    &[],
                    false,
                    &mut draft.view,
                    controls,
                    &mut picked,
                )
            });
        commands.extend(picked.into_iter().filter_map(|command| match command {
            Command::Edit {
                edit: crate::model::edit::Edit::SetPick { position, pick },
                ..
            } => Some(Command::Room(crate::ui::command::RoomCommand::SetDraft {
                position,
                pick,
            })),
            _ => None,
        }));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        crate::ui::room::negotiation::team(ui, room, commands)
    });
}

/// Saves the window as PNG. A near-uniform image means nothing was drawn: that is an error, so a
/// smoke test or a slide never passes with a blank picture.
fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let distinct: HashSet<egui::Color32> = image.pixels.iter().copied().take(2_000_000).collect();
    if distinct.len() < 16 {
        return Err(format!(
            "the window looks blank ({} colours)",
            distinct.len()
        ));
    }
    let [w, h] = image.size;
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, image.as_raw().to_vec())
        .ok_or_else(|| "the screenshot has the wrong size".to_owned())?;
    buffer.save(path).map_err(|e| e.to_string())
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        #[cfg(target_arch = "wasm32")]
        crate::ui::platform::web::mark_first_frame();
    }

    /// The settings hold the zoom and theme; egui's own memory would bring back a zoom (and
    /// with it a window size) that a `--zoom` run or a screenshot left behind.
    fn persist_egui_memory(&self) -> bool {
        false
    }

    /// A screenshot shows the scenario, not wherever the mouse happens to be.
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.config.screenshot.is_some() {
            raw_input.events.retain(|e| {
                !matches!(
                    e,
                    egui::Event::PointerMoved(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::MouseWheel { .. }
                )
            });
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // A screenshot is reproducible both ways: it reads nothing remembered and changes none.
        if self.config.screenshot.is_some() {
            return;
        }
        let mut settings = self.settings.clone();
        if let Some((dark_mode, zoom)) = self.config.remembered_look {
            settings.dark_mode = dark_mode;
            settings.zoom = zoom;
        }
        eframe::set_value(storage, crate::ui::platform::files::SETTINGS_KEY, &settings);
        // A browser tab has no files to lose: unsaved work is kept in the browser's storage,
        // and the page brings it back when it is opened again.
        #[cfg(target_arch = "wasm32")]
        {
            let unsaved = self
                .is_dirty()
                .then(|| {
                    crate::model::format::scenario_to_ron(&self.working_document().0.scenario).ok()
                })
                .flatten()
                .unwrap_or_default();
            storage.set_string(crate::ui::platform::web::UNSAVED_KEY, unsaved);
        }
    }

    #[cfg(target_arch = "wasm32")]
    fn auto_save_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(3)
    }
}
