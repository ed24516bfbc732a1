//! The app in a browser: started on the page's canvas, with the scenario in the page's address
//! opened, or the unsaved work the browser kept restored.

use wasm_bindgen::JsCast;

use crate::ui::app::{App, AppConfig};
use crate::ui::command::Command;
use crate::ui::platform::files::{SETTINGS_KEY, Settings};
use crate::ui::platform::web::{CANVAS_ID, STATUS_ID, UNSAVED_KEY, page_address, show_status};
use crate::ui::setup_context;

/// Starts the app on the page's canvas; a scenario in the address opens at once.
pub fn start() {
    // The same module runs in the search worker, which has no page to draw on.
    if web_sys::window().is_none() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show_status(&format!(
            "Red Lines stopped because of a bug: {info}. Reload the page to start again."
        ));
    }));
    wasm_bindgen_futures::spawn_local(async {
        let canvas = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(CANVAS_ID))
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let Some(canvas) = canvas else {
            show_status("This page has no canvas for Red Lines to draw on.");
            return;
        };
        let page = page_address();
        let started = eframe::WebRunner::new()
            .start(
                canvas,
                eframe::WebOptions::default(),
                Box::new(move |cc| {
                    let settings: Settings = cc
                        .storage
                        .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
                        .unwrap_or_default();
                    setup_context(&cc.egui_ctx, &settings);
                    let config = AppConfig {
                        page_address: page.clone(),
                        native_dialogs: true,
                        ..AppConfig::default()
                    };
                    let unsaved = cc
                        .storage
                        .and_then(|s| s.get_string(UNSAVED_KEY))
                        .filter(|text| !text.is_empty());
                    let mut app = App::new(config, settings);
                    let room = page
                        .clone()
                        .filter(|p| crate::ui::room::join_target(p).is_some());
                    if let Some(room) = room {
                        app.apply(
                            &cc.egui_ctx,
                            Command::Room(crate::ui::command::RoomCommand::Join(room)),
                        );
                    } else {
                        let asks = page
                            .as_deref()
                            .map(crate::ui::startup::page_asks)
                            .unwrap_or_default();
                        if let Some(link) = page.filter(|p| crate::model::link::is_link(p)) {
                            app.apply(&cc.egui_ctx, Command::OpenLink(link));
                        } else if let Some(example) = asks.example_briefing {
                            app.apply(&cc.egui_ctx, Command::OpenExampleBriefing(example));
                        } else if let Some(text) = unsaved {
                            app.restore_unsaved(&text);
                        }
                        if let Some(step) = asks.present_from {
                            app.apply(
                                &cc.egui_ctx,
                                Command::Present(crate::ui::command::Present::Start(Some(step))),
                            );
                        }
                    }
                    Ok(Box::new(app))
                }),
            )
            .await;
        match started {
            Ok(()) => {
                let document = web_sys::window().and_then(|w| w.document());
                // Hidden, not removed: a later error still has a place to be said.
                if let Some(status) = document
                    .as_ref()
                    .and_then(|d| d.get_element_by_id(STATUS_ID))
                {
                    let _ = status.set_attribute("class", "hidden");
                }
                // When the app was created, in milliseconds since the page began to load; its
                // first frame comes later (`data-first-frame-ms`, the README's start-up figure).
                let now = web_sys::window()
                    .and_then(|w| w.performance())
                    .map(|p| p.now());
                if let (Some(body), Some(now)) = (document.and_then(|d| d.body()), now) {
                    let _ = body.set_attribute("data-started-ms", &format!("{now:.0}"));
                    // Whether Cancel can keep a search's results here (see web/serve.py).
                    let isolated =
                        js_sys::Reflect::get(&js_sys::global(), &"crossOriginIsolated".into())
                            .is_ok_and(|v| v.is_truthy());
                    let _ = body.set_attribute("data-cross-origin-isolated", &isolated.to_string());
                }
            }
            Err(e) => show_status(&format!(
                "Red Lines could not start: {}. It needs WebGL; try another browser, or turn on \
                 hardware acceleration.",
                e.as_string().unwrap_or_else(|| format!("{e:?}"))
            )),
        }
    });
}
