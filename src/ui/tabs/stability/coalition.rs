//! Parties acting together: the coalition the user ticks, judged as one party at the package.

use super::*;

/// Parties to tick, and this package judged for them acting as one.
pub(super) fn coalition(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut StabilityState,
    analysis: &Arc<Analysis>,
) {
    ui.add_space(6.0);
    ui.label(RichText::new("Parties acting together").strong());
    ui.label(
        RichText::new(
            "Tick two or more to judge this package for them as one: their moves are any \
             sequence of their own moves, an improvement is a package every one of them \
             prefers, and only the parties outside answer.",
        )
        .weak(),
    );
    ui.horizontal_wrapped(|ui| {
        for party in &doc.model.parties {
            let mut ticked = state.coalition.contains(&party.id);
            if ui.checkbox(&mut ticked, &party.name).changed() {
                if ticked {
                    state.coalition.push(party.id.clone());
                } else {
                    state.coalition.retain(|id| id != &party.id);
                }
            }
        }
    });
    let live = ui.is_enabled();
    match state.together(ui.ctx(), &doc.model, analysis, live) {
        CoalitionAnswer::TooFew => {
            let ticked = doc
                .model
                .parties
                .iter()
                .filter(|p| state.coalition.contains(&p.id));
            if ticked.count() == 1 {
                ui.label(RichText::new("Tick one more party.").weak());
            }
        }
        CoalitionAnswer::Judging(before) => {
            if live {
                ui.label("Judging the coalition…");
            }
            if let Some(together) = before {
                ui.add_enabled_ui(false, |ui| show_together(ui, &together));
            }
        }
        CoalitionAnswer::Judged(together) => {
            show_together(ui, &together);
            over_every_package(ui, analysis, &together);
        }
    }
}

/// How many of the equilibria still hold with the coalition acting as one, per concept.
fn over_every_package(ui: &mut egui::Ui, analysis: &Analysis, together: &Together) {
    if analysis.equilibria.is_empty() {
        return;
    }
    let counts: Vec<String> = Concept::ALL
        .iter()
        .zip(together.kept.iter().zip(analysis.counts))
        .map(|(c, (kept, all))| {
            format!(
                "{} {} of {}",
                c.name(),
                format_count(*kept as f64),
                format_count(all as f64)
            )
        })
        .collect();
    ui.label(format!(
        "Over every package: of the equilibria (stable for every party alone), these hold with \
         them acting as one: {}. The Equilibria table below says which.",
        counts.join(" · ")
    ));
}

/// A coalition's marks under each concept, and why.
pub(super) fn show_together(ui: &mut egui::Ui, together: &Together) {
    egui::Grid::new("stability_coalition").show(ui, |ui| {
        ui.label("");
        for c in Concept::ALL {
            ui.label(RichText::new(c.name()).strong());
        }
        ui.end_row();
        ui.label("Together");
        for &s in &together.marks {
            ui.label(mark(s));
        }
        ui.end_row();
    });
    egui::CollapsingHeader::new("Why: together")
        .id_salt("stability_why_together")
        .show(ui, |ui| {
            for line in &together.lines {
                ui.label(line.trim_start());
            }
        });
}
