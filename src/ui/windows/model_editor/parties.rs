//! The model editor's parties: names, roles and colours, added, moved and removed.

use super::*;
use crate::model::Choices;

pub(super) fn parties(
    ui: &mut egui::Ui,
    model: &Model,
    on_the_table: &Choices,
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
                    stability_setup(ui, model, i, party, on_the_table, commands);
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
    on_the_table: &Choices,
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
                    if named_checkbox(ui, &mut controls, &position.title, &name) {
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
            // One or the other; a file that gives both shows both, to remove one.
            if party.preferences.is_empty() || !party.ranking.is_empty() {
                ranking(ui, model, i, party, on_the_table, commands);
            }
            if !party.ranking.is_empty() && party.preferences.is_empty() {
                return;
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

/// A party's ranking of packages, best first, in tiers of equally liked ones: a package on the
/// table is added as a new last tier, then moved up or down a tier (into the tier there, or a
/// tier of its own beyond the first or the last). A party gives preferences or a ranking.
fn ranking(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    party: &crate::model::Party,
    on_the_table: &Choices,
    commands: &mut Vec<Command>,
) {
    let n = i + 1;
    let tiers = party.ranking.len();
    if tiers > 0 {
        ui.label(
            RichText::new("Ranks packages, best first (a tier's packages are liked equally):")
                .weak(),
        );
    }
    for (t, tier) in party.ranking.iter().enumerate() {
        for (k, package) in tier.iter().enumerate() {
            let what = format!("package {} of tier {} of party {n}", k + 1, t + 1);
            let alone = tier.len() == 1;
            ui.horizontal(|ui| {
                let up = small_button(ui, "↑", &format!("Move {what} up a tier"), t > 0 || !alone);
                let down = small_button(
                    ui,
                    "↓",
                    &format!("Move {what} down a tier"),
                    t + 1 < tiers || !alone,
                );
                let remove = small_button(ui, "✖", &format!("Remove {what}"), true);
                ui.label(format!("Tier {}: {}", t + 1, package_words(model, package)));
                let moved_to = |m: &mut Model, to: Option<usize>| {
                    let ranking = &mut m.parties[i].ranking;
                    let package = ranking[t].remove(k);
                    match to {
                        Some(to) if to < ranking.len() => ranking[to].push(package),
                        Some(_) => ranking.push(vec![package]),
                        // Above the first tier: a new first tier.
                        None => ranking.insert(0, vec![package]),
                    }
                    ranking.retain(|tier| !tier.is_empty());
                };
                if up {
                    change(commands, model, None, vec![], |m| {
                        moved_to(m, t.checked_sub(1))
                    });
                } else if down {
                    change(commands, model, None, vec![], |m| moved_to(m, Some(t + 1)));
                } else if remove {
                    change(commands, model, None, vec![], |m| {
                        let ranking = &mut m.parties[i].ranking;
                        ranking[t].remove(k);
                        ranking.retain(|tier| !tier.is_empty());
                    });
                }
            });
        }
    }
    // The picks that can differ between the analysis's states: the positions some party
    // controls (or every position, while none does).
    let controlled: Vec<&str> = model
        .parties
        .iter()
        .flat_map(|p| p.controls.iter().map(String::as_str))
        .collect();
    let package: std::collections::BTreeMap<String, Pick> = on_the_table
        .iter()
        .filter(|(id, _)| controlled.is_empty() || controlled.contains(&id.as_str()))
        .filter(|(id, _)| model.position(id).is_some())
        .map(|(id, pick)| (id.clone(), pick.clone()))
        .collect();
    let ranked = party.ranking.iter().flatten().any(|p| *p == package);
    let can = !ranked && party.preferences.is_empty();
    let name = format!("Rank the package on the table for party {n}");
    let response = ui
        .add_enabled(can, egui::Button::new("Rank the package on the table"))
        .on_hover_text("Adds it as the lowest tier; move it up to where this party places it")
        .on_disabled_hover_text(if ranked {
            "Ranked already"
        } else {
            "A party gives preferences or a ranking, not both: remove its preferences first"
        });
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, can, &name));
    if response.clicked() {
        change(commands, model, None, vec![], |m| {
            m.parties[i].ranking.push(vec![package.clone()]);
        });
    }
    if tiers == 0 {
        ui.label(
            RichText::new(
                "…or say what it wants as preferences instead (a ranking suits a small model):",
            )
            .weak(),
        );
    }
}

/// "Donbas: demilitarised zone; Army cap: 800,000".
fn package_words(model: &Model, package: &std::collections::BTreeMap<String, Pick>) -> String {
    if package.is_empty() {
        return "any package".to_owned();
    }
    package
        .iter()
        .map(|(id, pick)| match model.position(id) {
            Some(p) => format!("{}: {}", p.title, p.describe_pick(pick)),
            None => format!("{id}: (no such position)"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
