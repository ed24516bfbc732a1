//! How the window starts: plain data that the command line fills in. The UI never reads the
//! command line itself, so it does not depend on it.

use std::path::PathBuf;

/// What a new window opens with and how it looks; every field may be left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Startup {
    /// A scenario or a briefing (`*.briefing.ron`) to open, or a link with a scenario in it.
    pub open: Option<PathBuf>,
    /// Save a PNG of the window once the first frames are drawn, then quit.
    pub screenshot: Option<PathBuf>,
    /// Quit once this many frames are drawn: start-up measured against a bare eframe app.
    pub quit_after_frames: Option<u64>,
    /// The window's size in pixels; the remembered size is ignored.
    pub size: Option<[f32; 2]>,
    /// Dark (true) or light, for this run only.
    pub dark: Option<bool>,
    /// The zoom factor, for this run only.
    pub zoom: Option<f32>,
    /// Start presenting at this step (0 is the first): the briefing opened, or the scenario.
    pub present_from: Option<usize>,
    /// A crash copy another window hands over, restored here.
    pub restore_copy: Option<PathBuf>,
}
