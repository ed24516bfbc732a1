//! The what-if badges' data, worked out off the UI thread on big models so a click never waits
//! for them. Small models (the bundled one) are computed at once, so their badges never flicker.

use std::sync::Arc;

use crate::model::Document;
use crate::model::deal_space::{Control, WhatIf, what_if_from as compute};
use crate::ui::platform::tasks::{Polled, Task};

/// Above this many (red line × position) pairs a model's badges are computed in the background.
const COMPUTE_AT_ONCE_BELOW: usize = 200_000;

#[derive(Default)]
pub struct WhatIfState {
    current: Vec<WhatIf>,
    job: Option<Task<Vec<WhatIf>>>,
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
        let (model, choices) = (doc.model.clone(), doc.scenario.choices.clone());
        let job = || crate::model::deal_space::what_if_job_text(&doc.model, &doc.scenario.choices);
        // A browser page has one thread: a big model's badges are worked out in a web worker.
        let task = Task::spawn_or_in_worker(
            ctx,
            control,
            move |control, send| {
                if let Ok(found) = compute(&model, &choices, control) {
                    send(found);
                }
            },
            job,
            |answer| crate::model::deal_space::what_if_answer(&answer).ok(),
            None,
        );
        self.job = Some(task);
    }

    fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel();
        }
    }

    /// Takes a finished result, if one arrived.
    pub fn poll(&mut self) {
        let Some(job) = &self.job else { return };
        match job.poll() {
            Polled::Got(found) => {
                self.current = found;
                self.job = None;
            }
            Polled::Waiting => {}
            Polled::Ended => self.job = None,
        }
    }

    pub fn is_pending(&self) -> bool {
        self.job.is_some()
    }

    pub fn badges(&self) -> &[WhatIf] {
        &self.current
    }
}
