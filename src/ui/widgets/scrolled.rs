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

/// While presenting, ↓ and ↑ scroll what does not fit, and a strip under the area says when
/// there is more below or above: nothing is out of reach of the keyboard, or out of sight
/// unannounced, and the marks cover nothing (the strip is kept whether or not they show, so
/// the slide does not move as they come and go).
pub fn scrolled<R>(
    ui: &mut egui::Ui,
    area: egui::ScrollArea,
    presenting: bool,
    s: f32,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let font = FontId::proportional(text_size::NOTE * s);
    let strip = if presenting {
        ui.fonts_mut(|f| f.row_height(&font)) + 8.0
    } else {
        0.0
    };
    let delta = if presenting {
        ui.input(|i| {
            f32::from(u8::from(i.key_pressed(egui::Key::ArrowUp)))
                - f32::from(u8::from(i.key_pressed(egui::Key::ArrowDown)))
        }) * 80.0
            * s
    } else {
        0.0
    };
    let area = if presenting {
        area.max_height((ui.available_height() - strip).max(strip))
    } else {
        area
    };
    let out = area.show(ui, |ui| {
        if delta != 0.0 {
            ui.scroll_with_delta(egui::vec2(0.0, delta));
        }
        add(ui)
    });
    if !presenting {
        return out.inner;
    }
    let offset = out.state.clamped_offset().y;
    let below = out.content_size.y - out.inner_rect.height() - offset;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(out.inner_rect.width(), strip),
        egui::Sense::hover(),
    );
    let words = match (offset > 1.0, below > 1.0) {
        (true, true) => "↑ more above   ↓ more below",
        (true, false) => "↑ more above",
        (false, true) => "↓ more below",
        (false, false) => return out.inner,
    };
    let painter = ui.painter_at(rect);
    let text = painter.layout_no_wrap(words.to_owned(), font, ui.visuals().strong_text_color());
    let mark = egui::Align2::RIGHT_CENTER
        .anchor_size(rect.right_center(), text.size())
        .expand(3.0);
    painter.rect_filled(mark, 4.0, ui.visuals().extreme_bg_color);
    painter.galley(mark.shrink(3.0).min, text, Color32::PLACEHOLDER);
    out.inner
}
