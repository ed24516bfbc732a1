//! The what-if badges' data, worked out off the UI thread on big models so a click never waits
//! for them. Small models (the bundled one) are computed at once, so their badges never flicker.

use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};

use crate::model::deal_space::{Control, Query, Space, SpaceError, WhatIf, what_if_with};
use crate::model::{Choices, Document, Model};

/// Above this many (red line × position) pairs a model's badges are computed in the background.
const COMPUTE_AT_ONCE_BELOW: usize = 200_000;

struct Job {
    control: Arc<Control>,
    receiver: mpsc::Receiver<Vec<WhatIf>>,
}

#[derive(Default)]
pub struct WhatIfState {
    current: Vec<WhatIf>,
    job: Option<Job>,
}

/// What picking each other option or range would change, from these choices. Stops early,
/// with `Err`, when cancelled.
fn compute(model: &Model, choices: &Choices, control: &Control) -> Result<Vec<WhatIf>, SpaceError> {
    let space = Space::unordered(model, &Query::default())?;
    match space.package_of(choices) {
        Some(current) => what_if_with(&space, &current, control),
        None => Ok(Vec::new()),
    }
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
        super::in_background(move || {
            if let Ok(found) = compute(&model, &choices, &job_control) {
                let _ = sender.send(found);
                repaint.request_repaint();
            }
        });
        self.job = Some(Job { control, receiver });
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
