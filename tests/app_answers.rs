//! Issue 8 in the window: what a student sees says what it is, and stays where they aim.

mod common;

use common::harness::{click, harness, open_by_path, settle, wait_for, wait_for_search};
use egui_kittest::kittest::{NodeT, Queryable};

fn top_of(harness: &egui_kittest::Harness<'_, redlines::ui::app::App>, label: &str) -> f64 {
    harness
        .get_by_label(label)
        .accesskit_node()
        .raw_bounds()
        .expect("on screen")
        .y0
}

#[test]
fn the_start_screen_says_it_is_the_status_quo_with_its_summary_and_notes() {
    let mut harness = harness();
    assert!(harness.query_by_label("No deal: the status quo").is_some());
    assert!(
        harness
            .query_by_label_contains("What holds if nothing is agreed")
            .is_some(),
        "the summary is above the verdicts"
    );
    assert!(harness.query_by_label_contains("No deal means").is_none());
    click(&mut harness, "Show details");
    assert!(
        harness
            .query_by_label_contains("No deal means none of the proposals")
            .is_some(),
        "the notes are a click away"
    );
}

#[test]
fn the_tabs_stay_put_when_a_status_changes() {
    let mut harness = harness();
    let before = top_of(&harness, "Explore deals");
    // The United States goes from "no red line broken" to "would reject".
    click(&mut harness, "U.S. troops present in Ukraine");
    assert_eq!(
        harness.state().evaluation().party("us").expect("us").breaks,
        1
    );
    assert_eq!(top_of(&harness, "Explore deals"), before);
    assert!(
        harness
            .query_by_label("Custom package, based on:")
            .is_some(),
        "the title says it was written for other choices"
    );
}

#[test]
fn badges_explain_themselves_and_name_each_change() {
    let mut harness = harness();
    assert!(
        harness
            .query_by_label_contains("“+1 UA” is one more of that party's red lines broken")
            .is_some(),
        "a legend under the positions heading"
    );
    harness.get_by_label("+2 UA").hover();
    harness.run();
    assert!(
        harness
            .query_by_label_contains(
                "A free economic zone must not mean Russian control — from holds to breaks"
            )
            .is_some(),
        "each red line once, with where it goes from and to"
    );
}

#[test]
fn the_badge_legend_names_a_party_of_the_model_open() {
    let mut harness = harness();
    let riverside = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/riverside-opening-offer.ron");
    open_by_path(&mut harness, &riverside);
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("“+1 C” is one more of that party's red lines broken")
            .is_some(),
        "the example badge names the council, the teaching example's first party"
    );
    assert!(
        harness.query_by_label_contains("“+1 UA”").is_none(),
        "no party of the Berlin talks in a model without them"
    );
}

#[test]
fn explore_says_which_lines_can_never_hold_and_why() {
    let mut harness = harness();
    harness.get_by_label("Explore deals").click();
    wait_for(&mut harness, "No package is acceptable");
    wait_for_search(&mut harness);
    assert!(
        harness
            .query_by_label("Red lines that cannot hold in any package")
            .is_some()
    );
    assert!(
        harness
            .query_all_by_label_contains("Limits on Ukraine's military")
            .count()
            > 0
    );
    assert!(
        harness
            .query_by_label_contains("where it does not break it is uncertain")
            .is_some()
    );
    // The trade-off plot explains its frontier and keeps its legend off the data.
    assert!(
        harness
            .query_by_label_contains("The frontier joins the points")
            .is_some()
    );
    assert!(harness.query_by_label("current scenario").is_some());
}

/// The Explore tab with Russia left out of those who must accept: the bundled model then has
/// acceptable packages.
fn explore_without_russia() -> egui_kittest::Harness<'static, redlines::ui::app::App> {
    let mut harness = harness();
    harness.get_by_label("Explore deals").click();
    wait_for(&mut harness, "No package is acceptable");
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::CheckBox, "Russia")
        .click();
    wait_for(&mut harness, "Load package 1");
    harness
}

#[test]
fn parties_left_out_keep_their_real_counts_and_the_list_numbers_in_order() {
    let mut harness = explore_without_russia();
    harness.run();
    let russia: Vec<String> = harness
        .query_all_by_label_contains("RU (not required): ")
        .filter_map(|n| {
            n.accesskit_node()
                .label()
                .or_else(|| n.accesskit_node().value())
        })
        .collect();
    assert!(!russia.is_empty(), "Russia's real counts, marked");
    assert!(
        russia
            .iter()
            .any(|l| !l.starts_with("RU (not required): 0 broken")),
        "and they are real, not zeros: {russia:?}"
    );
    assert!(
        harness
            .query_all_by_label_contains("UA: 0 broken, 0 uncertain")
            .next()
            .is_some(),
        "a party that must accept has nothing failing in an acceptable package"
    );
    // With uncertain lines unacceptable there is nothing to sort by uncertain.
    assert!(harness.query_by_label("Fewest uncertain overall").is_none());
    harness
        .get_by_label("Count uncertain red lines as acceptable")
        .click();
    harness.step();
    wait_for_search(&mut harness);
    click(&mut harness, "Fewest uncertain for UA");
    wait_for(&mut harness, "Load package 3");
    let tops: Vec<f64> = (1..=3)
        .map(|n| top_of(&harness, &format!("Load package {n}")))
        .collect();
    assert!(
        tops[0] < tops[1] && tops[1] < tops[2],
        "numbered top to bottom: {tops:?}"
    );
}

/// Per listed package, top to bottom, the uncertain red lines of the party shown as `short`.
fn uncertain_of(
    harness: &egui_kittest::Harness<'_, redlines::ui::app::App>,
    short: &str,
) -> Vec<u32> {
    harness
        .query_all_by_label_contains(&format!("{short}: "))
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value()).map(|l| l.to_string())
        })
        .filter_map(|l| {
            let (_, rest) = l.split_once(" broken, ")?;
            rest.strip_suffix(" uncertain")?.parse().ok()
        })
        .collect()
}

#[test]
fn acceptable_packages_are_ranked_over_all_of_them_and_paged() {
    let mut harness = explore_without_russia();
    harness
        .get_by_label("Count uncertain red lines as acceptable")
        .click();
    harness.step();
    wait_for_search(&mut harness);
    wait_for(&mut harness, "Load package 20");
    // Overall: the uncertain red lines of every party that must accept, fewest first.
    let overall = |harness: &egui_kittest::Harness<'_, redlines::ui::app::App>| -> Vec<u32> {
        let (ua, us, eu) = (
            uncertain_of(harness, "UA"),
            uncertain_of(harness, "US"),
            uncertain_of(harness, "EU"),
        );
        assert_eq!(ua.len(), 20, "a page of twenty");
        (0..ua.len()).map(|i| ua[i] + us[i] + eu[i]).collect()
    };
    let first = overall(&harness);
    assert!(first.windows(2).all(|w| w[0] <= w[1]), "{first:?}");
    assert!(harness.query_by_label("Previous page").is_some());
    click(&mut harness, "Next page");
    wait_for(&mut harness, "Load package 21");
    settle(&mut harness);
    // The new page shows from its top, not from the buttons at its foot.
    let tab_bottom = harness
        .get_by_label("Explore deals")
        .accesskit_node()
        .raw_bounds()
        .expect("on screen")
        .y1;
    assert!(
        top_of(&harness, "Load package 21") > tab_bottom,
        "the page's first package is scrolled out of sight"
    );
    assert!(harness.query_by_label("Load package 1").is_none());
    assert!(
        harness
            .query_all_by_label_contains("Packages 21–40 of")
            .next()
            .is_some()
    );
    let second = overall(&harness);
    assert!(second.windows(2).all(|w| w[0] <= w[1]), "{second:?}");
    assert!(first[19] <= second[0], "{first:?} then {second:?}");
    // Another order starts again at the first page, ranked by that party alone.
    click(&mut harness, "Fewest uncertain for US");
    wait_for(&mut harness, "Load package 1");
    let us = uncertain_of(&harness, "US");
    assert!(us.windows(2).all(|w| w[0] <= w[1]), "{us:?}");
    click(&mut harness, "Next page");
    wait_for(&mut harness, "Load package 21");
    let next = uncertain_of(&harness, "US");
    assert!(us[us.len() - 1] <= next[0], "{us:?} then {next:?}");
}

#[test]
fn chart_legends_follow_the_card_order() {
    let mut harness = harness();
    click(&mut harness, "Charts");
    let names = ["Ukraine", "Russia", "United States"];
    let lefts: Vec<f64> = names
        .iter()
        .map(|n| {
            // The legend's label, below the party cards of the same name.
            harness
                .query_all_by_label(n)
                .last()
                .expect("a legend label")
                .accesskit_node()
                .raw_bounds()
                .expect("on screen")
                .x0
        })
        .collect();
    assert!(lefts[0] < lefts[1] && lefts[1] < lefts[2], "{lefts:?}");
}

#[test]
fn each_tab_keeps_its_own_scroll() {
    let mut harness = harness();
    // Scroll the red lines far down, to the last party's rows.
    harness
        .get_by_label_contains("Major funds for Ukraine's reconstruction")
        .scroll_to_me();
    harness.run();
    harness.get_by_label("Explore deals").click();
    wait_for(&mut harness, "No package is acceptable");
    wait_for_search(&mut harness);
    settle(&mut harness);
    // Explore opens at its top: its first answer is in view, under the tabs.
    let tabs = top_of(&harness, "Explore deals");
    let answer = top_of(
        &harness,
        "No package is acceptable to every party that must accept.",
    );
    assert!(
        answer > tabs && answer < 800.0,
        "tabs {tabs}, answer {answer}"
    );
}

/// Narrow, so the positions panel is at its narrowest, and tall enough that every card is laid
/// out.
fn narrow_harness() -> egui_kittest::Harness<'static, redlines::ui::app::App> {
    let settings = redlines::ui::platform::files::Settings::default();
    let app =
        redlines::ui::app::App::new(redlines::ui::app::AppConfig::default(), settings.clone());
    let mut harness = egui_kittest::Harness::builder()
        .with_size([600.0, 3000.0])
        .build_ui_state(|ui, app: &mut redlines::ui::app::App| app.show(ui), app);
    redlines::ui::setup_context(&harness.ctx, &settings);
    harness.run();
    harness
}

#[test]
fn a_long_position_title_wraps_short_of_its_pin() {
    let harness = narrow_harness();
    let positions = harness.state().document().model.positions.clone();
    let mut checked = 0;
    for position in &positions {
        let name = format!("Pin {}", position.title);
        let Some(pin) = harness.query_by_label(&name) else {
            continue;
        };
        let pin = pin.rect();
        for title in harness.query_all_by_label(&position.title) {
            assert!(
                !title.rect().intersects(pin),
                "{}: the title at {:?} runs under its pin at {pin:?}",
                position.title,
                title.rect()
            );
        }
        checked += 1;
    }
    assert_eq!(checked, positions.len(), "every position has its pin");
}

/// Issue 24: in the narrowest positions panel a long option keeps its what-if badges level with
/// its first line, at the right, instead of on a line of their own below it.
#[test]
fn a_long_option_keeps_its_badges_beside_it() {
    let harness = narrow_harness();
    let option = harness
        .get_by_label("Demilitarized free economic zone")
        .rect();
    let badges: Vec<egui::Rect> = harness
        .query_all_by_label_contains(" RU")
        .chain(harness.query_all_by_label_contains(" UA"))
        .filter(|n| {
            let text = n
                .accesskit_node()
                .value()
                .or(n.accesskit_node().label())
                .unwrap_or_default();
            ["+", "−", "?"].iter().any(|s| text.starts_with(s))
        })
        .map(|n| n.rect())
        // Its own: beside it, or on the line just under it (where they went before).
        .filter(|r| r.top() > option.top() - 4.0 && r.top() < option.bottom() + 8.0)
        .collect();
    assert!(!badges.is_empty(), "the option has badges");
    for badge in badges {
        assert!(
            badge.top() < option.bottom() && badge.bottom() > option.top(),
            "level with the option: badge {badge:?}, option {option:?}"
        );
        assert!(
            badge.left() >= option.right(),
            "to its right: {badge:?} {option:?}"
        );
    }
}

/// Issue 13 in the window: the Stability tab says, for the open package, who would move and
/// what deters it, lists the equilibria with a mark per concept, and loads one by a click
/// (undoable).
#[test]
fn the_stability_tab_explains_the_package_and_loads_an_equilibrium() {
    use redlines::model::Pick;
    let mut harness = harness();
    // The bundled model gives nobody control of anything: the tab says so, and why.
    click(&mut harness, "Stability");
    wait_for(&mut harness, "No party in this model controls any position");

    assert!(
        harness
            .query_all_by_label_contains(
                "File → Open example → \"The prisoner's dilemma (teaching example for stability \
                 analysis)\""
            )
            .next()
            .is_some()
    );
    // The textbook example is the fifth.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num5);
    // The analysis runs beside the window: step until it is in.
    wait_for(&mut harness, "Packages stable for every party");
    settle(&mut harness);
    assert!(
        harness
            .query_by_label("This package is an equilibrium under: GMR, SMR, SEQ.")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("Packages stable for every party: Nash 1 · GMR 2 · SMR 2 · SEQ 2.")
            .is_some()
    );
    // Each suspect would confess; the other's confession in reply deters it.
    click(&mut harness, "Why: Suspect A");
    assert!(
        harness
            .query_by_label("It would rather move to Suspect A's plea: Confesses.")
            .is_some()
    );
    assert!(
        harness
            .query_all_by_label_contains("SEQ: deterred: Suspect B can answer with")
            .next()
            .is_some()
    );
    // Most concepts first: both confessing (stable under all four) is the first listed.
    // A load starts the analysis of the new package beside the window: step, not run.
    harness.get_by_label("Load equilibrium 1").scroll_to_me();
    harness.run();
    harness.get_by_label("Load equilibrium 1").click();
    harness.step();
    harness.step();
    let choices = harness.state().document().scenario.choices.clone();
    assert_eq!(choices["a_plea"], Pick::Option("confess".into()));
    assert_eq!(choices["b_plea"], Pick::Option("confess".into()));
    // There nobody moves: an equilibrium under every concept.
    wait_for(
        &mut harness,
        "This package is an equilibrium under: Nash, GMR, SMR, SEQ.",
    );
    // The load is one edit: undo brings back both silent.
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.step();
    let choices = harness.state().document().scenario.choices.clone();
    assert_eq!(choices["a_plea"], Pick::Option("silent".into()));
    wait_for(
        &mut harness,
        "This package is an equilibrium under: GMR, SMR, SEQ.",
    );

    // Ticked together, the suspects would leave mutual silence only for a package both
    // prefer: there is none, so together they stay under every concept.
    let tick = |harness: &mut egui_kittest::Harness<'_, redlines::ui::app::App>, name: &str| {
        let checkbox = egui::accesskit::Role::CheckBox;
        harness.get_by_role_and_label(checkbox, name).scroll_to_me();
        harness.run();
        harness.get_by_role_and_label(checkbox, name).click();
        // The coalition is judged beside the window, with a spinner until it is in.
        settle(harness);
    };
    tick(&mut harness, "Suspect A");
    // One party alone is no coalition: nothing is judged, and the tab says what is missing.
    assert!(harness.query_by_label("Judging the coalition…").is_none());
    assert!(harness.query_by_label("Why: together").is_none());
    assert!(harness.query_by_label("Tick one more party.").is_some());
    tick(&mut harness, "Suspect B");
    wait_for(&mut harness, "Why: together");
    settle(&mut harness);
    click(&mut harness, "Why: together");
    assert!(
        harness
            .query_by_label("Together they have no move that every one of them would rather make.")
            .is_some()
    );
    // Over every package: of the equilibria, mutual confession does not survive them acting
    // together (both would rather be silent); mutual silence does, wherever it is one.
    assert!(
        harness
            .query_by_label(
                "Over every package: of the equilibria (stable for every party alone), these \
                 hold with them acting as one: Nash 0 of 1 · GMR 1 of 2 · SMR 1 of 2 · SEQ 1 of \
                 2. The Equilibria table below says which."
            )
            .is_some()
    );
    assert!(harness.query_by_label("With A + B").is_some());

    // The table sorts by any column. Suspect A ranks both silent 2nd and both confessing
    // 3rd: its favourites first lists both silent (the package open) first.
    settle(&mut harness);
    click(&mut harness, "A's rank");
    // The labels on the same line as the first row's load button.
    let first_row = |harness: &egui_kittest::Harness<'_, redlines::ui::app::App>| {
        let bounds = |n: &egui_kittest::Node<'_>| n.accesskit_node().raw_bounds();
        let load = bounds(&harness.get_by_label("Load equilibrium 1")).expect("on screen");
        let middle = (load.y0 + load.y1) / 2.0;
        harness
            .query_all_by_label_contains("")
            .filter(|n| {
                bounds(n).is_some_and(|r| r.x0 >= load.x1 && r.y0 <= middle && r.y1 >= middle)
            })
            // A label's text is its accesskit value.
            .filter_map(|n| n.accesskit_node().value())
            .collect::<Vec<String>>()
    };
    let row = first_row(&harness);
    assert!(
        row.contains(&"this package (no change)".to_owned()),
        "{row:?}"
    );
    // The package on the table cannot be loaded again.
    assert!(
        harness
            .get_by_label("Load equilibrium 1")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        !harness
            .get_by_label("Load equilibrium 2")
            .accesskit_node()
            .is_disabled()
    );
    assert!(row.contains(&"2".to_owned()), "{row:?}");
    // Both silent holds with the two together under every concept it is an equilibrium under.
    assert!(row.contains(&"GMR, SMR, SEQ".to_owned()), "{row:?}");
    // Again reverses: both confessing, its 3rd, two positions away, first.
    click(&mut harness, "A's rank ⏷");
    let row = first_row(&harness);
    assert!(
        row.contains(&"Suspect A's plea: Confesses; Suspect B's plea: Confesses".to_owned()),
        "{row:?}"
    );
    assert!(row.contains(&"3".to_owned()), "{row:?}");
    // Both confessing holds under none with them together.
    assert!(row.contains(&"none".to_owned()), "{row:?}");
    // Fewest changes first puts the package open back on top.
    click(&mut harness, "Changes");
    assert!(first_row(&harness).contains(&"this package (no change)".to_owned()));
    harness.get_by_label("Changes ⏷").click();
    harness.run();
    assert!(
        harness.query_by_label("Changes ⏶").is_some(),
        "a second click reverses the order"
    );
    assert!(!first_row(&harness).contains(&"this package (no change)".to_owned()));
}

/// A game big enough that its analysis spans frames: two parties, each controlling `each`
/// yes-or-no positions and wanting the other's all on.
fn big_game(each: usize) -> String {
    let position = |id: String| {
        format!(
            r#"(id: "{id}", title: "{id}", kind: Choice(options: [
                (id: "off", label: "Off"), (id: "on", label: "On"),
            ]))"#
        )
    };
    let ids = |party: &'static str| (0..each).map(move |k| format!("{party}{k}"));
    let party = |id: &'static str, other: &'static str| {
        let controls: Vec<String> = ids(id).map(|p| format!("{p:?}")).collect();
        let wants: Vec<String> = ids(other).map(|p| format!("Is({p:?}, \"on\")")).collect();
        format!(
            r#"(id: "{id}", name: "Party {id}", short: "{id}", controls: [{}], preferences: [{}])"#,
            controls.join(", "),
            wants.join(", ")
        )
    };
    let positions: Vec<String> = ids("a").chain(ids("b")).map(position).collect();
    let choices: Vec<String> = ids("a")
        .chain(ids("b"))
        .map(|p| format!("{p:?}: Option(\"off\")"))
        .collect();
    format!(
        r#"(format_version: 1, title: "A big game", model: Inline(id: "big", version: 1,
            title: "A big game", parties: [{}, {}], positions: [{}], red_lines: []),
            choices: {{{}}})"#,
        party("a", "b"),
        party("b", "a"),
        positions.join(", "),
        choices.join(", ")
    )
}

#[test]
fn while_a_new_package_is_analysed_the_last_answer_stays_on_screen_greyed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");
    std::fs::write(&path, big_game(6)).expect("written");
    let mut harness = harness();
    harness.state_mut().open_path(&path);
    harness.run();
    // Not `click`: the tab's spinner keeps the window repainting until the analysis is in.
    harness.get_by_label("Stability").click();
    wait_for(&mut harness, "Why: Party a");
    settle(&mut harness);
    // A change of one pick starts a new analysis. Until it is in, the tab keeps the last
    // answer (greyed, its buttons off), so it neither blanks nor loses its scroll place.
    harness
        .get_all_by_role_and_label(egui::accesskit::Role::RadioButton, "On")
        .next()
        .expect("a position's On")
        .click();
    let mut seen_updating = false;
    for _ in 0..2000 {
        harness.step();
        let updating = harness
            .query_all_by_label_contains("Analysing stability for this package")
            .next()
            .is_some();
        if updating {
            seen_updating = true;
            assert!(
                harness
                    .query_by_label("Below, greyed: the package before.")
                    .is_some()
            );
            assert!(harness.query_by_label("Why: Party a").is_some());
        } else if seen_updating {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(seen_updating, "the change was analysed beside the window");
    assert!(
        harness
            .query_by_label("Below, greyed: the package before.")
            .is_none()
    );
    assert!(harness.query_by_label("Why: Party a").is_some());
}

/// Issue 24, point 2: a package changed from the file's is not passed off as the file's: the
/// title says it is based on the file, the summary is the file's, and undoing the change
/// gives the file's words back.
#[test]
fn a_changed_package_is_labelled_as_based_on_the_file() {
    let mut harness = harness();
    let title = harness.state().document().scenario.title.clone();
    assert!(
        harness
            .query_by_label("Custom package, based on:")
            .is_none(),
        "the file's own package is the file's"
    );
    click(&mut harness, "Demilitarized free economic zone");
    assert!(
        harness
            .query_by_label("Custom package, based on:")
            .is_some(),
        "said where the title is"
    );
    assert!(
        harness.query_by_label(&title).is_some(),
        "the file it is based on"
    );
    assert!(
        harness
            .query_by_label_contains("The file's summary:")
            .is_some(),
        "the summary is marked as the file's"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        harness
            .query_by_label("Custom package, based on:")
            .is_none(),
        "back to the file's package"
    );
}
