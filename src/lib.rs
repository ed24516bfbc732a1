//! Red Lines: explore negotiation scenarios and see whose red lines a package of positions breaks.
//!
//! `model` is the pure domain (no egui), `ui` the eframe app, `cli` the headless commands,
//! `server` the live rooms (`redlines serve`).

#[cfg(not(target_arch = "wasm32"))]
pub mod bench_grid;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod model;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
#[cfg(feature = "app")]
pub mod ui;
