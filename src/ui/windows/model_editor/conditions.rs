//! The condition picker: a red line's condition built from pickers, one kind at a time, with a
//! change of kind keeping what it can.

use super::*;
use crate::model::authoring::ConditionKind;

/// Edits a condition with pickers; returns the changed condition. `label` names its controls.
pub(super) fn condition_editor(
    ui: &mut egui::Ui,
    model: &Model,
    condition: &Condition,
    label: &str,
) -> Option<Condition> {
    let mut out = None;
    ui.horizontal_wrapped(|ui| {
        // Combining, or comparing: two pickers, so "all of" never hides among the comparisons
        // and a position is offered only the comparisons that read it.
        let kind = ConditionKind::of(condition);
        let mut combine = kind.is_combination().then_some(kind);
        let picker = egui::ComboBox::from_id_salt((label, "combine"))
            .selected_text(combine.map_or("one test", ConditionKind::label))
            .height(f32::INFINITY)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut combine, None, "one test");
                for k in ConditionKind::COMBINATIONS {
                    ui.selectable_value(&mut combine, Some(k), k.label());
                }
            })
            .response
            .on_hover_text("One test of a position, or a combination of tests");
        named_picker(&picker, &format!("{label}: combine"));
        match combine {
            Some(k) if k != kind => out = Some(authoring::converted(model, condition, k)),
            None if kind.is_combination() => {
                // Back to one test: the first part's, or the first position's.
                out = match condition {
                    Condition::All(cs)
                    | Condition::Any(cs)
                    | Condition::AtLeastOf(_, cs)
                    | Condition::AtMostOf(_, cs) => cs.first().cloned(),
                    Condition::Not(c) => Some((**c).clone()),
                    _ => None,
                }
                .or_else(|| authoring::first_atom(model));
            }
            _ => {}
        }
        // The position an atom reads, then how it is compared.
        if let Some(position) = condition.atom_position() {
            let number = matches!(
                condition.expects(),
                Some(crate::model::condition::Expects::Number)
            );
            let mut picked = position.to_owned();
            let picker = egui::ComboBox::from_id_salt((label, "position"))
                .selected_text(
                    model
                        .position(position)
                        .map_or(position, |p| p.title.as_str()),
                )
                .show_ui(ui, |ui| {
                    for p in &model.positions {
                        ui.selectable_value(&mut picked, p.id.clone(), &p.title);
                    }
                })
                .response;
            named_picker(&picker, &format!("{label}: position"));
            let other_kind = model
                .position(&picked)
                .is_some_and(|p| matches!(p.kind, PositionKind::Number(_)) != number);
            if picked != position && other_kind {
                // A position of the other kind is read another way: its first comparison.
                out = model.position(&picked).map(authoring::atom_for);
            } else if picked != position {
                let first = model
                    .position(&picked)
                    .map(authoring::first_option)
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
        if let Some(position) = condition.atom_position().and_then(|p| model.position(p)) {
            let mut comparison = kind;
            let picker = egui::ComboBox::from_id_salt((label, "comparison"))
                .selected_text(kind.label())
                .height(f32::INFINITY)
                .show_ui(ui, |ui| {
                    for k in ConditionKind::comparisons(position) {
                        ui.selectable_value(&mut comparison, *k, k.label());
                    }
                })
                .response;
            named_picker(&picker, &format!("{label}: comparison"));
            if comparison != kind {
                out = Some(authoring::converted(model, condition, comparison));
            }
        }
        let options_of = |p: &str| match model.position(p).map(|p| &p.kind) {
            Some(PositionKind::Choice { options, .. }) => options.clone(),
            _ => Vec::new(),
        };
        let option_picker = |ui: &mut egui::Ui, p: &str, o: &str| -> Option<String> {
            let mut picked = o.to_owned();
            let picker = egui::ComboBox::from_id_salt((label, "option"))
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
                .response;
            named_picker(&picker, &format!("{label}: option"));
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
                    parts.push(authoring::next_part(model, &parts));
                    out = Some(rebuild(parts));
                }
            });
        }
        _ => {}
    }
    out
}
