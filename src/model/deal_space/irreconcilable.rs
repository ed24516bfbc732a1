//! Red lines that cannot stand together: minimal irreconcilable sets, and why one red line can
//! never hold.

use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use crate::model::eval::Verdict;

use super::*;

/// Sets of red lines (model indices) that no package satisfies together.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Irreconcilable {
    pub sets: Vec<Vec<usize>>,
    /// False when the search was stopped: each set listed is proven, but there may be more.
    pub complete: bool,
}

impl Irreconcilable {
    /// The red lines that cannot hold alone (sets of one), as model indices.
    pub fn alone(&self) -> impl Iterator<Item = usize> + Clone + '_ {
        self.sets
            .iter()
            .filter(|set| set.len() == 1)
            .map(|set| set[0])
    }

    /// The sets of two or more that cannot hold together.
    pub fn together(&self) -> Vec<&Vec<usize>> {
        self.sets.iter().filter(|set| set.len() > 1).collect()
    }
}

/// Why one red line fails in every package the search covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeverHolds {
    /// Its condition breaks it whatever the package.
    AlwaysBreaks,
    /// Where it does not break it is uncertain, and uncertain counts as unacceptable.
    UncertainAtBest,
    /// It could hold, but not with these positions pinned as they are.
    Pinned(Vec<Pin>),
    /// With these positions pinned as they are it breaks in every package; without the pins it
    /// would still be uncertain at best, and uncertain counts as unacceptable.
    PinnedThenUncertain(Vec<Pin>),
}

/// A pinned position and the value it is pinned to, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    pub position: String,
    pub title: String,
    pub value: String,
}

/// Why the red line at `red_line` (model index) fails in every package of the space, judged on
/// every value of the positions it reads. `None` if it can pass, or if that is too many values
/// to try.
pub fn never_holds(space: &Space, red_line: usize) -> Option<NeverHolds> {
    let line = space.lines.iter().find(|l| l.red_line == red_line)?;
    let positions = &line.positions;
    // Every value a position could take without pins (silence only where the query allows it).
    let unpinned: Vec<Vec<Value>> = positions
        .iter()
        .map(|&p| {
            let na = line
                .open
                .iter()
                .find(|(q, _, _)| *q == p)
                .map(|(_, na, _)| *na);
            (0..space.domains[p].values.len())
                .map(|v| v as Value)
                .filter(|v| space.tried_without_pins(*v, na))
                .collect()
        })
        .collect();
    let combos = unpinned
        .iter()
        .try_fold(1usize, |n, vs| n.checked_mul(vs.len()))?;
    if combos > 1_000_000 {
        return None;
    }
    let pinned: Vec<Pin> = positions
        .iter()
        .copied()
        .filter(|&p| space.allowed[p].len() == 1 && space.domains[p].values.len() > 1)
        .map(|p| Pin {
            position: space.model.positions[p].id.clone(),
            title: space.model.positions[p].title.clone(),
            value: space.domains[p].values[space.allowed[p][0] as usize]
                .label
                .clone(),
        })
        .collect();
    let mut values = vec![0 as Value; space.model.positions.len()];
    let (mut passes_in_pins, mut passes_unpinned) = (false, false);
    // Where it is uncertain: within the pins, or only where a pin does not reach.
    let (mut uncertain_in_pins, mut uncertain) = (false, false);
    let mut index = vec![0usize; positions.len()];
    loop {
        for ((&p, options), &i) in positions.iter().zip(&unpinned).zip(&index) {
            values[p] = options[i];
        }
        let verdict = line.verdict(&values);
        let within_pins = positions
            .iter()
            .all(|&p| space.allowed[p].contains(&values[p]));
        if verdict == Verdict::Uncertain {
            uncertain = true;
            uncertain_in_pins |= within_pins;
        }
        if !space.fails(line, &values) {
            passes_unpinned = true;
            passes_in_pins |= within_pins;
        }
        let mut digit = 0;
        loop {
            let Some(slot) = index.get_mut(digit) else {
                return if passes_in_pins {
                    None
                } else if passes_unpinned {
                    Some(NeverHolds::Pinned(pinned))
                } else if space.uncertain_ok || !uncertain {
                    Some(NeverHolds::AlwaysBreaks)
                } else if uncertain_in_pins {
                    Some(NeverHolds::UncertainAtBest)
                } else {
                    Some(NeverHolds::PinnedThenUncertain(pinned))
                };
            };
            *slot += 1;
            if *slot < unpinned[digit].len() {
                break;
            }
            *slot = 0;
            digit += 1;
        }
    }
}

impl Space<'_> {
    /// Whether a value may be tried when asking what a red line could be without pins: any
    /// value but a silent one, unless the query lets packages be silent.
    pub(super) fn tried_without_pins(&self, value: Value, silent: Option<Value>) -> bool {
        self.allow_unaddressed || Some(value) != silent
    }
}

/// Minimal sets of up to `max_size` chosen red lines (model indices) that no package satisfies
/// together, though every smaller part of them can be. Cancelled, it returns the sets found.
pub fn irreconcilable(
    space: &Space,
    max_size: usize,
    control: &Control,
) -> Result<Irreconcilable, SpaceError> {
    let mut found: Vec<Vec<usize>> = Vec::new();
    let search = irreconcilable_into(space, max_size, control, &mut found);
    in_model_order(space, found, search)
}

fn in_model_order(
    space: &Space,
    found: Vec<Vec<usize>>,
    search: Result<(), SpaceError>,
) -> Result<Irreconcilable, SpaceError> {
    let to_model = |set: Vec<usize>| set.into_iter().map(|i| space.lines[i].red_line).collect();
    Ok(Irreconcilable {
        sets: found.into_iter().map(to_model).collect(),
        complete: finished(search)?,
    })
}

/// As [`irreconcilable`], always by searching the positions of each candidate set: the method
/// for large spaces, and the reference the sets of packages are tested against.
pub fn irreconcilable_by_search(
    space: &Space,
    max_size: usize,
    control: &Control,
) -> Result<Irreconcilable, SpaceError> {
    let mut found: Vec<Vec<usize>> = Vec::new();
    let search = search_into(space, &chosen(space), max_size, control, &mut found);
    in_model_order(space, found, search)
}

fn chosen(space: &Space) -> Vec<usize> {
    (0..space.lines.len())
        .filter(|&i| space.selected[i])
        .collect()
}

pub(super) fn irreconcilable_into(
    space: &Space,
    max_size: usize,
    control: &Control,
    found: &mut Vec<Vec<usize>>,
) -> Result<(), SpaceError> {
    let chosen = chosen(space);
    match PassSets::new(space, &chosen) {
        Some(pass) => pass.irreconcilable_into(&chosen, max_size, control, found),
        None => search_into(space, &chosen, max_size, control, found),
    }
}

fn search_into(
    space: &Space,
    chosen: &[usize],
    max_size: usize,
    control: &Control,
    found: &mut Vec<Vec<usize>>,
) -> Result<(), SpaceError> {
    let satisfiable = |set: &[usize]| -> Result<bool, SpaceError> {
        let mut positions: Vec<usize> = Vec::new();
        for &i in set {
            for &p in &space.lines[i].positions {
                if !positions.contains(&p) {
                    positions.push(p);
                }
            }
        }
        let mut values: Vec<Value> = vec![0; space.model.positions.len()];
        let mut visited = 0u64;
        let ok = search_joint(space, set, &positions, 0, &mut values, &mut visited);
        control.progressed(visited);
        if control.cancel.load(Ordering::Relaxed) {
            return Err(SpaceError::Cancelled);
        }
        Ok(ok)
    };
    let contains_found = |set: &[usize], found: &[Vec<usize>]| {
        found.iter().any(|f| f.iter().all(|x| set.contains(x)))
    };
    let shares = |a: usize, b: usize| {
        space.lines[a]
            .positions
            .iter()
            .any(|p| space.lines[b].positions.contains(p))
    };
    for &a in chosen {
        if !satisfiable(&[a])? {
            found.push(vec![a]);
        }
    }
    if max_size >= 2 {
        for (x, &a) in chosen.iter().enumerate() {
            for &b in &chosen[x + 1..] {
                // Lines on disjoint positions conflict only if one alone does.
                if shares(a, b) && !contains_found(&[a, b], found) && !satisfiable(&[a, b])? {
                    found.push(vec![a, b]);
                }
            }
        }
    }
    if max_size >= 3 {
        for (x, &a) in chosen.iter().enumerate() {
            for (y, &b) in chosen.iter().enumerate().skip(x + 1) {
                for &c in &chosen[y + 1..] {
                    let links = [shares(a, b), shares(a, c), shares(b, c)]
                        .iter()
                        .filter(|s| **s)
                        .count();
                    // Only a connected triple can fail where each of its pairs does not.
                    if links >= 2 && !contains_found(&[a, b, c], found) && !satisfiable(&[a, b, c])?
                    {
                        found.push(vec![a, b, c]);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Spaces of up to this many packages are checked by sets of packages: each red line's set of
/// the packages where it holds, so a set of red lines can stand together when their sets meet.
const MAX_PACKAGES_AS_SETS: f64 = 4096.0;

/// Per chosen red line, the packages where it holds, as bits over every package of the space.
struct PassSets {
    words: usize,
    /// `words` words per chosen line, in the order of `chosen`.
    bits: Vec<u64>,
}

impl PassSets {
    fn new(space: &Space, chosen: &[usize]) -> Option<Self> {
        let count = space.package_count();
        if count > MAX_PACKAGES_AS_SETS {
            return None;
        }
        let count = count as usize;
        let words = count.div_ceil(64).max(1);
        let mut bits = vec![0u64; words * chosen.len()];
        // Every package, odometer fashion over the allowed values.
        let mut index = vec![0usize; space.allowed.len()];
        let mut values: Vec<Value> = space
            .allowed
            .iter()
            .map(|a| a.first().copied().unwrap_or(0))
            .collect();
        if space.allowed.iter().any(Vec::is_empty) {
            return Some(PassSets { words, bits });
        }
        for package in 0..count {
            for (x, &i) in chosen.iter().enumerate() {
                if !space.fails(&space.lines[i], &values) {
                    bits[x * words + package / 64] |= 1 << (package % 64);
                }
            }
            for (p, slot) in index.iter_mut().enumerate() {
                *slot += 1;
                if *slot < space.allowed[p].len() {
                    values[p] = space.allowed[p][*slot];
                    break;
                }
                *slot = 0;
                values[p] = space.allowed[p][0];
            }
        }
        Some(PassSets { words, bits })
    }

    fn of(&self, x: usize) -> &[u64] {
        &self.bits[x * self.words..(x + 1) * self.words]
    }

    /// The same sets, in the same order, as the search over positions finds.
    fn irreconcilable_into(
        &self,
        chosen: &[usize],
        max_size: usize,
        control: &Control,
        found: &mut Vec<Vec<usize>>,
    ) -> Result<(), SpaceError> {
        let n = chosen.len();
        let single: Vec<bool> = (0..n).map(|x| self.of(x).iter().all(|&w| w == 0)).collect();
        found.extend((0..n).filter(|&x| single[x]).map(|x| vec![chosen[x]]));
        if max_size < 2 {
            return Ok(());
        }
        let mut pair = vec![false; n * n];
        let mut both = vec![0u64; self.words];
        for x in 0..n {
            if control.is_cancelled() {
                return Err(SpaceError::Cancelled);
            }
            control.progressed(n as u64);
            for y in x + 1..n {
                if single[x] || single[y] {
                    continue;
                }
                if self.of(x).iter().zip(self.of(y)).all(|(a, b)| a & b == 0) {
                    pair[x * n + y] = true;
                    found.push(vec![chosen[x], chosen[y]]);
                }
            }
        }
        if max_size < 3 {
            return Ok(());
        }
        for x in 0..n {
            for y in x + 1..n {
                if control.is_cancelled() {
                    return Err(SpaceError::Cancelled);
                }
                if single[x] || single[y] || pair[x * n + y] {
                    continue;
                }
                control.progressed(n as u64);
                for ((w, a), b) in both.iter_mut().zip(self.of(x)).zip(self.of(y)) {
                    *w = a & b;
                }
                for z in y + 1..n {
                    if single[z] || pair[x * n + z] || pair[y * n + z] {
                        continue;
                    }
                    if both.iter().zip(self.of(z)).all(|(a, b)| a & b == 0) {
                        found.push(vec![chosen[x], chosen[y], chosen[z]]);
                    }
                }
            }
        }
        Ok(())
    }
}

pub(super) fn search_joint(
    space: &Space,
    set: &[usize],
    positions: &[usize],
    depth: usize,
    values: &mut [Value],
    visited: &mut u64,
) -> bool {
    if depth == positions.len() {
        return set.iter().all(|&i| !space.fails(&space.lines[i], values));
    }
    let p = positions[depth];
    for &v in &space.allowed[p] {
        *visited += 1;
        values[p] = v;
        if search_joint(space, set, positions, depth + 1, values, visited) {
            return true;
        }
    }
    false
}
