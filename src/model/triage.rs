//! Which red lines make the point, and in what order: what changed first, then what breaks, then
//! what the source leaves open. Lines that are uncertain only because the package is silent on a
//! position are gathered into one group: a dozen "silent on" rows would bury the two that
//! changed. The slide, the Red lines tab and the handout all list red lines this way.

use super::eval::{Evaluation, RedLineVerdict, Verdict};
use super::types::Model;

/// One red line listed on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// Its index in the model's red lines.
    pub index: usize,
    /// Its verdict before the last change, where that differs from now.
    pub was: Option<Verdict>,
}

/// The red lines to list, in order, and those gathered as "silent".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Triage {
    /// Changed first, then broken, then uncertain, then (where asked for) holding; the model's
    /// order within each.
    pub rows: Vec<Row>,
    /// Red lines that are uncertain only because the package does not address a position they
    /// read, in the model's order: gathered even where they just became so, since a package
    /// silent on much turns many lines uncertain at once, and they would bury the rest.
    pub silent: Vec<usize>,
    /// The silent lines the last change made so, each with what it was before.
    pub newly_silent: Vec<(usize, Verdict)>,
}

impl Triage {
    /// Sorts the red lines `keep` lets through. `before` is the evaluation before the last
    /// change, on the same model; a line whose verdict differs from it counts as changed, and
    /// is listed first whatever it is now. Holding lines are listed only with `holding` (or
    /// where they just came to hold).
    pub fn new(
        evaluation: &Evaluation,
        before: Option<&Evaluation>,
        holding: bool,
        keep: impl Fn(usize, &RedLineVerdict) -> bool,
    ) -> Triage {
        let before = before.filter(|b| {
            b.red_lines.len() == evaluation.red_lines.len()
                && b.red_lines
                    .iter()
                    .zip(&evaluation.red_lines)
                    .all(|(was, now)| was.red_line == now.red_line)
        });
        let mut triage = Triage::default();
        for (index, verdict) in evaluation.red_lines.iter().enumerate() {
            if !keep(index, verdict) {
                continue;
            }
            let was = before
                .map(|b| b.red_lines[index].verdict)
                .filter(|w| *w != verdict.verdict);
            if silent_only(verdict) {
                triage.silent.push(index);
                if let Some(was) = was {
                    triage.newly_silent.push((index, was));
                }
            } else if was.is_some() || holding || verdict.verdict != Verdict::Holds {
                triage.rows.push(Row { index, was });
            }
        }
        let rank = |row: &Row| {
            let verdict = match evaluation.red_lines[row.index].verdict {
                Verdict::Breaks => 0,
                Verdict::Uncertain => 1,
                Verdict::Holds => 2,
            };
            (row.was.is_none(), verdict)
        };
        triage.rows.sort_by_key(rank);
        triage
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.silent.is_empty()
    }

    /// "3 red lines uncertain only because the package is silent on: A, B and C" (and "; 2
    /// newly so" where the last change made them so), or `None` when there are none.
    pub fn silent_summary(&self, model: &Model, evaluation: &Evaluation) -> Option<String> {
        let on = super::wording::list(&self.silent_on(model, evaluation));
        Some(format!("{} on: {on}{}", self.silent_lines()?, self.newly()))
    }

    /// "3 red lines uncertain only because the package is silent" (and "; 2 newly so"), or
    /// `None` when there are none: a heading short enough for one line.
    pub fn silent_heading(&self) -> Option<String> {
        Some(format!("{}{}", self.silent_lines()?, self.newly()))
    }

    fn silent_lines(&self) -> Option<String> {
        let n = self.silent.len();
        (n > 0).then(|| {
            format!(
                "{n} red {} uncertain only because the package is silent",
                if n == 1 { "line" } else { "lines" }
            )
        })
    }

    /// How many of the silent lines the last change made so, in words.
    fn newly(&self) -> String {
        match self.newly_silent.len() {
            0 => String::new(),
            k if k == self.silent.len() && k == 1 => "; newly so".to_owned(),
            k if k == self.silent.len() => "; all newly so".to_owned(),
            k => format!("; {k} newly so"),
        }
    }

    /// What a silent line was before the last change, where the change made it silent.
    pub fn silent_was(&self, index: usize) -> Option<Verdict> {
        self.newly_silent
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, was)| *was)
    }

    /// The positions the silent lines read that the package does not address, in the model's
    /// order, by title.
    pub fn silent_on(&self, model: &Model, evaluation: &Evaluation) -> Vec<String> {
        let mut on: Vec<usize> = self
            .silent
            .iter()
            .flat_map(|i| &evaluation.red_lines[*i].unaddressed)
            .filter_map(|id| model.positions.iter().position(|p| p.id == *id))
            .collect();
        on.sort_unstable();
        on.dedup();
        on.into_iter()
            .map(|i| model.positions[i].title.clone())
            .collect()
    }
}

/// Uncertain only because the package leaves a position it reads unaddressed: addressing it
/// would settle the line, whatever the source leaves open.
fn silent_only(verdict: &RedLineVerdict) -> bool {
    verdict.verdict == Verdict::Uncertain && !verdict.unaddressed.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bundled;
    use crate::model::format::parse_scenario;

    fn example(name: &str) -> crate::model::Document {
        parse_scenario(bundled::example_text(name).expect("bundled"))
            .expect("parses")
            .document
    }

    #[test]
    fn what_changed_comes_first_and_silent_lines_are_gathered() {
        let before = example("kremlin-demands.ron");
        let now = example("us-compromise.ron");
        let (b, e) = (before.evaluate(), now.evaluate());
        let triage = Triage::new(&e, Some(&b), false, |_, _| true);
        let changed: Vec<&Row> = triage.rows.iter().filter(|r| r.was.is_some()).collect();
        assert!(!changed.is_empty(), "the free economic zone flips lines");
        // Every changed row is listed before every unchanged one.
        let first_unchanged = triage.rows.iter().position(|r| r.was.is_none());
        if let Some(first) = first_unchanged {
            assert!(triage.rows[first..].iter().all(|r| r.was.is_none()));
        }
        for row in &triage.rows {
            assert_ne!(row.was, Some(e.red_lines[row.index].verdict));
        }
        for i in &triage.silent {
            let v = &e.red_lines[*i];
            assert_eq!(v.verdict, Verdict::Uncertain);
            assert!(!v.unaddressed.is_empty());
        }
        // Gathered even where they just became silent, and counted.
        let newly = triage
            .silent
            .iter()
            .filter(|&&i| b.red_lines[i].verdict != e.red_lines[i].verdict)
            .count();
        assert_eq!(triage.newly_silent.len(), newly);
        for &(i, was) in &triage.newly_silent {
            assert_eq!(triage.silent_was(i), Some(b.red_lines[i].verdict));
            assert_ne!(was, Verdict::Uncertain);
        }
        // What changed and is listed on its own is not silent only.
        assert!(
            triage
                .rows
                .iter()
                .all(|r| !triage.silent.contains(&r.index))
        );
        assert!(
            !triage.silent.is_empty(),
            "the compromise is silent on much"
        );
        let summary = triage.silent_summary(&now.model, &e).expect("some");
        assert!(
            summary.starts_with(&format!("{} red lines uncertain only", triage.silent.len())),
            "{summary}"
        );
        // Nothing is lost: rows and the group cover every line that is not an unchanged hold.
        let listed = triage.rows.len() + triage.silent.len();
        let quiet_holds = e
            .red_lines
            .iter()
            .zip(&b.red_lines)
            .filter(|(v, w)| v.verdict == Verdict::Holds && w.verdict == Verdict::Holds)
            .count();
        assert_eq!(listed + quiet_holds, e.red_lines.len());
    }

    #[test]
    fn without_a_change_broken_lines_lead_and_holds_show_only_when_asked() {
        let doc = example("kremlin-demands.ron");
        let e = doc.evaluate();
        let problems = Triage::new(&e, None, false, |_, _| true);
        assert!(problems.rows.iter().all(|r| r.was.is_none()));
        let verdicts: Vec<Verdict> = problems
            .rows
            .iter()
            .map(|r| e.red_lines[r.index].verdict)
            .collect();
        assert!(!verdicts.contains(&Verdict::Holds));
        let mut sorted = verdicts.clone();
        sorted.sort_by_key(|v| *v != Verdict::Breaks);
        assert_eq!(verdicts, sorted, "broken first");
        let all = Triage::new(&e, None, true, |_, _| true);
        assert_eq!(all.rows.len() + all.silent.len(), e.red_lines.len());
    }
}
