//! The commands about files as such: `check`, `format`, `generate-model`, `model`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::TextOrJson;
use super::output::{load_briefing_reporting, load_reporting, report_error, write_out};
use crate::model::ModelRef;
use crate::model::bundled;
use crate::model::format::lexer::count_comments;
use crate::model::format::{parse_scenario, save_text};
use crate::model::generate::{Shape, give_controls, synthetic_scenario};
use crate::model::io::{format_problem, is_briefing, write_file};
use crate::model::text::one_line;
use crate::model::types::format_number;

pub(crate) fn check(files: &[PathBuf]) -> ExitCode {
    let mut all_valid = true;
    for file in files {
        let valid = if is_briefing(file) {
            load_briefing_reporting(file).is_some()
        } else {
            load_reporting(file).is_some()
        };
        // Said, not left to the exit code: silence reads as "did it run?".
        if valid {
            println!("{}: valid", one_line(&file.to_string_lossy()));
        }
        all_valid &= valid;
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub(crate) fn format_files(files: &[PathBuf], check_only: bool, force: bool) -> ExitCode {
    let mut ok = true;
    for file in files {
        let Some(loaded) = load_reporting(file) else {
            ok = false;
            continue;
        };
        let name = one_line(&file.to_string_lossy()).into_owned();
        let canonical = match save_text(&loaded.document.scenario, None) {
            // A byte-order mark is the file's encoding, not its layout: it stays.
            Ok(saved) if loaded.text.starts_with('\u{feff}') => format!("\u{feff}{}", saved.text),
            Ok(saved) => saved.text,
            Err(problem) => {
                eprintln!("{}", format_problem(file, &problem));
                ok = false;
                continue;
            }
        };
        if *loaded.text == canonical {
            continue;
        }
        let comments = count_comments(&loaded.text);
        let comments_words = match comments {
            1 => "1 comment".to_owned(),
            n => format!("{n} comments"),
        };
        if check_only {
            let advice = if comments > 0 {
                format!("its {comments_words} would be removed by `redlines format --force`")
            } else {
                "run `redlines format` on it".to_owned()
            };
            eprintln!("{name}: not in canonical form; {advice}");
            ok = false;
        } else if comments > 0 && !force {
            eprintln!(
                "{name}: has {comments_words}, which the canonical layout would remove; nothing was \
                 changed. Run `redlines format --force` to format it anyway"
            );
            ok = false;
        } else if let Err(e) = write_file(file, canonical.as_bytes()) {
            report_error(&e);
            ok = false;
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A synthetic scenario as text, checked the way `check` would: never one we would refuse.
pub(crate) fn generate(
    shape: Shape,
    controls: usize,
    preferences: usize,
) -> Result<String, Vec<String>> {
    if shape.positions == 0 || shape.options == 0 || shape.parties == 0 {
        return Err(vec![
            "--positions, --options and --parties must each be at least 1".to_owned(),
        ]);
    }
    let mut scenario = synthetic_scenario(shape);
    if let ModelRef::Inline(model) = &mut scenario.model {
        give_controls(
            std::sync::Arc::make_mut(model),
            controls,
            preferences,
            shape.seed,
        );
    }
    let text = save_text(&scenario, None)
        .map_err(|p| vec![p.to_string()])?
        .text;
    if let Err(problems) = parse_scenario(&text) {
        return Err(problems.iter().map(ToString::to_string).collect());
    }
    Ok(text)
}

pub(crate) fn print_model(
    file: Option<&Path>,
    format: TextOrJson,
    out: &mut impl Write,
) -> ExitCode {
    let model = match file {
        Some(path) => match load_reporting(path) {
            Some(loaded) => loaded.document.model,
            None => return ExitCode::FAILURE,
        },
        None => bundled::default_model(),
    };
    let text = match format {
        TextOrJson::Json => {
            let json = serde_json::to_string_pretty(&*model).unwrap_or_default();
            crate::model::text::json_safe(&json).into_owned() + "\n"
        }
        TextOrJson::Text => {
            let t = |s: &str| one_line(s).into_owned();
            let mut s = format!(
                "{} ({} version {})\n{}\n\nParties:\n",
                t(&model.title),
                t(&model.id),
                model.version,
                crate::model::text::multi_line(&model.description)
            );
            for p in &model.parties {
                s += &format!("  {:<4} {}\n", t(&p.short), t(&p.name));
            }
            s += "\nPositions:\n";
            for p in &model.positions {
                s += &format!("  {}: {}\n", t(&p.id), t(&p.title));
                match &p.kind {
                    crate::model::PositionKind::Choice { options, .. } => {
                        for o in options {
                            let silent = if o.not_addressed {
                                " (not addressed)"
                            } else {
                                ""
                            };
                            s += &format!("      {}: {}{silent}\n", t(&o.id), t(&o.label));
                        }
                    }
                    crate::model::PositionKind::Number(spec) => {
                        let unit = if spec.unit.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", t(&spec.unit))
                        };
                        s += &format!(
                            "      from {} to {}{unit}, in steps of {}\n",
                            format_number(spec.min),
                            format_number(spec.max),
                            format_number(spec.step)
                        );
                        if let Some(label) = &spec.no_limit {
                            s += &format!("      or no limit: {}\n", t(label));
                        }
                        if let Some(label) = &spec.not_addressed {
                            s += &format!("      or not addressed: {}\n", t(label));
                        }
                    }
                }
            }
            s += "\nRed lines:\n";
            for r in &model.red_lines {
                s += &format!(
                    "  {} [{}] {} ({}, {})\n",
                    t(&r.id),
                    t(&r.party),
                    t(&r.title),
                    r.basis.as_str(),
                    t(&r.speaker)
                );
            }
            s
        }
    };
    write_out(out, &text)
}
