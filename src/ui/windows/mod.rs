//! Windows beside the main view (the model editor, the briefing builder, the comparison, help)
//! and the questions that wait for an answer. Each draws what it is given and sends `Command`s.

pub mod briefing;
pub mod compare;
pub mod help;
pub mod modals;
pub mod model_editor;
