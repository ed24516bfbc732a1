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

/// Longest quote searched for a near match: the search takes time in its length times the
/// text's, and a long quote that is not word for word is rarely one typo off.
const NEAREST_QUOTE_CHARS: usize = 400;
/// Most steps one search for a near match takes (the quote's length times the text's): about
/// a tenth of a second.
const NEAREST_STEPS: usize = 20_000_000;

/// Where a quote is not word for word in `text`, the words of `text` it most likely meant: the
/// passage within a few characters' edits of it (one in twenty, at least two), if there is one.
/// Found by approximate matching (Sellers' algorithm): edits counted anywhere in the quote, the
/// passage free to start anywhere in the text.
pub fn nearest_quote<'a>(text: &'a str, quote: &str) -> Option<&'a str> {
    let q: Vec<char> = quote.chars().collect();
    if q.is_empty() || q.len() > NEAREST_QUOTE_CHARS || q.len() * text.len() > NEAREST_STEPS {
        return None;
    }
    let allowed = (q.len() / 20).max(2);
    let t: Vec<(usize, char)> = text.char_indices().collect();
    // The cheapest way to end the quote at each place in the text: starting anywhere, or,
    // `anchored`, at the text's first character.
    let end_costs = |q: &[char], t: &mut dyn Iterator<Item = char>, anchored: bool| {
        let mut column: Vec<usize> = (0..=q.len()).collect();
        let mut ends = Vec::new();
        for (n, c) in t.enumerate() {
            let mut diagonal = column[0];
            column[0] = if anchored { n + 1 } else { 0 };
            for i in 1..=q.len() {
                let above = column[i];
                column[i] = (above + 1)
                    .min(column[i - 1] + 1)
                    .min(diagonal + usize::from(q[i - 1] != c));
                diagonal = above;
            }
            ends.push(column[q.len()]);
        }
        ends
    };
    let ends = end_costs(&q, &mut t.iter().map(|(_, c)| *c), false);
    let (end, &cost) = ends.iter().enumerate().min_by_key(|(_, c)| **c)?;
    if cost == 0 || cost > allowed {
        return None;
    }
    // Its start: the same search backwards, anchored at the end; the shortest passage that
    // costs as little.
    let reversed: Vec<char> = q.iter().rev().copied().collect();
    let starts = end_costs(
        &reversed,
        &mut t[..=end].iter().rev().map(|(_, c)| *c),
        true,
    );
    let back = starts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == cost)
        .map(|(i, _)| i)
        .next()?;
    let start = end - back;
    let from = t[start].0;
    let to = t.get(end + 1).map_or(text.len(), |(i, _)| *i);
    Some(&text[from..to])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_one_typo_off_finds_the_words_it_meant() {
        let text = "The union said it will not settle without a pay rise this year. Then it left.";
        assert_eq!(
            nearest_quote(text, "will not setle without a pay rise"),
            Some("will not settle without a pay rise")
        );
        assert_eq!(
            nearest_quote(text, "will not settle without a pay rice"),
            Some("will not settle without a pay rise")
        );
        // Word for word is no near match; far off is none.
        assert_eq!(nearest_quote(text, "a pay rise"), None);
        assert_eq!(nearest_quote(text, "something else entirely"), None);
    }
}
