//! The eframe app, in folders by what each part is: `app/` holds the state and is the only
//! place that names `App` or carries out a [`Command`](command::Command); `tabs/`, `panels/`,
//! `windows/` and `present/` draw what they are given and send commands; `platform/` reads and
//! writes files, settings and the autosave; `widgets/` holds the shared widgets and the theme.

pub mod app;
pub mod command;
pub mod modal;
pub mod panels;
pub mod platform;
pub mod present;
pub mod room;
pub mod startup;
pub mod state;
pub mod tabs;
pub mod widgets;
pub mod windows;

pub const APP_ID: &str = "redlines";

/// Sets the look the settings remember: the theme, dark or light, and the zoom.
pub fn setup_context(ctx: &egui::Context, settings: &platform::files::Settings) {
    widgets::theme::install(ctx);
    widgets::theme::set_presenting(ctx, false);
    ctx.set_theme(if settings.dark_mode {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    if settings.zoom.is_finite() && (0.5..=4.0).contains(&settings.zoom) {
        ctx.set_zoom_factor(settings.zoom);
    }
}
