//! Long file: the text and the JSON of one analysis, both laid out from the same findings.
//! `redlines stability`: the stability analysis (GMCR) from the command line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::explore::value_json;
use super::output::{TextOrJson, load_reporting, write_out};
use super::watch::{EXIT_PARTIAL, Watch};
use crate::model::deal_space::Control;
use crate::model::stability::{
    Concept, MAX_STATES, Stability, StabilityError, States, conflict_within, equilibria_of,
    explain, planned_steps,
};
use crate::model::types::Model;

#[derive(Debug, clap::Args)]
pub struct StabilityOptions {
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// The solution concepts, comma-separated: nash, gmr, smr, seq.
    #[arg(long, value_delimiter = ',', value_parser = parse_concept, default_value = "nash,gmr,smr,seq")]
    pub concepts: Vec<Concept>,
    /// Also take packages that leave positions unaddressed as states (by default every state
    /// takes a real option on every position the status quo addresses).
    #[arg(long)]
    pub allow_unaddressed: bool,
    /// How many equilibria, and paths to them, to list per concept, and how many of each
    /// party's moves to explain.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Also judge the status quo for a coalition: two or more party ids, comma-separated,
    /// acting as one (its moves are its members' sequences, an improvement one every member
    /// prefers).
    #[arg(long, value_delimiter = ',')]
    pub coalition: Vec<String>,
    /// Stop after this many seconds: the scenario's package judged, if that much is known, marked
    /// partial (exit code 3); or nothing, said why (exit code 1). 0 means no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Inverse stability: which rankings of these parties (ids, comma-separated) make the
    /// package an equilibrium; the others keep the model's preferences. Prints, per concept, how
    /// many strict rankings do (for small models), and for one party the exact condition on its
    /// ranking and the fewest swaps of neighbours in its ranking that make it one.
    #[arg(long, value_delimiter = ',', value_name = "PARTIES")]
    pub inverse: Vec<String>,
    /// With --inverse: the package to make stable, as the scenario's with this pick changed
    /// (`position=option`, `position=NUMBER`, `position=no-limit` or `position=not-addressed`;
    /// give --set again for each).
    #[arg(long = "set", requires = "inverse", value_name = "POSITION=VALUE")]
    pub set: Vec<String>,
}

fn parse_concept(text: &str) -> Result<Concept, String> {
    Concept::ALL
        .into_iter()
        .find(|c| c.name().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| format!("{text:?} is not a concept: nash, gmr, smr or seq"))
}

/// What the analysis found, for either format.
struct Found<'a> {
    model: &'a Model,
    states: States,
    concepts: Vec<Concept>,
    /// Per concept, per party, per state; `None` when the analysis stopped at its timeout
    /// before it had judged every state.
    stable: Option<Vec<Vec<Vec<bool>>>>,
    status_quo: usize,
    /// Per party, its verdicts at the status quo under each concept asked.
    verdicts: Vec<Vec<(Concept, Stability)>>,
    limit: usize,
    /// The coalition asked for, as party indices (empty when none), and its verdicts.
    coalition: Vec<usize>,
    coalition_verdicts: Vec<(Concept, Stability)>,
    /// Per concept asked, the equilibria that still hold with the coalition acting as one
    /// (empty without a coalition or before every state is judged).
    coalition_equilibria: Vec<(Concept, Vec<usize>)>,
    /// The shortest paths of improvements from the status quo to the equilibria it reaches.
    paths: HashMap<usize, Vec<(usize, usize)>>,
}

/// The analysis's progress, as the watch reports it on stderr: the share of its planned steps.
fn progress(control: &Control) -> String {
    format!(
        "analysing… {:.0} % ({})",
        100.0 * control.share_done().unwrap_or_default(),
        control.stage().describe()
    )
}

/// The exit code of a valid model in which no party controls any position.
pub const NOTHING_TO_ANALYSE: u8 = 4;

pub fn stability(file: &Path, options: &StabilityOptions, out: &mut impl Write) -> ExitCode {
    if !options.inverse.is_empty() {
        return super::inverse::inverse(file, options, out);
    }
    let Some(loaded) = load_reporting(file) else {
        return ExitCode::FAILURE;
    };
    let model = &loaded.document.model;
    if model.parties.iter().all(|p| p.controls.is_empty()) {
        eprintln!(
            "redlines: {}: no party in the model controls any position, so nothing can move and \
             there is nothing to analyse: give parties `controls` (the positions each can change \
             on its own; see docs/scenario-format.md)",
            file.display()
        );
        // Not an invalid file (1): a valid model that poses no question of stability.
        return ExitCode::from(NOTHING_TO_ANALYSE);
    }
    let coalition = match coalition_of(model, &options.coalition) {
        Ok(coalition) => coalition,
        Err(why) => {
            eprintln!("redlines: {}: {why}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let mut concepts = options.concepts.clone();
    concepts.sort();
    concepts.dedup();
    let choices = &loaded.document.scenario.choices;
    let control = Arc::new(Control::default());
    let timeout = (options.timeout > 0.0 && options.timeout.is_finite())
        .then(|| Duration::from_secs_f64(options.timeout));
    let planned = planned_steps(model, choices, options.allow_unaddressed, concepts.len());
    control.planned.store(planned, Ordering::Relaxed);
    let watch = Watch::reporting(control.clone(), timeout, "analysis", Box::new(progress));
    let stopped_early = |stage: &str| {
        eprintln!(
            "redlines: {}: the analysis stopped at its {} s timeout (--timeout) while {stage}, \
             before anything was known; nothing is printed. Give it longer (--timeout 0 for no \
             limit), ask fewer concepts (--concepts nash is quickest), or give parties fewer \
             positions to control",
            file.display(),
            options.timeout
        );
        ExitCode::FAILURE
    };
    let (conflict, states) = match conflict_within(
        model,
        choices,
        options.allow_unaddressed,
        MAX_STATES,
        &control,
    ) {
        Ok(found) => found,
        Err(StabilityError::Cancelled) => {
            watch.stop();
            return stopped_early("listing the states and moves");
        }
        Err(e) => {
            watch.stop();
            eprintln!("redlines: {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let Some(status_quo) = states.state_of(choices) else {
        watch.stop();
        eprintln!(
            "redlines: {}: the scenario's package is one the model says cannot happen (infeasible)",
            file.display()
        );
        return ExitCode::FAILURE;
    };
    // What is known first: each party's verdicts at the status quo (and the coalition's).
    let judge = |movers: &[usize]| {
        conflict
            .coalition_verdicts_within(movers, status_quo, &concepts, &control)
            .map(|v| concepts.iter().copied().zip(v).collect::<Vec<_>>())
    };
    let judged = (0..model.parties.len())
        .map(|party| judge(&[party]))
        .collect::<Result<Vec<_>, _>>()
        .and_then(|verdicts| {
            let together = if coalition.is_empty() {
                Vec::new()
            } else {
                judge(&coalition)?
            };
            Ok((verdicts, together))
        });
    let Ok((verdicts, coalition_verdicts)) = judged else {
        watch.stop();
        return stopped_early("judging the scenario's package");
    };
    // Then every state; and the paths to the equilibria, one search for all concepts.
    let stable = conflict.classify_within(&concepts, &control).ok();
    let paths = stable
        .as_ref()
        .and_then(|stable| {
            let mut any: Vec<usize> = stable.iter().flat_map(|c| equilibria_of(c)).collect();
            any.sort_unstable();
            any.dedup();
            conflict
                .improvement_paths_within(status_quo, &any, &control)
                .ok()
        })
        .map(|paths| paths.into_iter().collect::<HashMap<_, _>>());
    let coalition_equilibria = match (&stable, &paths) {
        (Some(stable), Some(_)) if !coalition.is_empty() => {
            let alone: Vec<(Concept, Vec<usize>)> = concepts
                .iter()
                .zip(stable)
                .map(|(&c, per_party)| (c, equilibria_of(per_party)))
                .collect();
            conflict
                .coalition_equilibria_within(&coalition, &alone, &control)
                .ok()
        }
        _ => Some(Vec::new()),
    };
    let timed_out = watch.stop();
    let complete = stable.is_some() && paths.is_some() && coalition_equilibria.is_some();
    let found = Found {
        model,
        states,
        concepts,
        stable: stable.filter(|_| complete),
        status_quo,
        verdicts,
        limit: options.limit,
        coalition,
        coalition_verdicts,
        coalition_equilibria: coalition_equilibria.unwrap_or_default(),
        paths: paths.unwrap_or_default(),
    };
    let code = match options.format {
        TextOrJson::Text => {
            // Names from the file print as one line each: no forged lines, no escapes acted on.
            let safe = crate::model::text::one_line_names(model);
            let mut text = String::new();
            if !complete {
                text += &format!(
                    "PARTIAL: the analysis stopped at its {} s timeout (--timeout) before it had \
                     judged every state: the scenario's package is judged below, but not the \
                     equilibria.\n\n",
                    options.timeout
                );
            }
            text += &self::text(&Found {
                model: &safe,
                ..found
            });
            write_out(out, &text)
        }
        TextOrJson::Json => {
            let json = format!("{:#}\n", to_json(&found));
            write_out(out, &crate::model::text::json_safe(&json))
        }
    };
    if timed_out && !complete && code == ExitCode::SUCCESS {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        code
    }
}

/// The parties `ids` name, as indices; none for none, and an error for an unknown id, a
/// repeat, or a coalition of one.
fn coalition_of(model: &Model, ids: &[String]) -> Result<Vec<usize>, String> {
    let mut coalition = Vec::new();
    for id in ids.iter().map(|id| id.trim()) {
        let Some(i) = model.parties.iter().position(|p| p.id == id) else {
            let known: Vec<&str> = model.parties.iter().map(|p| p.id.as_str()).collect();
            return Err(format!(
                "--coalition: no party has the id {id:?}; the parties are {}",
                known.join(", ")
            ));
        };
        if coalition.contains(&i) {
            return Err(format!("--coalition: {id:?} is named twice"));
        }
        coalition.push(i);
    }
    if coalition.len() == 1 {
        return Err(
            "--coalition: a coalition takes two or more parties (one party alone is analysed \
             anyway)"
                .to_owned(),
        );
    }
    Ok(coalition)
}

/// The verdicts at the status quo of `movers` (a party, or the coalition), per concept asked.
fn verdicts_of<'f>(found: &'f Found, movers: &[usize]) -> &'f [(Concept, Stability)] {
    match movers {
        [party] => &found.verdicts[*party],
        _ => &found.coalition_verdicts,
    }
}

fn coalition_name(found: &Found) -> String {
    let names: Vec<&str> = found
        .coalition
        .iter()
        .map(|&p| party_name(found, p))
        .collect();
    names.join(" + ")
}

/// A verdict's improvements and their sanctions, in JSON.
fn verdict_json(found: &Found, verdict: &Stability) -> Value {
    let improvements: Vec<Value> = verdict
        .improvements
        .iter()
        .map(|&(to, sanction)| {
            json!({
                "to": state_of_found_json(found, to),
                "sanction": sanction.map(|s| state_of_found_json(found, s)),
            })
        })
        .collect();
    json!({ "stable": verdict.stable, "improvements": improvements })
}

fn marks_text(verdicts: &[(Concept, Stability)]) -> String {
    let marks: Vec<String> = verdicts
        .iter()
        .map(|(concept, v)| format!("{} {}", concept.name(), if v.stable { "✓" } else { "✗" }))
        .collect();
    marks.join("  ")
}

/// A state in words: the positions where it differs from `from`.
fn changes(found: &Found, from: usize, to: usize) -> String {
    found.states.describe(found.model, from, to)
}

fn party_name<'a>(found: &Found<'a>, party: usize) -> &'a str {
    &found.model.parties[party].name
}

fn text(found: &Found) -> String {
    let mut t = String::new();
    let names: Vec<&str> = found.concepts.iter().map(|c| c.name()).collect();
    t += &format!(
        "Stability analysis (graph model for conflict resolution): {} states; {}\n",
        found.states.len(),
        names.join(", ")
    );
    t += "A state is stable for a party when it would not move away on its own: Nash, no move \
          it prefers; GMR, every such move can be answered by the others with a state it likes \
          no better; SMR, as GMR and it cannot escape that answer; SEQ, as GMR with an answer \
          the others would want to give.\n";
    for party in &found.model.parties {
        let controls: Vec<&str> = party
            .controls
            .iter()
            .filter_map(|id| found.model.position(id))
            .map(|p| p.title.as_str())
            .collect();
        if controls.is_empty() {
            t += &format!("{} controls no position: it cannot move.\n", party.name);
        } else {
            t += &format!("{} controls: {}\n", party.name, controls.join(", "));
        }
    }
    let sq = found.status_quo;
    t += "\nThe status quo (the scenario's choices):\n";
    for party in 0..found.model.parties.len() {
        let verdicts = verdicts_of(found, &[party]);
        t += &format!("  {}: {}\n", party_name(found, party), marks_text(verdicts));
        for line in explain(
            found.model,
            &found.states,
            &[party],
            sq,
            verdicts,
            found.limit,
        ) {
            t += &format!("    {line}\n");
        }
    }
    if let Some(stable) = &found.stable {
        let equilibrium: Vec<&str> = found
            .concepts
            .iter()
            .enumerate()
            .filter(|(c, _)| stable[*c].iter().all(|party| party[sq]))
            .map(|(_, concept)| concept.name())
            .collect();
        t += &if equilibrium.is_empty() {
            "  It is no equilibrium under any concept asked.\n".to_owned()
        } else {
            format!("  It is an equilibrium under: {}\n", equilibrium.join(", "))
        };
    }
    if !found.coalition.is_empty() {
        let verdicts = verdicts_of(found, &found.coalition);
        t += &format!(
            "  The coalition {}, acting as one: {}\n",
            coalition_name(found),
            marks_text(verdicts)
        );
        for line in explain(
            found.model,
            &found.states,
            &found.coalition,
            sq,
            verdicts,
            found.limit,
        ) {
            t += &format!("    {line}\n");
        }
    }
    let Some(stable) = &found.stable else {
        t += "\nEquilibria: not worked out (the analysis stopped at its timeout first).\n";
        return t;
    };
    for (c, concept) in found.concepts.iter().enumerate() {
        let all = equilibria_of(&stable[c]);
        t += &format!("\n{} equilibria: {}\n", concept.name(), all.len());
        for (n, &s) in all.iter().take(found.limit).enumerate() {
            t += &format!("  {}. {}\n", n + 1, changes(found, sq, s));
        }
        if all.len() > found.limit {
            t += &format!("  … and {} more (--limit)\n", all.len() - found.limit);
        }
        if let Some((_, kept)) = found
            .coalition_equilibria
            .iter()
            .find(|(k, _)| k == concept)
        {
            t += &format!(
                "  With {} acting as one, {} of these {}{}\n",
                coalition_name(found),
                kept.len(),
                if kept.len() == 1 { "holds" } else { "hold" },
                if kept.is_empty() { "." } else { ":" }
            );
            for (n, &s) in kept.iter().take(found.limit).enumerate() {
                t += &format!("    {}. {}\n", n + 1, changes(found, sq, s));
            }
            if kept.len() > found.limit {
                t += &format!("    … and {} more (--limit)\n", kept.len() - found.limit);
            }
        }
        let reached: Vec<(usize, &Vec<(usize, usize)>)> = all
            .iter()
            .filter_map(|s| Some((*s, found.paths.get(s)?)))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        if !reached.is_empty() {
            let elsewhere = all.iter().filter(|&&s| s != sq).count();
            t += &format!(
                "  Reached from the status quo by unilateral improvements: {} of {elsewhere}{}\n",
                reached.len(),
                if elsewhere < all.len() {
                    " (the status quo itself aside):"
                } else {
                    ":"
                }
            );
            for (to, path) in reached.iter().take(found.limit) {
                let mut at = sq;
                let steps: Vec<String> = path
                    .iter()
                    .map(|&(party, state)| {
                        let step = format!(
                            "{} moves to {}",
                            party_name(found, party),
                            changes(found, at, state)
                        );
                        at = state;
                        step
                    })
                    .collect();
                t += &format!(
                    "    to {}\n      by: {}\n",
                    changes(found, sq, *to),
                    steps.join(", then ")
                );
            }
        }
    }
    t
}

fn state_of_found_json(found: &Found, state: usize) -> Value {
    state_json(found.model, &found.states, state)
}

/// A state as JSON: each position's id with its value.
pub(super) fn state_json(model: &Model, states: &States, state: usize) -> Value {
    let choices: serde_json::Map<String, Value> = model
        .positions
        .iter()
        .zip(&states.domains)
        .zip(&states.package(state))
        .map(|((p, d), &v)| (p.id.clone(), value_json(p, &d.values[usize::from(v)])))
        .collect();
    Value::Object(choices)
}

fn to_json(found: &Found) -> Value {
    let sq = found.status_quo;
    let name = |c: &Concept| c.name().to_ascii_lowercase();
    let verdicts: serde_json::Map<String, Value> = found
        .model
        .parties
        .iter()
        .enumerate()
        .map(|(party, p)| {
            let per_concept: serde_json::Map<String, Value> = verdicts_of(found, &[party])
                .iter()
                .map(|(concept, verdict)| (name(concept), verdict_json(found, verdict)))
                .collect();
            (p.id.clone(), Value::Object(per_concept))
        })
        .collect();
    let mut equilibria = serde_json::Map::new();
    let mut paths = serde_json::Map::new();
    let mut status_quo_equilibrium = serde_json::Map::new();
    let judged = found.stable.as_deref().unwrap_or_default();
    for (c, concept) in found
        .concepts
        .iter()
        .enumerate()
        .filter(|(c, _)| *c < judged.len())
    {
        let all = equilibria_of(&judged[c]);
        status_quo_equilibrium.insert(name(concept), json!(all.contains(&sq)));
        equilibria.insert(
            name(concept),
            json!({
                "count": all.len(),
                "states": all.iter().take(found.limit).map(|&s| state_of_found_json(found, s)).collect::<Vec<_>>(),
                "more": all.len() > found.limit,
            }),
        );
        let found_paths: Vec<Value> = all
            .iter()
            .filter_map(|to| Some((*to, found.paths.get(to)?)))
            // As in the text: the status quo itself is no path of improvements.
            .filter(|(_, path)| !path.is_empty())
            .take(found.limit)
            .map(|(to, path)| {
                json!({
                    "to": state_of_found_json(found, to),
                    "steps": path.iter().map(|&(party, state)| json!({
                        "party": found.model.parties[party].id,
                        "state": state_of_found_json(found, state),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        paths.insert(name(concept), Value::Array(found_paths));
    }
    let coalition = (!found.coalition.is_empty()).then(|| {
        let verdicts: serde_json::Map<String, Value> = verdicts_of(found, &found.coalition)
            .iter()
            .map(|(concept, verdict)| (name(concept), verdict_json(found, verdict)))
            .collect();
        json!({
            "parties": found.coalition.iter().map(|&p| &found.model.parties[p].id).collect::<Vec<_>>(),
            "verdicts": verdicts,
        })
    });
    let coalition_equilibria = (!found.coalition.is_empty()).then(|| {
        found
            .coalition_equilibria
            .iter()
            .map(|(concept, kept)| {
                let listed: Vec<Value> = kept
                    .iter()
                    .take(found.limit)
                    .map(|&s| state_of_found_json(found, s))
                    .collect();
                let entry = json!({
                    "count": kept.len(),
                    "states": listed,
                    "more": kept.len() > found.limit,
                });
                (name(concept), entry)
            })
            .collect::<serde_json::Map<String, Value>>()
    });
    let complete = found.stable.is_some();
    json!({
        "complete": complete,
        "states": found.states.len(),
        "concepts": found.concepts.iter().map(name).collect::<Vec<_>>(),
        "parties": found.model.parties.iter().map(|p| json!({
            "id": p.id,
            "name": p.name,
            "controls": p.controls,
        })).collect::<Vec<_>>(),
        "status_quo": {
            "state": state_of_found_json(found, sq),
            "verdicts": verdicts,
            "equilibrium": complete.then_some(status_quo_equilibrium),
            "coalition": coalition,
        },
        // Not worked out before the timeout: null, not empty.
        "equilibria": complete.then_some(equilibria),
        // With --coalition: per concept, the equilibria that hold with it acting as one.
        "coalition_equilibria": coalition_equilibria.filter(|_| complete),
        "paths": complete.then_some(paths),
    })
}
