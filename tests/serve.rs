//! `redlines serve`, started on a random port, driven over WebSocket as its clients would: an
//! audience following a briefing and predicting, teams negotiating with private briefs, hostile
//! input, and a restart that loses nothing.

mod common;

use common::room::{Server, join, open};
use redlines::model::format::parse_scenario;
use redlines::model::types::Model;
use serde_json::{Value, json};

const SCENARIO: &str = include_str!("../scenarios/us-compromise.ron");
const STATUS_QUO: &str = include_str!("../scenarios/status-quo.ron");

fn model() -> Model {
    (*parse_scenario(SCENARIO)
        .expect("the example reads")
        .document
        .model)
        .clone()
}

fn step(step: usize, scenario: &str, question: Option<&str>) -> Value {
    json!({"do": "step", "step": step, "of": 3, "title": format!("Step {}", step + 1),
           "scenario": scenario, "question": question})
}

fn code(welcome: &Value) -> String {
    welcome["room"].as_str().expect("a room code").to_owned()
}

#[test]
fn the_audience_follows_the_step_predicts_and_sees_the_tally_on_reveal() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let (mut host, welcome) = open(&server, json!({"hello": "open_follow", "title": "Berlin"}));
    let room = code(&welcome);
    assert_eq!(room.len(), 9, "a code like ABCD-EFGH: {room}");
    assert_eq!(host.view()["view"]["view"], "follow");

    let mut audience: Vec<_> = (0..3).map(|_| join(&server, &room).0).collect();
    let followers = host.until(|m| m["followers"] == 3);
    assert_eq!(
        followers["followers"], 3,
        "the speaker view counts who follows"
    );

    host.send(&step(0, STATUS_QUO, Some("Who rejects the status quo?")));
    for member in &mut audience {
        let view = member.until(|m| m["type"] == "view" && !m["view"]["slide"].is_null());
        let slide = &view["view"]["slide"];
        assert_eq!(slide["step"], 1);
        assert_eq!(slide["question"], "Who rejects the status quo?");
        assert_eq!(slide["revealed"], false);
        assert!(slide["cards"].is_null(), "no verdicts before the reveal");
        assert!(
            slide["package"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["pick"]
                    .as_str()
                    .unwrap()
                    .contains("keeps the areas it holds")),
            "the package is on the slide: {slide}"
        );
    }

    // The evaluation the app makes: who rejects.
    let document = parse_scenario(STATUS_QUO).unwrap().document;
    let rejecting: Vec<String> = document
        .evaluate()
        .parties
        .iter()
        .filter(|p| p.breaks > 0)
        .map(|p| p.party.clone())
        .collect();
    assert!(!rejecting.is_empty());
    audience[0].send(&json!({"do": "predict", "reject": rejecting}));
    audience[1].send(&json!({"do": "predict", "reject": ["us"]}));
    audience[2].send(&json!({"do": "predict", "reject": []}));
    let tally = host.until(|m| m["view"]["tally"]["answers"] == 3);
    assert!(
        tally["view"]["slide"]["cards"].is_array(),
        "the presenter sees the verdicts"
    );
    let mine = audience[1].until(|m| m["view"]["mine"] == json!(["us"]));
    assert!(
        mine["view"]["tally"].is_null(),
        "no tally before the reveal"
    );

    // The audience cannot drive the room.
    audience[2].send(&json!({"do": "reveal"}));
    assert_eq!(
        audience[2].error()["message"],
        "only the presenter or facilitator can do that"
    );
    audience[2].send(&step(1, STATUS_QUO, None));
    assert_eq!(
        audience[2].error()["message"],
        "only the presenter or facilitator can do that"
    );

    host.send(&json!({"do": "reveal"}));
    for member in &mut audience {
        let view = member.until(|m| m["view"]["slide"]["revealed"] == true);
        let cards = view["view"]["slide"]["cards"].as_array().unwrap().clone();
        let rejected: Vec<&str> = cards
            .iter()
            .filter(|c| c["status"] == "would_reject")
            .map(|c| c["party"].as_str().unwrap())
            .collect();
        assert_eq!(rejected, rejecting, "the cards say who rejects");
        let tally = &view["view"]["tally"];
        assert_eq!(tally["answers"], 3);
        assert_eq!(tally["exactly_right"], 1, "one member had it exactly");
        let us = tally["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["party"] == "us")
            .unwrap();
        assert_eq!(us["predicted_reject"], 1);
    }
    // Predictions close on the reveal.
    audience[2].send(&json!({"do": "predict", "reject": ["ru"]}));
    assert!(
        audience[2].error()["message"]
            .as_str()
            .unwrap()
            .contains("already revealed")
    );

    // The next step: the answered question goes to the presenter's record for the handout.
    host.send(&step(1, SCENARIO, None));
    let record = host.until(|m| m["view"]["slide"]["step"] == 2);
    let answered = record["view"]["answered"].as_array().unwrap();
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0]["tally"]["answers"], 3);
    for member in &mut audience {
        let view = member.until(|m| m["view"]["slide"]["step"] == 2);
        assert!(
            view["view"]["answered"].is_null(),
            "the record is the host's"
        );
        assert!(
            view["view"]["slide"]["cards"].is_array(),
            "a step with no question shows its verdicts at once"
        );
    }
}

#[test]
fn a_member_who_reconnects_catches_up_with_the_step_and_keeps_their_prediction() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let (mut host, welcome) = open(&server, json!({"hello": "open_follow", "title": "Berlin"}));
    let room = code(&welcome);
    let (mut member, joined) = join(&server, &room);
    let token = joined["token"].as_str().unwrap().to_owned();
    host.send(&step(0, SCENARIO, Some("Who rejects?")));
    member.until(|m| !m["view"]["slide"].is_null());
    member.send(&json!({"do": "predict", "reject": ["ru"]}));
    member.until(|m| m["view"]["mine"] == json!(["ru"]));
    drop(member);

    // Meanwhile the presenter moves on.
    host.send(&step(0, STATUS_QUO, Some("And now?")));
    host.until(|m| m["view"]["slide"]["question"] == "And now?");
    host.send(&step(0, SCENARIO, Some("Who rejects?")));
    host.until(|m| m["view"]["slide"]["question"] == "Who rejects?");

    let mut back = server.client();
    back.send(&json!({"hello": "join", "room": room.to_lowercase(), "member": token}));
    assert_eq!(back.next()["type"], "welcome", "codes are read in any case");
    let view = back.view();
    assert_eq!(view["view"]["slide"]["question"], "Who rejects?");
    assert!(
        view["view"]["mine"].is_null(),
        "a step shown again starts its predictions afresh"
    );
}

/// Every string of `model` that belongs to `party`'s red lines and to nobody's view but the
/// party's and the facilitator's (strings also found in what the team may see are left out).
fn hidden_strings(model: &Model, party: &str, visible: &str) -> Vec<String> {
    model
        .red_lines
        .iter()
        .filter(|line| line.party == party)
        .flat_map(|line| {
            [
                Some(line.id.clone()),
                Some(line.title.clone()),
                Some(line.statement.clone()),
                line.quote().map(str::to_owned),
                line.note.clone(),
            ]
        })
        .flatten()
        .filter(|s| s.len() >= 6 && !visible.contains(s.as_str()))
        .collect()
}

/// What a team of `party` may see: the positions, the parties' names, its own lines.
fn visible_to(model: &Model, party: &str) -> String {
    let own: Vec<_> = model
        .red_lines
        .iter()
        .filter(|line| line.party == party)
        .collect();
    format!(
        "{}\n{}\n{}",
        serde_json::to_string(&model.positions).unwrap(),
        serde_json::to_string(&model.parties).unwrap(),
        serde_json::to_string(&own).unwrap()
    )
}

#[test]
fn a_team_never_receives_another_teams_hidden_red_lines_or_brief() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let model = model();
    let parties: Vec<String> = model.parties.iter().map(|p| p.id.clone()).collect();
    let briefs: serde_json::Map<String, Value> = parties
        .iter()
        .map(|p| (p.clone(), json!(format!("SECRET BRIEF OF {p}: hold firm"))))
        .collect();
    let (mut host, welcome) = open(
        &server,
        json!({"hello": "open_negotiation", "title": "Class", "scenario": SCENARIO,
               "briefs": briefs, "common_brief": "Reach a deal by noon."}),
    );
    let room = code(&welcome);
    let teams = welcome["teams"].as_object().expect("team tokens").clone();
    assert_eq!(teams.len(), parties.len());

    let mut clients: Vec<_> = parties
        .iter()
        .map(|party| {
            let mut team = server.client();
            team.send(&json!({"hello": "team", "room": room, "token": teams[party]}));
            let welcome = team.next();
            assert_eq!(welcome["seat"], json!({"seat": "team", "party": party}));
            let view = team.view();
            assert_eq!(
                view["view"]["brief"],
                format!("SECRET BRIEF OF {party}: hold firm")
            );
            (party.clone(), team)
        })
        .collect();
    host.until(|m| {
        m["teams_here"]
            .as_array()
            .is_some_and(|t| t.len() == parties.len())
    });

    // Each team proposes a package: the defaults with one change.
    let document = parse_scenario(SCENARIO).unwrap().document;
    for (index, (_, team)) in clients.iter_mut().enumerate() {
        let mut choices = serde_json::to_value(&document.scenario.choices).unwrap();
        if index == 0 {
            choices["donbas"] = json!({"Option": "ukraine_keeps"});
        }
        team.send(&json!({"do": "propose", "choices": choices, "note": "our offer"}));
    }
    let seen = host.until(|m| {
        m["view"]["proposals"]
            .as_array()
            .is_some_and(|p| p.len() == parties.len())
    });
    for proposal in seen["view"]["proposals"].as_array().unwrap() {
        for verdict in proposal["verdicts"].as_array().unwrap() {
            assert!(
                verdict["lines"].is_array(),
                "the facilitator sees every line"
            );
        }
    }
    for (party, team) in &mut clients {
        let view = team.until(|m| {
            m["view"]["proposals"]
                .as_array()
                .is_some_and(|p| p.len() == parties.len())
        });
        for proposal in view["view"]["proposals"].as_array().unwrap() {
            for verdict in proposal["verdicts"].as_array().unwrap() {
                assert!(verdict["breaks"].is_u64(), "each party's count is shown");
                assert_eq!(
                    verdict["lines"].is_array(),
                    verdict["party"] == party.as_str(),
                    "only the team's own lines are shown line by line"
                );
            }
        }
    }

    // Teams cannot reveal or move the round.
    let (_, first) = &mut clients[0];
    first.send(&json!({"do": "reveal_all"}));
    assert_eq!(
        first.error()["message"],
        "only the presenter or facilitator can do that"
    );
    first.send(&json!({"do": "next_round"}));
    first.error();

    // Before any reveal: every byte each team received, checked.
    for (party, team) in &mut clients {
        team.drain();
        let received = team.all_received();
        let visible = visible_to(&model, party);
        let own = hidden_strings(&model, party, "");
        assert!(
            own.iter().any(|s| received.contains(s.as_str())),
            "the team receives its own lines (the check is not vacuous)"
        );
        for other in parties.iter().filter(|p| *p != party) {
            for secret in hidden_strings(&model, other, &visible) {
                assert!(
                    !received.contains(&secret),
                    "team {party} received {other}'s hidden \"{secret}\""
                );
            }
            assert!(!received.contains(&format!("SECRET BRIEF OF {other}")));
        }
    }

    // The facilitator reveals Russia's lines: every team now sees them, and nothing else.
    host.send(&json!({"do": "reveal_party", "party": "ru"}));
    let ru_title = &model
        .red_lines
        .iter()
        .find(|l| l.party == "ru")
        .unwrap()
        .title;
    for (party, team) in &mut clients {
        team.until(|m| m["type"] == "view" && m.to_string().contains(ru_title.as_str()));
        team.drain();
        let received = team.all_received();
        let visible = visible_to(&model, party);
        for other in parties.iter().filter(|p| *p != party && *p != "ru") {
            for secret in hidden_strings(&model, other, &visible) {
                assert!(
                    !received.contains(&secret),
                    "team {party} received {other}'s \"{secret}\""
                );
            }
            assert!(!received.contains(&format!("SECRET BRIEF OF {other}")));
        }
    }

    // The debrief reveals all.
    host.send(&json!({"do": "reveal_all"}));
    let (_, team) = &mut clients[1];
    let debrief = team.until(|m| m["view"]["debrief"] == true);
    for party in debrief["view"]["parties"].as_array().unwrap() {
        assert!(party["lines"].is_array(), "every line shown at the debrief");
    }
}

#[test]
fn tokens_open_only_their_own_room_and_seat() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let (_host_a, a) = open(
        &server,
        json!({"hello": "open_negotiation", "title": "A", "scenario": SCENARIO}),
    );
    let (_host_b, b) = open(&server, json!({"hello": "open_follow", "title": "B"}));
    let a_token = a["token"].as_str().unwrap();
    let a_team = a["teams"]["ua"].as_str().unwrap();

    let mut client = server.client();
    // A's host token replayed on room B.
    client.send(&json!({"hello": "host", "room": code(&b), "token": a_token}));
    assert_eq!(
        client.error()["message"],
        "that is not this room's host token"
    );
    // A team token used as a host token, and on the wrong room.
    client.send(&json!({"hello": "host", "room": code(&a), "token": a_team}));
    client.error();
    client.send(&json!({"hello": "team", "room": code(&b), "token": a_team}));
    client.error();
    // Joining a negotiation as audience.
    client.send(&json!({"hello": "join", "room": code(&a)}));
    assert!(
        client.error()["message"]
            .as_str()
            .unwrap()
            .contains("negotiation")
    );
    // A fifth wrong hello closes the connection.
    client.send(&json!({"hello": "join", "room": "ZZZZ-ZZZZ"}));
    let last = client.error();
    assert_eq!(last["message"], "there is no room ZZZZ-ZZZZ");
    assert_eq!(last["fatal"], true);
    assert!(client.is_closed());

    // The right tokens still work.
    let mut host = server.client();
    host.send(&json!({"hello": "host", "room": code(&a), "token": a_token}));
    let welcome = host.next();
    assert_eq!(welcome["seat"]["seat"], "host");
    assert_eq!(
        welcome["teams"]["ua"], a_team,
        "the host gets the team links again"
    );
}

#[test]
fn hostile_messages_get_a_clear_error_and_affect_nobody_else() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let (mut host, welcome) = open(&server, json!({"hello": "open_follow", "title": "Berlin"}));
    let room = code(&welcome);
    let (mut calm, _) = join(&server, &room);
    let (mut hostile, _) = join(&server, &room);
    host.until(|m| m["followers"] == 2);

    hostile.send_text("{not json");
    assert!(
        hostile.error()["message"]
            .as_str()
            .unwrap()
            .starts_with("not an action")
    );
    hostile.send(&json!({"do": "predict", "reject": ["ru"], "extra": 1}));
    hostile.error();
    hostile.send_binary(vec![0, 159, 146, 150]);
    assert_eq!(
        hostile.error()["message"],
        "messages are JSON text, not binary"
    );
    hostile.send(&json!({"do": "predict", "reject": ["x".repeat(20_000)]}));
    assert_eq!(hostile.error()["message"], "that message is too large");
    hostile.send(&json!({"do": "predict", "reject": ["ru"]}));
    assert_eq!(hostile.error()["message"], "no step is on screen yet");

    // A flood: refused, then the connection closed; the room goes on.
    for _ in 0..200 {
        hostile.send_text("{}");
    }
    assert!(hostile.is_closed(), "a flooding client is cut off");
    assert!(
        hostile
            .received
            .iter()
            .any(|m| m.contains("too many messages")),
        "and told why"
    );
    host.until(|m| m["followers"] == 1);
    host.send(&step(0, SCENARIO, Some("Who rejects?")));
    let view = calm.until(|m| !m["view"]["slide"].is_null());
    assert_eq!(view["view"]["slide"]["question"], "Who rejects?");

    // A step whose scenario does not read is refused with where and why.
    host.send(&step(1, "(format_version: 1, title: ", None));
    let error = host.error()["message"].as_str().unwrap().to_owned();
    assert!(
        error.starts_with("the scenario does not read: 1:"),
        "{error}"
    );
    // A scenario may not make the server read a file.
    let reading = SCENARIO.replace(
        "model: Bundled(\n        id: \"berlin-2025-12\",\n        version: 2,\n    )",
        "model: File(path: \"/etc/passwd\")",
    );
    assert_ne!(reading, SCENARIO);
    host.send(&step(1, &reading, None));
    let error = host.error()["message"].as_str().unwrap().to_owned();
    assert!(error.contains("no folder"), "{error}");
    assert!(
        !host.all_received().contains("root:"),
        "nothing of the file is sent"
    );

    // No hello within the connection's first message: told what is expected.
    let mut confused = server.client();
    confused.send(&json!({"do": "reveal"}));
    assert!(
        confused.error()["message"]
            .as_str()
            .unwrap()
            .starts_with("the first message says who you are")
    );
}

#[test]
fn a_restart_loses_nothing_that_was_said() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let (mut host, welcome) = open(
        &server,
        json!({"hello": "open_negotiation", "title": "Class", "scenario": SCENARIO,
               "briefs": {"ua": "Ukraine's brief"}}),
    );
    let room = code(&welcome);
    let host_token = welcome["token"].as_str().unwrap().to_owned();
    let ua = welcome["teams"]["ua"].as_str().unwrap().to_owned();
    let mut team = server.client();
    team.send(&json!({"hello": "team", "room": room, "token": ua}));
    team.next();
    let document = parse_scenario(SCENARIO).unwrap().document;
    team.send(&json!({"do": "propose", "choices": document.scenario.choices, "note": "first"}));
    host.until(|m| {
        m["view"]["proposals"]
            .as_array()
            .is_some_and(|p| p.len() == 1)
    });
    host.send(&json!({"do": "reveal_party", "party": "us"}));
    host.send(&json!({"do": "next_round"}));
    host.until(|m| m["view"]["round"] == 2);
    server.kill();

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let log = std::fs::read_dir(data.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let mode = std::fs::metadata(&log).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the log holds briefs: only its owner reads it"
        );
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(
            !text.contains(&host_token),
            "tokens are kept as hashes only"
        );
        assert!(!text.contains(&ua));
    }

    let server = Server::start(data.path(), &[]);
    assert!(
        server.said.iter().any(|l| l.contains("(1 read back)")),
        "{:?}",
        server.said
    );
    let mut host = server.client();
    host.send(&json!({"hello": "host", "room": room, "token": host_token}));
    host.next();
    let view = host.view();
    assert_eq!(view["view"]["round"], 2);
    assert_eq!(view["view"]["proposals"][0]["note"], "first");
    let mut team = server.client();
    team.send(&json!({"hello": "team", "room": room, "token": ua}));
    team.next();
    let view = team.view();
    assert_eq!(view["view"]["brief"], "Ukraine's brief");
    let us = view["view"]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"]["id"] == "us")
        .unwrap();
    assert_eq!(us["revealed"], true, "the reveal survived the restart");
}

#[test]
fn the_server_serves_only_the_web_builds_files() {
    let data = tempfile::tempdir().unwrap();
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<title>Red Lines site</title>",
    )
    .unwrap();
    std::fs::write(site.path().join("secret.txt"), "not for the web").unwrap();
    let server = Server::start(data.path(), &["--site", site.path().to_str().unwrap()]);
    let get = |path: &str| -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let page = get("/");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Red Lines site"));
    assert!(
        page.to_lowercase()
            .contains("cross-origin-embedder-policy: require-corp")
    );
    for path in [
        "/secret.txt",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/index.html/..",
    ] {
        let answer = get(path);
        assert!(!answer.contains("not for the web"), "{path}: {answer}");
    }
}

#[test]
fn the_handout_carries_the_rooms_answers_beside_the_step_they_answer() {
    use redlines::model::briefing::{Step, StepScenario};
    use redlines::model::handout::Handout;
    use redlines::model::room::{Event, Logged, Room, StepShown};

    let at = |event| Logged { at_ms: 1, event };
    let mut room = Room::open(&at(Event::OpenedFollow {
        title: "Berlin".into(),
    }))
    .unwrap();
    room.apply(&at(Event::Step(StepShown {
        step: 1,
        of: 2,
        title: "The status quo".into(),
        scenario: STATUS_QUO.into(),
        question: Some("Who rejects?".into()),
    })))
    .unwrap();
    for (member, reject) in [("a", vec!["ru"]), ("b", vec!["ru", "ua"])] {
        room.apply(&at(Event::Predicted {
            member: member.into(),
            reject: reject.into_iter().map(String::from).collect(),
        }))
        .unwrap();
    }
    assert!(room.answered().is_empty(), "not answered before the reveal");
    room.apply(&at(Event::Revealed)).unwrap();
    let answered = room.answered();
    assert_eq!(answered.len(), 1);

    let document = parse_scenario(STATUS_QUO).unwrap().document;
    let step = |title: &str, question: Option<&str>| Step {
        title: title.into(),
        scenario: StepScenario::File("status-quo.ron".into()),
        notes: String::new(),
        show: Default::default(),
        question: question.map(String::from),
        pictures: false,
    };
    let steps = vec![
        (step("Opening", None), document.clone()),
        (
            step("The status quo", Some("Who rejects?")),
            document.clone(),
        ),
    ];
    let mut handout = Handout::new("Berlin".into(), String::new(), &steps);
    handout.add_room_answers(&answered);
    let markdown = handout.to_markdown();
    let at_answers = markdown
        .find("The room's answers")
        .expect("the answers are in the handout");
    assert!(
        at_answers
            > markdown
                .find("Question for the room: Who rejects?")
                .unwrap(),
        "after the question they answer"
    );
    assert!(markdown.contains("2 answered"), "{markdown}");
    assert!(
        markdown.contains("Russia: 2 of 2 said it rejects — it rejects"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Ukraine: 1 of 2 said it rejects — it rejects"),
        "{markdown}"
    );

    // Answers to another briefing's step (same place, another title) go nowhere.
    let mut other = Handout::new("Other".into(), String::new(), &steps);
    let mut renamed = answered.clone();
    renamed[0].title = "Something else".into();
    other.add_room_answers(&renamed);
    assert!(!other.to_markdown().contains("The room's answers"));
}
