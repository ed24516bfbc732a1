//! What the app needs from the machine it runs on: files and settings, the autosave, work off
//! the UI thread, and the browser's own ways of doing each.

pub mod autosave;
pub mod files;
pub mod room_socket;
pub mod tasks;
#[cfg(target_arch = "wasm32")]
pub mod web;
