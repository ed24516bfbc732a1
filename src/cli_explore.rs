//! `redlines explore`: the deal-space search from the command line.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::cli::{ExploreFormat, load_reporting, write_out};
use crate::model::deal_space::{Analysis, Control, Query, Space, analyse};
use crate::model::text::one_line;
use crate::model::types::{Model, format_count, format_number};
use crate::model::{Pick, PositionKind};

#[derive(Debug, clap::Args)]
pub struct ExploreOptions {
    /// Party ids that must accept, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    pub parties: Vec<String>,
    /// Count "uncertain" red lines as acceptable.
    #[arg(long)]
    pub uncertain_ok: bool,
    /// Also search packages that leave positions unaddressed (by default every package takes a
    /// real option on every position that is not locked).
    #[arg(long)]
    pub allow_unaddressed: bool,
    /// Pin a position: `position=option`, `position=NUMBER` or `position=no-limit`.
    #[arg(long = "lock", value_name = "POSITION=VALUE")]
    pub locks: Vec<String>,
    #[arg(long, value_enum, default_value_t = ExploreFormat::Text)]
    pub format: ExploreFormat,
    /// How many packages to list.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Also print packages visited and wall time.
    #[arg(long)]
    pub stats: bool,
    /// Stop after this many seconds and print what was found, marked partial (exit code 3).
    /// 0 means no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
}

/// The exit code of a search that stopped at its timeout: the answer printed is partial.
pub const EXIT_PARTIAL: u8 = 3;

/// Reports progress on stderr once a second after the first, and stops the search at the
/// timeout. Dropping the guard ends the watch.
struct Watch {
    done: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<bool>>,
}

impl Watch {
    fn start(control: Arc<Control>, timeout: Option<Duration>) -> Self {
        let (done, finished) = mpsc::channel::<()>();
        let started = Instant::now();
        let thread = std::thread::spawn(move || {
            let mut next_report = Duration::from_secs(1);
            loop {
                let elapsed = started.elapsed();
                let until_timeout = timeout.map_or(Duration::MAX, |t| t.saturating_sub(elapsed));
                let wait = next_report.saturating_sub(elapsed).min(until_timeout);
                match finished.recv_timeout(wait) {
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    _ => return false,
                }
                let elapsed = started.elapsed();
                if timeout.is_some_and(|t| elapsed >= t) {
                    control.cancel.store(true, Ordering::Relaxed);
                    eprintln!(
                        "redlines: stopping the search at its {:.0} s timeout (--timeout); \
                         printing what it found",
                        elapsed.as_secs_f64()
                    );
                    return true;
                }
                if elapsed >= next_report {
                    eprintln!(
                        "redlines: searching… {:.0} s, {} nodes visited, {}",
                        elapsed.as_secs_f64(),
                        format_number(control.visited.load(Ordering::Relaxed) as f64),
                        control.stage().describe()
                    );
                    next_report += Duration::from_secs(1);
                }
            }
        });
        Watch {
            done: Some(done),
            thread: Some(thread),
        }
    }

    /// Ends the watch; true if it stopped the search.
    fn stop(mut self) -> bool {
        drop(self.done.take());
        self.thread
            .take()
            .is_some_and(|t| t.join().unwrap_or(false))
    }
}

/// Reads `position=value` against the model: an option id, a number, or `no-limit`.
pub fn parse_lock(model: &Model, lock: &str) -> Result<(String, Pick), String> {
    let (id, value) = lock
        .split_once('=')
        .ok_or_else(|| format!("--lock {lock}: write POSITION=VALUE"))?;
    let position = model
        .position(id)
        .ok_or_else(|| format!("--lock {lock}: unknown position \"{id}\""))?;
    let pick = match &position.kind {
        PositionKind::Choice { .. } => Pick::Option(value.to_owned()),
        PositionKind::Number(_) => match value {
            "no-limit" | "nolimit" | "no_limit" | "none" => Pick::NoLimit,
            "not-addressed" | "not_addressed" => Pick::NotAddressed,
            v => Pick::Value(
                v.replace(',', "")
                    .parse()
                    .map_err(|_| format!("--lock {lock}: \"{id}\" takes a number or no-limit"))?,
            ),
        },
    };
    if let Some(problem) = crate::model::validate::pick_problem(position, &pick) {
        return Err(format!("--lock {lock}: {problem}"));
    }
    Ok((id.to_owned(), pick))
}

pub fn explore(file: &Path, options: &ExploreOptions, out: &mut impl Write) -> ExitCode {
    let Some(loaded) = load_reporting(file) else {
        return ExitCode::FAILURE;
    };
    let model = &loaded.document.model;
    let mut locks = BTreeMap::new();
    for lock in &options.locks {
        match parse_lock(model, lock) {
            Ok((id, pick)) => {
                locks.insert(id, pick);
            }
            Err(e) => {
                eprintln!("redlines: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let query = Query {
        parties: options.parties.clone(),
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
        .then(|| Duration::from_secs_f64(options.timeout));
    let watch = Watch::start(control.clone(), timeout);
    let analysis = analyse(&space, options.limit, &control);
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
        ExploreFormat::Json => {
            let mut value = to_json(&space, &query, &analysis);
            if options.stats {
                value["stats"] =
                    json!({ "visited": analysis.visited, "seconds": elapsed.as_secs_f64() });
            }
            let json = serde_json::to_string_pretty(&value).unwrap_or_default();
            crate::model::text::json_safe(&json).into_owned() + "\n"
        }
        ExploreFormat::Text => {
            let mut text = String::new();
            if !analysis.complete {
                text += &format!(
                    "PARTIAL: the search stopped after {:.1} s (--timeout {}), before it finished. \
                     Counts marked \"at least\" are lower bounds; what it had not reached is \
                     marked \"not searched\".\n\n",
                    elapsed.as_secs_f64(),
                    options.timeout
                );
            }
            text += &to_text(&space, &query, &analysis);
            if options.stats {
                text += &format!(
                    "\nVisited {} search nodes in {:.3} ms.\n",
                    analysis.visited,
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

fn party_names(space: &Space, query: &Query) -> Vec<String> {
    space
        .model
        .parties
        .iter()
        .filter(|p| query.parties.is_empty() || query.parties.contains(&p.id))
        .map(|p| one_line(&p.name).into_owned())
        .collect()
}

fn package_text(space: &Space, package: &[crate::model::deal_space::Value]) -> String {
    space
        .describe(package)
        .into_iter()
        .map(|(title, value)| format!("      {}: {}\n", one_line(&title), one_line(&value)))
        .collect()
}

pub fn to_text(space: &Space, query: &Query, a: &Analysis) -> String {
    let model = space.model;
    let mut s = format!("Packages: {}\n", format_count(a.packages));
    s += &format!(
        "Must accept: {}; uncertain red lines count as {}\n",
        party_names(space, query).join(", "),
        if query.uncertain_ok {
            "acceptable"
        } else {
            "unacceptable"
        }
    );
    for (id, pick) in &query.locks {
        if let Some(p) = model.position(id) {
            s += &format!(
                "Locked: {} = {}\n",
                one_line(&p.title),
                one_line(&p.describe_pick(pick))
            );
        }
    }
    let at_least = if a.acceptable.exact { "" } else { "at least " };
    s += &format!(
        "Acceptable packages: {at_least}{}\n",
        format_count(a.acceptable.count)
    );
    for (i, package) in a.acceptable.packages.iter().enumerate() {
        s += &format!("  {}.\n{}", i + 1, package_text(space, package));
    }
    if a.acceptable.count > a.acceptable.packages.len() as f64 {
        s += &format!(
            "  … and {at_least}{} more\n",
            format_count(a.acceptable.count - a.acceptable.packages.len() as f64)
        );
    }
    if !a.acceptable.exact && a.acceptable.count == 0.0 {
        s += "\nNot searched: whether any package is acceptable (the search stopped first).\n";
        return s;
    }
    let Some(closest) = &a.closest else { return s };
    let line_name = |i: usize| one_line(&model.red_line_with_party(i, false)).into_owned();
    s += "\nNo package is acceptable to all of them.\n";
    s += "\nIrreconcilable red lines (no package satisfies each set together):\n";
    if !a.irreconcilable.complete {
        s += "  (not searched to the end: there may be more sets than these)\n";
    } else if a.irreconcilable.sets.is_empty() {
        s += "  none of up to three red lines; the conflict takes more of them together\n";
    }
    for set in &a.irreconcilable.sets {
        let names: Vec<String> = set.iter().map(|&i| line_name(i)).collect();
        s += &format!("  - {}\n", names.join("  ×  "));
    }
    if !closest.complete {
        s += "\nNot searched to the end: the concessions and closest packages below are the best \
              found before the search stopped, not proven the fewest.\n";
    }
    let at_most = if closest.complete { "" } else { "at most " };
    s += &format!(
        "\nMinimal concessions (drop {at_most}{} red line(s) to open a deal):\n",
        closest.fewest
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
    let shorts: Vec<String> = model
        .parties
        .iter()
        .map(|p| one_line(&p.short).into_owned())
        .collect();
    s += &format!(
        "\nClosest packages, Pareto-minimal in broken red lines per party ({}):\n",
        shorts.join(" ")
    );
    for point in &closest.pareto {
        let fails: Vec<String> = point.fails.iter().map(ToString::to_string).collect();
        s += &format!("  [{}]  for example:\n", fails.join(" "));
        if let Some(first) = point.packages.first() {
            s += &package_text(space, first);
        }
    }
    s += &format!(
        "\nFewest broken red lines overall: {at_most}{}\n",
        closest.fewest
    );
    s
}

fn package_json(space: &Space, package: &[crate::model::deal_space::Value]) -> Value {
    let map: serde_json::Map<String, Value> = space
        .model
        .positions
        .iter()
        .zip(&space.domains)
        .zip(package)
        .map(|((p, d), &v)| {
            (
                p.id.clone(),
                Value::String(d.values[v as usize].label.clone()),
            )
        })
        .collect();
    Value::Object(map)
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

pub fn to_json(space: &Space, query: &Query, a: &Analysis) -> Value {
    let model = space.model;
    let closest = a.closest.as_ref().map(|c| {
        json!({
            "pareto": c.pareto.iter().map(|p| json!({
                "broken": model.parties.iter().zip(&p.fails).map(|(party, n)| (party.id.clone(), json!(n))).collect::<serde_json::Map<_, _>>(),
                "packages": p.packages.iter().map(|k| package_json(space, k)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "fewest_broken": c.fewest,
            "complete": c.complete,
            "fewest_packages": c.fewest_packages.iter().map(|k| package_json(space, k)).collect::<Vec<_>>(),
        })
    });
    json!({
        "complete": a.complete,
        "packages": a.packages,
        "parties": if query.parties.is_empty() { model.parties.iter().map(|p| p.id.clone()).collect() } else { query.parties.clone() },
        "uncertain_ok": query.uncertain_ok,
        "acceptable": {
            "count": a.acceptable.count,
            "exact": a.acceptable.exact,
            "packages": a.acceptable.packages.iter().map(|k| package_json(space, k)).collect::<Vec<_>>(),
        },
        "irreconcilable": a.irreconcilable.sets.iter().map(|s| set_json(model, s)).collect::<Vec<_>>(),
        "irreconcilable_complete": a.irreconcilable.complete,
        "concessions": a.closest.as_ref().map(|c| c.concessions.iter().map(|s| set_json(model, s)).collect::<Vec<_>>()).unwrap_or_default(),
        "closest": closest,
    })
}
