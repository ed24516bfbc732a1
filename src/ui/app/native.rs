//! The desktop window: eframe started with the settings the command line gave, and the file
//! it named opened.

use crate::ui::app::{App, AppConfig};
use crate::ui::command::{self, Command};
use crate::ui::platform::files;
use crate::ui::{APP_ID, setup_context, startup};

/// Opens the window as `window` says, with its file loaded if it names one (a scenario, a
/// briefing, or a link).
pub fn run_native(window: startup::Startup) -> anyhow::Result<()> {
    let screenshot = window.screenshot.clone();
    // A screenshot or a given size is reproducible: nothing remembered changes it, and it
    // changes nothing remembered.
    let reproducible = screenshot.is_some() || window.size.is_some();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Red Lines")
            .with_app_id(APP_ID)
            .with_inner_size(window.size.unwrap_or([1280.0, 800.0]))
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        persist_window: !reproducible,
        ..Default::default()
    };
    let config = AppConfig {
        data_dir: if screenshot.is_some() {
            None
        } else {
            eframe::storage_dir(APP_ID)
        },
        page_address: None,
        native_dialogs: true,
        screenshot,
        quit_after_frames: window.quit_after_frames,
        window_size: window.size,
        autosave_every: None,
        search_time_limit: None,
        remembered_look: None,
        restore_copy: window.restore_copy.clone(),
        can_open_windows: true,
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            let mut config = config;
            let mut settings: files::Settings = cc
                .storage
                .filter(|_| config.screenshot.is_none())
                .and_then(|s| eframe::get_value(s, files::SETTINGS_KEY))
                .unwrap_or_default();
            if window.dark.is_some() || window.zoom.is_some() {
                config.remembered_look = Some((settings.dark_mode, settings.zoom));
            }
            if let Some(dark) = window.dark {
                settings.dark_mode = dark;
            }
            if let Some(zoom) = window.zoom {
                settings.zoom = zoom;
            }
            setup_context(&cc.egui_ctx, &settings);
            let mut app = App::new(config, settings);
            let mut opened = true;
            let file = window.open.clone();
            let link = file
                .as_ref()
                .map(|f| f.to_string_lossy().into_owned())
                .filter(|f| crate::model::link::is_link(f));
            let room = file
                .as_ref()
                .map(|f| f.to_string_lossy().into_owned())
                .filter(|f| crate::ui::room::join_target(f).is_some());
            if let Some(room) = room {
                app.apply(
                    &cc.egui_ctx,
                    Command::Room(crate::ui::command::RoomCommand::Join(room)),
                );
            } else if let Some(link) = link {
                app.apply(&cc.egui_ctx, Command::OpenLink(link));
            } else if let Some(file) = file {
                let briefing = crate::model::io::is_briefing(&file);
                app.apply(&cc.egui_ctx, Command::OpenPath(file));
                // A briefing that could not be read is not presented: its errors stay in the
                // editing window, not on the projector over some other scenario.
                opened = !briefing || app.briefing().is_some();
            }
            if let (Some(at), true) = (window.present_from, opened) {
                app.apply(
                    &cc.egui_ctx,
                    Command::Present(command::Present::Start(Some(at))),
                );
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
