//! Evaluation: pure, and a function of (model, choices) only.

use std::collections::BTreeMap;

use serde::Serialize;

use super::types::{Model, Pick, RedLine};

pub type Choices = BTreeMap<String, Pick>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Breaks,
    Uncertain,
    Holds,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Breaks => "breaks",
            Verdict::Uncertain => "uncertain",
            Verdict::Holds => "holds",
        }
    }

    /// A symbol that reads without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Verdict::Breaks => "✖",
            Verdict::Uncertain => "?",
            Verdict::Holds => "✔",
        }
    }
}

/// One pick that decided a verdict, in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Because {
    pub position: String,
    pub position_title: String,
    pub pick: String,
}

impl std::fmt::Display for Because {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {}", self.position_title, self.pick)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedLineVerdict {
    pub red_line: String,
    pub verdict: Verdict,
    /// The picks that made `breaks_when` (or `uncertain_when`) true; for `holds`, those that keep
    /// `breaks_when` false.
    pub because: Vec<Because>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyStatus {
    WouldReject,
    Unclear,
    NoRedLineBroken,
}

impl PartyStatus {
    pub fn label(self) -> &'static str {
        match self {
            PartyStatus::WouldReject => "would reject",
            PartyStatus::Unclear => "unclear",
            PartyStatus::NoRedLineBroken => "no red line broken",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PartySummary {
    pub party: String,
    pub breaks: usize,
    pub uncertain: usize,
    pub holds: usize,
}

impl PartySummary {
    pub fn status(&self) -> PartyStatus {
        if self.breaks > 0 {
            PartyStatus::WouldReject
        } else if self.uncertain > 0 {
            PartyStatus::Unclear
        } else {
            PartyStatus::NoRedLineBroken
        }
    }

    fn count(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Breaks => self.breaks += 1,
            Verdict::Uncertain => self.uncertain += 1,
            Verdict::Holds => self.holds += 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// In the model's red-line order.
    pub red_lines: Vec<RedLineVerdict>,
    /// In the model's party order.
    pub parties: Vec<PartySummary>,
}

impl Evaluation {
    pub fn verdict_of(&self, red_line: &str) -> Option<&RedLineVerdict> {
        self.red_lines.iter().find(|v| v.red_line == red_line)
    }

    pub fn party(&self, party: &str) -> Option<&PartySummary> {
        self.parties.iter().find(|p| p.party == party)
    }
}

/// The verdict of one red line, without reasons: the hot path of searches over many packages.
pub fn verdict(red_line: &RedLine, choices: &Choices) -> Verdict {
    let pick = |id: &str| choices.get(id);
    if red_line.breaks_when.holds(&pick) {
        Verdict::Breaks
    } else if red_line
        .uncertain_when
        .as_ref()
        .is_some_and(|c| c.holds(&pick))
    {
        Verdict::Uncertain
    } else {
        Verdict::Holds
    }
}

pub fn evaluate(model: &Model, choices: &Choices) -> Evaluation {
    let pick = |id: &str| choices.get(id);
    let mut parties: Vec<PartySummary> = model
        .parties
        .iter()
        .map(|p| PartySummary {
            party: p.id.clone(),
            ..Default::default()
        })
        .collect();
    let red_lines = model
        .red_lines
        .iter()
        .map(|rl| {
            let verdict = verdict(rl, choices);
            let deciding = match (verdict, &rl.uncertain_when) {
                (Verdict::Uncertain, Some(c)) => c,
                _ => &rl.breaks_when,
            };
            let mut positions = Vec::new();
            deciding.why(&pick, &mut positions);
            let because = positions
                .into_iter()
                .filter_map(|id| {
                    let position = model.position(id)?;
                    let pick = choices.get(id)?;
                    Some(Because {
                        position: id.to_owned(),
                        position_title: position.title.clone(),
                        pick: position.describe_pick(pick),
                    })
                })
                .collect();
            if let Some(summary) = parties.iter_mut().find(|s| s.party == rl.party) {
                summary.count(verdict);
            }
            RedLineVerdict {
                red_line: rl.id.clone(),
                verdict,
                because,
            }
        })
        .collect();
    Evaluation { red_lines, parties }
}
