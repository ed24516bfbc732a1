//! The model editor's positions and their options (choice or number, with the scale and the
//! stops of a number).

use super::*;

pub(super) fn positions(
    ui: &mut egui::Ui,
    model: &Model,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let open_here = opened_in(state, "model.positions");
    section(
        ui,
        format!("Positions ({})", model.positions.len()),
        "model_positions",
        open_here,
        |ui| {
            let n = model.positions.len();
            for (i, position) in model.positions.iter().enumerate() {
                let what = format!("position {}", i + 1);
                let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(format!("Position {}", i + 1)).strong());
                        match row_buttons(ui, &what, i, n) {
                            Some(RowAction::Remove) => {
                                let breaks = authoring::references_to_position(model, &position.id);
                                let mut next = model.clone();
                                next.positions.remove(i);
                                ask_removal(commands, state, &position.title, breaks, next);
                            }
                            Some(action) => change(commands, model, None, vec![], |m| {
                                moved(&mut m.positions, i, &action);
                            }),
                            None => {}
                        }
                    });
                    position_editor(ui, model, i, position, state, commands);
                });
                if open_here && opens(state, &format!("model.positions[{}]", position.id)) {
                    frame.response.scroll_to_me(Some(egui::Align::Center));
                }
            }
            if ui.button("Add position").clicked() {
                change(commands, model, None, vec![], |m| {
                    let position = authoring::new_position(m);
                    m.positions.push(position);
                });
            }
        },
    );
}

pub(super) fn position_editor(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    position: &Position,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let n = i + 1;
    let key = |field: &str| format!("position:{i}:{field}");
    let here = format!("model.positions[{}]", position.id);
    let focus = focus_field(
        state,
        &here,
        &["title", "id", "min", "max", "step", "unit", "default"],
    );
    let mut title = position.title.clone();
    if text(
        ui,
        &format!("Title of position {n}"),
        &mut title,
        false,
        focus == Some("title"),
    ) {
        change(commands, model, key("title"), vec![], |m| {
            m.positions[i].title = title
        });
    }
    let mut id = position.id.clone();
    if text(
        ui,
        &format!("Id of position {n}"),
        &mut id,
        false,
        focus == Some("id"),
    ) {
        let from = position.id.clone();
        let renamed = vec![Renamed::Position {
            from: from.clone(),
            to: id.clone(),
        }];
        change(commands, model, key("id"), renamed, |m| {
            authoring::rename_position(m, &from, &id);
        });
    }
    let mut description = position.description.clone();
    if text(
        ui,
        &format!("Description of position {n}"),
        &mut description,
        false,
        false,
    ) {
        change(commands, model, key("description"), vec![], |m| {
            m.positions[i].description = description;
        });
    }
    let is_number = matches!(position.kind, PositionKind::Number(_));
    ui.horizontal(|ui| {
        let name = ui.label(RichText::new(format!("Position {n} is")).weak());
        let mut number_kind = is_number;
        egui::ComboBox::from_id_salt(("position_kind", i))
            .selected_text(if is_number {
                "a number"
            } else {
                "a choice of options"
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut number_kind, false, "a choice of options");
                ui.selectable_value(&mut number_kind, true, "a number");
            })
            .response
            .labelled_by(name.id);
        if number_kind != is_number {
            change(commands, model, None, vec![], |m| {
                m.positions[i].kind = if number_kind {
                    PositionKind::Number(NumberSpec {
                        min: 0.0,
                        max: 100.0,
                        step: 1.0,
                        unit: String::new(),
                        default: Pick::Value(0.0),
                        no_limit: None,
                        not_addressed: None,
                    })
                } else {
                    authoring::new_position(m).kind
                };
            });
        }
    });
    match &position.kind {
        PositionKind::Choice {
            options, ordered, ..
        } => {
            let mut is_ordered = *ordered;
            if ui
                .checkbox(
                    &mut is_ordered,
                    format!("Options of position {n} are ordered"),
                )
                .on_hover_text("Listed least to most, so conditions may compare them")
                .changed()
            {
                change(commands, model, None, vec![], |m| {
                    if let PositionKind::Choice { ordered, .. } = &mut m.positions[i].kind {
                        *ordered = is_ordered;
                    }
                });
            }
            let count = options.len();
            for (o, option) in options.iter().enumerate() {
                option_editor(ui, model, (i, o, count), position, option, state, commands);
            }
            if ui.button(format!("Add option to position {n}")).clicked() {
                change(commands, model, None, vec![], |m| {
                    if let PositionKind::Choice { options, .. } = &mut m.positions[i].kind {
                        let option = authoring::new_option(options, "New option");
                        options.push(option);
                    }
                });
            }
        }
        PositionKind::Number(spec) => {
            let mut edited = spec.clone();
            let mut changed = false;
            ui.horizontal_wrapped(|ui| {
                changed |= number(
                    ui,
                    &format!("Minimum of position {n}"),
                    &mut edited.min,
                    focus == Some("min"),
                );
                changed |= number(
                    ui,
                    &format!("Maximum of position {n}"),
                    &mut edited.max,
                    focus == Some("max"),
                );
                changed |= number(
                    ui,
                    &format!("Step of position {n}"),
                    &mut edited.step,
                    focus == Some("step"),
                );
            });
            changed |= text(
                ui,
                &format!("Unit of position {n}"),
                &mut edited.unit,
                false,
                focus == Some("unit"),
            );
            let mut default = match spec.default {
                Pick::Value(v) => v,
                _ => spec.min,
            };
            if number(
                ui,
                &format!("Default of position {n}"),
                &mut default,
                focus == Some("default"),
            ) {
                edited.default = Pick::Value(default);
                changed = true;
            }
            let mut no_limit = spec.no_limit.is_some();
            if ui
                .checkbox(&mut no_limit, format!("Position {n} allows no limit"))
                .changed()
            {
                edited.no_limit = no_limit.then(|| "No limit".to_owned());
                changed = true;
            }
            if let Some(label) = &mut edited.no_limit {
                changed |= text(
                    ui,
                    &format!("No-limit label of position {n}"),
                    label,
                    false,
                    false,
                );
            }
            let mut silent = spec.not_addressed.is_some();
            if ui
                .checkbox(&mut silent, format!("Position {n} may be left unaddressed"))
                .changed()
            {
                edited.not_addressed = silent.then(|| "Not addressed".to_owned());
                changed = true;
            }
            if changed {
                change(commands, model, key("number"), vec![], |m| {
                    m.positions[i].kind = PositionKind::Number(edited);
                });
            }
        }
    }
}

pub(super) fn option_editor(
    ui: &mut egui::Ui,
    model: &Model,
    (i, o, count): (usize, usize, usize),
    position: &Position,
    option: &ChoiceOption,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let what = format!("option {} of position {}", o + 1, i + 1);
    let key = |field: &str| format!("option:{i}:{o}:{field}");
    let set = move |m: &mut Model, f: &dyn Fn(&mut ChoiceOption)| {
        if let PositionKind::Choice { options, .. } = &mut m.positions[i].kind {
            f(&mut options[o]);
        }
    };
    ui.indent(("option", i, o), |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Option {}", o + 1)).strong());
            match row_buttons(ui, &what, o, count) {
                Some(RowAction::Remove) => {
                    let breaks = authoring::references_to_option(model, &position.id, &option.id);
                    let mut next = model.clone();
                    if let PositionKind::Choice { options, .. } = &mut next.positions[i].kind {
                        options.remove(o);
                    }
                    ask_removal(commands, state, &option.label, breaks, next);
                }
                Some(action) => change(commands, model, None, vec![], |m| {
                    if let PositionKind::Choice { options, .. } = &mut m.positions[i].kind {
                        moved(options, o, &action);
                    }
                }),
                None => {}
            }
        });
        let here = format!("model.positions[{}].options[{}]", position.id, option.id);
        let focus = focus_field(state, &here, &["label", "description", "id"]);
        let mut label = option.label.clone();
        if text(
            ui,
            &format!("Label of {what}"),
            &mut label,
            false,
            focus == Some("label"),
        ) {
            change(commands, model, key("label"), vec![], |m| {
                set(m, &|x| x.label.clone_from(&label));
            });
        }
        let mut description = option.description.clone();
        if text(
            ui,
            &format!("Description of {what}"),
            &mut description,
            false,
            focus == Some("description"),
        ) {
            change(commands, model, key("description"), vec![], |m| {
                set(m, &|x| x.description.clone_from(&description));
            });
        }
        for (q, quote) in option.sources.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                if small_button(ui, "✖", &format!("Remove quote {} of {what}", q + 1), true) {
                    change(commands, model, None, vec![], |m| {
                        set(m, &|x| {
                            x.sources.remove(q);
                        });
                    });
                }
                ui.label(RichText::new(format!("“{}” ({})", quote.quote, quote.source)).italics());
            });
        }
        let target = QuoteFor::Option {
            position: position.id.clone(),
            option: option.id.clone(),
        };
        if state.picking_quote_for.as_ref() != Some(&target)
            && ui
                .add_enabled(
                    !model.sources.is_empty(),
                    egui::Button::new(format!("Pick a quote for {what}")),
                )
                .clicked()
        {
            state.picking_quote_for = Some(target);
        }
        let mut id = option.id.clone();
        if text(
            ui,
            &format!("Id of {what}"),
            &mut id,
            false,
            focus == Some("id"),
        ) {
            let renamed = vec![Renamed::Option {
                position: position.id.clone(),
                from: option.id.clone(),
                to: id.clone(),
            }];
            let (p, from) = (position.id.clone(), option.id.clone());
            change(commands, model, key("id"), renamed, |m| {
                authoring::rename_option(m, &p, &from, &id);
            });
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Backed by:").weak());
            for party in &model.parties {
                let mut backs = option.backed_by.contains(&party.id);
                // The short name on screen; the whole sentence for assistive technology.
                let name = format!("{} backs {what}", party.short);
                if named_checkbox(ui, &mut backs, &party.short, &name) {
                    let id = party.id.clone();
                    change(commands, model, None, vec![], |m| {
                        set(m, &|x| {
                            x.backed_by.retain(|b| *b != id);
                            if backs {
                                x.backed_by.push(id.clone());
                            }
                        });
                    });
                }
            }
        });
        // Its own row: what the option means, not who backs it.
        let mut silent = option.not_addressed;
        let name = format!("{what} stands for not addressed");
        let text = "Stands for “not addressed” (a package silent on this)";
        if named_checkbox(ui, &mut silent, text, &name) {
            change(commands, model, None, vec![], |m| {
                set(m, &|x| x.not_addressed = silent);
            });
        }
        let mut irreversible = option.irreversible;
        let name = format!("{what} cannot be undone");
        let text = "Cannot be undone: once picked, no party moves away from it (stability)";
        if named_checkbox(ui, &mut irreversible, text, &name) {
            change(commands, model, None, vec![], |m| {
                set(m, &|x| x.irreversible = irreversible);
            });
        }
    });
}
