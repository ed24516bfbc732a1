//! Fuzzes the scenario loader with the property in `fuzz/property.rs`.

#![no_main]

#[path = "../property.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| property::load_save_load(bytes));
