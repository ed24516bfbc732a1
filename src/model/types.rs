//! Long file: every domain type in one place: the file and the engine share one vocabulary.
//! The domain types. Ids are stable strings so files survive reordering and editing.

use serde::{Deserialize, Serialize};

use super::condition::Condition;

/// A negotiation model: who is at the table, what is on it, and where each party draws its lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: String,
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub parties: Vec<Party>,
    pub positions: Vec<Position>,
    pub red_lines: Vec<RedLine>,
    /// Packages that cannot happen (where any of these holds), left out of the stability
    /// analysis: for example two options that exclude each other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub infeasible: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// For example "news explainer".
    pub kind: String,
    /// As precise as the source allows: "2025-12", "mid-December 2025".
    pub date: String,
    /// Where the source's text is: a path relative to the model's own file (for a model in a
    /// file of its own, or inline in a scenario, the scenario's file), or, for the bundled
    /// models, below `assets/`. Quotes from a source with a text must be in it word for word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The source's text written into the file itself (pasted into the model editor, or for a
    /// self-contained scenario), instead of a `text` path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_inline: Option<String>,
    /// The text itself, once read: filled in when the model is loaded, never written.
    #[serde(skip)]
    pub content: LoadedText,
}

/// A source's text as read when its model was loaded. It is what the file says, not part of
/// the model's data: two models are equal whatever texts they have read.
#[derive(Clone, Debug, Default)]
pub struct LoadedText(pub Option<std::sync::Arc<str>>);

impl PartialEq for LoadedText {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl LoadedText {
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub short: String,
    /// A colour hint as "#rrggbb"; the UI may adjust it for contrast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// At the table, or an observer whose red lines are shown but not required by default.
    #[serde(default, skip_serializing_if = "Role::is_at_the_table")]
    pub role: Role,
    /// For the stability analysis: the positions the party can change on its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// For the stability analysis: what the party wants, most important first (option
    /// prioritization, as in GMCR+).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferences: Vec<Condition>,
    /// For the stability analysis, instead of preferences: packages ranked best first, in
    /// tiers of equally liked ones. A package names the picks it is about (positions left out
    /// match anything); a state matches the first it fits. States no package fits rank below
    /// every tier.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranking: Vec<Vec<std::collections::BTreeMap<String, Pick>>>,
    /// A package that breaks the party's red lines ranks below every package that breaks none
    /// (and fewer broken above more). Off, its red lines do not rank packages at all.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub hard_red_lines: bool,
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

/// Whether a party's acceptance is needed for a deal by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A party to the deal: the search requires it to accept unless told otherwise.
    #[default]
    AtTheTable,
    /// Outside the table: its red lines are shown, and the search requires it only when asked.
    Observer,
}

impl Role {
    pub fn is_at_the_table(&self) -> bool {
        *self == Role::AtTheTable
    }
}

impl Party {
    /// The colour hint as RGB, if it is a well-formed "#rrggbb".
    pub fn rgb(&self) -> Option<[u8; 3]> {
        parse_hex_colour(self.colour.as_deref()?)
    }
}

pub fn parse_hex_colour(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub kind: PositionKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PositionKind {
    /// Pick exactly one of the options.
    Choice {
        options: Vec<ChoiceOption>,
        /// The option a new scenario starts with; the first option if absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default: Option<String>,
        /// The options are listed in an order (least to most, of whatever the position
        /// measures), so conditions may compare them: `OptionAtLeast`, `OptionAtMost`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        ordered: bool,
    },
    /// Pick a number in `min..=max`, or "no limit" where `no_limit` is set.
    Number(NumberSpec),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberSpec {
    pub min: f64,
    pub max: f64,
    /// The slider's step; any value in range is valid in a file.
    pub step: f64,
    #[serde(default)]
    pub unit: String,
    pub default: Pick,
    /// The label of the "no limit" choice, e.g. "No cap"; `None` means no limit is not allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_limit: Option<String>,
    /// The label of the "not addressed" pick (a package silent on this number, e.g. "No figure
    /// given"); `None` means a scenario must give a number or no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_addressed: Option<String>,
}

/// `step` means what the slider can reach: `min + k·step` up to `max`, and `max` itself. A
/// scenario's value must be one of those, and the deal-space search only offers those.
///
/// The slider's values are whole numbers of steps, made as the decimals a file writes: with
/// `min: 0.0, step: 0.3` the fourth stop is 0.9, the same number as `0.9` in a file, never the
/// float sum 0.8999999999999999. So a value, a bound compared with it and a label all agree.
impl NumberSpec {
    fn has_grid(&self) -> bool {
        self.step.is_finite() && self.step > 0.0
    }

    fn tolerance(&self) -> f64 {
        self.step.abs() * 1e-9
    }

    /// The grid in whole numbers: `(min, step, scale)`, the stop `k` being
    /// `(min + k·step) / scale`, where `scale` is the power of ten that makes `min` and `step`
    /// (as written) whole. `None` where they have no short decimal form.
    fn whole_grid(&self) -> Option<(i128, i128, f64)> {
        if !self.has_grid() || !self.min.is_finite() {
            return None;
        }
        let decimals = decimals(self.min).max(decimals(self.step));
        let scale = 10f64.powi(i32::try_from(decimals).ok().filter(|d| *d <= 15)?);
        let (min, step) = ((self.min * scale).round(), (self.step * scale).round());
        let exact = min / scale == self.min && step / scale == self.step;
        let small = min.abs() < 2f64.powi(53) && step < 2f64.powi(53);
        (exact && small && step >= 1.0).then_some((min as i128, step as i128, scale))
    }

    /// The slider's `k`-th stop, `min + k·step`, as the decimal it is.
    pub fn value_at(&self, k: u64) -> f64 {
        match self.whole_grid() {
            Some((min, step, scale)) => {
                let whole = min.saturating_add(i128::from(k).saturating_mul(step));
                // Below 2^53 the whole number is exact as a float, and one division by a power of
                // ten rounds once: the same float as the decimal read from a file.
                if whole.unsigned_abs() < 1 << 53 {
                    return whole as f64 / scale;
                }
                self.min + k as f64 * self.step
            }
            None => self.min + k as f64 * self.step,
        }
    }

    /// The number of the last stop at or below `max`.
    fn last_stop(&self) -> u64 {
        let estimate = ((self.max - self.min) / self.step).floor().max(0.0);
        let mut k = if estimate >= u64::MAX as f64 {
            u64::MAX - 1
        } else {
            estimate as u64
        };
        while k > 0 && self.value_at(k) > self.max {
            k -= 1;
        }
        while self.value_at(k + 1) <= self.max {
            k += 1;
        }
        k
    }

    /// The stop nearest `v` (in range), by number.
    fn nearest_stop(&self, v: f64) -> u64 {
        let estimate = ((v - self.min) / self.step).round().max(0.0);
        let k = if estimate >= u64::MAX as f64 {
            u64::MAX
        } else {
            estimate as u64
        };
        k.min(self.last_stop())
    }

    /// Whether the slider can stand at `v`.
    pub fn is_reachable(&self, v: f64) -> bool {
        if !(v >= self.min && v <= self.max) {
            return false;
        }
        if v == self.max || !self.has_grid() {
            return true;
        }
        // Within a hair of a stop: a file written with float noise (0.8999999999999999) names
        // that stop, and is read as it (`snap`).
        (self.value_at(self.nearest_stop(v)) - v).abs() <= self.tolerance()
    }

    /// The reachable value nearest to `v`.
    pub fn snap(&self, v: f64) -> f64 {
        let v = v.clamp(self.min, self.max);
        if !self.has_grid() {
            return v;
        }
        let on_grid = self.value_at(self.nearest_stop(v));
        if (self.max - v).abs() < (on_grid - v).abs() {
            self.max
        } else {
            on_grid
        }
    }

    /// The first and last reachable values from `from` up to `to` (included when `closed`).
    pub fn reachable_in(&self, from: f64, to: f64, closed: bool) -> Option<(f64, f64)> {
        if !self.has_grid() {
            return Some((from, to));
        }
        let below_top = |v: f64| if closed { v <= to } else { v < to };
        let last_stop = self.last_stop();
        // The first stop at or above `from`: estimated, then settled by exact comparisons.
        let estimate = ((from - self.min) / self.step).floor().max(0.0);
        let mut k = if estimate >= last_stop as f64 {
            last_stop
        } else {
            estimate as u64
        };
        while k > 0 && self.value_at(k - 1) >= from {
            k -= 1;
        }
        while k <= last_stop && self.value_at(k) < from {
            k += 1;
        }
        let first = if k <= last_stop {
            self.value_at(k)
        } else {
            self.max
        };
        if first < from || !below_top(first) {
            return None;
        }
        // The last stop below the top, and `max` itself where it is below the top too.
        let mut last_k = k.min(last_stop);
        let estimate = ((to - self.min) / self.step).ceil().max(0.0);
        if estimate < last_stop as f64 {
            last_k = last_k.max(estimate as u64);
        } else {
            last_k = last_stop;
        }
        while last_k > k && !below_top(self.value_at(last_k)) {
            last_k -= 1;
        }
        while last_k < last_stop && below_top(self.value_at(last_k + 1)) {
            last_k += 1;
        }
        let mut last = if k <= last_stop {
            self.value_at(last_k)
        } else {
            first
        };
        if below_top(self.max) && self.max >= from {
            last = last.max(self.max);
        }
        Some((first, last.max(first)))
    }
}

/// How many digits `v` has after the decimal point, written as briefly as it reads back.
fn decimals(v: f64) -> usize {
    let written = format!("{v}");
    written
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    /// Parties that proposed or back this option.
    #[serde(default)]
    pub backed_by: Vec<String>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// This option stands for a package that says nothing on the position: red lines that read
    /// the position cannot be judged, so they are uncertain (unless every real option would
    /// give them the same verdict).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_addressed: bool,
    /// Once a package picks this option, no party can move away from it (in the stability
    /// analysis; GMCR's "can only be switched on").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub irreversible: bool,
}

/// Where in a source something is said.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub source: String,
    /// Verbatim text from the source.
    pub quote: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A direct quote of the party.
    Stated,
    /// The source's paraphrase of the party.
    Reported,
    /// The modeller's reading; the note says why.
    Inferred,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Stated => "stated",
            Basis::Reported => "reported",
            Basis::Inferred => "inferred",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Basis::Stated => "a direct quote of the party",
            Basis::Reported => "the source's paraphrase of the party's position",
            Basis::Inferred => "the modeller's reading of the source, not the party's words",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedLine {
    pub id: String,
    pub party: String,
    pub title: String,
    /// The red line in plain words.
    pub statement: String,
    /// Who drew the line. May be left empty for an `inferred` line: the reading is the
    /// modeller's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub speaker: String,
    /// The verbatim quote the line rests on. Required for `stated` and `reported`; an
    /// `inferred` line may rest on its note alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
    pub basis: Basis,
    /// An `inferred` line whose quote is the speaker's own words, as the source quotes them
    /// (the reading is the modeller's; the words are the speaker's). A `stated` quote always is.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub speakers_words: bool,
    pub breaks_when: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertain_when: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a scenario picks for one position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Pick {
    /// An option id of a choice position.
    Option(String),
    /// A value of a number position.
    Value(f64),
    /// "No limit" on a number position that allows it.
    NoLimit,
    /// A number position the package does not address (where the position allows it). A choice
    /// position is left unaddressed by picking its not-addressed option.
    NotAddressed,
}

impl Model {
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    pub fn position(&self, id: &str) -> Option<&Position> {
        self.positions.iter().find(|p| p.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn red_line(&self, id: &str) -> Option<&RedLine> {
        self.red_lines.iter().find(|r| r.id == id)
    }

    /// "Russia: Kyiv relinquishes Donbas" (or "RU: …" with `short`), for the red line at `index`.
    pub fn red_line_with_party(&self, index: usize, short: bool) -> String {
        let rl = &self.red_lines[index];
        let party = self.party(&rl.party).map_or(rl.party.as_str(), |p| {
            if short {
                p.short.as_str()
            } else {
                p.name.as_str()
            }
        });
        format!("{party}: {}", rl.title)
    }

    /// The parties that own these red lines (by index), each once, in the order met.
    pub fn parties_of(&self, red_lines: &[usize]) -> Vec<&Party> {
        let mut parties: Vec<&Party> = Vec::new();
        for &i in red_lines {
            if let Some(p) = self.party(&self.red_lines[i].party)
                && !parties.iter().any(|q| q.id == p.id)
            {
                parties.push(p);
            }
        }
        parties
    }
}

impl RedLine {
    /// The quote the line rests on, if it has one.
    pub fn quote(&self) -> Option<&str> {
        self.source.as_ref().map(|s| s.quote.as_str())
    }

    /// The source id of its quote, if it has one.
    pub fn source_id(&self) -> Option<&str> {
        self.source.as_ref().map(|s| s.source.as_str())
    }

    /// Who drew the line, in words: the speaker, or the modeller for an inferred line that
    /// names none.
    pub fn speaker_or_modeller(&self) -> &str {
        if self.speaker.trim().is_empty() {
            "the modeller"
        } else {
            &self.speaker
        }
    }
}

impl Position {
    pub fn option(&self, id: &str) -> Option<&ChoiceOption> {
        match &self.kind {
            PositionKind::Choice { options, .. } => options.iter().find(|o| o.id == id),
            PositionKind::Number(_) => None,
        }
    }

    /// The rank of `option` among the options, if the position is an ordered choice.
    pub fn option_rank(&self, option: &str) -> Option<usize> {
        match &self.kind {
            PositionKind::Choice {
                options,
                ordered: true,
                ..
            } => options
                .iter()
                .position(|o| o.id == option && !o.not_addressed),
            _ => None,
        }
    }

    /// Whether `pick` leaves this position unaddressed.
    pub fn is_unaddressed(&self, pick: &Pick) -> bool {
        match pick {
            Pick::NotAddressed => true,
            Pick::Option(id) => self.option(id).is_some_and(|o| o.not_addressed),
            _ => false,
        }
    }

    /// What a new scenario picks for this position.
    pub fn default_pick(&self) -> Pick {
        match &self.kind {
            PositionKind::Choice {
                options, default, ..
            } => Pick::Option(
                default
                    .clone()
                    .or_else(|| options.first().map(|o| o.id.clone()))
                    .unwrap_or_default(),
            ),
            PositionKind::Number(spec) => match spec.default {
                Pick::Value(v) if spec.is_reachable(v) => Pick::Value(spec.snap(v)),
                ref other => other.clone(),
            },
        }
    }

    /// The pick in words, e.g. "Operations inside Ukraine" or "800,000 troops".
    pub fn describe_pick(&self, pick: &Pick) -> String {
        match (pick, &self.kind) {
            (Pick::Option(id), _) => self
                .option(id)
                .map_or_else(|| id.clone(), |o| o.label.clone()),
            (Pick::Value(v), PositionKind::Number(spec)) => format_quantity(*v, &spec.unit),
            (Pick::Value(v), _) => format_number(*v),
            (
                Pick::NoLimit,
                PositionKind::Number(NumberSpec {
                    no_limit: Some(label),
                    ..
                }),
            ) => label.clone(),
            (Pick::NoLimit, _) => "no limit".to_owned(),
            (
                Pick::NotAddressed,
                PositionKind::Number(NumberSpec {
                    not_addressed: Some(label),
                    ..
                }),
            ) => label.clone(),
            (Pick::NotAddressed, _) => "not addressed".to_owned(),
        }
    }
}

/// "800,000" for 800000.0; keeps decimals only where there are some.
pub fn format_number(v: f64) -> String {
    if v.fract() != 0.0 || v.abs() >= 1e15 {
        return format!("{v}");
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// Below this, a count in `f64` is exact: every integer is a float, and a count made of smaller
/// counts by sums and products never passed through a rounded one.
pub const EXACT_COUNTS_BELOW: f64 = 9_007_199_254_740_992.0;

/// A count of packages in words: exact below 2^53, where `f64` holds every integer; beyond,
/// said to be approximate ("about 1.216 × 10^19"), as the float is only near the count.
pub fn format_count(n: f64) -> String {
    if n < EXACT_COUNTS_BELOW {
        format_number(n)
    } else {
        let exponent = n.log10().floor();
        format!("about {:.3} × 10^{exponent}", n / 10f64.powf(exponent))
    }
}

/// A count as a search left it: exact; or stopped, "at least" what it found, and "at most" a
/// proven upper bound where it has one.
pub fn format_count_bounds(count: f64, exact: bool, at_most: Option<f64>) -> String {
    match (exact, at_most) {
        (true, _) => format_count(count),
        (false, Some(most)) => format!(
            "at least {} and at most {}",
            format_count(count),
            format_count(most)
        ),
        (false, None) => format!("at least {}", format_count(count)),
    }
}

pub fn format_quantity(v: f64, unit: &str) -> String {
    if unit.is_empty() {
        format_number(v)
    } else {
        format!("{} {unit}", format_number(v))
    }
}
