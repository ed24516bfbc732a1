//! A small conflict drawn whole, as GMCR+'s visualizer draws it but live: each package a node,
//! each party's moves arrows in its colour (bold where the party gains), the equilibria marked
//! per concept, the package on the table ringed and its paths of improvements lit. A click on a
//! node puts that package on the table.

use egui::{FontId, Pos2, Stroke, Vec2};

use super::equilibria::near;
use super::{Analysis, Small};
use crate::model::Document;
use crate::model::edit::Edit;
use crate::model::stability::Concept;
use crate::ui::command::Command;
use crate::ui::widgets::theme;
use crate::ui::widgets::theme::text_size;

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    analysis: &Analysis,
    small: &Small,
    commands: &mut Vec<Command>,
) {
    let (conflict, states) = &*analysis.graph;
    let n = states.len();
    let dark = ui.visuals().dark_mode;
    ui.add_space(8.0);
    ui.heading("The moves, drawn");
    ui.label(
        egui::RichText::new(
            "Each package is a circle; each arrow a move one party can make on its own, in its \
             colour, bold where that party gains by it. The ringed circle is the package on the \
             table; lit arrows are its paths of improvements. Under a circle: the concepts it \
             is an equilibrium under. Click a circle to put that package on the table.",
        )
        .weak(),
    );
    ui.horizontal_wrapped(|ui| {
        for (i, party) in doc.model.parties.iter().enumerate() {
            ui.label(
                egui::RichText::new(format!("━ {}", party.name))
                    .color(theme::party_text_colour(party, i, dark)),
            );
        }
    });
    let grid = small.table.as_ref();
    let width = ui
        .available_width()
        .min(if grid.is_some() { 560.0 } else { 760.0 });
    let height = if grid.is_some() {
        width * 0.6
    } else {
        width * 0.8
    };
    let (rect, _) = ui.allocate_exact_size(Vec2::new(width, height), egui::Sense::hover());
    let radius = if n <= 16 { 16.0 } else { 10.0 };
    // Room around the nodes for their names and marks.
    let inner = rect.shrink2(Vec2::new(width * 0.18, height * 0.14));
    let at: Vec<Pos2> = match grid {
        Some(table) => {
            let mut at = vec![inner.center(); n];
            for (r, row) in table.cells.iter().enumerate() {
                for (c, &state) in row.iter().enumerate() {
                    at[state] = Pos2::new(
                        egui::lerp(inner.left()..=inner.right(), c as f32),
                        egui::lerp(inner.top()..=inner.bottom(), r as f32),
                    );
                }
            }
            at
        }
        None => (0..n)
            .map(|s| {
                let angle =
                    std::f32::consts::TAU * s as f32 / n as f32 - std::f32::consts::FRAC_PI_2;
                inner.center()
                    + Vec2::new(
                        angle.cos() * inner.width() / 2.0,
                        angle.sin() * inner.height() / 2.0,
                    )
            })
            .collect(),
    };
    let painter = ui.painter_at(rect);
    let lit = theme::highlight(dark);
    for (p, party) in doc.model.parties.iter().enumerate() {
        let colour = theme::party_colour(party, p);
        for s in 0..n {
            for t in conflict.moves[p].from(s) {
                if t == s {
                    continue;
                }
                let gains = conflict.payoff[p][t] > conflict.payoff[p][s];
                let on_path = small.path_moves.contains(&(p, s, t));
                let (from, to) = (at[s], at[t]);
                let along = (to - from).normalized();
                // To the right of travel, so a move and its way back are two arrows.
                let aside = along.rot90() * 4.0;
                let start = from + along * radius + aside;
                let end = to - along * (radius + 2.0) + aside;
                if on_path {
                    painter.line_segment([start, end], Stroke::new(8.0, lit.gamma_multiply(0.45)));
                }
                let stroke = if gains {
                    Stroke::new(2.5, colour)
                } else {
                    Stroke::new(1.0, colour.gamma_multiply(0.55))
                };
                painter.line_segment([start, end], stroke);
                let head = 8.0;
                for turn in [0.45_f32, -0.45] {
                    let back = egui::emath::Rot2::from_angle(turn) * (-along) * head;
                    painter.line_segment([end, end + back], stroke);
                }
            }
        }
    }
    let font = FontId::proportional(text_size::SMALL);
    let ink = ui.visuals().text_color();
    let fill = ui.visuals().extreme_bg_color;
    for (s, &centre) in at.iter().enumerate() {
        let name = &small.names[s];
        let id = ui.scope_id().with(("stability_graph_state", s));
        let node = egui::Rect::from_center_size(centre, Vec2::splat(radius * 2.0));
        let response = ui.interact(node, id, egui::Sense::click());
        let label = format!("Put {name} on the table");
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, ui.is_enabled(), &label));
        let here = s == analysis.sq;
        let stroke = if here {
            Stroke::new(4.0, lit)
        } else if response.hovered() {
            Stroke::new(2.5, ink)
        } else {
            Stroke::new(1.5, ink.gamma_multiply(0.7))
        };
        painter.circle(centre, radius, fill, stroke);
        let marks: Vec<&str> = Concept::ALL
            .iter()
            .zip(&small.marks[s])
            .filter(|(_, m)| **m)
            .map(|(c, _)| c.name())
            .collect();
        // The name beside a few nodes; a number in each of many, the name on hover.
        let words = if n <= 16 {
            name.clone()
        } else {
            painter.text(
                centre,
                egui::Align2::CENTER_CENTER,
                (s + 1).to_string(),
                font.clone(),
                ink,
            );
            String::new()
        };
        let below = [words, marks.join(" · ")]
            .into_iter()
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        // Outside the drawing, away from the arrows between the nodes.
        let (offset, anchor) = if centre.y < inner.center().y - 1.0 {
            (Vec2::new(0.0, -radius - 4.0), egui::Align2::CENTER_BOTTOM)
        } else {
            (Vec2::new(0.0, radius + 4.0), egui::Align2::CENTER_TOP)
        };
        if !below.is_empty() {
            painter.text(
                centre + offset,
                anchor,
                below,
                font.clone(),
                if marks.is_empty() { ink } else { theme::STABLE },
            );
        }
        let response = response.on_hover_text(format!("{name}\n{}", click_words(here)));
        if response.clicked() && !here {
            let values: Vec<_> = states
                .domains
                .iter()
                .zip(&states.package(s))
                .map(|(d, &v)| (d.position.clone(), d.values[usize::from(v)].clone()))
                .collect();
            commands.push(Command::Edit {
                edit: Edit::SetChoices(near(&doc.scenario.choices, &values)),
                merge: false,
            });
        }
    }
}

fn click_words(here: bool) -> &'static str {
    if here {
        "The package on the table now"
    } else {
        "Click to put it on the table (Ctrl+Z undoes)"
    }
}
