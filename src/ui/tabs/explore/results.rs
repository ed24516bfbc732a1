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

/// One row of a package table: its load button's words, and the package.
pub(super) struct TableRow<'a> {
    pub(super) load: String,
    pub(super) package: &'a PackageView,
}

/// How wide a position's column is at most (at everyday type), and the least it is given where
/// its words do not fit whole: its words wrap inside it.
const COLUMN: f32 = 150.0;
const NARROWEST: f32 = 90.0;

/// A table cell of one column's width, its text wrapped to it.
fn cell(ui: &mut egui::Ui, width: f32, text: RichText) {
    ui.allocate_ui_with_layout(
        egui::vec2(width, 0.0),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(text).wrap());
        },
    );
}

/// "UA ✖ 0  ? 1" in the party's colour; a party that need not accept, dimmed and said so.
/// A screen reader and the hover get the words: what each count counts.
fn party_line(
    ui: &mut egui::Ui,
    party: &crate::model::Party,
    index: usize,
    required: bool,
    package: &PackageView,
) {
    let (breaks, uncertain) = (package.breaks[index], package.uncertain[index]);
    let not_required = if required { "" } else { " (not required)" };
    let text = RichText::new(format!(
        "{} ✖ {breaks}  ? {uncertain}{not_required}",
        party.short
    ))
    .color(theme::party_text_colour(
        party,
        index,
        ui.visuals().dark_mode,
    ));
    let words = format!(
        "{}{not_required}: {breaks} broken, {uncertain} uncertain",
        party.short
    );
    let shown = ui.add(egui::Label::new(if required { text } else { text.weak() }).extend());
    shown.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &words));
    shown.on_hover_text(&words);
}

/// How wide one line of `text` is in the body type.
fn text_width(ui: &egui::Ui, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    ui.fonts_mut(|f| {
        f.layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE)
            .size()
            .x
    })
}

/// Packages as a table: a row each, a column per position that differs among them or from the
/// package on the table (what differs from the table highlighted), and per party what fails.
/// The positions every row shares with the table are said once, above it.
pub(super) fn package_table(
    ui: &mut egui::Ui,
    doc: &Document,
    inputs: &ExploreInputs,
    id: &str,
    rows: &[TableRow<'_>],
    commands: &mut Vec<Command>,
) {
    let model = &doc.model;
    let Some(first) = rows.first() else {
        return;
    };
    let columns: Vec<usize> = (0..model.positions.len())
        .filter(|&i| {
            rows.iter().any(|r| {
                r.package.summary[i].1 != first.package.summary[i].1
                    || !r.package.agrees_with(model, i, &doc.scenario.choices)
            })
        })
        .collect();
    let shared: Vec<String> = (0..model.positions.len())
        .filter(|i| !columns.contains(i))
        .map(|i| {
            format!(
                "{}: {}",
                model.positions[i].title, first.package.summary[i].1
            )
        })
        .collect();
    if !shared.is_empty() {
        ui.label(
            RichText::new(format!(
                "As on the table now, in every package listed: {}.",
                shared.join("; ")
            ))
            .weak(),
        );
    }
    ui.label(
        RichText::new(
            "Highlighted: what differs from the package on the table. Per party: ✖ broken and \
             ? uncertain red lines.",
        )
        .weak(),
    );
    let dark = ui.visuals().dark_mode;
    let highlight = theme::highlight(dark);
    // What the package's name and the parties' counts take; the positions share the rest.
    let gap = 8.0;
    let widest = |texts: &mut dyn Iterator<Item = String>| {
        texts.map(|t| text_width(ui, &t)).fold(0.0, f32::max) + gap
    };
    let fixed = widest(&mut rows.iter().map(|r| r.load.clone()))
        + widest(&mut model.parties.iter().map(|p| {
            if inputs.requires(p) {
                format!("{} ✖ 00  ? 00", p.short)
            } else {
                format!("{} ✖ 00  ? 00 (not required)", p.short)
            }
        }));
    // The positions' columns share what the name and counts leave, each at least its longest
    // word wide where the room allows: the table fits the window (a sideways scroll area's bar
    // would lie over the rows the window cuts, taking their clicks), words broken only where
    // nothing else fits.
    let room = (ui.available_width() - fixed).max(0.0);
    let share = (room / columns.len().max(1) as f32 - gap).min(theme::sized(ui, COLUMN));
    let longest: Vec<f32> = columns
        .iter()
        .map(|&c| {
            std::iter::once(model.positions[c].title.as_str())
                .chain(rows.iter().map(|r| r.package.summary[c].1.as_str()))
                .flat_map(str::split_whitespace)
                .map(|word| text_width(ui, word) + 8.0)
                .fold(0.0, f32::max)
        })
        .collect();
    let wide: Vec<f32> = longest.iter().map(|w| share.max(*w)).collect();
    let widths: Vec<f32> = if wide.iter().map(|w| w + gap).sum::<f32>() <= room {
        wide
    } else {
        // Each as wide as its longest word allows, shrunk alike to the room: few words break.
        let words: f32 = longest.iter().sum();
        let fit = ((room - gap * columns.len() as f32) / words.max(1.0)).min(1.0);
        longest
            .iter()
            .map(|w| (w * fit).max(theme::sized(ui, NARROWEST) / 2.0))
            .collect()
    };
    egui::Grid::new(("package_table_grid", id))
        .striped(true)
        .spacing([gap, 6.0])
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new("Per party").strong());
            for (&c, &width) in columns.iter().zip(&widths) {
                cell(ui, width, RichText::new(&model.positions[c].title).strong());
            }
            ui.end_row();
            for row in rows {
                load_button(ui, doc, &row.load, row.package, commands);
                // One line a party, so the positions keep the width.
                ui.vertical(|ui| {
                    ui.spacing_mut().item_spacing.y = 0.0;
                    for (i, party) in model.parties.iter().enumerate() {
                        party_line(ui, party, i, inputs.requires(party), row.package);
                    }
                });
                for (&c, &width) in columns.iter().zip(&widths) {
                    let value = &row.package.summary[c].1;
                    let differs = !row.package.agrees_with(model, c, &doc.scenario.choices);
                    let text = if differs {
                        RichText::new(value)
                            .color(highlight)
                            .background_color(highlight.gamma_multiply(0.15))
                    } else {
                        RichText::new(value)
                    };
                    cell(ui, width, text);
                }
                ui.end_row();
            }
        });
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
    if !complete {
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
    package_table(ui, doc, inputs, "acceptable", &rows, commands);
    if page > 0 || more {
        ui.horizontal(|ui| {
            let of = format!(
                "{}{}",
                if exploration.acceptable_exact {
                    ""
                } else {
                    "at least "
                },
                crate::model::types::format_count(exploration.acceptable_count)
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
    package_table(ui, doc, inputs, "closest", &rows, commands);
}
