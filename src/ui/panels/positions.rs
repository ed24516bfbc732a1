//! The positions panel: one group per position, radio buttons for choices, a slider for numbers.

use egui::RichText;

use crate::model::deal_space::WhatIf;
use crate::model::edit::Edit;
use crate::model::types::{ChoiceOption, NumberSpec};
use crate::model::{Document, Pick, Position, PositionKind};

use crate::ui::command::Command;
use crate::ui::state::ViewState;
use crate::ui::widgets::lazy::LazyList;
use crate::ui::widgets::theme;
use crate::ui::widgets::theme::text_size;

/// What the panel offers beside the picks.
#[derive(Clone, Copy, Debug)]
pub struct Controls {
    /// A pin per position, holding it for the Explore search.
    pub pins: bool,
}

impl Default for Controls {
    fn default() -> Self {
        Controls { pins: true }
    }
}

pub fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    what_if: &[WhatIf],
    what_if_pending: bool,
    view: &mut ViewState,
    controls: Controls,
    commands: &mut Vec<Command>,
) {
    ui.add_space(4.0);
    ui.heading("Positions on the table");
    ui.label(RichText::new(&doc.model.title).weak());
    if what_if_pending {
        // No spinner: it would redraw every frame while the badges are worked out.
        ui.label(RichText::new("Working out what each other pick would change…").weak());
    } else {
        // The example names this model's first party, as its badges do.
        let example = doc
            .model
            .parties
            .first()
            .map_or_else(|| "+1".to_owned(), |party| format!("+1 {}", party.short));
        ui.label(
            RichText::new(format!(
                "Badges: what picking an option would change. “{example}” is one more of that \
                 party's red lines broken, “−1” one fewer, “?+1” one more uncertain. Hover \
                 a badge for the red lines."
            ))
            .small()
            .weak(),
        );
    }
    ui.add_space(4.0);
    // Long labels wrap rather than run under the panel's edge when zoomed in.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    view.scroll_area("positions_panel").show(ui, |ui| {
        // Content never widens the panel (which app.rs caps at half the window); rows wrap
        // inside it instead.
        let width = ui
            .available_width()
            .min(ui.ctx().content_rect().width() * 0.5 - 24.0);
        ui.set_max_width(width);
        let mut list = LazyList::new(
            ui,
            egui::Id::unique("positions_list"),
            doc.model.positions.len(),
            120.0,
        );
        // Badges come in model order, position by position.
        let mut rest = what_if;
        for position in &doc.model.positions {
            let mine = rest
                .iter()
                .take_while(|w| w.position == position.id)
                .count();
            let (what_if, tail) = rest.split_at(mine);
            rest = tail;
            list.item(ui, |ui| {
                egui::Frame::group(ui.style())
                    .inner_margin(8.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        // The title wraps short of the pin, never under it.
                        let title = ui.horizontal_top(|ui| {
                            let room = (ui.available_width() - 32.0).max(60.0);
                            let title = ui
                                .allocate_ui(egui::vec2(room, 0.0), |ui| {
                                    ui.add(
                                        egui::Label::new(
                                            RichText::new(&position.title)
                                                .strong()
                                                .size(text_size::SUBHEADING),
                                        )
                                        .wrap(),
                                    )
                                })
                                .inner;
                            if controls.pins {
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Min),
                                    |ui| pin(ui, position, &mut view.explore.locks),
                                );
                            }
                            title.id
                        });
                        if !position.description.is_empty() {
                            ui.label(RichText::new(&position.description).weak().small());
                        }
                        match &position.kind {
                            PositionKind::Choice { options, .. } => {
                                choice(ui, doc, position, options, what_if, commands)
                            }
                            PositionKind::Number(spec) => {
                                number(ui, doc, position, spec, title.inner, view, commands);
                                number_ranges(ui, doc, position, what_if, commands);
                            }
                        }
                    });
                ui.add_space(4.0);
            });
        }
        list.finish(ui);
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

/// The pin that holds a position fixed in the Explore search.
fn pin(ui: &mut egui::Ui, position: &Position, locks: &mut std::collections::BTreeSet<String>) {
    let locked = locks.contains(&position.id);
    let response = ui.selectable_label(locked, "📌").on_hover_text(if locked {
        "Pinned: the Explore search keeps this choice"
    } else {
        "Pin this choice for the Explore search"
    });
    let name = format!("Pin {}", position.title);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::accesskit::Role::Button, true, locked, &name)
    });
    if response.clicked() {
        if locked {
            locks.remove(&position.id);
        } else {
            locks.insert(position.id.clone());
        }
    }
}

/// "+1 RU" and "−1 UA" badges: what picking this value would change, per party.
fn badges(ui: &mut egui::Ui, doc: &Document, w: &WhatIf) {
    if w.is_noop() {
        return;
    }
    let signed = |n: i64| {
        if n > 0 {
            format!("+{n}")
        } else {
            format!("−{}", -n)
        }
    };
    // Laid out from the right (beside an option), the last party goes first, so they read in
    // the model's order.
    let mut parties: Vec<(usize, &crate::model::Party)> =
        doc.model.parties.iter().enumerate().collect();
    if ui.layout().main_dir() == egui::Direction::RightToLeft {
        parties.reverse();
    }
    for (index, party) in parties {
        let broken = w.newly_broken[index].len() as i64 - w.newly_cleared[index].len() as i64;
        let unsure =
            w.newly_uncertain[index].len() as i64 - w.no_longer_uncertain[index].len() as i64;
        let mut parts = Vec::new();
        if broken != 0 {
            parts.push(format!("{} {}", signed(broken), party.short));
        }
        if unsure != 0 {
            parts.push(format!("?{} {}", signed(unsure), party.short));
        }
        if parts.is_empty() {
            continue;
        }
        let frame = egui::Frame::new()
            .stroke(egui::Stroke::new(1.5, theme::party_colour(party, index)))
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(4, 0));
        theme::tag(ui, RichText::new(parts.join(" ")).small(), frame)
            .on_hover_ui(|ui| what_if_words(ui, doc, w));
    }
}

/// The red lines a pick would move, each as "Party: title — from holds to breaks".
fn what_if_words(ui: &mut egui::Ui, doc: &Document, w: &WhatIf) {
    ui.set_max_width(460.0);
    ui.label(RichText::new(format!("Picking “{}” would change:", w.label)).strong());
    for (index, party) in doc.model.parties.iter().enumerate() {
        let mut moved: Vec<usize> = [
            &w.newly_broken[index],
            &w.newly_cleared[index],
            &w.newly_uncertain[index],
            &w.no_longer_uncertain[index],
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        moved.sort_unstable();
        moved.dedup();
        for line in moved {
            let was_uncertain = w.no_longer_uncertain[index].contains(&line);
            let (from, to) = if w.newly_broken[index].contains(&line) {
                (if was_uncertain { "uncertain" } else { "holds" }, "breaks")
            } else if w.newly_cleared[index].contains(&line) {
                let to = if w.newly_uncertain[index].contains(&line) {
                    "uncertain"
                } else {
                    "holds"
                };
                ("breaks", to)
            } else if w.newly_uncertain[index].contains(&line) {
                ("holds", "uncertain")
            } else {
                ("uncertain", "holds")
            };
            ui.label(format!(
                "• {}: {} — from {from} to {to}",
                party.name, doc.model.red_lines[line].title
            ));
        }
    }
}

fn choice(
    ui: &mut egui::Ui,
    doc: &Document,
    position: &Position,
    options: &[ChoiceOption],
    what_if: &[WhatIf],
    commands: &mut Vec<Command>,
) {
    let current = doc.pick(&position.id);
    for (index, option) in options.iter().enumerate() {
        let selected = matches!(current, Some(Pick::Option(id)) if *id == option.id);
        // A row keeps the tallest height it has had at this width, so badges that come and go
        // never make the rows below jump while the presenter aims.
        let tallest_id = egui::Id::unique(("option_row", &position.id, &option.id))
            .with(ui.available_width().round() as i32);
        let tallest: f32 = ui.data(|d| d.get_temp(tallest_id)).unwrap_or(0.0);
        // The badges at the right, level with the option's first line; the option wraps in
        // what is left, so a long option never pushes its badges onto a line of their own.
        // Sized as `horizontal` sizes a row: as tall as it needs, not the height left.
        let row_size = egui::vec2(ui.available_width(), 0.0);
        let from_the_right = egui::Layout::right_to_left(egui::Align::TOP);
        let row = ui.allocate_ui_with_layout(row_size, from_the_right, |ui| {
            if let Some(w) = what_if
                .iter()
                .find(|w| w.position == position.id && w.value == index)
            {
                badges(ui, doc, w);
            }
            let wrapping = egui::Layout::left_to_right(egui::Align::TOP).with_main_wrap(true);
            // An id of its own: drawn after badges that come and go, the option would otherwise
            // change id with them, and lose the keyboard focus.
            let inside = egui::UiBuilder::new()
                .scope_id(egui::Id::unique(("option", &position.id, index)))
                .layout(wrapping);
            ui.scope_builder(inside, |ui| {
                let response = ui.radio(selected, &option.label);
                let response = response.on_hover_ui(|ui| option_tooltip(ui, doc, option));
                if response.clicked() && !selected {
                    commands.push(set(position, Pick::Option(option.id.clone()), false));
                }
                for party_id in &option.backed_by {
                    if let Some(index) = doc.model.parties.iter().position(|p| p.id == *party_id) {
                        theme::party_chip(ui, &doc.model.parties[index], index).on_hover_text(
                            format!("Proposed or backed by {}", doc.model.parties[index].name),
                        );
                    }
                }
            });
        });
        // The picked option has no badges (picking it again changes nothing): it is as tall as
        // its label, with no empty line kept under it.
        let height = row.response.rect.height();
        if selected {
            ui.data_mut(|d| d.insert_temp(tallest_id, height));
        } else if height > tallest {
            ui.data_mut(|d| d.insert_temp(tallest_id, height));
        } else if tallest - height > 0.5 {
            ui.add_space(tallest - height);
        }
    }
}

/// The other pieces of a number's range that change a verdict, each with its badges.
fn number_ranges(
    ui: &mut egui::Ui,
    doc: &Document,
    position: &Position,
    what_if: &[WhatIf],
    commands: &mut Vec<Command>,
) {
    let others: Vec<&WhatIf> = what_if
        .iter()
        .filter(|w| w.position == position.id && !w.is_noop())
        .collect();
    if others.is_empty() {
        return;
    }
    ui.label(RichText::new("Elsewhere in the range:").small().weak());
    for w in others {
        ui.horizontal_wrapped(|ui| {
            let button = egui::Button::new(RichText::new(&w.label).small());
            let response = ui.add(button).on_hover_ui(|ui| what_if_words(ui, doc, w));
            let name = format!("Set {} to {}", position.title, w.label);
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &name)
            });
            if response.clicked() {
                commands.push(set(position, w.pick.clone(), false));
            }
            badges(ui, doc, w);
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
        theme::block_quote(ui, RichText::new(&source.quote).italics());
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
    title: egui::Id,
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
    // "No cap" and "not addressed" are switches over the slider: on, they replace its value;
    // off, the last value comes back.
    let switches = [
        (&spec.no_limit, Pick::NoLimit, None),
        (
            &spec.not_addressed,
            Pick::NotAddressed,
            Some("The package says nothing on this; red lines that depend on it are uncertain"),
        ),
    ];
    for (label, pick, hint) in switches {
        let Some(label) = label else { continue };
        let mut on = current == pick;
        let mut response = ui.checkbox(&mut on, label);
        if let Some(hint) = hint {
            response = response.on_hover_text(hint);
        }
        if response.changed() {
            let pick = if on { pick } else { Pick::Value(value) };
            commands.push(set(position, pick, false));
        }
    }
    ui.horizontal(|ui| {
        let enabled = matches!(current, Pick::Value(_));
        // The slider shares the row with its value box; it shrinks rather than widen the panel.
        // A row wider than the panel would widen it frame after frame, moving what the user
        // aims at, so the box is measured at its widest text.
        let widest = format!(
            "{} {}",
            crate::model::types::format_number(spec.max.abs().max(spec.min.abs())),
            spec.unit
        );
        let box_width = ui.fonts_mut(|f| {
            f.layout_no_wrap(
                widest,
                egui::TextStyle::Body.resolve(ui.style()),
                egui::Color32::WHITE,
            )
            .size()
            .x
        }) + 2.0 * ui.spacing().button_padding.x
            + 2.0 * ui.spacing().item_spacing.x;
        ui.spacing_mut().slider_width = (ui.available_width() - box_width).clamp(80.0, 320.0);
        let slider = egui::Slider::new(&mut value, spec.min..=spec.max)
            .step_by(spec.step)
            .suffix(if spec.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", spec.unit)
            })
            // The slider's own arithmetic is in floats (3 × 0.3 is 0.8999999999999999): its box
            // shows the stop the model makes of it, as the pick will be.
            .custom_formatter(|v, _| crate::model::types::format_number(spec.snap(v)));
        let response = ui.add_enabled(enabled, slider).labelled_by(title);
        if response.changed() {
            // The slider rounds from its start and may overshoot the top; the model's grid
            // (`NumberSpec::snap`) is what files and the search agree on.
            commands.push(set(
                position,
                Pick::Value(spec.snap(value)),
                response.dragged(),
            ));
        }
        if response.drag_stopped() {
            commands.push(Command::EndStep);
        }
    });
    let now = position.describe_pick(&current);
    ui.label(RichText::new(format!("Now: {now}")).small());
}
