//! How many frames the window draws: each costs about 100 ms of CPU under software rendering,
//! taken from the search or analysis running beside it.

mod common;

use common::harness::{harness, settle};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// What asked for another frame in the last one (egui names the file and line).
fn asked<S>(harness: &Harness<'_, S>) -> Vec<String> {
    harness
        .ctx
        .repaint_causes()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Frames from a click until the window asks for no more, with what asked for each.
fn frames_after_click<S>(harness: &mut Harness<'_, S>, label: &str) -> (u64, Vec<String>) {
    harness.get_by_label(label).click();
    let mut causes = Vec::new();
    let mut frames = 0;
    loop {
        harness.step();
        frames += 1;
        causes.push(format!("frame {frames}: {:?}", asked(harness)));
        let delay = harness
            .output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map(|v| v.repaint_delay);
        if delay != Some(std::time::Duration::ZERO) || frames > 20 {
            return (frames, causes);
        }
    }
}

#[test]
fn a_click_draws_no_more_frames_than_a_bare_button() {
    let mut bare = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(
            |ui, clicks: &mut u32| {
                if ui.button("Press").clicked() {
                    *clicks += 1;
                }
            },
            0u32,
        );
    bare.run();
    let (bare_frames, bare_causes) = frames_after_click(&mut bare, "Press");
    assert_eq!(*bare.state(), 1);

    let mut app = harness();
    settle(&mut app);
    let (app_frames, app_causes) = frames_after_click(&mut app, "Legal recognition");
    eprintln!("bare {bare_frames}: {bare_causes:#?}\napp {app_frames}: {app_causes:#?}");
    assert!(
        app_frames <= bare_frames,
        "bare {bare_frames}: {bare_causes:#?}\napp {app_frames}: {app_causes:#?}"
    );
}

/// A conflict the analysis takes seconds over: 2^19 states, four parties moving four
/// positions each.
fn slow_conflict() -> String {
    use redlines::model::ModelRef;
    use redlines::model::generate::{Shape, give_controls, synthetic_scenario};
    let mut scenario = synthetic_scenario(Shape {
        positions: 19,
        options: 2,
        red_lines: 19,
        parties: 4,
        seed: 7,
    });
    if let ModelRef::Inline(model) = &mut scenario.model {
        give_controls(std::sync::Arc::make_mut(model), 4, 4, 7);
    }
    redlines::model::format::save_text(&scenario, None)
        .expect("a generated scenario saves")
        .text
}

/// For `seconds`, a frame every 25 ms (as if the window were redrawn for any reason): the
/// frames that asked for another at once or soon, with what asked. A job's progress may ask
/// for one at most four times a second; nothing else should while the window is left alone.
fn asking_frames(app: &mut Harness<'_, redlines::ui::app::App>, seconds: u64) -> Vec<Vec<String>> {
    let start = std::time::Instant::now();
    let mut asking = Vec::new();
    while start.elapsed() < std::time::Duration::from_secs(seconds) {
        std::thread::sleep(std::time::Duration::from_millis(25));
        app.step();
        let causes = asked(app);
        if !causes.is_empty() {
            asking.push(causes);
        }
    }
    asking
}

/// At most four progress redraws a second, and one more for the page changing around them.
fn assert_progress_only(asking: &[Vec<String>], seconds: u64) {
    assert!(
        asking.len() as u64 <= 4 * seconds + 1,
        "{} frames asked for more in {seconds} s: {asking:#?}",
        asking.len()
    );
    // Frames asking for their own reasons: the page settling as the job starts, no more.
    let others: Vec<&Vec<String>> = asking
        .iter()
        .filter(|causes| causes.iter().any(|c| !c.contains("platform/tasks.rs")))
        .collect();
    assert!(others.len() <= 2, "{others:#?}");
}

#[test]
fn a_running_analysis_redraws_only_when_it_got_further() {
    use common::harness::{open_by_path, wait_for};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("slow.ron");
    std::fs::write(&path, slow_conflict()).expect("model");
    let mut app = harness();
    open_by_path(&mut app, &path);
    app.get_by_label("Stability").click();
    wait_for(&mut app, "Analysing stability for this package");
    let asking = asking_frames(&mut app, 2);
    assert_progress_only(&asking, 2);
    assert_eq!(app.state().stability_analyses_running(), 1, "still running");
    // Not left running behind the other tests.
    app.get_by_label("Cancel the analysis").click();
    app.step();
}

#[test]
fn a_running_search_redraws_only_when_it_got_further() {
    use common::harness::{open_by_path, wait_for};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hard.ron");
    // Eighty positions of five options, 200 red lines: minutes of counting (the counter
    // finishes 60 × 5 × 150 in under a second now, and its parts then redraw the page).
    let scenario =
        redlines::model::generate::synthetic_scenario(redlines::model::generate::Shape {
            positions: 80,
            options: 5,
            red_lines: 200,
            parties: 4,
            seed: 104888,
        });
    let text = redlines::model::format::save_text(&scenario, None)
        .expect("a generated scenario saves")
        .text;
    std::fs::write(&path, text).expect("model");
    let mut app = harness();
    open_by_path(&mut app, &path);
    app.get_by_label("Explore deals").click();
    wait_for(&mut app, "Cancel search");
    let asking = asking_frames(&mut app, 2);
    assert_progress_only(&asking, 2);
    assert!(
        app.query_all_by_label("Cancel search").next().is_some(),
        "still searching"
    );
    app.get_by_label("Cancel search").click();
    app.step();
}
