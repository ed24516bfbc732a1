//! The panels around the tabs: the positions on the table (with what-if badges), the scenario's
//! header and summary, and the problems bar. Each draws what it is given and sends `Command`s.

pub mod positions;
pub mod problems;
pub mod scenario_header;
pub mod summary;
pub mod what_if;
