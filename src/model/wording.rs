//! How an answer is put into words, the same in the window, the reports and the JSON: whose
//! words a quote is (a paraphrase is never passed off as the speaker's), and why a red line
//! breaks, holds or is uncertain, as a sentence.

use super::condition::Condition;
use super::deal_space::NeverHolds;
use super::eval::{RedLineVerdict, Verdict};
use super::types::{Basis, Model, PositionKind, RedLine, format_number, format_quantity};

/// How to cite a red line's quote honestly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// Whose words the quote is, for JSON and labels: "the speaker's own words", ...
    pub quote_is: &'static str,
    /// For `inferred`: the modeller's reading (the note), to be shown first and as prominently
    /// as the quote.
    pub reading: Option<String>,
    /// What introduces the quote, where it needs an introduction: "As the news explainer
    /// reports:", "The reading rests on this passage of the news explainer:".
    pub lead: Option<String>,
    /// `None` for an inferred line that rests on its note alone.
    pub quote: Option<String>,
    /// What follows the quote: who it is by, and for `reported` whom it is about.
    pub credit: String,
}

/// "the news explainer", from the source's kind, or its title.
fn source_name(model: &Model, red_line: &RedLine) -> String {
    red_line
        .source_id()
        .and_then(|id| model.source(id))
        .map(|s| {
            if s.kind.trim().is_empty() {
                s.title.clone()
            } else {
                format!("the {}", s.kind)
            }
        })
        .unwrap_or_else(|| "the source".to_owned())
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// "the Kremlin" inside a sentence, where the name opens with a capitalised article.
fn mid_sentence(name: &str) -> String {
    match name.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => name.to_owned(),
    }
}

pub fn citation(model: &Model, red_line: &RedLine) -> Citation {
    let source = source_name(model, red_line);
    let quote = red_line.quote().map(str::to_owned);
    let speaker = &mid_sentence(red_line.speaker_or_modeller());
    match red_line.basis {
        Basis::Stated => Citation {
            quote_is: "the speaker's own words",
            reading: None,
            lead: None,
            quote,
            credit: format!("— {}, as quoted by {source}", red_line.speaker),
        },
        Basis::Reported => Citation {
            quote_is: "the source's words about the speaker, not a quote of them",
            reading: None,
            lead: Some(format!("As {source} reports:")),
            quote,
            credit: format!(
                "— {}, about {speaker}: these are not {} own words",
                capitalised(&source),
                possessive(speaker)
            ),
        },
        Basis::Inferred => {
            let about = if red_line.speaker.trim().is_empty() {
                String::new()
            } else {
                format!(", about {speaker}")
            };
            Citation {
                quote_is: if quote.is_none() {
                    "no quote: the line rests on the modeller's note alone"
                } else if red_line.speakers_words {
                    "the speaker's own words, which the modeller reads as a red line"
                } else {
                    "the passage the modeller's reading rests on"
                },
                reading: Some(red_line.note.clone().unwrap_or_else(|| {
                    "The modeller gives no note for this reading.".to_owned()
                })),
                lead: quote.as_ref().map(|_| {
                    if red_line.speakers_words {
                        format!(
                            "The reading rests on these words of {speaker}, as {source} quotes them:"
                        )
                    } else {
                        format!("The reading rests on this passage of {source}:")
                    }
                }),
                credit: if red_line.speakers_words {
                    format!("— {}, as quoted by {source}", red_line.speaker)
                } else {
                    format!("— {}{about}", capitalised(&source))
                },
                quote,
            }
        }
    }
}

/// "“Including operations inside Ukraine” for European multinational Ukraine force", for each
/// deciding pick, joined as a list.
fn picks(verdict: &RedLineVerdict) -> String {
    let parts: Vec<String> = verdict
        .because
        .iter()
        .map(|b| format!("“{}” for {}", b.pick, b.position_title))
        .collect();
    list(&parts)
}

fn titles(model: &Model, ids: &[String]) -> String {
    let names: Vec<String> = ids
        .iter()
        .map(|id| model.position(id).map_or(id.clone(), |p| p.title.clone()))
        .collect();
    list(&names)
}

/// "break or hold", "break or be uncertain", "break, hold or be uncertain".
fn could_be(verdicts: &[Verdict]) -> String {
    let words: Vec<String> = [
        (Verdict::Breaks, "break"),
        (Verdict::Holds, "hold"),
        (Verdict::Uncertain, "be uncertain"),
    ]
    .into_iter()
    .filter(|(v, _)| verdicts.contains(v))
    .map(|(_, w)| w.to_owned())
    .collect();
    if words.len() < 2 {
        "break or hold".to_owned()
    } else {
        joined(&words, "or")
    }
}

/// What a package is called once its choices differ from its file's: the file's title and
/// summary were written for the file's choices, so they are named as its, not the package's.
pub const CHANGED_PACKAGE: &str = "Custom package, based on:";

/// The title for a package: the file's own, or, with `changed` choices, said to be based on it.
pub fn package_title(title: &str, changed: bool) -> String {
    if changed {
        format!("{CHANGED_PACKAGE} {title}")
    } else {
        title.to_owned()
    }
}

/// "1 broken, 2 uncertain, 3 holding": what each count counts, the same words everywhere.
pub fn counts(breaks: usize, uncertain: usize, holds: usize) -> String {
    format!("{breaks} broken, {uncertain} uncertain, {holds} holding")
}

/// "officials'" and "Russia's".
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// Why a red line has its verdict, as a sentence, reason first.
pub fn why(model: &Model, red_line: &RedLine, verdict: &RedLineVerdict) -> String {
    let picks = picks(verdict);
    match verdict.verdict {
        Verdict::Uncertain if !verdict.unaddressed.is_empty() => format!(
            "Uncertain: the package does not address {}, and this red line depends on {}: it \
             could {} depending on what the package would say there.",
            titles(model, &verdict.unaddressed),
            if verdict.unaddressed.len() == 1 {
                "it"
            } else {
                "them"
            },
            could_be(&verdict.could_be)
        ),
        Verdict::Uncertain => {
            let reason = red_line
                .note
                .clone()
                .unwrap_or_else(|| "The source leaves this open.".to_owned());
            if picks.is_empty() {
                format!("Uncertain: {reason}")
            } else {
                format!("Uncertain: {reason} (The package picks {picks}.)")
            }
        }
        Verdict::Breaks if picks.is_empty() => "Breaks in every package.".to_owned(),
        Verdict::Breaks => format!("Breaks, because the package picks {picks}."),
        Verdict::Holds if picks.is_empty() => "Holds in every package.".to_owned(),
        Verdict::Holds => format!("Holds: the package picks {picks}."),
    }
}

/// Why, in a few words for one line on a projector: "because of “Including operations
/// inside Ukraine”", "the package is silent on Security guarantees for Ukraine".
pub fn short_reason(model: &Model, verdict: &RedLineVerdict) -> String {
    let picks: Vec<String> = verdict
        .because
        .iter()
        .map(|b| format!("“{}”", b.pick))
        .collect();
    match verdict.verdict {
        Verdict::Uncertain if !verdict.unaddressed.is_empty() => format!(
            "the package is silent on {}",
            titles(model, &verdict.unaddressed)
        ),
        Verdict::Uncertain if picks.is_empty() => "the source leaves it open".to_owned(),
        Verdict::Uncertain => format!("the source leaves it open with {}", list(&picks)),
        Verdict::Breaks | Verdict::Holds if picks.is_empty() => "in every package".to_owned(),
        Verdict::Breaks => format!("because of {}", list(&picks)),
        Verdict::Holds => format!("with {}", list(&picks)),
    }
}

/// Why a red line cannot hold in any package the search covers, said plainly.
pub fn never_holds(red_line: &RedLine, why: &NeverHolds) -> String {
    match why {
        NeverHolds::AlwaysBreaks => {
            "It cannot hold in any package: it breaks whatever the package holds.".to_owned()
        }
        NeverHolds::UncertainAtBest => format!(
            "It cannot hold in any package under these settings: where it does not break it is \
             uncertain ({}), and uncertain counts as unacceptable. It could stand only if \
             uncertain red lines counted as acceptable.",
            open_question(red_line)
        ),
        NeverHolds::Pinned(pins) => format!(
            "It cannot hold in any package under these settings: with {}, no package lets it \
             hold.",
            pinned(pins)
        ),
        NeverHolds::PinnedThenUncertain(pins) => format!(
            "It cannot hold in any package under these settings: with {}, it breaks in every \
             package; without that, it would still be uncertain at best ({}), and uncertain \
             counts as unacceptable.",
            pinned(pins),
            open_question(red_line)
        ),
    }
}

/// What the source leaves open about a red line, for a sentence.
fn open_question(red_line: &RedLine) -> &str {
    red_line
        .note
        .as_deref()
        .unwrap_or("the source leaves it open")
        .trim_end_matches('.')
}

/// "Cap pinned to “No cap” and Donbas pinned to “…”".
fn pinned(pins: &[super::deal_space::Pin]) -> String {
    let pins: Vec<String> = pins
        .iter()
        .map(|p| format!("{} pinned to “{}”", p.title, p.value))
        .collect();
    list(&pins)
}

/// "a", "a and b", "a, b and c".
pub fn list(items: &[String]) -> String {
    joined(items, "and")
}

/// "a, b or c" with `conjunction` "or".
fn joined(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// A condition as a sentence: "Donbas arrangement is Russian control, or U.S. troops in
/// Ukraine is U.S. troops present". Unknown ids are shown as written, so a condition being
/// built still reads.
pub fn condition_sentence(model: &Model, condition: &Condition) -> String {
    sentence(model, condition, false)
}

fn sentence(model: &Model, condition: &Condition, nested: bool) -> String {
    let title = |p: &str| model.position(p).map_or(p, |p| p.title.as_str()).to_owned();
    let option = |p: &str, o: &str| {
        model
            .position(p)
            .and_then(|p| p.option(o))
            .map_or(o, |o| o.label.as_str())
            .to_owned()
    };
    let number = |p: &str, x: f64| match model.position(p).map(|p| &p.kind) {
        Some(PositionKind::Number(spec)) => format_quantity(x, &spec.unit),
        _ => format_number(x),
    };
    let group = |text: String, many: bool| {
        if nested && many {
            format!("({text})")
        } else {
            text
        }
    };
    let parts =
        |cs: &[Condition]| -> Vec<String> { cs.iter().map(|c| sentence(model, c, true)).collect() };
    match condition {
        Condition::Is(p, o) => format!("{} is {}", title(p), option(p, o)),
        Condition::OneOf(p, os) => {
            let labels: Vec<String> = os.iter().map(|o| option(p, o)).collect();
            format!("{} is {}", title(p), joined(&labels, "or"))
        }
        Condition::OptionAtLeast(p, o) => {
            format!(
                "{} is {} or an option listed after it",
                title(p),
                option(p, o)
            )
        }
        Condition::OptionAtMost(p, o) => {
            format!(
                "{} is {} or an option listed before it",
                title(p),
                option(p, o)
            )
        }
        Condition::Below(p, x) => format!("{} is below {}", title(p), number(p, *x)),
        Condition::AtLeast(p, x) => {
            let no_limit = matches!(
                model.position(p).map(|p| &p.kind),
                Some(PositionKind::Number(spec)) if spec.no_limit.is_some()
            );
            format!(
                "{} is at least {}{}",
                title(p),
                number(p, *x),
                if no_limit { " (or has no limit)" } else { "" }
            )
        }
        Condition::Between(p, lo, hi) => format!(
            "{} is from {} to under {}",
            title(p),
            number(p, *lo),
            number(p, *hi)
        ),
        Condition::NoLimit(p) => format!("{} has no limit", title(p)),
        Condition::Not(c) => format!("not: {}", sentence(model, c, true)),
        Condition::All(cs) if cs.is_empty() => "always".to_owned(),
        Condition::Any(cs) if cs.is_empty() => "never".to_owned(),
        Condition::All(cs) => group(parts(cs).join(", and "), cs.len() > 1),
        Condition::Any(cs) => group(parts(cs).join(", or "), cs.len() > 1),
        Condition::AtLeastOf(n, cs) => {
            group(format!("at least {n} of: {}", parts(cs).join("; ")), true)
        }
        Condition::AtMostOf(n, cs) => {
            group(format!("at most {n} of: {}", parts(cs).join("; ")), true)
        }
    }
}

/// A problem as the model editor says it: where, in words ("Red line 2 “Night buses”, its
/// source"), and what; and, as a detail, the path and any note on the file's syntax.
pub fn problem_in_words(model: &Model, problem: &super::Problem) -> (String, String) {
    // The file's names for a condition's kinds, as the picker says them.
    let message = one_line_message(&problem.message)
        .replace("empty Any:", "an empty “any of”:")
        .replace("empty All:", "an empty “all of”:");
    let (what, syntax) = match message.split_once(" (in a file: ") {
        Some((what, syntax)) => (
            what.to_owned(),
            Some(syntax.trim_end_matches(')').to_owned()),
        ),
        None => (message, None),
    };
    let warning = if problem.is_error() { "" } else { "warning: " };
    let (place, path) = match &problem.location {
        super::Location::Field(path) => (place_in_words(model, path), Some(path.clone())),
        _ => (String::new(), None),
    };
    let words = if place.is_empty() {
        let mut words = format!("{warning}{what}");
        if let Some(first) = words.get(..1) {
            words.replace_range(..1, &first.to_uppercase());
        }
        words
    } else {
        format!("{warning}{place}: {what}")
    };
    let mut detail = Vec::new();
    if let Some(path) = path {
        detail.push(format!("At {path}"));
    }
    if let Some(syntax) = syntax {
        detail.push(format!("In a file: {syntax}"));
    }
    (words, detail.join(". "))
}

fn one_line_message(message: &str) -> String {
    super::text::one_line(message).into_owned()
}

/// `model.red_lines[night_buses].source` as "Red line 2 “Night buses”, its source": each item
/// by its number and name where the model has it, each field in words.
pub fn place_in_words(model: &Model, path: &str) -> String {
    let path = path.strip_prefix("model").unwrap_or(path);
    let mut words: Vec<String> = Vec::new();
    let mut position: Option<&super::Position> = None;
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, Some(rest.trim_end_matches(']'))),
            None => (segment, None),
        };
        // Numbered as the editor numbers them, and named: two items may share a name.
        let numbered = |kind: &str, n: Option<usize>, name: Option<&str>| match (n, name) {
            (Some(n), Some(name)) => format!("{kind} {} “{name}”", n + 1),
            (Some(n), None) => format!("{kind} {}", n + 1),
            (None, _) => format!("{kind} “{}”", index.unwrap_or_default()),
        };
        let item = index.map(|id| match name {
            "parties" => {
                let n = model.parties.iter().position(|p| p.id == id);
                numbered("Party", n, n.map(|n| model.parties[n].name.as_str()))
            }
            "positions" => {
                let n = model.positions.iter().position(|p| p.id == id);
                position = n.map(|n| &model.positions[n]);
                numbered("Position", n, position.map(|p| p.title.as_str()))
            }
            "options" => {
                let options = match position.map(|p| &p.kind) {
                    Some(super::PositionKind::Choice { options, .. }) => options.as_slice(),
                    _ => &[],
                };
                let n = options.iter().position(|o| o.id == id);
                numbered("option", n, n.map(|n| options[n].label.as_str()))
            }
            "red_lines" => {
                let n = model.red_lines.iter().position(|r| r.id == id);
                numbered("Red line", n, n.map(|n| model.red_lines[n].title.as_str()))
            }
            "sources" => {
                let n = model.sources.iter().position(|s| s.id == id);
                numbered("Source", n, n.map(|n| model.sources[n].title.as_str()))
            }
            _ => format!("{} {}", field_words(name), id),
        });
        match item {
            Some(item) => words.push(item),
            None => words.push(format!("its {}", field_words(name))),
        }
    }
    if words.is_empty() {
        "The model".to_owned()
    } else {
        words.join(", ")
    }
}

/// A field's name in words: "breaks_when" as "condition for breaking".
fn field_words(name: &str) -> String {
    match name {
        "breaks_when" => "condition for breaking".to_owned(),
        "uncertain_when" => "condition for being uncertain".to_owned(),
        "backed_by" => "backers".to_owned(),
        "not_addressed" => "“not addressed” option".to_owned(),
        "no_limit" => "“no limit”".to_owned(),
        // A condition's parts, by the words the picker gives them.
        "Any" => "“any of”".to_owned(),
        "All" => "“all of”".to_owned(),
        "Not" => "“not”".to_owned(),
        "AtLeastOf" => "“at least N of”".to_owned(),
        "AtMostOf" => "“at most N of”".to_owned(),
        other => other.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, evaluate};

    #[test]
    fn a_paraphrase_is_credited_to_the_source_not_the_speaker() {
        let doc = Document::new_bundled();
        let model = &doc.model;
        let kremlin = model.red_line("ru_no_nato_personnel").expect("line");
        let c = citation(model, kremlin);
        assert_eq!(c.lead.as_deref(), Some("As the news explainer reports:"));
        assert!(c.credit.contains("not the Kremlin's own words"), "{c:?}");
        let peskov = model.red_line("ru_no_respite_ceasefire").expect("line");
        assert!(citation(model, peskov).credit.contains("Peskov"));
        let inferred = model.red_line("ua_accountability").expect("line");
        assert!(citation(model, inferred).reading.is_some());
    }

    #[test]
    fn the_why_is_a_sentence() {
        let doc = Document::new_bundled();
        let mut choices = doc.scenario.choices.clone();
        choices.insert(
            "multinational_force".into(),
            crate::model::Pick::Option("inside_ukraine".into()),
        );
        let evaluation = evaluate(&doc.model, &choices);
        let line = doc.model.red_line("ru_no_nato_personnel").expect("line");
        let verdict = evaluation
            .verdict_of("ru_no_nato_personnel")
            .expect("verdict");
        assert_eq!(
            why(&doc.model, line, verdict),
            "Breaks, because the package picks “Including operations inside Ukraine” for \
             European multinational Ukraine force."
        );
    }
}
