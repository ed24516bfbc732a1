//! Everything the Explore tab and `redlines explore` show, in one pass.

use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use crate::model::eval::Choices;
use crate::model::types::Model;

use super::*;

/// Everything the Explore panel and `redlines explore` show, in one pass. Stopped part way
/// (cancelled, or out of time), it holds what was found, and says what is not final.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub packages: f64,
    pub acceptable: Acceptable,
    /// The rank (from 0) of the first acceptable package listed: 0 unless a later page was
    /// asked for ([`Analysis::turn_to_page`]).
    pub listed_from: usize,
    /// When no package is acceptable: the closest ones. `None` also when the search stopped
    /// before it knew whether any package is acceptable.
    pub closest: Option<Closest>,
    pub irreconcilable: Irreconcilable,
    /// Every part above is final.
    pub complete: bool,
    pub visited: u64,
}

pub fn analyse(space: &Space, limit: usize, control: &Control) -> Result<Analysis, SpaceError> {
    analyse_as_found(space, limit, control, &mut |_| {})
}

/// As [`analyse`], telling `found` each part as it is known: the first page of acceptable
/// packages, then their count, or with none the closest packages; the last call is the answer.
pub fn analyse_as_found(
    space: &Space,
    limit: usize,
    control: &Control,
    found: &mut dyn FnMut(&Analysis),
) -> Result<Analysis, SpaceError> {
    let start = control.visited.load(Ordering::Relaxed);
    let visited = || control.visited.load(Ordering::Relaxed) - start;
    control.set_stage(Stage::Counting);
    let mut analysis = Analysis {
        packages: space.package_count(),
        acceptable: Acceptable {
            count: 0.0,
            exact: false,
            at_most: None,
            packages: Vec::new(),
        },
        listed_from: 0,
        closest: None,
        irreconcilable: Irreconcilable::default(),
        complete: false,
        visited: 0,
    };
    // The list of acceptable packages is complete (or there are none).
    let mut listed = true;
    if let Some(nogoods) = count::Nogoods::new(space) {
        // Whether there is a deal, and its size, come from the counter, which is quick where
        // the walk can take long; the best-ranked page comes last.
        match nogoods.witness(space, control) {
            Ok(None) => analysis.acceptable.exact = true,
            Ok(Some(package)) => {
                analysis.acceptable.packages = vec![package];
                analysis.acceptable.count = 1.0;
                analysis.visited = visited();
                found(&analysis);
                let page = if space.uncertain_ok {
                    // Uncertain red lines rank the packages: the count, then the ranked walk.
                    let (count, exact) = nogoods.count(control);
                    analysis.acceptable.count = count.max(1.0);
                    analysis.acceptable.exact = exact;
                    analysis.visited = visited();
                    found(&analysis);
                    ranked_acceptable(space, None, 0, limit, control)?
                } else {
                    let counted = nogoods.count_and_list(space, 0, limit, control);
                    analysis.acceptable.count = counted.count.max(1.0);
                    analysis.acceptable.exact = counted.exact;
                    RankedPage {
                        uncertain: vec![0; counted.packages.len()],
                        packages: counted.packages,
                        more: counted.more,
                        complete: counted.exact,
                    }
                };
                listed = page.complete;
                if !page.packages.is_empty() {
                    analysis.acceptable.packages = page.packages;
                }
            }
            Err(SpaceError::Cancelled) => {}
            Err(e) => return Err(e),
        }
        if !analysis.acceptable.exact {
            // Stopped before the end: the count found is a lower bound; a quick upper one
            // brackets it.
            analysis.acceptable.at_most =
                Some(nogoods.upper_bound().max(analysis.acceptable.count));
        }
    } else {
        let page = ranked_acceptable(space, None, 0, limit, control)?;
        analysis.acceptable.count = page.packages.len() as f64;
        analysis.acceptable.exact = page.complete && !page.more;
        analysis.acceptable.packages = page.packages;
        if page.complete && page.more {
            analysis.visited = visited();
            found(&analysis);
            let (count, exact) = count_acceptable(space, control)?;
            analysis.acceptable.count = count.max(analysis.acceptable.count);
            analysis.acceptable.exact = exact;
        }
    }
    let no_deal = analysis.acceptable.exact && analysis.acceptable.count == 0.0;
    if no_deal {
        control.set_stage(Stage::Closest);
        analysis.closest = Some(closest(space, limit, control)?);
        analysis.visited = visited();
        found(&analysis);
    }
    analysis.irreconcilable = if no_deal && !control.is_cancelled() {
        control.set_stage(Stage::Irreconcilable);
        irreconcilable(space, 3, control)?
    } else {
        Irreconcilable {
            sets: Vec::new(),
            complete: !no_deal,
        }
    };
    analysis.complete = analysis.acceptable.exact
        && listed
        && analysis.closest.as_ref().is_none_or(|c| c.complete)
        && analysis.irreconcilable.complete;
    analysis.visited = visited();
    Ok(analysis)
}

impl Analysis {
    /// Lists page `page` (from 0) of `size` acceptable packages instead of the first, in the
    /// same order as every other page ([`ranked_acceptable`]).
    pub fn turn_to_page(
        &mut self,
        space: &Space,
        page: usize,
        size: usize,
        control: &Control,
    ) -> Result<(), SpaceError> {
        if page == 0 {
            return Ok(());
        }
        let from = page.saturating_mul(size);
        let ranked = ranked_acceptable(space, None, from, size, control)?;
        self.listed_from = from;
        self.acceptable.packages = ranked.packages;
        self.complete &= ranked.complete;
        Ok(())
    }
}

/// A package ready to show: its choices, in words, and its verdict counts per party.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageView {
    /// One value for each position: for a number, one the slider can reach in the piece.
    pub choices: Choices,
    /// (position title, value label), in model order.
    pub summary: Vec<(String, String)>,
    /// The piece of each position's domain the package takes, in model order.
    pub pieces: Vec<crate::model::space::DomainValue>,
    /// Broken and uncertain red lines per party (model order), whoever must accept: evaluated
    /// on `choices`, so a party that need not accept, whose bounds may cut a piece, gets its
    /// real counts.
    pub breaks: Vec<usize>,
    pub uncertain: Vec<usize>,
}

impl PackageView {
    pub fn new(space: &Space, package: &[Value]) -> Self {
        let choices = space.choices(package);
        let evaluation = crate::model::eval::evaluate(space.model, &choices);
        PackageView {
            breaks: evaluation.parties.iter().map(|p| p.breaks).collect(),
            uncertain: evaluation.parties.iter().map(|p| p.uncertain).collect(),
            choices,
            summary: space.describe(package),
            pieces: space.picked(package).map(|(_, v)| v.clone()).collect(),
        }
    }

    /// Whether `current` already falls in the package's piece of `position` (model index).
    pub fn agrees_with(&self, model: &Model, position: usize, current: &Choices) -> bool {
        let id = &model.positions[position].id;
        current
            .get(id)
            .is_some_and(|pick| self.pieces.get(position).is_some_and(|v| v.contains(pick)))
    }

    /// The package's choices, keeping each current value that already falls in the package's
    /// piece, so loading a package does not move a slider that is already there; unless that
    /// would change a verdict (a bound of a party that need not accept may cut the piece).
    pub fn choices_near(&self, model: &Model, current: &Choices) -> Choices {
        let mut near = self.choices.clone();
        for (i, position) in model.positions.iter().enumerate() {
            if self.agrees_with(model, i, current)
                && let Some(pick) = current.get(&position.id)
            {
                near.insert(position.id.clone(), pick.clone());
            }
        }
        if near == self.choices {
            return near;
        }
        let same = |a: &Choices, b: &Choices| {
            let (a, b) = (
                crate::model::eval::evaluate(model, a),
                crate::model::eval::evaluate(model, b),
            );
            a.red_lines
                .iter()
                .zip(&b.red_lines)
                .all(|(x, y)| x.verdict == y.verdict)
        };
        if same(&near, &self.choices) {
            near
        } else {
            self.choices.clone()
        }
    }
}

/// A page of the acceptable packages, best first ([`ranked_acceptable`]), ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptablePage {
    pub packages: Vec<PackageView>,
    /// More acceptable packages rank after this page.
    pub more: bool,
    /// False when the search stopped before the page was known to be right.
    pub complete: bool,
}

/// Page `page` (from 0) of `size` acceptable packages, fewest uncertain red lines first (of
/// `by_party` alone, if given).
pub fn acceptable_page(
    model: &Model,
    query: &Query,
    by_party: Option<usize>,
    page: usize,
    size: usize,
    control: &Control,
) -> Result<AcceptablePage, SpaceError> {
    let space = Space::new(model, query)?;
    let ranked = ranked_acceptable(&space, by_party, page.saturating_mul(size), size, control)?;
    Ok(AcceptablePage {
        packages: ranked
            .packages
            .iter()
            .map(|k| PackageView::new(&space, k))
            .collect(),
        more: ranked.more,
        complete: ranked.complete,
    })
}

/// Failures per party, how many packages have them, and some of those packages.
pub type TradeOffPoint = (Vec<usize>, f64, Vec<PackageView>);

/// The whole Explore view, computed off the UI thread (in a browser, in a web worker, whence
/// it comes back serialized).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exploration {
    pub packages: f64,
    pub acceptable_count: f64,
    /// False when the search stopped before counting every acceptable package.
    pub acceptable_exact: bool,
    /// Not exact: a proven upper bound on the count, where one was found.
    pub acceptable_at_most: Option<f64>,
    /// Whether the search stopped before it knew if any package is acceptable.
    pub deal_unknown: bool,
    pub closest_complete: bool,
    pub irreconcilable_complete: bool,
    /// Every part is final.
    pub complete: bool,
    pub acceptable: Vec<PackageView>,
    pub closest_pareto: Vec<(Vec<usize>, Vec<PackageView>)>,
    pub fewest: usize,
    pub fewest_packages: Vec<PackageView>,
    pub concessions: Vec<Vec<usize>>,
    pub more_concessions: bool,
    pub irreconcilable: Vec<Vec<usize>>,
    /// For each red line that fails alone in every package (a one-line irreconcilable set):
    /// why.
    pub never_holds: Vec<(usize, NeverHolds)>,
    /// Failures per party for every package, counted; `None` when the space is too large.
    pub trade_off: Option<Vec<TradeOffPoint>>,
    pub visited: u64,
}

/// Spaces up to this many packages are plotted whole.
pub const MAX_PLOTTED_PACKAGES: f64 = 5e6;

pub fn explore(
    model: &Model,
    query: &Query,
    limit: usize,
    control: &Control,
) -> Result<Exploration, SpaceError> {
    explore_as_found(model, query, limit, control, &mut |_| {})
}

/// As [`explore`], telling `found` each part as it is known (see [`analyse_as_found`]), so a
/// view can show the first answers while the rest is searched.
pub fn explore_as_found(
    model: &Model,
    query: &Query,
    limit: usize,
    control: &Control,
    found: &mut dyn FnMut(&Exploration),
) -> Result<Exploration, SpaceError> {
    let space = Space::new(model, query)?;
    let analysis = analyse_as_found(&space, limit, control, &mut |part| {
        found(&exploration_of(&space, part, None, control));
    })?;
    let mut complete = analysis.complete;
    // The plot shows every party, so its packages are cut as every party's red lines see them.
    let everyone = Space::new(
        model,
        &Query {
            parties: Vec::new(),
            ..query.clone()
        },
    )?;
    let trade_off = if complete && everyone.package_count() <= MAX_PLOTTED_PACKAGES {
        found(&exploration_of(&space, &analysis, None, control));
        control.set_stage(Stage::TradeOff);
        match histogram(&everyone, limit, control) {
            Ok(h) => Some(
                h.points
                    .into_iter()
                    .map(|(fails, count, packages)| {
                        let views = packages
                            .iter()
                            .map(|k| PackageView::new(&everyone, k))
                            .collect();
                        (fails, count, views)
                    })
                    .collect(),
            ),
            Err(SpaceError::Cancelled) => {
                complete = false;
                None
            }
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let mut exploration = exploration_of(&space, &analysis, trade_off, control);
    exploration.complete = complete;
    Ok(exploration)
}

/// What the view shows of an analysis, whole or in part.
fn exploration_of(
    space: &Space,
    analysis: &Analysis,
    trade_off: Option<Vec<TradeOffPoint>>,
    control: &Control,
) -> Exploration {
    let views = |packages: &[Package]| {
        packages
            .iter()
            .map(|k| PackageView::new(space, k))
            .collect::<Vec<_>>()
    };
    let closest = analysis.closest.as_ref();
    Exploration {
        packages: analysis.packages,
        acceptable_count: analysis.acceptable.count,
        acceptable_exact: analysis.acceptable.exact,
        acceptable_at_most: analysis.acceptable.at_most,
        deal_unknown: !analysis.acceptable.exact && analysis.acceptable.count == 0.0,
        closest_complete: closest.is_none_or(|c| c.complete),
        irreconcilable_complete: analysis.irreconcilable.complete,
        complete: analysis.complete,
        acceptable: views(&analysis.acceptable.packages),
        closest_pareto: closest
            .map(|c| {
                c.pareto
                    .iter()
                    .map(|p| (p.fails.clone(), views(&p.packages)))
                    .collect()
            })
            .unwrap_or_default(),
        fewest: closest.map_or(0, |c| c.fewest),
        fewest_packages: closest
            .map(|c| views(&c.fewest_packages))
            .unwrap_or_default(),
        more_concessions: closest.is_some_and(|c| c.more_concessions),
        concessions: closest.map(|c| c.concessions.clone()).unwrap_or_default(),
        never_holds: analysis
            .irreconcilable
            .alone()
            .filter_map(|i| never_holds(space, i).map(|why| (i, why)))
            .collect(),
        irreconcilable: analysis.irreconcilable.sets.clone(),
        trade_off,
        visited: control.visited.load(Ordering::Relaxed),
    }
}
