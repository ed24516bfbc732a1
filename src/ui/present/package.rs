//! The package on the slide, whole: as a column beside the red lines, or as a wrapped strip
//! under a chart, a comparison or a search; what changed since the previous step first, marked.

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontId, TextFormat};

use crate::model::Document;
use crate::ui::widgets::theme;
use crate::ui::widgets::theme::text_size;

/// The whole package as a column, one position a line, what changed since the previous step
/// first and marked. The type is the largest that fits the column's height; only where even
/// the smallest does not fit does it scroll, and then it says there is more.
pub(crate) fn package_column(
    ui: &mut egui::Ui,
    doc: &Document,
    changed: &[String],
    s: f32,
    dark: bool,
) {
    let width = ui.available_width();
    let height = ui.available_height();
    let jobs_at = |ui: &egui::Ui, size: f32| package_jobs(ui, doc, changed, size * s, dark, width);
    let size = [text_size::BODY, text_size::DETAIL, text_size::NOTE]
        .into_iter()
        .find(|size| {
            let jobs = jobs_at(ui, *size);
            let total: f32 = ui.fonts_mut(|f| {
                jobs.into_iter()
                    .map(|job| f.layout_job(job).size().y + 4.0 * s)
                    .sum()
            });
            total <= height
        })
        .unwrap_or(text_size::SMALL);
    let jobs = jobs_at(ui, size);
    let area = egui::ScrollArea::vertical()
        .id_salt("present_package_column")
        .auto_shrink([false, true]);
    crate::ui::widgets::scrolled::scrolled(ui, area, true, s, |ui| {
        ui.spacing_mut().item_spacing.y = 4.0 * s;
        for job in jobs {
            ui.add(egui::Label::new(job).wrap());
        }
    });
}

/// The package one position a line, in the type a note has on the slide: under the red lines,
/// inside their scroll, where the screen is too narrow for a column beside them.
pub(crate) fn package_lines(
    ui: &mut egui::Ui,
    doc: &Document,
    changed: &[String],
    s: f32,
    dark: bool,
) {
    let width = ui.available_width();
    for job in package_jobs(ui, doc, changed, text_size::NOTE * s, dark, width) {
        ui.add(egui::Label::new(job).wrap());
    }
}

/// The package in one wrapped strip, what changed since the previous step first and marked:
/// for steps whose middle holds a chart, a comparison or a search.
pub(crate) fn package_strip(
    ui: &mut egui::Ui,
    doc: &Document,
    changed: &[String],
    s: f32,
    dark: bool,
) {
    let mut strip = LayoutJob::default();
    let mut after_heading = true;
    for part in package_parts(doc, changed) {
        // A heading is set off from what came before; picks after it are not dotted off it.
        let gap = match (&part, after_heading) {
            (PackagePart::Heading(_), _) if strip.text.is_empty() => "",
            (PackagePart::Heading(_), _) => "     ",
            (PackagePart::Pick(..), true) => " ",
            (PackagePart::Pick(..), false) => "  ·  ",
        };
        after_heading = matches!(part, PackagePart::Heading(_));
        let format = TextFormat {
            font_id: FontId::proportional(text_size::NOTE * s),
            ..Default::default()
        };
        strip.append(gap, 0.0, format);
        append_part(ui, &mut strip, &part, text_size::NOTE * s, dark);
    }
    strip.wrap = TextWrapping::wrap_at_width(ui.available_width());
    ui.add(egui::Label::new(strip).wrap());
}

/// The package's lines, one a line.
fn package_jobs(
    ui: &egui::Ui,
    doc: &Document,
    changed: &[String],
    size: f32,
    dark: bool,
    width: f32,
) -> Vec<LayoutJob> {
    package_parts(doc, changed)
        .into_iter()
        .map(|part| {
            let mut job = LayoutJob::default();
            append_part(ui, &mut job, &part, size, dark);
            job.wrap = TextWrapping::wrap_at_width(width);
            job
        })
        .collect()
}

/// A piece of the package as the room reads it.
enum PackagePart<'a> {
    Heading(&'static str),
    /// A position, and whether its pick changed since the last step.
    Pick(&'a crate::model::Position, &'a crate::model::Pick, bool),
}

/// What changed ("Changed since the last step"), then the rest ("Unchanged"); or, with no
/// step before, "The package".
fn package_parts<'a>(doc: &'a Document, changed: &[String]) -> Vec<PackagePart<'a>> {
    let picks = |want_changed: bool| {
        doc.model.positions.iter().filter_map(move |p| {
            let is_changed = changed.contains(&p.id);
            (is_changed == want_changed)
                .then(|| {
                    doc.pick(&p.id)
                        .map(|pick| PackagePart::Pick(p, pick, is_changed))
                })
                .flatten()
        })
    };
    let mut parts = Vec::new();
    if changed.is_empty() {
        parts.push(PackagePart::Heading("The package:"));
        parts.extend(picks(false));
    } else {
        parts.push(PackagePart::Heading("Changed since the last step:"));
        parts.extend(picks(true));
        let rest: Vec<PackagePart> = picks(false).collect();
        if !rest.is_empty() {
            parts.push(PackagePart::Heading("Unchanged:"));
            parts.extend(rest);
        }
    }
    parts
}

fn append_part(ui: &egui::Ui, job: &mut LayoutJob, part: &PackagePart, size: f32, dark: bool) {
    let plain = |color: Color32| TextFormat {
        font_id: FontId::proportional(size),
        color,
        ..Default::default()
    };
    let weak = ui.visuals().weak_text_color();
    match part {
        PackagePart::Heading(words) => job.append(words, 0.0, plain(weak)),
        PackagePart::Pick(position, pick, is_changed) => {
            let mut value = plain(if *is_changed {
                theme::highlight(dark)
            } else {
                ui.visuals().text_color()
            });
            if *is_changed {
                value.background = theme::highlight(dark).gamma_multiply(0.2);
            }
            job.append(&format!("{}: ", position.title), 0.0, plain(weak));
            job.append(&position.describe_pick(pick), 0.0, value);
        }
    }
}
