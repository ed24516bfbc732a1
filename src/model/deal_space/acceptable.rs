//! Acceptable packages: whether there is any, how many, and every package's failures per party
//! counted (the trade-off plot).

use std::collections::HashMap;

use serde::Serialize;

use super::*;

/// The packages nobody (of the chosen parties) vetoes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Acceptable {
    /// The count of acceptable packages: exact, or, when the search was stopped, the ones
    /// found so far (a lower bound).
    pub count: f64,
    pub exact: bool,
    /// When the count is not exact, a proven upper bound where one was found.
    pub at_most: Option<f64>,
    /// Up to the limit asked for.
    pub packages: Vec<Package>,
}

/// Counts the acceptable packages, by components and caching where the red lines fit in tables
/// ([`count`]), else one by one, and lists the `limit` best ranked ([`ranked_acceptable`]).
/// Stopped, it returns what it found, marked not exact: the count is then a proven lower bound.
pub fn acceptable(
    space: &Space,
    limit: usize,
    control: &Control,
) -> Result<Acceptable, SpaceError> {
    // Nothing ranks the packages: the counter counts and lists them in one search.
    if !space.uncertain_ok
        && let Some(nogoods) = count::Nogoods::new(space)
    {
        let listed = nogoods.count_and_list(space, 0, limit, control);
        return Ok(Acceptable {
            count: listed.count.max(listed.packages.len() as f64),
            exact: listed.exact,
            at_most: (!listed.exact).then(|| nogoods.upper_bound()),
            packages: listed.packages,
        });
    }
    let page = ranked_acceptable(space, None, 0, limit, control)?;
    let (count, counted) = if page.complete {
        count_acceptable(space, control)?
    } else {
        (0.0, false)
    };
    Ok(Acceptable {
        count: count.max(page.packages.len() as f64),
        exact: page.complete && counted,
        at_most: None,
        packages: page.packages,
    })
}

/// The number of acceptable packages, and whether it is exact (else a lower bound).
pub fn count_acceptable(space: &Space, control: &Control) -> Result<(f64, bool), SpaceError> {
    Ok(match count::Nogoods::new(space) {
        Some(nogoods) => nogoods.count(control),
        None => {
            let all = acceptable_by_enumeration(space, 0, control)?;
            (all.count, all.exact)
        }
    })
}

/// Counts the acceptable packages by visiting each outcome of the search: the method for spaces
/// the counter does not take, and the reference the counter is tested against.
pub fn acceptable_by_enumeration(
    space: &Space,
    limit: usize,
    control: &Control,
) -> Result<Acceptable, SpaceError> {
    let mut count = 0.0;
    let mut packages = Vec::new();
    let walk = space.walk(control, &mut |w, node| match node {
        Node::Partial if w.total > 0 => Step::Prune,
        Node::Partial => Step::Go,
        Node::Outcome {
            depth,
            multiplicity,
        } => {
            count += multiplicity;
            space.expand(w, depth, limit, &mut packages);
            Step::Go
        }
    });
    Ok(Acceptable {
        count,
        exact: finished(walk)?,
        at_most: None,
        packages,
    })
}

/// The first `limit` acceptable packages in search order, and whether the walk finished (it
/// stops early once it has them).
pub fn first_acceptable(
    space: &Space,
    limit: usize,
    control: &Control,
) -> Result<(Vec<Package>, bool), SpaceError> {
    let mut packages = Vec::new();
    let walk = space.walk(control, &mut |w, node| match node {
        Node::Partial if w.total > 0 => Step::Prune,
        Node::Partial => Step::Go,
        Node::Outcome { depth, .. } => {
            space.expand(w, depth, limit, &mut packages);
            if packages.len() >= limit {
                Step::Stop
            } else {
                Step::Go
            }
        }
    });
    Ok((packages, finished(walk)?))
}

/// One acceptable package, if there is any; stops at the first.
pub fn any_acceptable(space: &Space, control: &Control) -> Result<Option<Package>, SpaceError> {
    // The counter's search, stopping at the first, rules values out ahead (a red line left one
    // way to fail forbids it) where the walk finds out only when the line is decided.
    if let Some(nogoods) = count::Nogoods::new(space) {
        return nogoods.witness(space, control);
    }
    let (mut found, finished) = first_acceptable(space, 1, control)?;
    if finished || !found.is_empty() {
        Ok(found.pop())
    } else {
        Err(SpaceError::Cancelled)
    }
}

/// Every package's failures per party, counted: the data of the trade-off plot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Histogram {
    /// Failure vectors (per party, model order), each with how many packages share it and up
    /// to `limit` of them.
    pub points: Vec<(Vec<usize>, f64, Vec<Package>)>,
}

/// Counts failures per party over every package, summing packages that share an outcome.
/// Here every party's red lines count, whoever the query selected.
pub fn histogram(space: &Space, limit: usize, control: &Control) -> Result<Histogram, SpaceError> {
    let all = Space {
        selected: vec![true; space.lines.len()],
        ..space.clone()
    };
    let all = all.schedule_decisions();
    let mut map: HashMap<Vec<u32>, (f64, Vec<Package>)> = HashMap::new();
    all.walk(control, &mut |w, node| match node {
        Node::Partial => Step::Go,
        Node::Outcome {
            depth,
            multiplicity,
        } => {
            let entry = map.entry(w.fails.clone()).or_default();
            entry.0 += multiplicity;
            all.expand(w, depth, limit, &mut entry.1);
            Step::Go
        }
    })?;
    let mut points: Vec<(Vec<usize>, f64, Vec<Package>)> = map
        .into_iter()
        .map(|(f, (n, p))| (f.into_iter().map(|x| x as usize).collect(), n, p))
        .collect();
    points.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Histogram { points })
}
