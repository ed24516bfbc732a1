//! The handout's first page: its question ("is there a deal nobody vetoes?") answered from the
//! deal-space search, as Explore answers it: whether any package is acceptable to the parties
//! that must accept, and if none is, the red lines that cannot hold, the irreconcilable sets, the
//! fewest red lines that would have to give (and whose they are), and the closest packages.

use super::Block;
use crate::model::deal_space::{
    Analysis, Control, PackageView, Query, Space, analyse, never_holds,
};
use crate::model::types::{Model, format_count, format_count_bounds};
use crate::model::wording;

/// How many packages, sets and closest packages the page lists: it is one page.
const LISTED: usize = 3;

/// The answer, ready to print.
pub struct BottomLine {
    blocks: Vec<Block>,
}

impl BottomLine {
    /// Searches `model`'s packages with Explore's defaults (every party at the table must accept,
    /// uncertain counts as unacceptable, every package addresses every position). A search that
    /// `control` stops says what it did not reach.
    pub fn search(model: &Model, control: &Control) -> BottomLine {
        let query = Query::default();
        let analysis = Space::new(model, &query)
            .map_err(|e| e.to_string())
            .and_then(|space| {
                analyse(&space, LISTED, control)
                    .map(|a| (space, a))
                    .map_err(|e| e.to_string())
            });
        let blocks = match analysis {
            Ok((space, analysis)) => {
                let mut blocks = answer(&space, &query, &analysis);
                // Where uncertainty alone stands in the way, the reader should know.
                if analysis.acceptable.count == 0.0 && analysis.closest.is_some() {
                    blocks.extend(with_uncertain_accepted(model, control));
                }
                blocks
            }
            Err(why) => vec![Block::Paragraph(format!(
                "The deal space could not be searched: {why}."
            ))],
        };
        BottomLine { blocks }
    }

    pub(super) fn blocks(&self) -> &[Block] {
        &self.blocks
    }
}

/// What counting uncertain red lines as acceptable would give: the count of packages then
/// acceptable, said as what it is.
fn with_uncertain_accepted(model: &Model, control: &Control) -> Option<Block> {
    let query = Query {
        uncertain_ok: true,
        ..Query::default()
    };
    let space = Space::new(model, &query).ok()?;
    let a = analyse(&space, 1, control).ok()?;
    Some(Block::Paragraph(if a.acceptable.count > 0.0 {
        format!(
            "Were uncertain red lines counted as acceptable (what the source leaves open read \
             the hopeful way), {} packages would be acceptable.",
            format_count_bounds(a.acceptable.count, a.acceptable.exact, a.acceptable.at_most)
        )
    } else if a.acceptable.exact {
        "Even with uncertain red lines counted as acceptable, no package would be.".to_owned()
    } else {
        return None;
    }))
}

fn answer(space: &Space, query: &Query, a: &Analysis) -> Vec<Block> {
    let model = space.model;
    let must: Vec<String> = model
        .parties
        .iter()
        .filter(|p| query.requires(p))
        .map(|p| p.name.clone())
        .collect();
    let mut out = vec![Block::Heading(
        2,
        "The answer: is there a package nobody vetoes?".to_owned(),
    )];
    out.push(Block::Paragraph(format!(
        "From a search of all {} packages of the model \"{}\": {} must accept; uncertain red \
         lines count as unacceptable; every package addresses every position.",
        format_count(a.packages),
        model.title,
        wording::list(&must),
    )));
    if !a.complete {
        out.push(Block::Paragraph(
            "Partial: the search stopped before it finished. What follows is what it found; \
             counts are lower bounds, and the concessions are the best found, not proven the \
             fewest."
                .to_owned(),
        ));
    }
    if a.acceptable.count > 0.0 {
        out.push(Block::Paragraph(format!(
            "Yes: under these settings, {} packages are acceptable to every party that must \
             accept. The best {} (fewest uncertain red lines first):",
            format_count_bounds(a.acceptable.count, a.acceptable.exact, a.acceptable.at_most),
            a.acceptable.packages.len().min(LISTED)
        )));
        out.push(Block::Items(
            a.acceptable
                .packages
                .iter()
                .take(LISTED)
                .map(|p| package_line(space, p))
                .collect(),
        ));
        return out;
    }
    let Some(closest) = &a.closest else {
        out.push(Block::Paragraph(
            "Not known: the search stopped before it knew whether any package is acceptable."
                .to_owned(),
        ));
        return out;
    };
    out.push(Block::Paragraph(
        "No: under these settings, no package is acceptable to every party that must accept."
            .to_owned(),
    ));
    let name = |i: usize| model.red_line_with_party(i, false);
    let alone: Vec<usize> = a.irreconcilable.alone().collect();
    if !alone.is_empty() {
        out.push(Block::Paragraph(
            "Red lines that cannot hold in any package:".to_owned(),
        ));
        out.push(Block::Items(
            alone
                .iter()
                .map(|&i| {
                    let why = never_holds(space, i)
                        .map(|n| wording::never_holds(&model.red_lines[i], &n))
                        .unwrap_or_else(|| "It fails in every package searched.".to_owned());
                    format!("{}. {why}", name(i))
                })
                .collect(),
        ));
    }
    let together = a.irreconcilable.together();
    if !together.is_empty() {
        out.push(Block::Paragraph(format!(
            "Irreconcilable: no package keeps these together{}:",
            if a.irreconcilable.complete {
                ""
            } else {
                " (the search stopped: there may be more)"
            }
        )));
        out.push(Block::Items(
            together
                .iter()
                .map(|set| {
                    let names: Vec<String> = set.iter().map(|&i| name(i)).collect();
                    names.join("  ×  ")
                })
                .collect(),
        ));
    }
    let at_most = if closest.complete { "" } else { "at most " };
    out.push(Block::Paragraph(format!(
        "What has to give: a deal opens only if {at_most}{} red line{} {} dropped, for example:",
        closest.fewest,
        if closest.fewest == 1 { "" } else { "s" },
        if closest.fewest == 1 { "is" } else { "are" },
    )));
    out.push(first_listed(
        closest.concessions.len(),
        closest.concessions.iter().take(LISTED).map(|set| {
            let names: Vec<String> = set.iter().map(|&i| name(i)).collect();
            let whose: Vec<String> = model
                .parties_of(set)
                .iter()
                .map(|p| p.name.clone())
                .collect();
            format!(
                "{} (would have to give: {})",
                names.join("; "),
                wording::list(&whose)
            )
        }),
    ));
    out.push(Block::Paragraph(
        "The closest packages: no other package fails fewer red lines for every party that must \
         accept."
            .to_owned(),
    ));
    // The first in full; the others by how they differ from it, so the page stays one page.
    let first = closest.pareto.first().and_then(|p| p.packages.first());
    out.push(first_listed(
        closest.pareto.len(),
        closest.pareto.iter().take(LISTED).filter_map(|point| {
            let fails: Vec<String> = model
                .parties
                .iter()
                .zip(&point.fails)
                .filter(|(p, _)| query.requires(p))
                .map(|(p, n)| format!("{} {n}", p.short))
                .collect();
            let example = point.packages.first()?;
            let words = match first {
                Some(first) if first != example => {
                    format!("as the first, but {}", differences(space, first, example))
                }
                _ => package_line(space, example),
            };
            Some(format!("Failing {}: {words}", fails.join(", ")))
        }),
    ));
    out
}

/// The first of `total` items as a list, saying how many more there are and where they are:
/// a page that lists three of four must not read as the whole answer.
fn first_listed(total: usize, items: impl Iterator<Item = String>) -> Block {
    let mut items: Vec<String> = items.collect();
    if total > items.len() {
        let more = total - items.len();
        items.push(format!(
            "… and {more} more (Explore deals, or `redlines explore`, lists {})",
            if more == 1 { "it" } else { "them all" }
        ));
    }
    Block::Items(items)
}

/// "Donbas arrangement: Ukraine withdraws, Russia takes control; …": the picks of `other` that
/// differ from `first`.
fn differences(
    space: &Space,
    first: &[crate::model::deal_space::Value],
    other: &[crate::model::deal_space::Value],
) -> String {
    let (a, b) = (
        PackageView::new(space, first),
        PackageView::new(space, other),
    );
    let changed: Vec<String> = a
        .summary
        .iter()
        .zip(&b.summary)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(_, (title, value))| format!("{title}: {value}"))
        .collect();
    changed.join("; ")
}

/// A package on one line: "Donbas arrangement: Ukraine keeps the areas it holds; …".
fn package_line(space: &Space, package: &[crate::model::deal_space::Value]) -> String {
    let view = PackageView::new(space, package);
    let picks: Vec<String> = view
        .summary
        .iter()
        .map(|(title, value)| format!("{title}: {value}"))
        .collect();
    picks.join("; ")
}
