//! `dilemmas`: the confrontation a scenario describes, read for its dilemmas.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::output::{TextOrJson, load_reporting, write_out};
use crate::model::dilemmas::{Certainty, Dilemmas, Stances, changes, dilemmas, package_words};
use crate::model::text::{json_safe, one_line_names};
use crate::model::types::Model;

pub(crate) fn run(file: &Path, format: TextOrJson, out: &mut impl Write) -> ExitCode {
    let Some(loaded) = load_reporting(file) else {
        return ExitCode::FAILURE;
    };
    let document = &loaded.document;
    let Some(confrontation) = &document.scenario.confrontation else {
        eprintln!(
            "redlines: {}: the scenario names no confrontation: give it `confrontation: (positions: \
             [...])`, each party's position and, if not its own choices, the threatened future \
             (see docs/scenario-format.md#dilemmas)",
            file.display()
        );
        return ExitCode::FAILURE;
    };
    let stances = confrontation.stances(&document.model, &document.scenario.choices);
    let found = dilemmas(&document.model, &stances);
    match format {
        TextOrJson::Text => {
            // Names from the file print as one line each.
            let model = one_line_names(&document.model);
            write_out(out, &text(&model, &stances, &found))
        }
        TextOrJson::Json => {
            let json = format!("{:#}\n", to_json(&document.model, &stances, &found));
            write_out(out, &json_safe(&json))
        }
    }
}

fn text(model: &Model, stances: &Stances, found: &Dilemmas) -> String {
    let mut t = String::from(
        "Dilemmas (confrontation analysis: Howard 1999; Bryant 2003): what undermines each \
         party's stance, from the parties' positions, the threatened future and their \
         preferences.\n\nThe threatened future (if nobody gives way): ",
    );
    t += &package_words(model, &stances.threatened);
    t += "\n";
    for (party, position) in model.parties.iter().zip(&stances.positions) {
        t += &match position {
            Some(p) => format!(
                "{}'s position: {}\n",
                party.name,
                changes(model, &stances.threatened, p)
            ),
            None => format!("{}: no position in this file\n", party.name),
        };
    }
    for line in &found.not_judged {
        t += &format!("Not judged: {line}\n");
    }
    if found.dilemmas.is_empty() {
        t += "\nNo dilemmas: no party's stance is undermined by the comparisons judged.\n";
        return t;
    }
    let certain = found
        .dilemmas
        .iter()
        .filter(|d| d.certainty == Certainty::Certain)
        .count();
    t += &format!(
        "\n{} dilemmas ({certain} certain, {} possible):\n",
        found.dilemmas.len(),
        found.dilemmas.len() - certain
    );
    for d in &found.dilemmas {
        t += &format!("\n{}: {}\n", d.kind.name(), d.sentence(model, stances));
        for (line, words) in d.why(model, stances) {
            t += &format!("  {line}\n");
            if !words.is_empty() {
                t += &format!("    {words}\n");
            }
        }
    }
    t
}

fn to_json(model: &Model, stances: &Stances, found: &Dilemmas) -> Value {
    let package = |p: &crate::model::eval::Choices| serde_json::to_value(p).unwrap_or(Value::Null);
    let id = |i: usize| model.parties[i].id.clone();
    json!({
        "threatened_future": package(&stances.threatened),
        "positions": model.parties.iter().zip(&stances.positions).map(|(p, pos)| {
            (p.id.clone(), pos.as_ref().map(package).unwrap_or(Value::Null))
        }).collect::<serde_json::Map<String, Value>>(),
        "not_judged": found.not_judged,
        "dilemmas": found.dilemmas.iter().map(|d| {
            let [(a, _), (b, _)] = d.compared(model, stances);
            json!({
                "kind": d.kind,
                "party": id(d.party),
                "towards": d.towards.map(id),
                "certainty": d.certainty,
                "sentence": d.sentence(model, stances),
                "judge": id(d.judge),
                "compared": [a, b],
                "by_preferences": d.by_preferences,
                "deciding": d.deciding(model, stances),
                "move_to": d.move_to.as_ref().map(package),
                "move": d.move_to.as_ref().map(|to| changes(model, &d.compared(model, stances)[1].1, to)),
            })
        }).collect::<Vec<_>>(),
    })
}
