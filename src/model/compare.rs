//! Two scenarios side by side: the choices that differ, each red line whose verdict changed, and
//! each party's counts before and after. Positions and red lines are matched by id, so two
//! versions of one model compare too.

use std::fmt::Write;

use serde::Serialize;

use super::eval::{PartySummary, Verdict};
use super::scenario::Document;
use super::text::one_line;
use super::wording::why;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub before: String,
    pub after: String,
    /// Only the positions whose pick differs.
    pub choices: Vec<ChoiceChange>,
    /// Only the red lines whose verdict differs.
    pub red_lines: Vec<VerdictChange>,
    /// Every party of the later scenario's model.
    pub parties: Vec<PartyChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChoiceChange {
    pub position: String,
    pub title: String,
    /// The pick in words; `None` where the scenario's model has no such position.
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VerdictChange {
    pub red_line: String,
    pub party: String,
    pub title: String,
    pub before: Option<Verdict>,
    pub after: Option<Verdict>,
    /// Why it has its verdict afterwards, as a sentence.
    pub why: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyChange {
    pub party: String,
    pub name: String,
    pub before: Option<Counts>,
    pub after: Counts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub broken: usize,
    pub uncertain: usize,
    pub holds: usize,
    pub status: &'static str,
}

impl From<&PartySummary> for Counts {
    fn from(s: &PartySummary) -> Self {
        Counts {
            broken: s.breaks,
            uncertain: s.uncertain,
            holds: s.holds,
            status: s.status().label(),
        }
    }
}

pub fn compare(before: &Document, after: &Document) -> Comparison {
    let (eval_before, eval_after) = (before.evaluate(), after.evaluate());
    let mut choices = Vec::new();
    let mut ids: Vec<&str> = after
        .model
        .positions
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    ids.extend(
        before
            .model
            .positions
            .iter()
            .map(|p| p.id.as_str())
            .filter(|id| after.model.position(id).is_none()),
    );
    for id in ids {
        let describe = |doc: &Document| {
            let position = doc.model.position(id)?;
            doc.pick(id).map(|pick| position.describe_pick(pick))
        };
        let (b, a) = (describe(before), describe(after));
        if b != a {
            let title = after
                .model
                .position(id)
                .or_else(|| before.model.position(id))
                .map_or_else(|| id.to_owned(), |p| p.title.clone());
            choices.push(ChoiceChange {
                position: id.to_owned(),
                title,
                before: b,
                after: a,
            });
        }
    }
    let mut red_lines = Vec::new();
    for (rl, verdict) in after.model.red_lines.iter().zip(&eval_after.red_lines) {
        let old = eval_before.verdict_of(&rl.id).map(|v| v.verdict);
        if old != Some(verdict.verdict) {
            red_lines.push(VerdictChange {
                red_line: rl.id.clone(),
                party: rl.party.clone(),
                title: rl.title.clone(),
                before: old,
                after: Some(verdict.verdict),
                why: Some(why(&after.model, rl, verdict)),
            });
        }
    }
    for rl in &before.model.red_lines {
        if after.model.red_line(&rl.id).is_none() {
            red_lines.push(VerdictChange {
                red_line: rl.id.clone(),
                party: rl.party.clone(),
                title: rl.title.clone(),
                before: eval_before.verdict_of(&rl.id).map(|v| v.verdict),
                after: None,
                why: None,
            });
        }
    }
    let parties = after
        .model
        .parties
        .iter()
        .zip(&eval_after.parties)
        .map(|(party, summary)| PartyChange {
            party: party.id.clone(),
            name: party.name.clone(),
            before: eval_before.party(&party.id).map(Counts::from),
            after: Counts::from(summary),
        })
        .collect();
    Comparison {
        before: before.scenario.title.clone(),
        after: after.scenario.title.clone(),
        choices,
        red_lines,
        parties,
    }
}

fn verdict_word(v: Option<Verdict>) -> &'static str {
    v.map_or("not in this model", Verdict::as_str)
}

fn counts_word(c: Option<Counts>) -> String {
    c.map_or_else(
        || "not in this model".to_owned(),
        |c| {
            format!(
                "{} ({})",
                c.status,
                super::wording::counts(c.broken, c.uncertain, c.holds)
            )
        },
    )
}

fn pick_word(p: &Option<String>) -> String {
    p.as_deref().map_or_else(
        || "not in this model".to_owned(),
        |p| one_line(p).into_owned(),
    )
}

impl ChoiceChange {
    /// "Demilitarized free economic zone → Not addressed".
    pub fn change(&self) -> String {
        format!("{} → {}", pick_word(&self.before), pick_word(&self.after))
    }
}

impl VerdictChange {
    /// "holds → uncertain".
    pub fn change(&self) -> String {
        format!(
            "{} → {}",
            verdict_word(self.before),
            verdict_word(self.after)
        )
    }
}

impl Comparison {
    pub fn to_json(&self) -> String {
        let json = serde_json::to_string_pretty(self).unwrap_or_default();
        super::text::json_safe(&json).into_owned()
    }

    pub fn to_text(&self) -> String {
        let mut out = format!(
            "From: {}\nTo:   {}\n",
            one_line(&self.before),
            one_line(&self.after)
        );
        out.push_str("\nParties:\n");
        for p in &self.parties {
            let _ = writeln!(
                out,
                "  {}: {} → {}",
                one_line(&p.name),
                counts_word(p.before),
                counts_word(Some(p.after))
            );
        }
        out.push_str("\nChoices that differ:\n");
        if self.choices.is_empty() {
            out.push_str("  none\n");
        }
        for c in &self.choices {
            let _ = writeln!(out, "  {}: {}", one_line(&c.title), c.change());
        }
        out.push_str("\nRed lines whose verdict changed:\n");
        if self.red_lines.is_empty() {
            out.push_str("  none\n");
        }
        for r in &self.red_lines {
            let _ = writeln!(
                out,
                "  [{}] {}: {}",
                one_line(&r.party),
                one_line(&r.title),
                r.change()
            );
            if let Some(why) = &r.why {
                let _ = writeln!(out, "      {}", one_line(why));
            }
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# {} → {}\n\n## Parties\n\n| Party | Before | After |\n|---|---|---|\n",
            one_line(&self.before),
            one_line(&self.after)
        );
        for p in &self.parties {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                one_line(&p.name),
                counts_word(p.before),
                counts_word(Some(p.after))
            );
        }
        out.push_str("\n## Choices that differ\n\n");
        if self.choices.is_empty() {
            out.push_str("None.\n");
        }
        for c in &self.choices {
            let _ = writeln!(out, "- **{}**: {}", one_line(&c.title), c.change());
        }
        out.push_str("\n## Red lines whose verdict changed\n\n");
        if self.red_lines.is_empty() {
            out.push_str("None.\n");
        }
        for r in &self.red_lines {
            let _ = writeln!(
                out,
                "- **{}** ({}): {}{}",
                one_line(&r.title),
                one_line(&r.party),
                r.change(),
                r.why
                    .as_ref()
                    .map_or_else(String::new, |w| format!(". {}", one_line(w)))
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pick;

    #[test]
    fn a_changed_pick_shows_with_the_verdicts_it_moves() {
        let before = Document::new_bundled();
        let mut after = before.clone();
        after.scenario.choices.insert(
            "multinational_force".into(),
            Pick::Option("inside_ukraine".into()),
        );
        let c = compare(&before, &after);
        assert_eq!(c.choices.len(), 1);
        assert_eq!(
            c.choices[0].after.as_deref(),
            Some("Including operations inside Ukraine")
        );
        let nato = c
            .red_lines
            .iter()
            .find(|r| r.red_line == "ru_no_nato_personnel")
            .expect("moved");
        assert_eq!(
            (nato.before, nato.after),
            (Some(Verdict::Holds), Some(Verdict::Breaks))
        );
        let ru = c.parties.iter().find(|p| p.party == "ru").expect("ru");
        assert_eq!(ru.after.broken, ru.before.expect("before").broken + 1);
    }
}
