//! The tabs under the scenario: red lines, charts, Explore and Stability. Each draws what it is
//! given and sends `Command`s.

pub mod charts;
pub mod dilemmas;
pub mod explore;
pub mod red_lines;
pub mod stability;
