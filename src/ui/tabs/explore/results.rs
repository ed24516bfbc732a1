//! Explore's answers as tables: the acceptable packages, and when there are none, the closest
//! packages and what stands in the way, each with a button that loads it.

use super::*;
use crate::ui::widgets::theme::text_size;

pub(super) fn load_button(
    ui: &mut egui::Ui,
    doc: &Document,
    label: &str,
    package: &PackageView,
    commands: &mut Vec<Command>,
) {
    // On a slide the table is read-only: the row's name, not a button that does nothing.
    if !ui.is_enabled() {
        let name = label.strip_prefix("Load ").unwrap_or(label);
        let mut chars = name.chars();
        let name: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        ui.label(RichText::new(name).strong());
        return;
    }
    if ui
        .button(label)
        .on_hover_ui(|ui| package_tooltip(ui, package))
        .clicked()
    {
        commands.push(Command::Edit {
            edit: Edit::SetChoices(package.choices_near(&doc.model, &doc.scenario.choices)),
            merge: false,
        });
    }
}

pub(super) fn package_tooltip(ui: &mut egui::Ui, package: &PackageView) {
    egui::Grid::new("package_tooltip").show(ui, |ui| {
        for (title, value) in &package.summary {
            ui.label(RichText::new(title).weak());
            ui.label(value);
            ui.end_row();
        }
    });
}

/// The choices that differ from the current scenario: "Donbas arrangement: …; …".
pub(super) fn differences(doc: &Document, package: &PackageView) -> String {
    let changed: Vec<String> = doc
        .model
        .positions
        .iter()
        .zip(&package.summary)
        .enumerate()
        .filter(|(i, _)| !package.agrees_with(&doc.model, *i, &doc.scenario.choices))
        .map(|(_, (_, (title, value)))| format!("{title}: {value}"))
        .collect();
    if changed.is_empty() {
        "nothing: this is the current scenario".to_owned()
    } else {
        changed.join("; ")
    }
}

/// What the counts count: broken red lines, and uncertain ones unless they are acceptable.
pub(super) fn failing_words(uncertain_ok: bool) -> &'static str {
    if uncertain_ok {
        "red lines broken"
    } else {
        "red lines broken or uncertain"
    }
}

/// What "failing" means under these settings.
pub(super) fn failing_means(uncertain_ok: bool) -> &'static str {
    if uncertain_ok {
        "a red line fails when it breaks"
    } else {
        "a red line fails when it breaks or is uncertain"
    }
}

/// Per party, what a package breaks and leaves uncertain; parties that need not accept are
/// marked, with their real counts (a party left out is not "0 broken").
pub(super) fn party_counts(
    ui: &mut egui::Ui,
    model: &Model,
    inputs: &ExploreInputs,
    package: &PackageView,
) {
    ui.horizontal_wrapped(|ui| {
        for (i, party) in model.parties.iter().enumerate() {
            let required = inputs.requires(party);
            let text = format!(
                "{}{}: {} broken, {} uncertain",
                party.short,
                if required { "" } else { " (not required)" },
                package.breaks[i],
                package.uncertain[i]
            );
            let text = RichText::new(text).color(theme::party_text_colour(
                party,
                i,
                ui.visuals().dark_mode,
            ));
            ui.label(if required { text } else { text.weak() });
            if i + 1 < model.parties.len() {
                ui.label(RichText::new("·").weak());
            }
        }
    });
}

/// What loading the package would change, readable at a glance.
pub(super) fn changes(ui: &mut egui::Ui, doc: &Document, package: &PackageView) {
    ui.label(
        RichText::new(format!("Changes from now: {}", differences(doc, package)))
            .size(theme::sized(ui, text_size::DETAIL)),
    );
}

/// The acceptable packages, best ranked first, a page at a time; returns the page to show
/// next if the user asked for another.
pub(super) fn acceptable_table(
    ui: &mut egui::Ui,
    doc: &Document,
    exploration: &Exploration,
    listing: Listing,
    page: usize,
    inputs: &mut ExploreInputs,
    commands: &mut Vec<Command>,
) -> Option<usize> {
    let model = &doc.model;
    let mut go_to = None;
    ui.label("Click a package to load it (undo returns to where you were).");
    // Ranking by uncertain red lines only means something when they can be acceptable.
    if inputs.uncertain_ok {
        ui.horizontal_wrapped(|ui| {
            ui.label("Best first:");
            if ui
                .selectable_label(inputs.sort_by_party.is_none(), "Fewest uncertain overall")
                .on_hover_text("Fewest uncertain red lines of all the parties that must accept")
                .clicked()
                && inputs.sort_by_party.is_some()
            {
                inputs.sort_by_party = None;
                go_to = Some(0);
            }
            for (i, party) in model.parties.iter().enumerate() {
                if !inputs.requires(party) {
                    continue;
                }
                if ui
                    .selectable_label(
                        inputs.sort_by_party == Some(i),
                        format!("Fewest uncertain for {}", party.short),
                    )
                    .clicked()
                    && inputs.sort_by_party != Some(i)
                {
                    inputs.sort_by_party = Some(i);
                    go_to = Some(0);
                }
            }
        });
        ui.label(
            RichText::new(
                "Ranked over every acceptable package, not only those listed; ties in search \
                 order.",
            )
            .weak(),
        );
    }
    let (packages, more, complete) = match listing {
        Listing::Rows {
            packages,
            more,
            complete,
        } => (packages, more, complete),
        Listing::Loading => {
            ui.label("Finding this page of packages…");
            return go_to;
        }
        Listing::Failed(e) => {
            ui.label(
                RichText::new(format!("This page could not be listed: {e}."))
                    .color(ui.visuals().warn_fg_color),
            );
            (&[][..], false, true)
        }
    };
    if !complete && packages.is_empty() {
        ui.label(
            RichText::new(
                "This page could not be found in time: the acceptable packages are too many to \
                 count and rank quickly. The first page is the search's own.",
            )
            .color(ui.visuals().warn_fg_color)
            .strong(),
        );
    } else if !complete {
        ui.label(
            RichText::new(
                "Partial page: the listing stopped before it was sure these are the best ranked.",
            )
            .color(ui.visuals().warn_fg_color)
            .strong(),
        );
    }
    let first = page * PAGE;
    // Numbers follow the ranking, across pages.
    let rows: Vec<TableRow> = packages
        .iter()
        .enumerate()
        .map(|(n, package)| TableRow {
            load: format!("Load package {}", first + n + 1),
            package,
        })
        .collect();
    package_table(ui, doc, inputs, &rows, commands);
    if page > 0 || more {
        ui.horizontal(|ui| {
            let of = crate::model::types::format_count_bounds(
                exploration.acceptable_count,
                exploration.acceptable_exact,
                exploration.acceptable_at_most,
            );
            ui.label(
                RichText::new(if packages.is_empty() {
                    format!("No packages on this page, of {of}.")
                } else {
                    format!("Packages {}–{} of {of}.", first + 1, first + packages.len())
                })
                .weak(),
            );
            if ui
                .add_enabled(page > 0, egui::Button::new("Previous page"))
                .clicked()
            {
                go_to = Some(page - 1);
            }
            if ui
                .add_enabled(more, egui::Button::new("Next page"))
                .clicked()
            {
                go_to = Some(page + 1);
            }
        });
    }
    go_to
}

pub(super) fn no_deal(
    ui: &mut egui::Ui,
    doc: &Document,
    exploration: &Exploration,
    inputs: &ExploreInputs,
    running: bool,
    commands: &mut Vec<Command>,
) {
    let model = &doc.model;
    let warn = theme::verdict_colour(crate::model::Verdict::Breaks, ui.visuals().dark_mode);
    ui.label(
        RichText::new("No package is acceptable to every party that must accept.")
            .color(warn)
            .strong()
            .size(theme::sized(ui, text_size::TITLE)),
    );
    if !exploration.never_holds.is_empty() {
        ui.add_space(6.0);
        ui.label(
            RichText::new("Red lines that cannot hold in any package")
                .strong()
                .size(theme::sized(ui, text_size::SUBHEADING)),
        );
        for (i, why) in &exploration.never_holds {
            let line = &model.red_lines[*i];
            ui.label(RichText::new(format!("• {}", model.red_line_with_party(*i, true))).strong());
            ui.indent(("never", *i), |ui| {
                ui.label(wording::never_holds(line, why));
            });
        }
    }
    ui.add_space(6.0);
    ui.label(
        RichText::new("Irreconcilable red lines")
            .strong()
            .size(theme::sized(ui, text_size::SUBHEADING)),
    );
    ui.label(RichText::new("No package satisfies each of these pairs or triples together.").weak());
    let groups: Vec<&Vec<usize>> = exploration
        .irreconcilable
        .iter()
        .filter(|set| set.len() > 1)
        .collect();
    if !exploration.irreconcilable_complete && running {
        ui.label("Still looking for these sets…");
    } else if !exploration.irreconcilable_complete {
        ui.label("Not searched to the end: there may be more sets than these.");
    } else if groups.is_empty() {
        ui.label("None of two or three red lines: the conflict needs more of them together.");
    }
    for set in groups {
        let names: Vec<String> = set
            .iter()
            .map(|&i| model.red_line_with_party(i, true))
            .collect();
        ui.label(format!("• {}", names.join("  ×  ")));
    }
    ui.add_space(6.0);
    ui.label(
        RichText::new(format!(
            "Minimal concessions: drop {}{} red line{}",
            if exploration.closest_complete {
                ""
            } else {
                "at most "
            },
            exploration.fewest,
            if exploration.fewest == 1 { "" } else { "s" }
        ))
        .strong()
        .size(theme::sized(ui, text_size::SUBHEADING)),
    );
    for (n, set) in exploration.concessions.iter().enumerate() {
        let names: Vec<String> = set
            .iter()
            .map(|&i| model.red_line_with_party(i, true))
            .collect();
        let givers: Vec<&str> = model
            .parties_of(set)
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{}. {}", n + 1, names.join("; ")));
            ui.label(RichText::new(format!("(would have to give: {})", givers.join(", "))).weak());
        });
    }
    if exploration.more_concessions {
        ui.label(RichText::new("… and more sets as small as these.").weak());
    }
    ui.add_space(6.0);
    ui.label(
        RichText::new("Closest packages")
            .strong()
            .size(theme::sized(ui, text_size::SUBHEADING)),
    );
    ui.label(
        RichText::new(format!(
            "No other package has fewer failing red lines for every party that must accept at \
             once ({}).",
            failing_means(inputs.uncertain_ok)
        ))
        .weak(),
    );
    let rows: Vec<TableRow> = exploration
        .closest_pareto
        .iter()
        .enumerate()
        .filter_map(|(n, (_, packages))| {
            Some(TableRow {
                load: format!("Load closest package {}", n + 1),
                package: packages.first()?,
            })
        })
        .collect();
    package_table(ui, doc, inputs, &rows, commands);
}
