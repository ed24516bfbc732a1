//! Windows beside the main view: the model editor, the briefing builder and the comparison.
//! Each draws what it is given and sends `Command`s.

pub mod briefing;
pub mod compare;
pub mod model_editor;
