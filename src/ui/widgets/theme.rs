//! The design tokens: type sizes and colours, named here and nowhere else, so the desktop, the
//! slide (which multiplies sizes by its scale) and the handout grow together. Sizes are large
//! enough to read from the back of a room at 100% zoom.

use egui::{Color32, FontId, TextStyle};

use crate::model::{Party, PartyStatus, Verdict};

/// Type sizes in points, smallest first. The slide multiplies them by its scale.
pub mod text_size {
    /// Hints, captions and the small text style.
    pub const SMALL: f32 = 13.0;
    /// Notes under a heading, a slide's hints and package strip.
    pub const NOTE: f32 = 14.0;
    /// Details beside body text; monospace.
    pub const DETAIL: f32 = 15.0;
    /// Body text and buttons.
    pub const BODY: f32 = 16.0;
    /// Headings inside a panel or window.
    pub const SUBHEADING: f32 = 17.0;
    /// A card's or section's title.
    pub const TITLE: f32 = 18.0;
    pub const LARGE: f32 = 20.0;
    /// The heading text style.
    pub const HEADING: f32 = 22.0;
    /// The slide's step title.
    pub const DISPLAY: f32 = 26.0;
}

/// Explore's trade-off plot: the frontier of best packages.
pub const FRONTIER: Color32 = Color32::from_rgb(0x42, 0xa5, 0xf5);
/// Explore's trade-off plot: the package on the table.
pub const CURRENT: Color32 = Color32::from_rgb(0xff, 0x70, 0x43);
/// Explore's trade-off plot: a negotiation's proposals.
pub const PROPOSAL: Color32 = Color32::from_rgb(0xab, 0x47, 0xbc);
/// The Stability tab: a stable state.
pub const STABLE: Color32 = Color32::from_rgb(0x2e, 0x9d, 0x4f);
/// The Stability tab: a state a party moves away from.
pub const MOVES: Color32 = Color32::from_rgb(0xd3, 0x3b, 0x3b);

pub fn install(ctx: &egui::Context) {
    // Ubuntu has no arrows (→ ↑ ↓) or ▏; the bundled monospace font has them, so they never
    // draw as empty boxes.
    let mut fonts = egui::FontDefinitions::default();
    if let Some(proportional) = fonts.families.get_mut(&egui::FontFamily::Proportional)
        && !proportional.iter().any(|f| f == "Hack")
    {
        proportional.push("Hack".to_owned());
    }
    ctx.set_fonts(fonts);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Small, FontId::proportional(text_size::SMALL)),
            (TextStyle::Body, FontId::proportional(text_size::BODY)),
            (TextStyle::Button, FontId::proportional(text_size::BODY)),
            (TextStyle::Heading, FontId::proportional(text_size::HEADING)),
            (TextStyle::Monospace, FontId::monospace(text_size::DETAIL)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.interact_size.y = 24.0;
        style.spacing.slider_width = 220.0;
    });
}

/// Verdict colours tuned per theme so that each reads on its background.
pub fn verdict_colour(verdict: Verdict, dark: bool) -> Color32 {
    match (verdict, dark) {
        (Verdict::Breaks, true) => Color32::from_rgb(0xff, 0x6b, 0x6b),
        (Verdict::Breaks, false) => Color32::from_rgb(0xc6, 0x28, 0x28),
        (Verdict::Uncertain, true) => Color32::from_rgb(0xff, 0xc1, 0x07),
        (Verdict::Uncertain, false) => Color32::from_rgb(0x9a, 0x5b, 0x00),
        (Verdict::Holds, true) => Color32::from_rgb(0x81, 0xc7, 0x84),
        (Verdict::Holds, false) => Color32::from_rgb(0x2e, 0x7d, 0x32),
    }
}

pub fn status_verdict(status: PartyStatus) -> Option<Verdict> {
    match status {
        PartyStatus::WouldReject => Some(Verdict::Breaks),
        PartyStatus::Unclear => Some(Verdict::Uncertain),
        PartyStatus::NoRedLineBroken => Some(Verdict::Holds),
        PartyStatus::NoRedLines => None,
    }
}

/// A status's colour on the desktop: its verdict's, or the weak text colour where there is none.
pub fn status_colour(status: PartyStatus, visuals: &egui::Visuals) -> Color32 {
    status_verdict(status).map_or(visuals.weak_text_color(), |v| {
        verdict_colour(v, visuals.dark_mode)
    })
}

/// A status's colour on the projector.
pub fn presenting_status_colour(status: PartyStatus, visuals: &egui::Visuals) -> Color32 {
    status_verdict(status).map_or(visuals.weak_text_color(), |v| {
        presenting_verdict_colour(v, visuals.dark_mode)
    })
}

/// The party's colour hint, or a stable fallback from its position.
pub fn party_colour(party: &Party, index: usize) -> Color32 {
    hint_colour(party.rgb(), index)
}

/// A colour hint (`#rrggbb` read), or a stable fallback from the party's position.
pub fn hint_colour(hint: Option<[u8; 3]>, index: usize) -> Color32 {
    const FALLBACK: [Color32; 6] = [
        Color32::from_rgb(0x1e, 0x88, 0xe5),
        Color32::from_rgb(0xe5, 0x39, 0x35),
        Color32::from_rgb(0x8e, 0x24, 0xaa),
        Color32::from_rgb(0xf9, 0xa8, 0x25),
        Color32::from_rgb(0x00, 0x89, 0x7b),
        Color32::from_rgb(0x6d, 0x4c, 0x41),
    ];
    hint.map_or(FALLBACK[index % FALLBACK.len()], |[r, g, b]| {
        Color32::from_rgb(r, g, b)
    })
}

/// The party colour for text on the current background: darkened on a light one, so amber
/// and yellow stay readable.
pub fn party_text_colour(party: &Party, index: usize, dark: bool) -> Color32 {
    hint_text_colour(party.rgb(), index, dark)
}

/// [`hint_colour`] for text on the current background: darkened on a light one.
pub fn hint_text_colour(hint: Option<[u8; 3]>, index: usize, dark: bool) -> Color32 {
    let c = hint_colour(hint, index);
    if dark {
        c
    } else {
        let [r, g, b, _] = c.to_array();
        let darken = |v: u8| (f32::from(v) * 0.62) as u8;
        Color32::from_rgb(darken(r), darken(g), darken(b))
    }
}

/// Black or white, whichever reads better on `background`.
pub fn text_on(background: Color32) -> Color32 {
    let [r, g, b, _] = background.to_array();
    let luma = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
    if luma > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// A small framed tag that never breaks inside: in a wrapping row it moves to the next line
/// whole.
pub fn tag(ui: &mut egui::Ui, text: egui::RichText, frame: egui::Frame) -> egui::Response {
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    let margins = frame.total_margin().sum().x;
    if ui.available_size_before_wrap().x < galley.size().x + margins + ui.spacing().item_spacing.x {
        ui.end_row();
    }
    frame.show(ui, |ui| ui.label(galley)).inner
}

/// A small filled chip with a party's short name, e.g. "UA".
pub fn party_chip(ui: &mut egui::Ui, party: &Party, index: usize) -> egui::Response {
    let fill = party_colour(party, index);
    let text = egui::RichText::new(&party.short)
        .small()
        .strong()
        .color(text_on(fill));
    let frame = egui::Frame::new()
        .fill(fill)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(4, 1));
    tag(ui, text, frame).on_hover_text(&party.name)
}

/// A quotation set off by a bar on its left, never in added quotation marks: a quote may carry
/// its own, and doubled marks misquote it.
pub fn block_quote(ui: &mut egui::Ui, text: egui::RichText) -> egui::Response {
    let bar = ui.visuals().widgets.noninteractive.fg_stroke.color;
    let inner = egui::Frame::new()
        .inner_margin(egui::Margin {
            left: 12,
            right: 0,
            top: 2,
            bottom: 2,
        })
        .show(ui, |ui| ui.label(text));
    let rect = inner.response.rect;
    ui.painter().vline(
        rect.left() + 3.0,
        rect.y_range(),
        egui::Stroke::new(3.0, bar.gamma_multiply(0.6)),
    );
    inner.inner
}

/// The look, everyday or (`presenting`) high-contrast for a projector, in light and dark. Both
/// draw a strong ring round the focused control, so keyboard users see where they are.
pub fn set_presenting(ctx: &egui::Context, presenting: bool) {
    for (theme, mut visuals) in [
        (egui::Theme::Dark, egui::Visuals::dark()),
        (egui::Theme::Light, egui::Visuals::light()),
    ] {
        let dark = theme == egui::Theme::Dark;
        // Focused controls take the "active" look: give it a ring that cannot be missed.
        visuals.widgets.active.bg_stroke = egui::Stroke::new(2.5, highlight(dark));
        // Each glyph drawn once, on whole pixels: sharper from the back of a room, and up to
        // four times fewer glyphs to rasterise in software on the first frame.
        visuals.text_options.subpixel_binning = false;
        if presenting {
            let (ink, paper) = if dark {
                (Color32::WHITE, Color32::BLACK)
            } else {
                (Color32::BLACK, Color32::WHITE)
            };
            visuals.override_text_color = Some(ink);
            visuals.panel_fill = paper;
            visuals.window_fill = paper;
            visuals.extreme_bg_color = paper;
            visuals.widgets.noninteractive.fg_stroke = egui::Stroke::new(1.5, ink);
            visuals.widgets.noninteractive.bg_stroke = egui::Stroke::new(1.5, ink);
            visuals.window_stroke = egui::Stroke::new(2.0, ink);
            visuals.selection.stroke = egui::Stroke::new(2.0, ink);
        }
        ctx.set_visuals_of(theme, visuals);
    }
}

/// `size` as the ui's type is scaled: on a slide ([`as_slide`]) bigger, on the desktop as is.
pub fn sized(ui: &egui::Ui, size: f32) -> f32 {
    let body = ui
        .style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(text_size::BODY, |f| f.size);
    size * body / text_size::BODY
}

/// A desktop tab drawn on a slide (a briefing's Charts or Explore step): its type at the slide's
/// size (`s` as the slide scales), and read-only, the room's screen being no place for
/// controls. Inert without being greyed: it must read from the back of the room.
pub fn as_slide(ui: &mut egui::Ui, s: f32) {
    let style = ui.style_mut();
    let body = style
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(text_size::BODY, |f| f.size);
    let factor = text_size::BODY * s / body;
    for font in style.text_styles.values_mut() {
        font.size *= factor;
    }
    style.spacing.item_spacing *= factor;
    style.spacing.interact_size *= factor;
    style.visuals.disabled_alpha = 1.0;
    ui.disable();
}

/// Verdict colours for the projector: the everyday ones, pushed to full strength.
pub fn presenting_verdict_colour(verdict: Verdict, dark: bool) -> Color32 {
    match (verdict, dark) {
        (Verdict::Breaks, true) => Color32::from_rgb(0xff, 0x55, 0x55),
        (Verdict::Breaks, false) => Color32::from_rgb(0xb0, 0x00, 0x00),
        (Verdict::Uncertain, true) => Color32::from_rgb(0xff, 0xd0, 0x00),
        (Verdict::Uncertain, false) => Color32::from_rgb(0x80, 0x4a, 0x00),
        (Verdict::Holds, true) => Color32::from_rgb(0x66, 0xee, 0x77),
        (Verdict::Holds, false) => Color32::from_rgb(0x00, 0x66, 0x10),
    }
}

/// What marks a change on the projector: a flip, a changed choice.
/// Behind a quote in its source's text, as a marker pen would.
pub fn quote_marker(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x5a, 0x4a, 0x00)
    } else {
        Color32::from_rgb(0xff, 0xec, 0x99)
    }
}

pub fn highlight(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x40, 0xc4, 0xff)
    } else {
        Color32::from_rgb(0x00, 0x4c, 0xa3)
    }
}
