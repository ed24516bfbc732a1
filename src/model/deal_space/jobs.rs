//! Work sent as text to where it runs and its answer sent back (a browser's web worker).

use serde::{Deserialize, Serialize};

use crate::model::eval::Choices;
use crate::model::types::Model;

use super::*;

/// Work sent as text to where it runs, and its answer sent back the same way (a browser's web
/// worker shares no memory with the page).
#[derive(Serialize, Deserialize)]
pub(super) enum Job {
    Explore {
        model: Model,
        query: Query,
        limit: usize,
        /// Seconds after which the search stops on its own, marked partial.
        #[serde(default)]
        time_limit: Option<f64>,
    },
    WhatIf {
        model: Model,
        choices: Choices,
    },
}

#[derive(Serialize, Deserialize)]
pub(super) enum Answer {
    Explore(Result<Exploration, String>),
    WhatIf(Result<Vec<WhatIf>, String>),
}

pub(super) fn job_text(job: &Job) -> Result<String, String> {
    crate::model::format::ron_options()
        .to_string(job)
        .map_err(|e| format!("the work could not be sent: {e}"))
}

/// The text that asks for `explore(model, query, limit)` elsewhere, stopped after
/// `time_limit` if given (see [`Control::stop_after`]).
pub fn search_job_text(
    model: &Model,
    query: &Query,
    limit: usize,
    time_limit: Option<std::time::Duration>,
) -> Result<String, String> {
    job_text(&Job::Explore {
        model: model.clone(),
        query: query.clone(),
        limit,
        time_limit: time_limit.map(|t| t.as_secs_f64()),
    })
}

/// The text that asks for `what_if_from(model, choices)` elsewhere.
pub fn what_if_job_text(model: &Model, choices: &Choices) -> Result<String, String> {
    job_text(&Job::WhatIf {
        model: model.clone(),
        choices: choices.clone(),
    })
}

/// Runs `job` (from [`search_job_text`] or [`what_if_job_text`]) and gives its answer as text.
pub fn run_job(job: &str, control: &Control) -> String {
    let options = crate::model::format::ron_options();
    let answer = match options.from_str::<Job>(job) {
        Ok(Job::Explore {
            model,
            query,
            limit,
            time_limit,
        }) => {
            if let Some(seconds) = time_limit.filter(|s| s.is_finite() && *s >= 0.0) {
                control.stop_after(std::time::Duration::from_secs_f64(seconds));
            }
            Answer::Explore(explore(&model, &query, limit, control).map_err(|e| e.to_string()))
        }
        Ok(Job::WhatIf { model, choices }) => {
            Answer::WhatIf(what_if_from(&model, &choices, control).map_err(|e| e.to_string()))
        }
        Err(e) => Answer::Explore(Err(format!("the work could not read its question: {e}"))),
    };
    options.to_string(&answer).unwrap_or_else(|e| {
        let failed = Answer::Explore(Err(format!("the answer could not be sent: {e}")));
        options.to_string(&failed).unwrap_or_default()
    })
}

/// The text of an answer that says the work failed, for `why`.
pub fn failed_answer(why: &str) -> String {
    crate::model::format::ron_options()
        .to_string(&Answer::Explore(Err(format!("the work stopped: {why}"))))
        .unwrap_or_default()
}

pub(super) fn answer(text: &str) -> Answer {
    crate::model::format::ron_options()
        .from_str::<Answer>(text)
        .unwrap_or_else(|e| Answer::Explore(Err(format!("the answer could not be read: {e}"))))
}

/// The search's answer that [`run_job`] gave, read back.
pub fn search_answer(text: &str) -> Result<Exploration, String> {
    match answer(text) {
        Answer::Explore(result) => result,
        Answer::WhatIf(_) => Err("the answer was to another question".to_owned()),
    }
}

/// The what-if badges that [`run_job`] gave, read back.
pub fn what_if_answer(text: &str) -> Result<Vec<WhatIf>, String> {
    match answer(text) {
        Answer::WhatIf(result) => result,
        Answer::Explore(Err(e)) => Err(e),
        Answer::Explore(Ok(_)) => Err("the answer was to another question".to_owned()),
    }
}
