//! Text from a file, made safe to print: control characters, line and paragraph separators and
//! bidirectional overrides are written as escapes, so a hostile id cannot split an error message
//! or send commands to the terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters a terminal would act on or that reorder text invisibly.
fn needs_escape(c: char, keep_newlines: bool) -> bool {
    (c.is_control() && !(keep_newlines && matches!(c, '\n' | '\t')))
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_escape(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' if !keep_newlines => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' if !keep_newlines => out.push_str("\\t"),
            c if needs_escape(c, keep_newlines) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The most characters a message quotes from a file: a hostile file's megabyte-long id or quote
/// would otherwise cost the app gigabytes to lay out, and nobody reads it.
pub const MAX_QUOTED_CHARS: usize = 1_000;

/// `s`, or where it is longer than `max` characters, its start and end with what was left out
/// said in between.
pub fn cut(s: &str, max: usize) -> Cow<'_, str> {
    let chars = s.chars().count();
    if chars <= max {
        return Cow::Borrowed(s);
    }
    let tail = max / 4;
    let head = max - tail;
    let start: String = s.chars().take(head).collect();
    let end: String = s.chars().skip(chars - tail).collect();
    Cow::Owned(format!(
        "{start} … ({} characters left out) … {end}",
        super::types::format_number((chars - head - tail) as f64)
    ))
}

/// For ids, titles, names and messages: one printed line, whatever the text holds.
pub fn one_line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A copy of `model` whose names, titles, labels and units print as one line each, for text
/// that is assembled from them and printed on a terminal (the stability analysis's wording).
pub fn one_line_names(model: &super::types::Model) -> super::types::Model {
    use super::types::PositionKind;
    let fix = |s: &mut String| {
        if let Cow::Owned(safe) = one_line(s) {
            *s = safe;
        }
    };
    let mut model = model.clone();
    fix(&mut model.title);
    for party in &mut model.parties {
        fix(&mut party.name);
        fix(&mut party.short);
    }
    for position in &mut model.positions {
        fix(&mut position.title);
        match &mut position.kind {
            PositionKind::Choice { options, .. } => {
                for option in options {
                    fix(&mut option.label);
                }
            }
            PositionKind::Number(spec) => {
                fix(&mut spec.unit);
                if let Some(no_limit) = &mut spec.no_limit {
                    fix(no_limit);
                }
            }
        }
    }
    for red_line in &mut model.red_lines {
        fix(&mut red_line.title);
        fix(&mut red_line.speaker);
    }
    model
}

/// For notes and summaries: line breaks stay, everything else is escaped as in [`one_line`].
pub fn multi_line(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// JSON text with the same characters written as `\uXXXX` escapes: still the same JSON to any
/// reader, and inert on a terminal. (serde_json escapes only C0 controls.)
pub fn json_safe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(|c| needs_escape(c, true)) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if needs_escape(c, true) {
            // Every such character is in the Basic Multilingual Plane: one escape each.
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        assert_eq!(one_line("plain – ünïcode"), "plain – ünïcode");
        assert_eq!(one_line("a\nb\u{1b}[2J\u{7}"), "a\\nb\\u{1b}[2J\\u{7}");
        assert_eq!(one_line("x\u{2028}y\u{202e}z"), "x\\u{2028}y\\u{202e}z");
        assert_eq!(multi_line("a\nb\u{1b}c\r"), "a\nb\\u{1b}c\\r");
    }

    #[test]
    fn long_text_is_cut_in_the_middle_and_says_so() {
        assert_eq!(cut("short", 10), "short");
        let long = format!("{}{}", "a".repeat(5_000), "z".repeat(10));
        let cut_text = cut(&long, 100);
        assert!(cut_text.starts_with(&"a".repeat(75)), "{cut_text}");
        assert!(cut_text.ends_with(&format!("{}{}", "a".repeat(15), "z".repeat(10))));
        assert!(
            cut_text.contains("(4,910 characters left out)"),
            "{cut_text}"
        );
        assert!(cut_text.chars().count() < 150);
    }

    #[test]
    fn json_stays_json_and_inert() {
        let value = serde_json::json!({"t": "a\u{9b}31m\u{2028}b\u{7f}"});
        let text = serde_json::to_string(&value).expect("json");
        let safe = json_safe(&text);
        assert!(safe.chars().all(|c| !c.is_control()), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still json");
        assert_eq!(back, value);
    }
}
