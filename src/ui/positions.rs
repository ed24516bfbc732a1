//! The positions panel: one group per position, radio buttons for choices, a slider for numbers.

use egui::RichText;

use crate::model::edit::Edit;
use crate::model::types::{ChoiceOption, NumberSpec};
use crate::model::{Document, Pick, Position, PositionKind};

use super::app::ViewState;
use super::command::Command;
use super::theme;

pub fn show(ui: &mut egui::Ui, doc: &Document, view: &mut ViewState, commands: &mut Vec<Command>) {
    ui.add_space(4.0);
    ui.heading("Positions on the table");
    ui.label(RichText::new(&doc.model.title).weak());
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for position in &doc.model.positions {
                egui::Frame::group(ui.style())
                    .inner_margin(8.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(RichText::new(&position.title).strong().size(17.0));
                        if !position.description.is_empty() {
                            ui.label(RichText::new(&position.description).weak().small());
                        }
                        match &position.kind {
                            PositionKind::Choice { options, .. } => {
                                choice(ui, doc, position, options, commands)
                            }
                            PositionKind::Number(spec) => {
                                number(ui, doc, position, spec, view, commands)
                            }
                        }
                    });
                ui.add_space(4.0);
            }
        });
}

fn set(position: &Position, pick: Pick, merge: bool) -> Command {
    Command::Edit {
        edit: Edit::SetPick {
            position: position.id.clone(),
            pick,
        },
        merge,
    }
}

fn choice(
    ui: &mut egui::Ui,
    doc: &Document,
    position: &Position,
    options: &[ChoiceOption],
    commands: &mut Vec<Command>,
) {
    let current = doc.pick(&position.id);
    for option in options {
        let selected = matches!(current, Some(Pick::Option(id)) if *id == option.id);
        ui.horizontal_wrapped(|ui| {
            let response = ui.radio(selected, &option.label);
            let response = response.on_hover_ui(|ui| option_tooltip(ui, doc, option));
            if response.clicked() && !selected {
                commands.push(set(position, Pick::Option(option.id.clone()), false));
            }
            for party_id in &option.backed_by {
                if let Some(index) = doc.model.parties.iter().position(|p| p.id == *party_id) {
                    theme::party_chip(ui, &doc.model.parties[index], index);
                }
            }
        });
    }
}

fn option_tooltip(ui: &mut egui::Ui, doc: &Document, option: &ChoiceOption) {
    ui.set_max_width(420.0);
    if !option.description.is_empty() {
        ui.label(&option.description);
    }
    let backers: Vec<&str> = option
        .backed_by
        .iter()
        .filter_map(|id| doc.model.party(id))
        .map(|p| p.name.as_str())
        .collect();
    if !backers.is_empty() {
        ui.label(format!("Proposed or backed by: {}", backers.join(", ")));
    }
    for source in &option.sources {
        ui.label(RichText::new(format!("“{}”", source.quote)).italics());
        if let Some(s) = doc.model.source(&source.source) {
            ui.label(
                RichText::new(format!("{}, {}", s.title, s.date))
                    .weak()
                    .small(),
            );
        }
    }
}

fn number(
    ui: &mut egui::Ui,
    doc: &Document,
    position: &Position,
    spec: &NumberSpec,
    view: &mut ViewState,
    commands: &mut Vec<Command>,
) {
    let current = doc
        .pick(&position.id)
        .cloned()
        .unwrap_or_else(|| position.default_pick());
    let remembered = view.last_values.get(&position.id).copied();
    let mut value = match current {
        Pick::Value(v) => v,
        _ => remembered.unwrap_or(spec.max),
    };
    if let Some(no_limit_label) = &spec.no_limit {
        let mut unlimited = current == Pick::NoLimit;
        if ui.checkbox(&mut unlimited, no_limit_label).changed() {
            let pick = if unlimited {
                Pick::NoLimit
            } else {
                Pick::Value(value)
            };
            commands.push(set(position, pick, false));
        }
    }
    ui.horizontal(|ui| {
        let enabled = current != Pick::NoLimit;
        let label = ui.label(&position.title);
        let slider = egui::Slider::new(&mut value, spec.min..=spec.max)
            .step_by(spec.step)
            .suffix(if spec.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", spec.unit)
            })
            .custom_formatter(|v, _| crate::model::types::format_number(v));
        let response = ui.add_enabled(enabled, slider).labelled_by(label.id);
        if response.changed() {
            commands.push(set(position, Pick::Value(value), response.dragged()));
        }
        if response.drag_stopped() {
            commands.push(Command::EndStep);
        }
    });
    let now = position.describe_pick(&current);
    ui.label(RichText::new(format!("Now: {now}")).small());
}
