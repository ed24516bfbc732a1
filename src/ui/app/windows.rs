//! The questions and windows over the main view, as the app keeps them: which are open, where
//! the model editor was left, and what each is given to draw.

use crate::ui::app::App;
use crate::ui::command::{Command, Window};
use crate::ui::present::BriefingOrigin;
use crate::ui::windows::{help, modals};

/// Draws the question waiting for an answer, if any, then the open windows.
pub fn show(ctx: &egui::Context, app: &mut App, commands: &mut Vec<Command>) {
    if let Some(mut modal) = app.modal.take() {
        let facts = modals::Facts {
            title: &app.doc.scenario.title,
            path: app.path(),
            dirty: app.is_dirty(),
            briefing_file: match &app.briefing_origin {
                Some(BriefingOrigin::File(path)) => Some(path),
                _ => None,
            },
            can_open_windows: app.config.can_open_windows,
            presenting: app.is_presenting(),
        };
        modals::show(ctx, &mut modal, &facts, commands);
        app.modal = Some(modal);
    }
    windows(ctx, app, commands);
}

fn windows(ctx: &egui::Context, app: &mut App, commands: &mut Vec<Command>) {
    // Between the menu and the problems panel: a window never hides what either says.
    let room = (app.below_menu, app.above_problems);
    let mut still_open = Vec::new();
    for window in std::mem::take(&mut app.windows) {
        let mut open = true;
        match &window {
            Window::Shortcuts => {
                // Taller than a small or zoomed window: it scrolls, and its title stays on screen.
                let height = ctx.content_rect().height() * 0.8;
                let presenting = app.presenting.is_some();
                help_window(ctx, room, "Keyboard shortcuts")
                    .id(window_id(&window))
                    .open(&mut open)
                    .resizable(false)
                    .show(ctx, |ui| {
                        egui::ScrollArea::vertical()
                            .max_height(height)
                            .show(ui, |ui| help::shortcuts(ui, presenting));
                    });
            }
            Window::Briefing => {
                // On the left, over the positions, so the model editor on the right and the
                // verdicts in the middle stay in sight.
                help_window(ctx, room, "Briefing")
                    .id(window_id(&window))
                    .open(&mut open)
                    .pivot(egui::Align2::LEFT_TOP)
                    .default_pos(egui::pos2(12.0, app.below_menu + 12.0))
                    .default_width(620.0)
                    .show(ctx, |ui| {
                        if let Some(BriefingOrigin::File(path)) = &app.briefing_origin
                            && app.briefing.is_some()
                        {
                            ui.label(
                                egui::RichText::new(format!("From {}", path.display())).weak(),
                            );
                        }
                        crate::ui::windows::briefing::show(
                            ui,
                            app.briefing.as_ref(),
                            (&app.doc, app.saved.as_ref()),
                            &mut app.focus_briefing,
                            commands,
                        );
                    });
            }
            Window::Compare => {
                help_window(ctx, room, "Compare")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(1200.0_f32.min(ctx.content_rect().width() * 0.9))
                    .default_height(ctx.content_rect().height() * 0.8)
                    .show(ctx, |ui| app.compare_window(ui));
            }
            Window::OpenRoom => {
                if app.room_server.is_empty() {
                    app.room_server = app.suggested_room_server();
                }
                let mut entered = false;
                help_window(ctx, room, "Open a live room")
                    .id(window_id(&window))
                    .open(&mut open)
                    .resizable(false)
                    .show(ctx, |ui| {
                        ui.label(
                            "The audience follows the steps on their own screens and predicts \
                             on question steps. Start the server with `redlines serve`.",
                        );
                        ui.horizontal(|ui| {
                            let label = ui.label("Room server");
                            let field = ui
                                .add(
                                    egui::TextEdit::singleline(&mut app.room_server)
                                        .desired_width(280.0),
                                )
                                .labelled_by(label.id);
                            // Asked from the keyboard (O while presenting): type, then Enter.
                            if ui.memory(|m| m.focused().is_none()) {
                                field.request_focus();
                            }
                            // Enter in the field (it may keep or lose the focus as it ends).
                            entered = (field.has_focus() || field.lost_focus())
                                && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        });
                        if ui.button("Open the room").clicked() || entered {
                            commands.push(Command::Room(crate::ui::command::RoomCommand::Open {
                                server: app.room_server.clone(),
                            }));
                        }
                    });
            }
            Window::OpenNegotiation => {
                if app.negotiation_form.server.is_empty() {
                    app.negotiation_form.server = app.suggested_room_server();
                }
                help_window(ctx, room, "Open a negotiation room")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(560.0)
                    .show(ctx, |ui| {
                        crate::ui::room::negotiation::open_form(
                            ui,
                            &app.doc,
                            &mut app.negotiation_form,
                            commands,
                        );
                    });
            }
            Window::Model => {
                // On the right, over the red lines rather than the positions and cards, so the
                // verdicts stay in sight while the model changes.
                // Where it was left last time, if that is still on the screen.
                let screen = ctx.content_rect();
                let mut editor = help_window(ctx, room, "Model editor")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(720.0);
                // Whole on the screen: a window left partly off it (a smaller display now)
                // comes back to its usual place, the screen's height below the menu.
                let fits = |x: f32, y: f32, w: f32, h: f32| {
                    screen.contains_rect(egui::Rect::from_min_size(
                        egui::pos2(x, y),
                        egui::vec2(w, h),
                    ))
                };
                editor = match app.settings.model_editor {
                    Some([x, y, w, h]) if fits(x, y, w, h) => editor
                        .pivot(egui::Align2::LEFT_TOP)
                        .default_pos(egui::pos2(x, y))
                        .default_size(egui::vec2(w, h)),
                    _ => editor
                        .pivot(egui::Align2::RIGHT_TOP)
                        .default_pos(egui::pos2(screen.right() - 12.0, app.below_menu + 12.0))
                        .default_size(egui::vec2(
                            720.0_f32.min(screen.width() * 0.5),
                            screen.bottom().min(app.above_problems) - app.below_menu - 24.0,
                        )),
                };
                let shown = editor.show(ctx, |ui| {
                    crate::ui::windows::model_editor::show(ui, &app.doc, &mut app.editor, commands);
                });
                if let Some(shown) = shown {
                    let rect = shown.response.rect;
                    app.settings.model_editor =
                        Some([rect.left(), rect.top(), rect.width(), rect.height()]);
                }
            }
            Window::AboutData => {
                help_window(ctx, room, "About the data")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(560.0)
                    .show(ctx, |ui| help::about_data(ui, &app.doc.model));
            }
            Window::ScenarioDetails => {
                help_window(ctx, room, "Scenario details")
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(560.0)
                    .show(ctx, |ui| {
                        help::scenario_details(ui, &app.doc, commands);
                    });
            }
            Window::SourceContext { red_line } => {
                let title = app
                    .doc
                    .model
                    .red_line(red_line)
                    .map_or_else(String::new, |r| r.title.clone());
                help_window(ctx, room, format!("In the source: {title}"))
                    .id(window_id(&window))
                    .open(&mut open)
                    .default_width(640.0)
                    .show(ctx, |ui| help::source_context(ui, &app.doc.model, red_line));
            }
        }
        if open {
            still_open.push(window);
        }
    }
    // Keep windows opened while drawing (none today), then the ones still open.
    still_open.append(&mut app.windows);
    app.windows = still_open;
}

/// The id each window is drawn with: Esc finds the one on top by it.
pub fn window_id(window: &Window) -> egui::Id {
    match window {
        Window::SourceContext { red_line } => egui::Id::unique(("source_context", red_line)),
        other => egui::Id::unique(("window", format!("{other:?}"))),
    }
}

/// Non-modal windows open in the middle of the window, where the eye already is.
fn help_window(
    ctx: &egui::Context,
    (below, above): (f32, f32),
    title: impl Into<egui::WidgetText>,
) -> egui::Window<'static> {
    let mut area = ctx.content_rect();
    area.min.y = area.min.y.max(below);
    area.max.y = area.max.y.min(above).max(area.min.y + 100.0);
    egui::Window::new(title)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(area.center())
        // Never over the menu bar: it stays in reach of the mouse and of F10.
        .constrain_to(area)
        .collapsible(false)
}
