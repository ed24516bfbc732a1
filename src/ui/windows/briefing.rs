//! The briefing being built: its title and its steps in order, each with what it shows, a
//! question for the room and the speaker's notes. Every change is an [`Edit`], so undo covers
//! it with the scenario.

use egui::RichText;

use crate::model::briefing::{Briefing, Show, Step, StepScenario};
use crate::model::edit::{BriefingEdit, Edit};
use crate::model::{Document, Scenario};

use crate::ui::command::{Command, Present};

fn edit(commands: &mut Vec<Command>, edit: BriefingEdit, merge: bool) {
    commands.push(Command::Edit {
        edit: Edit::Briefing(edit),
        merge,
    });
}

/// A text field with a visible label that also names it for assistive technology.
fn labelled_text(ui: &mut egui::Ui, label: &str, text: &mut String, multiline: bool) -> bool {
    let name = ui.label(RichText::new(label).weak());
    let field = if multiline {
        egui::TextEdit::multiline(text)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
    } else {
        egui::TextEdit::singleline(text).desired_width(f32::INFINITY)
    };
    ui.add(field).labelled_by(name.id).changed()
}

pub fn show(
    ui: &mut egui::Ui,
    briefing: Option<&Briefing>,
    (doc, saved): (&Document, Option<&Scenario>),
    focus: &mut bool,
    commands: &mut Vec<Command>,
) {
    ui.set_min_width(520.0);
    let mut add = |ui: &mut egui::Ui, commands: &mut Vec<Command>| {
        // Its own id: the focus must stay on it as the steps above come and go, not pass to
        // whatever widget takes its place.
        let button = ui
            .push_id("add_step", |ui| ui.button("Add current scenario as step"))
            .inner
            .on_hover_text("The scenario as it is now, written into the briefing");
        // Just opened: the keyboard starts on the window's main action, not behind it.
        if std::mem::take(focus) {
            button.request_focus();
        }
        if button.clicked() {
            edit(
                commands,
                BriefingEdit::AddStep(Box::new(Step::inline_changed(doc, saved))),
                false,
            );
        }
    };
    let Some(briefing) = briefing else {
        ui.label(
            "No briefing yet. Add the scenario on screen as its first step, then change the \
             scenario and add the next. Or open one: File → Open briefing…, or the example.",
        );
        add(ui, commands);
        return;
    };
    let mut title = briefing.title.clone();
    if labelled_text(ui, "Briefing title", &mut title, false) {
        edit(commands, BriefingEdit::SetTitle(title), true);
    }
    let count = briefing.steps.len();
    egui::ScrollArea::vertical()
        .id_salt("briefing_steps")
        .max_height(ui.ctx().content_rect().height() * 0.6)
        .show(ui, |ui| {
            // A step just added is scrolled into view: the list may be longer than the window.
            let seen = egui::Id::unique("briefing_steps_seen");
            let before = ui.data(|d| d.get_temp::<usize>(seen)).unwrap_or(count);
            ui.data_mut(|d| d.insert_temp(seen, count));
            for (i, step) in briefing.steps.iter().enumerate() {
                let response = step_editor(ui, i, count, step, commands);
                if count > before && i + 1 == count {
                    response.scroll_to_me(Some(egui::Align::BOTTOM));
                }
            }
        });
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        add(ui, commands);
        if ui
            .add_enabled(count > 0, egui::Button::new("Present (F5)"))
            .clicked()
        {
            commands.push(Command::Present(Present::Start(None)));
        }
        if ui.button("Save briefing").clicked() {
            commands.push(Command::SaveBriefing);
        }
        if ui.button("Save briefing as…").clicked() {
            commands.push(Command::SaveBriefingAs);
        }
        if ui.button("Export brief…").clicked() {
            commands.push(Command::ExportBrief);
        }
        if ui
            .button("Close briefing")
            .on_hover_text("Stop building this briefing (undo brings it back)")
            .clicked()
        {
            edit(commands, BriefingEdit::Replace(None), false);
            commands.push(Command::Notify(
                "Closed the briefing. Undo (Ctrl+Z) brings it back.".to_owned(),
            ));
        }
    });
}

fn step_editor(
    ui: &mut egui::Ui,
    i: usize,
    count: usize,
    step: &Step,
    commands: &mut Vec<Command>,
) -> egui::Response {
    let n = i + 1;
    let set = |commands: &mut Vec<Command>, step: Step| {
        edit(commands, BriefingEdit::SetStep(i, Box::new(step)), true);
    };
    egui::Frame::group(ui.style())
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("Step {n}")).strong());
                let scenario = match &step.scenario {
                    StepScenario::File(path) => format!("from {path}"),
                    StepScenario::Inline { .. } => "written into the briefing".to_owned(),
                };
                ui.label(RichText::new(scenario).weak().small());
                let button = |ui: &mut egui::Ui, text: &str, name: String, enabled: bool| {
                    let response = ui.add_enabled(enabled, egui::Button::new(text).small());
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::accesskit::Role::Button, enabled, &name)
                    });
                    response.on_hover_text(name).clicked()
                };
                if button(ui, "↑", format!("Move step {n} up"), i > 0) {
                    edit(
                        commands,
                        BriefingEdit::MoveStep { from: i, to: i - 1 },
                        false,
                    );
                }
                if button(ui, "↓", format!("Move step {n} down"), i + 1 < count) {
                    edit(
                        commands,
                        BriefingEdit::MoveStep { from: i, to: i + 1 },
                        false,
                    );
                }
                if button(ui, "Remove", format!("Remove step {n}"), true) {
                    edit(commands, BriefingEdit::RemoveStep(i), false);
                }
                if button(
                    ui,
                    "Present from here",
                    format!("Present from step {n}"),
                    true,
                ) {
                    commands.push(Command::Present(Present::Start(Some(i))));
                }
            });
            let mut title = step.title.clone();
            if labelled_text(ui, &format!("Title of step {n}"), &mut title, false) {
                set(
                    commands,
                    Step {
                        title,
                        ..step.clone()
                    },
                );
            }
            ui.horizontal(|ui| {
                let name = ui.label(RichText::new(format!("Step {n} shows")).weak());
                let mut show = step.show;
                egui::ComboBox::from_id_salt(("step_show", i))
                    .selected_text(show.label())
                    .show_ui(ui, |ui| {
                        for option in [
                            Show::RedLines,
                            Show::Charts,
                            Show::Explore,
                            Show::Compare,
                            Show::Dilemmas,
                        ] {
                            ui.selectable_value(&mut show, option, option.label());
                        }
                    })
                    .response
                    .labelled_by(name.id);
                if show != step.show {
                    set(
                        commands,
                        Step {
                            show,
                            ..step.clone()
                        },
                    );
                }
            });
            let mut asks = step.question.is_some();
            if ui
                .checkbox(&mut asks, format!("Step {n} asks the room first"))
                .changed()
            {
                set(
                    commands,
                    Step {
                        question: asks
                            .then(|| "Which parties would reject this, and why?".to_owned()),
                        ..step.clone()
                    },
                );
            }
            if let Some(question) = &step.question {
                let mut question = question.clone();
                if labelled_text(ui, &format!("Question of step {n}"), &mut question, false) {
                    set(
                        commands,
                        Step {
                            question: Some(question),
                            ..step.clone()
                        },
                    );
                }
            }
            let mut pictures = step.pictures;
            if ui
                .checkbox(&mut pictures, format!("Step {n}: pictures in the handout"))
                .on_hover_text("The exported brief carries its cards, red lines and charts as PNGs")
                .changed()
            {
                set(
                    commands,
                    Step {
                        pictures,
                        ..step.clone()
                    },
                );
            }
            let mut notes = step.notes.clone();
            if labelled_text(ui, &format!("Speaker notes of step {n}"), &mut notes, true) {
                set(
                    commands,
                    Step {
                        notes,
                        ..step.clone()
                    },
                );
            }
        })
        .response
}
