//! Long file: every check in one place, so problems' paths and words stay alike.
//! Validation collects every problem at once, each with the place it is found.

use std::collections::HashSet;
use std::fmt;

use super::condition::{Condition, Expects};
use super::eval::Choices;
use super::text::{MAX_QUOTED_CHARS, cut, one_line};
use super::types::{Basis, Model, Pick, PositionKind, format_number};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    /// An error that refuses the file even in the app, which opens other errors for repair: a
    /// number the search and the sliders rely on (a step, a range, a bound), a limit that keeps
    /// a received file from taking time or memory, or a file it names that cannot be read.
    Fatal,
    /// Loading goes on, and the message says what was done instead.
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// 1-based line and column in the file's text.
    Text { line: usize, column: usize },
    /// A path to a field, like `model.red_lines[ru_no_nato].breaks_when`.
    Field(String),
    /// The file as a whole.
    File,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
}

/// A message as kept: what it quotes from the file cut to a readable length.
fn kept(message: String) -> String {
    match cut(&message, 2 * MAX_QUOTED_CHARS) {
        std::borrow::Cow::Borrowed(_) => message,
        std::borrow::Cow::Owned(shorter) => shorter,
    }
}

impl Problem {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            location,
            message: kept(message.into()),
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            location,
            message: kept(message.into()),
        }
    }

    pub fn at_field(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::error(Location::Field(path.into()), message)
    }

    /// An error that refuses the file even in the app (see [`Severity::Fatal`]).
    pub fn fatal(location: Location, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Fatal,
            location,
            message: kept(message.into()),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity != Severity::Warning
    }

    /// Whether the file must be refused even by an app that opens errors to be repaired.
    pub fn refuses_repair(&self) -> bool {
        self.severity == Severity::Fatal
    }
}

/// `LINE:COL: message` or `path: message`, to be prefixed with the file name. One line always:
/// ids quoted from the file are escaped, so they cannot break the line or drive the terminal.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let warning = if self.is_error() { "" } else { "warning: " };
        let message = one_line(&self.message);
        let message = cut(&message, 2 * MAX_QUOTED_CHARS);
        match &self.location {
            Location::Text { line, column } => {
                write!(f, "{line}:{column}: {warning}{message}")
            }
            Location::Field(path) => {
                let path = one_line(path);
                write!(f, "{}: {warning}{message}", cut(&path, MAX_QUOTED_CHARS))
            }
            Location::File => write!(f, "{warning}{message}"),
        }
    }
}

/// How many `Not`, `All` and `Any` may enclose one another: the one nesting rule of the format.
pub const MAX_CONDITION_NESTING: usize = 64;

/// How many distinct values one position may have for the deal-space search (one `u16` each).
pub const MAX_POSITION_VALUES: usize = 1 << 16;

struct Checker<'m> {
    model: &'m Model,
    problems: Vec<Problem>,
    /// How many more misquoted quotes get a nearest-words suggestion: each search is bounded,
    /// and so is their number, so a file of many bad quotes cannot make a check slow.
    suggestions_left: usize,
}

/// The most combinations of picks tried to see whether a red line can break at all: enough for
/// the lines people write, cheap enough to check on every edit.
const MAX_TRIES_TO_BREAK: usize = 256;

/// Most nearest-words suggestions one check makes.
const SUGGESTIONS: usize = 10;

impl Checker<'_> {
    fn error(&mut self, path: String, message: String) {
        self.problems.push(Problem::at_field(path, message));
    }

    /// An error beyond repair in the app (see [`Severity::Fatal`]).
    fn refuse(&mut self, path: String, message: String) {
        self.problems
            .push(Problem::fatal(Location::Field(path), message));
    }

    fn warn(&mut self, path: String, message: String) {
        self.problems
            .push(Problem::warning(Location::Field(path), message));
    }

    fn unique<'a>(&mut self, path: &str, what: &str, ids: impl IntoIterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for id in ids {
            if id.trim().is_empty() {
                self.error(path.to_owned(), format!("a {what} has an empty id"));
            } else if !seen.insert(id) {
                self.error(path.to_owned(), format!("duplicate {what} id \"{id}\""));
            }
        }
    }

    fn party_exists(&mut self, path: String, id: &str) {
        if self.model.party(id).is_none() {
            self.error(
                path,
                format!(
                    "unknown party \"{id}\"{}",
                    known(self.model.parties.iter().map(|p| &p.id))
                ),
            );
        }
    }

    fn source_exists(&mut self, path: String, id: &str) {
        if self.model.source(id).is_none() {
            self.error(
                path,
                format!(
                    "unknown source \"{id}\"{}",
                    known(self.model.sources.iter().map(|s| &s.id))
                ),
            );
        }
    }

    /// A quote must appear word for word in its source, where the source's text is known: read
    /// with the model, or shipped with the app.
    fn quote_is_verbatim(&mut self, path: String, source_ref: &super::types::SourceRef) {
        let source = self.model.source(&source_ref.source);
        let text = source.and_then(|s| s.content.get()).or_else(|| {
            source
                .and_then(|s| s.text.as_deref())
                .and_then(super::bundled::source_text)
        });
        if let Some(text) = text
            && !text.contains(source_ref.quote.as_str())
        {
            // One typo off: the words it most likely meant, to copy.
            let nearest = if self.suggestions_left > 0 {
                self.suggestions_left -= 1;
                super::sources::nearest_quote(text, &source_ref.quote)
                    .map(|words| format!("; the nearest words in it are \"{words}\""))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            self.error(
                path,
                format!(
                    "the quote is not word for word in source \"{}\"{nearest}",
                    source_ref.source
                ),
            );
        }
    }

    fn condition_with_nesting(&mut self, path: &str, condition: &Condition) {
        let nesting = condition.nesting();
        if nesting > MAX_CONDITION_NESTING {
            self.refuse(
                path.to_owned(),
                format!(
                    "this condition nests {nesting} levels deep: conditions may nest at most \
                     {MAX_CONDITION_NESTING} levels"
                ),
            );
            return;
        }
        self.condition(path, condition);
    }

    fn condition(&mut self, path: &str, condition: &Condition) {
        match condition {
            Condition::Not(c) => self.condition(&format!("{path}.Not"), c),
            Condition::AtLeastOf(n, cs) | Condition::AtMostOf(n, cs) => {
                let at_least = matches!(condition, Condition::AtLeastOf(..));
                let name = if at_least { "AtLeastOf" } else { "AtMostOf" };
                let always = if at_least { *n == 0 } else { *n >= cs.len() };
                let never = at_least && *n > cs.len();
                if always || never {
                    self.warn(
                        format!("{path}.{name}"),
                        format!(
                            "{name}({n}, …) over {} condition{} is always {}; check the number",
                            cs.len(),
                            if cs.len() == 1 { "" } else { "s" },
                            always
                        ),
                    );
                }
                for (i, c) in cs.iter().enumerate() {
                    self.condition(&format!("{path}.{name}[{i}]"), c);
                }
            }
            Condition::All(cs) | Condition::Any(cs) => {
                let name = if matches!(condition, Condition::All(_)) {
                    "All"
                } else {
                    "Any"
                };
                if cs.is_empty() {
                    self.warn(
                        format!("{path}.{name}"),
                        format!("empty {name}: it is always {}", name == "All"),
                    );
                }
                for (i, c) in cs.iter().enumerate() {
                    self.condition(&format!("{path}.{name}[{i}]"), c);
                }
            }
            atom => self.atom(path, atom),
        }
    }

    fn atom(&mut self, path: &str, atom: &Condition) {
        let (Some(position_id), Some(expects)) = (atom.atom_position(), atom.expects()) else {
            return;
        };
        let Some(position) = self.model.position(position_id) else {
            let known = known(self.model.positions.iter().map(|p| &p.id));
            self.error(
                path.to_owned(),
                format!("unknown position \"{position_id}\"{known}"),
            );
            return;
        };
        match (&position.kind, expects) {
            (
                PositionKind::Choice {
                    options, ordered, ..
                },
                Expects::Choice,
            ) => {
                let named: Vec<&String> = match atom {
                    Condition::Is(_, o)
                    | Condition::OptionAtLeast(_, o)
                    | Condition::OptionAtMost(_, o) => vec![o],
                    Condition::OneOf(_, os) => os.iter().collect(),
                    _ => Vec::new(),
                };
                if !ordered
                    && matches!(
                        atom,
                        Condition::OptionAtLeast(..) | Condition::OptionAtMost(..)
                    )
                {
                    self.error(
                        path.to_owned(),
                        format!(
                            "options of \"{position_id}\" can be compared only if the position \
                             declares them ordered: add `ordered: true` to its Choice"
                        ),
                    );
                }
                for o in named {
                    match position.option(o) {
                        None => {
                            let known = known(options.iter().map(|o| &o.id));
                            self.error(
                                path.to_owned(),
                                format!("position \"{position_id}\" has no option \"{o}\"{known}"),
                            );
                        }
                        Some(option) if option.not_addressed => self.warn(
                            path.to_owned(),
                            format!(
                                "option \"{o}\" stands for a package silent on \"{position_id}\"; a \
                                 condition on it is never used, since a silent position leaves the \
                                 red line to be judged on the real options"
                            ),
                        ),
                        Some(_) => {}
                    }
                }
            }
            (PositionKind::Number(spec), Expects::Number) => {
                if let Condition::Between(_, lo, hi) = atom
                    && lo >= hi
                {
                    self.error(
                        path.to_owned(),
                        format!(
                            "Between needs its lower bound below its upper bound, got {lo} and {hi}"
                        ),
                    );
                }
                if atom.thresholds().iter().any(|t| !t.is_finite()) {
                    self.refuse(path.to_owned(), "bounds must be finite numbers".to_owned());
                }
                let outside: Vec<String> = atom
                    .thresholds()
                    .into_iter()
                    .filter(|t| t.is_finite() && (*t < spec.min || *t > spec.max))
                    .map(format_number)
                    .collect();
                if !outside.is_empty() {
                    self.warn(
                        path.to_owned(),
                        format!(
                            "the bound {} is outside the position's range {}–{}, so it never \
                             separates two values; check the number",
                            outside.join(" and "),
                            format_number(spec.min),
                            format_number(spec.max)
                        ),
                    );
                }
                if matches!(atom, Condition::NoLimit(_)) && spec.no_limit.is_none() {
                    self.error(
                        path.to_owned(),
                        format!("position \"{position_id}\" does not allow \"no limit\""),
                    );
                }
            }
            (PositionKind::Choice { .. }, Expects::Number) => self.error(
                path.to_owned(),
                format!(
                    "\"{position_id}\" is a choice position, but this condition compares a number"
                ),
            ),
            (PositionKind::Number(_), Expects::Choice) => self.error(
                path.to_owned(),
                format!(
                    "\"{position_id}\" is a number position, but this condition names an option"
                ),
            ),
        }
    }
}

impl Checker<'_> {
    /// Every command searches the same domains, so a position too big to search is invalid for
    /// all of them, not just for `explore`.
    fn domain_sizes(&mut self, prefix: &str) {
        let thresholds = super::space::all_thresholds(self.model);
        for position in &self.model.positions {
            let values = match &position.kind {
                PositionKind::Choice { options, .. } => options.len(),
                // Each bound cuts one piece in two; "no limit" is one more.
                PositionKind::Number(_) => {
                    2 * thresholds.get(position.id.as_str()).map_or(0, Vec::len) + 2
                }
            };
            if values > MAX_POSITION_VALUES
                && super::space::domain(self.model, position).values.len() > MAX_POSITION_VALUES
            {
                self.refuse(
                    format!("{prefix}.positions[{}]", position.id),
                    format!(
                        "this position has more than {MAX_POSITION_VALUES} distinct values (options, \
                         or pieces of its range cut by the red lines' bounds); Red Lines can search \
                         at most {MAX_POSITION_VALUES}"
                    ),
                );
            }
        }
    }
}

fn known<'a>(ids: impl Iterator<Item = &'a String>) -> String {
    let ids: Vec<&str> = ids.map(String::as_str).collect();
    if ids.is_empty() || ids.len() > 12 {
        String::new()
    } else {
        format!(" (known: {})", ids.join(", "))
    }
}

/// A party's preferences are weighed by powers of two, most important first.
pub const MAX_PREFERENCES: usize = 40;

/// Every problem in a model. Paths start with `prefix`, e.g. "model".
pub fn validate_model(model: &Model, prefix: &str) -> Vec<Problem> {
    let mut c = Checker {
        model,
        problems: Vec::new(),
        suggestions_left: SUGGESTIONS,
    };
    if model.id.trim().is_empty() {
        c.error(format!("{prefix}.id"), "the model needs an id".to_owned());
    }
    c.unique(
        &format!("{prefix}.sources"),
        "source",
        model.sources.iter().map(|s| s.id.as_str()),
    );
    c.unique(
        &format!("{prefix}.parties"),
        "party",
        model.parties.iter().map(|p| p.id.as_str()),
    );
    c.unique(
        &format!("{prefix}.positions"),
        "position",
        model.positions.iter().map(|p| p.id.as_str()),
    );
    c.unique(
        &format!("{prefix}.red_lines"),
        "red line",
        model.red_lines.iter().map(|r| r.id.as_str()),
    );
    if model.parties.is_empty() {
        c.error(
            format!("{prefix}.parties"),
            "a model needs at least one party".to_owned(),
        );
    }
    for party in &model.parties {
        let path = format!("{prefix}.parties[{}]", party.id);
        if party.colour.is_some() && party.rgb().is_none() {
            c.warn(
                format!("{path}.colour"),
                "a colour is written \"#rrggbb\"; a default colour is used".to_owned(),
            );
        }
        for position in &party.controls {
            if model.position(position).is_none() {
                c.error(
                    format!("{path}.controls"),
                    format!(
                        "no position \"{position}\" to control{}",
                        known(model.positions.iter().map(|p| &p.id))
                    ),
                );
            }
        }
        if party.preferences.len() > MAX_PREFERENCES {
            c.refuse(
                format!("{path}.preferences"),
                format!("at most {MAX_PREFERENCES} preferences per party"),
            );
        }
        for (i, preference) in party.preferences.iter().enumerate() {
            c.condition_with_nesting(&format!("{path}.preferences[{i}]"), preference);
        }
        if !party.preferences.is_empty() && !party.ranking.is_empty() {
            c.error(
                format!("{path}.ranking"),
                "give preferences or a ranking, not both".to_owned(),
            );
        }
        for (tier, packages) in party.ranking.iter().enumerate() {
            for (k, package) in packages.iter().enumerate() {
                for (id, pick) in package {
                    let at = format!("{path}.ranking[{tier}][{k}]");
                    match model.position(id) {
                        None => c.error(
                            at,
                            format!(
                                "no position \"{id}\"{}",
                                known(model.positions.iter().map(|p| &p.id))
                            ),
                        ),
                        Some(position) => {
                            if let Some(problem) = pick_problem(position, pick) {
                                c.error(at, problem);
                            }
                        }
                    }
                }
            }
        }
    }
    for (i, condition) in model.infeasible.iter().enumerate() {
        c.condition_with_nesting(&format!("{prefix}.infeasible[{i}]"), condition);
    }
    for position in &model.positions {
        let path = format!("{prefix}.positions[{}]", position.id);
        match &position.kind {
            PositionKind::Choice {
                options, default, ..
            } => {
                if options.is_empty() {
                    c.error(
                        format!("{path}.kind"),
                        "a choice needs at least one option".to_owned(),
                    );
                }
                c.unique(
                    &format!("{path}.options"),
                    "option",
                    options.iter().map(|o| o.id.as_str()),
                );
                let silent: Vec<&str> = options
                    .iter()
                    .filter(|o| o.not_addressed)
                    .map(|o| o.id.as_str())
                    .collect();
                if silent.len() > 1 {
                    c.error(
                        format!("{path}.options"),
                        format!(
                            "only one option may be marked not_addressed, found {}",
                            silent.join(", ")
                        ),
                    );
                }
                if !options.is_empty() && silent.len() == options.len() {
                    c.error(
                        format!("{path}.options"),
                        "a position needs at least one option that addresses it".to_owned(),
                    );
                }
                if let Some(d) = default
                    && position.option(d).is_none()
                {
                    c.error(
                        format!("{path}.default"),
                        format!("unknown default option \"{d}\""),
                    );
                }
                for option in options {
                    for party in &option.backed_by {
                        c.party_exists(format!("{path}.options[{}].backed_by", option.id), party);
                    }
                    for source in &option.sources {
                        let path = format!("{path}.options[{}].sources", option.id);
                        c.source_exists(path.clone(), &source.source);
                        c.quote_is_verbatim(path, source);
                    }
                }
            }
            PositionKind::Number(spec) => {
                if !(spec.min.is_finite() && spec.max.is_finite() && spec.min <= spec.max) {
                    c.refuse(
                        path.clone(),
                        format!(
                            "min ({}) must be a number no greater than max ({})",
                            spec.min, spec.max
                        ),
                    );
                }
                if !(spec.step.is_finite() && spec.step > 0.0) {
                    c.refuse(
                        format!("{path}.step"),
                        "step must be a positive number".to_owned(),
                    );
                }
                if let Some(message) = pick_problem(position, &spec.default) {
                    c.error(format!("{path}.default"), message);
                }
            }
        }
    }
    c.domain_sizes(prefix);
    for red_line in &model.red_lines {
        let path = format!("{prefix}.red_lines[{}]", red_line.id);
        c.party_exists(format!("{path}.party"), &red_line.party);
        let inferred = red_line.basis == Basis::Inferred;
        let no_note = red_line.note.as_deref().is_none_or(|n| n.trim().is_empty());
        match &red_line.source {
            Some(source) => {
                c.source_exists(format!("{path}.source"), &source.source);
                if source.quote.trim().is_empty() {
                    c.error(
                        format!("{path}.source.quote"),
                        "a red line needs the verbatim quote it rests on".to_owned(),
                    );
                }
                c.quote_is_verbatim(format!("{path}.source.quote"), source);
            }
            None if inferred => {
                if no_note {
                    c.error(
                        format!("{path}.note"),
                        "an inferred red line without a quote rests on its note alone: give the \
                         note, or a source and quote"
                            .to_owned(),
                    );
                }
            }
            None => c.error(
                format!("{path}.source"),
                format!(
                    "a {} red line needs the verbatim quote it rests on: pick one from a source \
                     (in a file: source: (source: \"<source id>\", quote: \"...\"))",
                    red_line.basis.as_str()
                ),
            ),
        }
        if !inferred && red_line.speaker.trim().is_empty() {
            c.error(
                format!("{path}.speaker"),
                format!(
                    "a {} red line names who drew it; only an inferred line may leave the \
                     speaker out",
                    red_line.basis.as_str()
                ),
            );
        }
        if inferred && no_note && red_line.source.is_some() {
            c.warn(
                format!("{path}.note"),
                "an inferred red line is the modeller's reading: give a note that says why"
                    .to_owned(),
            );
        }
        c.condition_with_nesting(&format!("{path}.breaks_when"), &red_line.breaks_when);
        if super::eval::can_break(model, red_line, MAX_TRIES_TO_BREAK) == Some(false) {
            c.warn(
                format!("{path}.breaks_when"),
                "no package can break this red line: its condition holds for no picks of the \
                 positions it reads (does it ask one position for two options at once?)"
                    .to_owned(),
            );
        }
        if let Some(u) = &red_line.uncertain_when {
            c.condition_with_nesting(&format!("{path}.uncertain_when"), u);
        }
    }
    c.problems
}

/// Why `pick` is not valid for `position`, if it is not.
pub fn pick_problem(position: &super::types::Position, pick: &Pick) -> Option<String> {
    match (&position.kind, pick) {
        (PositionKind::Choice { options, .. }, Pick::Option(o)) => (position.option(o).is_none())
            .then(|| {
                format!(
                    "unknown option \"{o}\"{}",
                    known(options.iter().map(|o| &o.id))
                )
            }),
        (PositionKind::Number(spec), Pick::Value(v)) => {
            if !(v.is_finite() && *v >= spec.min && *v <= spec.max) {
                Some(format!("{v} is out of range {}..={}", spec.min, spec.max))
            } else if !spec.is_reachable(*v) {
                let below = spec.snap(v - spec.step / 2.0);
                let above = spec.snap(v + spec.step / 2.0);
                Some(format!(
                    "{} is not a value this position takes: it goes from {} in steps of {}; the \
                     nearest are {} and {}",
                    format_number(*v),
                    format_number(spec.min),
                    format_number(spec.step),
                    format_number(below),
                    format_number(above)
                ))
            } else {
                None
            }
        }
        (PositionKind::Number(spec), Pick::NoLimit) => spec
            .no_limit
            .is_none()
            .then(|| "this position does not allow NoLimit".to_owned()),
        (PositionKind::Number(spec), Pick::NotAddressed) => {
            spec.not_addressed.is_none().then(|| {
                "this position cannot be left unaddressed (its model gives no not_addressed label)"
                    .to_owned()
            })
        }
        (PositionKind::Choice { .. }, Pick::NotAddressed) => Some(
            "to leave a choice unaddressed, pick its not-addressed option: write \
             Option(\"<option id>\")"
                .to_owned(),
        ),
        (PositionKind::Choice { .. }, _) => {
            Some("this is a choice position: write Option(\"<option id>\")".to_owned())
        }
        (PositionKind::Number(_), Pick::Option(_)) => {
            Some("this is a number position: write Value(<number>) or NoLimit".to_owned())
        }
    }
}

/// Checks a scenario's choices against its model, and fills in defaults for missing ones.
pub fn validate_choices(model: &Model, choices: &mut Choices) -> Vec<Problem> {
    let mut c = Checker {
        model,
        problems: Vec::new(),
        suggestions_left: SUGGESTIONS,
    };
    for (id, pick) in choices.iter_mut() {
        let path = format!("choices[{id}]");
        match model.position(id) {
            None => {
                let known = known(model.positions.iter().map(|p| &p.id));
                c.error(path, format!("unknown position \"{id}\"{known}"));
            }
            Some(position) => {
                if let Some(message) = pick_problem(position, pick) {
                    c.error(path, message);
                } else if let (PositionKind::Number(spec), Pick::Value(v)) = (&position.kind, pick)
                {
                    // A stop written with float noise (0.8999999999999999) is read as the stop
                    // itself (0.9), so it is judged where the slider stands.
                    *v = spec.snap(*v);
                }
            }
        }
    }
    for position in &model.positions {
        if !choices.contains_key(&position.id) {
            let default = position.default_pick();
            c.warn(
                format!("choices[{}]", position.id),
                format!(
                    "no choice for this position; using the default, {}",
                    position.describe_pick(&default)
                ),
            );
            choices.insert(position.id.clone(), default);
        }
    }
    c.problems
}

/// The choices as they fit `model`: valid picks kept, the rest (and missing positions) at their
/// defaults, picks for positions it does not have dropped. For a model being edited.
pub fn fit_choices(model: &Model, choices: &Choices) -> Choices {
    let (mut fitted, _) = migrate_choices(model, choices);
    for position in &model.positions {
        fitted
            .entry(position.id.clone())
            .or_insert_with(|| position.default_pick());
    }
    fitted
}

/// Carries a scenario's choices over to a newer version of its model: picks that still exist
/// are kept, the rest take the position's default, and every change is a warning that says what
/// was picked and what is picked now.
pub fn migrate_choices(model: &Model, choices: &Choices) -> (Choices, Vec<Problem>) {
    let mut kept = Choices::new();
    let mut changes = Vec::new();
    for (id, pick) in choices {
        let path = format!("choices[{id}]");
        match model.position(id) {
            None => changes.push(Problem::warning(
                Location::Field(path),
                format!(
                    "position \"{id}\" no longer exists in version {} of the model; its pick was dropped",
                    model.version
                ),
            )),
            Some(position) => match pick_problem(position, pick) {
                None => {
                    kept.insert(id.clone(), pick.clone());
                }
                Some(_) => {
                    let default = position.default_pick();
                    let was = match pick {
                        Pick::Option(o) => format!("option \"{o}\""),
                        Pick::Value(v) => format!("the value {v}"),
                        Pick::NoLimit => "no limit".to_owned(),
                        Pick::NotAddressed => "not addressed".to_owned(),
                    };
                    changes.push(Problem::warning(
                        Location::Field(path),
                        format!(
                            "{was} no longer exists in version {} of the model; using the default, {}",
                            model.version,
                            position.describe_pick(&default)
                        ),
                    ));
                    kept.insert(id.clone(), default);
                }
            },
        }
    }
    (kept, changes)
}
