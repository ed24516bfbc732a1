//! The Stability tab's equilibria: the packages stable for every party, as a table sorted by
//! any column, each row with a button that loads its package; and the marks (✔ stable, ✖ moves)
//! every table of the tab shows.

use super::*;

#[derive(Debug)]
pub(super) struct Equilibrium {
    /// Its state in the analysis' graph.
    pub(super) state: usize,
    pub(super) marks: [bool; 4],
    /// Positions that differ from the status quo.
    pub(super) changes: usize,
    /// Per party: its place for the package in its preferences (1 is its favourite).
    pub(super) ranks: Vec<usize>,
}

impl Equilibrium {
    fn concepts(&self) -> usize {
        self.marks.iter().filter(|m| **m).count()
    }
}

/// A column of the equilibria table, to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// How many concepts the package is an equilibrium under.
    Concepts,
    Concept(usize),
    /// How many positions it changes from the package on screen.
    Changes,
    /// Its place in one party's preferences.
    Rank(usize),
}

/// The equilibria table's order: by a column, the natural way first (stable first, fewest
/// changes first, a party's favourites first) or reversed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub reversed: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            column: Column::Concepts,
            reversed: false,
        }
    }
}

impl Sort {
    fn compare(self, a: &Equilibrium, b: &Equilibrium) -> std::cmp::Ordering {
        let natural = match self.column {
            Column::Concepts => b.concepts().cmp(&a.concepts()),
            Column::Concept(c) => b.marks[c].cmp(&a.marks[c]),
            Column::Changes => a.changes.cmp(&b.changes),
            // A column of another model's party sorts nothing.
            Column::Rank(p) => a.ranks.get(p).cmp(&b.ranks.get(p)),
        };
        let primary = if self.reversed {
            natural.reverse()
        } else {
            natural
        };
        // Ties: most concepts, then fewest changes; the rest keep the states' order.
        primary
            .then_with(|| b.concepts().cmp(&a.concepts()))
            .then_with(|| a.changes.cmp(&b.changes))
    }
}

/// One listed equilibrium, in words.
#[derive(Debug)]
pub(super) struct Row {
    pub(super) state: usize,
    pub(super) description: String,
    /// Per position: its id and the piece of its domain the state takes.
    pub(super) values: Vec<(String, DomainValue)>,
    pub(super) marks: [bool; 4],
    pub(super) changes: usize,
    pub(super) ranks: Vec<usize>,
}

/// The first `LISTED` equilibria in `sort`'s order, in words: a selection, then a sort of
/// those alone, so a click on a header costs one pass over the equilibria.
pub(super) fn listed(model: &Model, analysis: &Analysis, sort: Sort) -> Vec<Row> {
    let mut order: Vec<&Equilibrium> = analysis.equilibria.iter().collect();
    let compare = |a: &&Equilibrium, b: &&Equilibrium| sort.compare(a, b);
    if order.len() > LISTED {
        order.select_nth_unstable_by(LISTED, compare);
        order.truncate(LISTED);
    }
    order.sort_by(compare);
    let domains = &analysis.graph.1.domains;
    order
        .into_iter()
        .map(|e| Row {
            state: e.state,
            description: describe_change(
                model,
                domains,
                &analysis.graph.1.package(analysis.sq),
                &analysis.graph.1.package(e.state),
                "this package (no change)",
            ),
            values: domains
                .iter()
                .zip(&analysis.graph.1.package(e.state))
                .map(|(d, &v)| (d.position.clone(), d.values[usize::from(v)].clone()))
                .collect(),
            marks: e.marks,
            changes: e.changes,
            ranks: e.ranks.clone(),
        })
        .collect()
}

/// The equilibria as a table: a header of sort buttons, then per row a load button, what
/// the package changes in words, its marks, changes and each party's rank.
pub(super) fn equilibria_table(
    ui: &mut egui::Ui,
    doc: &Document,
    analysis: &Analysis,
    rows: &[Row],
    together: Option<&(String, Arc<Together>)>,
    sort: &mut Sort,
    commands: &mut Vec<Command>,
) {
    let parties = &doc.model.parties;
    let mut columns = vec![(Column::Concepts, "Concepts".to_owned())];
    columns.extend(
        Concept::ALL
            .iter()
            .enumerate()
            .map(|(c, concept)| (Column::Concept(c), concept.name().to_owned())),
    );
    columns.push((Column::Changes, "Changes".to_owned()));
    columns.extend(
        parties
            .iter()
            .enumerate()
            // Short names keep the table narrow; the hover names the party in full.
            .map(|(p, party)| (Column::Rank(p), format!("{}'s rank", party.short))),
    );
    egui::Grid::new("stability_equilibria")
        .striped(true)
        // Packages wrap, so the marks and ranks stay in sight on a narrow window.
        .max_col_width(PACKAGE_WIDTH)
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new("What changes").strong())
                .on_hover_text(
                    "The package, by the positions where it differs from the package on screen",
                );
            for (column, name) in &columns {
                let active = sort.column == *column;
                let arrow = match (active, sort.reversed) {
                    (false, _) => "",
                    (true, false) => " ⏷",
                    (true, true) => " ⏶",
                };
                let hint = match column {
                    Column::Concepts => "How many of the four concepts the package is an \
                                         equilibrium under"
                        .to_owned(),
                    Column::Concept(c) => format!(
                        "Whether the package is an equilibrium under {} ({}): stable for \
                         every party",
                        Concept::ALL[*c].name(),
                        Concept::ALL[*c].long_name()
                    ),
                    Column::Changes => {
                        "How many positions the package changes from the package on screen"
                            .to_owned()
                    }
                    Column::Rank(p) => format!(
                        "The package's place in {}'s preferences over all {} packages: 1 is \
                         its favourite, and packages it likes equally share a place",
                        parties[*p].name,
                        format_count(analysis.states as f64)
                    ),
                };
                let header = ui
                    .selectable_label(active, RichText::new(format!("{name}{arrow}")).strong())
                    .on_hover_text(format!("{hint}. Click to sort by it; again to reverse."));
                if header.clicked() {
                    // Another column starts the natural way; the same one reverses.
                    *sort = Sort {
                        column: *column,
                        reversed: active && !sort.reversed,
                    };
                }
            }
            if let Some((name, _)) = together {
                ui.label(RichText::new(format!("With {name}")).strong())
                    .on_hover_text(format!(
                        "The concepts under which the package stays an equilibrium with {name} \
                     acting as one (ticked under Parties acting together)"
                    ));
            }
            ui.end_row();
            for (n, row) in rows.iter().enumerate() {
                let load = ui
                    .add_enabled(
                        row.changes > 0,
                        egui::Button::new(format!("Load equilibrium {}", n + 1)),
                    )
                    .on_hover_text("Put this package on the table (one edit: Ctrl+Z undoes it)")
                    .on_disabled_hover_text("This is the package on the table now");
                if load.clicked() {
                    commands.push(Command::Edit {
                        edit: Edit::SetChoices(near(&doc.scenario.choices, &row.values)),
                        merge: false,
                    });
                }
                ui.add(egui::Label::new(&row.description).wrap());
                ui.label(format!("{} of 4", row.marks.iter().filter(|m| **m).count()));
                for &m in &row.marks {
                    ui.label(if m {
                        RichText::new("✔").color(theme::STABLE)
                    } else {
                        RichText::new("–").weak()
                    });
                }
                ui.label(row.changes.to_string());
                for rank in &row.ranks {
                    ui.label(rank.to_string());
                }
                if let Some((_, together)) = together {
                    let holds = together.holds.get(&row.state).copied().unwrap_or_default();
                    ui.label(if holds.iter().any(|&h| h) {
                        RichText::new(concepts_of(&holds)).color(theme::STABLE)
                    } else {
                        RichText::new("none").weak()
                    });
                }
                ui.end_row();
            }
        });
}

/// A state's choices, keeping the scenario's own number where it falls in the same piece.
pub(super) fn near(current: &Choices, values: &[(String, DomainValue)]) -> Choices {
    values
        .iter()
        .map(|(id, value)| {
            let pick = match current.get(id) {
                Some(now) if value.contains(now) => now.clone(),
                _ => value.pick.clone(),
            };
            (id.clone(), pick)
        })
        .collect()
}

pub(super) fn mark(stable: bool) -> RichText {
    if stable {
        RichText::new("✔ stable").color(theme::STABLE)
    } else {
        RichText::new("✖ moves").color(theme::MOVES)
    }
}

pub(super) fn concepts_of(marks: &[bool; 4]) -> String {
    let names: Vec<&str> = Concept::ALL
        .iter()
        .zip(marks)
        .filter(|(_, m)| **m)
        .map(|(c, _)| c.name())
        .collect();
    names.join(", ")
}
