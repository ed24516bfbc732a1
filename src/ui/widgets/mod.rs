//! What every part of the window shares: the theme (colours, type), long lists drawn lazily,
//! and scrolling a slide from the keyboard.

pub mod lazy;
pub mod scrolled;
pub mod theme;
