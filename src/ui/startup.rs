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

/// What a web page's address asks for besides a scenario or a room: `example=NAME` opens the
/// bundled example briefing of that file name (`berlin-talks`), and `present`, or `present=N`,
/// starts presenting (at step N, counted from 1). In a browser F5 reloads the page, so a link
/// is how a talk starts presenting there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageAsks {
    /// The example briefing's index in `model::bundled::EXAMPLE_BRIEFINGS`.
    pub example_briefing: Option<usize>,
    /// Present, from this step (0 is the first).
    pub present_from: Option<usize>,
}

pub fn page_asks(address: &str) -> PageAsks {
    let Some((_, fragment)) = address.split_once('#') else {
        return PageAsks::default();
    };
    let mut asks = PageAsks::default();
    for pair in fragment.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "example" => {
                asks.example_briefing = crate::model::bundled::EXAMPLE_BRIEFINGS
                    .iter()
                    .position(|(file, _)| file.trim_end_matches(".briefing.ron") == value);
            }
            "present" => {
                let step = value.parse::<usize>().map_or(0, |n| n.saturating_sub(1));
                asks.present_from = Some(step);
            }
            _ => {}
        }
    }
    asks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_address_asks_for_an_example_briefing_and_presenting() {
        assert_eq!(
            page_asks("http://host/#example=berlin-talks&present=2"),
            PageAsks {
                example_briefing: Some(0),
                present_from: Some(1),
            }
        );
        assert_eq!(
            page_asks("http://host/#s=abc&present").present_from,
            Some(0)
        );
        assert_eq!(
            page_asks("http://host/#example=nothing-such"),
            PageAsks::default()
        );
        assert_eq!(page_asks("http://host/"), PageAsks::default());
    }
}
