//! The app in a browser: started on the page's canvas, opening a scenario from the page's
//! address (a shared link), from the browser's file picker or a dropped file, and saving by
//! download. Settings live in the browser's storage, through eframe.

use std::sync::mpsc;

use wasm_bindgen::JsCast;

/// The id of the page's canvas, in `web/index.html`.
pub(crate) const CANVAS_ID: &str = "redlines_canvas";
/// The id of the page's status line: "Loading…", then any error.
pub(crate) const STATUS_ID: &str = "status";

/// Where the browser keeps a scenario's unsaved changes (eframe's storage: the browser's local
/// storage for this site).
pub const UNSAVED_KEY: &str = "redlines-unsaved";

/// The page's address if it changed since `last` and now carries a scenario.
pub fn new_link(last: &mut Option<String>) -> Option<String> {
    let now = page_address()?;
    if last.as_deref() == Some(now.as_str()) {
        return None;
    }
    *last = Some(now.clone());
    crate::model::link::is_link(&now).then_some(now)
}

/// The page's whole address, fragment included.
pub fn page_address() -> Option<String> {
    web_sys::window()?.location().href().ok()
}

/// Puts `message` on the page, over the canvas: where the app cannot say it itself.
pub(crate) fn show_status(message: &str) {
    let status = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(STATUS_ID));
    if let Some(status) = status {
        status.set_text_content(Some(message));
        let _ = status.set_attribute("class", "error");
    }
}

/// Asks the browser for a scenario file; its name and bytes arrive on `sender`.
pub fn pick_file(ctx: &egui::Context, sender: mpsc::Sender<(String, Vec<u8>)>) {
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let picked = rfd::AsyncFileDialog::new()
            .add_filter("Red Lines scenario", &["ron"])
            .pick_file()
            .await;
        if let Some(file) = picked {
            let bytes = file.read().await;
            let _ = sender.send((file.file_name(), bytes));
            ctx.request_repaint();
        }
    });
}

/// Sets `attribute` on the page's body, where a test of the page can read it.
pub fn mark_page(attribute: &str, value: &str) {
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    if let Some(body) = body
        && body.get_attribute(attribute).as_deref() != Some(value)
    {
        let _ = body.set_attribute(attribute, value);
    }
}

/// Marks the page's body, once, with the time the app's first frame was on screen, in
/// milliseconds since the page began to load: the README's start-up figure is read from here.
/// eframe draws a frame inside an animation-frame callback, so one asked for while the first
/// frame is being drawn runs when the next begins, after the first was shown.
pub fn mark_first_frame() {
    static ASKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if ASKED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let shown = wasm_bindgen::closure::Closure::once_into_js(|| {
        let now = web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now());
        if let Some(now) = now {
            mark_page("data-first-frame-ms", &format!("{now:.0}"));
        }
    });
    let _ = window.request_animation_frame(shown.unchecked_ref());
}

/// Adds one to a count kept on the page's body, where a test of the page can read it.
fn count_on_page(attribute: &str) {
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    if let Some(body) = body {
        let n: u64 = body
            .get_attribute(attribute)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let _ = body.set_attribute(attribute, &(n + 1).to_string());
    }
}

/// Reads a file dropped on the page; its name and bytes arrive on `sender`.
pub fn read_dropped(
    ctx: &egui::Context,
    file: egui::DroppedFileHandle,
    sender: mpsc::Sender<(String, Vec<u8>)>,
) {
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.path().display().to_string();
        match file.bytes_async().await {
            Ok(bytes) => {
                let _ = sender.send((name, bytes));
            }
            Err(e) => web_sys::console::error_1(&format!("could not read {name}: {e}").into()),
        }
        ctx.request_repaint();
    });
}

/// Saves by download: the browser puts `bytes` in its downloads as `name`.
pub fn download(name: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| format!("the browser refused: {e:?}");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no page to download from")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no link element".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(fail)
}

/// The worker's side (`web/worker.js` calls it): runs one job (a search, or what-if badges),
/// telling `progress` how far it got (at most four times a second), and returns the answer as
/// text.
/// `stop`, when the page could share one (an `Int32Array` on a `SharedArrayBuffer`), is the
/// page's Cancel: set to 1, the search stops and answers with what it found, marked partial.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn search_in_worker(
    job: &str,
    progress: js_sys::Function,
    stop: wasm_bindgen::JsValue,
) -> String {
    use crate::model::deal_space::{Control, ProgressHook, run_job};
    let last = std::sync::Mutex::new(0.0_f64);
    // The worker is one thread: these never leave it.
    let progress = OneThread(progress);
    let stop = OneThread(stop.dyn_into::<js_sys::Int32Array>().ok());
    let control = Control::reporting_to(ProgressHook(Box::new(move |visited, stage| {
        let now = js_sys::Date::now();
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        if now - *last >= 250.0 {
            *last = now;
            let _ = progress.0.call2(
                &wasm_bindgen::JsValue::NULL,
                &(visited as f64).into(),
                &stage.code().into(),
            );
        }
        stop.0
            .as_ref()
            .is_some_and(|flag| js_sys::Atomics::load(flag, 0).is_ok_and(|v| v == 1))
    })));
    run_job(job, &control)
}

/// A JavaScript value made `Send + Sync` for a hook that only ever runs on its own thread (a
/// wasm module in a browser has just the one).
struct OneThread<T>(T);
// SAFETY: wasm32-unknown-unknown without atomics has one thread; nothing is ever sent.
unsafe impl<T> Send for OneThread<T> {}
// SAFETY: as above.
unsafe impl<T> Sync for OneThread<T> {}

/// A search running in a web worker, so the page keeps drawing: its progress is copied into
/// `control` as it arrives, and its answer comes on the channel. Dropping it stops the worker.
pub struct SearchWorker {
    worker: web_sys::Worker,
    /// Shared with the worker where the page is cross-origin isolated: its Cancel.
    stop: Option<js_sys::Int32Array>,
    _on_message: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl SearchWorker {
    /// Starts `job` (text from `deal_space::search_job_text` or `what_if_job_text`) in a new
    /// worker; `on_answer` gets the answer's text.
    pub fn start(
        ctx: &egui::Context,
        job: String,
        control: std::sync::Arc<crate::model::deal_space::Control>,
        mut on_answer: impl FnMut(String) + 'static,
    ) -> Result<Self, String> {
        use wasm_bindgen::closure::Closure;
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options("./worker.js", &options)
            .map_err(|e| format!("the browser would not start a search worker: {e:?}"))?;
        // Shared memory needs a cross-origin isolated page (the host's COOP and COEP headers);
        // without it Cancel can only end the worker.
        let isolated = js_sys::Reflect::get(&js_sys::global(), &"crossOriginIsolated".into())
            .is_ok_and(|v| v.is_truthy());
        let stop = isolated.then(|| js_sys::Int32Array::new(&js_sys::SharedArrayBuffer::new(4)));
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"job".into(), &job.as_str().into());
        if let Some(stop) = &stop {
            let _ = js_sys::Reflect::set(&message, &"stop".into(), stop);
        }
        let ctx = ctx.clone();
        let to_worker = worker.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let data = event.data();
                let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
                if field("ready").is_some_and(|v| v.is_truthy()) {
                    let _ = to_worker.post_message(&message);
                } else if let Some(answer) = field("answer").and_then(|v| v.as_string()) {
                    on_answer(answer);
                    count_on_page("data-searches-answered");
                    ctx.request_repaint();
                } else if let (Some(visited), Some(stage)) = (
                    field("visited").and_then(|v| v.as_f64()),
                    field("stage").and_then(|v| v.as_f64()),
                ) {
                    control.show_progress(visited as u64, stage as u8);
                    ctx.request_repaint();
                } else if let Some(error) = field("error").and_then(|v| v.as_string()) {
                    // Said the way the answer says it, as the model's own code would.
                    on_answer(crate::model::deal_space::failed_answer(&error));
                    ctx.request_repaint();
                }
            },
        );
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(SearchWorker {
            worker,
            stop,
            _on_message: on_message,
        })
    }
}

impl SearchWorker {
    /// Asks the search to stop and answer with what it found; false where it cannot be asked
    /// (the page is not cross-origin isolated), and only ending it will do.
    pub fn stop(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|flag| js_sys::Atomics::store(flag, 0, 1).is_ok())
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
