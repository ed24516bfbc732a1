//! What switching one position to another value would change, per party (the what-if badges).

use serde::{Deserialize, Serialize};

use crate::model::eval::{Choices, Verdict};
use crate::model::types::{Model, Pick};

use super::*;

/// What switching one position to one value would change, per party.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    pub position: String,
    pub value: usize,
    pub label: String,
    pub pick: Pick,
    /// Per party (model order): red lines (model indices) newly broken, and no longer broken.
    pub newly_broken: Vec<Vec<usize>>,
    pub newly_cleared: Vec<Vec<usize>>,
    /// Per party: red lines that become uncertain, and that stop being uncertain.
    pub newly_uncertain: Vec<Vec<usize>>,
    pub no_longer_uncertain: Vec<Vec<usize>>,
}

impl WhatIf {
    pub fn is_noop(&self) -> bool {
        [
            &self.newly_broken,
            &self.newly_cleared,
            &self.newly_uncertain,
            &self.no_longer_uncertain,
        ]
        .iter()
        .all(|per_party| per_party.iter().all(Vec::is_empty))
    }
}

/// For the current package, every other value of every position and what it would change.
/// Verdicts here ignore the query's parties: badges speak for everyone.
pub fn what_if(space: &Space, current: &[Value]) -> Vec<WhatIf> {
    what_if_with(space, current, &Control::default()).unwrap_or_default()
}

/// [`what_if`], cancellable between positions.
pub fn what_if_with(
    space: &Space,
    current: &[Value],
    control: &Control,
) -> Result<Vec<WhatIf>, SpaceError> {
    let mut lines_of: Vec<Vec<usize>> = vec![Vec::new(); space.domains.len()];
    for (i, line) in space.lines.iter().enumerate() {
        for &p in &line.positions {
            lines_of[p].push(i);
        }
    }
    let before = space.verdicts(current);
    let parties = space.model.parties.len();
    let mut out = Vec::new();
    let mut trial = current.to_vec();
    for (p, domain) in space.domains.iter().enumerate() {
        if control.is_cancelled() {
            return Err(SpaceError::Cancelled);
        }
        for (v, value) in domain.values.iter().enumerate() {
            if v as Value == current[p] {
                continue;
            }
            trial[p] = v as Value;
            let mut w = WhatIf {
                position: space.model.positions[p].id.clone(),
                value: v,
                label: value.label.clone(),
                pick: value.pick.clone(),
                newly_broken: vec![Vec::new(); parties],
                newly_cleared: vec![Vec::new(); parties],
                newly_uncertain: vec![Vec::new(); parties],
                no_longer_uncertain: vec![Vec::new(); parties],
            };
            for line in lines_of[p].iter().map(|&i| &space.lines[i]) {
                let (old, new) = (before[line.red_line], line.verdict(&trial));
                let party = line.party;
                if old != Verdict::Breaks && new == Verdict::Breaks {
                    w.newly_broken[party].push(line.red_line);
                }
                if old == Verdict::Breaks && new != Verdict::Breaks {
                    w.newly_cleared[party].push(line.red_line);
                }
                if old != Verdict::Uncertain && new == Verdict::Uncertain {
                    w.newly_uncertain[party].push(line.red_line);
                }
                if old == Verdict::Uncertain && new != Verdict::Uncertain {
                    w.no_longer_uncertain[party].push(line.red_line);
                }
            }
            out.push(w);
        }
        trial[p] = current[p];
    }
    Ok(out)
}

/// What picking each other option or range would change from `choices` (the what-if badges).
/// Stops early, with `Err`, when cancelled.
pub fn what_if_from(
    model: &Model,
    choices: &Choices,
    control: &Control,
) -> Result<Vec<WhatIf>, SpaceError> {
    let space = Space::unordered(model, &Query::default())?;
    match space.package_of(choices) {
        Some(current) => what_if_with(&space, &current, control),
        None => Ok(Vec::new()),
    }
}
