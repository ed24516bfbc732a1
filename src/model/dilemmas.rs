//! The dilemmas of confrontation analysis (drama theory: Howard, *Confrontation Analysis: How
//! to Win Operations Other Than War*, CCRP 1999; Bryant, *The Six Dilemmas of Collaboration*,
//! Wiley 2003). A standoff is read from each party's **position** (the package it proposes),
//! the **threatened future** (what happens if nobody gives way) and the parties' preferences;
//! a dilemma is a comparison of those packages that undermines a party's stance:
//!
//! - **threat**: the party would rather move away from the threatened future, alone, than see
//!   it carried out (its threat is not credible);
//! - **deterrence** (Bryant's *rejection*): another party prefers the threatened future to the
//!   party's position (the threat does not deter it);
//! - **inducement** (Bryant's *persuasion*): the party prefers another's position to the
//!   threatened future;
//! - **positioning**: the party prefers another's position to its own;
//! - **trust**: were the party's position agreed, another party could do better by moving
//!   away from it alone;
//! - **cooperation**: the party itself could do better by moving away from its own position.
//!
//! Preferences are the model's: a party's `preferences` or `ranking` where given (with its
//! red lines above them unless they are soft), else its red lines alone, fewer broken
//! preferred. An uncertain red line may turn out broken or holding, the same way in both
//! packages compared; where the way it turns out decides a comparison, the dilemma is
//! *possible*, not certain, and names the line. Moving alone needs `controls`: without them,
//! threat, trust and cooperation cannot be judged, and the analysis says so.

use serde::Serialize;

use crate::model::eval::{Choices, Verdict, verdict};
use crate::model::space::Domain;
use crate::model::stability::{payoff, state_space};
use crate::model::types::{Model, Pick, PositionKind};
use crate::model::wording::possessive;

/// Moves of one party tried from one package, at most: beyond this, its moves are not judged.
pub const MAX_MOVES: usize = 100_000;

/// A kind of dilemma.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Threat,
    Deterrence,
    Inducement,
    Positioning,
    Trust,
    Cooperation,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Threat,
        Kind::Deterrence,
        Kind::Inducement,
        Kind::Positioning,
        Kind::Trust,
        Kind::Cooperation,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Threat => "Threat",
            Kind::Deterrence => "Deterrence",
            Kind::Inducement => "Inducement",
            Kind::Positioning => "Positioning",
            Kind::Trust => "Trust",
            Kind::Cooperation => "Cooperation",
        }
    }

    /// The question the dilemma answers yes to, for a party towards another.
    pub fn question(self) -> &'static str {
        match self {
            Kind::Threat => {
                "Would it rather move away from the threatened future than see it through?"
            }
            Kind::Deterrence => "Does the other prefer the threatened future to its position?",
            Kind::Inducement => "Does it prefer the other's position to the threatened future?",
            Kind::Positioning => "Does it prefer the other's position to its own?",
            Kind::Trust => "Were its position agreed, could the other do better by moving alone?",
            Kind::Cooperation => "Could it do better by moving away from its own position alone?",
        }
    }
}

/// How sure a dilemma is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// Whatever the uncertain red lines turn out to be.
    Certain,
    /// Only if some uncertain red lines turn out one way: they are named.
    Possible,
}

/// One dilemma, with what decides it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dilemma {
    pub kind: Kind,
    /// The party that has the dilemma (by index in the model).
    pub party: usize,
    /// The party it has it towards; none for threat and cooperation.
    pub towards: Option<usize>,
    pub certainty: Certainty,
    /// Whose preference the dilemma rests on (the party itself, or the other).
    pub judge: usize,
    /// The red lines of `judge` whose verdicts differ between the packages compared.
    pub deciding: Vec<usize>,
    /// Uncertain red lines of `judge` on whose outcome a possible dilemma rests.
    pub uncertain: Vec<usize>,
    /// Whether `judge`'s stated preferences (not its red lines) decide it.
    pub by_preferences: bool,
    /// For threat, trust and cooperation: the package a move alone reaches.
    pub move_to: Option<Choices>,
}

/// Everything the analysis found, and what it could not judge.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Dilemmas {
    pub dilemmas: Vec<Dilemma>,
    /// Why some dilemmas could not be judged, in words.
    pub not_judged: Vec<String>,
}

/// The packages of a confrontation: each party's position (if the file names one) and the
/// threatened future.
#[derive(Clone, Debug, PartialEq)]
pub struct Stances {
    pub positions: Vec<Option<Choices>>,
    pub threatened: Choices,
}

/// A comparison of two packages for one party: whether it prefers the first.
struct Preferred {
    certainty: Option<Certainty>,
    deciding: Vec<usize>,
    uncertain: Vec<usize>,
    by_preferences: bool,
}

/// Every dilemma of every party in `stances`, on `model`.
pub fn dilemmas(model: &Model, stances: &Stances) -> Dilemmas {
    let mut out = Dilemmas::default();
    let (domains, _) = state_space(model, &stances.threatened, true);
    let names = |i: usize| model.parties[i].name.as_str();
    let without_controls: Vec<&str> = (0..model.parties.len())
        .filter(|&i| model.parties[i].controls.is_empty())
        .map(names)
        .collect();
    if !without_controls.is_empty() {
        out.not_judged.push(format!(
            "{} cannot move alone: the model gives {} no positions to control, so {} threat, \
             trust and cooperation dilemmas cannot be judged.",
            without_controls.join(", "),
            if without_controls.len() == 1 {
                "it"
            } else {
                "them"
            },
            if without_controls.len() == 1 {
                "its"
            } else {
                "their"
            },
        ));
    }
    let without_position: Vec<&str> = (0..model.parties.len())
        .filter(|&i| stances.positions[i].is_none())
        .map(names)
        .collect();
    if !without_position.is_empty() {
        out.not_judged.push(format!(
            "{} {} no position in this file, so the dilemmas that compare {} position cannot \
             be judged.",
            without_position.join(", "),
            if without_position.len() == 1 {
                "has"
            } else {
                "have"
            },
            if without_position.len() == 1 {
                "its"
            } else {
                "their"
            },
        ));
    }
    let mut too_many = Vec::new();
    let moves_away = |party: usize, from: &Choices, too_many: &mut Vec<String>| {
        let found = improvement(model, &domains, party, from);
        if found.is_err() && !too_many.contains(&model.parties[party].name) {
            too_many.push(model.parties[party].name.clone());
        }
        found.ok().flatten()
    };
    let parties = model.parties.len();
    let judged = |kind, party, towards, judge, p: Preferred, move_to| {
        p.certainty.map(|certainty| Dilemma {
            kind,
            party,
            towards,
            certainty,
            judge,
            deciding: p.deciding,
            uncertain: if certainty == Certainty::Possible {
                p.uncertain
            } else {
                Vec::new()
            },
            by_preferences: p.by_preferences,
            move_to,
        })
    };
    for i in 0..parties {
        let controls = !model.parties[i].controls.is_empty();
        if controls && let Some((to, p)) = moves_away(i, &stances.threatened, &mut too_many) {
            out.dilemmas
                .extend(judged(Kind::Threat, i, None, i, p, Some(to)));
        }
        let own = stances.positions[i].as_ref();
        for j in (0..parties).filter(|&j| j != i) {
            let theirs = stances.positions[j].as_ref();
            if let Some(own) = own {
                let p = prefers(model, &domains, j, &stances.threatened, own);
                out.dilemmas
                    .extend(judged(Kind::Deterrence, i, Some(j), j, p, None));
            }
            if let Some(theirs) = theirs {
                let p = prefers(model, &domains, i, theirs, &stances.threatened);
                out.dilemmas
                    .extend(judged(Kind::Inducement, i, Some(j), i, p, None));
            }
            if let (Some(own), Some(theirs)) = (own, theirs) {
                let p = prefers(model, &domains, i, theirs, own);
                out.dilemmas
                    .extend(judged(Kind::Positioning, i, Some(j), i, p, None));
            }
            if let Some(own) = own
                && !model.parties[j].controls.is_empty()
                && let Some((to, p)) = moves_away(j, own, &mut too_many)
            {
                out.dilemmas
                    .extend(judged(Kind::Trust, i, Some(j), j, p, Some(to)));
            }
        }
        if let Some(own) = own
            && controls
            && let Some((to, p)) = moves_away(i, own, &mut too_many)
        {
            out.dilemmas
                .extend(judged(Kind::Cooperation, i, None, i, p, Some(to)));
        }
    }
    if !too_many.is_empty() {
        out.not_judged.push(format!(
            "{} can move to more than {MAX_MOVES} packages alone: {} moves were not judged.",
            too_many.join(", "),
            if too_many.len() == 1 { "its" } else { "their" }
        ));
    }
    out.dilemmas.sort_by_key(|d| (d.kind, d.party, d.towards));
    out
}

/// Whether `party` prefers package `a` to package `b`: certainly, possibly (as uncertain red
/// lines turn out), or not.
fn prefers(model: &Model, domains: &[Domain], party: usize, a: &Choices, b: &Choices) -> Preferred {
    let p = &model.parties[party];
    let stated = !p.preferences.is_empty() || !p.ranking.is_empty();
    let (score_a, score_b) = if stated {
        let mut soft = p.clone();
        soft.hard_red_lines = false;
        let score = |choices: &Choices| {
            payoff(model, &soft, choices, &|ranked| {
                fits(domains, choices, ranked)
            })
        };
        (score(a), score(b))
    } else {
        (0, 0)
    };
    // The red lines' part: how many more a breaks than b, at least and at most, an uncertain
    // line turning out the same way in both where it is uncertain in both.
    let (mut low, mut high) = (0i64, 0i64);
    let (mut deciding, mut uncertain) = (Vec::new(), Vec::new());
    if p.hard_red_lines || !stated {
        for (r, line) in model.red_lines.iter().enumerate() {
            if line.party != p.id {
                continue;
            }
            let (va, vb) = (verdict(model, line, a), verdict(model, line, b));
            if va == vb {
                continue;
            }
            deciding.push(r);
            let range = |v: Verdict| match v {
                Verdict::Breaks => (1, 1),
                Verdict::Uncertain => (0, 1),
                Verdict::Holds => (0, 0),
            };
            let ((a_low, a_high), (b_low, b_high)) = (range(va), range(vb));
            low += a_low - b_high;
            high += a_high - b_low;
            if va == Verdict::Uncertain || vb == Verdict::Uncertain {
                uncertain.push(r);
            }
        }
    }
    // Fewer broken first; then the stated preferences.
    let ahead = score_a > score_b;
    let wins = |diff: i64| diff < 0 || (diff == 0 && ahead);
    let certainty = if wins(high) {
        Some(Certainty::Certain)
    } else if wins(low) {
        Some(Certainty::Possible)
    } else {
        None
    };
    Preferred {
        certainty,
        by_preferences: stated && low <= 0 && high >= 0 && score_a != score_b,
        deciding,
        uncertain,
    }
}

/// Whether a ranked package fits `choices`: each of its picks falls in the piece `choices`
/// takes, as the stability analysis reads a ranking.
fn fits(domains: &[Domain], choices: &Choices, ranked: &Choices) -> bool {
    ranked.iter().all(|(id, want)| {
        domains.iter().any(|d| {
            &d.position == id
                && choices
                    .get(id)
                    .and_then(|pick| d.index_of(pick))
                    .is_some_and(|v| d.values[v].contains(want))
        })
    })
}

/// A package `party` reaches from `from` by changing positions it controls, and prefers
/// (certainly, if any; else possibly): `Ok(None)` when there is none, `Err(())` when it has
/// more than [`MAX_MOVES`] to try.
fn improvement(
    model: &Model,
    domains: &[Domain],
    party: usize,
    from: &Choices,
) -> Result<Option<(Choices, Preferred)>, ()> {
    let p = &model.parties[party];
    let controlled: Vec<usize> = (0..model.positions.len())
        .filter(|&i| p.controls.contains(&model.positions[i].id))
        .collect();
    let sizes: Vec<usize> = controlled
        .iter()
        .map(|&i| domains[i].values.len())
        .collect();
    let count = sizes
        .iter()
        .try_fold(1usize, |n, &s| n.checked_mul(s.max(1)));
    if count.is_none_or(|n| n > MAX_MOVES) {
        return Err(());
    }
    let position = |id: &str| model.position(id);
    let mut digits = vec![0usize; controlled.len()];
    let mut possible = None;
    loop {
        let mut to = from.clone();
        let mut moved = false;
        let mut stuck = false;
        for (&i, &v) in controlled.iter().zip(&digits) {
            let pos = &model.positions[i];
            let value = &domains[i].values[v];
            let now = from
                .get(&pos.id)
                .cloned()
                .unwrap_or_else(|| pos.default_pick());
            if value.contains(&now) {
                continue;
            }
            // An irreversible option is never left.
            if let (PositionKind::Choice { options, .. }, Pick::Option(id)) = (&pos.kind, &now)
                && options.iter().any(|o| &o.id == id && o.irreversible)
            {
                stuck = true;
            }
            to.insert(pos.id.clone(), value.pick.clone());
            moved = true;
        }
        let pick = |id: &str| to.get(id);
        let feasible = !model.infeasible.iter().any(|c| c.holds(&position, &pick));
        if moved && !stuck && feasible {
            let found = prefers(model, domains, party, &to, from);
            match found.certainty {
                Some(Certainty::Certain) => return Ok(Some((to, found))),
                Some(Certainty::Possible) if possible.is_none() => possible = Some((to, found)),
                _ => {}
            }
        }
        let Some(k) = (0..digits.len()).find(|&k| digits[k] + 1 < sizes[k]) else {
            return Ok(possible);
        };
        digits[k] += 1;
        digits[..k].iter_mut().for_each(|d| *d = 0);
    }
}

/// One red line that decides a dilemma: how it fares in the two packages compared, and in
/// whose words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deciding {
    pub red_line: String,
    pub title: String,
    /// Its verdicts in the first package compared and in the second.
    pub verdicts: [Verdict; 2],
    /// Whether its outcome is what makes the dilemma possible rather than certain.
    pub uncertain: bool,
    pub basis: &'static str,
    /// The quote, introduced and credited, or the modeller's reading where there is none.
    pub words: String,
}

impl Dilemma {
    /// The two packages compared (the one the judge is asked whether it prefers first), by
    /// name.
    pub fn compared(&self, model: &Model, stances: &Stances) -> [(String, Choices); 2] {
        let name = |i: usize| model.parties[i].name.clone();
        let position = |i: usize| stances.positions[i].clone().unwrap_or_default();
        let future = || {
            (
                "the threatened future".to_owned(),
                stances.threatened.clone(),
            )
        };
        let moved = || {
            (
                "the move".to_owned(),
                self.move_to.clone().unwrap_or_default(),
            )
        };
        let own = |i: usize| (format!("{} position", possessive(&name(i))), position(i));
        let other = self.towards.unwrap_or(self.party);
        match self.kind {
            Kind::Threat => [moved(), future()],
            Kind::Deterrence => [future(), own(self.party)],
            Kind::Inducement => [own(other), future()],
            Kind::Positioning => [own(other), own(self.party)],
            Kind::Trust | Kind::Cooperation => [moved(), own(self.party)],
        }
    }

    /// The dilemma in one sentence a briefer can say.
    pub fn sentence(&self, model: &Model, stances: &Stances) -> String {
        let name = |i: usize| model.parties[i].name.as_str();
        let (i, j) = (name(self.party), self.towards.map(name).unwrap_or_default());
        let moving = |from: &Choices| {
            self.move_to
                .as_ref()
                .map(|to| changes(model, from, to))
                .unwrap_or_default()
        };
        let own = stances.positions[self.party].clone().unwrap_or_default();
        let (is, js) = (possessive(i), possessive(j));
        let sentence = match self.kind {
            Kind::Threat => format!(
                "{i} would rather not see the threatened future through: alone, it could move \
                 to {}, which it prefers.",
                moving(&stances.threatened)
            ),
            Kind::Deterrence => format!(
                "{is} threat does not deter {j}: {j} prefers the threatened future to {is} \
                 position."
            ),
            Kind::Inducement => {
                format!("{i} would rather accept {js} position than see the threatened future.")
            }
            Kind::Positioning => format!("{i} prefers {js} position to its own."),
            Kind::Trust => format!(
                "{i} cannot trust {j}: were {is} position agreed, {j} could do better by moving \
                 alone to {}.",
                moving(&own)
            ),
            Kind::Cooperation => format!(
                "{i} is tempted to leave its own position: alone, it could do better by moving \
                 to {}.",
                moving(&own)
            ),
        };
        match self.certainty {
            Certainty::Certain => sentence,
            Certainty::Possible => format!(
                "Possibly: {sentence} It depends on how {} uncertain red line{} of {} turn{} out.",
                self.uncertain.len(),
                if self.uncertain.len() == 1 { "" } else { "s" },
                name(self.judge),
                if self.uncertain.len() == 1 { "s" } else { "" },
            ),
        }
    }

    /// Why, a line each with its words beneath: whose stated preferences decide it, where
    /// they do, then each deciding red line, "Title (basis): X in A, Y in B", with its quote.
    /// The same lines for the command line, the tab and the handout.
    pub fn why(&self, model: &Model, stances: &Stances) -> Vec<(String, String)> {
        let [(a, _), (b, _)] = self.compared(model, stances);
        let mut lines = Vec::new();
        if self.by_preferences {
            lines.push((
                format!(
                    "{}'s stated preferences rank {a} above {b}.",
                    model.parties[self.judge].name
                ),
                String::new(),
            ));
        }
        lines.extend(self.deciding(model, stances).into_iter().map(|line| {
            let decides = if line.uncertain {
                " (its outcome decides whether the dilemma holds)"
            } else {
                ""
            };
            (
                format!(
                    "{} ({}): {} in {a}, {} in {b}{decides}",
                    line.title,
                    line.basis,
                    line.verdicts[0].as_str(),
                    line.verdicts[1].as_str(),
                ),
                line.words,
            )
        }));
        lines
    }

    /// The red lines that decide it, each with its verdicts in the two packages compared and
    /// in whose words.
    pub fn deciding(&self, model: &Model, stances: &Stances) -> Vec<Deciding> {
        let [(_, a), (_, b)] = self.compared(model, stances);
        self.deciding
            .iter()
            .map(|&r| {
                let line = &model.red_lines[r];
                let c = crate::model::wording::citation(model, line);
                let mut words = c.reading.clone().unwrap_or_default();
                if let Some(quote) = &c.quote {
                    let lead = c
                        .lead
                        .as_deref()
                        .map(|l| format!("{l} "))
                        .unwrap_or_default();
                    let sep = if words.is_empty() { "" } else { " " };
                    words += &format!("{sep}{lead}“{quote}” {}", c.credit);
                }
                Deciding {
                    red_line: line.id.clone(),
                    title: line.title.clone(),
                    verdicts: [verdict(model, line, &a), verdict(model, line, &b)],
                    uncertain: self.uncertain.contains(&r),
                    basis: line.basis.as_str(),
                    words,
                }
            })
            .collect()
    }
}

/// Every position's pick in `package`, in words.
pub fn package_words(model: &Model, package: &Choices) -> String {
    let parts: Vec<String> = model
        .positions
        .iter()
        .map(|p| {
            let pick = package
                .get(&p.id)
                .cloned()
                .unwrap_or_else(|| p.default_pick());
            format!("{}: {}", p.title, p.describe_pick(&pick))
        })
        .collect();
    parts.join("; ")
}

/// The positions where `to` differs from `from`, in words.
pub fn changes(model: &Model, from: &Choices, to: &Choices) -> String {
    let parts: Vec<String> = model
        .positions
        .iter()
        .filter_map(|p| {
            let now = from.get(&p.id).cloned().unwrap_or_else(|| p.default_pick());
            let then = to.get(&p.id).cloned().unwrap_or_else(|| p.default_pick());
            (now != then).then(|| format!("{}: {}", p.title, p.describe_pick(&then)))
        })
        .collect();
    if parts.is_empty() {
        "the same package".to_owned()
    } else {
        parts.join("; ")
    }
}
