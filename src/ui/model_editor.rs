//! The model editor: parties, positions and their options, red lines with conditions built by
//! pickers, and sources with quotes picked from their text. Every change is one
//! [`Edit::SetModel`], so undo, the unsaved-changes guard and autosave cover it as they cover a
//! pick; the verdicts update as the model changes. Problems are listed live, each with a button
//! that opens the item it is about.

use std::sync::Arc;

use egui::RichText;

use crate::model::authoring;
use crate::model::condition::Condition;
use crate::model::edit::{Edit, Renamed};
use crate::model::types::{LoadedText, NumberSpec};
use crate::model::validate::validate_model;
use crate::model::{
    Basis, ChoiceOption, Document, Model, ModelRef, Pick, Position, PositionKind, RedLine, Role,
    SourceRef, wording,
};

use super::command::Command;

/// What the editor remembers between frames: the item opened from a problem, a removal waiting
/// for its answer, and where a quote is being picked.
#[derive(Debug, Default)]
pub struct EditorState {
    /// The item to open and scroll to, by its problem path (`model.red_lines[x]…`).
    pub open: Option<String>,
    /// The field a clicked problem is about, to take the keyboard once drawn.
    pub focus: Option<String>,
    pub removal: Option<Removal>,
    /// What a quote is being picked for, from a source's text.
    pub picking_quote_for: Option<QuoteFor>,
    /// A quote picked in a source: (source id, text), shown until used.
    pub picked: Option<(String, String)>,
    /// The problems of the model last validated: validation reads every quote in its source,
    /// so it runs when the model changes, not every frame.
    validated: Option<(Arc<Model>, Arc<Vec<crate::model::Problem>>)>,
    /// Text being pasted or typed for a source that has none yet, by source id.
    pub drafts: std::collections::HashMap<String, String>,
    /// A text file's path being typed, to read as a source's text, by source id.
    pub files: std::collections::HashMap<String, String>,
}

/// What a quote picked from a source's text goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuoteFor {
    RedLine(String),
    Option { position: String, option: String },
}

/// Something the user asked to remove that other parts of the model name.
#[derive(Clone, Debug)]
pub struct Removal {
    pub what: String,
    pub breaks: Vec<String>,
    pub model: Arc<Model>,
}

/// Where the change came from, so typing into one field is one undo step.
fn change(
    commands: &mut Vec<Command>,
    model: &Model,
    key: impl Into<Option<String>>,
    renamed: Vec<Renamed>,
    f: impl FnOnce(&mut Model),
) {
    let mut next = model.clone();
    f(&mut next);
    commands.push(Command::Edit {
        edit: Edit::SetModel {
            model: Arc::new(next),
            renamed,
            key: key.into(),
        },
        merge: true,
    });
}

/// A text field with a visible label that also names it for assistive technology.
fn text(ui: &mut egui::Ui, label: &str, value: &mut String, multiline: bool, focus: bool) -> bool {
    ui.horizontal(|ui| {
        let name = ui.label(RichText::new(label).weak());
        let field = if multiline {
            egui::TextEdit::multiline(value)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
        } else {
            egui::TextEdit::singleline(value).desired_width(f32::INFINITY)
        };
        let response = ui.add(field).labelled_by(name.id);
        if focus {
            response.request_focus();
            response.scroll_to_me(Some(egui::Align::Center));
        }
        response.changed()
    })
    .inner
}

/// The field of the item at `here` that a clicked problem asks for: the one of `fields` (the
/// item's fields that can take the keyboard, first the one to use for any other problem in
/// it) that the problem is about. An option's problem is its option's, not its position's.
fn focus_field(
    state: &mut EditorState,
    here: &str,
    fields: &[&'static str],
) -> Option<&'static str> {
    let inside = state.focus.as_deref()?.strip_prefix(here)?;
    if !(inside.is_empty() || inside.starts_with('.')) || inside.starts_with(".options[") {
        return None;
    }
    let inside = inside.trim_start_matches('.').to_owned();
    state.focus = None;
    let about = |field: &str| {
        inside == field
            || inside.starts_with(&format!("{field}."))
            || inside.starts_with(&format!("{field}["))
    };
    fields
        .iter()
        .copied()
        .find(|f| about(f))
        .or(fields.first().copied())
}

fn number(ui: &mut egui::Ui, label: &str, value: &mut f64, focus: bool) -> bool {
    ui.horizontal(|ui| {
        let name = ui.label(RichText::new(label).weak());
        let response = ui
            .add(egui::DragValue::new(value).speed(1.0))
            .labelled_by(name.id);
        if focus {
            response.request_focus();
            response.scroll_to_me(Some(egui::Align::Center));
        }
        response.changed()
    })
    .inner
}

/// A small button named for assistive technology by `name`, shown as `text`.
fn small_button(ui: &mut egui::Ui, text: &str, name: &str, enabled: bool) -> bool {
    let response = ui.add_enabled(enabled, egui::Button::new(text).small());
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, enabled, name));
    response.on_hover_text(name).clicked()
}

/// The ↑ ↓ Remove buttons of item `i` of `n`: what was clicked.
enum RowAction {
    Up,
    Down,
    Remove,
}

fn row_buttons(ui: &mut egui::Ui, what: &str, i: usize, n: usize) -> Option<RowAction> {
    let mut action = None;
    if small_button(ui, "↑", &format!("Move {what} up"), i > 0) {
        action = Some(RowAction::Up);
    }
    if small_button(ui, "↓", &format!("Move {what} down"), i + 1 < n) {
        action = Some(RowAction::Down);
    }
    if small_button(ui, "Remove", &format!("Remove {what}"), true) {
        action = Some(RowAction::Remove);
    }
    action
}

fn moved<T>(items: &mut [T], i: usize, action: &RowAction) {
    match action {
        RowAction::Up if i > 0 => items.swap(i, i - 1),
        RowAction::Down if i + 1 < items.len() => items.swap(i, i + 1),
        _ => {}
    }
}

pub fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let model = &doc.model;
    ui.set_min_width(640.0);
    match &doc.scenario.model {
        ModelRef::Bundled { .. } => {
            ui.label(
                "This scenario runs on a model shipped with the app. Editing makes a copy carried \
                 inside the scenario; the shipped model is not changed.",
            );
        }
        ModelRef::File { path, edited, .. } => {
            ui.label(format!(
                "The model is in its own file, {path}. Save writes your edits there{}; Save as \
                 self-contained writes them into the scenario instead.",
                if edited.is_some() {
                    " (not saved yet)"
                } else {
                    ""
                }
            ));
        }
        ModelRef::Inline(_) => {}
    }
    let problems = match &state.validated {
        Some((checked, problems)) if Arc::ptr_eq(checked, model) => problems.clone(),
        _ => {
            let problems = Arc::new(validate_model(model, "model"));
            state.validated = Some((model.clone(), problems.clone()));
            problems
        }
    };
    ui.label(RichText::new(&model.title).strong().size(18.0));
    // The problems in a box of fixed height, so the editor below does not move as they come
    // and go (a click would land on the wrong field).
    let rows = 4.0 * ui.text_style_height(&egui::TextStyle::Body);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        egui::ScrollArea::vertical()
            .id_salt("model_problems")
            .min_scrolled_height(rows)
            .max_height(rows)
            .show(ui, |ui| {
                ui.set_min_height(rows);
                if problems.is_empty() {
                    ui.label(RichText::new("No problems: the model is complete.").weak());
                }
                for problem in problems.iter() {
                    let path = match &problem.location {
                        crate::model::Location::Field(p) => p.clone(),
                        _ => String::new(),
                    };
                    let text = problem.to_string();
                    if ui
                        .link(&text)
                        .on_hover_text("Open the item it is about")
                        .clicked()
                    {
                        state.focus = Some(path.clone());
                        state.open = Some(path);
                    }
                }
            });
    });
    let height = ui.ctx().content_rect().height();
    egui::ScrollArea::vertical()
        .id_salt("model_editor")
        .min_scrolled_height(height * 0.4)
        .max_height(height * 0.5)
        .show(ui, |ui| {
            about(ui, model, commands);
            parties(ui, model, state, commands);
            positions(ui, model, state, commands);
            red_lines(ui, model, state, commands);
            sources(ui, model, state, commands);
        });
    removal_modal(ui.ctx(), state, commands);
}

/// Whether the item at `path` was asked to open (from a problem); consumed once it opens.
fn opens(state: &mut EditorState, path: &str) -> bool {
    let hit = state.open.as_deref().is_some_and(|p| {
        p == path || p.starts_with(&format!("{path}.")) || p.starts_with(&format!("{path}["))
    });
    if hit {
        state.open = None;
    }
    hit
}

/// Whether a problem inside `prefix` was clicked: its section opens.
fn opened_in(state: &EditorState, prefix: &str) -> bool {
    state.open.as_deref().is_some_and(|p| p.starts_with(prefix))
}

/// A section of the editor: open at first, and opened again when a problem in it is clicked.
fn section(
    ui: &mut egui::Ui,
    title: String,
    salt: &str,
    open: bool,
    add: impl FnOnce(&mut egui::Ui),
) {
    egui::CollapsingHeader::new(title)
        .id_salt(salt)
        .default_open(true)
        .open(open.then_some(true))
        .show(ui, add);
}

fn about(ui: &mut egui::Ui, model: &Model, commands: &mut Vec<Command>) {
    egui::CollapsingHeader::new("About the model")
        .id_salt("model_about")
        .show(ui, |ui| {
            let mut title = model.title.clone();
            if text(ui, "Model title", &mut title, false, false) {
                change(commands, model, "title".to_owned(), vec![], |m| {
                    m.title = title
                });
            }
            let mut id = model.id.clone();
            if text(ui, "Model id", &mut id, false, false) {
                change(commands, model, "id".to_owned(), vec![], |m| m.id = id);
            }
            let mut version = f64::from(model.version);
            if number(ui, "Model version", &mut version, false) {
                let version = version.clamp(1.0, f64::from(u32::MAX)) as u32;
                change(commands, model, "version".to_owned(), vec![], |m| {
                    m.version = version;
                });
            }
            let mut description = model.description.clone();
            if text(ui, "Model description", &mut description, true, false) {
                change(commands, model, "description".to_owned(), vec![], |m| {
                    m.description = description;
                });
            }
        });
}

fn parties(ui: &mut egui::Ui, model: &Model, state: &mut EditorState, commands: &mut Vec<Command>) {
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
                let frame =
                    egui::Frame::group(ui.style()).show(ui, |ui| {
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
                            let shown = super::theme::party_colour(party, i);
                            let mut rgb = party.rgb().unwrap_or([shown.r(), shown.g(), shown.b()]);
                            let name = ui
                                .label(RichText::new(format!("Colour of party {}", i + 1)).weak());
                            if ui
                                .color_edit_button_srgb(&mut rgb)
                                .labelled_by(name.id)
                                .changed()
                            {
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
                                m.parties[i].role =
                                    if observer { Role::Observer } else { Role::AtTheTable };
                            });
                        }
                        });
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

fn positions(
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

fn position_editor(
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

fn option_editor(
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
                let response = ui.checkbox(&mut backs, &party.short).on_hover_text(&name);
                response.widget_info(|| {
                    egui::WidgetInfo::selected(egui::accesskit::Role::CheckBox, true, backs, &name)
                });
                if response.changed() {
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
            let mut silent = option.not_addressed;
            if ui
                .checkbox(&mut silent, format!("{what} stands for not addressed"))
                .changed()
            {
                change(commands, model, None, vec![], |m| {
                    set(m, &|x| x.not_addressed = silent);
                });
            }
        });
    });
}

fn red_lines(
    ui: &mut egui::Ui,
    model: &Model,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let open_here = opened_in(state, "model.red_lines");
    section(
        ui,
        format!("Red lines ({})", model.red_lines.len()),
        "model_red_lines",
        open_here,
        |ui| {
            let n = model.red_lines.len();
            for (i, red_line) in model.red_lines.iter().enumerate() {
                let what = format!("red line {}", i + 1);
                let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(format!("Red line {}", i + 1)).strong());
                        match row_buttons(ui, &what, i, n) {
                            Some(RowAction::Remove) => change(commands, model, None, vec![], |m| {
                                m.red_lines.remove(i);
                            }),
                            Some(action) => change(commands, model, None, vec![], |m| {
                                moved(&mut m.red_lines, i, &action);
                            }),
                            None => {}
                        }
                    });
                    red_line_editor(ui, model, i, red_line, state, commands);
                });
                if open_here && opens(state, &format!("model.red_lines[{}]", red_line.id)) {
                    frame.response.scroll_to_me(Some(egui::Align::Center));
                }
            }
            let can_add = !model.parties.is_empty();
            if ui
                .add_enabled(can_add, egui::Button::new("Add red line"))
                .on_disabled_hover_text("Add a party first: every red line is a party's")
                .clicked()
            {
                change(commands, model, None, vec![], |m| {
                    let line = authoring::new_red_line(m, &m.parties[0].id.clone());
                    m.red_lines.push(line);
                });
            }
        },
    );
}

fn red_line_editor(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    red_line: &RedLine,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let n = i + 1;
    let key = |field: &str| format!("red_line:{i}:{field}");
    // A problem clicked about one of this line's fields: that field takes the keyboard.
    let here = format!("model.red_lines[{}]", red_line.id);
    let focus = focus_field(
        state,
        &here,
        &["title", "id", "statement", "speaker", "source", "note"],
    );
    let wants = |field: &str| focus == Some(field);
    let mut title = red_line.title.clone();
    if text(
        ui,
        &format!("Title of red line {n}"),
        &mut title,
        false,
        wants("title"),
    ) {
        change(commands, model, key("title"), vec![], |m| {
            m.red_lines[i].title = title
        });
    }
    let mut id = red_line.id.clone();
    if text(
        ui,
        &format!("Id of red line {n}"),
        &mut id,
        false,
        wants("id"),
    ) {
        change(commands, model, key("id"), vec![], |m| {
            m.red_lines[i].id = id
        });
    }
    ui.horizontal_wrapped(|ui| {
        let name = ui.label(RichText::new(format!("Party of red line {n}")).weak());
        let mut party = red_line.party.clone();
        egui::ComboBox::from_id_salt(("red_line_party", i))
            .selected_text(
                model
                    .party(&party)
                    .map_or(party.clone(), |p| p.name.clone()),
            )
            .show_ui(ui, |ui| {
                for p in &model.parties {
                    ui.selectable_value(&mut party, p.id.clone(), &p.name);
                }
            })
            .response
            .labelled_by(name.id);
        if party != red_line.party {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].party = party
            });
        }
        let name = ui.label(RichText::new(format!("Basis of red line {n}")).weak());
        let mut basis = red_line.basis;
        egui::ComboBox::from_id_salt(("red_line_basis", i))
            .selected_text(basis.as_str())
            .show_ui(ui, |ui| {
                for b in [Basis::Stated, Basis::Reported, Basis::Inferred] {
                    ui.selectable_value(&mut basis, b, b.as_str())
                        .on_hover_text(b.explanation());
                }
            })
            .response
            .labelled_by(name.id);
        if basis != red_line.basis {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].basis = basis
            });
        }
    });
    let mut statement = red_line.statement.clone();
    if text(
        ui,
        &format!("Statement of red line {n}"),
        &mut statement,
        false,
        wants("statement"),
    ) {
        change(commands, model, key("statement"), vec![], |m| {
            m.red_lines[i].statement = statement;
        });
    }
    let mut speaker = red_line.speaker.clone();
    if text(
        ui,
        &format!("Speaker of red line {n}"),
        &mut speaker,
        false,
        wants("speaker"),
    ) {
        change(commands, model, key("speaker"), vec![], |m| {
            m.red_lines[i].speaker = speaker
        });
    }
    quote_editor(ui, model, i, red_line, wants("source"), state, commands);
    if red_line.basis == Basis::Inferred && red_line.source.is_some() {
        let mut own = red_line.speakers_words;
        if ui
            .checkbox(
                &mut own,
                format!("The quote of red line {n} is the speaker's own words"),
            )
            .on_hover_text(
                "The reading is yours; the words quoted are the speaker's, as the source quotes \
                 them. Credited to the speaker, not to the source",
            )
            .changed()
        {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].speakers_words = own;
            });
        }
    }
    let mut note = red_line.note.clone().unwrap_or_default();
    if text(
        ui,
        &format!("Note of red line {n}"),
        &mut note,
        true,
        wants("note"),
    ) {
        change(commands, model, key("note"), vec![], |m| {
            m.red_lines[i].note = (!note.trim().is_empty()).then_some(note);
        });
    }
    ui.label(RichText::new("Breaks when").strong());
    let label = format!("Breaks when of red line {n}");
    if let Some(c) = condition_editor(ui, model, &red_line.breaks_when, &label) {
        change(commands, model, None, vec![], |m| {
            m.red_lines[i].breaks_when = c
        });
    }
    ui.label(
        RichText::new(format!(
            "Breaks when {}.",
            wording::condition_sentence(model, &red_line.breaks_when)
        ))
        .italics(),
    );
    let mut has_uncertain = red_line.uncertain_when.is_some();
    if ui
        .checkbox(&mut has_uncertain, format!("Red line {n} can be uncertain"))
        .changed()
    {
        let first = authoring::first_atom(model);
        change(commands, model, None, vec![], |m| {
            m.red_lines[i].uncertain_when = if has_uncertain { first } else { None };
        });
    }
    if let Some(uncertain) = &red_line.uncertain_when {
        let label = format!("Uncertain when of red line {n}");
        if let Some(c) = condition_editor(ui, model, uncertain, &label) {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].uncertain_when = Some(c);
            });
        }
        ui.label(
            RichText::new(format!(
                "Otherwise uncertain when {}.",
                wording::condition_sentence(model, uncertain)
            ))
            .italics(),
        );
    }
}

/// The quote a red line rests on: picked from a source's text, so it is verbatim.
fn quote_editor(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    red_line: &RedLine,
    focus: bool,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let n = i + 1;
    match &red_line.source {
        Some(source) => {
            ui.label(RichText::new(format!("Quote from {}:", source.source)).weak());
            super::theme::block_quote(ui, RichText::new(&source.quote).italics());
        }
        None if red_line.basis == Basis::Inferred => {
            ui.label(RichText::new("No quote yet: an inferred line may rest on its note.").weak());
        }
        None => {
            ui.label(
                RichText::new(format!(
                    "No quote yet: a {} line needs the words it rests on. Pick them from a source.",
                    red_line.basis.as_str()
                ))
                .weak(),
            );
        }
    }
    ui.horizontal_wrapped(|ui| {
        if let Some((source, quote)) = state.picked.clone()
            && state.picking_quote_for == Some(QuoteFor::RedLine(red_line.id.clone()))
            && ui
                .button(format!("Use the picked quote for red line {n}"))
                .clicked()
        {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].source = Some(SourceRef { source, quote });
            });
            state.picked = None;
            state.picking_quote_for = None;
        }
        let picking = state.picking_quote_for == Some(QuoteFor::RedLine(red_line.id.clone()));
        if picking {
            ui.label(
                RichText::new(
                    "Picking: select the words in a source's text under Sources, then press \
                     \"Use the selected words\" there.",
                )
                .strong(),
            );
            if ui
                .button(format!("Stop picking for red line {n}"))
                .clicked()
            {
                state.picking_quote_for = None;
            }
        } else {
            let pick = ui
                .add_enabled(
                    !model.sources.is_empty(),
                    egui::Button::new(format!("Pick a quote for red line {n}")),
                )
                .on_hover_text("Select the words in a source's text below, then use them");
            if model.sources.is_empty() {
                ui.label(RichText::new("(add a source with its text first)").weak());
            }
            if focus {
                pick.request_focus();
                pick.scroll_to_me(Some(egui::Align::Center));
            }
            if pick.clicked() {
                state.picking_quote_for = Some(QuoteFor::RedLine(red_line.id.clone()));
            }
        }
        if red_line.source.is_some()
            && ui
                .button(format!("Remove the quote of red line {n}"))
                .clicked()
        {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].source = None
            });
        }
    });
}

/// The kinds of condition, by the words the picker shows.
const KINDS: [&str; 13] = [
    "is",
    "is one of",
    "is at least the option",
    "is at most the option",
    "is below",
    "is at least",
    "is between",
    "has no limit",
    "all of",
    "any of",
    "not",
    "at least N of",
    "at most N of",
];

fn kind_of(condition: &Condition) -> &'static str {
    match condition {
        Condition::Is(..) => KINDS[0],
        Condition::OneOf(..) => KINDS[1],
        Condition::OptionAtLeast(..) => KINDS[2],
        Condition::OptionAtMost(..) => KINDS[3],
        Condition::Below(..) => KINDS[4],
        Condition::AtLeast(..) => KINDS[5],
        Condition::Between(..) => KINDS[6],
        Condition::NoLimit(..) => KINDS[7],
        Condition::All(..) => KINDS[8],
        Condition::Any(..) => KINDS[9],
        Condition::Not(..) => KINDS[10],
        Condition::AtLeastOf(..) => KINDS[11],
        Condition::AtMostOf(..) => KINDS[12],
    }
}

/// A position of the kind `number` or not, the one given if it fits.
fn position_for<'m>(model: &'m Model, number: bool, current: Option<&str>) -> Option<&'m Position> {
    let fits = |p: &&Position| matches!(p.kind, PositionKind::Number(_)) == number;
    current
        .and_then(|id| model.position(id))
        .filter(fits)
        .or_else(|| model.positions.iter().find(fits))
}

fn first_option(position: &Position) -> String {
    match &position.kind {
        PositionKind::Choice { options, .. } => {
            options.first().map(|o| o.id.clone()).unwrap_or_default()
        }
        PositionKind::Number(_) => String::new(),
    }
}

/// A condition of `kind`, keeping what it can of `old`.
fn converted(model: &Model, old: &Condition, kind: &str) -> Condition {
    let parts = match old {
        Condition::All(cs)
        | Condition::Any(cs)
        | Condition::AtLeastOf(_, cs)
        | Condition::AtMostOf(_, cs) => cs.clone(),
        Condition::Not(c) => vec![(**c).clone()],
        atom => vec![atom.clone()],
    };
    let at = old.atom_position();
    let choice = position_for(model, false, at);
    let number = position_for(model, true, at);
    let choice_id = choice.map_or(String::new(), |p| p.id.clone());
    let number_id = number.map_or(String::new(), |p| p.id.clone());
    let option = choice.map_or(String::new(), first_option);
    let bound = number.map_or(0.0, |p| match &p.kind {
        PositionKind::Number(spec) => (spec.min + spec.max) / 2.0,
        PositionKind::Choice { .. } => 0.0,
    });
    match kind {
        "is" => Condition::Is(choice_id, option),
        "is one of" => Condition::OneOf(choice_id, vec![option]),
        "is at least the option" => Condition::OptionAtLeast(choice_id, option),
        "is at most the option" => Condition::OptionAtMost(choice_id, option),
        "is below" => Condition::Below(number_id, bound),
        "is at least" => Condition::AtLeast(number_id, bound),
        "is between" => Condition::Between(number_id, bound, bound + 1.0),
        "has no limit" => Condition::NoLimit(number_id),
        "all of" => Condition::All(parts),
        "any of" => Condition::Any(parts),
        "not" => Condition::Not(Box::new(parts.into_iter().next().unwrap_or_else(|| {
            authoring::first_atom(model).unwrap_or(Condition::Any(Vec::new()))
        }))),
        "at least N of" => Condition::AtLeastOf(1, parts),
        _ => Condition::AtMostOf(1, parts),
    }
}

/// Edits a condition with pickers; returns the changed condition. `label` names its controls.
fn condition_editor(
    ui: &mut egui::Ui,
    model: &Model,
    condition: &Condition,
    label: &str,
) -> Option<Condition> {
    let mut out = None;
    ui.horizontal_wrapped(|ui| {
        // The position an atom reads, picked first.
        if let Some(position) = condition.atom_position() {
            let number = matches!(
                condition.expects(),
                Some(crate::model::condition::Expects::Number)
            );
            let name = ui.label(RichText::new("").weak());
            let mut picked = position.to_owned();
            egui::ComboBox::from_id_salt((label, "position"))
                .selected_text(
                    model
                        .position(position)
                        .map_or(position, |p| p.title.as_str()),
                )
                .show_ui(ui, |ui| {
                    for p in model
                        .positions
                        .iter()
                        .filter(|p| matches!(p.kind, PositionKind::Number(_)) == number)
                    {
                        ui.selectable_value(&mut picked, p.id.clone(), &p.title);
                    }
                })
                .response
                .labelled_by(name.id)
                .widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::accesskit::Role::ComboBox,
                        true,
                        format!("{label}: position"),
                    )
                });
            if picked != position {
                let first = model
                    .position(&picked)
                    .map(first_option)
                    .unwrap_or_default();
                out = Some(match condition.clone() {
                    Condition::Is(_, _) => Condition::Is(picked, first),
                    Condition::OneOf(_, _) => Condition::OneOf(picked, vec![first]),
                    Condition::OptionAtLeast(_, _) => Condition::OptionAtLeast(picked, first),
                    Condition::OptionAtMost(_, _) => Condition::OptionAtMost(picked, first),
                    Condition::Below(_, x) => Condition::Below(picked, x),
                    Condition::AtLeast(_, x) => Condition::AtLeast(picked, x),
                    Condition::Between(_, lo, hi) => Condition::Between(picked, lo, hi),
                    Condition::NoLimit(_) => Condition::NoLimit(picked),
                    other => other,
                });
            }
        }
        let mut kind = kind_of(condition);
        egui::ComboBox::from_id_salt((label, "kind"))
            .selected_text(kind)
            // Tall enough for every kind: "any of" and the others must not hide below a fold.
            .height(f32::INFINITY)
            .show_ui(ui, |ui| {
                for k in KINDS {
                    ui.selectable_value(&mut kind, k, k);
                }
            })
            .response
            .widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::accesskit::Role::ComboBox,
                    true,
                    format!("{label}: kind"),
                )
            });
        if kind != kind_of(condition) {
            out = Some(converted(model, condition, kind));
        }
        let options_of = |p: &str| match model.position(p).map(|p| &p.kind) {
            Some(PositionKind::Choice { options, .. }) => options.clone(),
            _ => Vec::new(),
        };
        let option_picker = |ui: &mut egui::Ui, p: &str, o: &str| -> Option<String> {
            let mut picked = o.to_owned();
            egui::ComboBox::from_id_salt((label, "option"))
                .selected_text(
                    model
                        .position(p)
                        .and_then(|p| p.option(o))
                        .map_or(o, |o| o.label.as_str()),
                )
                .show_ui(ui, |ui| {
                    for option in options_of(p) {
                        ui.selectable_value(&mut picked, option.id.clone(), &option.label);
                    }
                })
                .response
                .widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::accesskit::Role::ComboBox,
                        true,
                        format!("{label}: option"),
                    )
                });
            (picked != o).then_some(picked)
        };
        let bound = |ui: &mut egui::Ui, name: &str, x: f64| -> Option<f64> {
            let mut x = x;
            let response = ui.add(egui::DragValue::new(&mut x).speed(1.0));
            let named = format!("{label}: {name}");
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::SpinButton, true, &named)
            });
            response.changed().then_some(x)
        };
        match condition {
            Condition::Is(p, o) => {
                if let Some(o) = option_picker(ui, p, o) {
                    out = Some(Condition::Is(p.clone(), o));
                }
            }
            Condition::OptionAtLeast(p, o) => {
                if let Some(o) = option_picker(ui, p, o) {
                    out = Some(Condition::OptionAtLeast(p.clone(), o));
                }
            }
            Condition::OptionAtMost(p, o) => {
                if let Some(o) = option_picker(ui, p, o) {
                    out = Some(Condition::OptionAtMost(p.clone(), o));
                }
            }
            Condition::OneOf(p, os) => {
                for option in options_of(p) {
                    let mut on = os.contains(&option.id);
                    if ui
                        .checkbox(&mut on, &option.label)
                        .on_hover_text(format!("{label}: {}", option.label))
                        .changed()
                    {
                        let mut next: Vec<String> =
                            os.iter().filter(|o| **o != option.id).cloned().collect();
                        if on {
                            next.push(option.id.clone());
                        }
                        out = Some(Condition::OneOf(p.clone(), next));
                    }
                }
            }
            Condition::Below(p, x) => {
                if let Some(x) = bound(ui, "bound", *x) {
                    out = Some(Condition::Below(p.clone(), x));
                }
            }
            Condition::AtLeast(p, x) => {
                if let Some(x) = bound(ui, "bound", *x) {
                    out = Some(Condition::AtLeast(p.clone(), x));
                }
            }
            Condition::Between(p, lo, hi) => {
                if let Some(lo) = bound(ui, "from", *lo) {
                    out = Some(Condition::Between(p.clone(), lo, *hi));
                }
                if let Some(hi) = bound(ui, "to under", *hi) {
                    out = Some(Condition::Between(p.clone(), *lo, hi));
                }
            }
            Condition::AtLeastOf(k, _) | Condition::AtMostOf(k, _) => {
                let mut k = *k as f64;
                let response = ui.add(egui::DragValue::new(&mut k).range(0.0..=64.0));
                let named = format!("{label}: how many");
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::SpinButton, true, &named)
                });
                if response.changed() {
                    let k = k as usize;
                    out = Some(match condition.clone() {
                        Condition::AtLeastOf(_, cs) => Condition::AtLeastOf(k, cs),
                        Condition::AtMostOf(_, cs) => Condition::AtMostOf(k, cs),
                        other => other,
                    });
                }
            }
            _ => {}
        }
    });
    // The parts of a compound condition, each editable and removable, and one more to add.
    match condition {
        Condition::Not(c) => {
            ui.indent((label, "not"), |ui| {
                if let Some(c) = condition_editor(ui, model, c, &format!("{label}, negated")) {
                    out = Some(Condition::Not(Box::new(c)));
                }
            });
        }
        Condition::All(cs)
        | Condition::Any(cs)
        | Condition::AtLeastOf(_, cs)
        | Condition::AtMostOf(_, cs) => {
            let rebuild = |parts: Vec<Condition>| match condition {
                Condition::All(_) => Condition::All(parts),
                Condition::Any(_) => Condition::Any(parts),
                Condition::AtLeastOf(k, _) => Condition::AtLeastOf(*k, parts),
                _ => Condition::AtMostOf(
                    match condition {
                        Condition::AtMostOf(k, _) => *k,
                        _ => 0,
                    },
                    parts,
                ),
            };
            ui.indent((label, "parts"), |ui| {
                for (j, part) in cs.iter().enumerate() {
                    let part_label = format!("{label}, part {}", j + 1);
                    ui.horizontal(|ui| {
                        if small_button(ui, "✖", &format!("Remove {part_label}"), true) {
                            let mut parts = cs.clone();
                            parts.remove(j);
                            out = Some(rebuild(parts));
                        }
                        ui.vertical(|ui| {
                            if let Some(c) = condition_editor(ui, model, part, &part_label) {
                                let mut parts = cs.clone();
                                parts[j] = c;
                                out = Some(rebuild(parts));
                            }
                        });
                    });
                }
                let add = ui.button("Add a part");
                let name = format!("Add a part to {label}");
                add.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &name)
                });
                if add.clicked() {
                    let mut parts = cs.clone();
                    parts.push(authoring::first_atom(model).unwrap_or(Condition::Any(Vec::new())));
                    out = Some(rebuild(parts));
                }
            });
        }
        _ => {}
    }
    out
}

fn sources(ui: &mut egui::Ui, model: &Model, state: &mut EditorState, commands: &mut Vec<Command>) {
    let open_here = opened_in(state, "model.sources") || state.picking_quote_for.is_some();
    section(
        ui,
        format!("Sources ({})", model.sources.len()),
        "model_sources",
        open_here,
        |ui| {
            if let Some(target) = &state.picking_quote_for {
                let what = match target {
                    QuoteFor::RedLine(line) => format!(
                        "red line \"{}\"",
                        model
                            .red_line(line)
                            .map_or(line.as_str(), |r| r.title.as_str())
                    ),
                    QuoteFor::Option { position, option } => format!(
                        "option \"{}\"",
                        model
                            .position(position)
                            .and_then(|p| p.option(option))
                            .map_or(option.as_str(), |o| o.label.as_str())
                    ),
                };
                ui.label(
                    RichText::new(format!(
                        "Picking a quote for {what}: select the words in a text below, then press \
                         \"Use the selected words\"."
                    ))
                    .strong(),
                );
            }
            for (i, source) in model.sources.iter().enumerate() {
                let n = i + 1;
                let key = |field: &str| format!("source:{i}:{field}");
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(format!("Source {n}")).strong());
                        if small_button(ui, "Remove", &format!("Remove source {n}"), true) {
                            let breaks = authoring::references_to_source(model, &source.id);
                            let mut next = model.clone();
                            next.sources.remove(i);
                            ask_removal(commands, state, &source.title, breaks, next);
                        }
                    });
                    let here = format!("model.sources[{}]", source.id);
                    let focus = focus_field(state, &here, &["title", "id", "kind", "date"]);
                    let mut title = source.title.clone();
                    if text(
                        ui,
                        &format!("Title of source {n}"),
                        &mut title,
                        false,
                        focus == Some("title"),
                    ) {
                        change(commands, model, key("title"), vec![], |m| {
                            m.sources[i].title = title
                        });
                    }
                    let mut id = source.id.clone();
                    if text(
                        ui,
                        &format!("Id of source {n}"),
                        &mut id,
                        false,
                        focus == Some("id"),
                    ) {
                        let from = source.id.clone();
                        change(commands, model, key("id"), vec![], |m| {
                            authoring::rename_source(m, &from, &id);
                        });
                    }
                    let mut kind = source.kind.clone();
                    if text(
                        ui,
                        &format!("Kind of source {n}"),
                        &mut kind,
                        false,
                        focus == Some("kind"),
                    ) {
                        change(commands, model, key("kind"), vec![], |m| {
                            m.sources[i].kind = kind
                        });
                    }
                    let mut date = source.date.clone();
                    if text(
                        ui,
                        &format!("Date of source {n}"),
                        &mut date,
                        false,
                        focus == Some("date"),
                    ) {
                        change(commands, model, key("date"), vec![], |m| {
                            m.sources[i].date = date
                        });
                    }
                    source_text(ui, model, i, state, commands);
                });
            }
            if ui.button("Add source").clicked() {
                change(commands, model, None, vec![], |m| {
                    let source = authoring::new_source(m);
                    m.sources.push(source);
                });
            }
        },
    );
}

/// A source's text: pasted in, then shown with every quote already used marked, and the
/// words selected in it offered as a quote.
fn source_text(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let source = &model.sources[i];
    let n = i + 1;
    match source.content.get() {
        None => {
            ui.label(
                RichText::new(
                    "Paste the source's text here, then use it: quotes are picked from it, and it \
                     is saved in the file with the model.",
                )
                .weak(),
            );
            let draft = state.drafts.entry(source.id.clone()).or_default();
            text(ui, &format!("Text of source {n}"), draft, true, false);
            let ready = !draft.trim().is_empty();
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(format!("Use this text for source {n}")),
                )
                .clicked()
                && let Some(pasted) = state.drafts.remove(&source.id)
            {
                // Written into the file: saved, autosaved and undone with the model itself.
                change(commands, model, None, vec![], |m| {
                    m.sources[i].text = None;
                    m.sources[i].content = LoadedText(Some(Arc::from(pasted.as_str())));
                    m.sources[i].text_inline = Some(pasted);
                });
            }
            ui.label(
                RichText::new(
                    "Or read a .txt file: its path, absolute or relative to the scenario's folder.",
                )
                .weak(),
            );
            let file = state.files.entry(source.id.clone()).or_default();
            text(ui, &format!("Text file of source {n}"), file, false, false);
            let ready = !file.trim().is_empty();
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(format!("Read the file for source {n}")),
                )
                .clicked()
                && let Some(path) = state.files.remove(&source.id)
            {
                commands.push(Command::ReadSourceText {
                    source: source.id.clone(),
                    path: path.trim().into(),
                });
            }
            if ui
                .button(format!("Choose a .txt file for source {n}…"))
                .clicked()
            {
                commands.push(Command::ChooseSourceText {
                    source: source.id.clone(),
                });
            }
        }
        Some(content) => {
            ui.horizontal_wrapped(|ui| {
                match (&source.text, &source.text_inline) {
                    (Some(path), _) => {
                        ui.label(RichText::new(format!("Text: {path}")).weak());
                    }
                    (None, Some(_)) => {
                        ui.label(RichText::new("Text: written in the file with the model").weak());
                    }
                    (None, None) => {}
                }
                // The text is read-only here (quotes must stay its words); to change it, it
                // goes back to the paste field, and quotes are checked against the new one.
                if ui
                    .button(format!("Replace the text of source {n}"))
                    .clicked()
                {
                    state.drafts.insert(source.id.clone(), content.to_owned());
                    change(commands, model, None, vec![], |m| {
                        m.sources[i].text = None;
                        m.sources[i].text_inline = None;
                        m.sources[i].content = LoadedText(None);
                    });
                }
            });
            let used: Vec<&str> = quotes_from(model, &source.id);
            let mut shown = content.to_owned();
            let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap: f32| {
                let mut job = highlighted(ui, text.as_str(), &used);
                job.wrap.max_width = wrap;
                ui.fonts_mut(|f| f.layout_job(job))
            };
            let name = format!("Text of source {n}");
            let output = egui::TextEdit::multiline(&mut shown)
                .desired_width(f32::INFINITY)
                .desired_rows(6)
                .interactive(true)
                .layouter(&mut layouter)
                .show(ui);
            output.response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::MultilineTextInput, true, &name)
            });
            // The text itself is not edited here: what is quoted must stay what the source says.
            let selected = output.cursor_range.and_then(|range| {
                let [a, b] = range.sorted_cursors();
                let chars: Vec<char> = content.chars().collect();
                let words: String = chars.get(a.index.0..b.index.0)?.iter().collect();
                // A stray space or separator at either end is not part of what was meant.
                let words = words
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | ';' | ','))
                    .to_owned();
                (!words.is_empty()).then_some(words)
            });
            if let Some(words) = &selected {
                state.picked = Some((source.id.clone(), words.clone()));
            }
            if state.picking_quote_for.is_some()
                && let Some((from, words)) = state.picked.clone()
                && from == source.id
            {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("Selected: “{words}”"));
                    if ui.button("Use the selected words").clicked()
                        && let Some(target) = state.picking_quote_for.take()
                    {
                        let quote = SourceRef {
                            source: from,
                            quote: words,
                        };
                        change(commands, model, None, vec![], |m| match target {
                            QuoteFor::RedLine(line) => {
                                if let Some(r) = m.red_lines.iter_mut().find(|r| r.id == line) {
                                    r.source = Some(quote);
                                }
                            }
                            QuoteFor::Option { position, option } => {
                                if let Some(PositionKind::Choice { options, .. }) = m
                                    .positions
                                    .iter_mut()
                                    .find(|p| p.id == position)
                                    .map(|p| &mut p.kind)
                                    && let Some(o) = options.iter_mut().find(|o| o.id == option)
                                    && !o.sources.contains(&quote)
                                {
                                    o.sources.push(quote);
                                }
                            }
                        });
                        state.picked = None;
                    }
                });
            }
        }
    }
}

/// The quotes already taken from a source, by red lines and options.
fn quotes_from<'m>(model: &'m Model, source: &str) -> Vec<&'m str> {
    authoring::quotes_of(model, source)
        .into_iter()
        .map(|(_, quote)| quote)
        .collect()
}

/// The text with every used quote on a highlight.
fn highlighted(ui: &egui::Ui, text: &str, quotes: &[&str]) -> egui::text::LayoutJob {
    let mut marks: Vec<std::ops::Range<usize>> = quotes
        .iter()
        .filter(|q| !q.is_empty())
        .filter_map(|q| text.find(q).map(|at| at..at + q.len()))
        .collect();
    marks.sort_by_key(|r| r.start);
    let plain = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let marked = egui::TextFormat {
        background: ui.visuals().selection.bg_fill.gamma_multiply(0.5),
        ..plain.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    let mut at = 0;
    for mark in marks {
        if mark.start < at {
            continue;
        }
        job.append(&text[at..mark.start], 0.0, plain.clone());
        job.append(&text[mark.clone()], 0.0, marked.clone());
        at = mark.end;
    }
    job.append(&text[at..], 0.0, plain);
    job
}

/// Removing something other parts name: ask first, listing what would break.
fn ask_removal(
    commands: &mut Vec<Command>,
    state: &mut EditorState,
    what: &str,
    breaks: Vec<String>,
    next: Model,
) {
    if breaks.is_empty() {
        commands.push(Command::Edit {
            edit: Edit::SetModel {
                model: Arc::new(next),
                renamed: vec![],
                key: None,
            },
            merge: false,
        });
    } else {
        state.removal = Some(Removal {
            what: what.to_owned(),
            breaks,
            model: Arc::new(next),
        });
    }
}

fn removal_modal(ctx: &egui::Context, state: &mut EditorState, commands: &mut Vec<Command>) {
    let Some(removal) = state.removal.clone() else {
        return;
    };
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("model_removal")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(format!("Remove \"{}\"?", removal.what));
        ui.label("Other parts of the model name it. After removing it, these are problems to fix:");
        for line in &removal.breaks {
            ui.label(format!("• {line}"));
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Remove it").clicked() {
                answer = Some(true);
            }
            if ui.button("Keep it").clicked() {
                answer = Some(false);
            }
        });
    });
    match answer {
        Some(true) => {
            commands.push(Command::Edit {
                edit: Edit::SetModel {
                    model: removal.model,
                    renamed: vec![],
                    key: None,
                },
                merge: false,
            });
            state.removal = None;
        }
        Some(false) => state.removal = None,
        None => {}
    }
}

/// A new scenario on a new model: empty, or the two-party template.
pub fn new_model_document(template: bool) -> Document {
    let model = Arc::new(if template {
        authoring::template_model()
    } else {
        authoring::empty_model()
    });
    let mut doc = Document::new(model.clone(), ModelRef::Inline(model));
    doc.scenario.title = "A scenario on my model".to_owned();
    doc
}
