//! A lexer for RON text that keeps every byte's place: tokens with their spans, comments
//! included. It lets a save change one value and leave the rest of the file as written, and lets
//! errors point at a token rather than the space before it. It never fails: odd input becomes
//! single-character tokens, and the outline is `None` where the text is not a plain struct.

use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `( ) [ ] { } , :` and any other single character.
    Punct,
    /// Identifiers, numbers, `true`, `r#raw` identifiers.
    Word,
    /// Strings, raw strings, byte strings and characters.
    Str,
    Comment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub span: Range<usize>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '-')
}

/// Where a string starting at `start` ends: `"…"` with escapes, or raw `r#"…"#`.
fn string_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    if bytes.get(i) == Some(&b'b') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'r') {
        i += 1;
        let hashes = bytes[i..].iter().take_while(|&&b| b == b'#').count();
        i += hashes + 1; // past the opening quote
        let closing = format!("\"{}", "#".repeat(hashes));
        return text[i..]
            .find(&closing)
            .map_or(text.len(), |at| i + at + closing.len());
    }
    let quote = bytes[i];
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// Whether a string literal starts at `i`: `"`, `'`, `r"`, `r#"`, `b"`, `br#"`, `b'`.
fn starts_string(bytes: &[u8], i: usize) -> bool {
    let mut j = i;
    if bytes.get(j) == Some(&b'b') {
        j += 1;
        if bytes.get(j) == Some(&b'\'') {
            return true;
        }
    }
    if bytes.get(j) == Some(&b'r') {
        j += 1;
        while bytes.get(j) == Some(&b'#') {
            j += 1;
        }
        return bytes.get(j) == Some(&b'"');
    }
    j == i && matches!(bytes.get(i), Some(b'"' | b'\''))
}

/// Where a block comment starting at `start` ends; RON block comments nest.
fn block_comment_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    text.len()
}

/// Every token of `text`, in order. Whitespace is the only thing left out.
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let start = i;
        let kind = if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        } else if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(text.len(), |at| i + at);
            Kind::Comment
        } else if text[i..].starts_with("/*") {
            i = block_comment_end(text, i);
            Kind::Comment
        } else if starts_string(bytes, i) {
            i = string_end(text, i);
            Kind::Str
        } else if is_word(c) || (c == 'r' && bytes.get(i + 1) == Some(&b'#')) {
            i += c.len_utf8();
            if c == 'r' && bytes.get(i) == Some(&b'#') {
                i += 1;
            }
            i += text[i..]
                .find(|c: char| !is_word(c))
                .unwrap_or(text.len() - i);
            Kind::Word
        } else {
            i += c.len_utf8();
            Kind::Punct
        };
        out.push(Token {
            kind,
            span: start..i,
        });
    }
    out
}

/// The first byte at or after `offset` that is not whitespace or inside a comment.
pub fn skip_trivia(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    loop {
        let rest = &text[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            i = trimmed.find('\n').map_or(text.len(), |at| i + at);
        } else if trimmed.starts_with("/*") {
            i = block_comment_end(text, i);
        } else {
            return i;
        }
    }
}

pub fn count_comments(text: &str) -> usize {
    tokens(text)
        .iter()
        .filter(|t| t.kind == Kind::Comment)
        .count()
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The byte offset of a 1-based line and column, clamped to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(at) => start += at + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..text[start..].find('\n').map_or(text.len(), |at| start + at)];
    start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(at, _)| at)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A field's name as RON reads it: `r#type` is the field `type`.
fn field_name(word: &str) -> &str {
    word.strip_prefix("r#").unwrap_or(word)
}

/// A field of a struct, as written: `name: value,`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field name, or for a map entry the key's text as written (quotes included).
    pub name: String,
    pub name_span: Range<usize>,
    pub value: Range<usize>,
    /// The byte offset of the comma after the value, if there is one.
    pub comma: Option<usize>,
}

impl Field {
    /// From the name to the end of the comma (or the value).
    pub fn entry(&self) -> Range<usize> {
        self.name_span.start..self.comma.map_or(self.value.end, |c| c + 1)
    }
}

/// A bracketed list of fields or map entries: `( a: 1, b: 2 )` or `{ "k": v }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    pub open: usize,
    pub close: usize,
    pub fields: Vec<Field>,
}

impl Fields {
    pub fn get(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// Reads RON structure from a token list. Positions are token indices.
pub struct Reader<'t> {
    text: &'t str,
    tokens: Vec<Token>,
}

impl<'t> Reader<'t> {
    pub fn new(text: &'t str) -> Self {
        let tokens = tokens(text)
            .into_iter()
            .filter(|t| t.kind != Kind::Comment)
            .collect();
        Reader { text, tokens }
    }

    fn is(&self, at: usize, s: &str) -> bool {
        self.tokens
            .get(at)
            .is_some_and(|t| t.kind == Kind::Punct && &self.text[t.span.clone()] == s)
    }

    /// The token index just past the value starting at `at`: a word or string, optionally a
    /// name followed by a bracketed group, or a group alone.
    fn value_end(&self, at: usize) -> Option<usize> {
        let token = self.tokens.get(at)?;
        match token.kind {
            Kind::Str => Some(at + 1),
            Kind::Word if self.is(at + 1, "(") => self.group_end(at + 1),
            Kind::Word => Some(at + 1),
            Kind::Punct if ["(", "[", "{"].iter().any(|s| self.is(at, s)) => self.group_end(at),
            _ => None,
        }
    }

    /// The token index just past the bracket group opening at `at`, brackets matched.
    fn group_end(&self, at: usize) -> Option<usize> {
        let mut depth = 0usize;
        for (i, t) in self.tokens.iter().enumerate().skip(at) {
            if t.kind != Kind::Punct {
                continue;
            }
            match &self.text[t.span.clone()] {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Reads `name: value,` pairs between the bracket at `open` and its match. Names are
    /// words (struct fields) or strings (map keys).
    fn fields_at(&self, open: usize) -> Option<Fields> {
        let close = self.group_end(open)? - 1;
        let mut fields = Vec::new();
        let mut at = open + 1;
        while at < close {
            let name = self.tokens.get(at)?;
            if !matches!(name.kind, Kind::Word | Kind::Str) || !self.is(at + 1, ":") {
                return None;
            }
            let value_start = at + 2;
            let value_end = self.value_end(value_start)?;
            if value_end > close {
                return None;
            }
            let comma = self.is(value_end, ",").then_some(value_end);
            if comma.is_none() && value_end != close {
                return None;
            }
            fields.push(Field {
                name: field_name(&self.text[name.span.clone()]).to_owned(),
                name_span: name.span.clone(),
                value: self.tokens[value_start].span.start..self.tokens[value_end - 1].span.end,
                comma: comma.map(|c| self.tokens[c].span.start),
            });
            at = comma.map_or(value_end, |c| c + 1);
        }
        Some(Fields {
            open: self.tokens[open].span.start,
            close: self.tokens[close].span.start,
            fields,
        })
    }

    /// The token index of the first token at or after byte `offset`.
    fn token_at(&self, offset: usize) -> Option<usize> {
        self.tokens.iter().position(|t| t.span.start >= offset)
    }

    /// The fields of the top-level struct, after any `#![enable(..)]` attributes and an optional
    /// struct name.
    pub fn top_level(&self) -> Option<Fields> {
        let mut at = 0;
        while self.is(at, "#") {
            at = self.group_end(at + 2)?;
        }
        if self.tokens.get(at)?.kind == Kind::Word {
            at += 1;
        }
        if !self.is(at, "(") {
            return None;
        }
        let fields = self.fields_at(at)?;
        (self.group_end(at)? == self.tokens.len()).then_some(fields)
    }

    /// The fields inside a value written `Name(..)`, `(..)` or `{..}`, found by its byte span.
    pub fn fields_of(&self, value: &Range<usize>) -> Option<Fields> {
        let mut at = self.token_at(value.start)?;
        if self.tokens[at].kind == Kind::Word {
            at += 1;
        }
        if !(self.is(at, "(") || self.is(at, "{")) {
            return None;
        }
        self.fields_at(at)
    }

    /// The values of a list written `[a, b, c]`, by their byte spans.
    pub fn items_of(&self, value: &Range<usize>) -> Option<Vec<Range<usize>>> {
        let open = self.token_at(value.start)?;
        if !self.is(open, "[") {
            return None;
        }
        let close = self.group_end(open)? - 1;
        let mut items = Vec::new();
        let mut at = open + 1;
        while at < close {
            let end = self.value_end(at)?;
            if end > close {
                return None;
            }
            items.push(self.tokens[at].span.start..self.tokens[end - 1].span.end);
            if self.is(end, ",") {
                at = end + 1;
            } else if end == close {
                at = end;
            } else {
                return None;
            }
        }
        Some(items)
    }

    /// The name a value is written with, `Bundled` in `Bundled(..)`.
    pub fn name_of(&self, value: &Range<usize>) -> Option<&'t str> {
        let at = self.token_at(value.start)?;
        let token = &self.tokens[at];
        (token.kind == Kind::Word).then(|| &self.text[token.span.clone()])
    }
}

/// The `format_version` a file declares, read without parsing the rest: `None` when absent or
/// not a plain number.
pub fn declared_format_version(text: &str) -> Option<u64> {
    let reader = Reader::new(text);
    let top = reader.top_level_lenient()?;
    top.parse().ok()
}

impl Reader<'_> {
    /// The value of `format_version`, even when the rest of the file is malformed: only the
    /// tokens up to that field need to make sense.
    fn top_level_lenient(&self) -> Option<&str> {
        let mut at = 0;
        while self.is(at, "#") {
            at = self.group_end(at + 2)?;
        }
        if self.tokens.get(at)?.kind == Kind::Word {
            at += 1;
        }
        if !self.is(at, "(") {
            return None;
        }
        at += 1;
        // Fields before format_version must each be a simple or well-bracketed value.
        loop {
            let name = self.tokens.get(at)?;
            if name.kind != Kind::Word || !self.is(at + 1, ":") {
                return None;
            }
            if field_name(&self.text[name.span.clone()]) == "format_version" {
                let value = self.tokens.get(at + 2)?;
                return (value.kind == Kind::Word).then(|| &self.text[value.span.clone()]);
            }
            at = self.value_end(at + 2)?;
            if !self.is(at, ",") {
                return None;
            }
            at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokens(text)
            .into_iter()
            .map(|t| (t.kind, &text[t.span]))
            .collect()
    }

    #[test]
    fn tokens_keep_strings_and_comments_whole() {
        assert_eq!(
            kinds(r####"(a: "x // not a comment", /* c /* nested */ */ b: r#"q"q"#, // end"####),
            vec![
                (Kind::Punct, "("),
                (Kind::Word, "a"),
                (Kind::Punct, ":"),
                (Kind::Str, "\"x // not a comment\""),
                (Kind::Punct, ","),
                (Kind::Comment, "/* c /* nested */ */"),
                (Kind::Word, "b"),
                (Kind::Punct, ":"),
                (Kind::Str, "r#\"q\"q\"#"),
                (Kind::Punct, ","),
                (Kind::Comment, "// end"),
            ]
        );
        assert_eq!(
            kinds(r#"Value(-1.5e3) "a\"b" 'c'"#),
            vec![
                (Kind::Word, "Value"),
                (Kind::Punct, "("),
                (Kind::Word, "-1.5e3"),
                (Kind::Punct, ")"),
                (Kind::Str, "\"a\\\"b\""),
                (Kind::Str, "'c'"),
            ]
        );
    }

    #[test]
    fn unterminated_input_ends_at_the_end() {
        assert_eq!(kinds("\"abc"), vec![(Kind::Str, "\"abc")]);
        assert_eq!(kinds("/* abc"), vec![(Kind::Comment, "/* abc")]);
        assert_eq!(kinds("r#\"abc"), vec![(Kind::Str, "r#\"abc")]);
    }

    #[test]
    fn the_outline_finds_fields_and_map_entries() {
        let text = "#![enable(implicit_some)]\n// c\n(\n  a: 1, // one\n  b: Bundled(id: \"x\", version: 2),\n  c: { \"k\": Option(\"v\"), \"l\": NoLimit },\n)";
        let reader = Reader::new(text);
        let top = reader.top_level().expect("outline");
        let names: Vec<&str> = top.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        let b = top.get("b").expect("b");
        assert_eq!(&text[b.value.clone()], "Bundled(id: \"x\", version: 2)");
        assert_eq!(reader.name_of(&b.value), Some("Bundled"));
        let inner = reader.fields_of(&b.value).expect("fields");
        assert_eq!(&text[inner.get("version").expect("v").value.clone()], "2");
        let map = reader
            .fields_of(&top.get("c").expect("c").value)
            .expect("map");
        assert_eq!(map.fields[0].name, "\"k\"");
        assert_eq!(&text[map.fields[0].value.clone()], "Option(\"v\")");
        assert_eq!(map.fields[1].comma, None);
    }

    #[test]
    fn trivia_is_skipped_to_the_next_token() {
        let text = "a:   /* x */  // y\n  42";
        assert_eq!(&text[skip_trivia(text, 2)..], "42");
        assert_eq!(line_column(text, skip_trivia(text, 2)), (2, 3));
        assert_eq!(offset_of(text, 2, 3), text.len() - 2);
    }

    #[test]
    fn the_format_version_is_read_without_the_rest() {
        assert_eq!(
            declared_format_version("(format_version: 2, model: Inline((((((("),
            Some(2)
        );
        assert_eq!(
            declared_format_version("(title: \"t\", format_version: 3, x"),
            Some(3)
        );
        assert_eq!(declared_format_version("(title: \"t\")"), None);
        assert_eq!(declared_format_version("(r#format_version: 0)"), Some(0));
        assert_eq!(declared_format_version("garbage"), None);
    }
}
