//! Long work off the UI thread: one [`Task`] type for every job the window starts (a search, an
//! analysis, what-if badges, an export), with its progress, its cancel and what it sends back;
//! and the redraws that show how far it got.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use crate::model::deal_space::Control;

/// Runs `job` off the UI thread. A browser has no threads here: the job runs at once, and its
/// answer is waiting on the channel by the next frame.
fn in_background(job: impl FnOnce() + Send + 'static) {
    #[cfg(not(target_arch = "wasm32"))]
    std::thread::spawn(job);
    #[cfg(target_arch = "wasm32")]
    job();
}

/// Redraws the window as long work (a search, an analysis) goes, at most four times a second
/// and only when it got further: a continuous redraw would take the CPU the work needs (under
/// software rendering, more than half of it).
#[cfg(not(target_arch = "wasm32"))]
fn progress_repaints(ctx: &egui::Context) -> crate::model::deal_space::ProgressHook {
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

/// The control of a job the user watches (a search, an analysis): on the desktop it redraws the
/// window as the work gets further (see [`progress_repaints`]); in a browser the worker's
/// messages wake the page.
pub fn watched(ctx: &egui::Context) -> Arc<Control> {
    #[cfg(not(target_arch = "wasm32"))]
    return Arc::new(Control::reporting_to(progress_repaints(ctx)));
    #[cfg(target_arch = "wasm32")]
    {
        let _ = ctx;
        Arc::default()
    }
}

/// How long a page of packages may take before it stops, marked partial: on a model too large
/// to count, the pages after the first would otherwise wait on a count of hours.
pub const PAGE_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// The control of a quick job (a page of packages) that stops at the first answers it needs,
/// or after [`PAGE_TIME`] (half a second in a browser, where it runs between frames), marked
/// partial.
pub fn quick() -> Arc<Control> {
    #[cfg(not(target_arch = "wasm32"))]
    return Arc::new(Control::with_deadline(PAGE_TIME));
    #[cfg(target_arch = "wasm32")]
    Arc::new(Control::with_deadline(std::time::Duration::from_millis(
        500,
    )))
}

/// What [`Task::poll`] found.
pub enum Polled<T> {
    /// Nothing new yet.
    Waiting,
    /// The next thing the task sent.
    Got(T),
    /// The task ended and everything it sent has been taken.
    Ended,
}

/// A job started off the UI thread (a thread on the desktop, a web worker in the browser, or
/// at once where neither is possible). Its [`Control`] carries progress and cancel; what it
/// sends arrives, in order, through [`Task::poll`], and wakes the window.
pub struct Task<T> {
    control: Arc<Control>,
    receiver: mpsc::Receiver<T>,
    ended: Arc<AtomicBool>,
    /// In a browser a search runs in a web worker; dropping this ends it.
    #[cfg(target_arch = "wasm32")]
    worker: Option<crate::ui::platform::web::SearchWorker>,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` off the UI thread. `work` is given the control and a `send` that passes a
    /// value to [`Task::poll`] and wakes the window.
    pub fn spawn(
        ctx: &egui::Context,
        control: Arc<Control>,
        work: impl FnOnce(&Control, &dyn Fn(T)) + Send + 'static,
    ) -> Self {
        let (sender, receiver) = mpsc::channel();
        let ended = Arc::new(AtomicBool::new(false));
        let (job_control, job_ended, repaint) = (control.clone(), ended.clone(), ctx.clone());
        in_background(move || {
            work(&job_control, &|value| {
                let _ = sender.send(value);
                repaint.request_repaint();
            });
            job_ended.store(true, Ordering::Release);
            repaint.request_repaint();
        });
        Task {
            control,
            receiver,
            ended,
            #[cfg(target_arch = "wasm32")]
            worker: None,
        }
    }

    /// Runs `work` off the UI thread on the desktop. A browser page has one thread: there the
    /// same job goes to a web worker as the text `job` writes, and `answer` reads what comes
    /// back; a job that cannot be written or started says so through `failed`, if given.
    pub fn spawn_or_in_worker(
        ctx: &egui::Context,
        control: Arc<Control>,
        work: impl FnOnce(&Control, &dyn Fn(T)) + Send + 'static,
        job: impl FnOnce() -> Result<String, String>,
        answer: impl Fn(String) -> Option<T> + 'static,
        failed: Option<fn(String) -> T>,
    ) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (job, answer, failed);
            Self::spawn(ctx, control, work)
        }
        #[cfg(target_arch = "wasm32")]
        {
            let _ = work;
            Self::in_worker(ctx, control, job(), answer, failed)
        }
    }

    #[cfg(target_arch = "wasm32")]
    fn in_worker(
        ctx: &egui::Context,
        control: Arc<Control>,
        job: Result<String, String>,
        answer: impl Fn(String) -> Option<T> + 'static,
        failed: Option<fn(String) -> T>,
    ) -> Self {
        let (sender, receiver) = mpsc::channel();
        let ended = Arc::new(AtomicBool::new(false));
        let answers = sender.clone();
        let job_ended = ended.clone();
        let started = job.and_then(|job| {
            crate::ui::platform::web::SearchWorker::start(ctx, job, control.clone(), move |text| {
                if let Some(value) = answer(text) {
                    let _ = answers.send(value);
                }
                job_ended.store(true, Ordering::Release);
            })
        });
        let worker = match started {
            Ok(worker) => Some(worker),
            Err(e) => {
                if let Some(failed) = failed {
                    let _ = sender.send(failed(e));
                }
                ended.store(true, Ordering::Release);
                None
            }
        };
        Task {
            control,
            receiver,
            ended,
            worker,
        }
    }
}

impl<T> Task<T> {
    /// The next value the task sent, if any.
    pub fn poll(&self) -> Polled<T> {
        match self.receiver.try_recv() {
            Ok(value) => Polled::Got(value),
            Err(mpsc::TryRecvError::Empty) => Polled::Waiting,
            Err(mpsc::TryRecvError::Disconnected) => Polled::Ended,
        }
    }

    /// Asks the work to stop; it answers with what it has, as the work says. False where it
    /// cannot be asked and will send nothing more: a browser's worker on a page that cannot
    /// share memory with it (its host does not send the headers for that) can only be ended.
    pub fn cancel(&self) -> bool {
        self.control.cancel.store(true, Ordering::Relaxed);
        #[cfg(target_arch = "wasm32")]
        if let Some(worker) = &self.worker {
            return worker.stop();
        }
        true
    }

    pub fn control(&self) -> &Control {
        &self.control
    }

    /// Whether the work has returned (what it sent may still wait to be polled).
    pub fn finished(&self) -> bool {
        self.ended.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls `task` until it ends, collecting what it sent (a bounded wait, not a timing).
    fn everything_sent<T: Send + 'static>(task: &Task<T>) -> Vec<T> {
        let mut got = Vec::new();
        for _ in 0..10_000 {
            match task.poll() {
                Polled::Got(value) => got.push(value),
                Polled::Waiting => std::thread::sleep(std::time::Duration::from_millis(1)),
                Polled::Ended => return got,
            }
        }
        panic!("the task never ended");
    }

    #[test]
    fn what_a_task_sends_arrives_in_order_and_then_it_ends() {
        let ctx = egui::Context::default();
        let task = Task::spawn(&ctx, Arc::default(), |_, send| {
            for n in 1..=3 {
                send(n);
            }
        });
        assert_eq!(everything_sent(&task), vec![1, 2, 3]);
        assert!(task.finished());
    }

    #[test]
    fn a_cancelled_task_stops_and_answers_with_what_it_has() {
        let ctx = egui::Context::default();
        let task = Task::spawn(&ctx, Arc::default(), |control, send| {
            let mut steps = 0_u64;
            while !control.cancel.load(Ordering::Relaxed) {
                steps += 1;
                std::thread::yield_now();
            }
            send(steps);
        });
        task.cancel();
        let sent = everything_sent(&task);
        assert_eq!(sent.len(), 1, "one answer after the cancel");
        assert!(task.control().cancel.load(Ordering::Relaxed));
    }
}
