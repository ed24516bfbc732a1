//! Explore's trade-off plot: the packages on two axes, the frontier, and the package on the
//! table; a click lists the packages at a point.

use super::*;
use crate::ui::widgets::theme::text_size;

#[derive(Clone, Copy)]
pub(super) enum Mark {
    Circle,
    Square,
    Diamond,
    Cross,
}

/// A legend's marker, painted as the plot draws it.
pub(super) fn legend_mark(ui: &mut egui::Ui, mark: Mark, colour: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
    let c = rect.center();
    let r = 5.0;
    let painter = ui.painter();
    match mark {
        Mark::Circle => painter.circle_filled(c, r, colour),
        Mark::Square => painter.rect_filled(
            egui::Rect::from_center_size(c, egui::vec2(2.0 * r, 2.0 * r)),
            0.0,
            colour,
        ),
        Mark::Diamond => painter.add(egui::Shape::convex_polygon(
            vec![
                c + egui::vec2(0.0, -r - 1.0),
                c + egui::vec2(r + 1.0, 0.0),
                c + egui::vec2(0.0, r + 1.0),
                c + egui::vec2(-r - 1.0, 0.0),
            ],
            colour,
            egui::Stroke::NONE,
        )),
        Mark::Cross => {
            let stroke = egui::Stroke::new(2.5, colour);
            painter.line_segment([c + egui::vec2(-r, -r), c + egui::vec2(r, r)], stroke);
            painter.line_segment([c + egui::vec2(-r, r), c + egui::vec2(r, -r)], stroke)
        }
    };
}

/// The plot of failures per party; `(generation, running)` says which result it shows and
/// whether its search still goes on.
pub(super) fn trade_off(
    ui: &mut egui::Ui,
    doc: &Document,
    evaluation: &Evaluation,
    exploration: &Exploration,
    inputs: &mut ExploreInputs,
    (generation, running): (u64, bool),
    commands: &mut Vec<Command>,
) {
    let model = &doc.model;
    let n = model.parties.len();
    if n < 2 {
        return;
    }
    ui.label(
        RichText::new("Trade-off")
            .strong()
            .size(theme::sized(ui, text_size::SUBHEADING)),
    );
    let Some(points) = &exploration.trade_off else {
        ui.label(if running {
            "Not plotted yet: the search is still going."
        } else if exploration.complete {
            "Too many packages to plot them all; pin positions to narrow the space."
        } else {
            "Not plotted: the search stopped first."
        });
        return;
    };
    ui.label(
        RichText::new(
            "Each point is a set of packages, by how many red lines they fail for two parties \
             (every party's, whoever must accept). The frontier joins the points no other \
             package beats for both parties at once: from there, doing better for one means \
             doing worse for the other.",
        )
        .weak(),
    );
    inputs.axis_x = inputs.axis_x.min(n - 1);
    inputs.axis_y = if inputs.axis_y == 0 && inputs.axis_x == 0 {
        1
    } else {
        inputs.axis_y.min(n - 1)
    };
    ui.horizontal(|ui| {
        for (label, axis) in [
            ("across (x axis)", &mut inputs.axis_x),
            ("up (y axis)", &mut inputs.axis_y),
        ] {
            egui::ComboBox::from_label(label)
                .selected_text(&model.parties[*axis].name)
                .show_ui(ui, |ui| {
                    for (i, party) in model.parties.iter().enumerate() {
                        ui.selectable_value(axis, i, &party.name);
                    }
                });
        }
    });
    let (x, y) = (inputs.axis_x, inputs.axis_y);
    // Sum the packages that share a point in the two chosen parties.
    let mut merged: Vec<([usize; 2], f64)> = Vec::new();
    for (fails, count, _) in points {
        let key = [fails[x], fails[y]];
        match merged.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 += count,
            None => merged.push((key, *count)),
        }
    }
    let max = merged.iter().map(|(_, c)| *c).fold(1.0, f64::max);
    // The frontier: points no other point beats on both axes.
    let mut frontier: Vec<[usize; 2]> = merged
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| {
            !merged
                .iter()
                .any(|(o, _)| o != k && o[0] <= k[0] && o[1] <= k[1])
        })
        .collect();
    frontier.sort();
    let fails_now = |party: usize| {
        let s = &evaluation.parties[party];
        s.breaks + if inputs.uncertain_ok { 0 } else { s.uncertain }
    };
    let current = [fails_now(x), fails_now(y)];
    let grey = ui.visuals().text_color().gamma_multiply(0.6);
    // The legend sits above the plot, never on the data.
    ui.horizontal_wrapped(|ui| {
        legend_mark(ui, Mark::Circle, grey);
        ui.label("packages (bigger: more of them)");
        legend_mark(ui, Mark::Square, theme::FRONTIER);
        ui.label("frontier");
        legend_mark(ui, Mark::Diamond, theme::CURRENT);
        ui.label("current scenario");
        if !inputs.marked.is_empty() {
            legend_mark(ui, Mark::Cross, theme::PROPOSAL);
            ui.label("proposals, by number");
        }
    });
    let fails = |failing: &[(usize, usize)], party: usize| {
        failing
            .get(party)
            .map_or(0, |(b, u)| b + if inputs.uncertain_ok { 0 } else { *u })
    };
    let marked: Vec<(&str, [usize; 2])> = inputs
        .marked
        .iter()
        .map(|m| {
            (
                m.label.as_str(),
                [fails(&m.failing, x), fails(&m.failing, y)],
            )
        })
        .collect();
    let highest = merged
        .iter()
        .flat_map(|(k, _)| k.iter())
        .chain(current.iter())
        .chain(marked.iter().flat_map(|(_, k)| k.iter()))
        .copied()
        .max()
        .unwrap_or(0) as f64;
    let chosen = inputs
        .selected_point
        .as_ref()
        .filter(|s| s.result == generation && s.axes == (x, y))
        .map(|s| s.point);
    let ring = ui.visuals().text_color();
    let response = Plot::new("trade_off")
        .height(320.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_x(-0.5)
        .include_y(-0.5)
        .include_x(highest + 0.5)
        .include_y(highest + 0.5)
        .x_axis_label(format!(
            "{} for {}",
            failing_words(inputs.uncertain_ok),
            model.parties[x].name
        ))
        .y_axis_label(format!(
            "{} for {}",
            failing_words(inputs.uncertain_ok),
            model.parties[y].name
        ))
        .x_axis_formatter(crate::ui::widgets::ticks::counts)
        .y_axis_formatter(crate::ui::widgets::ticks::counts)
        .show(ui, |plot| {
            for (key, count) in &merged {
                let radius = 3.0 + 12.0 * (count / max).sqrt() as f32;
                plot.points(
                    Points::new("packages", vec![[key[0] as f64, key[1] as f64]])
                        .radius(radius)
                        .color(grey),
                );
            }
            let line: Vec<[f64; 2]> = frontier
                .iter()
                .map(|k| [k[0] as f64, k[1] as f64])
                .collect();
            plot.line(
                Line::new("frontier", PlotPoints::from(line.clone()))
                    .color(theme::FRONTIER)
                    .width(2.5)
                    .allow_band(false),
            );
            // As marks too: a frontier of one point has no line to see.
            plot.points(
                Points::new("frontier", line)
                    .radius(7.0)
                    .shape(egui_plot::MarkerShape::Square)
                    .color(theme::FRONTIER),
            );
            plot.points(
                Points::new(
                    "current scenario",
                    vec![[current[0] as f64, current[1] as f64]],
                )
                .radius(10.0)
                .shape(egui_plot::MarkerShape::Diamond)
                .color(theme::CURRENT),
            );
            // Proposals that share a point share one label: "2, 5".
            let mut labelled: Vec<([usize; 2], Vec<&str>)> = Vec::new();
            for (label, k) in &marked {
                match labelled.iter_mut().find(|(at, _)| at == k) {
                    Some((_, labels)) => labels.push(label),
                    None => labelled.push((*k, vec![label])),
                }
            }
            for (k, labels) in labelled {
                let at = [k[0] as f64, k[1] as f64];
                plot.points(
                    Points::new("proposals", vec![at])
                        .radius(9.0)
                        .shape(egui_plot::MarkerShape::Cross)
                        .color(theme::PROPOSAL),
                );
                plot.text(
                    egui_plot::Text::new(
                        "proposals",
                        egui_plot::PlotPoint::new(at[0] + 0.18, at[1] + 0.18),
                        RichText::new(labels.join(", "))
                            .strong()
                            .color(theme::PROPOSAL),
                    )
                    .anchor(egui::Align2::LEFT_BOTTOM),
                );
            }
            // The point whose packages are listed below, ringed.
            if let Some(k) = chosen {
                plot.points(
                    Points::new("selected", vec![[k[0] as f64, k[1] as f64]])
                        .radius(16.0)
                        .filled(false)
                        .color(ring),
                );
            }
            plot.pointer_coordinate()
        });
    if response.response.clicked()
        && let Some(at) = response.inner
    {
        let nearest = merged.iter().min_by(|a, b| {
            let d = |k: &[usize; 2]| (k[0] as f64 - at.x).powi(2) + (k[1] as f64 - at.y).powi(2);
            d(&a.0).total_cmp(&d(&b.0))
        });
        inputs.selected_point = nearest.map(|(k, _)| SelectedPoint {
            result: generation,
            axes: (x, y),
            point: *k,
        });
    }
    let selected = inputs
        .selected_point
        .clone()
        .filter(|s| s.result == generation && s.axes == (x, y));
    if let Some(SelectedPoint { point, .. }) = selected {
        ui.label(
            RichText::new(format!(
                "Packages with {} for {} and {} for {} ({}):",
                point[0],
                model.parties[x].short,
                point[1],
                model.parties[y].short,
                failing_words(inputs.uncertain_ok)
            ))
            .strong(),
        );
        let mut shown = 0;
        for (_, _, packages) in points
            .iter()
            .filter(|(f, _, _)| f[x] == point[0] && f[y] == point[1])
        {
            for package in packages.iter().take(5) {
                shown += 1;
                ui.horizontal_wrapped(|ui| {
                    load_button(
                        ui,
                        doc,
                        &format!("Load point package {shown}"),
                        package,
                        commands,
                    );
                    changes(ui, doc, package);
                });
                party_counts(ui, model, inputs, package);
                if shown >= 20 {
                    return;
                }
            }
        }
    }
}
