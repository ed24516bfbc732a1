//! A scroll area that, while presenting, moves with ↓ and ↑ and says when there is more.

use crate::ui::widgets::theme::text_size;
use egui::{Color32, FontId};

/// A tab's scroll area: on a slide (where [`theme::as_slide`] has made the tab read-only) it
/// moves with ↓ and ↑ as the slide's own lists do, since a read-only area takes no wheel.
///
/// [`theme::as_slide`]: crate::ui::widgets::theme::as_slide
pub fn tab_area<R>(
    ui: &mut egui::Ui,
    area: egui::ScrollArea,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let on_slide = !ui.is_enabled();
    let s = crate::ui::widgets::theme::sized(ui, 1.0);
    scrolled(ui, area, on_slide, s, add)
}

/// While presenting, ↓ and ↑ scroll what does not fit, and marks in the corners say there is
/// more below or above: nothing is out of reach of the keyboard, or out of sight unannounced.
pub fn scrolled<R>(
    ui: &mut egui::Ui,
    area: egui::ScrollArea,
    presenting: bool,
    s: f32,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let delta = if presenting {
        ui.input(|i| {
            f32::from(u8::from(i.key_pressed(egui::Key::ArrowUp)))
                - f32::from(u8::from(i.key_pressed(egui::Key::ArrowDown)))
        }) * 80.0
            * s
    } else {
        0.0
    };
    let out = area.show(ui, |ui| {
        if delta != 0.0 {
            ui.scroll_with_delta(egui::vec2(0.0, delta));
        }
        add(ui)
    });
    let offset = out.state.clamped_offset().y;
    let below = out.content_size.y - out.inner_rect.height() - offset;
    if presenting {
        let painter = ui.painter_at(out.inner_rect);
        let mark = |text: &str, corner: egui::Align2, at: egui::Pos2| {
            let text = painter.layout_no_wrap(
                text.to_owned(),
                FontId::proportional(text_size::NOTE * s),
                ui.visuals().strong_text_color(),
            );
            let rect = corner.anchor_size(at, text.size()).expand(4.0);
            painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
            painter.galley(rect.shrink(4.0).min, text, Color32::PLACEHOLDER);
        };
        if offset > 1.0 {
            mark(
                "↑ more above",
                egui::Align2::RIGHT_TOP,
                out.inner_rect.right_top(),
            );
        }
        if below > 1.0 {
            mark(
                "↓ more below",
                egui::Align2::RIGHT_BOTTOM,
                out.inner_rect.right_bottom(),
            );
        }
    }
    out.inner
}
