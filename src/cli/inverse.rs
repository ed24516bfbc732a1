//! `redlines stability --inverse PARTY`: which rankings of a party's make a package an
//! equilibrium (the inverse question of GMCR), in text or JSON.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::explore::parse_pick;
use super::output::{TextOrJson, load_reporting, write_out};
use super::stability::{StabilityOptions, state_json};
use crate::model::deal_space::Control;
use crate::model::eval::Choices;
use crate::model::stability::inverse::{self, Formula, MAX_RANKINGS};
use crate::model::stability::{Concept, MAX_STATES, States, conflict_within};
use crate::model::types::{Model, format_number};

/// What the inverse question found, per concept.
struct Answer {
    concept: Concept,
    count: Option<u64>,
    equilibrium_now: bool,
    /// For one varied party: the exact condition (`None` where it is not worded).
    condition: Option<Formula>,
    /// For one varied party: the fewest swaps of neighbours in its ranking.
    nearest: Option<Vec<(usize, usize)>>,
    /// For one varied party with prioritization statements: the nearest reordering, in words.
    statements: Option<String>,
}

pub fn inverse(file: &Path, options: &StabilityOptions, out: &mut impl Write) -> ExitCode {
    let Some(loaded) = load_reporting(file) else {
        return ExitCode::FAILURE;
    };
    let model = &loaded.document.model;
    let fail = |why: String| {
        eprintln!("redlines: {}: {why}", file.display());
        ExitCode::FAILURE
    };
    let varied = match parties_of(model, &options.inverse) {
        Ok(v) => v,
        Err(why) => return fail(why),
    };
    let status_quo = &loaded.document.scenario.choices;
    let wanted = match with_picks(model, status_quo, &options.set) {
        Ok(c) => c,
        Err(why) => return fail(why),
    };
    let control = Control::default();
    let (conflict, states) = match conflict_within(
        model,
        status_quo,
        options.allow_unaddressed,
        MAX_STATES,
        &control,
    ) {
        Ok(found) => found,
        Err(e) => return fail(e.to_string()),
    };
    let (Some(sq), Some(state)) = (states.state_of(status_quo), states.state_of(&wanted)) else {
        return fail("the package is one the model says cannot happen (infeasible)".into());
    };
    let mut concepts = options.concepts.clone();
    concepts.sort();
    concepts.dedup();
    let counted = inverse::count(&conflict, state, &varied, &concepts);
    let one = (varied.len() == 1).then(|| varied[0]);
    let answers: Vec<Answer> = concepts
        .iter()
        .enumerate()
        .map(|(k, &concept)| Answer {
            concept,
            count: counted.as_ref().map(|(_, counts)| counts[k]),
            equilibrium_now: (0..conflict.parties.len())
                .all(|p| conflict.verdict(p, state, concept).stable),
            condition: one.and_then(|p| inverse::condition(&conflict, state, p, concept)),
            nearest: one.and_then(|p| inverse::nearest(&conflict, state, p, concept)),
            statements: one.and_then(|p| {
                let party = &model.parties[p];
                let said = inverse::statements_of(model, party);
                inverse::statements_line(&conflict, state, (p, &party.name), &said, concept)
            }),
        })
        .collect();
    let found = Found {
        model,
        states: &states,
        status_quo: sq,
        state,
        varied: &varied,
        rankings: counted.map(|(total, _)| total),
        answers,
    };
    match options.format {
        TextOrJson::Text => {
            let safe = crate::model::text::one_line_names(model);
            write_out(
                out,
                &text(&Found {
                    model: &safe,
                    ..found
                }),
            )
        }
        TextOrJson::Json => {
            let json = format!("{:#}\n", to_json(&found));
            write_out(out, &crate::model::text::json_safe(&json))
        }
    }
}

struct Found<'a> {
    model: &'a Model,
    states: &'a States,
    status_quo: usize,
    state: usize,
    varied: &'a [usize],
    /// How many combinations of rankings were tried; `None` past [`MAX_RANKINGS`].
    rankings: Option<u64>,
    answers: Vec<Answer>,
}

/// The varied parties, as indices: each id known, none twice.
fn parties_of(model: &Model, ids: &[String]) -> Result<Vec<usize>, String> {
    let mut varied = Vec::new();
    for id in ids.iter().map(|id| id.trim()) {
        let Some(index) = model.parties.iter().position(|p| p.id == id) else {
            let known: Vec<&str> = model.parties.iter().map(|p| p.id.as_str()).collect();
            return Err(format!(
                "--inverse: no party {id:?} (the model's parties: {})",
                known.join(", ")
            ));
        };
        if varied.contains(&index) {
            return Err(format!("--inverse: party {id:?} is named twice"));
        }
        varied.push(index);
    }
    Ok(varied)
}

/// The scenario's choices with `picks` (`POSITION=VALUE`, as `explore --lock` takes) changed.
fn with_picks(model: &Model, choices: &Choices, picks: &[String]) -> Result<Choices, String> {
    let mut wanted = choices.clone();
    for pick in picks {
        let (position, chosen) = parse_pick(model, "--set", pick)?;
        wanted.insert(position, chosen);
    }
    Ok(wanted)
}

fn party_names(found: &Found, parties: impl Iterator<Item = usize>) -> String {
    let names: Vec<&str> = parties
        .map(|p| found.model.parties[p].name.as_str())
        .collect();
    names.join(" and ")
}

fn text(found: &Found) -> String {
    let varied = party_names(found, found.varied.iter().copied());
    let fixed = party_names(
        found,
        (0..found.model.parties.len()).filter(|p| !found.varied.contains(p)),
    );
    let name = |s: usize| {
        format!(
            "“{}”",
            found.states.describe(found.model, found.status_quo, s)
        )
    };
    let mut t = format!(
        "Inverse stability: which rankings of {varied}'s make this package an equilibrium?\n\
         The package: {}\n",
        found
            .states
            .describe(found.model, found.status_quo, found.state)
    );
    let n = found.states.len();
    match found.rankings {
        Some(total) if found.varied.len() == 1 => {
            t += &format!(
                "Tried: all {} strict rankings of the {n} states by {varied}",
                format_number(total as f64)
            );
        }
        Some(total) => {
            t += &format!(
                "Tried: all {} combinations of strict rankings of the {n} states by {varied}",
                format_number(total as f64)
            );
        }
        None => {
            t += &format!(
                "Not counted: {varied}'s strict rankings of {n} states are more than {} to try",
                format_number(MAX_RANKINGS as f64)
            );
        }
    }
    if !fixed.is_empty() {
        t += &format!("; {fixed}'s as the model gives");
    }
    t += ".\n";
    for answer in &found.answers {
        t += &format!("\n{}", answer.concept.name());
        t += &match answer.count {
            Some(count) => format!(
                ": {} of {} rankings make it an equilibrium",
                format_number(count as f64),
                format_number(found.rankings.unwrap_or_default() as f64)
            ),
            None => String::new(),
        };
        t += if answer.equilibrium_now {
            " (it is one now).\n"
        } else {
            " (it is not one now).\n"
        };
        if let [party] = found.varied {
            let party_name = &found.model.parties[*party].name;
            match &answer.condition {
                Some(condition @ (Formula::True | Formula::False)) => {
                    t += &format!("  Condition: {}.\n", condition.words(party_name, &name));
                }
                Some(condition) => {
                    t += &format!("  Condition: {party_name} must, all of:\n");
                    for clause in condition.clauses(&name) {
                        t += &format!("    • {clause}\n");
                    }
                }
                None => {
                    t += "  Condition: not worded for SEQ with three parties or more (another \
                          party's answer may be a sequence of several parties' improvements); \
                          the count above is exact.\n";
                }
            }
            t += &match &answer.nearest {
                Some(swaps) => format!(
                    "  Nearest change: {}.\n",
                    inverse::swaps_words(&format!("{party_name}'s ranking"), swaps, &name)
                ),
                None if n > inverse::MAX_NEAREST_STATES => format!(
                    "  Nearest change: not searched past {} states.\n",
                    inverse::MAX_NEAREST_STATES
                ),
                None if answer.condition == Some(Formula::False) => String::new(),
                None => format!("  Nearest change: none: no ranking of {party_name}'s will do.\n"),
            };
            if let Some(line) = &answer.statements {
                t += &format!("  {line}\n");
            }
        }
    }
    if found.varied.len() == 1 {
        t += "\nA ranking here is strict (no two states alike); the current ranking breaks ties \
              by the states' order. Each swap exchanges two states next to each other in it.\n";
    }
    t
}

fn formula_json(found: &Found, formula: &Formula) -> Value {
    let state = |s: usize| state_json(found.model, found.states, s);
    match formula {
        Formula::True => json!(true),
        Formula::False => json!(false),
        Formula::Above(a, b) => json!({ "above": [state(*a), state(*b)] }),
        Formula::All(parts) => {
            json!({ "all": parts.iter().map(|p| formula_json(found, p)).collect::<Vec<_>>() })
        }
        Formula::Any(parts) => {
            json!({ "any": parts.iter().map(|p| formula_json(found, p)).collect::<Vec<_>>() })
        }
    }
}

fn to_json(found: &Found) -> Value {
    let state = |s: usize| state_json(found.model, found.states, s);
    let name = |s: usize| {
        format!(
            "“{}”",
            found.states.describe(found.model, found.status_quo, s)
        )
    };
    let one = match found.varied {
        [party] => Some(&found.model.parties[*party].name),
        _ => None,
    };
    let concepts: serde_json::Map<String, Value> = found
        .answers
        .iter()
        .map(|a| {
            let condition = a.condition.as_ref();
            let value = json!({
                "count": a.count,
                "equilibrium_now": a.equilibrium_now,
                "condition": condition.map(|c| formula_json(found, c)),
                "condition_text": condition.zip(one).map(|(c, party)| c.words(party, &name)),
                "nearest_statements": a.statements,
                "nearest": a.nearest.as_ref().map(|swaps| swaps
                    .iter()
                    .map(|&(up, over)| json!({ "up": state(up), "over": state(over) }))
                    .collect::<Vec<_>>()),
            });
            (a.concept.name().to_ascii_lowercase(), value)
        })
        .collect();
    json!({
        "package": state(found.state),
        "package_is_status_quo": found.state == found.status_quo,
        "varied": found.varied.iter().map(|&p| found.model.parties[p].id.clone()).collect::<Vec<_>>(),
        "states": found.states.len(),
        "rankings": found.rankings,
        "concepts": concepts,
    })
}
