//! Presenting, as the app carries it out: starting and stopping (the open work put aside and
//! given back), stepping, the keys, and the frame drawn from the deck's state.

use web_time::Instant;

use crate::model::briefing::Step;
use crate::model::edit::{Edit, History};
use crate::model::{Document, Scenario};

use crate::model::briefing::Show;
use crate::ui::app::{App, Tab};
use crate::ui::command::{Command, PRESENT_KEYS, Present, Window};
use crate::ui::panels::positions;
use crate::ui::present::footer::{go_to_prompt, hints};
use crate::ui::present::package::{package_column, package_lines, package_strip};
use crate::ui::present::slide::*;
use crate::ui::present::speaker::speaker_view;
use crate::ui::present::*;
use crate::ui::widgets::theme;
use crate::ui::widgets::theme::text_size;
use crate::ui::windows::compare;
use egui::{Color32, RichText};

impl App {
    pub fn is_presenting(&self) -> bool {
        self.presenting.is_some()
    }

    pub fn presenting(&self) -> Option<&Presenting> {
        self.presenting.as_ref()
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn presenting_mut(&mut self) -> Option<&mut Presenting> {
        self.presenting.as_mut()
    }

    /// The document and its saved state that "unsaved changes" is about: while presenting,
    /// the one put aside, not the step on screen.
    pub(super) fn working_document(&self) -> (&Document, Option<&Scenario>) {
        match &self.presenting {
            Some(p) => (&p.stash.doc, p.stash.saved.as_ref()),
            None => (&self.doc, self.saved.as_ref()),
        }
    }

    pub(super) fn present(&mut self, ctx: &egui::Context, command: Present) {
        if let Present::Start(at) = command {
            match (&self.presenting, at) {
                (None, at) => self.start_presenting(ctx, at.unwrap_or(0)),
                (Some(_), Some(at)) => self.go_to_step(at),
                (Some(_), None) => {}
            }
            return;
        }
        if command == Present::OpenRoom {
            if self.room.is_none() {
                self.apply(ctx, Command::ShowWindow(Window::OpenRoom));
            }
            return;
        }
        let Some(p) = self.presenting.as_mut() else {
            return;
        };
        let last = p.deck.steps.len().saturating_sub(1);
        let index = p.index;
        match command {
            Present::Start(_) => {}
            Present::Stop => self.stop_presenting(ctx),
            Present::Next if index == last => {
                p.notice = Some(("This is the last step.".to_owned(), Instant::now()));
            }
            Present::Next => self.go_to_step(index.saturating_add(1).min(last)),
            Present::Previous => self.go_to_step(index.saturating_sub(1)),
            Present::GoTo(i) => self.go_to_step(i.min(last)),
            Present::Last => self.go_to_step(last),
            Present::StartGoTo => p.go_to = Some(String::new()),
            Present::ToggleBlank => p.blank = !p.blank,
            Present::RevealNext => {
                if let Some(r) = p.revealed.iter_mut().find(|r| !**r) {
                    *r = true;
                }
            }
            Present::RevealAll => p.revealed.iter_mut().for_each(|r| *r = true),
            Present::RevealOrNext => {
                if p.hidden() {
                    p.revealed.iter_mut().for_each(|r| *r = true);
                } else if index == last {
                    p.notice = Some(("This is the last step.".to_owned(), Instant::now()));
                } else {
                    self.go_to_step(index.saturating_add(1).min(last));
                }
            }
            Present::ToggleSpeakerView => p.speaker_view = !p.speaker_view,
            Present::ReplayLastChange => {
                if p.before.is_some() {
                    p.replay = Some(Instant::now());
                }
            }
            Present::TogglePositions => p.positions = !p.positions,
            Present::ToggleSilent => p.silent_open = !p.silent_open,
            Present::OpenRoom => {}
        }
    }

    /// Presents the briefing being built, or the open scenario alone.
    fn start_presenting(&mut self, ctx: &egui::Context, at: usize) {
        let deck = match &self.briefing {
            Some(b) if !b.steps.is_empty() => match deck_of(b, self.briefing_origin.as_ref()) {
                Ok(deck) => deck,
                Err(e) => {
                    self.report_file_error(
                        "Could not present the briefing: a step cannot be read".to_owned(),
                        &e,
                    );
                    return;
                }
            },
            _ => Deck {
                // A package changed from its file's is titled as such on the banner too.
                title: self.package_title(),
                steps: vec![DeckStep {
                    step: Step::inline_changed(&self.doc, self.saved.as_ref()),
                    original: self.doc.clone(),
                    live: self.doc.clone(),
                    history: History::default(),
                }],
                alone: true,
            },
        };
        let stash = Stash {
            doc: self.doc.clone(),
            file: self.file.take(),
            saved: self.saved.clone(),
            history: std::mem::take(&mut self.history),
            tab: self.view.tab,
            windows: std::mem::take(&mut self.windows),
            was_fullscreen: ctx.input(|i| i.viewport().fullscreen.unwrap_or(false)),
        };
        let parties = self.doc.model.parties.len();
        self.presenting = Some(Presenting {
            deck,
            index: usize::MAX,
            stash,
            revealed: vec![true; parties],
            blank: false,
            speaker_view: false,
            positions: false,
            silent_open: false,
            handout: false,
            notice: None,
            go_to: None,
            started: Instant::now(),
            step_started: Instant::now(),
            before: None,
            before_live: false,
            next_evaluation: None,
            replay: None,
            comparison: None,
        });
        theme::set_presenting(ctx, true);
        self.go_to_step(at);
    }

    /// Shows step `index`, keeping the live changes of the step left.
    fn go_to_step(&mut self, index: usize) {
        let Some(p) = self.presenting.as_mut() else {
            return;
        };
        let index = index.min(p.deck.steps.len().saturating_sub(1));
        if index == p.index {
            return;
        }
        if let Some(left) = p.deck.steps.get_mut(p.index) {
            left.live = self.doc.clone();
            left.history = std::mem::take(&mut self.history);
        }
        // What flipped is measured against the step before this one in the briefing, as the
        // package strip is, however the presenter got here.
        p.before = index
            .checked_sub(1)
            .map(|i| p.deck.steps[i].live.evaluate());
        p.before_live = false;
        p.next_evaluation = p.deck.steps.get(index + 1).map(|s| s.live.evaluate());
        p.index = index;
        p.go_to = None;
        p.blank = false;
        p.silent_open = false;
        p.replay = None;
        p.step_started = Instant::now();
        let step = &p.deck.steps[index];
        let parties = step.live.model.parties.len();
        p.revealed = vec![step.step.question.is_none(); parties];
        // A step on another model has other red lines: nothing to mark as flipped.
        if p.before.as_ref().is_some_and(|b| {
            b.red_lines.len() != step.live.model.red_lines.len()
                || b.red_lines
                    .iter()
                    .zip(&step.live.model.red_lines)
                    .any(|(v, rl)| v.red_line != rl.id)
        }) {
            p.before = None;
        }
        self.doc = step.live.clone();
        self.saved = Some(step.original.scenario.clone());
        self.view.tab = match step.step.show {
            crate::model::briefing::Show::Charts => Tab::Charts,
            crate::model::briefing::Show::Explore => Tab::Explore,
            crate::model::briefing::Show::Dilemmas => Tab::Dilemmas,
            _ => Tab::RedLines,
        };
        // Coming back to a step changed live, its changes can still be undone.
        self.history = std::mem::take(&mut p.deck.steps[index].history);
        self.view.scroll_to_top = true;
        self.reevaluate();
    }

    /// Puts back what was open. Presenting the open scenario alone, its live changes come back
    /// with it as an unsaved change that undo takes back.
    pub(super) fn stop_presenting(&mut self, ctx: &egui::Context) {
        let Some(p) = self.presenting.take() else {
            return;
        };
        let live = self.doc.scenario.clone();
        let Stash {
            doc,
            file,
            saved,
            history,
            tab,
            windows,
            was_fullscreen,
        } = p.stash;
        self.windows = windows;
        self.doc = doc;
        self.file = file;
        self.saved = saved;
        self.history = history;
        self.view.tab = tab;
        self.view.scroll_to_top = true;
        if p.deck.alone && live.choices != self.doc.scenario.choices {
            let mut scenario = self.doc.scenario.clone();
            scenario.choices = live.choices;
            self.history.apply(
                &mut self.doc.scenario,
                &mut self.briefing,
                Edit::Replace(Box::new(scenario)),
                false,
            );
        }
        theme::set_presenting(ctx, false);
        if !was_fullscreen && ctx.input(|i| i.viewport().fullscreen.unwrap_or(false)) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
        self.reevaluate();
    }

    /// Keys that act only while presenting, every press in the order pressed: a clicker's quick
    /// presses, or "G 3 Enter" typed fast, can all arrive in one frame.
    pub(super) fn handle_present_keys(&mut self, ctx: &egui::Context) {
        let Some(p) = self.presenting.as_ref() else {
            return;
        };
        if ctx.text_edit_focused() {
            return;
        }
        let mut going = p.go_to.is_some();
        let taken: Vec<egui::Event> = ctx.input_mut(|i| {
            let mut taken = Vec::new();
            i.events.retain(|e| {
                let ours = match e {
                    // Digits come as text; their key events go with them while a number is typed.
                    egui::Event::Text(t) => going && t.chars().all(|c| c.is_ascii_digit()),
                    egui::Event::Key {
                        key,
                        pressed: true,
                        repeat: false,
                        modifiers,
                        ..
                    } if modifiers.is_none() => {
                        let present = PRESENT_KEYS.iter().any(|(k, _, _)| k == key);
                        let typing = going
                            && (matches!(key, egui::Key::Enter | egui::Key::Backspace)
                                || key.symbol_or_name().chars().all(|c| c.is_ascii_digit()));
                        if *key == egui::Key::G {
                            going = true;
                        } else if matches!(key, egui::Key::Enter | egui::Key::Escape) {
                            going = false;
                        }
                        present || typing
                    }
                    _ => false,
                };
                if ours {
                    taken.push(e.clone());
                }
                !ours
            });
            taken
        });
        for event in taken {
            self.present_event(ctx, &event);
        }
    }

    fn present_event(&mut self, ctx: &egui::Context, event: &egui::Event) {
        let Some(p) = self.presenting.as_mut() else {
            return;
        };
        let total = p.deck.steps.len();
        if let Some(typed) = p.go_to.as_mut() {
            match event {
                egui::Event::Text(t) => {
                    typed.push_str(t);
                    return;
                }
                egui::Event::Key { key, .. } => match key {
                    egui::Key::Enter => {
                        // A step that is not there keeps the prompt open, saying so: a typo
                        // must not jump to the end of the talk.
                        if let Some(n) = typed
                            .parse::<usize>()
                            .ok()
                            .filter(|n| (1..=total).contains(n))
                        {
                            p.go_to = None;
                            self.go_to_step(n - 1);
                        }
                        return;
                    }
                    egui::Key::Escape => {
                        p.go_to = None;
                        return;
                    }
                    egui::Key::Backspace => {
                        typed.pop();
                        return;
                    }
                    k if k.symbol_or_name().chars().all(|c| c.is_ascii_digit()) => return,
                    // Any other key gives up the number and acts as itself.
                    _ => p.go_to = None,
                },
                _ => return,
            }
        }
        // Esc closes a window opened over the slide (F1's keys) before it stops presenting.
        if matches!(
            event,
            egui::Event::Key {
                key: egui::Key::Escape,
                ..
            }
        ) && !self.windows.is_empty()
        {
            self.close_top_window(ctx);
            return;
        }
        if let egui::Event::Key { key, .. } = event
            && let Some((_, _, command)) = PRESENT_KEYS.iter().find(|(k, _, _)| k == key)
        {
            self.present(ctx, command.clone());
        }
    }
}

impl App {
    pub(super) fn show_presenting(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        // Put aside while drawing, so the panels can borrow the rest of the app.
        let Some(mut p) = self.presenting.take() else {
            return;
        };
        self.draw_presenting(ui, &mut p, commands);
        self.presenting = Some(p);
    }

    fn draw_presenting(
        &mut self,
        ui: &mut egui::Ui,
        p: &mut Presenting,
        commands: &mut Vec<Command>,
    ) {
        let ctx = ui.ctx().clone();
        let dark = ui.visuals().dark_mode;
        if p.replay
            .is_some_and(|t| t.elapsed() < crate::ui::present::REPLAY_MARKED)
        {
            ctx.request_repaint();
        }
        // The speaker's window stays while the room's screen is blank.
        if p.speaker_view {
            let room = self
                .room
                .as_ref()
                .and_then(crate::ui::room::presenter::summary);
            speaker_view(
                &ctx,
                p,
                (&self.doc, &self.evaluation),
                room.as_deref(),
                commands,
            );
        }
        if p.blank {
            let rect = ui.max_rect();
            ui.painter().rect_filled(rect, 0.0, Color32::BLACK);
            // Said to assistive technology; the room sees black.
            ui.label(RichText::new("Screen blanked: B brings it back").color(Color32::BLACK));
            return;
        }
        let s = scale(ctx.content_rect().size());
        if p.positions {
            egui::Panel::left("present_positions")
                .resizable(true)
                .default_size(380.0)
                .max_size((ui.available_width() * 0.45).max(260.0))
                .show(ui, |ui| {
                    positions::show(
                        ui,
                        &self.doc,
                        // Badges would tell the room what the hidden cards say.
                        if p.hidden() {
                            &[]
                        } else {
                            self.what_if.badges()
                        },
                        self.what_if.is_pending(),
                        &mut self.view,
                        positions::Controls::default(),
                        commands,
                    );
                });
        }
        let changed = p.changed_positions(&self.doc);
        let show = p.step().step.show;
        // The red lines leave room beside them for the whole package; a chart, a comparison or
        // a search takes the width, and the package goes under it.
        let beside = p.hidden() || show == Show::RedLines;
        // A handout's picture is cropped under its content: the strip follows the content there.
        if !p.handout {
            egui::Panel::bottom("present_package")
                .show_separator_line(true)
                .show(ui, |ui| {
                    if !beside {
                        package_strip(ui, &self.doc, &changed, s, dark);
                    }
                    hints(ui, p, self.room.is_some(), commands);
                });
        }
        if let Some(room) = self
            .room
            .as_ref()
            .filter(|r| r.role == crate::ui::room::Role::Presenter)
        {
            egui::Panel::right("present_room")
                .resizable(false)
                .exact_size((260.0 * s).min(ui.available_width() * 0.3))
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        crate::ui::room::presenter::show(ui, room, s, p.handout, commands);
                    });
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            banner(ui, p, &self.doc, s, dark);
            ui.add_space(6.0 * s);
            cards(ui, p, &self.doc.model, &self.evaluation, s, dark);
            if p.before_live && p.before.is_some() && !p.hidden() {
                ui.label(
                    RichText::new(
                        "\"was\" marks what your last change flipped on this step (L replays it)",
                    )
                    .size(text_size::NOTE * s)
                    .weak(),
                );
            }
            ui.add_space(8.0 * s);
            // Too narrow for a column: the package follows the red lines, in their scroll.
            let column = beside && ui.available_width() >= 900.0;
            if column {
                egui::Panel::right("present_package_column")
                    .resizable(false)
                    // A line to the foot of a handout's picture would stop it being cropped.
                    .show_separator_line(!p.handout)
                    .exact_size((ui.available_width() * 0.36).round())
                    .frame(egui::Frame::NONE.inner_margin(egui::Margin {
                        left: (12.0 * s) as i8,
                        ..Default::default()
                    }))
                    .show(ui, |ui| package_column(ui, &self.doc, &changed, s, dark));
            }
            match show {
                _ if beside => {
                    let doc = &self.doc;
                    red_lines(
                        ui,
                        p,
                        &doc.model,
                        &self.evaluation,
                        s,
                        dark,
                        commands,
                        |ui| {
                            if !column {
                                ui.separator();
                                package_lines(ui, doc, &changed, s, dark);
                            }
                        },
                    );
                }
                Show::Compare => match p.comparison(&self.doc) {
                    Some(c) => compare::show(ui, &c, &self.doc.model, s, true),
                    None => {
                        ui.label(
                            RichText::new("The first step: nothing before it to compare with.")
                                .size(text_size::DETAIL * s),
                        );
                        red_lines(
                            ui,
                            p,
                            &self.doc.model,
                            &self.evaluation,
                            s,
                            dark,
                            commands,
                            |_| {},
                        );
                    }
                },
                _ => {
                    ui.scope(|ui| {
                        theme::as_slide(ui, s);
                        self.tab_content(ui, commands);
                    });
                }
            }
            if p.handout && !beside {
                ui.separator();
                package_strip(ui, &self.doc, &changed, s, dark);
            }
        });
        go_to_prompt(&ctx, p, s);
    }
}
