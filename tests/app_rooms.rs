//! A live room from the app: the presenter opens one while presenting the example briefing,
//! an audience window joins by the link on the slide, predicts, and sees the verdicts and the
//! room's answers on the reveal; the presenter's slide counts who follows and shows the tally.
//! A real `redlines serve` on a random port carries the messages.

mod common;

use common::harness::{click, harness, label_containing};
use common::room::Server;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use redlines::ui::app::App;
use redlines::ui::command::{Command, RoomCommand};

/// A key, then the window settled: the slide's key line fades over a few frames.
fn press(harness: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    common::harness::settle(harness);
}

/// Steps both windows until `harness` shows a label containing `text`: the other window keeps
/// drawing meanwhile, as it would on its own screen.
fn wait_for(harness: &mut Harness<'_, App>, other: &mut Harness<'_, App>, text: &str) {
    for _ in 0..600 {
        harness.step();
        other.step();
        if harness.query_all_by_label_contains(text).next().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("{text:?} never showed");
}

/// A window presenting the example briefing (Ctrl+digit, F5).
fn presenting_the_example() -> Harness<'static, App> {
    let mut presenter = harness();
    press(
        &mut presenter,
        Modifiers::COMMAND,
        common::harness::example_briefing_key(),
    );
    press(&mut presenter, Modifiers::NONE, Key::F5);
    presenter
}

/// Footer → Open a room…, the server typed in, Open the room.
fn open_room(presenter: &mut Harness<'_, App>, server: &str) {
    click(presenter, "Open a room…");
    presenter.get_by_label("Room server").focus();
    presenter.run();
    press(presenter, Modifiers::COMMAND, Key::A);
    presenter.get_by_label("Room server").type_text(server);
    presenter.run();
    click(presenter, "Open the room");
}

#[test]
fn the_audience_follows_a_presented_briefing_and_its_prediction_is_counted() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let address = format!("http://127.0.0.1:{}", server.port);

    let mut presenter = presenting_the_example();
    // The second step asks the room a question.
    press(&mut presenter, Modifiers::NONE, Key::ArrowRight);
    open_room(&mut presenter, &address);

    let mut audience = harness();
    wait_for(&mut presenter, &mut audience, "Join at ");
    let join = label_containing(&presenter, "Join at ");
    let link = join.trim_start_matches("Join at ").to_owned();
    assert!(link.starts_with(&format!("{address}/#room=")), "{link}");
    assert!(
        presenter
            .query_all_by_label_contains("QR code for")
            .next()
            .is_some(),
        "the slide carries a QR code of the link"
    );

    let ctx = audience.ctx.clone();
    audience
        .state_mut()
        .apply(&ctx, Command::Room(RoomCommand::Join(link)));
    wait_for(&mut audience, &mut presenter, "Step 2 of 4");
    wait_for(&mut presenter, &mut audience, "1 person follows");
    assert!(
        audience
            .query_all_by_label_contains("The verdicts")
            .next()
            .is_none(),
        "no verdicts before the reveal"
    );

    // The audience member ticks Russia and sends.
    click(&mut audience, "Russia");
    click(&mut audience, "Send my prediction");
    wait_for(&mut audience, &mut presenter, "Sent: Russia.");
    wait_for(&mut presenter, &mut audience, "1 prediction so far");
    // The speaker view says how many follow and predicted.
    press(&mut presenter, Modifiers::NONE, Key::S);
    wait_for(&mut presenter, &mut audience, ": 1 follow · 1 predicted");
    press(&mut presenter, Modifiers::NONE, Key::S);

    // The presenter reveals every party at once (Space).
    press(&mut presenter, Modifiers::NONE, Key::Space);
    wait_for(&mut audience, &mut presenter, "The verdicts");
    wait_for(
        &mut audience,
        &mut presenter,
        "Russia: 1 of 1 said it rejects",
    );
    wait_for(&mut presenter, &mut audience, "1 answered");

    // The next step reaches the audience; closing the room takes it off the slide.
    press(&mut presenter, Modifiers::NONE, Key::ArrowRight);
    wait_for(&mut audience, &mut presenter, "Step 3 of 4");
    click(&mut presenter, "Close the room");
    presenter.run();
    assert!(
        presenter
            .query_all_by_label_contains("Join at ")
            .next()
            .is_none(),
        "the room is off the slide"
    );
}

#[test]
fn a_room_that_cannot_be_reached_says_why_on_the_slide() {
    let mut presenter = presenting_the_example();
    // A port nothing listens on: bound, then let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    open_room(&mut presenter, &format!("http://127.0.0.1:{port}"));
    let mut idle = harness();
    wait_for(&mut presenter, &mut idle, "The room is not reachable");
}

#[test]
fn a_room_opens_and_is_answered_from_the_keyboard() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let address = format!("http://127.0.0.1:{}", server.port);

    let mut presenter = presenting_the_example();
    press(&mut presenter, Modifiers::NONE, Key::ArrowRight);
    // O asks for the server with the field ready to type in; Enter opens the room.
    press(&mut presenter, Modifiers::NONE, Key::O);
    assert!(
        presenter.get_by_label("Room server").is_focused(),
        "the server's field has the keyboard"
    );
    press(&mut presenter, Modifiers::COMMAND, Key::A);
    presenter.get_by_label("Room server").type_text(&address);
    common::harness::settle(&mut presenter);
    press(&mut presenter, Modifiers::NONE, Key::Enter);
    let mut audience = harness();
    wait_for(&mut presenter, &mut audience, "Join at ");
    let link = label_containing(&presenter, "Join at ")
        .trim_start_matches("Join at ")
        .to_owned();

    let ctx = audience.ctx.clone();
    audience
        .state_mut()
        .apply(&ctx, Command::Room(RoomCommand::Join(link)));
    wait_for(&mut audience, &mut presenter, "Keys: 1–");
    // The second party is Russia in the example: 2 ticks it, Enter sends.
    press(&mut audience, Modifiers::NONE, Key::Num2);
    press(&mut audience, Modifiers::NONE, Key::Enter);
    wait_for(&mut audience, &mut presenter, "Sent: Russia.");
    wait_for(&mut presenter, &mut audience, "1 prediction so far");
}
