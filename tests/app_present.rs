//! Presenting a briefing from the keyboard, building one, and the window's keyboard paths
//! (menus, Esc, F1), driven the way a briefer does.

mod common;

use common::harness::{click, harness, harness_remembering};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use redlines::model::bundled;
use redlines::ui::app::{App, AppConfig};
use redlines::ui::platform::files::Settings;
use redlines::ui::setup_context;

fn press(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn press_with(harness: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn step_index(harness: &Harness<'_, App>) -> usize {
    harness.state().presenting().expect("presenting").index
}

fn shows(harness: &Harness<'_, App>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// The example briefing, opened with its shortcut (after the four example scenarios).
fn open_example_briefing(harness: &mut Harness<'_, App>) {
    let key = common::harness::example_briefing_key();
    press_with(harness, Modifiers::COMMAND, key);
    assert!(
        harness.state().briefing().is_some(),
        "Ctrl+{key:?} opens the example briefing"
    );
}

/// Steps, as written in the bundled briefing.
fn example_steps() -> Vec<redlines::model::briefing::Step> {
    let (_, text) = bundled::EXAMPLE_BRIEFINGS[0];
    redlines::model::briefing::parse_briefing(text)
        .expect("the bundled briefing parses")
        .briefing
        .steps
}

#[test]
fn the_example_briefing_steps_by_keyboard_without_asking_to_save() {
    let mut harness = harness();
    // Unsaved work of the user's own, which presenting must leave alone.
    click(&mut harness, "Securing skies and seas only");
    let before = harness.state().document().scenario.clone();
    assert!(harness.state().is_dirty());

    open_example_briefing(&mut harness);
    press(&mut harness, Key::F5);
    let steps = example_steps();
    assert_eq!(step_index(&harness), 0);
    assert!(
        shows(&harness, &steps[0].title),
        "the banner names the step"
    );
    assert!(shows(&harness, &format!("1 / {}", steps.len())));

    let expect = |harness: &Harness<'_, App>, i: usize| {
        assert_eq!(step_index(harness), i);
        assert!(
            harness.state().modal().is_none(),
            "stepping never asks anything: {:?}",
            harness.state().modal()
        );
        assert!(
            harness.state().is_dirty(),
            "unsaved still means the user's own work, not a step"
        );
    };
    press(&mut harness, Key::ArrowRight);
    expect(&harness, 1);
    assert_eq!(
        harness.state().document().scenario.title,
        "The Kremlin's demands, as reported"
    );
    press(&mut harness, Key::PageDown);
    expect(&harness, 2);
    press(&mut harness, Key::ArrowLeft);
    expect(&harness, 1);
    press(&mut harness, Key::PageUp);
    expect(&harness, 0);
    press(&mut harness, Key::End);
    expect(&harness, steps.len() - 1);
    assert!(shows(&harness, &steps[steps.len() - 1].title));
    press(&mut harness, Key::ArrowRight);
    expect(&harness, steps.len() - 1);
    press(&mut harness, Key::Home);
    expect(&harness, 0);

    // G, then the step's number, then Enter.
    press(&mut harness, Key::G);
    assert!(shows(&harness, "Go to step"), "G asks for a number");
    harness.event(egui::Event::Text("3".to_owned()));
    harness.run();
    press(&mut harness, Key::Enter);
    expect(&harness, 2);

    // B blanks the screen, and B brings it back.
    press(&mut harness, Key::B);
    assert!(shows(&harness, "Screen blanked"));
    assert!(!shows(&harness, &steps[2].title));
    press(&mut harness, Key::B);
    assert!(shows(&harness, &steps[2].title));

    press(&mut harness, Key::Escape);
    assert!(!harness.state().is_presenting(), "Esc leaves presenting");
    assert_eq!(
        harness.state().document().scenario,
        before,
        "the user's own work is back as it was"
    );
    assert!(harness.state().is_dirty(), "and still unsaved");
    assert!(
        harness.state().can_undo(),
        "its undo history came back with it"
    );
}

#[test]
fn a_question_hides_the_verdicts_until_revealed() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    let steps = example_steps();
    let asking = steps
        .iter()
        .position(|s| s.question.is_some())
        .expect("the example asks the room once at least");
    press(&mut harness, Key::F5);
    for _ in 0..asking {
        press(&mut harness, Key::ArrowRight);
    }
    assert_eq!(step_index(&harness), asking);
    let question = steps[asking].question.clone().expect("a question");
    assert!(shows(&harness, &question), "the question is on screen");
    let parties = harness.state().document().model.parties.clone();
    // A card's verdict reads "✖ would reject" and the like; the question may use the words.
    use redlines::model::Verdict;
    let statuses = [
        format!("{} would reject", Verdict::Breaks.symbol()),
        format!("{} unclear", Verdict::Uncertain.symbol()),
        format!("{} no red line broken", Verdict::Holds.symbol()),
    ];
    let visible_statuses = |h: &Harness<'_, App>| {
        statuses
            .iter()
            .map(|s| h.query_all_by_label(s).count())
            .sum::<usize>()
    };
    assert_eq!(
        harness.query_all_by_label("?").count(),
        parties.len(),
        "every card says ?"
    );
    assert_eq!(visible_statuses(&harness), 0, "no verdict shows yet");

    press(&mut harness, Key::R);
    assert_eq!(
        harness.query_all_by_label("?").count(),
        parties.len() - 1,
        "R reveals one party"
    );
    assert_eq!(step_index(&harness), asking, "and stays on the step");

    press(&mut harness, Key::Space);
    assert_eq!(
        harness.query_all_by_label("?").count(),
        0,
        "Space reveals all"
    );
    assert!(visible_statuses(&harness) > 0);
    assert_eq!(step_index(&harness), asking);

    press(&mut harness, Key::Space);
    assert_eq!(
        step_index(&harness),
        asking + 1,
        "once all is shown, Space moves on"
    );
}

#[test]
fn a_compare_step_shows_what_changed_since_the_last() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    let steps = example_steps();
    let comparing = steps
        .iter()
        .position(|s| s.show == redlines::model::briefing::Show::Compare)
        .expect("the example compares once at least");
    assert!(comparing > 0);
    press(&mut harness, Key::F5);
    go_to(&mut harness, comparing);
    assert_eq!(step_index(&harness), comparing);
    // Revealed first if the step asks the room.
    press(&mut harness, Key::Space);
    if step_index(&harness) != comparing {
        press(&mut harness, Key::ArrowLeft);
    }

    let before = example_document(&steps[comparing - 1]);
    let after = example_document(&steps[comparing]);
    let comparison = redlines::model::compare::compare(&before, &after);
    assert!(shows(&harness, "Choices that differ"));
    assert!(shows(&harness, "Red lines whose verdict changed"));
    for change in &comparison.choices {
        assert!(
            shows(&harness, &format!("{}:", change.title)),
            "{} differs and is listed",
            change.title
        );
    }
    for change in &comparison.red_lines {
        assert!(
            shows(&harness, &change.title),
            "{} changed its verdict and is listed",
            change.title
        );
    }
    assert!(
        !comparison.choices.is_empty() && !comparison.red_lines.is_empty(),
        "the example's comparison has something to show"
    );
}

/// A bundled example briefing step's scenario, as the file says it.
fn example_document(step: &redlines::model::briefing::Step) -> redlines::model::Document {
    let text = bundled::example_text(scenario_file(step)).expect("bundled");
    redlines::model::format::parse_scenario(text)
        .expect("the example parses")
        .document
}

/// While presenting: G, the step's number (1 is the first), Enter.
fn go_to(harness: &mut Harness<'_, App>, index: usize) {
    press(harness, Key::G);
    harness.event(egui::Event::Text((index + 1).to_string()));
    harness.run();
    press(harness, Key::Enter);
}

/// Types `text` into the field with this label, replacing what it holds.
fn type_into(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    press_with(harness, Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}

fn scenario_file(step: &redlines::model::briefing::Step) -> &str {
    match &step.scenario {
        redlines::model::briefing::StepScenario::File(path) => path,
        redlines::model::briefing::StepScenario::Inline { .. } => {
            panic!("the example's steps are files")
        }
    }
}

#[test]
fn a_briefing_built_from_scratch_is_saved_and_undone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness();
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    assert!(shows(&harness, "No briefing yet"));
    click(&mut harness, "Add current scenario as step");
    assert_eq!(harness.state().briefing().map(|b| b.steps.len()), Some(1));
    // The next step: another example, then added.
    press_with(&mut harness, Modifiers::COMMAND, Key::Num2);
    assert_eq!(
        harness.state().document().scenario.title,
        "The Kremlin's demands, as reported"
    );
    click(&mut harness, "Add current scenario as step");
    let titles = |h: &Harness<'_, App>| -> Vec<String> {
        h.state()
            .briefing()
            .expect("a briefing")
            .steps
            .iter()
            .map(|s| s.title.clone())
            .collect()
    };
    let first = titles(&harness);
    assert_eq!(first.len(), 2);
    assert_eq!(first[1], "The Kremlin's demands, as reported");

    type_into(
        &mut harness,
        "Briefing title",
        "Seminar 4: the Berlin talks",
    );
    assert_eq!(
        harness.state().briefing().map(|b| b.title.as_str()),
        Some("Seminar 4: the Berlin talks")
    );

    click(&mut harness, "Move step 2 up");
    assert_eq!(titles(&harness), vec![first[1].clone(), first[0].clone()]);
    click(&mut harness, "Remove step 1");
    assert_eq!(titles(&harness), vec![first[0].clone()]);
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        titles(&harness),
        vec![first[1].clone(), first[0].clone()],
        "undo brings the removed step back"
    );
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(titles(&harness), first, "and the order before the move");

    click(&mut harness, "Save briefing as…");
    let path = dir.path().join("seminar.briefing.ron");
    type_into(&mut harness, "File path", &path.display().to_string());
    click(&mut harness, "Save");
    let text = std::fs::read_to_string(&path).expect("the briefing is on disk");
    let saved = redlines::model::briefing::parse_briefing(&text)
        .expect("it reads back")
        .briefing;
    assert_eq!(saved.title, "Seminar 4: the Berlin talks");
    assert_eq!(
        saved
            .steps
            .iter()
            .map(|s| s.title.clone())
            .collect::<Vec<_>>(),
        first
    );

    // Saved once, "Save briefing" writes to that file again without asking where.
    type_into(&mut harness, "Title of step 1", "Where the talks began");
    assert!(harness.state().briefing_is_dirty());
    click(&mut harness, "Save briefing");
    assert!(harness.state().modal().is_none(), "no file prompt");
    assert!(!harness.state().briefing_is_dirty());
    let again = redlines::model::briefing::parse_briefing(
        &std::fs::read_to_string(&path).expect("still on disk"),
    )
    .expect("it reads back")
    .briefing;
    assert_eq!(again.steps[0].title, "Where the talks began");

    // Presented from the file it was saved to, the steps are the ones built.
    press(&mut harness, Key::F5);
    assert!(harness.state().is_presenting());
    press(&mut harness, Key::End);
    assert_eq!(
        harness.state().document().scenario.title,
        "The Kremlin's demands, as reported"
    );
    press(&mut harness, Key::Escape);
    assert!(!harness.state().is_presenting());
}

#[test]
fn presenting_the_scenario_alone_keeps_a_live_change_as_an_undoable_edit() {
    let mut harness = harness();
    let start = harness.state().document().scenario.clone();
    press(&mut harness, Key::F5);
    assert!(harness.state().is_presenting());
    assert!(
        !shows(&harness, "Securing skies and seas only"),
        "the positions panel is hidden while presenting"
    );
    press(&mut harness, Key::P);
    let before = harness.state().evaluation().clone();
    click(&mut harness, "Securing skies and seas only");
    assert!(
        shows(&harness, "Changed live"),
        "the room is told this is not the step as written"
    );
    let model = harness.state().document().model.clone();
    let flipped: Vec<_> = before
        .red_lines
        .iter()
        .zip(&harness.state().evaluation().red_lines)
        .enumerate()
        .filter(|(_, (a, b))| a.verdict != b.verdict)
        .map(|(i, (a, _))| (model.red_lines[i].title.clone(), a.verdict))
        .collect();
    assert!(!flipped.is_empty(), "the change flips a verdict");
    for (title, was) in &flipped {
        let was = format!("was {} {}", was.symbol(), was.as_str());
        assert!(
            harness
                .query_all_by_label_contains(title)
                .any(|n| n.value().is_some_and(|l| l.contains(&was))),
            "{title} is marked {was:?}"
        );
    }
    // The replay animates, so the window keeps drawing for a few seconds.
    harness.key_press(Key::L);
    harness.run_steps(3);
    assert!(
        shows(&harness, "Replay: before the last change"),
        "L replays the change"
    );
    press(&mut harness, Key::Escape);
    assert!(!harness.state().is_presenting());
    assert_ne!(harness.state().document().scenario.choices, start.choices);
    assert!(harness.state().is_dirty());
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().scenario, start);
}

#[test]
fn menus_open_and_choose_from_the_keyboard() {
    let mut harness = harness();
    assert!(!shows(&harness, "New Ctrl+N"));
    press(&mut harness, Key::F10);
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "New Ctrl+N"), "F10 then Enter opens File");
    press(&mut harness, Key::Escape);
    assert!(!shows(&harness, "New Ctrl+N"), "Esc closes it");

    // F10, then ↓ opens the focused menu; → and ← move to the menu beside it, still open.
    press(&mut harness, Key::F10);
    press(&mut harness, Key::ArrowDown);
    harness.run();
    assert!(shows(&harness, "New Ctrl+N"), "F10 then ↓ opens File");
    press(&mut harness, Key::ArrowRight);
    harness.run();
    assert!(shows(&harness, "Scenario details…"), "→ opens Edit");
    assert!(!shows(&harness, "New Ctrl+N"), "and closes File");
    press(&mut harness, Key::ArrowLeft);
    harness.run();
    assert!(shows(&harness, "New Ctrl+N"), "← goes back to File");
    press(&mut harness, Key::Escape);

    // Alt+H opens Help with its first item focused; Enter chooses it.
    press_with(&mut harness, Modifiers::ALT, Key::H);
    assert!(shows(&harness, "Keyboard shortcuts F1"));
    press(&mut harness, Key::Enter);
    assert!(
        shows(&harness, "Present"),
        "the shortcuts window lists the presenter's keys"
    );
    assert!(
        harness
            .query_all_by_label_contains("Next step")
            .next()
            .is_some()
    );

    // Alt+V, down to the second item, Enter: the Briefing window.
    press(&mut harness, Key::Escape);
    press_with(&mut harness, Modifiers::ALT, Key::V);
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::Enter);
    assert!(
        shows(&harness, "No briefing yet"),
        "View → Briefing… opened"
    );
    assert!(
        !shows(&harness, "Full screen F11"),
        "choosing an item with Enter closes the menu"
    );
}

#[test]
fn view_compare_sets_the_open_scenario_beside_the_status_quo() {
    let mut harness = harness();
    let titles = bundled::example_titles();
    press_with(&mut harness, Modifiers::COMMAND, Key::Num4);
    assert_eq!(&harness.state().document().scenario.title, &titles[3]);
    click(&mut harness, "View");
    click(&mut harness, "Compare…");
    assert!(
        shows(&harness, &format!("{} → {}", titles[0], titles[3])),
        "an unchanged scenario is compared with the status quo"
    );
    let baseline = redlines::model::format::parse_scenario(bundled::EXAMPLES[0].1)
        .expect("parses")
        .document;
    let comparison = redlines::model::compare::compare(&baseline, harness.state().document());
    assert!(!comparison.red_lines.is_empty());
    for change in &comparison.red_lines {
        assert!(shows(&harness, &change.title), "{} is listed", change.title);
    }
}

#[test]
fn esc_closes_the_top_window_and_f1_toggles_the_shortcuts() {
    let mut harness = harness();
    press(&mut harness, Key::F1);
    assert!(shows(&harness, "Next step"), "F1 opens the shortcuts");
    press(&mut harness, Key::F1);
    assert!(!shows(&harness, "Next step"), "F1 again closes them");

    press(&mut harness, Key::F1);
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    assert!(shows(&harness, "No briefing yet"));
    assert!(shows(&harness, "Next step"));
    press(&mut harness, Key::Escape);
    assert!(
        !shows(&harness, "No briefing yet"),
        "Esc closes the window opened last"
    );
    assert!(shows(&harness, "Next step"), "and only that one");
    press(&mut harness, Key::Escape);
    assert!(!shows(&harness, "Next step"));
}

/// A 1280×800 window at 200% zoom is 640×400 points.
fn projector_harness() -> Harness<'static, App> {
    let settings = Settings::default();
    let app = App::new(AppConfig::default(), settings.clone());
    let mut harness = Harness::builder()
        .with_size([640.0, 400.0])
        .with_pixels_per_point(2.0)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    setup_context(&harness.ctx, &settings);
    harness.run();
    harness
}

/// Whether the slide says that more waits below, for ↓.
fn more_below(harness: &Harness<'_, App>) -> bool {
    painted(harness, "↓ more below")
}

#[test]
fn at_200_percent_on_1280_by_800_the_cards_fit_and_the_rest_is_whole_or_announced() {
    let mut harness = projector_harness();
    let titles = bundled::example_titles();
    let mut rows_checked = 0;
    for (i, title) in titles.iter().enumerate() {
        let key = Key::from_name(&(i + 1).to_string()).expect("a digit key");
        press_with(&mut harness, Modifiers::COMMAND, key);
        assert_eq!(&harness.state().document().scenario.title, title);
        press(&mut harness, Key::F5);
        let screen = harness.ctx.content_rect();
        assert_eq!(screen.size(), egui::vec2(640.0, 400.0));
        // The keys are at the bottom; the cards and broken lines are above them. The package
        // beside the lines is whole above them too, or, where even its smallest type does not fit
        // (200% of 1280×800 is a small screen), says there is more below, for ↓ to bring up.
        let strip_top = harness
            .query_by_label("Stop presenting (Esc)")
            .expect("the keys line")
            .rect()
            .top();
        let doc = harness.state().document().clone();
        for position in &doc.model.positions {
            let pick = doc.pick(&position.id).expect("a pick");
            let line = format!("{}: {}", position.title, position.describe_pick(pick));
            let rect = harness
                .query_by_label(&line)
                .unwrap_or_else(|| panic!("{title}: {line} is on the slide"))
                .rect();
            assert!(
                rect.bottom() <= strip_top || more_below(&harness),
                "{title}: {line} at {rect:?} is above the keys at {strip_top}, or announced"
            );
        }
        let doc = harness.state().document().clone();
        let evaluation = harness.state().evaluation().clone();
        for party in &doc.model.parties {
            // A long name shows without its parenthesis, and whole when hovered.
            let plain = party.name.split(" (").next().unwrap_or(&party.name);
            let card = harness
                .query_by_label(&party.name)
                .or_else(|| harness.query_by_label(plain))
                .unwrap_or_else(|| harness.get_by_label(&party.short))
                .rect();
            assert!(
                screen.contains_rect(card) && card.bottom() <= strip_top,
                "{title}: {}'s card at {card:?} is on screen",
                party.name
            );
        }
        let broken: Vec<_> = doc
            .model
            .red_lines
            .iter()
            .zip(&evaluation.red_lines)
            .filter(|(_, v)| v.verdict == redlines::model::Verdict::Breaks)
            .map(|(line, _)| line.title.clone())
            .collect();
        for line in &broken {
            let row = harness
                .query_all_by_label_contains(line)
                .find(|n| n.rect().top() > screen.top())
                .unwrap_or_else(|| panic!("{title}: {line} is listed"))
                .rect();
            // Rows wrap rather than lose their reasons, so on this small screen the last may
            // wait below, announced, for ↓.
            assert!(
                row.top() >= screen.top() && (row.bottom() <= strip_top || more_below(&harness)),
                "{title}: the row for {line} at {row:?} is above the keys at {strip_top}, or \
                 announced below"
            );
            rows_checked += 1;
        }
        press(&mut harness, Key::Escape);
        assert!(!harness.state().is_presenting());
    }
    assert!(rows_checked > 0, "some example breaks a red line");
}

#[test]
fn a_live_change_while_presenting_never_touches_the_step_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenarios = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&scenarios).expect("scenarios folder") {
        let from = entry.expect("entry").path();
        if !from.is_file() {
            continue;
        }
        let to = dir.path().join(from.file_name().expect("a name"));
        std::fs::copy(&from, &to).expect("copied");
        files.push((to.clone(), std::fs::read(&to).expect("read")));
    }
    let mut harness = harness();
    // As the command line and Open recent do.
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        redlines::ui::command::Command::OpenPath(dir.path().join("berlin-talks.briefing.ron")),
    );
    harness.run();
    assert!(harness.state().briefing().is_some());
    press(&mut harness, Key::F5);
    press(&mut harness, Key::P);
    click(&mut harness, "Securing skies and seas only");
    assert!(shows(&harness, "Changed live"));
    press(&mut harness, Key::ArrowRight);
    press(&mut harness, Key::ArrowLeft);
    assert!(
        shows(&harness, "Changed live"),
        "going back to a step shows it as the room last saw it"
    );
    press(&mut harness, Key::Escape);
    assert!(harness.state().modal().is_none(), "nothing asks to save");
    assert!(!harness.state().is_dirty());
    for (path, bytes) in files {
        assert_eq!(
            std::fs::read(&path).expect("still there"),
            bytes,
            "{} is untouched",
            path.display()
        );
    }
}

#[test]
fn a_crash_copy_waits_until_presenting_stops_and_is_then_offered() {
    let data = tempfile::tempdir().expect("temp dir");
    {
        let mut harness = common::harness::harness_in(data.path());
        click(&mut harness, "Legal recognition");
        // Dropped without a clean exit, like a crash.
    }
    let mut harness = common::harness::harness_in(data.path());
    assert!(shows(&harness, "Restore unsaved work?"));
    press(&mut harness, Key::F5);
    assert!(harness.state().is_presenting());
    assert!(
        !shows(&harness, "Restore unsaved work?"),
        "the room does not see the question"
    );
    press(&mut harness, Key::ArrowRight);
    // A stray file shortcut does not put the editing screen on the projector.
    press_with(&mut harness, Modifiers::COMMAND, Key::N);
    assert!(harness.state().is_presenting(), "Ctrl+N waits");
    assert!(shows(&harness, "Leave presenting first (Esc)"));
    press(&mut harness, Key::Escape);
    assert!(!harness.state().is_presenting());
    assert!(
        shows(&harness, "Restore unsaved work?"),
        "the question comes back once presenting stops"
    );
    click(&mut harness, "Restore");
    assert_eq!(
        harness.state().document().pick("recognition"),
        Some(&redlines::model::Pick::Option("legal".into()))
    );
}

#[test]
fn export_brief_writes_the_handout_with_pictures_without_freezing_the_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness();
    open_example_briefing(&mut harness);
    // The briefing window that opened with it has the button.
    click(&mut harness, "Export brief…");
    let out = dir.path().join("handout");
    type_into(&mut harness, "Folder path", &out.display().to_string());
    click(&mut harness, "Export");
    assert!(
        harness.state().is_exporting(),
        "the pictures are drawn in the background"
    );
    assert!(
        shows(&harness, "Exporting the brief to"),
        "and the user is told"
    );
    common::harness::wait_for(&mut harness, "Exported the brief");
    let markdown = std::fs::read_to_string(out.join("brief.md")).expect("the handout");
    for step in example_steps() {
        assert!(markdown.contains(&step.title), "{}", step.title);
    }
    for n in 1..=example_steps().len() {
        assert!(out.join(format!("step-{n}-verdicts.png")).is_file());
        assert!(out.join(format!("step-{n}-charts.png")).is_file());
    }
}

/// Whether the app told the window to close in its last frame.
fn closing(harness: &Harness<'_, App>) -> bool {
    harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::Close))
}

#[test]
fn quitting_with_an_unsaved_briefing_asks_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness();
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    click(&mut harness, "Add current scenario as step");
    assert!(harness.state().briefing_is_dirty());
    // The scenario itself is saved: only the briefing would be lost.
    assert!(!harness.state().is_dirty());

    common::harness::request_close(&mut harness);
    harness.run();
    assert!(shows(&harness, "Save the briefing?"));
    click(&mut harness, "Cancel");
    assert!(harness.state().modal().is_none());
    assert!(!closing(&harness));
    assert_eq!(
        harness.state().briefing().map(|b| b.steps.len()),
        Some(1),
        "the briefing is still there"
    );

    // "Save it as…" saves, then quits as asked.
    common::harness::request_close(&mut harness);
    harness.run();
    click(&mut harness, "Save it as…");
    let path = dir.path().join("kept.briefing.ron");
    type_into(&mut harness, "File path", &path.display().to_string());
    harness.get_by_label("Save").click();
    harness.step();
    assert!(path.is_file());
    assert!(!harness.state().briefing_is_dirty());
    assert!(closing(&harness), "saved, the window closes as asked");
    harness.run();

    // Saved, it no longer asks.
    common::harness::request_close(&mut harness);
    harness.run();
    assert!(harness.state().modal().is_none());
    assert!(!shows(&harness, "Save the briefing?"));

    // Changed again, "Quit without saving" is a deliberate choice.
    let mut harness = common::harness::harness();
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    click(&mut harness, "Add current scenario as step");
    common::harness::request_close(&mut harness);
    harness.run();
    assert!(shows(&harness, "Save the briefing?"));
    harness.get_by_label("Quit without saving").click();
    harness.step();
    assert!(closing(&harness), "the window closes");
}

/// Presses `keys` as one burst: all in a single frame, as a clicker or fast typing sends them.
fn burst(harness: &mut Harness<'_, App>, events: Vec<egui::Event>) {
    for event in events {
        // Each key goes down and up, as a clicker's press does.
        if let egui::Event::Key { key, .. } = event {
            harness.event(event.clone());
            harness.event(egui::Event::Key {
                key,
                physical_key: None,
                pressed: false,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
        } else {
            harness.event(event);
        }
    }
    harness.run();
}

fn key(key: Key) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

#[test]
fn quick_presses_all_count_and_a_step_that_is_not_there_is_refused() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    press(&mut harness, Key::F5);
    burst(
        &mut harness,
        vec![key(Key::PageDown), key(Key::PageDown), key(Key::PageDown)],
    );
    assert_eq!(step_index(&harness), 3, "three clicks, three steps");
    burst(
        &mut harness,
        vec![
            key(Key::G),
            egui::Event::Text("2".to_owned()),
            key(Key::Enter),
        ],
    );
    assert_eq!(step_index(&harness), 1, "G 2 Enter typed fast");
    burst(
        &mut harness,
        vec![
            key(Key::G),
            egui::Event::Text("9".to_owned()),
            key(Key::Enter),
        ],
    );
    assert_eq!(step_index(&harness), 1, "a typo does not jump to the end");
    assert!(shows(&harness, "There is no step 9"));
    press(&mut harness, Key::Backspace);
    harness.event(egui::Event::Text("3".to_owned()));
    press(&mut harness, Key::Enter);
    assert_eq!(step_index(&harness), 2);
}

#[test]
fn stray_keys_keep_the_talk_going_and_f1_shows_the_keys_over_the_slide() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    press(&mut harness, Key::F5);
    press(&mut harness, Key::End);
    for (modifiers, k) in [
        (Modifiers::NONE, Key::F10),
        (Modifiers::ALT, Key::F),
        (Modifiers::COMMAND | Modifiers::SHIFT, Key::B),
        (Modifiers::COMMAND, Key::O),
        (Modifiers::COMMAND, Key::S),
    ] {
        press_with(&mut harness, modifiers, k);
        assert!(harness.state().is_presenting(), "{modifiers:?} {k:?}");
        assert_eq!(step_index(&harness), 3);
    }
    press(&mut harness, Key::F1);
    assert!(harness.state().is_presenting());
    assert!(shows(&harness, "Next step"), "F1 lists the keys");
    // The presenting keys first: what a presenter looks for then.
    let top = |label: &str| {
        harness
            .query_all_by_label(label)
            .map(|n| n.rect().top())
            .fold(f32::INFINITY, f32::min)
    };
    assert!(
        top("Next step") < top("Save"),
        "presenting keys above File's"
    );
    press(&mut harness, Key::Escape);
    assert!(!shows(&harness, "Next step"), "Esc closes the list first");
    assert!(harness.state().is_presenting(), "and the talk goes on");
    press(&mut harness, Key::Escape);
    assert!(!harness.state().is_presenting());
}

#[test]
fn the_speaker_view_survives_a_blank_screen() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    press(&mut harness, Key::F5);
    press(&mut harness, Key::S);
    assert!(shows(&harness, "Step 1 of 4"), "the speaker view is open");
    press(&mut harness, Key::B);
    assert!(shows(&harness, "Screen blanked"));
    assert!(shows(&harness, "Step 1 of 4"), "and stays open while blank");
}

#[test]
fn the_speaker_view_offers_no_step_beyond_the_first_or_the_last() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    press(&mut harness, Key::F5);
    press(&mut harness, Key::S);
    let enabled =
        |h: &Harness<'_, App>, label: &str| !h.get_by_label(label).accesskit_node().is_disabled();
    assert!(
        !enabled(&harness, "◀ Previous"),
        "nothing before the first step"
    );
    assert!(enabled(&harness, "Next ▶"));
    press(&mut harness, Key::End);
    assert!(shows(&harness, "This is the last step."));
    assert!(!enabled(&harness, "Next ▶"), "nothing after the last step");
    assert!(enabled(&harness, "◀ Previous"));
}

#[test]
fn a_question_step_hides_the_what_if_badges_too() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    let asking = example_steps()
        .iter()
        .position(|s| s.question.is_some())
        .expect("a question");
    press(&mut harness, Key::F5);
    go_to(&mut harness, asking);
    press(&mut harness, Key::P);
    // A badge reads "+1 UA", "?−1 RU" and the like; the legend above them is not one.
    let badges = |h: &Harness<'_, App>| {
        h.query_all_by_label_contains("+1 ")
            .chain(h.query_all_by_label_contains("−1 "))
            .filter(|n| n.value().is_none_or(|v| !v.starts_with("Badges:")))
            .count()
    };
    assert_eq!(badges(&harness), 0, "no badge gives the answer away");
    press(&mut harness, Key::Space);
    assert!(badges(&harness) > 0, "revealed, the badges come back");
}

#[test]
fn flips_are_marked_against_the_step_before_however_it_was_reached() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    let steps = example_steps();
    press(&mut harness, Key::F5);
    // Straight from step 1 to the last that lists red lines, skipping the one before it.
    let last = steps
        .iter()
        .rposition(|s| s.show == redlines::model::briefing::Show::RedLines)
        .expect("a red-lines step");
    assert!(last >= 2);
    go_to(&mut harness, last);
    assert_eq!(step_index(&harness), last);
    if steps[last].question.is_some() {
        press(&mut harness, Key::Space);
    }
    let before = example_document(&steps[last - 1]).evaluate();
    let now = example_document(&steps[last]);
    let after = now.evaluate();
    // Lines the package made uncertain only by its silence are folded, and said to be new;
    // opened, they are marked like the rest.
    let newly_silent = before
        .red_lines
        .iter()
        .zip(&after.red_lines)
        .filter(|(b, a)| {
            a.verdict == redlines::model::Verdict::Uncertain
                && !a.unaddressed.is_empty()
                && a.verdict != b.verdict
        })
        .count();
    if newly_silent > 0 {
        let fold = harness
            .query_all_by_label_contains("uncertain only because the package is silent")
            .find(|n| n.value().is_some_and(|v| v.contains("newly so")))
            .expect("the fold says some are newly silent");
        fold.click();
        harness.run();
    }
    let mut marked = 0;
    for (i, (b, a)) in before.red_lines.iter().zip(&after.red_lines).enumerate() {
        if a.verdict == redlines::model::Verdict::Holds || a.verdict == b.verdict {
            continue;
        }
        let title = &now.model.red_lines[i].title;
        let was = format!("was {} {}", b.verdict.symbol(), b.verdict.as_str());
        assert!(
            harness
                .query_all_by_label_contains(title)
                .any(|n| n.value().is_some_and(|v| v.contains(&was))),
            "{title}: {was}, as in the step before"
        );
        marked += 1;
    }
    assert!(marked > 0);
    let caption = "what your last change flipped";
    assert!(!shows(&harness, caption), "marked against the step before");
    // A live change is marked against the package before it, and the screen says so.
    press(&mut harness, Key::P);
    click(&mut harness, "Legal recognition");
    assert!(shows(&harness, caption));
    press(&mut harness, Key::ArrowLeft);
    press(&mut harness, Key::ArrowRight);
    assert!(
        !shows(&harness, caption),
        "back to marks against the step before"
    );
    press(&mut harness, Key::Home);
    assert!(
        !shows(&harness, "was "),
        "the first step has nothing before it to mark"
    );
}

#[test]
fn a_step_added_from_a_changed_scenario_says_what_changed() {
    let mut harness = harness();
    let title = harness.state().document().scenario.title.clone();
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    click(&mut harness, "Demilitarized free economic zone");
    click(&mut harness, "Add current scenario as step");
    let step = harness.state().briefing().expect("a briefing").steps[0].clone();
    assert_eq!(step.title, format!("Custom package, based on: {title}"));
    let redlines::model::briefing::StepScenario::Inline { summary, .. } = &step.scenario else {
        panic!("written into the briefing");
    };
    assert_eq!(
        summary,
        &format!("“{title}” with Donbas arrangement: Demilitarized free economic zone."),
        "not the old summary of a package no longer on screen"
    );
}

#[test]
fn arrows_scroll_what_does_not_fit_on_a_small_projector() {
    let mut harness = projector_harness();
    open_example_briefing(&mut harness);
    press(&mut harness, Key::F5);
    press(&mut harness, Key::End);
    let top = |h: &Harness<'_, App>| h.get_by_label("Per party").rect().top();
    let before = top(&harness);
    assert!(
        before > harness.ctx.content_rect().bottom(),
        "at 640×400 points the comparison runs below the screen"
    );
    assert!(painted(&harness, "↓ more below"));
    assert!(!painted(&harness, "↑ more above"), "nothing is above yet");
    let mark = painted_at(&harness, "↓ more below").expect("painted");
    let under = other_text_over(&harness, mark);
    assert!(under.is_empty(), "the mark covers nothing: {under:?}");
    for _ in 0..10 {
        press(&mut harness, Key::ArrowDown);
    }
    assert!(top(&harness) < before, "↓ brings it up");
    assert!(
        painted(&harness, "↑ more above"),
        "what scrolled away is announced"
    );
    for _ in 0..10 {
        press(&mut harness, Key::ArrowUp);
    }
    assert_eq!(top(&harness), before, "↑ takes it back");
    assert!(!painted(&harness, "↑ more above"));
}

/// Whether the last frame painted this text (marks drawn over the slide are not widgets).
fn painted(harness: &Harness<'_, App>, text: &str) -> bool {
    painted_at(harness, text).is_some()
}

/// Where the last frame painted text holding `text`, clipped to what shows.
fn painted_at(harness: &Harness<'_, App>, text: &str) -> Option<egui::Rect> {
    harness
        .output()
        .shapes
        .iter()
        .find_map(|clipped| match &clipped.shape {
            egui::Shape::Text(t) if t.galley.text().contains(text) => {
                Some(t.visual_bounding_rect().intersect(clipped.clip_rect))
            }
            _ => None,
        })
}

/// Text the last frame painted, each with where it shows (clipped), but the text at `except`.
fn other_text_over(harness: &Harness<'_, App>, except: egui::Rect) -> Vec<String> {
    harness
        .output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            egui::Shape::Text(t) => {
                let shown = t.visual_bounding_rect().intersect(clipped.clip_rect);
                (shown.is_positive() && shown != except && shown.intersects(except))
                    .then(|| t.galley.text().to_owned())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn open_recent_is_reachable_from_the_keyboard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mine.ron");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/us-compromise.ron"),
        &path,
    )
    .expect("copied");
    let settings = Settings {
        recent: vec![path.clone()],
        ..Settings::default()
    };
    let mut harness = harness_remembering(AppConfig::default(), settings);
    // Alt+F, down to Open recent, Enter opens it, ↓ to the file, Enter opens the file.
    press_with(&mut harness, Modifiers::ALT, Key::F);
    let items = ["New", "New model", "Open…", "Open example", "Open recent"];
    for _ in 1..items.len() {
        press(&mut harness, Key::ArrowDown);
    }
    press(&mut harness, Key::Enter);
    assert!(shows(&harness, "mine.ron"), "the recent files are listed");
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::Enter);
    assert_eq!(
        harness.state().path(),
        Some(path.canonicalize().expect("exists").as_path()),
        "the recent file opened"
    );
}

#[test]
fn a_live_change_can_be_undone_after_stepping_away_and_back() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    press(&mut harness, Key::F5);
    let written = harness.state().document().scenario.clone();
    press(&mut harness, Key::P);
    click(&mut harness, "Securing skies and seas only");
    assert_ne!(harness.state().document().scenario, written);
    press(&mut harness, Key::ArrowRight);
    press(&mut harness, Key::ArrowLeft);
    assert_ne!(
        harness.state().document().scenario,
        written,
        "the step comes back as the room last saw it"
    );
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        harness.state().document().scenario,
        written,
        "and Ctrl+Z still takes the change back, as the banner says"
    );
    // On the last step, going on says so rather than doing nothing.
    press(&mut harness, Key::End);
    press(&mut harness, Key::ArrowRight);
    assert!(shows(&harness, "This is the last step."));
}

#[test]
fn the_briefing_window_takes_the_keyboard_when_it_opens() {
    let mut harness = harness();
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    assert!(
        harness
            .get_by_label("Add current scenario as step")
            .is_focused(),
        "the window's main button has the focus"
    );
    press(&mut harness, Key::Enter);
    assert_eq!(
        harness.state().briefing().map(|b| b.steps.len()),
        Some(1),
        "Enter adds the scenario as the first step"
    );
}

#[test]
fn closing_the_briefing_says_that_undo_brings_it_back() {
    let mut harness = harness();
    open_example_briefing(&mut harness);
    let steps = harness.state().briefing().map(|b| b.steps.len());
    click(&mut harness, "Close briefing");
    assert!(harness.state().briefing().is_none());
    assert!(shows(
        &harness,
        "Closed the briefing. Undo (Ctrl+Z) brings it back."
    ));
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().briefing().map(|b| b.steps.len()), steps);
}

/// Every painted text on the party cards, and whether egui cut it with "…".
fn card_texts(harness: &Harness<'_, App>, texts: &[&str]) -> Vec<(String, bool)> {
    harness
        .output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            // The red-line rows below end in "…" by design: the cards are what is checked.
            egui::Shape::Text(t)
                if texts.iter().any(|x| t.galley.text().starts_with(x))
                    && !["✖ breaks", "? uncertain", "✔ holds"]
                        .iter()
                        .any(|row| t.galley.text().starts_with(row)) =>
            {
                Some((t.galley.text().to_owned(), t.galley.elided))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn card_words_are_whole_beside_the_positions_and_at_200_percent() {
    // 1280×720 with the positions panel open: the narrowest cards a briefer meets.
    let settings = Settings::default();
    let app = App::new(AppConfig::default(), settings.clone());
    let mut harness = Harness::builder()
        .with_size([1280.0, 720.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    setup_context(&harness.ctx, &settings);
    harness.run();
    open_example_briefing(&mut harness);
    press(&mut harness, Key::F5);
    press(&mut harness, Key::End);
    press(&mut harness, Key::P);
    assert!(shows(&harness, "Positions on the table"));
    let names: Vec<String> = harness
        .state()
        .document()
        .model
        .parties
        .iter()
        .map(|p| p.name.split(" (").next().unwrap_or(&p.name).to_owned())
        .collect();
    let mut wanted: Vec<&str> = names.iter().map(String::as_str).collect();
    wanted.extend(["✔", "?", "✖"]);
    let seen = card_texts(&harness, &wanted);
    assert!(
        seen.len() >= 8,
        "each card's name and verdict is painted: {seen:?}"
    );
    for (text, elided) in &seen {
        assert!(!elided, "{text:?} is cut on a card beside the positions");
    }
    // A live change that flips a party: its card says what it was, whole.
    click(&mut harness, "Legal recognition");
    wanted.push("was ");
    let flipped = card_texts(&harness, &wanted);
    assert!(
        flipped.iter().any(|(text, _)| text.contains("was unclear")),
        "a flipped card says what it was: {flipped:?}"
    );
    for (text, elided) in &flipped {
        assert!(!elided, "{text:?} is cut after a flip");
    }

    // At 200% on 1280×800 every party's name (without its parenthesis) is whole, not its
    // short name.
    let mut harness = projector_harness();
    open_example_briefing(&mut harness);
    press(&mut harness, Key::F5);
    for name in &names {
        assert!(shows(&harness, name), "{name} is named in full on its card");
    }
    for (text, elided) in card_texts(&harness, &wanted) {
        assert!(!elided, "{text:?} is cut at 200%");
    }
    // Every card keeps its counts, however its status wraps.
    let evaluation = harness.state().evaluation().clone();
    for summary in &evaluation.parties {
        let counts = format!(
            "✖ {}  ? {}  ✔ {}",
            summary.breaks, summary.uncertain, summary.holds
        );
        assert!(
            shows(&harness, &counts),
            "{}'s card shows {counts} at 200%",
            summary.party
        );
    }
}
