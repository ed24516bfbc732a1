//! The non-modal problems panel: load errors and warnings, one per line, with file:line:column.

use egui::RichText;

use super::app::ProblemReport;

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
            for line in &report.lines {
                ui.add(egui::Label::new(RichText::new(line).monospace()).wrap());
            }
        });
    ui.add_space(4.0);
    dismissed
}
