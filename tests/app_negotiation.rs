//! A negotiation room from the app: a facilitator opens one on the open model with a private
//! brief for one party, two teams join by the links on the facilitator's panel, a team drafts
//! a package with the position controls and tables it, and each side sees what it may: the
//! other team only counts of the tabling team's lines until the facilitator reveals them.
//! The facilitator opens a round, exports the session (a briefing that reads back, and a
//! handout), and the debrief puts the proposals on Explore's trade-off plot. A real
//! `redlines serve` on a random port carries the messages.

mod common;

use common::harness::{answer_path_prompt, click, harness, label_containing, texts, type_into};
use common::room::Server;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use redlines::model::PositionKind;
use redlines::ui::app::App;
use redlines::ui::command::{Command, RoomCommand};

/// Steps every window until `harness` shows a label containing `text`.
fn wait_for(harness: &mut Harness<'_, App>, others: &mut [&mut Harness<'_, App>], text: &str) {
    for _ in 0..600 {
        harness.step();
        for other in others.iter_mut() {
            other.step();
        }
        if harness.query_all_by_label_contains(text).next().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let on_screen = texts(harness, "");
    panic!("{text:?} never showed; on screen: {on_screen:?}");
}

fn shows(harness: &Harness<'_, App>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn a_class_negotiates_each_team_seeing_only_what_it_may() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let address = format!("http://127.0.0.1:{}", server.port);
    let document = redlines::model::bundled::starting_document();
    let model = document.model.clone();
    assert!(model.parties.len() >= 2, "the example has parties to seat");
    let (first, second) = (&model.parties[0], &model.parties[1]);
    let first_lines: Vec<&str> = model
        .red_lines
        .iter()
        .filter(|l| l.party == first.id)
        .map(|l| l.title.as_str())
        .collect();
    assert!(!first_lines.is_empty());
    // An option to pick that is not the default, whose label no other option shares.
    let labels: Vec<&str> = model
        .positions
        .iter()
        .filter_map(|p| match &p.kind {
            PositionKind::Choice { options, .. } => Some(options.iter().map(|o| o.label.as_str())),
            _ => None,
        })
        .flatten()
        .collect();
    let (position, option) = model
        .positions
        .iter()
        .find_map(|p| match &p.kind {
            PositionKind::Choice { options, .. } => options
                .iter()
                .find(|o| {
                    labels.iter().filter(|l| **l == o.label).count() == 1
                        && Some(&redlines::model::Pick::Option(o.id.clone()))
                            != Some(&p.default_pick())
                })
                .map(|o| (p, o)),
            _ => None,
        })
        .expect("a choice to make");

    // The facilitator: File → Open a negotiation room…, a brief for the first party.
    let mut host = harness();
    click(&mut host, "File");
    click(&mut host, "Open a negotiation room…");
    type_into(&mut host, "Room server", &address);
    let secret_brief = "Hold the line on sovereignty; concede on timing.";
    type_into(
        &mut host,
        &format!("Private brief for {}", first.name),
        secret_brief,
    );
    type_into(
        &mut host,
        "The brief every team reads",
        "Agree a package by round three.",
    );
    click(&mut host, "Open the negotiation");
    let first_link_label = format!("Link for {}: ", first.name);
    let second_link_label = format!("Link for {}: ", second.name);
    wait_for(&mut host, &mut [], &second_link_label);
    let link = |label: &str| {
        label_containing(&host, label)
            .trim_start_matches(label)
            .to_owned()
    };
    let (first_link, second_link) = (link(&first_link_label), link(&second_link_label));
    assert!(
        first_link.starts_with(&format!("{address}/#room=")),
        "{first_link}"
    );
    assert!(first_link.contains("&team="), "{first_link}");
    assert_ne!(first_link, second_link, "each team has its own link");
    assert!(shows(&host, &format!("QR code for {}", first.name)));

    // Both teams join by their links.
    let join = |harness: &mut Harness<'_, App>, link: &str| {
        let ctx = harness.ctx.clone();
        harness
            .state_mut()
            .apply(&ctx, Command::Room(RoomCommand::Join(link.to_owned())));
    };
    let mut team_a = harness();
    let mut team_b = harness();
    join(&mut team_a, &first_link);
    join(&mut team_b, &second_link);
    wait_for(
        &mut team_a,
        &mut [&mut host],
        &format!("the team for {}", first.name),
    );
    wait_for(
        &mut team_b,
        &mut [&mut host],
        &format!("the team for {}", second.name),
    );
    // The facilitator sees both teams here.
    for _ in 0..600 {
        if host.query_all_by_label("is here").count() == 2 {
            break;
        }
        host.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(host.query_all_by_label("is here").count(), 2);

    // Each team reads its own brief, never another's; its own lines, never another's.
    assert!(shows(&team_a, secret_brief));
    assert!(
        !shows(&team_b, secret_brief),
        "a team never sees another's brief"
    );
    assert!(shows(&team_b, "Agree a package by round three."));
    assert!(shows(
        &team_a,
        &format!("Your red lines ({})", first_lines.len())
    ));
    assert!(shows(
        &team_b,
        &format!("{}: its red lines are hidden", first.name)
    ));
    for title in &first_lines {
        assert!(
            !team_b.query_all_by_label_contains(title).any(|_| true),
            "{title:?} is hidden from the other team"
        );
    }

    // The first team drafts with the position controls and tables the package.
    click(&mut team_a, &option.label);
    type_into(&mut team_a, "Note to the table", "Our opening offer");
    click(&mut team_a, "Table this package");
    let proposal = format!("Proposal 1: {}, round 1", first.name);
    wait_for(&mut team_b, &mut [&mut host, &mut team_a], &proposal);
    wait_for(&mut host, &mut [&mut team_a, &mut team_b], &proposal);
    // The other team sees counts of the first party's lines, not which.
    assert!(shows(&team_b, &format!("{}: breaks ", first.name)));
    assert!(shows(&team_b, "(which ones is hidden)"));
    assert!(shows(&team_b, "“Our opening offer”"));
    // The facilitator sees every party's verdict.
    for party in &model.parties {
        assert!(
            texts(&host, &format!("{}: ", party.name))
                .iter()
                .any(|l| l.contains(" broken, ") || l.contains("no red lines")),
            "the facilitator sees {}'s verdict",
            party.name
        );
    }

    // Revealed, the first party's lines reach the other team.
    click(
        &mut host,
        &format!("Reveal the red lines of {}", first.name),
    );
    wait_for(
        &mut team_b,
        &mut [&mut host, &mut team_a],
        &format!("Red lines of {}, revealed", first.name),
    );
    assert!(!shows(&team_b, "(which ones is hidden)") || model.parties.len() > 2);

    // A new round reaches the teams.
    click(&mut host, "Open round 2");
    wait_for(&mut team_a, &mut [&mut host, &mut team_b], "round 2");

    // The session exported: a briefing that reads back, with the package tabled, and a handout.
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("class.briefing.ron");
    click(&mut host, "Export the session…");
    answer_path_prompt(&mut host, &path, "Save");
    let text = std::fs::read_to_string(&path).expect("the session is saved");
    let read = redlines::model::briefing::parse_briefing(&text).expect("it reads as a briefing");
    assert_eq!(read.briefing.steps.len(), 1);
    let step = &read.briefing.steps[0];
    assert_eq!(step.title, proposal);
    match &step.scenario {
        redlines::model::briefing::StepScenario::Inline {
            choices, summary, ..
        } => {
            assert_eq!(
                choices.get(&position.id),
                Some(&redlines::model::Pick::Option(option.id.clone()))
            );
            assert!(summary.contains("Our opening offer"), "{summary}");
            assert!(summary.contains(" UTC"), "{summary}");
        }
        other => panic!("an inline step, not {other:?}"),
    }
    assert!(
        step.notes.contains(&format!("{}: ", second.name)),
        "{}",
        step.notes
    );
    let handout = std::fs::read_to_string(folder.path().join("class.handout.md"))
        .expect("the handout is beside it");
    assert!(handout.contains(&proposal), "{handout}");

    // The debrief: every line to every team, and the proposals on Explore's plot.
    click(&mut host, "Reveal every red line: the debrief");
    wait_for(&mut team_b, &mut [&mut host, &mut team_a], "The debrief");
    wait_for(
        &mut host,
        &mut [&mut team_a, &mut team_b],
        "proposals, by number",
    );
}
