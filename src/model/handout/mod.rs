//! The handout: per step of a briefing (or for one scenario), the package, each party's verdict,
//! and every broken or uncertain red line with its reason and its quote credited as its basis
//! requires, as Markdown and as one self-contained HTML page.

pub mod answer;

use std::fmt::Write;

use super::deal_space::Control;
use super::scenario::Document;
use super::text::one_line;
use super::triage::Triage;
use super::wording::{citation, why};

/// One page of the handout.
pub struct HandoutStep<'a> {
    pub title: String,
    pub question: Option<String>,
    pub document: &'a Document,
    /// The step before, where this one shows what changed since it.
    pub compared_with: Option<&'a Document>,
    /// Whether the step wants pictures (the briefing may leave them out).
    pub wants_pictures: bool,
    /// Pictures of the step as the app draws it, if they could be drawn.
    pub pictures: Vec<Picture>,
    /// How a live room answered the step's question, if it was presented to one.
    pub room: Option<super::room::Answered>,
}

/// A PNG that goes beside the handout; the HTML page carries it inside, so it stays one file.
#[derive(Clone, Debug)]
pub struct Picture {
    /// Its file name in the brief's folder.
    pub file: String,
    /// What it shows, in words: the alternative text.
    pub caption: String,
    pub png: Vec<u8>,
}

pub struct Handout<'a> {
    pub title: String,
    pub summary: String,
    /// The answer to the briefing's question, from the deal-space search: its first page.
    pub bottom_line: Option<answer::BottomLine>,
    pub steps: Vec<HandoutStep<'a>>,
}

impl<'a> Handout<'a> {
    /// A brief of `steps` (each as written in the briefing, and its scenario), without
    /// pictures yet. A step that shows a comparison is compared with the one before it.
    pub fn new(
        title: String,
        summary: String,
        steps: &'a [(super::briefing::Step, Document)],
    ) -> Self {
        Handout {
            title,
            summary,
            bottom_line: None,
            steps: steps
                .iter()
                .enumerate()
                .map(|(i, (step, document))| HandoutStep {
                    title: step.title.clone(),
                    question: step.question.clone(),
                    document,
                    compared_with: (step.show == super::briefing::Show::Compare)
                        .then(|| i.checked_sub(1).map(|p| &steps[p].1))
                        .flatten(),
                    wants_pictures: step.pictures,
                    pictures: Vec::new(),
                    room: None,
                })
                .collect(),
        }
    }
}

/// How long the handout's answer may search the deal space; past it, the page says it is
/// partial.
pub const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(20);

impl Handout<'_> {
    /// Puts a live room's answers beside the steps they answer (a step known by its place and
    /// its title, so answers to another briefing's steps go nowhere).
    pub fn add_room_answers(&mut self, answered: &[super::room::Answered]) {
        for answer in answered {
            if let Some(step) = self.steps.get_mut(answer.step)
                && step.title == answer.title
            {
                step.room = Some(answer.clone());
            }
        }
    }

    /// Answers the handout's question on its first page, searching the deal space of the first
    /// step's model (a briefing's steps normally share one) until `control` stops it.
    pub fn answer_question(&mut self, control: &Control) {
        self.bottom_line = self
            .steps
            .first()
            .map(|step| answer::BottomLine::search(&step.document.model, control));
    }
}

/// Everything a step says, in order, independent of the output format.
#[derive(Clone)]
enum Block {
    /// Printed, what follows starts a new page: a question comes before its answer.
    PageBreak,
    Heading(u8, String),
    Paragraph(String),
    /// A quote and the line that credits it.
    Quote {
        lead: Option<String>,
        text: String,
        credit: String,
    },
    Items(Vec<String>),
    Picture(Picture),
}

impl Handout<'_> {
    fn blocks(&self) -> Vec<Block> {
        let mut out = vec![Block::Heading(1, self.title.clone())];
        if !self.summary.trim().is_empty() {
            out.push(Block::Paragraph(self.summary.clone()));
        }
        if let Some(bottom_line) = &self.bottom_line {
            out.extend(bottom_line.blocks().iter().cloned());
        }
        for (n, step) in self.steps.iter().enumerate() {
            let doc = step.document;
            let model = &doc.model;
            let evaluation = doc.evaluate();
            let before = n.checked_sub(1).map(|p| self.steps[p].document.evaluate());
            let heading = if self.steps.len() > 1 {
                format!("{}. {}", n + 1, step.title)
            } else {
                step.title.clone()
            };
            out.push(Block::Heading(2, heading));
            if let Some(q) = &step.question {
                out.push(Block::Paragraph(format!("Question for the room: {q}")));
                out.push(Block::PageBreak);
                if let Some(room) = &step.room {
                    out.push(Block::Heading(3, "The room's answers".to_owned()));
                    for line in super::room::view::tally_lines(&room.tally) {
                        out.push(Block::Paragraph(line));
                    }
                }
            }
            if !doc.scenario.summary.trim().is_empty() {
                out.push(Block::Paragraph(doc.scenario.summary.clone()));
            }
            // What changed since the step before first, said so; then the rest.
            let previous = n
                .checked_sub(1)
                .map(|p| self.steps[p].document)
                .filter(|p| p.model.positions == model.positions);
            let changed = |id: &str| previous.is_some_and(|p| p.pick(id) != doc.pick(id));
            let mut package: Vec<(bool, String)> = model
                .positions
                .iter()
                .filter_map(|p| {
                    let pick = doc.pick(&p.id)?;
                    let is_changed = changed(&p.id);
                    let mark = if is_changed {
                        " (changed since the step before)"
                    } else {
                        ""
                    };
                    Some((
                        is_changed,
                        format!("{}: {}{mark}", p.title, p.describe_pick(pick)),
                    ))
                })
                .collect();
            package.sort_by_key(|(is_changed, _)| !is_changed);
            out.push(Block::Heading(3, "The package".to_owned()));
            out.push(Block::Items(
                package.into_iter().map(|(_, line)| line).collect(),
            ));
            out.push(Block::Heading(3, "Verdicts".to_owned()));
            out.push(Block::Items(
                model
                    .parties
                    .iter()
                    .zip(&evaluation.parties)
                    .map(|(p, s)| {
                        format!(
                            "{}: {} ({})",
                            p.name,
                            s.status().label(),
                            super::wording::counts(s.breaks, s.uncertain, s.holds)
                        )
                    })
                    .collect(),
            ));
            out.extend(step.pictures.iter().cloned().map(Block::Picture));
            if let Some(before) = step.compared_with {
                let c = super::compare::compare(before, doc);
                out.push(Block::Heading(
                    3,
                    format!("Compared with the step before: {}", c.before),
                ));
                let none = || vec!["none".to_owned()];
                out.push(Block::Paragraph("Choices that differ:".to_owned()));
                out.push(Block::Items(if c.choices.is_empty() {
                    none()
                } else {
                    c.choices
                        .iter()
                        .map(|ch| format!("{}: {}", ch.title, ch.change()))
                        .collect()
                }));
                out.push(Block::Paragraph(
                    "Red lines whose verdict changed:".to_owned(),
                ));
                out.push(Block::Items(if c.red_lines.is_empty() {
                    none()
                } else {
                    c.red_lines
                        .iter()
                        .map(|rl| {
                            let party = model
                                .party(&rl.party)
                                .map_or(rl.party.as_str(), |p| &p.name);
                            format!("{party}: {}: {}", rl.title, rl.change())
                        })
                        .collect()
                }));
            }
            out.extend(dilemma_blocks(doc));
            // What changed since the step before first, then broken, then uncertain; those
            // uncertain only because the package is silent, gathered at the end.
            let triage = Triage::new(&evaluation, before.as_ref(), false, |_, _| true);
            if !triage.is_empty() {
                let came_to_hold = triage
                    .rows
                    .iter()
                    .any(|r| evaluation.red_lines[r.index].verdict == super::eval::Verdict::Holds);
                out.push(Block::Heading(
                    3,
                    if came_to_hold {
                        "Red lines broken or uncertain, and those that changed"
                    } else {
                        "Red lines broken or uncertain"
                    }
                    .to_owned(),
                ));
            }
            for row in &triage.rows {
                let i = row.index;
                let rl = &model.red_lines[i];
                let verdict = &evaluation.red_lines[i];
                let party = model
                    .party(&rl.party)
                    .map_or(rl.party.as_str(), |p| &p.name);
                let was = row.was.map_or(String::new(), |was| {
                    format!(" — {} at the step before", was.as_str())
                });
                out.push(Block::Heading(
                    4,
                    format!(
                        "{} {}: {} ({}){was}",
                        verdict.verdict.symbol(),
                        party,
                        rl.title,
                        rl.basis.as_str()
                    ),
                ));
                let why = why(model, rl, verdict);
                out.push(Block::Paragraph(why.clone()));
                let c = citation(model, rl);
                if let Some(reading) = &c.reading {
                    out.push(Block::Paragraph(format!(
                        "The modeller's reading: {reading}"
                    )));
                }
                if let Some(quote) = c.quote {
                    out.push(Block::Quote {
                        lead: c.lead,
                        text: quote,
                        credit: c.credit,
                    });
                }
                if c.reading.is_none()
                    && let Some(note) = &rl.note
                    && !why.contains(note.as_str())
                {
                    out.push(Block::Paragraph(format!("Modeller's note: {note}")));
                }
            }
            if let Some(summary) = triage.silent_summary(model, &evaluation) {
                out.push(Block::Heading(4, format!("? {summary}")));
                out.push(Block::Items(
                    triage
                        .silent
                        .iter()
                        .map(|&i| {
                            let was = triage
                                .silent_was(i)
                                .map(|was| format!(" — {} at the step before", was.as_str()))
                                .unwrap_or_default();
                            format!("{}{was}", model.red_line_with_party(i, false))
                        })
                        .collect(),
                ));
            }
            let sources: Vec<String> = model
                .sources
                .iter()
                .map(|s| format!("{}; {}, {}", s.title, s.kind, s.date))
                .collect();
            out.push(Block::Paragraph(format!("Source: {}.", sources.join("; "))));
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for block in self.blocks() {
            match block {
                Block::PageBreak => out.push_str("---\n\n"),
                Block::Heading(level, text) => {
                    let _ = writeln!(out, "{} {}\n", "#".repeat(level.into()), md(&text));
                }
                Block::Paragraph(text) => {
                    let _ = writeln!(out, "{}\n", md_block(&text));
                }
                Block::Quote { lead, text, credit } => {
                    // No added quotation marks: a quote may carry its own.
                    if let Some(lead) = lead {
                        let _ = writeln!(out, "{}\n", md_block(&lead));
                    }
                    let _ = writeln!(out, "> {}\n\n{}\n", md_block(&text), md_block(&credit));
                }
                Block::Items(items) => {
                    for item in items {
                        let _ = writeln!(out, "- {}", md_block(&item));
                    }
                    out.push('\n');
                }
                Block::Picture(picture) => {
                    let _ = writeln!(out, "![{}]({})\n", md(&picture.caption), picture.file);
                }
            }
        }
        out
    }

    /// One page that opens offline: no scripts, no links out, the style inline.
    pub fn to_html(&self) -> String {
        let mut body = String::new();
        for block in self.blocks() {
            match block {
                Block::PageBreak => body.push_str("<hr class=\"page\">\n"),
                Block::Heading(level, text) => {
                    let _ = writeln!(body, "<h{level}>{}</h{level}>", html(&text));
                }
                Block::Paragraph(text) => {
                    let _ = writeln!(body, "<p>{}</p>", html(&text));
                }
                Block::Quote { lead, text, credit } => {
                    body.push_str("<figure>");
                    if let Some(lead) = lead {
                        let _ = write!(
                            body,
                            "<figcaption class=\"lead\">{}</figcaption>",
                            html(&lead)
                        );
                    }
                    let _ = writeln!(
                        body,
                        "<blockquote>{}</blockquote><figcaption>{}</figcaption></figure>",
                        html(&text),
                        html(&credit)
                    );
                }
                Block::Items(items) => {
                    body.push_str("<ul>");
                    for item in items {
                        let _ = write!(body, "<li>{}</li>", html(&item));
                    }
                    body.push_str("</ul>\n");
                }
                Block::Picture(picture) => {
                    use base64::Engine;
                    let _ = writeln!(
                        body,
                        "<figure><img alt=\"{}\" src=\"data:image/png;base64,{}\"></figure>",
                        html(&picture.caption),
                        base64::engine::general_purpose::STANDARD.encode(&picture.png)
                    );
                }
            }
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
            html(&self.title)
        )
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;\
padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}h1{font-size:1.8rem}\
h2{border-top:2px solid #ccc;padding-top:1rem;margin-top:2.5rem}h4{margin-bottom:.3rem}\
blockquote{margin:.3rem 0;padding-left:1rem;border-left:4px solid #999;font-style:italic}\
figure{margin:.5rem 0 1rem}img{max-width:100%;border:1px solid #ccc}figcaption{color:#444}figcaption.lead{font-weight:600}\
hr.page{border:0;border-top:1px dashed #ccc;margin:1.5rem 0}\
@media print{h2{page-break-before:always}h2:first-of-type{page-break-before:auto}hr.page{border:0;break-after:page}}";

/// Text from a file made inert in Markdown: it shows as written, and never becomes HTML, a link,
/// an image to fetch, or emphasis. (Every ASCII punctuation character may be escaped in
/// CommonMark; these are the ones that can start markup inside a line.)
fn md(s: &str) -> String {
    let s = one_line(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// [`md`] for text that starts a block (a paragraph, an item, a quote): what would start a
/// heading, a list or a rule of its own there is escaped too.
fn md_block(s: &str) -> String {
    let mut out = md(s);
    if out.starts_with(['#', '+', '-', '=']) {
        out.insert(0, '\\');
    }
    // "1. " or "1) " at the start would be a numbered list.
    if let Some(mark) = out.find(['.', ')'])
        && mark > 0
        && out[..mark].chars().all(|c| c.is_ascii_digit())
    {
        out.insert(mark, '\\');
    }
    out
}

/// Text made safe inside HTML.
fn html(s: &str) -> String {
    one_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The step's standoff read for its dilemmas, each in one sentence with the red lines that
/// decide it in whose words; nothing for a scenario that names no confrontation.
fn dilemma_blocks(doc: &Document) -> Vec<Block> {
    let Some(confrontation) = &doc.scenario.confrontation else {
        return Vec::new();
    };
    let model = &doc.model;
    let stances = confrontation.stances(model, &doc.scenario.choices);
    let found = super::dilemmas::dilemmas(model, &stances);
    let mut out = vec![Block::Heading(3, "Dilemmas".to_owned())];
    out.push(Block::Paragraph(
        "Confrontation analysis (Howard 1999; Bryant 2003): from each party's position, the \
         threatened future and the parties' preferences, what undermines each party's stance."
            .to_owned(),
    ));
    out.extend(
        found
            .not_judged
            .iter()
            .map(|w| Block::Paragraph(format!("Not judged: {w}"))),
    );
    if found.dilemmas.is_empty() {
        out.push(Block::Paragraph(
            "No dilemma among those judged.".to_owned(),
        ));
    }
    for d in &found.dilemmas {
        out.push(Block::Heading(
            4,
            format!("{}: {}", d.kind.name(), d.sentence(model, &stances)),
        ));
        out.push(Block::Items(
            d.why(model, &stances)
                .into_iter()
                .map(|(line, words)| {
                    if words.is_empty() {
                        line
                    } else {
                        format!("{line}. {words}")
                    }
                })
                .collect(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_a_file_is_inert_in_markdown() {
        assert_eq!(
            md("plain words, 800,000 troops."),
            "plain words, 800,000 troops."
        );
        assert_eq!(
            md("<script>alert(1)</script> & ![x](http://t/p.png) [a](javascript:x)"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; !\\[x\\](http://t/p.png) \\[a\\](javascript:x)"
        );
        assert_eq!(md_block("# Not a heading"), "\\# Not a heading");
        assert_eq!(md_block("- not a list"), "\\- not a list");
        assert_eq!(md_block("1. not a list"), "1\\. not a list");
        assert_eq!(md("1. In a heading"), "1. In a heading");
        assert_eq!(md("*bold* `code` a_b"), "\\*bold\\* \\`code\\` a\\_b");
    }

    #[test]
    fn each_basis_is_credited_as_it_must_be() {
        let doc = crate::model::format::parse_scenario(
            crate::model::bundled::example_text("status-quo.ron").expect("bundled"),
        )
        .expect("parses")
        .document;
        let brief = Handout {
            title: "T".into(),
            summary: String::new(),
            bottom_line: None,
            steps: vec![HandoutStep {
                title: doc.scenario.title.clone(),
                question: None,
                document: &doc,
                compared_with: None,
                wants_pictures: true,
                pictures: Vec::new(),
                room: None,
            }],
        };
        let md = brief.to_markdown();
        assert!(md.contains("As the news explainer reports:"), "{md}");
        assert!(md.contains("these are not Russia's own words"), "{md}");
        assert!(md.contains("The modeller's reading:"), "{md}");
        let html = brief.to_html();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!md.contains("\\"), "the article's words need no escapes");
        assert!(!html.contains("<script"));
        assert!(!html.contains("http"), "nothing to fetch");
    }
}
