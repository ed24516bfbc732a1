//! The model editor's red lines: whose, what breaks it (a condition), how sure it is, and the
//! quote it rests on.

use super::*;

pub(super) fn red_lines(
    ui: &mut egui::Ui,
    model: &Model,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let open_here = opened_in(state, "model.red_lines");
    section(
        ui,
        format!("Red lines ({})", model.red_lines.len()),
        "model_red_lines",
        open_here,
        |ui| {
            let n = model.red_lines.len();
            for (i, red_line) in model.red_lines.iter().enumerate() {
                let what = format!("red line {}", i + 1);
                let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(format!("Red line {}", i + 1)).strong());
                        match row_buttons(ui, &what, i, n) {
                            Some(RowAction::Remove) => change(commands, model, None, vec![], |m| {
                                m.red_lines.remove(i);
                            }),
                            Some(action) => change(commands, model, None, vec![], |m| {
                                moved(&mut m.red_lines, i, &action);
                            }),
                            None => {}
                        }
                    });
                    red_line_editor(ui, model, i, red_line, state, commands);
                });
                if open_here && opens(state, &format!("model.red_lines[{}]", red_line.id)) {
                    frame.response.scroll_to_me(Some(egui::Align::Center));
                }
            }
            let can_add = !model.parties.is_empty();
            if ui
                .add_enabled(can_add, egui::Button::new("Add red line"))
                .on_disabled_hover_text("Add a party first: every red line is a party's")
                .clicked()
            {
                change(commands, model, None, vec![], |m| {
                    let line = authoring::new_red_line(m, &m.parties[0].id.clone());
                    m.red_lines.push(line);
                });
            }
        },
    );
}

pub(super) fn red_line_editor(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    red_line: &RedLine,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let n = i + 1;
    let key = |field: &str| format!("red_line:{i}:{field}");
    // A problem clicked about one of this line's fields: that field takes the keyboard.
    let here = format!("model.red_lines[{}]", red_line.id);
    let focus = focus_field(
        state,
        &here,
        &["title", "id", "statement", "speaker", "source", "note"],
    );
    let wants = |field: &str| focus == Some(field);
    let mut title = red_line.title.clone();
    if text(
        ui,
        &format!("Title of red line {n}"),
        &mut title,
        false,
        wants("title"),
    ) {
        change(commands, model, key("title"), vec![], |m| {
            m.red_lines[i].title = title
        });
    }
    let mut id = red_line.id.clone();
    if text(
        ui,
        &format!("Id of red line {n}"),
        &mut id,
        false,
        wants("id"),
    ) {
        change(commands, model, key("id"), vec![], |m| {
            m.red_lines[i].id = id
        });
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Party").weak());
        let mut party = red_line.party.clone();
        let picker = egui::ComboBox::from_id_salt(("red_line_party", i))
            .selected_text(
                model
                    .party(&party)
                    .map_or(party.clone(), |p| p.name.clone()),
            )
            .show_ui(ui, |ui| {
                for p in &model.parties {
                    ui.selectable_value(&mut party, p.id.clone(), &p.name);
                }
            })
            .response;
        named_picker(&picker, &format!("Party of red line {n}"));
        if party != red_line.party {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].party = party
            });
        }
        ui.label(RichText::new("Basis").weak());
        let mut basis = red_line.basis;
        let picker = egui::ComboBox::from_id_salt(("red_line_basis", i))
            .selected_text(basis.as_str())
            .show_ui(ui, |ui| {
                for b in [Basis::Stated, Basis::Reported, Basis::Inferred] {
                    ui.selectable_value(&mut basis, b, b.as_str())
                        .on_hover_text(b.explanation());
                }
            })
            .response;
        named_picker(&picker, &format!("Basis of red line {n}"));
        if basis != red_line.basis {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].basis = basis
            });
        }
    });
    let mut statement = red_line.statement.clone();
    if text(
        ui,
        &format!("Statement of red line {n}"),
        &mut statement,
        false,
        wants("statement"),
    ) {
        change(commands, model, key("statement"), vec![], |m| {
            m.red_lines[i].statement = statement;
        });
    }
    let mut speaker = red_line.speaker.clone();
    if text(
        ui,
        &format!("Speaker of red line {n}"),
        &mut speaker,
        false,
        wants("speaker"),
    ) {
        change(commands, model, key("speaker"), vec![], |m| {
            m.red_lines[i].speaker = speaker
        });
    }
    quote_editor(ui, model, i, red_line, wants("source"), state, commands);
    if red_line.basis == Basis::Inferred && red_line.source.is_some() {
        let mut own = red_line.speakers_words;
        if ui
            .checkbox(
                &mut own,
                format!("The quote of red line {n} is the speaker's own words"),
            )
            .on_hover_text(
                "The reading is yours; the words quoted are the speaker's, as the source quotes \
                 them. Credited to the speaker, not to the source",
            )
            .changed()
        {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].speakers_words = own;
            });
        }
    }
    let mut note = red_line.note.clone().unwrap_or_default();
    if text(
        ui,
        &format!("Note of red line {n}"),
        &mut note,
        true,
        wants("note"),
    ) {
        change(commands, model, key("note"), vec![], |m| {
            m.red_lines[i].note = (!note.trim().is_empty()).then_some(note);
        });
    }
    ui.label(RichText::new("Breaks when").strong());
    let label = format!("Breaks when of red line {n}");
    if let Some(c) = condition_editor(ui, model, &red_line.breaks_when, &label) {
        change(commands, model, None, vec![], |m| {
            m.red_lines[i].breaks_when = c
        });
    }
    ui.label(
        RichText::new(format!(
            "Breaks when {}.",
            wording::condition_sentence(model, &red_line.breaks_when)
        ))
        .italics(),
    );
    let mut has_uncertain = red_line.uncertain_when.is_some();
    if ui
        .checkbox(&mut has_uncertain, format!("Red line {n} can be uncertain"))
        .changed()
    {
        let first = authoring::first_atom(model);
        change(commands, model, None, vec![], |m| {
            m.red_lines[i].uncertain_when = if has_uncertain { first } else { None };
        });
    }
    if let Some(uncertain) = &red_line.uncertain_when {
        let label = format!("Uncertain when of red line {n}");
        if let Some(c) = condition_editor(ui, model, uncertain, &label) {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].uncertain_when = Some(c);
            });
        }
        ui.label(
            RichText::new(format!(
                "Otherwise uncertain when {}.",
                wording::condition_sentence(model, uncertain)
            ))
            .italics(),
        );
    }
}

/// The quote a red line rests on: picked from a source's text, so it is verbatim.
pub(super) fn quote_editor(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    red_line: &RedLine,
    focus: bool,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let n = i + 1;
    match &red_line.source {
        Some(source) => {
            ui.label(RichText::new(format!("Quote from {}:", source.source)).weak());
            crate::ui::widgets::theme::block_quote(ui, RichText::new(&source.quote).italics());
        }
        None if red_line.basis == Basis::Inferred => {
            ui.label(RichText::new("No quote yet: an inferred line may rest on its note.").weak());
        }
        None => {
            ui.label(
                RichText::new(format!(
                    "No quote yet: a {} line needs the words it rests on. Pick them from a source.",
                    red_line.basis.as_str()
                ))
                .weak(),
            );
        }
    }
    ui.horizontal_wrapped(|ui| {
        if let Some((source, quote)) = state.picked.clone()
            && state.picking_quote_for == Some(QuoteFor::RedLine(red_line.id.clone()))
            && ui
                .button(format!("Use the picked quote for red line {n}"))
                .clicked()
        {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].source = Some(SourceRef { source, quote });
            });
            state.picked = None;
            state.picking_quote_for = None;
        }
        let picking = state.picking_quote_for == Some(QuoteFor::RedLine(red_line.id.clone()));
        if picking {
            ui.label(
                RichText::new(
                    "Picking: select the words in the source's text below, then use them.",
                )
                .strong(),
            );
            if ui
                .button(format!("Stop picking for red line {n}"))
                .clicked()
            {
                state.picking_quote_for = None;
            }
        } else {
            let pick = ui
                .add_enabled(
                    !model.sources.is_empty(),
                    egui::Button::new(format!("Pick a quote for red line {n}")),
                )
                .on_hover_text("Select the words in a source's text below, then use them");
            if model.sources.is_empty() {
                ui.label(RichText::new("(add a source with its text first)").weak());
            }
            if focus {
                pick.request_focus();
                pick.scroll_to_me(Some(egui::Align::Center));
            }
            if pick.clicked() {
                state.picking_quote_for = Some(QuoteFor::RedLine(red_line.id.clone()));
            }
        }
        if red_line.source.is_some()
            && ui
                .button(format!("Remove the quote of red line {n}"))
                .clicked()
        {
            change(commands, model, None, vec![], |m| {
                m.red_lines[i].source = None
            });
        }
    });
    if state.picking_quote_for == Some(QuoteFor::RedLine(red_line.id.clone())) {
        quote_beside(ui, model, (i, red_line), state, commands);
    }
}

/// The quote picked beside the red line: a source with a text chosen (the line's own first),
/// its text to select the words in, and the button that takes them.
fn quote_beside(
    ui: &mut egui::Ui,
    model: &Model,
    (i, red_line): (usize, &RedLine),
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let n = i + 1;
    let with_text: Vec<usize> = (0..model.sources.len())
        .filter(|&s| model.sources[s].content.get().is_some())
        .collect();
    if with_text.is_empty() {
        ui.label(
            RichText::new("No source has its text yet: paste or read one under Sources first.")
                .weak(),
        );
        return;
    }
    let own = red_line.source_id().and_then(|id| {
        with_text
            .iter()
            .copied()
            .find(|&s| model.sources[s].id == id)
    });
    let mut chosen = state
        .quote_source
        .as_deref()
        .and_then(|id| {
            with_text
                .iter()
                .copied()
                .find(|&s| model.sources[s].id == id)
        })
        .or(own)
        .unwrap_or(with_text[0]);
    let picker = egui::ComboBox::from_id_salt(("quote_source", i))
        .selected_text(&model.sources[chosen].title)
        .show_ui(ui, |ui| {
            for &s in &with_text {
                ui.selectable_value(&mut chosen, s, &model.sources[s].title);
            }
        })
        .response;
    named_picker(&picker, &format!("Source of the quote for red line {n}"));
    state.quote_source = Some(model.sources[chosen].id.clone());
    let name = format!("Text of source {} for red line {n}", chosen + 1);
    let use_label = format!("Use the selected words for red line {n}");
    pickable_text(
        ui,
        model,
        chosen,
        (&name, &use_label, true),
        state,
        commands,
    );
}
