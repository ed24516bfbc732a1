//! Why a state is stable or not, in words: the moves a party would rather make and the answer
//! that deters each.

use std::collections::HashMap;

use super::*;
use crate::model::types::Model;

/// Why `state` is or is not stable for `movers` (one party, or a coalition acting as one), in
/// words: each move it would rather make, and under each concept (Nash aside) the answer that
/// deters it, or that nothing does. The moves are those of `verdicts`, which all list the same
/// improvements: at most `limit` of them, those deterred under the fewest concepts first (they
/// are what makes the state unstable), and a line saying how many more. States are described
/// against `state`.
pub fn explain(
    model: &Model,
    states: &States,
    movers: &[usize],
    state: usize,
    verdicts: &[(Concept, Stability)],
    limit: usize,
) -> Vec<String> {
    let one = movers.len() == 1;
    let others: Vec<&str> = (0..model.parties.len())
        .filter(|p| !movers.contains(p))
        .map(|p| model.parties[p].name.as_str())
        .collect();
    // One other party is named; more answer as "the others", in any order they may move.
    let (who, whose) = match others.as_slice() {
        [other] => (other.to_string(), format!("of {other}")),
        _ => ("the others".to_owned(), "of the others".to_owned()),
    };
    // The mover by name where another party is named too, so no "it" is ambiguous.
    let mover = movers
        .first()
        .map_or("", |&p| model.parties[p].name.as_str());
    let (would, no_better, escape, better_off) = if one {
        (
            "It would rather move to".to_owned(),
            format!("which {mover} likes no better than now"),
            format!("and from which {mover} has no move it likes better than now"),
            format!("still leaves {mover} better off than now"),
        )
    } else {
        (
            "Together they would rather move to".to_owned(),
            "which not every one of them prefers to now".to_owned(),
            "and from which together they have no move every one of them prefers to now".to_owned(),
            "still leaves every one of them better off than now".to_owned(),
        )
    };
    let mut lines = Vec::new();
    // Per move, under how many concepts it is deterred.
    let mut deterred: HashMap<usize, usize> = HashMap::new();
    for (_, verdict) in verdicts {
        for &(to, sanction) in &verdict.improvements {
            *deterred.entry(to).or_default() += usize::from(sanction.is_some());
        }
    }
    let mut moves: Vec<usize> = verdicts
        .first()
        .map_or(&[][..], |(_, v)| &v.improvements)
        .iter()
        .map(|&(to, _)| to)
        .collect();
    moves.sort_by_key(|to| deterred.get(to).copied().unwrap_or(0));
    let more = moves.len().saturating_sub(limit);
    for &to in moves.iter().take(limit) {
        lines.push(format!("{would} {}.", states.describe(model, state, to)));
        for (concept, verdict) in verdicts {
            let sanction = verdict
                .improvements
                .iter()
                .find(|(s1, _)| *s1 == to)
                .and_then(|(_, s2)| *s2);
            let name = concept.name();
            lines.push(match (concept, sanction) {
                (Concept::Nash, _) => continue,
                (_, Some(s2)) => {
                    let answer = states.describe(model, state, s2);
                    if *concept == Concept::Smr {
                        format!("  {name}: deterred: {who} can answer with {answer}, {no_better}, {escape}")
                    } else {
                        format!("  {name}: deterred: {who} can answer with {answer}, {no_better}")
                    }
                }
                (_, None) if others.is_empty() => {
                    format!("  {name}: not deterred: no party is left outside to answer")
                }
                (Concept::Seq, None) => format!(
                    "  {name}: not deterred: every answer {who} would want to give {better_off}"
                ),
                (Concept::Smr, None) => format!(
                    "  {name}: not deterred: every answer {whose} either {better_off} or lets \
                     {} move on to something better",
                    if one { "it" } else { "them" }
                ),
                (_, None) => format!("  {name}: not deterred: every answer {whose} {better_off}"),
            });
        }
    }
    if more > 0 {
        lines.push(format!(
            "… and {} more {} would rather make.",
            crate::model::types::format_count(more as f64),
            if one { "moves it" } else { "joint moves they" }
        ));
    }
    if lines.is_empty() {
        lines.push(if one {
            "It has no move it would rather make.".to_owned()
        } else {
            "Together they have no move that every one of them would rather make.".to_owned()
        });
    }
    lines
}
