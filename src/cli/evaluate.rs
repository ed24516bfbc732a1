//! `evaluate` and `compare`: a package's verdicts, and two packages side by side.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::output::{ReportFormat, load_reporting, write_out};
use crate::model::io::is_briefing;
use crate::model::report::Report;
use crate::model::text::one_line;

pub(crate) fn evaluate(file: &Path, format: ReportFormat, out: &mut impl Write) -> ExitCode {
    let Some(loaded) = load_reporting(file) else {
        return ExitCode::FAILURE;
    };
    let document = &loaded.document;
    let report = Report::new(document, &document.evaluate());
    let text = match format {
        ReportFormat::Text => report.to_text(),
        ReportFormat::Json => report.to_json() + "\n",
        ReportFormat::Markdown => report.to_markdown(),
    };
    write_out(out, &text)
}

pub(crate) fn compare(
    before: &Path,
    after: &Path,
    format: ReportFormat,
    out: &mut impl Write,
) -> ExitCode {
    if let Some(briefing) = [before, after].into_iter().find(|p| is_briefing(p)) {
        eprintln!(
            "{}: a briefing, not a scenario: compare takes two scenario files (a briefing's \
             steps name theirs; a compare step shows the comparison when presenting)",
            one_line(&briefing.to_string_lossy())
        );
        return ExitCode::from(2);
    }
    let (Some(a), Some(b)) = (load_reporting(before), load_reporting(after)) else {
        return ExitCode::FAILURE;
    };
    let comparison = crate::model::compare::compare(&a.document, &b.document);
    let text = match format {
        ReportFormat::Text => comparison.to_text(),
        ReportFormat::Json => comparison.to_json() + "\n",
        ReportFormat::Markdown => comparison.to_markdown(),
    };
    write_out(out, &text)
}
