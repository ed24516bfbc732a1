#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    redlines::cli::main()
}

/// In a browser: the page loads this and the app starts on its canvas.
#[cfg(target_arch = "wasm32")]
fn main() {
    redlines::ui::app::browser::start();
}
