//! Saving into a file's existing text: only the values that changed are rewritten, so the user's
//! comments, layout and field order survive a save. The result is parsed again and must equal
//! the scenario; where the text is not plain enough to patch, the caller writes it anew.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::lexer::{Field, Fields, Reader, count_comments};
use super::{BOM, canonical_config, ron_options};
use crate::model::scenario::{ModelRef, Scenario};

/// The new text, and how many of the base's comments it no longer has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patched {
    pub text: String,
    pub comments_dropped: usize,
}

/// Fields in the order a canonical file writes them; new fields go after their predecessor.
const ORDER: [&str; 7] = [
    "format_version",
    "title",
    "summary",
    "author",
    "model",
    "choices",
    "notes",
];

/// The replacements to make to one text: (range, new text), never overlapping.
pub(super) struct Edits<'a> {
    body: &'a str,
    edits: Vec<(Range<usize>, String)>,
    dropped: usize,
}

impl<'a> Edits<'a> {
    pub(super) fn new(body: &'a str) -> Self {
        Edits {
            body,
            edits: Vec::new(),
            dropped: 0,
        }
    }

    pub(super) fn body(&self) -> &'a str {
        self.body
    }

    pub(super) fn replace(&mut self, range: Range<usize>, text: String) {
        self.dropped += count_comments(&self.body[range.clone()]);
        self.edits.push((range, text));
    }

    pub(super) fn line_start(&self, offset: usize) -> usize {
        self.body[..offset].rfind('\n').map_or(0, |i| i + 1)
    }

    pub(super) fn line_end(&self, offset: usize) -> usize {
        self.body[offset..]
            .find('\n')
            .map_or(self.body.len(), |i| offset + i)
    }

    pub(super) fn indent_at(&self, offset: usize) -> &'a str {
        let start = self.line_start(offset);
        let line = &self.body[start..];
        &line[..line.len() - line.trim_start().len()]
    }

    /// `value` serialized as a canonical file writes it, indented to sit at `offset`.
    fn value_text<T: Serialize>(&self, value: &T, offset: usize) -> Option<String> {
        let text = ron_options()
            .to_string_pretty(value, canonical_config())
            .ok()?;
        Some(indent_lines(&text, self.indent_at(offset)))
    }

    /// Writes `name: value,` as a new entry after `field`: on its own line when `field` ends its
    /// line (a trailing `//` comment stays with `field`), else inline.
    pub(super) fn insert_after(&mut self, field: &Field, name: &str, value: &str) {
        let entry = format!("{name}: {value}");
        self.insert_entry_after(field.name_span.start, field.value.end, field.comma, &entry);
    }

    /// Writes `entry,` after the entry starting at `start`, whose value ends at `end` and whose
    /// comma (if any) is at `comma`: a field, or an item of a list.
    pub(super) fn insert_entry_after(
        &mut self,
        start: usize,
        end: usize,
        comma: Option<usize>,
        entry: &str,
    ) {
        let indent = self.indent_at(start).to_owned();
        let Some(comma) = comma else {
            self.edits.push((end..end, format!(", {entry}")));
            return;
        };
        let after = comma + 1;
        let end = self.line_end(after);
        let rest = self.body[after..end].trim();
        if rest.is_empty() || (rest.starts_with("//") && !rest[2..].contains("*/")) {
            let text = if end == self.body.len() {
                format!("\n{indent}{entry},")
            } else {
                format!("{indent}{entry},\n")
            };
            let at = (end + 1).min(self.body.len());
            self.edits.push((at..at, text));
        } else {
            self.edits.push((after..after, format!(" {entry},")));
        }
    }

    /// Writes `name: value,` as a new entry before `field`.
    fn insert_before(&mut self, field: &Field, name: &str, value: &str) {
        self.insert_entry_before(field.name_span.start, &format!("{name}: {value}"));
    }

    /// Writes `entry,` before the entry starting at `first`, above the `//` comment lines that
    /// sit right over it and so belong to it.
    pub(super) fn insert_entry_before(&mut self, first: usize, entry: &str) {
        let mut start = self.line_start(first);
        if !self.body[start..first].trim().is_empty() {
            self.edits.push((first..first, format!("{entry}, ")));
            return;
        }
        let indent = self.indent_at(start).to_owned();
        while start > 0 {
            let above = self.line_start(start - 1);
            if !self.body[above..start].trim_start().starts_with("//") {
                break;
            }
            start = above;
        }
        self.edits
            .push((start..start, format!("{indent}{entry},\n")));
    }

    /// Removes a field, with its line when it is alone on it.
    pub(super) fn remove(&mut self, field: &Field) {
        self.remove_entry(field.entry());
    }

    /// Removes the entry (value and comma) at `range`, with its line when it is alone on it.
    pub(super) fn remove_entry(&mut self, mut range: Range<usize>) {
        let start = self.line_start(range.start);
        let end = self.line_end(range.end);
        if self.body[start..range.start].trim().is_empty()
            && self.body[range.end..end].trim().is_empty()
        {
            range = start..(end + 1).min(self.body.len());
        }
        self.replace(range, String::new());
    }

    /// The patched text; `None` if two edits overlap, which would make it ambiguous.
    pub(super) fn apply(mut self) -> Option<(String, usize)> {
        self.edits.sort_by_key(|(range, _)| range.start);
        let mut out = String::with_capacity(self.body.len());
        let mut at = 0;
        for (range, text) in &self.edits {
            out.push_str(self.body.get(at..range.start)?);
            out.push_str(text);
            at = range.end;
        }
        out.push_str(&self.body[at..]);
        Some((out, self.dropped))
    }
}

/// `text` with `indent` after each line break, except line breaks inside string literals, whose
/// content must stay exactly as it is.
pub(super) fn indent_lines(text: &str, indent: &str) -> String {
    let strings: Vec<std::ops::Range<usize>> = super::lexer::tokens(text)
        .into_iter()
        .filter(|t| t.kind == super::lexer::Kind::Str)
        .map(|t| t.span)
        .collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        out.push(c);
        if c == '\n' && !strings.iter().any(|s| s.contains(&i)) {
            out.push_str(indent);
        }
    }
    out
}

/// Makes the top-level field `name` hold `value` (`None`: the field is absent).
fn set_field(edits: &mut Edits, top: &Fields, name: &str, value: Option<&dyn ErasedValue>) {
    match (top.get(name), value) {
        (Some(field), Some(value)) => {
            let text = value.text(edits, field.value.start);
            edits.replace(field.value.clone(), text);
        }
        (Some(field), None) => edits.remove(field),
        (None, Some(value)) => {
            let position = ORDER.iter().position(|n| *n == name).unwrap_or(0);
            let before = ORDER[..position]
                .iter()
                .rev()
                .find_map(|n| top.get(n))
                .or(top.fields.last());
            match before {
                Some(before) => {
                    let text = value.text(edits, before.name_span.start);
                    edits.insert_after(before, name, &text);
                }
                None => {
                    let text = value.text(edits, top.open);
                    let at = top.open + 1;
                    edits.edits.push((at..at, format!("{name}: {text}")));
                }
            }
        }
        (None, None) => {}
    }
}

/// A value to write, whatever its type.
trait ErasedValue {
    fn text(&self, edits: &Edits, offset: usize) -> String;
}

impl<T: Serialize> ErasedValue for T {
    fn text(&self, edits: &Edits, offset: usize) -> String {
        // Serializing plain data cannot fail; an empty value would fail the final check.
        edits.value_text(self, offset).unwrap_or_default()
    }
}

/// `base` (a file's whole text) rewritten to hold `new`, changing only what differs.
/// `None` when the text is not plain enough to patch safely.
pub fn patch(base: &str, new: &Scenario) -> Option<Patched> {
    let (bom, body) = match base.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => ("", base),
    };
    let old: Scenario = ron_options().from_str(body).ok()?;
    let reader = Reader::new(body);
    let top = reader.top_level()?;
    let mut edits = Edits {
        body,
        edits: Vec::new(),
        dropped: 0,
    };
    if old.format_version != new.format_version {
        set_field(
            &mut edits,
            &top,
            "format_version",
            Some(&new.format_version),
        );
    }
    if old.title != new.title {
        set_field(&mut edits, &top, "title", Some(&new.title));
    }
    for (name, old_text, new_text) in [
        ("summary", &old.summary, &new.summary),
        ("notes", &old.notes, &new.notes),
    ] {
        if old_text != new_text {
            let absent = new_text.is_empty() && top.get(name).is_none();
            set_field(&mut edits, &top, name, (!absent).then_some(new_text));
        }
    }
    if old.author != new.author {
        let author = new.author.as_ref().map(|a| a as &dyn ErasedValue);
        set_field(&mut edits, &top, "author", author);
    }
    if old.model != new.model {
        patch_model(&mut edits, &reader, &top, &old.model, &new.model)?;
    }
    if old.choices != new.choices {
        patch_choices(&mut edits, &reader, top.get("choices")?, &old, new)?;
    }
    let (text, comments_dropped) = edits.apply()?;
    let again: Scenario = ron_options().from_str(&text).ok()?;
    (again == *new).then(|| Patched {
        text: format!("{bom}{text}"),
        comments_dropped,
    })
}

fn patch_model(
    edits: &mut Edits,
    reader: &Reader,
    top: &Fields,
    old: &ModelRef,
    new: &ModelRef,
) -> Option<()> {
    let field = top.get("model")?;
    if let (ModelRef::Bundled { id: old_id, .. }, ModelRef::Bundled { id, version }) = (old, new)
        && reader.name_of(&field.value) == Some("Bundled")
        && let Some(inner) = reader.fields_of(&field.value)
        && inner.get("id").is_some()
        && inner.get("version").is_some()
    {
        if old_id != id {
            set_field(edits, &inner, "id", Some(id));
        }
        set_field(edits, &inner, "version", Some(version));
        return Some(());
    }
    let text = new.text(edits, field.value.start);
    edits.replace(field.value.clone(), text);
    Some(())
}

fn patch_choices(
    edits: &mut Edits,
    reader: &Reader,
    field: &Field,
    old: &Scenario,
    new: &Scenario,
) -> Option<()> {
    let map = reader.fields_of(&field.value)?;
    if map.fields.is_empty() {
        let text = new.choices.text(edits, field.value.start);
        edits.replace(field.value.clone(), text);
        return Some(());
    }
    let mut written: HashMap<String, &Field> = HashMap::new();
    for entry in &map.fields {
        let key: String = ron::from_str(&entry.name).ok()?;
        if written.insert(key, entry).is_some() {
            // A key written twice: which one counts is the parser's business, not ours.
            return None;
        }
    }
    let mut keys: Vec<(&String, &Field)> = written.iter().map(|(k, f)| (k, *f)).collect();
    keys.sort_by_key(|(k, _)| *k);
    // New entries go next to entries that stay, never inside one that is removed.
    let staying: Vec<(&String, &Field)> = keys
        .iter()
        .filter(|(k, _)| new.choices.contains_key(*k))
        .copied()
        .collect();
    for (key, pick) in &new.choices {
        match written.get(key) {
            Some(entry) => {
                if old.choices.get(key) != Some(pick) {
                    let text = pick.text(edits, entry.value.start);
                    edits.replace(entry.value.clone(), text);
                }
            }
            None => {
                let name = key.text(edits, 0);
                let value = pick.text(edits, map.fields[0].name_span.start);
                match (
                    staying.iter().rev().find(|(k, _)| *k < key),
                    staying.first(),
                ) {
                    (Some((_, before)), _) => edits.insert_after(before, &name, &value),
                    (None, Some((_, after))) => edits.insert_before(after, &name, &value),
                    // Every entry goes: write the whole map anew.
                    (None, None) => return None,
                }
            }
        }
    }
    for (key, entry) in &keys {
        if !new.choices.contains_key(*key) {
            edits.remove(entry);
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::Pick;

    const BASE: &str = "// top\n(\n    format_version: 1,\n    title: \"T\", // why\n    model: Bundled(id: \"m\", version: 1),\n    choices: {\n        \"a\": Option(\"x\"),\n        // about c\n        \"c\": Value(1.0),\n    },\n)\n";

    fn base() -> Scenario {
        ron_options().from_str(BASE).expect("base parses")
    }

    #[test]
    fn nothing_changed_is_the_same_text() {
        let p = patch(BASE, &base()).expect("patches");
        assert_eq!(p.text, BASE);
    }

    #[test]
    fn choices_are_changed_inserted_in_order_and_removed() {
        let mut s = base();
        s.choices.insert("b".into(), Pick::NoLimit);
        s.choices.insert("d".into(), Pick::Value(2.0));
        s.choices.remove("a");
        let p = patch(BASE, &s).expect("patches");
        assert_eq!(
            p.text,
            "// top\n(\n    format_version: 1,\n    title: \"T\", // why\n    model: Bundled(id: \"m\", version: 1),\n    choices: {\n        \"b\": NoLimit,\n        // about c\n        \"c\": Value(1.0),\n        \"d\": Value(2.0),\n    },\n)\n"
        );
        assert_eq!(p.comments_dropped, 0);
    }

    #[test]
    fn a_bundled_version_changes_in_place() {
        let mut s = base();
        s.model = ModelRef::Bundled {
            id: "m".into(),
            version: 2,
        };
        s.notes = "n".into();
        let p = patch(BASE, &s).expect("patches");
        assert!(
            p.text
                .contains("model: Bundled(id: \"m\", version: 2),\n    choices")
        );
        assert!(
            p.text.ends_with("    },\n    notes: \"n\",\n)\n"),
            "{}",
            p.text
        );
    }

    #[test]
    fn notes_with_line_breaks_are_patched_as_written() {
        let base = BASE.replace(
            "    title: \"T\", // why\n",
            "    title: \"T\", // why\n    notes: \"old\",\n",
        );
        let mut s: Scenario = ron_options().from_str(&base).expect("parses");
        s.notes = "first line\nsecond line, \"quoted\"".into();
        let p = patch(&base, &s).expect("patches");
        assert!(p.text.contains("// top"), "{}", p.text);
        assert!(
            p.text
                .contains("    notes: r#\"first line\nsecond line, \"quoted\"\"#,\n"),
            "{}",
            p.text
        );
    }

    #[test]
    fn an_entry_is_never_inserted_into_one_being_removed() {
        // Found by the fuzzer: "b" sorts after "a\u{0}x", which is removed.
        let base = "(format_version: 1, title: \"T\", model: Bundled(id: \"m\", version: 1), choices: {\n    \"a\": Value(1.0),\n    \"a\\u{0}x\": Value(2.0)\n})";
        let mut s: Scenario = ron_options().from_str(base).expect("parses");
        s.choices.remove("a\u{0}x");
        s.choices.insert("ab".into(), Pick::NoLimit);
        let p = patch(base, &s).expect("patches");
        let again: Scenario = ron_options().from_str(&p.text).expect("parses");
        assert_eq!(again, s);
    }

    #[test]
    fn duplicate_keys_and_odd_layouts_are_not_patched() {
        let dup = BASE.replace("\"c\": Value(1.0)", "\"a\": Option(\"y\")");
        let mut s = base();
        s.title = "U".into();
        assert_eq!(patch(&dup, &s), None);
        assert_eq!(patch("Scenario", &s), None);
    }
}
