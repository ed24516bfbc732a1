//! Long file: explore has the most answers to print, each in text and JSON.
//! `redlines explore`: the deal-space search from the command line.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::output::{TextOrJson, load_reporting, write_out};
use super::watch::{EXIT_PARTIAL, Watch};
use crate::model::deal_space::{
    Analysis, Control, PackageView, Query, Space, analyse, never_holds,
};
use crate::model::space::DomainValue;
use crate::model::text::one_line;
use crate::model::types::{Model, format_count, format_count_bounds, format_number};
use crate::model::wording;
use crate::model::{Pick, PositionKind};

#[derive(Debug, clap::Args)]
pub struct ExploreOptions {
    /// Parties that must accept, comma-separated, by id or short name in any case (default:
    /// every party at the table; an observer only when named).
    #[arg(long, value_delimiter = ',')]
    pub parties: Vec<String>,
    /// Count "uncertain" red lines as acceptable.
    #[arg(long)]
    pub uncertain_ok: bool,
    /// Also search packages that leave positions unaddressed (by default every package takes a
    /// real option on every position that is not locked).
    #[arg(long)]
    pub allow_unaddressed: bool,
    /// Pin a position: `position=option`, `position=NUMBER`, `position=no-limit` or
    /// `position=not-addressed`.
    #[arg(long = "lock", value_name = "POSITION=VALUE")]
    pub locks: Vec<String>,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// How many packages, and how many sets of concessions, to list.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Which page of acceptable packages to list, from 1: packages are listed best first, `--limit`
    /// to a page.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub page: u64,
    /// Also print the search nodes visited and the wall time.
    #[arg(long)]
    pub stats: bool,
    /// Answer within this many seconds: what was found by then is printed, marked partial
    /// (exit code 3). 0 means no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
}

/// What a stopped search keeps of its timeout for the rest of the answer: the proven upper
/// bound on the count, the page and the output (about 0.3 s on the largest shapes measured), so
/// that the answer comes within the timeout, not after it.
fn answer_time(timeout: Duration) -> Duration {
    (timeout / 10).min(Duration::from_millis(500))
}

/// A search's progress, as the watch reports it.
fn search_progress(control: &Control) -> String {
    format!(
        "searching… {} nodes visited, {}",
        format_number(control.visited.load(Ordering::Relaxed) as f64),
        control.stage().describe()
    )
}

/// Reads `position=value` given to option `flag` against the model: an option id, a number,
/// or `no-limit`.
pub fn parse_pick(model: &Model, flag: &str, lock: &str) -> Result<(String, Pick), String> {
    let (id, value) = lock
        .split_once('=')
        .ok_or_else(|| format!("{flag} {lock}: write POSITION=VALUE"))?;
    let position = model.position(id).ok_or_else(|| {
        let known: Vec<&str> = model.positions.iter().map(|p| p.id.as_str()).collect();
        format!(
            "{flag} {lock}: unknown position \"{id}\" (known: {})",
            known.join(", ")
        )
    })?;
    let pick = match &position.kind {
        // "not-addressed" means the choice's own not-addressed option, whatever its id.
        PositionKind::Choice { options, .. } => match options.iter().find(|o| o.not_addressed) {
            Some(silent)
                if matches!(value, "not-addressed" | "not_addressed")
                    && !options.iter().any(|o| o.id == value) =>
            {
                Pick::Option(silent.id.clone())
            }
            _ => Pick::Option(value.to_owned()),
        },
        PositionKind::Number(_) => match value {
            "no-limit" | "nolimit" | "no_limit" | "none" => Pick::NoLimit,
            "not-addressed" | "not_addressed" => Pick::NotAddressed,
            v => Pick::Value(v.replace(',', "").parse().map_err(|_| {
                format!("{flag} {lock}: \"{id}\" takes a number, no-limit or not-addressed")
            })?),
        },
    };
    if let Some(problem) = crate::model::validate::pick_problem(position, &pick) {
        return Err(format!("{flag} {lock}: {problem}"));
    }
    Ok((id.to_owned(), pick))
}

pub fn explore(file: &Path, options: &ExploreOptions, out: &mut impl Write) -> ExitCode {
    let Some(loaded) = load_reporting(file) else {
        return ExitCode::FAILURE;
    };
    let model = &loaded.document.model;
    let usage = |e: String| {
        eprintln!("redlines: {e}");
        ExitCode::from(2)
    };
    let mut locks = BTreeMap::new();
    for lock in &options.locks {
        match parse_pick(model, "--lock", lock) {
            Ok((id, _)) if locks.contains_key(&id) => {
                return usage(format!(
                    "--lock {lock}: \"{id}\" is locked twice; lock it once"
                ));
            }
            Ok((id, pick)) => {
                locks.insert(id, pick);
            }
            Err(e) => return usage(e),
        }
    }
    let parties = match parse_parties(model, &options.parties) {
        Ok(parties) => parties,
        Err(e) => return usage(e),
    };
    let query = Query {
        parties,
        uncertain_ok: options.uncertain_ok,
        locks,
        allow_unaddressed: options.allow_unaddressed,
    };
    let space = match Space::new(model, &query) {
        Ok(space) => space,
        Err(e) => {
            eprintln!("redlines: {e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let control = Arc::new(Control::default());
    let timeout = (options.timeout > 0.0 && options.timeout.is_finite())
        .then(|| Duration::from_secs_f64(options.timeout))
        .map(|t| t.saturating_sub(answer_time(t)));
    let watch = Watch::reporting(
        control.clone(),
        timeout,
        "search",
        Box::new(search_progress),
    );
    let page = usize::try_from(options.page - 1).unwrap_or(usize::MAX);
    let analysis = analyse(&space, options.limit, &control).and_then(|mut a| {
        a.turn_to_page(&space, page, options.limit, &control)?;
        Ok(a)
    });
    let timed_out = watch.stop();
    let analysis = match analysis {
        Ok(a) => a,
        Err(e) => {
            eprintln!("redlines: {e}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed();
    let text = match options.format {
        TextOrJson::Json => {
            let mut value = to_json(&space, &query, &analysis, options.limit);
            if options.stats {
                value["stats"] = json!({
                    "search_nodes_visited": analysis.visited,
                    "wall_time_seconds": elapsed.as_secs_f64(),
                });
            }
            let json = serde_json::to_string_pretty(&value).unwrap_or_default();
            crate::model::text::json_safe(&json).into_owned() + "\n"
        }
        TextOrJson::Text => {
            let mut text = String::new();
            if !analysis.complete {
                text += &format!(
                    "PARTIAL: the search stopped after {:.1} s (--timeout {}), before it finished. \
                     Counts marked \"at least\" are lower bounds (\"at most\": proven upper bounds); \
                     what it had not reached is marked \"not searched\".\n\n",
                    elapsed.as_secs_f64(),
                    options.timeout
                );
            }
            text += &to_text(&space, &query, &analysis, options.limit);
            if options.stats {
                text += &format!(
                    "\nSearch nodes visited: {}; wall time: {:.3} ms.\n",
                    format_number(analysis.visited as f64),
                    elapsed.as_secs_f64() * 1e3
                );
            }
            text
        }
    };
    let code = write_out(out, &text);
    if timed_out && !analysis.complete && code == ExitCode::SUCCESS {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        code
    }
}

/// `--parties` against the model: ids or short names, in any case.
pub fn parse_parties(model: &Model, given: &[String]) -> Result<Vec<String>, String> {
    given
        .iter()
        .map(|name| {
            let wanted = name.trim().to_lowercase();
            model
                .parties
                .iter()
                .find(|p| p.id.to_lowercase() == wanted || p.short.to_lowercase() == wanted)
                .map(|p| p.id.clone())
                .ok_or_else(|| {
                    let known: Vec<String> = model
                        .parties
                        .iter()
                        .map(|p| format!("{} ({})", p.id, p.short))
                        .collect();
                    format!(
                        "--parties: unknown party \"{name}\" (known: {})",
                        known.join(", ")
                    )
                })
        })
        .collect()
}

/// Whether the party at `index` must accept.
fn required(space: &Space, query: &Query, index: usize) -> bool {
    query.requires(&space.model.parties[index])
}

fn party_names(space: &Space, query: &Query, must: bool) -> Vec<String> {
    space
        .model
        .parties
        .iter()
        .enumerate()
        .filter(|(i, _)| required(space, query, *i) == must)
        .map(|(_, p)| one_line(&p.name).into_owned())
        .collect()
}

/// "a red line fails when it breaks, or is uncertain"
fn failing_means(query: &Query) -> &'static str {
    if query.uncertain_ok {
        "a red line fails when it breaks"
    } else {
        "a red line fails when it breaks or is uncertain"
    }
}

/// Per party "UA 0", with parties that need not accept marked.
fn per_party(space: &Space, query: &Query, counts: &[usize], what: &str) -> String {
    let parts: Vec<String> = space
        .model
        .parties
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (p, n))| {
            let mark = if required(space, query, i) {
                ""
            } else {
                " (not required)"
            };
            format!("{} {n}{mark}", one_line(&p.short))
        })
        .collect();
    format!("{what}: {}", parts.join(", "))
}

fn package_text(
    space: &Space,
    query: &Query,
    package: &[crate::model::deal_space::Value],
) -> String {
    let view = PackageView::new(space, package);
    let mut s: String = view
        .summary
        .iter()
        .map(|(title, value)| format!("      {}: {}\n", one_line(title), one_line(value)))
        .collect();
    s += &format!(
        "      {}\n      {}\n",
        per_party(space, query, &view.breaks, "Broken"),
        per_party(space, query, &view.uncertain, "Uncertain")
    );
    s
}

pub fn to_text(space: &Space, query: &Query, a: &Analysis, limit: usize) -> String {
    let model = space.model;
    let mut s = format!(
        "Packages: {} (a number range counts once for each piece that a red line of the \
         parties that must accept tells apart)\n",
        format_count(a.packages)
    );
    s += &format!(
        "Must accept: {}; uncertain red lines count as {}\n",
        party_names(space, query, true).join(", "),
        if query.uncertain_ok {
            "acceptable"
        } else {
            "unacceptable"
        }
    );
    let others = party_names(space, query, false);
    if !others.is_empty() {
        s += &format!(
            "Not required: {} (their counts are shown, marked \"not required\")\n",
            others.join(", ")
        );
    }
    if query.allow_unaddressed {
        s += "Packages may leave positions unaddressed (--allow-unaddressed): a red line that \
              depends on one is uncertain unless every real value gives it the same verdict\n";
    } else {
        s += "Every package addresses every position that is not locked (--allow-unaddressed to \
              include silent ones)\n";
    }
    for (id, pick) in &query.locks {
        if let Some(p) = model.position(id) {
            s += &format!(
                "Locked: {} = {}\n",
                one_line(&p.title),
                one_line(&p.describe_pick(pick))
            );
        }
    }
    s += &format!(
        "Acceptable packages: {}\n",
        format_count_bounds(a.acceptable.count, a.acceptable.exact, a.acceptable.at_most)
    );
    let first = a.listed_from;
    if first > 0 {
        s += &if a.acceptable.packages.is_empty() {
            format!(
                "  (none from number {}: there are not that many)\n",
                first + 1
            )
        } else {
            format!(
                "  Numbers {}–{}, best first (--page):\n",
                first + 1,
                first + a.acceptable.packages.len()
            )
        };
    }
    for (i, package) in a.acceptable.packages.iter().enumerate() {
        s += &format!(
            "  {}.\n{}",
            first + i + 1,
            package_text(space, query, package)
        );
    }
    let shown = (first + a.acceptable.packages.len()) as f64;
    let at_least = if a.acceptable.exact { "" } else { "at least " };
    if a.acceptable.count > shown && !a.acceptable.packages.is_empty() {
        s += &format!(
            "  … and {at_least}{} more (--page {} for the next)\n",
            format_count(a.acceptable.count - shown),
            first / a.acceptable.packages.len().max(1) + 2
        );
    }
    if !a.acceptable.exact && a.acceptable.count == 0.0 {
        s += "\nNot searched: whether any package is acceptable (the search stopped first).\n";
        return s;
    }
    let Some(closest) = &a.closest else { return s };
    let line_name = |i: usize| one_line(&model.red_line_with_party(i, false)).into_owned();
    s += "\nNo package is acceptable to every party that must accept.\n";
    let singles: Vec<usize> = a.irreconcilable.alone().collect();
    if !singles.is_empty() {
        s += "\nRed lines that cannot hold in any package under these settings:\n";
        for &i in singles.iter().take(limit) {
            let why = never_holds(space, i)
                .map(|n| wording::never_holds(&model.red_lines[i], &n))
                .unwrap_or_else(|| "It fails in every package searched.".to_owned());
            s += &format!("  - {}: {}\n", line_name(i), one_line(&why));
        }
        s += &more_than_listed(singles.len(), limit, "red lines");
    }
    s += "\nIrreconcilable red lines (pairs and triples that no package satisfies together):\n";
    let groups = a.irreconcilable.together();
    if !a.irreconcilable.complete {
        s += "  (not searched to the end: there may be more sets than these)\n";
    } else if groups.is_empty() && !singles.is_empty() {
        s += "  none: no pair or triple conflicts beyond the red lines above that cannot hold \
              alone\n";
    } else if groups.is_empty() {
        s += "  none of two or three red lines; the conflict takes more of them together\n";
    }
    for set in groups.iter().take(limit) {
        let names: Vec<String> = set.iter().map(|&i| line_name(i)).collect();
        s += &format!("  - {}\n", names.join("  ×  "));
    }
    s += &more_than_listed(groups.len(), limit, "sets");
    if !closest.complete {
        s += "\nNot searched to the end: the concessions and closest packages below are the best \
              found before the search stopped, not proven the fewest.\n";
    }
    let at_most = if closest.complete { "" } else { "at most " };
    s += &format!(
        "\nMinimal concessions (drop {at_most}{} red line{} to open a deal):\n",
        closest.fewest,
        if closest.fewest == 1 { "" } else { "s" }
    );
    for set in &closest.concessions {
        let names: Vec<String> = set.iter().map(|&i| line_name(i)).collect();
        let parties: Vec<&str> = model
            .parties_of(set)
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        s += &format!(
            "  - {}  (would have to give: {})\n",
            names.join("; "),
            one_line(&parties.join(", "))
        );
    }
    if closest.more_concessions {
        s += "  … and more sets as small (--limit lists more)\n";
    }
    s += &format!(
        "\nClosest packages: no other package has fewer failing red lines for every party that \
         must accept ({}):\n",
        failing_means(query)
    );
    for point in closest.pareto.iter().take(limit) {
        let required_fails: Vec<String> = space
            .model
            .parties
            .iter()
            .zip(&point.fails)
            .enumerate()
            .filter(|(i, _)| required(space, query, *i))
            .map(|(_, (p, n))| format!("{} {n}", one_line(&p.short)))
            .collect();
        s += &format!("  Failing: {}; for example:\n", required_fails.join(", "));
        if let Some(first) = point.packages.first() {
            s += &package_text(space, query, first);
        }
    }
    s += &more_than_listed(closest.pareto.len(), limit, "closest points");
    s += &format!(
        "\nFewest failing red lines overall: {at_most}{}\n",
        closest.fewest
    );
    s
}

/// "  … and 12 more sets (--limit lists more)", where a list was cut at `limit`.
fn more_than_listed(count: usize, limit: usize, what: &str) -> String {
    if count > limit {
        format!(
            "  … and {} more {what} (--limit lists more)\n",
            format_number((count - limit) as f64)
        )
    } else {
        String::new()
    }
}

/// A count as a JSON integer; from 2^53, where `f64` holds counts only approximately, as the
/// float it is (`1.2157665459056929e19`), never an integer that would look exact (and `exact`
/// fields say so).
fn count_json(n: f64) -> Value {
    if is_exact(n) {
        json!(n as u64)
    } else {
        json!(n)
    }
}

fn is_exact(n: f64) -> bool {
    n < crate::model::types::EXACT_COUNTS_BELOW
}

pub(crate) fn value_json(position: &crate::model::Position, value: &DomainValue) -> Value {
    let mut v = serde_json::Map::new();
    v.insert("label".into(), json!(value.label));
    match &value.pick {
        Pick::Option(id) => {
            v.insert("option".into(), json!(id));
            if position.is_unaddressed(&value.pick) {
                v.insert("not_addressed".into(), json!(true));
            }
        }
        Pick::Value(_) => {
            let (first, last) = value.reach.unwrap_or_default();
            v.insert("from".into(), json!(first));
            v.insert("to".into(), json!(last));
        }
        Pick::NoLimit => {
            v.insert("no_limit".into(), json!(true));
        }
        Pick::NotAddressed => {
            v.insert("not_addressed".into(), json!(true));
        }
    }
    Value::Object(v)
}

fn per_party_json(space: &Space, counts: &[usize]) -> Value {
    let map: serde_json::Map<String, Value> = space
        .model
        .parties
        .iter()
        .zip(counts)
        .map(|(p, n)| (p.id.clone(), json!(n)))
        .collect();
    Value::Object(map)
}

fn package_json(space: &Space, package: &[crate::model::deal_space::Value]) -> Value {
    let choices: serde_json::Map<String, Value> = space
        .model
        .positions
        .iter()
        .zip(&space.domains)
        .zip(package)
        .map(|((p, d), &v)| (p.id.clone(), value_json(p, &d.values[v as usize])))
        .collect();
    let view = PackageView::new(space, package);
    json!({
        "choices": choices,
        "broken": per_party_json(space, &view.breaks),
        "uncertain": per_party_json(space, &view.uncertain),
    })
}

fn set_json(model: &Model, set: &[usize]) -> Value {
    json!({
        "red_lines": set.iter().map(|&i| json!({
            "id": model.red_lines[i].id,
            "party": model.red_lines[i].party,
            "title": model.red_lines[i].title,
        })).collect::<Vec<_>>(),
        "parties": model.parties_of(set).iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
    })
}

pub fn to_json(space: &Space, query: &Query, a: &Analysis, limit: usize) -> Value {
    let model = space.model;
    let required_ids: Vec<String> = (0..model.parties.len())
        .filter(|&i| required(space, query, i))
        .map(|i| model.parties[i].id.clone())
        .collect();
    let not_required: Vec<String> = (0..model.parties.len())
        .filter(|&i| !required(space, query, i))
        .map(|i| model.parties[i].id.clone())
        .collect();
    let failing = |fails: &[usize]| -> Value {
        let map: serde_json::Map<String, Value> = model
            .parties
            .iter()
            .zip(fails)
            .enumerate()
            .filter(|(i, _)| required(space, query, *i))
            .map(|(_, (p, n))| (p.id.clone(), json!(n)))
            .collect();
        Value::Object(map)
    };
    let closest = a.closest.as_ref().map(|c| {
        json!({
            "complete": c.complete,
            "pareto": c.pareto.iter().take(limit).map(|p| json!({
                "failing": failing(&p.fails),
                "packages": p.packages.iter().map(|k| package_json(space, k)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "pareto_count": c.pareto.len(),
            "fewest_failing": c.fewest,
            "fewest_packages": c.fewest_packages.iter().map(|k| package_json(space, k)).collect::<Vec<_>>(),
        })
    });
    let singles = a.irreconcilable.alone();
    let never_count = singles.clone().count();
    let never: Vec<Value> = singles
        .take(limit)
        .map(|i| {
            let why = never_holds(space, i);
            json!({
                "id": model.red_lines[i].id,
                "party": model.red_lines[i].party,
                "why": why.as_ref().map(|n| wording::never_holds(&model.red_lines[i], n)),
                "reason": why,
            })
        })
        .collect();
    let groups = a.irreconcilable.together();
    let locks: serde_json::Map<String, Value> = query
        .locks
        .iter()
        .filter_map(|(id, pick)| {
            let p = model.positions.iter().position(|p| p.id == *id)?;
            let index = space.domains[p].index_of(pick)?;
            Some((
                id.clone(),
                value_json(&model.positions[p], &space.domains[p].values[index]),
            ))
        })
        .collect();
    json!({
        "complete": a.complete,
        "packages": count_json(a.packages),
        "packages_exact": is_exact(a.packages),
        "counted_as": "a number range counts once for each piece that a red line of the parties that must accept tells apart",
        "parties": required_ids,
        "not_required": not_required,
        "uncertain_ok": query.uncertain_ok,
        "failing_means": failing_means(query),
        "allow_unaddressed": query.allow_unaddressed,
        "locks": locks,
        "acceptable": {
            "count": count_json(a.acceptable.count),
            "exact": a.acceptable.exact && is_exact(a.acceptable.count),
            "at_most": a.acceptable.at_most.map(count_json),
            "listed_from": a.listed_from + 1,
            "packages": a.acceptable.packages.iter().map(|k| package_json(space, k)).collect::<Vec<_>>(),
        },
        "never_holds": never,
        "never_holds_count": never_count,
        "irreconcilable": groups.iter().take(limit).map(|s| set_json(model, s)).collect::<Vec<_>>(),
        "irreconcilable_count": groups.len(),
        "irreconcilable_complete": a.irreconcilable.complete,
        "concessions": a.closest.as_ref().map(|c| c.concessions.iter().map(|s| set_json(model, s)).collect::<Vec<_>>()).unwrap_or_default(),
        "concessions_complete": a.closest.as_ref().is_none_or(|c| !c.more_concessions && c.complete),
        "closest": closest,
    })
}
