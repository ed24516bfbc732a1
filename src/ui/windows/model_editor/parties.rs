//! The model editor's parties: names, roles and colours, added, moved and removed.

use super::*;

pub(super) fn parties(
    ui: &mut egui::Ui,
    model: &Model,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let open_here = opened_in(state, "model.parties");
    section(
        ui,
        format!("Parties ({})", model.parties.len()),
        "model_parties",
        open_here,
        |ui| {
            let n = model.parties.len();
            for (i, party) in model.parties.iter().enumerate() {
                let what = format!("party {}", i + 1);
                let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(format!("Party {}", i + 1)).strong());
                        match row_buttons(ui, &what, i, n) {
                            Some(RowAction::Remove) => {
                                let breaks = authoring::references_to_party(model, &party.id);
                                let mut next = model.clone();
                                next.parties.remove(i);
                                ask_removal(commands, state, &party.name, breaks, next);
                            }
                            Some(action) => change(commands, model, None, vec![], |m| {
                                moved(&mut m.parties, i, &action);
                            }),
                            None => {}
                        }
                    });
                    let key = |field: &str| format!("party:{i}:{field}");
                    let here = format!("model.parties[{}]", party.id);
                    let focus = focus_field(state, &here, &["name", "short", "id"]);
                    let mut name = party.name.clone();
                    if text(
                        ui,
                        &format!("Name of party {}", i + 1),
                        &mut name,
                        false,
                        focus == Some("name"),
                    ) {
                        change(commands, model, key("name"), vec![], |m| {
                            m.parties[i].name = name
                        });
                    }
                    let mut short = party.short.clone();
                    if text(
                        ui,
                        &format!("Short name of party {}", i + 1),
                        &mut short,
                        false,
                        focus == Some("short"),
                    ) {
                        change(commands, model, key("short"), vec![], |m| {
                            m.parties[i].short = short;
                        });
                    }
                    let mut id = party.id.clone();
                    if text(
                        ui,
                        &format!("Id of party {}", i + 1),
                        &mut id,
                        false,
                        focus == Some("id"),
                    ) {
                        let from = party.id.clone();
                        change(commands, model, key("id"), vec![], |m| {
                            authoring::rename_party(m, &from, &id);
                        });
                    }
                    ui.horizontal(|ui| {
                        // The colour the cards use, whether chosen or given by default.
                        let shown = crate::ui::widgets::theme::party_colour(party, i);
                        let mut rgb = party.rgb().unwrap_or([shown.r(), shown.g(), shown.b()]);
                        ui.label(RichText::new("Colour").weak());
                        let named = format!("Colour of party {}", i + 1);
                        let button = ui.color_edit_button_srgb(&mut rgb);
                        button.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &named)
                        });
                        if button.changed() {
                            let hex = format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
                            change(commands, model, key("colour"), vec![], |m| {
                                m.parties[i].colour = Some(hex);
                            });
                        }
                        let mut observer = party.role == Role::Observer;
                        if ui
                            .checkbox(&mut observer, format!("Party {} is an observer", i + 1))
                            .on_hover_text(
                                "Outside the table: its red lines are shown, but Explore does not \
                                 require it to accept unless ticked",
                            )
                            .changed()
                        {
                            change(commands, model, None, vec![], |m| {
                                m.parties[i].role = if observer {
                                    Role::Observer
                                } else {
                                    Role::AtTheTable
                                };
                            });
                        }
                    });
                    stability_setup(ui, model, i, party, commands);
                });
                if open_here && opens(state, &format!("model.parties[{}]", party.id)) {
                    frame.response.scroll_to_me(Some(egui::Align::Center));
                }
            }
            if ui.button("Add party").clicked() {
                change(commands, model, None, vec![], |m| {
                    let party = authoring::new_party(m);
                    m.parties.push(party);
                });
            }
        },
    );
}

/// What the stability analysis needs of a party: the positions it can change on its own, and
/// what it wants, as preferences most important first; whether its red lines rank packages.
fn stability_setup(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    party: &crate::model::Party,
    commands: &mut Vec<Command>,
) {
    let n = i + 1;
    egui::CollapsingHeader::new(format!("For the stability analysis: party {n}"))
        .id_salt(("party_stability", i))
        .default_open(!party.controls.is_empty() || !party.preferences.is_empty())
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Can change on its own:").weak());
                for position in &model.positions {
                    let mut controls = party.controls.contains(&position.id);
                    let name = format!("Party {n} controls {}", position.title);
                    let response = ui
                        .checkbox(&mut controls, &position.title)
                        .on_hover_text(&name);
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::accesskit::Role::CheckBox,
                            true,
                            controls,
                            &name,
                        )
                    });
                    if response.changed() {
                        let id = position.id.clone();
                        change(commands, model, None, vec![], |m| {
                            let list = &mut m.parties[i].controls;
                            list.retain(|c| *c != id);
                            if controls {
                                list.push(id.clone());
                            }
                        });
                    }
                }
            });
            let mut hard = party.hard_red_lines;
            if ui
                .checkbox(
                    &mut hard,
                    format!("Party {n} ranks any package breaking its red lines below the rest"),
                )
                .changed()
            {
                change(commands, model, None, vec![], |m| {
                    m.parties[i].hard_red_lines = hard;
                });
            }
            if !party.ranking.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "This party ranks packages in {} tiers, written in the file; its \
                         preferences below are not used while it has them.",
                        party.ranking.len()
                    ))
                    .weak(),
                );
            }
            ui.label(RichText::new("Wants, most important first:").weak());
            let count = party.preferences.len();
            for (k, preference) in party.preferences.iter().enumerate() {
                let label = format!("Preference {} of party {n}", k + 1);
                ui.horizontal(|ui| {
                    match row_buttons(ui, &label, k, count) {
                        Some(RowAction::Remove) => change(commands, model, None, vec![], |m| {
                            m.parties[i].preferences.remove(k);
                        }),
                        Some(action) => change(commands, model, None, vec![], |m| {
                            moved(&mut m.parties[i].preferences, k, &action);
                        }),
                        None => {}
                    }
                    ui.vertical(|ui| {
                        ui.label(wording::condition_sentence(model, preference));
                        if let Some(c) = condition_editor(ui, model, preference, &label) {
                            change(
                                commands,
                                model,
                                format!("preference:{i}:{k}"),
                                vec![],
                                |m| {
                                    m.parties[i].preferences[k] = c;
                                },
                            );
                        }
                    });
                });
            }
            let add = ui.button(format!("Add a preference to party {n}"));
            if add.clicked()
                && let Some(atom) = authoring::first_atom(model)
            {
                change(commands, model, None, vec![], |m| {
                    m.parties[i].preferences.push(atom);
                });
            }
        });
}
