//! Evaluation results as a stable, serializable report, and its text and Markdown renderings.
//! The CLI prints these; a future brief export can reuse them.

use std::fmt::Write;

use serde::Serialize;

use super::eval::{Evaluation, Verdict};
use super::scenario::Document;
use super::text::one_line;
use super::types::Basis;
use super::wording::{citation, why};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub scenario: String,
    #[serde(skip)]
    pub summary: String,
    #[serde(skip)]
    pub notes: String,
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
    /// Why, as a sentence (the reason first for uncertain lines).
    pub why: String,
    pub basis: &'static str,
    /// Empty for an inferred line that names no speaker: the modeller's reading.
    pub speaker: String,
    /// `null` for an inferred line that rests on its note alone.
    pub quote: Option<String>,
    /// Whose words `quote` is: the speaker's own only when `basis` is `stated`.
    pub quote_is: &'static str,
    /// How to cite the quote: its lead-in, if any, and who it is by and about.
    pub attribution: String,
    pub because: Vec<String>,
    /// Positions the scenario leaves unaddressed that keep this line uncertain.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unaddressed: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    lead: Option<String>,
    #[serde(skip)]
    credit: String,
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
                    .map(|(rl, v)| {
                        let citation = citation(model, rl);
                        let attribution = match &citation.lead {
                            Some(lead) => format!("{lead} … {}", citation.credit),
                            None => citation.credit.clone(),
                        };
                        RedLineReport {
                            id: rl.id.clone(),
                            title: rl.title.clone(),
                            verdict: v.verdict,
                            why: why(model, rl, v),
                            basis: rl.basis.as_str(),
                            speaker: rl.speaker.clone(),
                            quote: rl.quote().map(str::to_owned),
                            quote_is: citation.quote_is,
                            attribution,
                            because: v.because.iter().map(ToString::to_string).collect(),
                            unaddressed: v.unaddressed.clone(),
                            note: rl.note.clone(),
                            lead: citation.lead,
                            credit: citation.credit,
                        }
                    })
                    .collect(),
            })
            .collect();
        Report {
            scenario: document.scenario.title.clone(),
            summary: document.scenario.summary.clone(),
            notes: document.scenario.notes.clone(),
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
        for (label, text) in [("Summary", &self.summary), ("Notes", &self.notes)] {
            if !text.trim().is_empty() {
                let _ = writeln!(out, "{label}: {}", one_line(text.trim()));
            }
        }
        for party in &self.parties {
            let _ = writeln!(
                out,
                "\n{}: {} ({})",
                one_line(&party.name),
                party.status,
                counts_words(party)
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
                let _ = writeln!(out, "      {}", one_line(&rl.why));
                for line in citation_lines(rl) {
                    let _ = match line {
                        Line::Text(text) => writeln!(out, "      {}", one_line(&text)),
                        Line::Quote(quote) => writeln!(out, "      > {}", one_line(&quote)),
                    };
                }
            }
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", one_line(&self.scenario));
        for (label, text) in [("Summary", &self.summary), ("Notes", &self.notes)] {
            if !text.trim().is_empty() {
                let _ = writeln!(out, "\n**{label}:** {}", one_line(text.trim()));
            }
        }
        for party in &self.parties {
            let _ = writeln!(
                out,
                "\n## {}: {}\n\n{}.\n",
                one_line(&party.name),
                party.status,
                counts_words(party)
            );
            out.push_str("| Verdict | Red line | Basis | Why |\n|---|---|---|---|\n");
            for rl in &party.red_lines {
                let _ = writeln!(
                    out,
                    "| {} {} | {} | {} | {} |",
                    rl.verdict.symbol(),
                    rl.verdict.as_str(),
                    escape_cell(&rl.title),
                    rl.basis,
                    escape_cell(&rl.why)
                );
            }
            out.push('\n');
            for rl in &party.red_lines {
                let _ = writeln!(out, "**{}** ({}):\n", one_line(&rl.title), rl.basis);
                for line in citation_lines(rl) {
                    let _ = match line {
                        Line::Text(text) => writeln!(out, "{}\n", one_line(&text)),
                        Line::Quote(quote) => writeln!(out, "> {}\n", one_line(&quote)),
                    };
                }
            }
        }
        out
    }
}

fn counts_words(party: &PartyReport) -> String {
    super::wording::counts(party.breaks, party.uncertain, party.holds)
}

enum Line {
    Text(String),
    /// Set as a block quote, never in added quotation marks: a quote may carry its own.
    Quote(String),
}

/// The quote with whose words it is, the reading first for inferred lines, and the modeller's
/// note for the others.
fn citation_lines(rl: &RedLineReport) -> Vec<Line> {
    let mut lines = Vec::new();
    let inferred = rl.basis == Basis::Inferred.as_str();
    if inferred {
        lines.push(Line::Text(format!(
            "The modeller's reading: {}",
            rl.note.as_deref().unwrap_or("no note given.")
        )));
    }
    if let Some(lead) = &rl.lead {
        lines.push(Line::Text(lead.clone()));
    }
    if let Some(quote) = &rl.quote {
        lines.push(Line::Quote(quote.clone()));
        lines.push(Line::Text(rl.credit.clone()));
    }
    // An uncertain line's reason is its note already.
    if !inferred
        && let Some(note) = &rl.note
        && !rl.why.contains(note.as_str())
    {
        lines.push(Line::Text(format!("Modeller's note: {note}")));
    }
    lines
}

fn escape_cell(s: &str) -> String {
    one_line(&s.replace('|', "\\|").replace('\n', " ")).into_owned()
}
