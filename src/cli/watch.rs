//! The watch over long work (a search, an analysis): progress on stderr once a second after
//! the first, and a stop at the timeout.

use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::model::deal_space::Control;

/// The exit code of a search or analysis that stopped at its timeout: the answer printed is partial.
pub const EXIT_PARTIAL: u8 = 3;

/// Reports progress on stderr once a second after the first, and stops the work at the
/// timeout. Dropping the guard ends the watch.
pub(crate) struct Watch {
    done: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<bool>>,
}

impl Watch {
    /// A watch over any long work: `progress` says how far it is, `what` names it.
    pub(crate) fn reporting(
        control: Arc<Control>,
        timeout: Option<Duration>,
        what: &'static str,
        progress: Box<dyn Fn(&Control) -> String + Send>,
    ) -> Self {
        let (done, finished) = mpsc::channel::<()>();
        let started = Instant::now();
        let thread = std::thread::spawn(move || {
            let mut next_report = Duration::from_secs(1);
            loop {
                let elapsed = started.elapsed();
                let until_timeout = timeout.map_or(Duration::MAX, |t| t.saturating_sub(elapsed));
                let wait = next_report.saturating_sub(elapsed).min(until_timeout);
                match finished.recv_timeout(wait) {
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    _ => return false,
                }
                let elapsed = started.elapsed();
                if timeout.is_some_and(|t| elapsed >= t) {
                    control.cancel.store(true, Ordering::Relaxed);
                    eprintln!(
                        "redlines: stopping the {what} at its {:.0} s timeout (--timeout)",
                        elapsed.as_secs_f64()
                    );
                    return true;
                }
                if elapsed >= next_report {
                    eprintln!(
                        "redlines: {:.0} s, {}",
                        elapsed.as_secs_f64(),
                        progress(&control)
                    );
                    next_report += Duration::from_secs(1);
                }
            }
        });
        Watch {
            done: Some(done),
            thread: Some(thread),
        }
    }

    /// Ends the watch; true if it stopped the work.
    pub(crate) fn stop(mut self) -> bool {
        drop(self.done.take());
        self.thread
            .take()
            .is_some_and(|t| t.join().unwrap_or(false))
    }
}
