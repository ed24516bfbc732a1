//! Saving any value into a file's existing text, keeping the user's comments and layout: the
//! old value and the new are each written canonically, compared part by part (struct fields by
//! name, list items by a longest common subsequence), and only the parts that differ are
//! rewritten in the user's text, where the same parts sit. The result is parsed again and must
//! equal the new value; otherwise the caller writes the file anew. Model files use it; the
//! scenario's own patcher ([`super::patch`]) knows a scenario's few fields by name.

use std::ops::Range;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::lexer::{self, Fields, Kind, Reader};
use super::patch::{Edits, Patched, indent_lines};
use super::{BOM, canonical_config, ron_options};

/// `base` (a file's whole text) rewritten to hold `new`, changing only the parts that differ
/// from what `base` holds. `None` when the text is not plain enough to patch safely.
pub fn patch_value<T>(base: &str, new: &T) -> Option<Patched>
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    let (bom, body) = match base.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => ("", base),
    };
    let old: T = ron_options().from_str(body).ok()?;
    let canonical = |value: &T| {
        ron_options()
            .to_string_pretty(value, canonical_config())
            .ok()
    };
    let old_text = canonical(&old)?;
    let new_text = canonical(new)?;
    let tree = Tree {
        edits: Edits::new(body),
        base: Reader::new(body),
        old: Reader::new(&old_text),
        new: Reader::new(&new_text),
        old_text: &old_text,
        new_text: &new_text,
    };
    let (text, comments_dropped) = tree.patch()?;
    let again: T = ron_options().from_str(&text).ok()?;
    (again == *new).then(|| Patched {
        text: format!("{bom}{text}"),
        comments_dropped,
    })
}

/// The user's text (`base`) being edited, and the old and new values written canonically.
struct Tree<'a> {
    edits: Edits<'a>,
    base: Reader<'a>,
    old: Reader<'a>,
    new: Reader<'a>,
    old_text: &'a str,
    new_text: &'a str,
}

/// A value's tokens without comments or layout, to tell whether two values are written alike.
fn shape(text: &str, range: &Range<usize>) -> Vec<(Kind, String)> {
    lexer::tokens(&text[range.clone()])
        .into_iter()
        .filter(|t| t.kind != Kind::Comment)
        .map(|t| (t.kind, text[range.start..][t.span].to_owned()))
        .collect()
}

impl<'a> Tree<'a> {
    fn patch(mut self) -> Option<(String, usize)> {
        let (b, o, n) = (
            self.base.top_level()?,
            self.old.top_level()?,
            self.new.top_level()?,
        );
        self.fields(&b, &o, &n)?;
        self.edits.apply()
    }

    fn same(&self, old: &Range<usize>, new: &Range<usize>) -> bool {
        shape(self.old_text, old) == shape(self.new_text, new)
    }

    /// The new value at `new`, indented to sit where `at` is in the user's text.
    fn new_text_at(&self, new: &Range<usize>, at: usize) -> String {
        let from = self.indent_in_new(new.start);
        let text = &self.new_text[new.clone()];
        // Canonical text indents continuation lines by its own depth: take that off first.
        let mut dedented = String::with_capacity(text.len());
        let strings: Vec<Range<usize>> = lexer::tokens(text)
            .into_iter()
            .filter(|t| t.kind == Kind::Str)
            .map(|t| t.span)
            .collect();
        let mut at_line_start = false;
        let mut skip = 0;
        for (i, c) in text.char_indices() {
            if at_line_start && skip < from.len() && c == ' ' {
                skip += 1;
                continue;
            }
            at_line_start = false;
            dedented.push(c);
            if c == '\n' && !strings.iter().any(|s| s.contains(&i)) {
                at_line_start = true;
                skip = 0;
            }
        }
        indent_lines(&dedented, self.edits.indent_at(at))
    }

    fn indent_in_new(&self, offset: usize) -> &str {
        let start = self.new_text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = &self.new_text[start..];
        &line[..line.len() - line.trim_start().len()]
    }

    fn value(&mut self, b: &Range<usize>, o: &Range<usize>, n: &Range<usize>) -> Option<()> {
        if self.same(o, n) {
            return Some(());
        }
        let name = self.old.name_of(o);
        let same_kind =
            name == self.new.name_of(n) && (name.is_none() || self.base.name_of(b) == name);
        if same_kind
            && let (Some(bf), Some(of), Some(nf)) = (
                self.base.fields_of(b),
                self.old.fields_of(o),
                self.new.fields_of(n),
            )
        {
            return self.fields(&bf, &of, &nf);
        }
        if same_kind
            && let (Some(bi), Some(oi), Some(ni)) = (
                self.base.items_of(b),
                self.old.items_of(o),
                self.new.items_of(n),
            )
            && bi.len() == oi.len()
            && !bi.is_empty()
        {
            return self.items(&bi, &oi, &ni);
        }
        let text = self.new_text_at(n, b.start);
        self.edits.replace(b.clone(), text);
        Some(())
    }

    fn fields(&mut self, b: &Fields, o: &Fields, n: &Fields) -> Option<()> {
        let mut names: Vec<&str> = n.fields.iter().map(|f| f.name.as_str()).collect();
        names.extend(
            o.fields
                .iter()
                .map(|f| f.name.as_str())
                .filter(|name| n.get(name).is_none()),
        );
        for (index, name) in names.iter().enumerate() {
            let (bf, of, nf) = (b.get(name), o.get(name), n.get(name));
            match (of, nf) {
                (None, None) => continue,
                (Some(of), Some(nf)) if self.same(&of.value, &nf.value) => continue,
                _ => {}
            }
            match (bf, of, nf) {
                (Some(bf), Some(of), Some(nf)) => self.value(&bf.value, &of.value, &nf.value)?,
                (Some(bf), _, None) => self.edits.remove(bf),
                (Some(bf), None, Some(nf)) => {
                    let text = self.new_text_at(&nf.value, bf.value.start);
                    self.edits.replace(bf.value.clone(), text);
                }
                (None, _, Some(nf)) => {
                    // After the nearest field before it that the user's text has.
                    let field_name = &self.new_text[nf.name_span.clone()];
                    let before = names[..index].iter().rev().find_map(|n| b.get(n));
                    match (before, b.fields.first()) {
                        (Some(before), _) => {
                            let value = self.new_text_at(&nf.value, before.name_span.start);
                            self.edits.insert_after(before, field_name, &value);
                        }
                        (None, Some(first)) => {
                            let value = self.new_text_at(&nf.value, first.name_span.start);
                            let entry = format!("{field_name}: {value}");
                            self.edits
                                .insert_entry_before(first.name_span.start, &entry);
                        }
                        // An empty struct: written anew.
                        (None, None) => return None,
                    }
                }
                (None, _, None) => {}
            }
        }
        Some(())
    }

    /// The byte offset of the comma after the item ending at `end`, if there is one.
    fn comma_after(&self, end: usize) -> Option<usize> {
        let text = self.edits.body();
        let at = lexer::skip_trivia(text, end);
        text[at..].starts_with(',').then_some(at)
    }

    fn items(&mut self, b: &[Range<usize>], o: &[Range<usize>], n: &[Range<usize>]) -> Option<()> {
        let old: Vec<_> = o.iter().map(|r| shape(self.old_text, r)).collect();
        let new: Vec<_> = n.iter().map(|r| shape(self.new_text, r)).collect();
        // Longest common subsequence: items kept as they are.
        let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
        for i in (0..old.len()).rev() {
            for j in (0..new.len()).rev() {
                lcs[i][j] = if old[i] == new[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        // Walk both lists: each old item is kept, or goes; each new item is kept, or comes.
        let (mut i, mut j) = (0, 0);
        let mut gaps: Vec<(Vec<usize>, Vec<usize>, Option<usize>)> = Vec::new();
        let mut last_kept: Option<usize> = None;
        let mut gap = (Vec::new(), Vec::new());
        while i < old.len() || j < new.len() {
            if i < old.len() && j < new.len() && old[i] == new[j] {
                if !gap.0.is_empty() || !gap.1.is_empty() {
                    gaps.push((
                        std::mem::take(&mut gap.0),
                        std::mem::take(&mut gap.1),
                        last_kept,
                    ));
                }
                last_kept = Some(i);
                (i, j) = (i + 1, j + 1);
            } else if j < new.len() && (i == old.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
                gap.1.push(j);
                j += 1;
            } else {
                gap.0.push(i);
                i += 1;
            }
        }
        if !gap.0.is_empty() || !gap.1.is_empty() {
            gaps.push((gap.0, gap.1, last_kept));
        }
        for (gone, come, mut after) in gaps {
            // Items that go and come in one place are paired up in order, so an edited item is
            // patched in place rather than removed and written anew.
            let paired = gone.len().min(come.len());
            for (&g, &c) in gone.iter().zip(&come) {
                self.value(&b[g], &o[g], &n[c])?;
                after = Some(g);
            }
            for &g in &gone[paired..] {
                let item = &b[g];
                let end = self.comma_after(item.end).map_or(item.end, |c| c + 1);
                self.edits.remove_entry(item.start..end);
            }
            for &c in &come[paired..] {
                match after {
                    Some(k) => {
                        let value = self.new_text_at(&n[c], b[k].start);
                        let comma = self.comma_after(b[k].end);
                        self.edits
                            .insert_entry_after(b[k].start, b[k].end, comma, &value);
                    }
                    None => {
                        // Before the first item (one that stays, or goes: either is a place).
                        let first = b[0].start;
                        let value = self.new_text_at(&n[c], first);
                        self.edits.insert_entry_before(first, &value);
                    }
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct Item {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct Doc {
        version: u32,
        items: Vec<Item>,
    }

    const BASE: &str = "// The doc.\n(\n    version: 1, // bump me\n    items: [\n        // first\n        (id: \"a\"),\n        (\n            id: \"b\", // b's\n            note: \"kept\",\n        ),\n        // last\n        (id: \"c\"),\n    ],\n)\n";

    fn base() -> Doc {
        ron_options().from_str(BASE).expect("base parses")
    }

    #[test]
    fn nothing_changed_is_the_same_text() {
        let p = patch_value(BASE, &base()).expect("patches");
        assert_eq!(p.text, BASE);
    }

    #[test]
    fn a_changed_value_keeps_every_comment() {
        let mut doc = base();
        doc.version = 2;
        doc.items[1].note = Some("new".into());
        let p = patch_value(BASE, &doc).expect("patches");
        assert_eq!(p.comments_dropped, 0);
        assert_eq!(
            p.text,
            BASE.replace("version: 1", "version: 2")
                .replace("\"kept\"", "\"new\"")
        );
    }

    #[test]
    fn items_added_and_removed_keep_the_comments_of_the_others() {
        let mut doc = base();
        doc.items.remove(0);
        doc.items.push(Item {
            id: "d".into(),
            note: None,
        });
        doc.items.insert(
            1,
            Item {
                id: "x".into(),
                note: Some("n".into()),
            },
        );
        let p = patch_value(BASE, &doc).expect("patches");
        let again: Doc = ron_options().from_str(&p.text).unwrap();
        assert_eq!(again, doc);
        assert!(p.text.contains("// b's") && p.text.contains("// last"));
        assert!(p.text.contains("// bump me") && p.text.starts_with("// The doc."));
        // The removed item's own comment line sits above it and stays; nothing else went.
        assert_eq!(p.comments_dropped, 0);
    }

    #[test]
    fn an_item_edited_in_place_keeps_its_inner_comment() {
        let mut doc = base();
        doc.items[1].id = "b2".into();
        doc.items[1].note = None;
        let p = patch_value(BASE, &doc).expect("patches");
        assert_eq!(ron_options().from_str::<Doc>(&p.text).unwrap(), doc);
        assert!(p.text.contains("id: \"b2\", // b's"), "{}", p.text);
        assert!(!p.text.contains("kept"));
    }

    #[test]
    fn every_item_gone_writes_the_list_anew() {
        let mut doc = base();
        doc.items.clear();
        let p = patch_value(BASE, &doc).expect("patches");
        assert_eq!(ron_options().from_str::<Doc>(&p.text).unwrap(), doc);
        assert!(p.text.contains("// bump me"));
    }
}
