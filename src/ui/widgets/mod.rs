//! What every part of the window shares: the theme (colours, type), long lists drawn lazily,
//! scrolling a slide from the keyboard, and axis labels for counts.

pub mod lazy;
pub mod scrolled;
pub mod theme;
pub mod ticks;
