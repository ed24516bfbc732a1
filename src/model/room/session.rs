//! A negotiation's record as files: its proposals as a briefing of inline steps (which opens in
//! the app, presents, and reads back), and a handout of them. Built from the host's view, which
//! holds every proposal with its time and every party's verdict.

use std::sync::Arc;

use super::view::{NegotiationView, ProposalView};
use crate::model::briefing::{Briefing, Show, Step, StepScenario};
use crate::model::eval::PartyStatus;
use crate::model::scenario::{Document, ModelRef};
use crate::model::types::{Model, format_count};
use crate::model::wording;

/// `at_ms` (milliseconds since the Unix epoch) as "2026-12-07 14:32:05 UTC".
pub fn utc(at_ms: u64) -> String {
    let seconds = at_ms / 1000;
    let (days, in_day) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's days-to-civil, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

fn party_name<'a>(view: &'a NegotiationView, id: &'a str) -> &'a str {
    view.party(id).map_or(id, |p| p.party.name.as_str())
}

/// Each party's verdict on `proposal` in words, one line per party: "Russia: would reject (2
/// broken, 0 uncertain, 3 holding)".
pub fn verdict_lines(view: &NegotiationView, proposal: &ProposalView) -> Vec<String> {
    proposal
        .verdicts
        .iter()
        .map(|v| {
            let name = party_name(view, &v.party);
            if v.status == PartyStatus::NoRedLines {
                format!("{name}: {}", v.status.label())
            } else {
                format!(
                    "{name}: {} ({})",
                    v.status.label(),
                    wording::counts(v.breaks, v.uncertain, v.holds)
                )
            }
        })
        .collect()
}

/// "Proposal 3: Ukraine, round 2".
pub fn proposal_title(view: &NegotiationView, proposal: &ProposalView) -> String {
    format!(
        "Proposal {}: {}, round {}",
        proposal.number,
        party_name(view, &proposal.party),
        proposal.round
    )
}

/// The model a session's file names: a bundled one by its id, anything else written inside, so
/// the file opens wherever it is saved.
pub fn session_model_ref(document: &Document) -> ModelRef {
    match &document.scenario.model {
        bundled @ ModelRef::Bundled { .. } => bundled.clone(),
        _ => ModelRef::Inline(Arc::new(document.self_contained_model())),
    }
}

/// The session as a briefing: one inline step per proposal, in the order tabled, each saying
/// who tabled it, when, its note and every party's verdict.
pub fn briefing(view: &NegotiationView, model: &ModelRef, code: &str) -> Briefing {
    let rounds = view.proposals.iter().map(|p| p.round).max().unwrap_or(0);
    let plural = |n: usize, one: &str, many: &str| {
        format!(
            "{} {}",
            format_count(n as f64),
            if n == 1 { one } else { many }
        )
    };
    // One paragraph: the handout prints a briefing's summary on one line.
    let mut summary = format!(
        "The record of negotiation room {code}: {} over {}.",
        plural(view.proposals.len(), "proposal", "proposals"),
        plural(rounds as usize, "round", "rounds")
    );
    if !view.common_brief.trim().is_empty() {
        summary.push_str(&format!(
            " The brief every team read: {}",
            crate::model::text::one_line(view.common_brief.trim())
        ));
    }
    let mut briefing = Briefing::new(format!("{}: the session", view.title));
    briefing.summary = summary;
    briefing.steps = view
        .proposals
        .iter()
        .map(|proposal| {
            let mut said = format!(
                "Tabled by the team for {} in round {} at {}.",
                party_name(view, &proposal.party),
                proposal.round,
                utc(proposal.at_ms)
            );
            if !proposal.note.trim().is_empty() {
                said.push_str(&format!(" Their note: “{}”", proposal.note.trim()));
            }
            Step {
                title: proposal_title(view, proposal),
                scenario: StepScenario::Inline {
                    model: model.clone(),
                    choices: proposal.choices.clone(),
                    summary: said,
                },
                notes: format!(
                    "Verdicts when tabled:\n{}",
                    verdict_lines(view, proposal).join("\n")
                ),
                show: Show::RedLines,
                question: None,
                pictures: true,
            }
        })
        .collect();
    briefing
}

/// Each step of `briefing` as a document on `model`: what the handout is built from.
pub fn documents(briefing: &Briefing, model: &Arc<Model>) -> Vec<(Step, Document)> {
    briefing
        .steps
        .iter()
        .filter_map(|step| {
            let StepScenario::Inline {
                model: model_ref,
                choices,
                summary,
            } = &step.scenario
            else {
                return None;
            };
            let mut document = Document::new(model.clone(), model_ref.clone());
            document.scenario.title = step.title.clone();
            document.scenario.summary = summary.clone();
            document.scenario.choices = choices.clone();
            Some((step.clone(), document))
        })
        .collect()
}

/// The session's two files as text: the briefing (RON) and its handout (Markdown).
pub fn files(
    view: &NegotiationView,
    opened: &Document,
    code: &str,
) -> Result<(String, String), String> {
    let briefing = briefing(view, &session_model_ref(opened), code);
    let text = crate::model::briefing::briefing_to_ron(&briefing).map_err(|e| e.to_string())?;
    let steps = documents(&briefing, &opened.model);
    let handout =
        crate::model::handout::Handout::new(briefing.title.clone(), briefing.summary, &steps);
    Ok((text, handout.to_markdown()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_reads_as_a_calendar_date() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        // 2024 is a leap year: 29 February exists, and 1 March follows it.
        assert_eq!(utc(1_709_164_800_000), "2024-02-29 00:00:00 UTC");
        assert_eq!(utc(1_709_251_199_000), "2024-02-29 23:59:59 UTC");
        assert_eq!(utc(1_709_251_200_000), "2024-03-01 00:00:00 UTC");
        assert_eq!(
            utc(1_798_761_600_000 + 3_723_000),
            "2027-01-01 01:02:03 UTC"
        );
    }
}
