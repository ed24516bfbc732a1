//! Long work off the UI thread, and the redraws that show how far it got.

/// Runs `job` off the UI thread. A browser has no threads here: the job runs at once, and its
/// answer is waiting on the channel by the next frame.
pub(crate) fn in_background(job: impl FnOnce() + Send + 'static) {
    #[cfg(not(target_arch = "wasm32"))]
    std::thread::spawn(job);
    #[cfg(target_arch = "wasm32")]
    job();
}

/// Redraws the window as long work (a search, an analysis) goes, at most four times a second
/// and only when it got further: a continuous redraw would take the CPU the work needs (under
/// software rendering, more than half of it).
pub(crate) fn progress_repaints(ctx: &egui::Context) -> crate::model::deal_space::ProgressHook {
    let ctx = ctx.clone();
    let last = std::sync::Mutex::new(web_time::Instant::now());
    crate::model::deal_space::ProgressHook(Box::new(move |_, _| {
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        if last.elapsed() >= std::time::Duration::from_millis(250) {
            *last = web_time::Instant::now();
            ctx.request_repaint();
        }
        false
    }))
}
