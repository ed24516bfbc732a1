//! The model editor's sources: their texts (read from a file, or pasted), and quotes picked from
//! them.

use super::*;

pub(super) fn sources(
    ui: &mut egui::Ui,
    model: &Model,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    // Open for an option's quote; a red line's is picked beside it.
    let open_here = opened_in(state, "model.sources")
        || matches!(state.picking_quote_for, Some(QuoteFor::Option { .. }));
    section(
        ui,
        format!("Sources ({})", model.sources.len()),
        "model_sources",
        open_here,
        |ui| {
            if let Some(target @ QuoteFor::Option { .. }) = &state.picking_quote_for {
                let what = match target {
                    QuoteFor::RedLine(line) => format!(
                        "red line \"{}\"",
                        model
                            .red_line(line)
                            .map_or(line.as_str(), |r| r.title.as_str())
                    ),
                    QuoteFor::Option { position, option } => format!(
                        "option \"{}\"",
                        model
                            .position(position)
                            .and_then(|p| p.option(option))
                            .map_or(option.as_str(), |o| o.label.as_str())
                    ),
                };
                ui.label(
                    RichText::new(format!(
                        "Picking a quote for {what}: select the words in a text below, then press \
                         \"Use the selected words\"."
                    ))
                    .strong(),
                );
            }
            for (i, source) in model.sources.iter().enumerate() {
                let n = i + 1;
                let key = |field: &str| format!("source:{i}:{field}");
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(format!("Source {n}")).strong());
                        if small_button(ui, "Remove", &format!("Remove source {n}"), true) {
                            let breaks = authoring::references_to_source(model, &source.id);
                            let mut next = model.clone();
                            next.sources.remove(i);
                            ask_removal(commands, state, &source.title, breaks, next);
                        }
                    });
                    let here = format!("model.sources[{}]", source.id);
                    let focus = focus_field(state, &here, &["title", "id", "kind", "date"]);
                    let mut title = source.title.clone();
                    if text(
                        ui,
                        &format!("Title of source {n}"),
                        &mut title,
                        false,
                        focus == Some("title"),
                    ) {
                        change(commands, model, key("title"), vec![], |m| {
                            m.sources[i].title = title
                        });
                    }
                    let mut id = source.id.clone();
                    if text(
                        ui,
                        &format!("Id of source {n}"),
                        &mut id,
                        false,
                        focus == Some("id"),
                    ) {
                        let from = source.id.clone();
                        change(commands, model, key("id"), vec![], |m| {
                            authoring::rename_source(m, &from, &id);
                        });
                    }
                    let mut kind = source.kind.clone();
                    if text(
                        ui,
                        &format!("Kind of source {n}"),
                        &mut kind,
                        false,
                        focus == Some("kind"),
                    ) {
                        change(commands, model, key("kind"), vec![], |m| {
                            m.sources[i].kind = kind
                        });
                    }
                    let mut date = source.date.clone();
                    if text(
                        ui,
                        &format!("Date of source {n}"),
                        &mut date,
                        false,
                        focus == Some("date"),
                    ) {
                        change(commands, model, key("date"), vec![], |m| {
                            m.sources[i].date = date
                        });
                    }
                    source_text(ui, model, i, state, commands);
                });
            }
            if ui.button("Add source").clicked() {
                change(commands, model, None, vec![], |m| {
                    let source = authoring::new_source(m);
                    m.sources.push(source);
                });
            }
        },
    );
}

/// A source's text: pasted in, then shown with every quote already used marked, and the
/// words selected in it offered as a quote.
pub(super) fn source_text(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let source = &model.sources[i];
    let n = i + 1;
    match source.content.get() {
        None => {
            ui.label(
                RichText::new(
                    "Paste the source's text here, then use it: quotes are picked from it, and it \
                     is saved in the file with the model.",
                )
                .weak(),
            );
            let draft = state.drafts.entry(source.id.clone()).or_default();
            text(ui, &format!("Text of source {n}"), draft, true, false);
            let ready = !draft.trim().is_empty();
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(format!("Use this text for source {n}")),
                )
                .clicked()
                && let Some(pasted) = state.drafts.remove(&source.id)
            {
                // Written into the file: saved, autosaved and undone with the model itself.
                change(commands, model, None, vec![], |m| {
                    m.sources[i].text = None;
                    m.sources[i].content = LoadedText(Some(Arc::from(pasted.as_str())));
                    m.sources[i].text_inline = Some(pasted);
                });
            }
            ui.label(
                RichText::new(
                    "Or read a .txt file: its path, absolute or relative to the scenario's folder.",
                )
                .weak(),
            );
            let file = state.files.entry(source.id.clone()).or_default();
            text(ui, &format!("Text file of source {n}"), file, false, false);
            let ready = !file.trim().is_empty();
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(format!("Read the file for source {n}")),
                )
                .clicked()
                && let Some(path) = state.files.remove(&source.id)
            {
                commands.push(Command::ReadSourceText {
                    source: source.id.clone(),
                    path: path.trim().into(),
                });
            }
            if ui
                .button(format!("Choose a .txt file for source {n}…"))
                .clicked()
            {
                commands.push(Command::ChooseSourceText {
                    source: source.id.clone(),
                });
            }
        }
        Some(content) => {
            ui.horizontal_wrapped(|ui| {
                match (&source.text, &source.text_inline) {
                    (Some(path), _) => {
                        ui.label(RichText::new(format!("Text: {path}")).weak());
                    }
                    (None, Some(_)) => {
                        ui.label(RichText::new("Text: written in the file with the model").weak());
                    }
                    (None, None) => {}
                }
                // The text is read-only here (quotes must stay its words); to change it, it
                // goes back to the paste field, and quotes are checked against the new one.
                if ui
                    .button(format!("Replace the text of source {n}"))
                    .clicked()
                {
                    state.drafts.insert(source.id.clone(), content.to_owned());
                    change(commands, model, None, vec![], |m| {
                        m.sources[i].text = None;
                        m.sources[i].text_inline = None;
                        m.sources[i].content = LoadedText(None);
                    });
                }
            });
            // Picking for a red line happens beside it; here, for an option.
            let for_option = matches!(state.picking_quote_for, Some(QuoteFor::Option { .. }));
            let name = format!("Text of source {n}");
            pickable_text(
                ui,
                model,
                i,
                (&name, "Use the selected words", for_option),
                state,
                commands,
            );
        }
    }
}

/// A source's text, read-only, with the quotes already used marked; the words selected in it
/// are kept as the picked quote, and, where `offer` (a quote is being picked here), a button
/// named `use_label` gives them to what the quote is for.
pub(super) fn pickable_text(
    ui: &mut egui::Ui,
    model: &Model,
    i: usize,
    (name, use_label, offer): (&str, &str, bool),
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    let source = &model.sources[i];
    let Some(content) = source.content.get() else {
        return;
    };
    let used: Vec<&str> = quotes_from(model, &source.id);
    let mut shown = content.to_owned();
    let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap: f32| {
        let mut job = highlighted(ui, text.as_str(), &used);
        job.wrap.max_width = wrap;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let output = egui::TextEdit::multiline(&mut shown)
        .id_salt(name)
        .desired_width(f32::INFINITY)
        .desired_rows(6)
        .interactive(true)
        .layouter(&mut layouter)
        .show(ui);
    output.response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::MultilineTextInput, true, name)
    });
    // The text itself is not edited here: what is quoted must stay what the source says.
    let selected = output.cursor_range.and_then(|range| {
        let [a, b] = range.sorted_cursors();
        let chars: Vec<char> = content.chars().collect();
        let words: String = chars.get(a.index.0..b.index.0)?.iter().collect();
        // A stray space or separator at either end is not part of what was meant.
        let words = words
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | ';' | ','))
            .to_owned();
        (!words.is_empty()).then_some(words)
    });
    if let Some(words) = &selected {
        state.picked = Some((source.id.clone(), words.clone()));
    }
    if !offer || state.picking_quote_for.is_none() {
        return;
    }
    // One line, there before the first word is selected and the same height after: nothing in
    // the window moves while a drag is selecting (a move under the pointer loses words).
    let picked = state.picked.clone().filter(|(from, _)| *from == source.id);
    ui.horizontal(|ui| {
        let button = ui.add_enabled(picked.is_some(), egui::Button::new(use_label));
        let shown = match &picked {
            Some((_, words)) => format!("Selected: “{words}”"),
            None => "Drag across the words to quote in the text above".to_owned(),
        };
        ui.add(egui::Label::new(RichText::new(shown).weak()).truncate());
        if let Some((from, words)) = picked
            && button.clicked()
            && let Some(target) = state.picking_quote_for.take()
        {
            let quote = SourceRef {
                source: from,
                quote: words,
            };
            change(commands, model, None, vec![], |m| match target {
                QuoteFor::RedLine(line) => {
                    if let Some(r) = m.red_lines.iter_mut().find(|r| r.id == line) {
                        r.source = Some(quote);
                    }
                }
                QuoteFor::Option { position, option } => {
                    if let Some(PositionKind::Choice { options, .. }) = m
                        .positions
                        .iter_mut()
                        .find(|p| p.id == position)
                        .map(|p| &mut p.kind)
                        && let Some(o) = options.iter_mut().find(|o| o.id == option)
                        && !o.sources.contains(&quote)
                    {
                        o.sources.push(quote);
                    }
                }
            });
            state.picked = None;
        }
    });
}

/// The quotes already taken from a source, by red lines and options.
pub(super) fn quotes_from<'m>(model: &'m Model, source: &str) -> Vec<&'m str> {
    authoring::quotes_of(model, source)
        .into_iter()
        .map(|(_, quote)| quote)
        .collect()
}

/// The text with every used quote on a highlight.
pub(super) fn highlighted(ui: &egui::Ui, text: &str, quotes: &[&str]) -> egui::text::LayoutJob {
    let mut marks: Vec<std::ops::Range<usize>> = quotes
        .iter()
        .filter(|q| !q.is_empty())
        .filter_map(|q| text.find(q).map(|at| at..at + q.len()))
        .collect();
    marks.sort_by_key(|r| r.start);
    let plain = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let marked = egui::TextFormat {
        background: ui.visuals().selection.bg_fill.gamma_multiply(0.5),
        ..plain.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    let mut at = 0;
    for mark in marks {
        if mark.start < at {
            continue;
        }
        job.append(&text[at..mark.start], 0.0, plain.clone());
        job.append(&text[mark.clone()], 0.0, marked.clone());
        at = mark.end;
    }
    job.append(&text[at..], 0.0, plain);
    job
}
