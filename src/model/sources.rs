//! Finding a quote in its source text, so the app can show it in context.

/// The paragraph that holds a quote, with its neighbours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteContext<'a> {
    pub before: Option<&'a str>,
    pub paragraph: &'a str,
    /// Byte range of the quote inside `paragraph`.
    pub quote: std::ops::Range<usize>,
    pub after: Option<&'a str>,
}

/// Paragraphs are the source's non-empty lines.
pub fn quote_context<'a>(text: &'a str, quote: &str) -> Option<QuoteContext<'a>> {
    if quote.is_empty() {
        return None;
    }
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let index = paragraphs.iter().position(|p| p.contains(quote))?;
    let paragraph = paragraphs[index];
    let start = paragraph.find(quote)?;
    Some(QuoteContext {
        before: index.checked_sub(1).map(|i| paragraphs[i]),
        paragraph,
        quote: start..start + quote.len(),
        after: paragraphs.get(index + 1).copied(),
    })
}
