//! The model editor, driven by its labels: a model built from nothing by clicking, saved,
//! undone step by step, and opened again.

mod common;

use common::harness::{
    answer_path_prompt, click, harness, harness_remembering, open_by_path, type_into,
};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use redlines::model::{Condition, Model, PositionKind, Verdict};
use redlines::ui::app::{App, AppConfig};
use redlines::ui::platform::files::Settings;

/// Opens the combo box `label` and picks `choice` in it.
fn pick(harness: &mut Harness<'_, App>, label: &str, choice: &str) {
    click(harness, label);
    click(harness, choice);
}

fn model(harness: &Harness<'_, App>) -> Model {
    (*harness.state().document().model).clone()
}

fn shows(harness: &Harness<'_, App>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// File → New model → `kind`, with the mouse.
fn new_model(harness: &mut Harness<'_, App>, kind: &str) {
    click(harness, "File");
    click(harness, "New model");
    click(harness, kind);
}

/// Selects all of a source's text, as a drag across it would, and uses it as the quote.
fn use_whole_text(harness: &mut Harness<'_, App>, source: &str) {
    use_whole_text_with(harness, source, "Use the selected words");
}

/// Selects all of the text named `source`, then presses `button`.
fn use_whole_text_with(harness: &mut Harness<'_, App>, source: &str, button: &str) {
    harness.get_by_label(source).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    click(harness, button);
    harness.ctx.memory_mut(egui::Memory::stop_text_input);
    harness.run();
}

/// The first option of the first position.
fn first_option(harness: &Harness<'_, App>) -> redlines::model::ChoiceOption {
    match &model(harness).positions[0].kind {
        PositionKind::Choice { options, .. } => options[0].clone(),
        PositionKind::Number(_) => panic!("a choice"),
    }
}

const TEXT: &str = "The union will not settle without a pay rise this year.";

#[test]
fn a_model_is_built_from_nothing_by_clicking_saved_undone_and_opened_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness();
    // Every state the build passes through, to undo back through.
    let mut states: Vec<Model> = Vec::new();
    let step = |harness: &mut Harness<'_, App>, states: &mut Vec<Model>| {
        let now = model(harness);
        if states.last() != Some(&now) {
            states.push(now);
        }
    };

    new_model(&mut harness, "Empty");
    assert!(shows(&harness, "Model editor"), "the editor opens");
    assert!(model(&harness).parties.is_empty());
    step(&mut harness, &mut states);

    // Two parties.
    click(&mut harness, "Add party");
    click(&mut harness, "Add party");
    step(&mut harness, &mut states);
    type_into(&mut harness, "Name of party 1", "Union");
    type_into(&mut harness, "Short name of party 1", "U");
    type_into(&mut harness, "Name of party 2", "Council");
    type_into(&mut harness, "Short name of party 2", "C");
    step(&mut harness, &mut states);

    // Three positions: two choices and a number.
    for _ in 0..3 {
        click(&mut harness, "Add position");
    }
    type_into(&mut harness, "Title of position 1", "Pay rise");
    type_into(&mut harness, "Label of option 1 of position 1", "None");
    type_into(&mut harness, "Label of option 2 of position 1", "Some");
    type_into(&mut harness, "Title of position 2", "Hours");
    pick(&mut harness, "Position 3 is", "a number");
    type_into(&mut harness, "Title of position 3", "Staff cut");
    type_into(&mut harness, "Unit of position 3", "jobs");
    step(&mut harness, &mut states);
    let built = model(&harness);
    assert_eq!(built.positions.len(), 3);
    assert!(matches!(built.positions[2].kind, PositionKind::Number(_)));

    // A red line of the union with a nested condition, read back as a sentence.
    click(&mut harness, "Add red line");
    assert_eq!(
        harness.state().evaluation().red_lines[0].verdict,
        Verdict::Holds,
        "a new red line breaks on nothing until it is built"
    );
    type_into(&mut harness, "Title of red line 1", "A pay rise");
    assert!(shows(&harness, "Breaks when never."));
    click(&mut harness, "Add a part to Breaks when of red line 1");
    click(&mut harness, "Add a part to Breaks when of red line 1");
    // A position first, then the comparisons that read it: a number is not offered "is".
    click(&mut harness, "Breaks when of red line 1, part 2: position");
    let staff_cut = harness
        .query_all_by_label("Staff cut")
        .last()
        .expect("the position in the list");
    staff_cut.click();
    harness.run();
    click(
        &mut harness,
        "Breaks when of red line 1, part 2: comparison",
    );
    for choice_only in ["is one of", "is at least the option"] {
        assert!(
            harness.query_by_label(choice_only).is_none(),
            "{choice_only} does not read a number"
        );
    }
    click(&mut harness, "is at least");
    step(&mut harness, &mut states);
    let line = model(&harness).red_lines[0].clone();
    assert_eq!(line.party, model(&harness).parties[0].id, "the union's");
    match &line.breaks_when {
        Condition::Any(parts) => {
            assert!(matches!(parts[0], Condition::Is(..)));
            assert!(matches!(parts[1], Condition::AtLeast(..)));
        }
        other => panic!("expected Any, got {other:?}"),
    }
    assert!(
        shows(
            &harness,
            "Breaks when Pay rise is None, or Staff cut is at least 50 jobs"
        ),
        "the condition reads as a sentence"
    );

    // A source, pasted, and the red line's quote picked from it.
    click(&mut harness, "Add source");
    type_into(&mut harness, "Text of source 1", TEXT);
    click(&mut harness, "Use this text for source 1");
    step(&mut harness, &mut states);
    click(&mut harness, "Pick a quote for red line 1");
    // Beside the red line: no scrolling to Sources and back.
    use_whole_text_with(
        &mut harness,
        "Text of source 1 for red line 1",
        "Use the selected words for red line 1",
    );
    step(&mut harness, &mut states);
    let line = model(&harness).red_lines[0].clone();
    assert_eq!(line.quote(), Some(TEXT), "the quote is the source's words");
    // The reading is the modeller's, the words the union's own: credited to the speaker.
    click(
        &mut harness,
        "The quote of red line 1 is the speaker's own words",
    );
    assert!(model(&harness).red_lines[0].speakers_words);
    step(&mut harness, &mut states);
    let problems = redlines::model::validate::validate_model(&model(&harness), "model");
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:#?}");

    // The verdicts follow the model as it is built: pay "None" breaks the union's line.
    let union = harness.state().evaluation().red_lines[0].verdict;
    assert_eq!(union, Verdict::Breaks);
    assert!(shows(&harness, "would reject"));

    // Saved: the scenario, and the pasted text beside it.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    let path = dir.path().join("pay.ron");
    type_into(&mut harness, "File path", &path.display().to_string());
    click(&mut harness, "Save");
    assert!(path.is_file());
    assert!(
        std::fs::read_to_string(&path)
            .expect("saved")
            .contains(TEXT),
        "the pasted text is saved with the model"
    );

    // Undone step by step, back to the empty model.
    let last = states.len() - 1;
    for (i, state) in states.iter().enumerate().rev().skip(1) {
        let mut undone = 0;
        while model(&harness) != *state {
            harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
            harness.run();
            undone += 1;
            assert!(undone < 40, "undo reaches state {i} of {last}");
        }
    }
    assert!(model(&harness).parties.is_empty(), "back to nothing");

    // Opened again, it is the model built, with the same verdict.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    if shows(&harness, "Save changes?") {
        click(&mut harness, "Discard");
    }
    type_into(&mut harness, "File path", &path.display().to_string());
    click(&mut harness, "Open");
    let reopened = model(&harness);
    assert_eq!(reopened.parties.len(), 2);
    assert_eq!(reopened.red_lines[0].quote(), Some(TEXT));
    assert_eq!(
        harness.state().evaluation().red_lines[0].verdict,
        Verdict::Breaks
    );
}

#[test]
fn removing_a_party_with_red_lines_asks_and_lists_what_would_break() {
    let mut harness = harness();
    new_model(&mut harness, "From the two-party template");
    let before = model(&harness);
    click(&mut harness, "Remove party 1");
    assert!(shows(&harness, "Remove \"First party\"?"));
    assert!(
        shows(&harness, "is its"),
        "the red line that would lose its party is listed"
    );
    click(&mut harness, "Keep it");
    assert_eq!(model(&harness), before, "kept");
    click(&mut harness, "Remove party 1");
    click(&mut harness, "Remove it");
    assert_eq!(model(&harness).parties.len(), 1);
    assert!(
        shows(&harness, "unknown party \"party1\""),
        "what broke is listed as a problem"
    );
}

#[test]
fn renaming_an_id_carries_every_reference_and_the_scenario_keeps_its_pick() {
    let mut harness = harness();
    new_model(&mut harness, "From the two-party template");
    click(&mut harness, "Second option");
    type_into(&mut harness, "Id of position 1", "pay");
    type_into(&mut harness, "Id of option 2 of position 1", "rise");
    let m = model(&harness);
    assert_eq!(m.positions[0].id, "pay");
    assert_eq!(
        m.red_lines[0].breaks_when,
        Condition::Is("pay".into(), "rise".into())
    );
    assert_eq!(
        harness.state().document().pick("pay"),
        Some(&redlines::model::Pick::Option("rise".into())),
        "the pick follows the renamed ids"
    );
}

/// The teaching example copied into `dir`: its scenario, its model file and its minutes.
fn teaching_copy(dir: &std::path::Path, keep_comments: bool) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    std::fs::create_dir_all(dir.join("teaching/sources")).expect("folders");
    for file in [
        "riverside-opening-offer.ron",
        "teaching/sources/riverside-minutes.txt",
    ] {
        std::fs::copy(root.join(file), dir.join(file)).expect("copied");
    }
    let model = std::fs::read_to_string(root.join("teaching/riverside.model.ron")).expect("model");
    let model = if keep_comments {
        model
    } else {
        model
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    std::fs::write(dir.join("teaching/riverside.model.ron"), model).expect("model");
    dir.join("riverside-opening-offer.ron")
}

fn open_file(harness: &mut Harness<'_, App>, path: &std::path::Path) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    if shows(harness, "Save changes?") {
        click(harness, "Discard");
    }
    type_into(harness, "File path", &path.display().to_string());
    click(harness, "Open");
}

fn save(harness: &mut Harness<'_, App>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
}

#[test]
fn an_edited_model_file_is_saved_to_its_own_file_beside_the_scenario() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = teaching_copy(dir.path(), false);
    let mut harness = harness();
    open_file(&mut harness, &path);
    let scenario_before = std::fs::read_to_string(&path).expect("scenario");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    harness.run();
    type_into(&mut harness, "Name of party 1", "Riverside town council");
    assert!(
        harness.state().is_dirty(),
        "an edited model is unsaved work"
    );
    save(&mut harness);
    assert!(!harness.state().is_dirty());
    let model_text =
        std::fs::read_to_string(dir.path().join("teaching/riverside.model.ron")).expect("model");
    assert!(
        model_text.contains("Riverside town council"),
        "{model_text}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("scenario"),
        scenario_before,
        "the scenario still names its model file, unchanged"
    );
    // Opened again, the edit is there, from the model file.
    open_file(&mut harness, &path);
    assert_eq!(model(&harness).parties[0].name, "Riverside town council");
    // It is still a scenario on its own model file.
    assert!(matches!(
        harness.state().document().scenario.model,
        redlines::model::ModelRef::File { .. }
    ));
}

#[test]
fn a_model_file_keeps_its_comments_when_saved_and_self_contained_keeps_the_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = teaching_copy(dir.path(), true);
    let model_path = dir.path().join("teaching/riverside.model.ron");
    let model_before = std::fs::read_to_string(&model_path).expect("model");
    let mut harness = harness();
    open_file(&mut harness, &path);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    harness.run();
    type_into(&mut harness, "Name of party 1", "Riverside town council");
    save(&mut harness);
    assert!(!harness.state().is_dirty(), "saved");
    assert_eq!(
        std::fs::read_to_string(&model_path).expect("model"),
        model_before.replace(
            "name: \"Riverside council\"",
            "name: \"Riverside town council\""
        ),
        "only the name changed: the comments and the layout are the user's"
    );
    type_into(&mut harness, "Name of party 1", "Riverside borough council");

    // One file with the model inside: the edit kept, the texts beside it.
    let shared = dir.path().join("shared/riverside.ron");
    std::fs::create_dir_all(shared.parent().expect("folder")).expect("folder");
    click(&mut harness, "File");
    click(&mut harness, "Save as self-contained…");
    type_into(&mut harness, "File path", &shared.display().to_string());
    click(&mut harness, "Save");
    let loaded = redlines::model::io::load_scenario(&shared).expect("it opens on its own");
    assert!(matches!(
        loaded.document.scenario.model,
        redlines::model::ModelRef::Inline(_)
    ));
    assert_eq!(
        loaded.document.model.parties[0].name,
        "Riverside borough council"
    );
    let minutes = &loaded.document.model.sources[0];
    assert!(
        minutes.text.is_none()
            && minutes
                .content
                .get()
                .is_some_and(|t| t.contains("invented")),
        "its source's text is in the one file too"
    );
}

#[test]
fn a_source_text_is_read_from_a_file_and_saved_with_the_model() {
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let notes = elsewhere.path().join("notes.txt");
    std::fs::write(&notes, TEXT).expect("notes");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness();
    new_model(&mut harness, "Empty");
    click(&mut harness, "Add party");
    click(&mut harness, "Add source");
    type_into(
        &mut harness,
        "Text file of source 1",
        &notes.display().to_string(),
    );
    click(&mut harness, "Read the file for source 1");
    let source = model(&harness).sources[0].clone();
    assert_eq!(source.content.get(), Some(TEXT));
    // From outside the scenario's folder, the text is written into the file with the model:
    // the scenario never names a file it cannot find.
    assert_eq!(source.text, None);
    assert_eq!(source.text_inline.as_deref(), Some(TEXT));
    // A file that cannot be read says so, and changes nothing.
    click(&mut harness, "Add source");
    type_into(&mut harness, "Text file of source 2", "/nowhere/at/all.txt");
    click(&mut harness, "Read the file for source 2");
    assert!(shows(&harness, "Could not read /nowhere/at/all.txt"));
    assert!(model(&harness).sources[1].content.get().is_none());
    // Or chosen in a file dialog (here the window's own prompt, as no system dialog can show).
    click(&mut harness, "Choose a .txt file for source 2…");
    assert!(shows(&harness, "Read a source's text from a file"));
    type_into(&mut harness, "File path", &notes.display().to_string());
    click(&mut harness, "Read");
    assert_eq!(model(&harness).sources[1].content.get(), Some(TEXT));

    let path = dir.path().join("mine.ron");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    type_into(&mut harness, "File path", &path.display().to_string());
    click(&mut harness, "Save");
    let loaded = redlines::model::io::load_scenario(&path).expect("it opens again");
    assert_eq!(loaded.document.model.sources[0].content.get(), Some(TEXT));
}

/// Clicks the listed problem `problem`: the field `field` must take the keyboard.
fn click_problem_expecting_focus(harness: &mut Harness<'_, App>, problem: &str, field: &str) {
    harness
        .query_all_by_label_contains(problem)
        .next()
        .expect("the problem")
        .click();
    harness.run();
    assert!(
        harness.get_by_label(field).is_focused(),
        "{field} takes the keyboard"
    );
}

#[test]
fn a_problem_clicked_takes_you_to_its_field() {
    let mut harness = harness();
    new_model(&mut harness, "From the two-party template");
    // An inferred line with neither quote nor note rests on nothing: a problem.
    harness.get_by_label("Note of red line 1").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run();
    harness.ctx.memory_mut(egui::Memory::stop_text_input);
    harness.run();
    // Said in words, the red line by its title; the path is a detail on hover.
    let title = model(&harness).red_lines[0].title.clone();
    let problem = format!("Red line 1 “{title}”, its note: an inferred red line without a quote");
    let problem = problem.as_str();
    assert!(shows(&harness, problem));
    assert!(!shows(&harness, "model.red_lines["), "no paths in the list");
    assert!(!harness.get_by_label("Note of red line 1").is_focused());
    click_problem_expecting_focus(&mut harness, problem, "Note of red line 1");
    harness
        .get_by_label("Note of red line 1")
        .type_text("The modeller's reading, now given.");
    harness.run();
    assert!(!shows(&harness, problem), "fixed, the problem goes");
}

#[test]
fn a_model_saved_with_errors_opens_again_for_repair_with_its_errors_listed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness();
    new_model(&mut harness, "From the two-party template");
    // The template's red lines still need their readings: two errors, listed as to-dos.
    assert!(shows(&harness, "rests on its note alone"));
    let path = dir.path().join("half-built.ron");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    type_into(&mut harness, "File path", &path.display().to_string());
    click(&mut harness, "Save");
    assert!(path.is_file(), "the work is saved all the same");
    assert!(shows(
        &harness,
        "Saved, but the model has 2 error(s) to fix (View → Model editor lists them)"
    ));
    let saved = std::fs::read_to_string(&path).expect("saved");

    // Another day, another window: the half-built model opens again, to be finished.
    let mut later = common::harness::harness();
    open_by_path(&mut later, &path);
    assert_eq!(model(&later).title, model(&harness).title, "it opened");
    assert!(shows(
        &later,
        "its model has 2 errors to fix; the Model editor lists them"
    ));
    assert!(
        shows(&later, "rests on its note alone"),
        "the editor lists them"
    );
    assert!(
        later.query_by_label("Note of red line 1").is_some(),
        "the editor is open on it"
    );
    // The editor stands above the panel that says so, never over it.
    let banner = later
        .query_all_by_label_contains("errors to fix; the Model editor lists them")
        .next()
        .expect("said")
        .rect();
    let [_, top, _, height] = later.state().settings().model_editor.expect("placed");
    assert!(
        top + height <= banner.top() + 1.0,
        "{top} + {height} over {banner:?}"
    );
    // Opening changed nothing on disk, and the window says nothing is changed yet.
    assert_eq!(std::fs::read_to_string(&path).expect("still there"), saved);
    assert!(!shows(&later, "(not saved)"));

    // Finished and saved: the file is whole, and nothing on screen says otherwise.
    for line in ["Note of red line 1", "Note of red line 2"] {
        type_into(&mut later, line, "The modeller's reading.");
    }
    let problems: Vec<String> = later
        .query_all_by_label_contains("Error:")
        .filter_map(|n| n.accesskit_node().label().map(|l| l.to_string()))
        .collect();
    assert!(
        shows(&later, "No problems: the model is complete."),
        "{problems:?}"
    );
    common::harness::save_shortcut(&mut later);
    assert!(
        !shows(&later, "errors to fix"),
        "the banner went with the errors"
    );
    let text = std::fs::read_to_string(&path).expect("saved");
    assert!(redlines::model::format::parse_scenario(&text).is_ok());
}

#[test]
fn a_file_beyond_the_limits_is_refused_even_for_repair() {
    use redlines::model::{Condition, ModelRef, format::scenario_to_ron};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness();
    new_model(&mut harness, "From the two-party template");
    // Forty-one preferences for one party: over a limit, which no repair is trusted with.
    let mut scenario = harness.state().document().scenario.clone();
    let mut over = model(&harness);
    let position = over.positions[0].id.clone();
    over.parties[0].preferences = vec![Condition::NoLimit(position); 41];
    scenario.model = ModelRef::Inline(std::sync::Arc::new(over));
    let path = dir.path().join("over.ron");
    std::fs::write(&path, scenario_to_ron(&scenario).expect("written")).expect("written");
    let mut later = common::harness::harness();
    let before = model(&later).title;
    open_by_path(&mut later, &path);
    assert_eq!(
        model(&later).title,
        before,
        "refused: the scenario on screen stays"
    );
    assert!(shows(&later, "at most 40 preferences per party"));
}

#[test]
fn an_option_gets_a_description_and_quotes_picked_from_a_source() {
    let mut harness = harness();
    new_model(&mut harness, "Empty");
    click(&mut harness, "Add position");
    type_into(
        &mut harness,
        "Description of option 1 of position 1",
        "What the union asks",
    );
    click(&mut harness, "Add source");
    type_into(&mut harness, "Text of source 1", TEXT);
    click(&mut harness, "Use this text for source 1");
    click(&mut harness, "Pick a quote for option 1 of position 1");
    use_whole_text(&mut harness, "Text of source 1");
    let option = first_option(&harness);
    assert_eq!(option.description, "What the union asks");
    assert_eq!(option.sources.len(), 1);
    assert_eq!(option.sources[0].quote, TEXT);
    click(&mut harness, "Remove quote 1 of option 1 of position 1");
    let option = first_option(&harness);
    assert!(option.sources.is_empty());
}

#[test]
fn the_model_editor_opens_where_it_was_left_last_time() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    harness.run();
    let [_, _, width, _] = harness
        .state()
        .settings()
        .model_editor
        .expect("where the editor is, remembered");
    assert!(width >= 640.0, "its width, {width}");

    // The next run starts with it where it was left.
    let settings = Settings {
        model_editor: Some([60.0, 90.0, 700.0, 500.0]),
        ..Settings::default()
    };
    let mut harness = harness_remembering(AppConfig::default(), settings);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    harness.run();
    let rect = harness.state().settings().model_editor.expect("shown");
    assert_eq!((rect[0], rect[1]), (60.0, 90.0), "{rect:?}");
    // Left off the screen (a smaller display now), it comes back to its usual place.
    let settings = Settings {
        model_editor: Some([5000.0, 90.0, 700.0, 500.0]),
        ..Settings::default()
    };
    let mut harness = harness_remembering(AppConfig::default(), settings);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    harness.run();
    let rect = harness.state().settings().model_editor.expect("shown");
    assert!(rect[0] + rect[2] <= 1280.0, "on the screen: {rect:?}");
}

#[test]
fn a_problem_with_a_position_takes_you_to_its_field() {
    let mut harness = harness();
    new_model(&mut harness, "Empty");
    click(&mut harness, "Add party");
    click(&mut harness, "Add position");
    pick(&mut harness, "Position 1 is", "a number");
    type_into(&mut harness, "Step of position 1", "0");
    let title = model(&harness).positions[0].title.clone();
    let problem = format!("Position 1 “{title}”, its step: step must be a positive number");
    let problem = problem.as_str();
    assert!(shows(&harness, problem));
    click_problem_expecting_focus(&mut harness, problem, "Step of position 1");
}

/// A file may name only files below its folder: Save As into a folder the model file is not
/// below carries the model inside the scenario, says so, and the saved file opens.
#[test]
fn save_as_where_the_model_file_is_out_of_reach_carries_the_model_inside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = teaching_copy(dir.path(), false);
    let mut harness = harness();
    open_file(&mut harness, &path);
    let elsewhere = dir.path().join("elsewhere/copy.ron");
    std::fs::create_dir_all(elsewhere.parent().expect("folder")).expect("folder");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    type_into(&mut harness, "File path", &elsewhere.display().to_string());
    click(&mut harness, "Save");
    assert!(shows(&harness, "Saved with the model inside the scenario"));
    let loaded = redlines::model::io::load_scenario(&elsewhere).expect("the copy opens");
    assert!(matches!(
        loaded.document.scenario.model,
        redlines::model::ModelRef::Inline(_)
    ));
    assert!(
        loaded.document.model.sources[0]
            .content
            .get()
            .is_some_and(|t| t.contains("invented")),
        "with its source's text"
    );
    // Below the model file's folder's parent, the model file is still named by its path.
    let beside = dir.path().join("beside.ron");
    open_file(&mut harness, &path);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    type_into(&mut harness, "File path", &beside.display().to_string());
    click(&mut harness, "Save");
    let loaded = redlines::model::io::load_scenario(&beside).expect("opens");
    assert!(matches!(
        loaded.document.scenario.model,
        redlines::model::ModelRef::File { .. }
    ));
}

/// The model's own file changed on disk after it was opened: saving the model editor's edits
/// asks before writing over it (issue 22, point 9).
#[test]
fn saving_model_edits_asks_before_writing_over_a_model_file_changed_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = teaching_copy(dir.path(), false);
    let model_path = dir.path().join("teaching/riverside.model.ron");
    let mut harness = harness();
    open_file(&mut harness, &path);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    harness.run();
    type_into(&mut harness, "Name of party 1", "Riverside town council");
    // Someone else edits the model file meanwhile.
    let theirs = std::fs::read_to_string(&model_path)
        .expect("model")
        .replace("title: \"", "title: \"Their edit: ");
    std::fs::write(&model_path, &theirs).expect("their edit");

    save(&mut harness);
    assert!(shows(&harness, "The model file has changed on disk"));
    click(&mut harness, "Cancel");
    assert_eq!(
        std::fs::read_to_string(&model_path).expect("model"),
        theirs,
        "their edit stands"
    );
    assert!(harness.state().is_dirty(), "ours is still unsaved");

    save(&mut harness);
    click(&mut harness, "Overwrite");
    assert!(!harness.state().is_dirty());
    let written = std::fs::read_to_string(&model_path).expect("model");
    assert!(written.contains("Riverside town council"), "{written}");

    // Written by this window, it is not asked about again.
    type_into(&mut harness, "Name of party 1", "Riverside borough council");
    save(&mut harness);
    assert!(!shows(&harness, "The model file has changed on disk"));
    assert!(!harness.state().is_dirty());
}

/// Issue 24, point 1: with the model editor open, File → Save As… asks where to save, as it
/// does without it.
#[test]
fn save_as_from_the_menu_asks_where_with_the_model_editor_open() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    harness.run();
    assert!(shows(&harness, "Model editor"));
    click(&mut harness, "File");
    click(&mut harness, "Save As… Ctrl+Shift+S");
    assert!(
        shows(&harness, "Save the scenario as"),
        "Save As asks where to save"
    );
}

/// Issue 24, point 1: with the caret in a model editor field, Ctrl+S and Ctrl+Shift+S still
/// save; the field keeps its own editing keys.
#[test]
fn the_save_keys_work_with_the_caret_in_an_editor_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("model.ron");
    let mut harness = harness();
    new_model(&mut harness, "Empty");
    click(&mut harness, "Add party");
    harness.get_by_label("Name of party 1").focus();
    harness.run();
    harness.get_by_label("Name of party 1").type_text("Union");
    harness.run();
    assert!(harness.ctx.text_edit_focused(), "the caret is in the field");

    // Ctrl+Shift+S: the scenario has no file yet, so it asks where.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert!(shows(&harness, "Save the scenario as"), "Save As asks");
    click(&mut harness, "Cancel");

    // Ctrl+S asks too, the file not being named yet; the path typed, it saves.
    harness.get_by_label("Name of party 1").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(shows(&harness, "Save the scenario as"), "Save asks where");
    answer_path_prompt(&mut harness, &path, "Save");
    let saved = std::fs::read_to_string(&path).expect("the scenario is saved");
    assert!(saved.contains("Union"), "with the edit: {saved}");
    assert!(!harness.state().is_dirty());

    // With a file, Ctrl+S from the field saves again at once.
    harness.get_by_label("Name of party 1").focus();
    harness.run();
    harness
        .get_by_label("Name of party 1")
        .type_text(" of drivers");
    harness.run();
    assert!(harness.state().is_dirty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = std::fs::read_to_string(&path).expect("saved again");
    assert!(saved.contains("Union of drivers"), "{saved}");
    assert!(!harness.state().is_dirty());
}

#[test]
fn the_editor_shows_short_labels_and_names_each_field_in_full() {
    use egui::accesskit::Role;
    let mut harness = harness();
    new_model(&mut harness, "From the two-party template");
    // Named in full, for a screen reader (and for this test)…
    for name in [
        "Party of red line 1",
        "Basis of red line 1",
        "Title of red line 1",
        "Label of option 1 of position 1",
    ] {
        assert!(harness.query_by_label(name).is_some(), "{name}");
    }
    // …while the screen says only what the heading above does not: "Party", "Basis", "Title".
    let long: Vec<String> = harness
        .query_all_by_role(Role::Label)
        .filter_map(|n| n.accesskit_node().value().or(n.accesskit_node().label()))
        .filter(|t| t.contains(" of red line ") || t.contains(" of position "))
        .collect();
    assert!(long.is_empty(), "long labels on screen: {long:?}");
}

#[test]
fn a_party_ranks_packages_put_on_the_table_and_moves_them_between_tiers() {
    use redlines::model::Pick;
    let mut harness = harness();
    new_model(&mut harness, "From the two-party template");
    click(&mut harness, "For the stability analysis: party 1");
    let tiers = |h: &Harness<'_, App>| -> Vec<Vec<String>> {
        model(h).parties[0]
            .ranking
            .iter()
            .map(|tier| {
                tier.iter()
                    .map(|package| match package.values().next() {
                        Some(Pick::Option(o)) => o.clone(),
                        other => format!("{other:?}"),
                    })
                    .collect()
            })
            .collect()
    };
    click(&mut harness, "Rank the package on the table for party 1");
    assert_eq!(tiers(&harness), [["option1"]]);
    assert!(
        harness
            .get_by_label("Rank the package on the table for party 1")
            .accesskit_node()
            .is_disabled(),
        "ranked already"
    );
    click(&mut harness, "Second option");
    click(&mut harness, "Rank the package on the table for party 1");
    assert_eq!(
        tiers(&harness),
        [["option1"], ["option2"]],
        "a new lowest tier"
    );
    assert!(shows(&harness, "Tier 2: Position 1: Second option"));
    click(
        &mut harness,
        "Move package 1 of tier 2 of party 1 up a tier",
    );
    assert_eq!(tiers(&harness), [["option1", "option2"]], "tied");
    click(
        &mut harness,
        "Move package 2 of tier 1 of party 1 up a tier",
    );
    assert_eq!(tiers(&harness), [["option2"], ["option1"]], "above");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(tiers(&harness), [["option1", "option2"]], "undone");
    click(&mut harness, "Remove package 1 of tier 1 of party 1");
    assert_eq!(tiers(&harness), [["option2"]]);
}
