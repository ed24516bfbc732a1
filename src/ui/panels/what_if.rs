//! The what-if badges' data, worked out off the UI thread on big models so a click never waits
//! for them. Small models (the bundled one) are computed at once, so their badges never flicker.

use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};

use crate::model::Document;
use crate::model::deal_space::{Control, WhatIf, what_if_from as compute};

/// Above this many (red line × position) pairs a model's badges are computed in the background.
const COMPUTE_AT_ONCE_BELOW: usize = 200_000;

struct Job {
    control: Arc<Control>,
    receiver: mpsc::Receiver<Vec<WhatIf>>,
    /// In a browser the badges are worked out in a web worker; dropping this stops it.
    #[cfg(target_arch = "wasm32")]
    _worker: Option<crate::ui::platform::web::SearchWorker>,
}

#[derive(Default)]
pub struct WhatIfState {
    current: Vec<WhatIf>,
    job: Option<Job>,
}

impl WhatIfState {
    /// The badges for `doc`, worked out now: for the first frame, before any context exists.
    pub fn at_once(doc: &Document) -> Self {
        WhatIfState {
            current: compute(&doc.model, &doc.scenario.choices, &Control::default())
                .unwrap_or_default(),
            job: None,
        }
    }

    /// The choices changed: work the badges out again. Any earlier job is cancelled, and
    /// the old badges are dropped at once, since they would describe other choices.
    pub fn request(&mut self, ctx: &egui::Context, doc: &Document) {
        self.cancel();
        let model = &doc.model;
        let size = model.red_lines.len() * model.positions.len().max(1);
        if size < COMPUTE_AT_ONCE_BELOW {
            self.current =
                compute(model, &doc.scenario.choices, &Control::default()).unwrap_or_default();
            return;
        }
        self.current.clear();
        let control = Arc::new(Control::default());
        let (sender, receiver) = mpsc::channel();
        let (model, choices, job_control, repaint) = (
            doc.model.clone(),
            doc.scenario.choices.clone(),
            control.clone(),
            ctx.clone(),
        );
        #[cfg(not(target_arch = "wasm32"))]
        crate::ui::platform::tasks::in_background(move || {
            if let Ok(found) = compute(&model, &choices, &job_control) {
                let _ = sender.send(found);
                repaint.request_repaint();
            }
        });
        // A browser page has one thread: a big model's badges are worked out in a web worker.
        #[cfg(target_arch = "wasm32")]
        let worker = {
            let _ = repaint;
            crate::model::deal_space::what_if_job_text(&model, &choices)
                .and_then(|job| {
                    crate::ui::platform::web::SearchWorker::start(
                        ctx,
                        job,
                        job_control,
                        move |answer| {
                            if let Ok(found) = crate::model::deal_space::what_if_answer(&answer) {
                                let _ = sender.send(found);
                            }
                        },
                    )
                })
                .ok()
        };
        self.job = Some(Job {
            control,
            receiver,
            #[cfg(target_arch = "wasm32")]
            _worker: worker,
        });
    }

    fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.control.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Takes a finished result, if one arrived.
    pub fn poll(&mut self) {
        let Some(job) = &self.job else { return };
        match job.receiver.try_recv() {
            Ok(found) => {
                self.current = found;
                self.job = None;
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => self.job = None,
        }
    }

    pub fn is_pending(&self) -> bool {
        self.job.is_some()
    }

    pub fn badges(&self) -> &[WhatIf] {
        &self.current
    }
}
