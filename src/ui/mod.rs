//! The eframe app. Thin: panels read the model and change it only through [`Command`]s, which
//! `App::apply` carries out. One file per panel.

mod app;
pub mod autosave;
mod charts;
pub mod command;
mod explore;
pub mod files;
mod lazy;
mod matrix;
mod menu;
mod modals;
mod positions;
mod problems;
mod saving;
mod scenario_header;
mod summary;
mod theme;
mod what_if;

use std::path::PathBuf;

pub use app::{App, AppConfig, Guarded, Modal, ProblemReport, SaveAnswer, Tab, setup_context};
pub use command::Command;

pub const APP_ID: &str = "redlines";

/// Opens the window, with `file` loaded if given.
pub fn run_native(file: Option<PathBuf>, screenshot: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Red Lines")
            .with_app_id(APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        // A screenshot run must not change the user's remembered window or settings.
        persist_window: screenshot.is_none(),
        ..Default::default()
    };
    let config = AppConfig {
        data_dir: if screenshot.is_some() {
            None
        } else {
            eframe::storage_dir(APP_ID)
        },
        native_dialogs: true,
        screenshot,
        autosave_every: None,
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            let settings = cc
                .storage
                .filter(|_| config.screenshot.is_none())
                .and_then(|s| eframe::get_value(s, files::SETTINGS_KEY))
                .unwrap_or_default();
            setup_context(&cc.egui_ctx, &settings);
            let mut app = App::new(config, settings);
            if let Some(file) = file {
                app.open_path(&file);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
