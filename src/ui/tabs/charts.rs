//! Charts: verdicts per party as stacked bars, and for each number position a sweep that shows
//! where along its range red lines start to break, and whose.

use egui::RichText;
use egui_plot::{Bar, BarChart, Line, LineStyle, Plot, PlotPoints, Points, VLine};

use crate::model::space::sweep;
use crate::model::{Document, Evaluation, Pick, PositionKind, Verdict};

use crate::ui::widgets::theme;

pub fn show(ui: &mut egui::Ui, doc: &Document, evaluation: &Evaluation) {
    let area = egui::ScrollArea::vertical()
        .id_salt("charts_tab")
        .auto_shrink([false, false]);
    crate::ui::widgets::scrolled::tab_area(ui, area, |ui| {
        ui.heading("Red lines per party");
        verdict_bars(ui, doc, evaluation);
        for position in &doc.model.positions {
            if let PositionKind::Number(spec) = &position.kind {
                ui.add_space(12.0);
                ui.heading(format!("Sweep: {}", position.title));
                ui.label(
                    RichText::new(format!(
                        "Broken red lines per party as {} moves over its range, every other choice held as it is now.",
                        position.title
                    ))
                    .weak(),
                );
                sweep_plot(ui, doc, position, spec);
            }
        }
    });
}

fn verdict_bars(ui: &mut egui::Ui, doc: &Document, evaluation: &Evaluation) {
    let dark = ui.visuals().dark_mode;
    let chart = |verdict: Verdict, count: &dyn Fn(usize) -> usize| {
        let bars = (0..evaluation.parties.len())
            .map(|i| {
                Bar::new(i as f64, count(i) as f64)
                    .width(0.6)
                    .name(&doc.model.parties[i].name)
            })
            .collect();
        BarChart::new(verdict.as_str(), bars).color(theme::verdict_colour(verdict, dark))
    };
    let breaks = chart(Verdict::Breaks, &|i| evaluation.parties[i].breaks);
    let uncertain =
        chart(Verdict::Uncertain, &|i| evaluation.parties[i].uncertain).stack_on(&[&breaks]);
    let holds =
        chart(Verdict::Holds, &|i| evaluation.parties[i].holds).stack_on(&[&breaks, &uncertain]);
    let names: Vec<String> = doc.model.parties.iter().map(|p| p.short.clone()).collect();
    // The legend sits above the bars, in the order they stack, never on them.
    ui.horizontal_wrapped(|ui| {
        for verdict in [Verdict::Breaks, Verdict::Uncertain, Verdict::Holds] {
            swatch(ui, theme::verdict_colour(verdict, dark), LineStyle::Solid);
            ui.label(format!("{} {}", verdict.symbol(), verdict.as_str()));
        }
    });
    let most = evaluation
        .parties
        .iter()
        .map(|p| p.breaks + p.uncertain + p.holds)
        .max()
        .unwrap_or(0) as f64;
    Plot::new("verdict_bars")
        .height(220.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(most + 0.5)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_label("red lines")
        .y_axis_formatter(crate::ui::widgets::ticks::counts)
        .show(ui, |plot| {
            plot.bar_chart(breaks);
            plot.bar_chart(uncertain);
            plot.bar_chart(holds);
        });
}

fn sweep_plot(
    ui: &mut egui::Ui,
    doc: &Document,
    position: &crate::model::Position,
    spec: &crate::model::types::NumberSpec,
) {
    let steps = sweep(&doc.model, &doc.scenario.choices, position);
    let span = (spec.max - spec.min).max(1.0);
    // "No limit" sits just past the top of the range.
    let no_limit_x = spec.max + span * 0.12;
    let current = doc.pick(&position.id).cloned();
    let parties = &doc.model.parties;
    let unit = spec.unit.clone();
    let no_limit_label = spec.no_limit.clone().unwrap_or_default();
    let highest = steps
        .iter()
        .flat_map(|s| s.breaks.iter())
        .copied()
        .max()
        .unwrap_or(0) as f64;
    // Bounds and the current value are labelled on the axis; the rest of the grid is noise.
    let mut marks: Vec<f64> = steps
        .iter()
        .filter_map(|s| s.value.range.map(|(from, _)| from))
        .collect();
    marks.push(spec.max);
    if spec.no_limit.is_some() {
        marks.push(no_limit_x);
    }
    // Parties in card order, each its colour and its own line style, so parties at the same
    // count stay apart; the legend sits above the plot.
    ui.horizontal_wrapped(|ui| {
        for (p, party) in parties.iter().enumerate() {
            swatch(ui, theme::party_colour(party, p), line_style(p));
            ui.label(&party.name);
        }
        match current {
            Some(Pick::Value(_) | Pick::NoLimit) => {
                swatch(ui, ui_weak(), LineStyle::Solid);
                ui.label("current choice");
            }
            Some(Pick::NotAddressed) => {
                ui.label(format!(
                    "(the package leaves {} not addressed)",
                    position.title
                ));
            }
            _ => {}
        }
    });
    Plot::new(("sweep", &position.id))
        .height(280.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(highest + 0.6)
        .x_grid_spacer(move |_| {
            marks
                .iter()
                .map(|&value| egui_plot::GridMark {
                    value,
                    step_size: span,
                })
                .collect()
        })
        .include_x(spec.min)
        // Room past the last mark, so its label is not clipped at the edge.
        .include_x(if spec.no_limit.is_some() {
            no_limit_x + span * 0.06
        } else {
            spec.max + span * 0.02
        })
        .x_axis_label(if unit.is_empty() {
            position.title.clone()
        } else {
            format!("{} ({unit})", position.title)
        })
        .y_axis_label("broken red lines")
        .y_axis_formatter(crate::ui::widgets::ticks::counts)
        .x_axis_formatter(move |mark, _| {
            if mark.value > spec.max {
                no_limit_label.clone()
            } else {
                compact_number(mark.value)
            }
        })
        .show(ui, |plot| {
            for (p, party) in parties.iter().enumerate() {
                let colour = theme::party_colour(party, p);
                // Lines at the same count stay visible by width and style, never by moving
                // them off their true count: earlier parties are drawn wider, underneath.
                let width = (5.0 - p as f32 * 1.0).max(1.5);
                let mut points = Vec::new();
                let mut no_limit = None;
                for step in &steps {
                    let y = step.breaks[p] as f64;
                    match (step.value.range, &step.value.pick) {
                        (Some((from, to)), _) => {
                            points.push([from, y]);
                            points.push([to, y]);
                        }
                        (None, Pick::NoLimit) => no_limit = Some([no_limit_x, y]),
                        _ => {}
                    }
                }
                // A step puts two points at one x, which egui_plot's band shortcut draws as a
                // wedge; plain lines keep the steps square.
                plot.line(
                    Line::new(party.name.clone(), PlotPoints::from(points))
                        .color(colour)
                        .width(width)
                        .style(line_style(p))
                        .allow_band(false),
                );
                if let Some(point) = no_limit {
                    plot.points(
                        Points::new(party.name.clone(), vec![point])
                            .color(colour)
                            .radius(width + 3.5),
                    );
                }
            }
            let x = match current {
                Some(Pick::Value(v)) => Some(v),
                Some(Pick::NoLimit) => Some(no_limit_x),
                _ => None,
            };
            if let Some(x) = x {
                plot.vline(VLine::new("current choice", x).color(ui_weak()).width(2.0));
                // The value on the table, said where its line is.
                let words = match current {
                    Some(Pick::Value(v)) if unit.is_empty() => {
                        format!("now: {}", compact_number(v))
                    }
                    Some(Pick::Value(v)) => format!("now: {} {unit}", compact_number(v)),
                    _ => "now: no limit".to_owned(),
                };
                let anchor = if x > spec.min + span * 0.7 {
                    egui::Align2::RIGHT_BOTTOM
                } else {
                    egui::Align2::LEFT_BOTTOM
                };
                plot.text(
                    egui_plot::Text::new(
                        "current value",
                        egui_plot::PlotPoint::new(x, highest + 0.5),
                        words,
                    )
                    .color(ui_weak())
                    .anchor(anchor),
                );
            }
        });
}

/// A party's line style in the sweep: the same order everywhere.
fn line_style(party: usize) -> LineStyle {
    match party % 4 {
        0 => LineStyle::Solid,
        1 => LineStyle::dashed_loose(),
        2 => LineStyle::dotted_dense(),
        _ => LineStyle::dashed_dense(),
    }
}

/// A legend's sample: a short line in the colour and style it stands for.
fn swatch(ui: &mut egui::Ui, colour: egui::Color32, style: LineStyle) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(28.0, 14.0), egui::Sense::hover());
    let (a, b) = (rect.left_center(), rect.right_center());
    let stroke = egui::Stroke::new(3.0, colour);
    let painter = ui.painter();
    match style {
        LineStyle::Solid => {
            painter.line_segment([a, b], stroke);
        }
        LineStyle::Dashed { length } => {
            painter.extend(egui::Shape::dashed_line(
                &[a, b],
                stroke,
                length,
                length / 2.0,
            ));
        }
        LineStyle::Dotted { spacing } => {
            painter.extend(egui::Shape::dotted_line(&[a, b], colour, spacing, 1.5));
        }
    }
}

fn ui_weak() -> egui::Color32 {
    egui::Color32::from_gray(140)
}

/// Axis labels: "800k", "1.5M", so neighbouring bounds do not collide.
fn compact_number(v: f64) -> String {
    let (scaled, suffix) = match v.abs() {
        a if a >= 1e6 => (v / 1e6, "M"),
        a if a >= 1e4 => (v / 1e3, "k"),
        _ => (v, ""),
    };
    let text = format!("{scaled:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{suffix}")
}
