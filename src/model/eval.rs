//! Evaluation: pure, and a function of (model, choices) only.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::types::{Model, Pick, Position, PositionKind, RedLine};

pub type Choices = BTreeMap<String, Pick>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
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
    /// `breaks_when` false; for a verdict left open by unaddressed positions, those positions.
    pub because: Vec<Because>,
    /// Positions the red line reads that the scenario leaves unaddressed, where their real
    /// options would give it different verdicts: why it is uncertain.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unaddressed: Vec<String>,
    /// Where unaddressed positions leave it open: the verdicts it could have once they are
    /// addressed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub could_be: Vec<Verdict>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyStatus {
    WouldReject,
    Unclear,
    NoRedLineBroken,
    /// The model gives the party no red lines: nothing to break, which is not "none broken".
    NoRedLines,
}

impl PartyStatus {
    pub const ALL: [PartyStatus; 4] = [
        PartyStatus::WouldReject,
        PartyStatus::Unclear,
        PartyStatus::NoRedLineBroken,
        PartyStatus::NoRedLines,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PartyStatus::WouldReject => "would reject",
            PartyStatus::Unclear => "unclear",
            PartyStatus::NoRedLineBroken => "no red line broken",
            PartyStatus::NoRedLines => "no red lines in this model",
        }
    }

    /// A symbol that reads without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            PartyStatus::WouldReject => Verdict::Breaks.symbol(),
            PartyStatus::Unclear => Verdict::Uncertain.symbol(),
            PartyStatus::NoRedLineBroken => Verdict::Holds.symbol(),
            PartyStatus::NoRedLines => "–",
        }
    }

    /// Whether there are counts to show: a party with no red lines has none.
    pub fn has_counts(self) -> bool {
        self != PartyStatus::NoRedLines
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
        } else if self.holds > 0 {
            PartyStatus::NoRedLineBroken
        } else {
            PartyStatus::NoRedLines
        }
    }

    fn count(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Breaks => self.breaks += 1,
            Verdict::Uncertain => self.uncertain += 1,
            Verdict::Holds => self.holds += 1,
        }
    }

    fn uncount(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Breaks => self.breaks -= 1,
            Verdict::Uncertain => self.uncertain -= 1,
            Verdict::Holds => self.holds -= 1,
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

/// The verdict of one red line on picks that all address their positions.
fn plain_verdict<'a, 'm>(
    find: &impl Fn(&str) -> Option<&'m Position>,
    red_line: &RedLine,
    pick: &impl Fn(&str) -> Option<&'a Pick>,
) -> Verdict {
    if red_line.breaks_when.holds(find, pick) {
        Verdict::Breaks
    } else if red_line
        .uncertain_when
        .as_ref()
        .is_some_and(|c| c.holds(find, pick))
    {
        Verdict::Uncertain
    } else {
        Verdict::Holds
    }
}

/// Every position a red line reads, each once.
pub fn positions_read(red_line: &RedLine) -> Vec<&str> {
    let mut named: Vec<&str> = std::iter::once(&red_line.breaks_when)
        .chain(red_line.uncertain_when.as_ref())
        .flat_map(|c| c.positions())
        .collect();
    named.sort_unstable();
    named.dedup();
    named
}

/// The real picks a red line could meet where a scenario leaves `position` unaddressed: every
/// option not itself "not addressed", or for a number one value for each piece the red line's
/// bounds cut its range into (and no limit, where allowed).
pub fn possible_picks(position: &Position, red_line: &RedLine) -> Vec<Pick> {
    match &position.kind {
        PositionKind::Choice { options, .. } => options
            .iter()
            .filter(|o| !o.not_addressed)
            .map(|o| Pick::Option(o.id.clone()))
            .collect(),
        PositionKind::Number(_) => {
            let mut bounds = Vec::new();
            for condition in
                std::iter::once(&red_line.breaks_when).chain(red_line.uncertain_when.as_ref())
            {
                condition.for_each_atom(&mut |atom| {
                    if atom.atom_position() == Some(position.id.as_str()) {
                        bounds.extend(atom.thresholds());
                    }
                });
            }
            bounds.sort_by(f64::total_cmp);
            bounds.dedup();
            super::space::domain_with(position, &bounds)
                .values
                .into_iter()
                .map(|v| v.pick)
                .filter(|p| *p != Pick::NotAddressed)
                .collect()
        }
    }
}

/// More combinations of unaddressed picks than this, and a red line is simply uncertain.
const MAX_WORLDS: usize = 100_000;

/// A red line's verdict, with what leaves it open.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    pub verdict: Verdict,
    /// The unaddressed positions that leave it uncertain.
    pub unaddressed: Vec<String>,
    /// The verdicts it could have once those positions are addressed, in the order breaks,
    /// uncertain, holds; empty where there are too many combinations to try.
    pub could_be: Vec<Verdict>,
}

/// The verdict of one red line, and the unaddressed positions that leave it open. Where the
/// scenario leaves positions the line reads unaddressed, the line is judged on every real pick
/// those positions could have: the same verdict in all of them stands; otherwise it is
/// uncertain. With `all_outcomes`, every verdict it could have is collected (for the words
/// "could break or be uncertain"); without, the first disagreement settles it.
pub fn judge<'m>(
    find: impl Fn(&str) -> Option<&'m Position>,
    red_line: &RedLine,
    choices: &Choices,
    all_outcomes: bool,
) -> Judgement {
    let open: Vec<(&str, Vec<Pick>)> = positions_read(red_line)
        .into_iter()
        .filter_map(|id| {
            let position = find(id)?;
            let pick = choices.get(id)?;
            position
                .is_unaddressed(pick)
                .then(|| (id, possible_picks(position, red_line)))
        })
        .collect();
    let plain = |over: &[(&str, &Pick)]| {
        plain_verdict(&find, red_line, &|id: &str| {
            over.iter()
                .find(|(p, _)| *p == id)
                .map(|(_, pick)| *pick)
                .or_else(|| choices.get(id))
        })
    };
    let settled = |verdict| Judgement {
        verdict,
        unaddressed: Vec::new(),
        could_be: Vec::new(),
    };
    if open.is_empty() {
        return settled(plain(&[]));
    }
    let open_because = |could_be: Vec<Verdict>| Judgement {
        verdict: Verdict::Uncertain,
        unaddressed: open.iter().map(|(id, _)| (*id).to_owned()).collect(),
        could_be,
    };
    let worlds = open
        .iter()
        .try_fold(1usize, |n, (_, picks)| n.checked_mul(picks.len()));
    if worlds.is_none_or(|n| n == 0 || n > MAX_WORLDS) {
        return open_because(Vec::new());
    }
    let all = [Verdict::Breaks, Verdict::Uncertain, Verdict::Holds];
    let mut seen = [false; 3];
    let mut index = vec![0usize; open.len()];
    loop {
        let over: Vec<(&str, &Pick)> = open
            .iter()
            .zip(&index)
            .map(|((id, picks), &i)| (*id, &picks[i]))
            .collect();
        let verdict = plain(&over);
        seen[all.iter().position(|v| *v == verdict).unwrap_or(0)] = true;
        let kinds = seen.iter().filter(|s| **s).count();
        let could_be = || {
            all.iter()
                .zip(seen)
                .filter(|(_, s)| *s)
                .map(|(v, _)| *v)
                .collect()
        };
        if kinds == 3 || (kinds == 2 && !all_outcomes) {
            return open_because(could_be());
        }
        // The next combination, like an odometer.
        let mut digit = 0;
        loop {
            if digit == index.len() {
                return if kinds == 1 {
                    settled(verdict)
                } else {
                    open_because(could_be())
                };
            }
            index[digit] += 1;
            if index[digit] < open[digit].1.len() {
                break;
            }
            index[digit] = 0;
            digit += 1;
        }
    }
}

/// Whether any package can break `red_line`: every real pick of the positions it reads is
/// tried, where there are at most `max_tries` combinations (else `None`: not known). A line
/// no package breaks is a condition that holds nowhere, such as one position asked for two
/// options at once.
pub fn can_break(model: &Model, red_line: &RedLine, max_tries: usize) -> Option<bool> {
    let read = positions_read(red_line);
    let tries = read.iter().try_fold(1usize, |n, id| {
        let picks = possible_picks(model.position(id)?, red_line).len();
        n.checked_mul(picks.max(1))
    })?;
    if tries > max_tries || read.iter().any(|id| model.position(id).is_none()) {
        return None;
    }
    let open: Choices = read
        .iter()
        .map(|id| ((*id).to_owned(), Pick::NotAddressed))
        .collect();
    let judged = judge(|id| model.position(id), red_line, &open, true);
    Some(judged.verdict == Verdict::Breaks || judged.could_be.contains(&Verdict::Breaks))
}

/// The verdict of one red line, without reasons.
pub fn verdict(model: &Model, red_line: &RedLine, choices: &Choices) -> Verdict {
    judge(|id| model.position(id), red_line, choices, false).verdict
}

/// Which red lines read each position, and where each position is: built once per model, so a
/// change re-evaluates only the red lines it can affect.
#[derive(Clone, Debug, Default)]
pub struct Dependents {
    positions: HashMap<String, usize>,
    red_lines: HashMap<String, Vec<usize>>,
}

impl Dependents {
    pub fn new(model: &Model) -> Self {
        let positions = model
            .positions
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut red_lines: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, rl) in model.red_lines.iter().enumerate() {
            for position in positions_read(rl) {
                red_lines.entry(position.to_owned()).or_default().push(i);
            }
        }
        Dependents {
            positions,
            red_lines,
        }
    }

    /// The red lines (model indices) whose conditions name `position`.
    pub fn of(&self, position: &str) -> &[usize] {
        self.red_lines.get(position).map_or(&[], Vec::as_slice)
    }

    fn position<'m>(&self, model: &'m Model, id: &str) -> Option<&'m Position> {
        self.positions.get(id).map(|&i| &model.positions[i])
    }
}

/// One red line's verdict with the picks that decided it.
fn evaluate_line(
    model: &Model,
    dependents: &Dependents,
    choices: &Choices,
    rl: &RedLine,
) -> RedLineVerdict {
    let pick = |id: &str| choices.get(id);
    let Judgement {
        verdict,
        unaddressed,
        could_be,
    } = judge(|id| dependents.position(model, id), rl, choices, true);
    let mut positions = Vec::new();
    if unaddressed.is_empty() {
        let deciding = match (verdict, &rl.uncertain_when) {
            (Verdict::Uncertain, Some(c)) => c,
            _ => &rl.breaks_when,
        };
        deciding.why(
            &|id: &str| dependents.position(model, id),
            &pick,
            &mut positions,
        );
    } else {
        positions = unaddressed.iter().map(String::as_str).collect();
    }
    let because = positions
        .into_iter()
        .filter_map(|id| {
            let position = dependents.position(model, id)?;
            let pick = choices.get(id)?;
            Some(Because {
                position: id.to_owned(),
                position_title: position.title.clone(),
                pick: position.describe_pick(pick),
            })
        })
        .collect();
    RedLineVerdict {
        red_line: rl.id.clone(),
        verdict,
        because,
        unaddressed,
        could_be,
    }
}

pub fn evaluate(model: &Model, choices: &Choices) -> Evaluation {
    evaluate_with(model, &Dependents::new(model), choices)
}

pub fn evaluate_with(model: &Model, dependents: &Dependents, choices: &Choices) -> Evaluation {
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
            let verdict = evaluate_line(model, dependents, choices, rl);
            if let Some(summary) = parties.iter_mut().find(|s| s.party == rl.party) {
                summary.count(verdict.verdict);
            }
            verdict
        })
        .collect();
    Evaluation { red_lines, parties }
}

impl Evaluation {
    /// Brings the evaluation up to date after the picks of `changed` positions changed: only the
    /// red lines that read them are evaluated again. Equal to a full [`evaluate`].
    pub fn update(
        &mut self,
        model: &Model,
        dependents: &Dependents,
        choices: &Choices,
        changed: &[&str],
    ) {
        let mut affected: Vec<usize> = changed
            .iter()
            .flat_map(|p| dependents.of(p))
            .copied()
            .collect();
        affected.sort_unstable();
        affected.dedup();
        for i in affected {
            let rl = &model.red_lines[i];
            let new = evaluate_line(model, dependents, choices, rl);
            if let Some(summary) = self.parties.iter_mut().find(|s| s.party == rl.party) {
                summary.uncount(self.red_lines[i].verdict);
                summary.count(new.verdict);
            }
            self.red_lines[i] = new;
        }
    }
}
