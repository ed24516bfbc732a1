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

use crate::ui::command::Command;
use crate::ui::widgets::theme::text_size;

mod conditions;
mod parties;
mod positions;
mod red_lines;
mod sources;

use conditions::*;
use parties::*;
use positions::*;
use red_lines::*;
use sources::*;

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
    /// The source a red line's quote is being picked from, beside the red line.
    pub quote_source: Option<String>,
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

/// What a field's label shows: its name ("Title"), without what it belongs to ("of position 2"),
/// which the editor's headings already say. The whole label still names the field for
/// assistive technology and tests.
fn shown_label(label: &str) -> &str {
    label.split(" of ").next().unwrap_or(label)
}

/// Names a picker in full for assistive technology (and tests), where the screen shows a short
/// label beside it, or none.
fn named_picker(response: &egui::Response, name: &str) {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::ComboBox, true, name));
}

/// A checkbox showing `text`, named `name` in full for assistive technology (and on hover):
/// whether the user changed it.
fn named_checkbox(ui: &mut egui::Ui, value: &mut bool, text: &str, name: &str) -> bool {
    let response = ui.checkbox(value, text).on_hover_text(name);
    let checked = *value;
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::accesskit::Role::CheckBox, true, checked, name)
    });
    response.changed()
}

/// A text field with a short visible label, named in full for assistive technology.
fn text(ui: &mut egui::Ui, label: &str, value: &mut String, multiline: bool, focus: bool) -> bool {
    ui.horizontal(|ui| {
        ui.label(RichText::new(shown_label(label)).weak());
        let field = if multiline {
            egui::TextEdit::multiline(value)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
        } else {
            egui::TextEdit::singleline(value).desired_width(f32::INFINITY)
        };
        let response = ui.add(field);
        let now = value.clone();
        response.widget_info(|| {
            let mut info = egui::WidgetInfo::text_edit(true, &now, &now, "");
            info.label = Some(label.to_owned());
            info
        });
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
        ui.label(RichText::new(shown_label(label)).weak());
        let response = ui.add(egui::DragValue::new(value).speed(1.0));
        let now = *value;
        response.widget_info(|| {
            let mut info = egui::WidgetInfo::drag_value(true, now);
            info.label = Some(label.to_owned());
            info
        });
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
    ui.label(RichText::new(&model.title).strong().size(text_size::TITLE));
    // The problems in a box of fixed height, so the editor below does not move as they come
    // and go (a click would land on the wrong field).
    let rows = 5.0 * ui.text_style_height(&egui::TextStyle::Body);
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
                // A received file can hold thousands; nobody reads past the first.
                let shown = crate::ui::panels::problems::MAX_SHOWN;
                if problems.len() > shown {
                    ui.label(format!(
                        "The first {shown} of {} problems; each fixed brings the next",
                        problems.len()
                    ));
                }
                for problem in problems.iter().take(shown) {
                    let path = match &problem.location {
                        crate::model::Location::Field(p) => p.clone(),
                        _ => String::new(),
                    };
                    // In words; the path and the file's syntax for whoever wants them.
                    let (words, detail) = wording::problem_in_words(model, problem);
                    let hover = if detail.is_empty() {
                        "Open the item it is about".to_owned()
                    } else {
                        format!("{detail}.\nClick to open the item it is about.")
                    };
                    // An error stops the file opening again; a warning does not: said, and
                    // coloured, so the difference shows before a save.
                    let (words, colour) = if problem.is_error() {
                        (format!("Error: {words}"), ui.visuals().error_fg_color)
                    } else {
                        (words, ui.visuals().warn_fg_color)
                    };
                    if ui
                        .add(egui::Link::new(RichText::new(&words).color(colour)))
                        .on_hover_text(hover)
                        .clicked()
                    {
                        state.focus = Some(path.clone());
                        state.open = Some(path);
                    }
                }
            });
    });
    // The window's height, once it has one; half the screen while it is being sized.
    let height = ui.ctx().content_rect().height();
    let room = ui.available_height();
    let room = if room.is_finite() && room > height * 0.3 {
        room
    } else {
        height * 0.5
    };
    egui::ScrollArea::vertical()
        .id_salt("model_editor")
        .min_scrolled_height(room.min(height * 0.4))
        .max_height(room)
        .show(ui, |ui| {
            about(ui, model, commands);
            parties(ui, model, &doc.scenario.choices, state, commands);
            positions(ui, model, state, commands);
            red_lines(ui, model, state, commands);
            sources(ui, model, state, commands);
            infeasible(ui, model, commands);
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

/// Packages that cannot happen, for the stability analysis: any package a condition here
/// holds in is left out of its states.
fn infeasible(ui: &mut egui::Ui, model: &Model, commands: &mut Vec<Command>) {
    egui::CollapsingHeader::new(format!(
        "Packages that cannot happen ({})",
        model.infeasible.len()
    ))
    .id_salt("model_infeasible")
    .show(ui, |ui| {
        ui.label(
            RichText::new(
                "For the stability analysis: a package where any of these holds is left out \
                 (two options that exclude each other, say).",
            )
            .weak(),
        );
        let count = model.infeasible.len();
        for (k, condition) in model.infeasible.iter().enumerate() {
            let label = format!("Impossible package {}", k + 1);
            ui.horizontal(|ui| {
                match row_buttons(ui, &label, k, count) {
                    Some(RowAction::Remove) => change(commands, model, None, vec![], |m| {
                        m.infeasible.remove(k);
                    }),
                    Some(action) => change(commands, model, None, vec![], |m| {
                        moved(&mut m.infeasible, k, &action);
                    }),
                    None => {}
                }
                ui.vertical(|ui| {
                    ui.label(wording::condition_sentence(model, condition));
                    if let Some(c) = condition_editor(ui, model, condition, &label) {
                        change(commands, model, format!("infeasible:{k}"), vec![], |m| {
                            m.infeasible[k] = c;
                        });
                    }
                });
            });
        }
        if ui.button("Add a package that cannot happen").clicked()
            && let Some(atom) = authoring::first_atom(model)
        {
            change(commands, model, None, vec![], |m| m.infeasible.push(atom));
        }
    });
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
