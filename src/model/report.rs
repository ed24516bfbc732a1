//! Evaluation results as a stable, serializable report, and its text and Markdown renderings.
//! The CLI prints these; a future brief export can reuse them.

use std::fmt::Write;

use serde::Serialize;

use super::eval::{Evaluation, Verdict};
use super::scenario::Document;
use super::text::one_line;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub scenario: String,
    pub parties: Vec<PartyReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyReport {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub breaks: usize,
    pub uncertain: usize,
    pub holds: usize,
    pub red_lines: Vec<RedLineReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedLineReport {
    pub id: String,
    pub title: String,
    pub verdict: Verdict,
    pub basis: &'static str,
    pub speaker: String,
    pub quote: String,
    pub because: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Report {
    pub fn new(document: &Document, evaluation: &Evaluation) -> Self {
        let model = &document.model;
        let parties = model
            .parties
            .iter()
            .zip(&evaluation.parties)
            .map(|(party, summary)| PartyReport {
                id: party.id.clone(),
                name: party.name.clone(),
                status: summary.status().label(),
                breaks: summary.breaks,
                uncertain: summary.uncertain,
                holds: summary.holds,
                red_lines: model
                    .red_lines
                    .iter()
                    .zip(&evaluation.red_lines)
                    .filter(|(rl, _)| rl.party == party.id)
                    .map(|(rl, v)| RedLineReport {
                        id: rl.id.clone(),
                        title: rl.title.clone(),
                        verdict: v.verdict,
                        basis: rl.basis.as_str(),
                        speaker: rl.speaker.clone(),
                        quote: rl.source.quote.clone(),
                        because: v.because.iter().map(ToString::to_string).collect(),
                        note: rl.note.clone(),
                    })
                    .collect(),
            })
            .collect();
        Report {
            scenario: document.scenario.title.clone(),
            parties,
        }
    }

    pub fn to_json(&self) -> String {
        let json = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        super::text::json_safe(&json).into_owned()
    }

    /// Plain text for a terminal; text from the file is escaped ([`one_line`]).
    pub fn to_text(&self) -> String {
        let mut out = format!("Scenario: {}\n", one_line(&self.scenario));
        for party in &self.parties {
            let _ = writeln!(
                out,
                "\n{}: {} ({} breaks, {} uncertain, {} holds)",
                one_line(&party.name),
                party.status,
                party.breaks,
                party.uncertain,
                party.holds
            );
            for rl in &party.red_lines {
                let _ = writeln!(
                    out,
                    "  {} {:<10}{} [{}]",
                    rl.verdict.symbol(),
                    rl.verdict.as_str(),
                    one_line(&rl.title),
                    rl.basis
                );
                if !rl.because.is_empty() {
                    let _ = writeln!(out, "      because {}", one_line(&rl.because.join("; ")));
                }
                let _ = writeln!(
                    out,
                    "      {}: \"{}\"",
                    one_line(&rl.speaker),
                    one_line(&rl.quote)
                );
            }
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", one_line(&self.scenario));
        for party in &self.parties {
            let _ = writeln!(
                out,
                "\n## {}: {}\n\n{} breaks, {} uncertain, {} holds.\n",
                one_line(&party.name),
                party.status,
                party.breaks,
                party.uncertain,
                party.holds
            );
            out.push_str("| Verdict | Red line | Basis | Because |\n|---|---|---|---|\n");
            for rl in &party.red_lines {
                let _ = writeln!(
                    out,
                    "| {} {} | {} | {} | {} |",
                    rl.verdict.symbol(),
                    rl.verdict.as_str(),
                    escape_cell(&rl.title),
                    rl.basis,
                    escape_cell(&rl.because.join("; "))
                );
            }
            out.push('\n');
            for rl in &party.red_lines {
                let _ = writeln!(
                    out,
                    "> {}\n>\n> — {} ({})\n",
                    one_line(&rl.quote),
                    one_line(&rl.speaker),
                    one_line(&rl.title)
                );
            }
        }
        out
    }
}

fn escape_cell(s: &str) -> String {
    one_line(&s.replace('|', "\\|").replace('\n', " ")).into_owned()
}
