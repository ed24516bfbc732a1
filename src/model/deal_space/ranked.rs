//! The acceptable packages best first, a page at a time: fewest uncertain red lines (of every
//! party that must accept, or of one of them), then search order. Each number of uncertain
//! lines is one walk that prunes every branch already past it, so a page costs about the
//! packages ranked before it, not every acceptable package. Where nothing ranks them (uncertain
//! red lines count as failing), the counter lists them in its own order, passing over whole
//! counted branches to reach a later page.

use super::*;

/// One page of the acceptable packages, best first.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedPage {
    pub packages: Vec<Package>,
    /// For each package, its uncertain red lines as ranked.
    pub uncertain: Vec<u32>,
    /// More acceptable packages rank after this page.
    pub more: bool,
    /// False when the search stopped before the page was known to be right.
    pub complete: bool,
}

/// The acceptable packages ranked `skip` to `skip + take`. With uncertain red lines not
/// acceptable, every package ranks the same, and the order is the counter's (or, for a space
/// it does not take, the walk's).
pub fn ranked_acceptable(
    space: &Space,
    by_party: Option<usize>,
    skip: usize,
    take: usize,
    control: &Control,
) -> Result<RankedPage, SpaceError> {
    let mut space = space.clone();
    space.ranked = space
        .lines
        .iter()
        .zip(&space.selected)
        .map(|(line, &selected)| {
            selected && space.uncertain_ok && by_party.is_none_or(|p| line.party == p)
        })
        .collect();
    // Where nothing ranks the packages, the counter lists them: it rules values out ahead,
    // where the walk can search long before it finds the first.
    if !space.ranked.contains(&true)
        && let Some(nogoods) = count::Nogoods::new(&space)
    {
        let listed = nogoods.count_and_list(&space, skip, take, control);
        return Ok(RankedPage {
            uncertain: vec![0; listed.packages.len()],
            packages: listed.packages,
            more: listed.more,
            complete: listed.exact,
        });
    }
    // One more than the page tells whether another page follows.
    let wanted = skip.saturating_add(take).saturating_add(1);
    let mut found: Vec<Package> = Vec::new();
    let mut levels: Vec<u32> = Vec::new();
    let mut complete = true;
    for level in 0.. {
        let mut beyond = false;
        let walk = space.walk(control, &mut |w, node| match node {
            Node::Partial if w.total > 0 => Step::Prune,
            Node::Partial if w.uncertain > level => {
                beyond = true;
                Step::Prune
            }
            Node::Partial => Step::Go,
            // Outcomes of lower levels were listed by earlier walks.
            Node::Outcome { .. } if w.uncertain < level => Step::Go,
            Node::Outcome { depth, .. } => {
                let before = found.len();
                space.expand(w, depth, wanted, &mut found);
                levels.extend(std::iter::repeat_n(level, found.len() - before));
                if found.len() >= wanted {
                    Step::Stop
                } else {
                    Step::Go
                }
            }
        });
        if !finished(walk)? {
            complete = false;
            break;
        }
        if found.len() >= wanted || !beyond {
            break;
        }
    }
    let more = found.len() > skip.saturating_add(take);
    let end = found.len().min(skip.saturating_add(take));
    let start = skip.min(end);
    Ok(RankedPage {
        packages: found.drain(start..end).collect(),
        uncertain: levels[start..end].to_vec(),
        more,
        complete,
    })
}
