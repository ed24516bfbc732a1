//! The packages closest to a deal: the Pareto front of failures per party, and the fewest
//! failures overall with the red lines that must give (minimal concessions).

use serde::Serialize;

use super::*;

/// A point of the Pareto front: failures per party that no other package beats everywhere.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrontPoint {
    /// Failing red lines per party, in model party order.
    pub fails: Vec<usize>,
    /// Up to the limit of packages with exactly these failures.
    pub packages: Vec<Package>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Closest {
    /// Packages that are Pareto-minimal in failing red lines per party.
    pub pareto: Vec<FrontPoint>,
    /// The fewest failing red lines any package has, over all chosen parties.
    pub fewest: usize,
    /// Up to the limit of packages with that few.
    pub fewest_packages: Vec<Package>,
    /// Every distinct set of red lines (model indices) that a package with the fewest failures
    /// fails: the smallest concessions that open a deal (up to the limit).
    pub concessions: Vec<Vec<usize>>,
    /// There are more such sets than the limit lets through.
    pub more_concessions: bool,
    /// False when the search was stopped: then these are the best found so far, not proven
    /// closest, and `fewest` is only an upper bound.
    pub complete: bool,
}

/// `a` is no worse than `b` for every party.
pub(super) fn no_worse(a: &[u32], b: &[u32]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y)
}

/// The packages closest to a deal: Pareto-minimal per party, and fewest overall.
pub fn closest(space: &Space, limit: usize, control: &Control) -> Result<Closest, SpaceError> {
    let limit = limit.max(1);
    // With a deal, the closest packages are the acceptable ones: one found by the counter's
    // search answers at once where the walk can take long to find the first.
    if let Some(nogoods) = count::Nogoods::new(space)
        && let Ok(Some(package)) = nogoods.witness(space, control)
    {
        return Ok(Closest {
            pareto: vec![FrontPoint {
                fails: vec![0; space.model.parties.len()],
                packages: vec![package.clone()],
            }],
            fewest: 0,
            fewest_packages: vec![package],
            concessions: vec![Vec::new()],
            more_concessions: false,
            complete: true,
        });
    }
    // The walk wins on small and easy models (the bundled one takes milliseconds), but on some
    // models without a deal its bounds prune too little: past a number of nodes, MaxSAT on a
    // SAT solver answers instead (milliseconds on every model of the README's grid).
    #[cfg(not(target_arch = "wasm32"))]
    {
        // The walk stops at its budget (or a cancel) and the solver takes over.
        let walked = control.within_budget(WALK_NODES, || walk_closest(space, limit, control))?;
        if walked.complete || control.is_cancelled() {
            return Ok(walked);
        }
        let mut encoded = sat::Encoded::<sat::BatSat>::new(space, control);
        match encoded.as_mut().map(|e| e.closest(limit)) {
            Ok(Ok(closest)) => Ok(closest),
            // Stopped: what the walk found stands, marked partial.
            _ => Ok(walked),
        }
    }
    #[cfg(target_arch = "wasm32")]
    walk_closest(space, limit, control)
}

/// Nodes the walk visits for the closest packages before the solver takes over.
#[cfg(not(target_arch = "wasm32"))]
const WALK_NODES: u64 = 200_000;

/// The closest packages by the walk alone: [`pareto`], then [`fewest`].
pub fn walk_closest(space: &Space, limit: usize, control: &Control) -> Result<Closest, SpaceError> {
    let (pareto, pareto_complete) = pareto(space, limit, control)?;
    let fewest = fewest(space, limit, control)?;
    Ok(Closest {
        pareto,
        complete: pareto_complete && fewest.complete,
        ..fewest
    })
}

/// The closest packages by the solver alone (no deal assumed), as [`closest`] gives them.
#[cfg(not(target_arch = "wasm32"))]
pub fn solver_closest(
    space: &Space,
    limit: usize,
    control: &Control,
) -> Result<Closest, SpaceError> {
    let mut encoded = sat::Encoded::<sat::BatSat>::new(space, control).map_err(from_sat)?;
    encoded.closest(limit.max(1)).map_err(from_sat)
}

#[cfg(not(target_arch = "wasm32"))]
fn from_sat(e: sat::SatError) -> SpaceError {
    match e {
        sat::SatError::Cancelled => SpaceError::Cancelled,
        sat::SatError::Solver(why) => SpaceError::Solver(why),
    }
}

/// The Pareto front by branch and bound: failures only grow with depth, so a node already no
/// better than a found point, for every party, cannot lead to a new point (once that point has
/// enough example packages). Also says whether the walk finished.
pub fn pareto(
    space: &Space,
    limit: usize,
    control: &Control,
) -> Result<(Vec<FrontPoint>, bool), SpaceError> {
    let mut front: Vec<(Vec<u32>, Vec<Package>)> = Vec::new();
    let walk = space.walk(control, &mut |w, node| {
        let covered = |f: &(Vec<u32>, Vec<Package>)| {
            no_worse(&f.0, &w.fails) && (f.0 != w.fails || f.1.len() >= limit)
        };
        match node {
            Node::Partial => {
                if front.iter().any(covered) {
                    Step::Prune
                } else {
                    Step::Go
                }
            }
            Node::Outcome { depth, .. } => {
                if !front
                    .iter()
                    .any(|f| no_worse(&f.0, &w.fails) && f.0 != w.fails)
                {
                    front.retain(|f| !(no_worse(&w.fails, &f.0) && f.0 != w.fails));
                    let index = match front.iter().position(|f| f.0 == w.fails) {
                        Some(i) => i,
                        None => {
                            front.push((w.fails.clone(), Vec::new()));
                            front.len() - 1
                        }
                    };
                    space.expand(w, depth, limit, &mut front[index].1);
                }
                Step::Go
            }
        }
    });
    let complete = finished(walk)?;
    front.sort_by(|a, b| {
        a.0.iter()
            .sum::<u32>()
            .cmp(&b.0.iter().sum())
            .then_with(|| a.0.cmp(&b.0))
    });
    let front = front
        .into_iter()
        .map(|(fails, packages)| FrontPoint {
            fails: fails.iter().map(|&f| f as usize).collect(),
            packages,
        })
        .collect();
    Ok((front, complete))
}

/// The fewest failures overall, with the distinct sets of red lines failed at that minimum.
/// Below a node at the current minimum nothing more may fail, so its failing set is final:
/// once that set is known and examples are full, the node is pruned.
pub fn fewest(space: &Space, limit: usize, control: &Control) -> Result<Closest, SpaceError> {
    let mut best = u32::MAX;
    let mut fewest_packages = Vec::new();
    let mut concessions: Vec<Vec<usize>> = Vec::new();
    let failing_set = |w: &Walker| {
        let mut set: Vec<usize> = w.failing.iter().map(|&i| space.lines[i].red_line).collect();
        set.sort_unstable();
        set
    };
    let walk = space.walk(control, &mut |w, node| match node {
        Node::Partial => {
            if w.total > best
                || (w.total == best
                    && fewest_packages.len() >= limit
                    && (concessions.len() > limit || concessions.contains(&failing_set(w))))
            {
                Step::Prune
            } else {
                Step::Go
            }
        }
        Node::Outcome { depth, .. } => {
            if w.total < best {
                best = w.total;
                fewest_packages.clear();
                concessions.clear();
            }
            if w.total == best {
                space.expand(w, depth, limit, &mut fewest_packages);
                let set = failing_set(w);
                // One past the limit, to know whether there are more.
                if !concessions.contains(&set) && concessions.len() <= limit {
                    concessions.push(set);
                }
            }
            Step::Go
        }
    });
    let more_concessions = concessions.len() > limit;
    concessions.truncate(limit);
    Ok(Closest {
        pareto: Vec::new(),
        fewest: best as usize,
        fewest_packages,
        concessions,
        more_concessions,
        complete: finished(walk)?,
    })
}
