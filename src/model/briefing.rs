//! A briefing: an ordered list of steps to present live, each a scenario with its speaker notes,
//! what to show, and optionally a question for the room to answer before the verdicts show.
//! Saved as RON (`.briefing.ron`) with its own `format_version`. Pure: resolving a step's file
//! goes through a function the caller gives.

use serde::{Deserialize, Serialize};

use super::eval::Choices;
use super::format::{BOM, lexer, ron_options};
use super::scenario::{Document, FORMAT_VERSION as SCENARIO_FORMAT_VERSION, ModelRef, Scenario};
use super::validate::{Location, Problem};

/// The briefing format this build writes and the newest it reads.
pub const BRIEFING_FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    pub format_version: u32,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    pub scenario: StepScenario,
    /// For the presenter only: shown in the speaker view, never to the room.
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub show: Show,
    /// Asked before the verdicts show: the room predicts, then the presenter reveals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Whether the handout carries pictures of this step (its cards and red lines, its charts).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub pictures: bool,
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum StepScenario {
    /// A scenario file, its path relative to the briefing.
    File(String),
    /// Choices on a model, written into the briefing itself.
    Inline {
        model: ModelRef,
        choices: Choices,
        #[serde(default)]
        summary: String,
    },
}

/// What a step puts on the screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Show {
    #[default]
    RedLines,
    Charts,
    Explore,
    /// This step beside the one before it: what changed.
    Compare,
    /// The step's standoff read for its dilemmas (its scenario's `confrontation`).
    Dilemmas,
}

impl Show {
    pub fn label(self) -> &'static str {
        match self {
            Show::RedLines => "Red lines",
            Show::Charts => "Charts",
            Show::Explore => "Explore deals",
            Show::Compare => "Comparison with the previous step",
            Show::Dilemmas => "Dilemmas",
        }
    }
}

impl Briefing {
    pub fn new(title: impl Into<String>) -> Self {
        Briefing {
            format_version: BRIEFING_FORMAT_VERSION,
            title: title.into(),
            summary: String::new(),
            steps: Vec::new(),
        }
    }
}

impl Step {
    /// A step holding `document` inline, titled as the scenario is.
    pub fn inline(document: &Document) -> Self {
        Step {
            title: document.scenario.title.clone(),
            scenario: StepScenario::Inline {
                model: document.scenario.model.clone(),
                choices: document.scenario.choices.clone(),
                summary: document.scenario.summary.clone(),
            },
            notes: String::new(),
            show: Show::RedLines,
            question: None,
            pictures: true,
        }
    }

    /// The document as a step, where its choices may have changed since `saved`: the title
    /// and summary then say what changed, rather than describe a package no longer on screen.
    pub fn inline_changed(document: &Document, saved: Option<&Scenario>) -> Self {
        let mut step = Step::inline(document);
        let Some(saved) = saved.filter(|s| s.choices != document.scenario.choices) else {
            return step;
        };
        let changes: Vec<String> = document
            .model
            .positions
            .iter()
            .filter(|p| saved.choices.get(&p.id) != document.scenario.choices.get(&p.id))
            .filter_map(|p| {
                let pick = document.pick(&p.id)?;
                Some(format!("{}: {}", p.title, p.describe_pick(pick)))
            })
            .collect();
        step.title = super::wording::package_title(&saved.title, true);
        if let StepScenario::Inline { summary, .. } = &mut step.scenario {
            *summary = format!("“{}” with {}.", saved.title, changes.join("; "));
        }
        step
    }
}

/// A briefing as read, with the text it was read from.
#[derive(Clone, Debug)]
pub struct LoadedBriefing {
    pub briefing: Briefing,
    pub text: String,
}

pub fn parse_briefing(text: &str) -> Result<LoadedBriefing, Vec<Problem>> {
    let body = text.strip_prefix(BOM).unwrap_or(text);
    if body.trim().is_empty() {
        return Err(vec![Problem::error(
            Location::File,
            "the file is empty; expected a briefing, starting with `(` and `format_version: 1`",
        )]);
    }
    if let Some(v) = lexer::declared_format_version(body)
        && v > u64::from(BRIEFING_FORMAT_VERSION)
    {
        return Err(vec![Problem::at_field(
            "format_version",
            format!(
                "this briefing uses format version {v}, but this build of Red Lines reads up to \
                 version {BRIEFING_FORMAT_VERSION}; open it with a newer Red Lines"
            ),
        )]);
    }
    let briefing: Briefing = ron_options().from_str(body).map_err(|e| {
        let at = lexer::skip_trivia(
            body,
            lexer::offset_of(body, e.span.start.line, e.span.start.col),
        );
        let (line, column) = lexer::line_column(body, at);
        vec![Problem::error(
            Location::Text { line, column },
            e.code.to_string(),
        )]
    })?;
    if briefing.format_version == 0 {
        return Err(vec![Problem::at_field(
            "format_version",
            "format versions start at 1",
        )]);
    }
    if briefing.steps.is_empty() {
        return Err(vec![Problem::at_field(
            "steps",
            "a briefing needs at least one step",
        )]);
    }
    Ok(LoadedBriefing {
        briefing,
        text: text.to_owned(),
    })
}

/// The briefing as canonical RON.
pub fn briefing_to_ron(briefing: &Briefing) -> Result<String, ron::Error> {
    let mut text = ron_options().to_string_pretty(briefing, super::format::canonical_config())?;
    text.push('\n');
    Ok(text)
}

/// A step's scenario, ready to show. `open_file` reads a `File` step (relative to the briefing)
/// and returns its text, or why it cannot.
pub fn resolve_step(
    step: &Step,
    index: usize,
    open_file: super::format::ReadNear,
) -> Result<Document, Vec<Problem>> {
    let at = |message: String| Problem::at_field(format!("steps[{index}].scenario"), message);
    match &step.scenario {
        StepScenario::File(path) => {
            let named = std::path::Path::new(path);
            let text = open_file(std::path::Path::new(""), named)
                .map_err(|e| vec![at(format!("cannot open {path}: {e}"))])?;
            // What the step's scenario names is found beside it.
            let folder = named.parent().unwrap_or(std::path::Path::new(""));
            let near =
                |within: &std::path::Path, p: &std::path::Path| open_file(&folder.join(within), p);
            super::format::parse_scenario_near(&text, &near)
                .map(|l| l.document)
                .map_err(|problems| {
                    problems
                        .into_iter()
                        .map(|p| at(format!("{path}: {p}")))
                        .collect()
                })
        }
        StepScenario::Inline {
            model,
            choices,
            summary,
        } => {
            let scenario = Scenario {
                format_version: SCENARIO_FORMAT_VERSION,
                title: step.title.clone(),
                summary: summary.clone(),
                author: None,
                model: model.clone(),
                choices: choices.clone(),
                notes: String::new(),
                confrontation: None,
            };
            let text = super::format::scenario_to_ron(&scenario)
                .map_err(|e| vec![at(format!("cannot read the inline scenario: {e}"))])?;
            super::format::parse_scenario_near(&text, open_file)
                .map(|l| l.document)
                .map_err(|problems| problems.into_iter().map(|p| at(p.to_string())).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_briefing_round_trips_and_its_inline_steps_resolve() {
        let doc = Document::new_bundled();
        let mut briefing = Briefing::new("Test");
        briefing.steps.push(Step::inline(&doc));
        briefing.steps[0].question = Some("Who rejects?".into());
        let text = briefing_to_ron(&briefing).expect("writes");
        let again = parse_briefing(&text).expect("reads").briefing;
        assert_eq!(again, briefing);
        let resolved =
            resolve_step(&again.steps[0], 0, &|_, _| Err("no files".into())).expect("ok");
        assert_eq!(resolved.scenario.choices, doc.scenario.choices);
    }

    #[test]
    fn a_missing_file_is_located_at_its_step() {
        let mut briefing = Briefing::new("Test");
        briefing.steps.push(Step {
            title: "Gone".into(),
            scenario: StepScenario::File("gone.ron".into()),
            notes: String::new(),
            show: Show::RedLines,
            question: None,
            pictures: true,
        });
        let problems = resolve_step(&briefing.steps[0], 0, &|_, _| Err("no such file".into()))
            .expect_err("missing");
        assert_eq!(
            problems[0].to_string(),
            "steps[0].scenario: cannot open gone.ron: no such file"
        );
    }
}
