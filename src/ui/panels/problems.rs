//! The non-modal problems panel: load errors and warnings, one per line, with file:line:column.

use egui::RichText;

use crate::ui::state::ProblemReport;

/// The most problems listed; the rest are counted.
pub const MAX_SHOWN: usize = 200;

/// Returns whether the user dismissed the report.
pub fn show(ui: &mut egui::Ui, report: &ProblemReport) -> bool {
    let colour = if report.is_error {
        ui.visuals().error_fg_color
    } else {
        ui.visuals().warn_fg_color
    };
    let mut dismissed = false;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(if report.is_error { "⚠ " } else { "ℹ " })
                .color(colour)
                .strong(),
        );
        ui.label(RichText::new(&report.heading).color(colour).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            dismissed = ui.button("Dismiss").clicked();
        });
    });
    egui::ScrollArea::vertical()
        .max_height(160.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            // A hostile file can hold a hundred thousand problems; nobody reads past the first.
            for line in report.lines.iter().take(MAX_SHOWN) {
                ui.add(egui::Label::new(RichText::new(line).monospace()).wrap());
            }
            if report.lines.len() > MAX_SHOWN {
                ui.label(format!(
                    "… and {} more (`redlines check` on the file lists them all)",
                    crate::model::types::format_number((report.lines.len() - MAX_SHOWN) as f64)
                ));
            }
        });
    ui.add_space(4.0);
    dismissed
}
