//! The space of packages: for each position, the values that can change a verdict. Choices give
//! their options; a number range is cut at every bound the conditions compare it with, and one
//! value stands for each piece, so searches over the space are exact, not sampled.

use std::collections::HashMap;

use super::condition::Condition;
use super::eval::{Choices, evaluate};
use super::types::{Model, Pick, Position, PositionKind, RedLine, format_number};

/// One value that stands for a piece of a position's range.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DomainValue {
    pub pick: Pick,
    /// The option's label, or the range in words: "800,000–1,000,000 troops".
    pub label: String,
    /// For numbers: the piece `[from, to)`, or `[from, to]` at the top of the range.
    pub range: Option<(f64, f64)>,
    pub closed_at_top: bool,
    /// For numbers: the first and last values the slider can reach in the piece.
    pub reach: Option<(f64, f64)>,
}

impl DomainValue {
    /// Whether `pick` falls in this piece of the domain.
    pub fn contains(&self, pick: &Pick) -> bool {
        match (&self.pick, pick, self.range) {
            (Pick::Option(a), Pick::Option(b), _) => a == b,
            (Pick::NoLimit, Pick::NoLimit, _) => true,
            (Pick::NotAddressed, Pick::NotAddressed, _) => true,
            (Pick::Value(_), Pick::Value(v), Some((from, to))) => {
                *v >= from && (*v < to || (*v == to && self.closed_at_top))
            }
            _ => false,
        }
    }
}

/// The values of one position that matter.
#[derive(Clone, Debug, PartialEq)]
pub struct Domain {
    pub position: String,
    pub values: Vec<DomainValue>,
}

impl Domain {
    /// The index of the value that `pick` falls in.
    pub fn index_of(&self, pick: &Pick) -> Option<usize> {
        self.values.iter().position(|v| v.contains(pick))
    }
}

/// Every bound that a red line compares `position` with, sorted, without repeats.
pub fn thresholds(model: &Model, position: &str) -> Vec<f64> {
    let mut all = all_thresholds(model);
    all.remove(position).unwrap_or_default()
}

/// The bounds of every number position, in one pass over the red lines: big models have tens
/// of thousands of both.
pub fn all_thresholds(model: &Model) -> HashMap<&str, Vec<f64>> {
    thresholds_of(model, |_| true)
}

/// The bounds the chosen red lines compare each number position with.
fn thresholds_of(model: &Model, chosen: impl Fn(&RedLine) -> bool) -> HashMap<&str, Vec<f64>> {
    condition_thresholds(
        model
            .red_lines
            .iter()
            .filter(|r| chosen(r))
            .flat_map(|r| std::iter::once(&r.breaks_when).chain(r.uncertain_when.as_ref())),
    )
}

/// The bounds `conditions` compare each number position with, sorted, once each.
pub fn condition_thresholds<'a>(
    conditions: impl IntoIterator<Item = &'a Condition>,
) -> HashMap<&'a str, Vec<f64>> {
    let mut bounds: HashMap<&str, Vec<f64>> = HashMap::new();
    for condition in conditions {
        condition.for_each_atom(&mut |atom: &Condition| {
            let found = atom.thresholds();
            if let Some(position) = atom.atom_position()
                && !found.is_empty()
            {
                bounds
                    .entry(position)
                    .or_default()
                    .extend(found.into_iter().filter(|t| t.is_finite()));
            }
        });
    }
    for list in bounds.values_mut() {
        list.sort_by(f64::total_cmp);
        list.dedup();
    }
    bounds
}

pub fn domain(model: &Model, position: &Position) -> Domain {
    domain_with(position, &thresholds(model, &position.id))
}

/// The domain of `position`, given the bounds its conditions compare it with.
pub(crate) fn domain_with(position: &Position, thresholds: &[f64]) -> Domain {
    let values = match &position.kind {
        PositionKind::Choice { options, .. } => options
            .iter()
            .map(|o| DomainValue {
                pick: Pick::Option(o.id.clone()),
                label: o.label.clone(),
                range: None,
                closed_at_top: false,
                reach: None,
            })
            .collect(),
        PositionKind::Number(spec) => {
            let cuts: Vec<f64> = thresholds
                .iter()
                .copied()
                .filter(|t| *t > spec.min && *t <= spec.max)
                .collect();
            let starts = std::iter::once(spec.min).chain(cuts.iter().copied());
            let ends = cuts.iter().copied().chain(std::iter::once(spec.max));
            // A piece stands for the values the slider can reach in it; a piece with none (a
            // gap between two bounds narrower than a step) is left out.
            let mut values: Vec<DomainValue> = starts
                .zip(ends)
                .filter(|(from, to)| from < to || (cuts.is_empty() && from == to))
                .filter_map(|(from, to)| {
                    let closed_at_top = to == spec.max && !cuts.contains(&spec.max);
                    let (first, last) = spec.reachable_in(from, to, closed_at_top)?;
                    Some(DomainValue {
                        pick: Pick::Value(first),
                        label: range_label(first, last, &spec.unit),
                        range: Some((from, to)),
                        closed_at_top,
                        reach: Some((first, last)),
                    })
                })
                .collect();
            // A bound equal to max leaves exactly max as its own piece.
            if cuts.last() == Some(&spec.max) {
                values.push(DomainValue {
                    pick: Pick::Value(spec.max),
                    label: with_unit(&format_number(spec.max), &spec.unit),
                    range: Some((spec.max, spec.max)),
                    closed_at_top: true,
                    reach: Some((spec.max, spec.max)),
                });
            }
            if let Some(label) = &spec.no_limit {
                values.push(DomainValue {
                    pick: Pick::NoLimit,
                    label: label.clone(),
                    range: None,
                    closed_at_top: false,
                    reach: None,
                });
            }
            if let Some(label) = &spec.not_addressed {
                values.push(DomainValue {
                    pick: Pick::NotAddressed,
                    label: label.clone(),
                    range: None,
                    closed_at_top: false,
                    reach: None,
                });
            }
            values
        }
    };
    Domain {
        position: position.id.clone(),
        values,
    }
}

/// The reachable values of a piece: "800,000–1,000,000 troops", both ends included.
fn range_label(first: f64, last: f64, unit: &str) -> String {
    let text = if first == last {
        format_number(first)
    } else {
        format!("{}–{}", format_number(first), format_number(last))
    };
    with_unit(&text, unit)
}

fn with_unit(text: &str, unit: &str) -> String {
    if unit.is_empty() {
        text.to_owned()
    } else {
        format!("{text} {unit}")
    }
}

pub fn domains(model: &Model) -> Vec<Domain> {
    domains_seen_by(model, |_| true)
}

/// The domains as the chosen red lines see them: a number range is cut only where one of them
/// draws a line, so two values none of them tells apart are one package, not two.
pub fn domains_seen_by(model: &Model, chosen: impl Fn(&RedLine) -> bool) -> Vec<Domain> {
    let thresholds = thresholds_of(model, chosen);
    model
        .positions
        .iter()
        .map(|p| domain_with(p, thresholds.get(p.id.as_str()).map_or(&[], Vec::as_slice)))
        .collect()
}

/// One piece of a number position's range and what it does to each party.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepStep {
    pub value: DomainValue,
    /// Broken red lines per party, in the model's party order.
    pub breaks: Vec<usize>,
    pub uncertain: Vec<usize>,
}

/// How the verdicts move as one number position sweeps its range, the other choices held fixed.
pub fn sweep(model: &Model, choices: &Choices, position: &Position) -> Vec<SweepStep> {
    let mut trial = choices.clone();
    domain(model, position)
        .values
        .into_iter()
        .map(|value| {
            trial.insert(position.id.clone(), value.pick.clone());
            let evaluation = evaluate(model, &trial);
            SweepStep {
                breaks: evaluation.parties.iter().map(|p| p.breaks).collect(),
                uncertain: evaluation.parties.iter().map(|p| p.uncertain).collect(),
                value,
            }
        })
        .collect()
}
