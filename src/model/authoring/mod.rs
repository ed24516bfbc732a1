//! Building and changing a model: new models to start from, fresh ids, renaming an id with
//! every reference to it, and what would break if something were removed. Pure functions over
//! [`Model`]; the editor turns their results into edits.

use super::condition::Condition;
use super::types::{
    Basis, ChoiceOption, Model, Party, Position, PositionKind, RedLine, Role, Source, SourceRef,
};

mod conditions;
pub use conditions::*;

/// An id not yet used among `taken`: `prefix1`, `prefix2`, …
pub fn fresh_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.clone().any(|t| t == id))
        .unwrap_or_else(|| prefix.to_owned())
}

/// The number of a new item after `count` others: the next free one for `prefix`, so its id
/// and its name agree ("party5", "Party 5") even where ids were given by hand.
fn fresh_number<'a>(
    prefix: &str,
    count: usize,
    taken: impl Iterator<Item = &'a str> + Clone,
) -> usize {
    (count + 1..)
        .find(|n| !taken.clone().any(|t| t == format!("{prefix}{n}")))
        .unwrap_or(count + 1)
}

pub fn new_party(model: &Model) -> Party {
    let ids = model.parties.iter().map(|p| p.id.as_str());
    let n = fresh_number("party", model.parties.len(), ids);
    Party {
        id: format!("party{n}"),
        name: format!("Party {n}"),
        short: format!("P{n}"),
        colour: None,
        role: Role::AtTheTable,
        controls: Vec::new(),
        preferences: Vec::new(),
        ranking: Vec::new(),
        hard_red_lines: true,
    }
}

pub fn new_option(options: &[ChoiceOption], label: &str) -> ChoiceOption {
    ChoiceOption {
        id: fresh_id("option", options.iter().map(|o| o.id.as_str())),
        label: label.to_owned(),
        description: String::new(),
        backed_by: Vec::new(),
        sources: Vec::new(),
        not_addressed: false,
        irreversible: false,
    }
}

/// A choice position with two options to rename.
pub fn new_position(model: &Model) -> Position {
    let first = new_option(&[], "First option");
    let second = new_option(std::slice::from_ref(&first), "Second option");
    let ids = model.positions.iter().map(|p| p.id.as_str());
    let n = fresh_number("position", model.positions.len(), ids);
    Position {
        id: format!("position{n}"),
        title: format!("Position {n}"),
        description: String::new(),
        kind: PositionKind::Choice {
            options: vec![first, second],
            default: None,
            ordered: false,
        },
    }
}

/// A red line of `party` that breaks on nothing yet (an empty "any of", which the editor
/// fills part by part), so adding it changes no verdict. An inferred line with no note: the
/// problems list says what to fill in.
pub fn new_red_line(model: &Model, party: &str) -> RedLine {
    let breaks_when = Condition::Any(Vec::new());
    RedLine {
        id: fresh_id("red_line", model.red_lines.iter().map(|r| r.id.as_str())),
        party: party.to_owned(),
        title: "New red line".to_owned(),
        statement: String::new(),
        speaker: String::new(),
        source: None,
        basis: Basis::Inferred,
        speakers_words: false,
        breaks_when,
        uncertain_when: None,
        note: None,
    }
}

/// `Is(first choice position, its first option)`, or a bound on the first number position.
pub fn first_atom(model: &Model) -> Option<Condition> {
    model.positions.iter().find_map(|p| match &p.kind {
        PositionKind::Choice { options, .. } => options
            .first()
            .map(|o| Condition::Is(p.id.clone(), o.id.clone())),
        PositionKind::Number(spec) => Some(Condition::Below(p.id.clone(), spec.max)),
    })
}

pub fn new_source(model: &Model) -> Source {
    Source {
        id: fresh_id("source", model.sources.iter().map(|s| s.id.as_str())),
        title: "New source".to_owned(),
        kind: "notes".to_owned(),
        date: String::new(),
        text: None,
        text_inline: None,
        content: Default::default(),
    }
}

/// An empty model: a title, and nothing else yet.
pub fn empty_model() -> Model {
    Model {
        id: "my-model".to_owned(),
        version: 1,
        title: "My model".to_owned(),
        description: String::new(),
        sources: Vec::new(),
        parties: Vec::new(),
        positions: Vec::new(),
        red_lines: Vec::new(),
        infeasible: Vec::new(),
    }
}

/// A small model to fill in: two parties, one position, and one red line each way.
pub fn template_model() -> Model {
    let mut model = empty_model();
    let mut a = new_party(&model);
    a.name = "First party".to_owned();
    a.short = "A".to_owned();
    model.parties.push(a);
    let mut b = new_party(&model);
    b.name = "Second party".to_owned();
    b.short = "B".to_owned();
    model.parties.push(b);
    let position = new_position(&model);
    let (first, second) = match &position.kind {
        PositionKind::Choice { options, .. } => (options[0].id.clone(), options[1].id.clone()),
        PositionKind::Number(_) => unreachable!("a new position is a choice"),
    };
    let position_id = position.id.clone();
    model.positions.push(position);
    for (party, option) in [("party1", &second), ("party2", &first)] {
        let mut line = new_red_line(&model, party);
        line.breaks_when = Condition::Is(position_id.clone(), option.clone());
        model.red_lines.push(line);
    }
    model
}

fn conditions_mut(red_line: &mut RedLine) -> impl Iterator<Item = &mut Condition> {
    std::iter::once(&mut red_line.breaks_when).chain(red_line.uncertain_when.as_mut())
}

fn quotes_mut(model: &mut Model) -> impl Iterator<Item = &mut SourceRef> {
    let lines = model.red_lines.iter_mut().filter_map(|r| r.source.as_mut());
    let options = model.positions.iter_mut().flat_map(|p| match &mut p.kind {
        PositionKind::Choice { options, .. } => options
            .iter_mut()
            .flat_map(|o| o.sources.iter_mut())
            .collect::<Vec<_>>(),
        PositionKind::Number(_) => Vec::new(),
    });
    lines.chain(options)
}

pub fn rename_party(model: &mut Model, from: &str, to: &str) {
    for party in &mut model.parties {
        if party.id == from {
            party.id = to.to_owned();
        }
    }
    for red_line in &mut model.red_lines {
        if red_line.party == from {
            red_line.party = to.to_owned();
        }
    }
    for position in &mut model.positions {
        if let PositionKind::Choice { options, .. } = &mut position.kind {
            for backer in options.iter_mut().flat_map(|o| o.backed_by.iter_mut()) {
                if backer == from {
                    *backer = to.to_owned();
                }
            }
        }
    }
}

pub fn rename_position(model: &mut Model, from: &str, to: &str) {
    for position in &mut model.positions {
        if position.id == from {
            position.id = to.to_owned();
        }
    }
    for red_line in &mut model.red_lines {
        for condition in conditions_mut(red_line) {
            condition.for_each_atom_mut(&mut |atom| {
                if let Some(p) = atom.atom_position_mut().filter(|p| *p == from) {
                    *p = to.to_owned();
                }
            });
        }
    }
}

pub fn rename_option(model: &mut Model, position: &str, from: &str, to: &str) {
    if let Some(PositionKind::Choice {
        options, default, ..
    }) = model
        .positions
        .iter_mut()
        .find(|p| p.id == position)
        .map(|p| &mut p.kind)
    {
        for option in options.iter_mut() {
            if option.id == from {
                option.id = to.to_owned();
            }
        }
        if default.as_deref() == Some(from) {
            *default = Some(to.to_owned());
        }
    }
    for red_line in &mut model.red_lines {
        for condition in conditions_mut(red_line) {
            condition.for_each_atom_mut(&mut |atom| match atom {
                Condition::Is(p, o)
                | Condition::OptionAtLeast(p, o)
                | Condition::OptionAtMost(p, o)
                    if p == position && o == from =>
                {
                    *o = to.to_owned();
                }
                Condition::OneOf(p, os) if p == position => {
                    for o in os.iter_mut().filter(|o| *o == from) {
                        *o = to.to_owned();
                    }
                }
                _ => {}
            });
        }
    }
}

pub fn rename_source(model: &mut Model, from: &str, to: &str) {
    for source in &mut model.sources {
        if source.id == from {
            source.id = to.to_owned();
        }
    }
    for quote in quotes_mut(model) {
        if quote.source == from {
            quote.source = to.to_owned();
        }
    }
}

/// The red lines whose conditions read `position` (or, with `option`, name that option).
fn lines_reading(model: &Model, position: &str, option: Option<&str>) -> Vec<String> {
    model
        .red_lines
        .iter()
        .filter(|r| {
            std::iter::once(&r.breaks_when)
                .chain(r.uncertain_when.as_ref())
                .any(|c| {
                    let mut found = false;
                    c.for_each_atom(&mut |atom| {
                        let names_option = match atom {
                            Condition::Is(_, o)
                            | Condition::OptionAtLeast(_, o)
                            | Condition::OptionAtMost(_, o) => option.is_none_or(|x| x == o),
                            Condition::OneOf(_, os) => {
                                option.is_none_or(|x| os.iter().any(|o| o == x))
                            }
                            _ => option.is_none(),
                        };
                        found |= atom.atom_position() == Some(position) && names_option;
                    });
                    found
                })
        })
        .map(|r| format!("red line \"{}\" reads it", r.title))
        .collect()
}

/// What names a party: its red lines, and the options it backs.
pub fn references_to_party(model: &Model, id: &str) -> Vec<String> {
    let mut out: Vec<String> = model
        .red_lines
        .iter()
        .filter(|r| r.party == id)
        .map(|r| format!("red line \"{}\" is its", r.title))
        .collect();
    for position in &model.positions {
        if let PositionKind::Choice { options, .. } = &position.kind {
            out.extend(
                options
                    .iter()
                    .filter(|o| o.backed_by.iter().any(|b| b == id))
                    .map(|o| format!("option \"{}\" names it as a backer", o.label)),
            );
        }
    }
    out
}

pub fn references_to_position(model: &Model, id: &str) -> Vec<String> {
    lines_reading(model, id, None)
}

pub fn references_to_option(model: &Model, position: &str, option: &str) -> Vec<String> {
    lines_reading(model, position, Some(option))
}

/// Every quote taken from a source, with who takes it: red lines, then options.
pub fn quotes_of<'m>(model: &'m Model, source: &str) -> Vec<(String, &'m str)> {
    let mut out: Vec<(String, &str)> = model
        .red_lines
        .iter()
        .filter_map(|r| Some((r, r.source.as_ref()?)))
        .filter(|(_, s)| s.source == source)
        .map(|(r, s)| (format!("red line \"{}\"", r.title), s.quote.as_str()))
        .collect();
    for position in &model.positions {
        if let PositionKind::Choice { options, .. } = &position.kind {
            for option in options {
                out.extend(
                    option
                        .sources
                        .iter()
                        .filter(|s| s.source == source)
                        .map(|s| (format!("option \"{}\"", option.label), s.quote.as_str())),
                );
            }
        }
    }
    out
}

/// The quotes from a source: what removing it would leave citing nothing.
pub fn references_to_source(model: &Model, id: &str) -> Vec<String> {
    quotes_of(model, id)
        .into_iter()
        .map(|(who, _)| format!("{who} quotes it"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::validate_model;

    #[test]
    fn the_template_lists_what_to_fill_in_and_nothing_else() {
        let model = template_model();
        let problems = validate_model(&model, "model");
        // Each red line still needs its reading (or a quote): those are the only problems.
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(
            problems
                .iter()
                .all(|p| p.message.contains("rests on its note alone"))
        );
        assert_eq!(model.parties.len(), 2);
    }

    #[test]
    fn a_new_party_or_position_has_an_id_and_a_name_that_agree() {
        let mut model = template_model();
        model.parties.push(new_party(&model));
        model.parties.push(new_party(&model));
        let last = model.parties.last().expect("added");
        assert_eq!(
            (last.id.as_str(), last.name.as_str()),
            ("party4", "Party 4")
        );
        model.parties[0].id = "party5".into();
        let next = new_party(&model);
        assert_eq!(
            (next.id.as_str(), next.name.as_str()),
            ("party6", "Party 6")
        );
        let position = new_position(&model);
        let n = model.positions.len() + 1;
        assert_eq!(position.id, format!("position{n}"));
        assert_eq!(position.title, format!("Position {n}"));
    }

    #[test]
    fn renaming_carries_every_reference() {
        let mut model = template_model();
        model.sources.push(new_source(&model));
        model.red_lines[0].source = Some(SourceRef {
            source: "source1".into(),
            quote: "q".into(),
        });
        rename_party(&mut model, "party1", "union");
        rename_position(&mut model, "position1", "pay");
        rename_option(&mut model, "pay", "option2", "rise");
        rename_source(&mut model, "source1", "minutes");
        assert_eq!(model.red_lines[0].party, "union");
        assert_eq!(
            model.red_lines[0].breaks_when,
            Condition::Is("pay".into(), "rise".into())
        );
        assert_eq!(model.red_lines[0].source_id(), Some("minutes"));
        // Nothing refers to an id that is gone.
        assert!(
            validate_model(&model, "model")
                .iter()
                .all(|p| !p.message.contains("unknown"))
        );
    }

    #[test]
    fn removing_what_is_referenced_lists_what_would_break() {
        let model = template_model();
        assert_eq!(references_to_party(&model, "party1").len(), 1);
        assert_eq!(references_to_position(&model, "position1").len(), 2);
        assert_eq!(
            references_to_option(&model, "position1", "option1").len(),
            1
        );
        assert!(references_to_source(&model, "none").is_empty());
    }

    #[test]
    fn a_condition_changed_to_each_kind_is_of_that_kind() {
        let model = template_model();
        let start = first_atom(&model).expect("the template has a position");
        for kind in ConditionKind::ALL {
            let changed = converted(&model, &start, kind);
            assert_eq!(ConditionKind::of(&changed), kind, "{}", kind.label());
        }
        let labels: std::collections::HashSet<_> =
            ConditionKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(
            labels.len(),
            ConditionKind::ALL.len(),
            "each kind has its own words"
        );
    }
}
