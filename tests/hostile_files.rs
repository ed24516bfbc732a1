//! A file someone sends you never reads or leaks your other files, and never blocks or balloons:
//! hostile paths and links against every command that reads files, the app's open path and the
//! web build's link path (issue 22, points 1–3).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::cli::redlines_in_time;
use common::harness::{harness, open_by_path};
use egui_kittest::kittest::{NodeT, Queryable};

/// What a private file holds: if this shows anywhere, a file leaked.
const SECRET: &str = "PRIVATE KEY 7f3a: the user's secret, which no received file may read";
/// What no output may show: the private file's own words (the hostile file quotes `QUOTE`
/// itself, so its errors may).
const MARK: &str = "PRIVATE KEY 7f3a";
/// A quote that the secret holds, so a scenario quoting it would check out if the file were read.
const QUOTE: &str = "the user's secret";
/// The words every refusal of a path names.
const RULE: &str = "a file may name only regular files in its own folder or below it";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A model inline whose one source's text is read from `text_path`.
fn scenario_reading(text_path: &str) -> String {
    format!(
        r#"(
    format_version: 1,
    title: "Harmless looking",
    model: Inline(
        id: "m", version: 1, title: "M",
        sources: [(id: "s", title: "Notes", kind: "notes", date: "2026", text: "{text_path}")],
        parties: [(id: "a", name: "Alpha", short: "A")],
        positions: [(id: "p", title: "P", kind: Choice(options: [
            (id: "x", label: "X"), (id: "y", label: "Y"),
        ]))],
        red_lines: [(id: "r", party: "a", title: "T", statement: "s", speaker: "A",
            source: (source: "s", quote: "{QUOTE}"), basis: stated, breaks_when: Is("p", "y"))],
    ),
    choices: {{ "p": Option("x") }},
)"#
    )
}

/// A scenario on the model file at `model_path`.
fn scenario_on_model(model_path: &str) -> String {
    format!(
        r#"(format_version: 1, title: "On a model file", model: File(path: "{model_path}"),
    choices: {{ "p": Option("x") }})"#
    )
}

/// A model file whose one source's text is `text_path`.
fn model_reading(text_path: &str) -> String {
    let scenario = scenario_reading(text_path);
    let start = scenario.find("Inline(").expect("inline") + "Inline".len();
    let end = scenario.find("    choices:").expect("choices");
    scenario[start..end].trim().trim_end_matches(',').to_owned()
}

/// `root/secret/` (private: a key, a private model, another scenario) and `root/shared/` (what
/// was received). Returns `shared`.
fn layout(root: &Path) -> PathBuf {
    let secret = root.join("secret");
    let shared = root.join("shared");
    std::fs::create_dir_all(&secret).expect("secret folder");
    std::fs::create_dir_all(shared.join("models")).expect("shared folder");
    std::fs::write(secret.join("key.txt"), SECRET).expect("key");
    std::fs::write(secret.join("private.model.ron"), model_reading("key.txt")).expect("model");
    std::fs::write(
        secret.join("other.ron"),
        format!(
            "(format_version: 1, title: \"{SECRET}\", summary: \"{SECRET}\", model: Bundled(id: \
             \"berlin-2025-12\", version: 1), choices: {{}})"
        ),
    )
    .expect("other scenario");
    // Inside the shared folder but outside the model file's folder: a model may not reach it.
    std::fs::write(shared.join("notes.txt"), SECRET).expect("notes");
    shared
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// Every hostile scenario: (what it tries, the scenario's file name). Written into `shared`.
fn hostile_scenarios(root: &Path, shared: &Path) -> Vec<(&'static str, PathBuf)> {
    let secret = root.join("secret");
    let key = secret.join("key.txt");
    let mut cases: Vec<(&'static str, String)> = vec![
        (
            "an absolute path",
            scenario_reading(&key.display().to_string()),
        ),
        (
            "a path climbing out with ..",
            scenario_reading("../secret/key.txt"),
        ),
        ("/proc/self/environ", scenario_reading("/proc/self/environ")),
        ("/dev/zero", scenario_reading("/dev/zero")),
        ("/dev/stdin", scenario_reading("/dev/stdin")),
        ("a link out of the folder", scenario_reading("key-link.txt")),
        (
            "a folder linked from outside",
            scenario_reading("linked/key.txt"),
        ),
        ("a link to a device", scenario_reading("zero-link.txt")),
        ("a named pipe", scenario_reading("pipe.txt")),
        ("a folder", scenario_reading("models")),
        ("a file over 10 MB", scenario_reading("huge.txt")),
        (
            "a model file at an absolute path",
            scenario_on_model(&secret.join("private.model.ron").display().to_string()),
        ),
        (
            "a model file climbing out",
            scenario_on_model("../secret/private.model.ron"),
        ),
        (
            "a model file whose text climbs out of the model's folder",
            scenario_on_model("models/climbs.model.ron"),
        ),
        (
            "a model file whose text is absolute",
            scenario_on_model("models/absolute.model.ron"),
        ),
    ];
    symlink(&key, &shared.join("key-link.txt"));
    symlink(&secret, &shared.join("linked"));
    symlink(Path::new("/dev/zero"), &shared.join("zero-link.txt"));
    mkfifo(&shared.join("pipe.txt"));
    let huge = std::fs::File::create(shared.join("huge.txt")).expect("huge");
    huge.set_len(11 * 1024 * 1024).expect("sparse");
    std::fs::write(
        shared.join("models/climbs.model.ron"),
        model_reading("../notes.txt"),
    )
    .expect("model");
    std::fs::write(
        shared.join("models/absolute.model.ron"),
        model_reading(&key.display().to_string()),
    )
    .expect("model");
    let mut paths = Vec::new();
    for (i, (what, scenario)) in cases.drain(..).enumerate() {
        let path = shared.join(format!("hostile-{i}.ron"));
        std::fs::write(&path, scenario).expect("scenario");
        paths.push((what, path));
    }
    paths
}

/// The commands that read a scenario file, each as the arguments after `redlines`.
fn commands_reading(file: &str, out: &str) -> Vec<Vec<String>> {
    let safe = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/us-compromise.ron");
    [
        vec!["check", file],
        vec!["evaluate", file],
        vec!["evaluate", file, "--format", "json"],
        vec!["explore", file],
        vec!["stability", file],
        vec!["link", file],
        vec!["model", "--file", file],
        vec!["compare", safe, file],
        vec!["compare", file, safe],
        vec!["brief", file, "--out", out, "--no-pictures"],
        vec!["format", "--check", file],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(str::to_owned).collect())
    .collect()
}

#[test]
fn no_command_reads_a_file_outside_the_folder_or_blocks_on_one() {
    let root = tempfile::tempdir().expect("temp dir");
    let shared = layout(root.path());
    let out = root.path().join("handout");
    for (what, path) in hostile_scenarios(root.path(), &shared) {
        for args in commands_reading(&path.display().to_string(), &out.display().to_string()) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = redlines_in_time(&args);
            let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
            assert_eq!(
                o.status.code(),
                Some(1),
                "{what}: redlines {args:?} must refuse the file\nstdout: {stdout}\nstderr: {stderr}"
            );
            assert!(
                !stdout.contains(MARK) && !stderr.contains(MARK),
                "{what}: redlines {args:?} showed the private file\n{stdout}\n{stderr}"
            );
            assert!(
                args[0] != "link" || stdout.is_empty(),
                "{what}: no link is made\n{stdout}"
            );
            // The refusal names the rule, or what the file is; never silently accepted.
            let why = [RULE, "not a regular file", "too large"];
            assert!(
                why.iter().any(|w| stderr.contains(w)),
                "{what}: redlines {args:?} does not say why\n{stderr}"
            );
            assert!(
                stderr.len() < 20_000,
                "{what}: the error is {} bytes long",
                stderr.len()
            );
        }
        assert!(!out.exists(), "{what}: no handout was written");
    }
}

#[test]
fn a_briefing_step_never_reads_a_scenario_outside_its_folder() {
    let root = tempfile::tempdir().expect("temp dir");
    let shared = layout(root.path());
    let other = root.path().join("secret/other.ron");
    symlink(&other, &shared.join("other-link.ron"));
    mkfifo(&shared.join("step-pipe.ron"));
    let out = root.path().join("handout");
    for (what, step) in [
        ("an absolute path", other.display().to_string()),
        ("a path climbing out", "../secret/other.ron".to_owned()),
        ("a link out of the folder", "other-link.ron".to_owned()),
        ("a named pipe", "step-pipe.ron".to_owned()),
        ("/dev/stdin", "/dev/stdin".to_owned()),
    ] {
        let briefing = shared.join("talk.briefing.ron");
        std::fs::write(
            &briefing,
            format!(
                "(format_version: 1, title: \"Talk\", steps: [(title: \"One\", scenario: \
                 File(\"{step}\"))])"
            ),
        )
        .expect("briefing");
        let briefing = briefing.display().to_string();
        for args in [
            vec!["check", briefing.as_str()],
            vec![
                "brief",
                briefing.as_str(),
                "--out",
                out.to_str().expect("utf-8"),
                "--no-pictures",
            ],
        ] {
            let o = redlines_in_time(&args);
            let stderr = text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{what}: {args:?}\n{stderr}");
            assert!(!stderr.contains(SECRET), "{what}: {stderr}");
            assert!(
                stderr.contains(RULE) || stderr.contains("not a regular file"),
                "{what}: {stderr}"
            );
        }
        assert!(!out.exists(), "{what}: no handout");
    }
}

#[test]
fn files_that_follow_the_rule_still_open_links_inside_the_folder_included() {
    let root = tempfile::tempdir().expect("temp dir");
    let shared = layout(root.path());
    std::fs::create_dir_all(shared.join("texts")).expect("texts");
    std::fs::write(shared.join("texts/notes.txt"), SECRET).expect("notes");
    // A link that stays inside the folder is followed.
    symlink(
        Path::new("texts/notes.txt"),
        &shared.join("inside-link.txt"),
    );
    for (what, text_path) in [
        ("a plain relative path", "texts/notes.txt"),
        ("a link inside the folder", "inside-link.txt"),
        (
            "a path that climbs and comes back",
            "texts/../texts/notes.txt",
        ),
    ] {
        let path = shared.join("fine.ron");
        std::fs::write(&path, scenario_reading(text_path)).expect("scenario");
        let o = redlines_in_time(&["check", path.to_str().expect("utf-8")]);
        assert_eq!(o.status.code(), Some(0), "{what}: {}", text(&o.stderr));
    }
}

/// The app's Open refuses the same files, says why, and keeps the scenario on screen.
#[test]
fn the_app_refuses_a_hostile_file_and_keeps_what_is_on_screen() {
    let root = tempfile::tempdir().expect("temp dir");
    let shared = layout(root.path());
    let mut harness = harness();
    let title_before = harness.state().document().scenario.title.clone();
    for (what, path) in hostile_scenarios(root.path(), &shared) {
        open_by_path(&mut harness, &path);
        let refused = [RULE, "not a regular file", "too large"]
            .iter()
            .any(|w| harness.query_all_by_label_contains(w).next().is_some());
        if !refused {
            let labels: Vec<String> = harness
                .query_all_by_label_contains("")
                .filter_map(|n| n.accesskit_node().label())
                .filter(|l| l.len() > 40)
                .collect();
            panic!("{what}: the app says why it cannot open the file; it shows {labels:#?}");
        }
        assert!(
            harness.query_all_by_label_contains(MARK).next().is_none(),
            "{what}: the secret is not shown"
        );
        assert_eq!(
            harness.state().document().scenario.title,
            title_before,
            "{what}: the scenario on screen stays"
        );
    }
}

/// A link carries no folder: whatever file a scenario in it names, it cannot be read, in the
/// desktop app and in the web build alike (both open links through `link::scenario_text`).
#[test]
fn a_link_that_names_a_file_is_refused_without_reading_it() {
    use base64::Engine;
    let root = tempfile::tempdir().expect("temp dir");
    let key = root.path().join("key.txt");
    std::fs::write(&key, SECRET).expect("key");
    for named in [key.display().to_string(), "/proc/self/environ".to_owned()] {
        let scenario = scenario_reading(&named);
        let packed = miniz_oxide::deflate::compress_to_vec(scenario.as_bytes(), 9);
        let link = format!(
            "https://example.org/#scenario={}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
        );
        let text = redlines::model::link::scenario_text(&link).expect("unpacks");
        let problems = redlines::model::format::parse_scenario(&text).expect_err("refused");
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            said.iter().all(|p| !p.contains(MARK)),
            "{said:?} shows the file"
        );
        let mut harness = harness();
        harness.state_mut().open_link(&link);
        harness.run();
        assert!(
            harness
                .query_all_by_label_contains("cannot read the source text")
                .next()
                .is_some(),
            "the app says the text cannot be read"
        );
    }
}

/// An inflate bomb: a short link that would unpack to far more than a file may hold.
#[test]
fn a_link_that_unpacks_past_the_limit_stops_there_and_says_so_in_words() {
    use base64::Engine;
    let bomb = vec![b' '; 64 * 1024 * 1024];
    let packed = miniz_oxide::deflate::compress_to_vec(&bomb, 10);
    let link = format!(
        "#scenario={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    );
    assert!(link.len() < 200_000, "{}", link.len());
    let error = redlines::model::link::scenario_text(&link).expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("more than 10 MB"), "{message}");
    assert!(message.len() < 300, "{message}");

    // A damaged link says what is wrong in words, never as the bytes it unpacked.
    let mut damaged =
        miniz_oxide::deflate::compress_to_vec(common::SMALL_SCENARIO.repeat(20).as_bytes(), 9);
    let cut = damaged.len() / 2;
    damaged.truncate(cut);
    let link = format!(
        "#scenario={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(damaged)
    );
    let message = redlines::model::link::scenario_text(&link)
        .expect_err("damaged")
        .to_string();
    assert!(!message.contains("output"), "{message}");
    assert!(!message.contains('['), "{message}");
    assert!(message.contains("cut short"), "{message}");

    // The app shows the short answer and stays as it was.
    let mut harness = harness();
    harness.state_mut().open_link(&format!(
        "#scenario={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(miniz_oxide::deflate::compress_to_vec(&bomb, 10))
    ));
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("more than 10 MB")
            .next()
            .is_some()
    );
}

/// An error that quotes the file cuts what it quotes: a 9 MB id is not printed whole.
#[test]
fn errors_quote_at_most_a_readable_excerpt_of_a_huge_file() {
    let root = tempfile::tempdir().expect("temp dir");
    let id = "x".repeat(9 * 1024 * 1024);
    let path = root.path().join("huge-id.ron");
    std::fs::write(
        &path,
        format!("(format_version: 1, title: \"t\", model: Bundled(id: \"{id}\", version: 1), choices: {{}})"),
    )
    .expect("file");
    let o = redlines_in_time(&["check", path.to_str().expect("utf-8")]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.contains("characters left out"), "{}", &stderr[..200]);
    assert!(stderr.len() < 5_000, "{} bytes", stderr.len());

    // A huge unknown field's name too.
    let field = "y".repeat(9 * 1024 * 1024);
    std::fs::write(
        &path,
        format!("(format_version: 1, {field}: 1, title: \"t\", model: Bundled(id: \"berlin-2025-12\", version: 1), choices: {{}})"),
    )
    .expect("file");
    let o = redlines_in_time(&["check", path.to_str().expect("utf-8")]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.len() < 5_000, "{} bytes", stderr.len());
}

/// `redlines brief` never overwrites a file it did not write, and never writes through a link.
#[test]
fn a_handout_never_replaces_a_file_it_did_not_write_nor_follows_a_link() {
    let root = tempfile::tempdir().expect("temp dir");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/us-compromise.ron");
    let out = root.path().join("handout");
    let out_arg = out.to_str().expect("utf-8");
    let brief = |extra: &[&str]| {
        let mut args = vec!["brief", scenario, "--out", out_arg, "--no-pictures"];
        args.extend_from_slice(extra);
        redlines_in_time(&args)
    };

    // Someone's own brief.md in the folder stays, and nothing is written beside it.
    std::fs::create_dir_all(&out).expect("folder");
    std::fs::write(out.join("brief.md"), "my own notes").expect("notes");
    let o = brief(&[]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("brief.md was not written by an earlier handout"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("brief.md")).expect("notes"),
        "my own notes"
    );
    assert!(!out.join("brief.html").exists(), "all or nothing");

    // A link planted under the handout's name: its target is never written, even with --force.
    std::fs::remove_file(out.join("brief.md")).expect("removed");
    let victim = root.path().join("victim.txt");
    std::fs::write(&victim, "precious").expect("victim");
    symlink(&victim, &out.join("brief.html"));
    let o = brief(&[]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("brief.html is a symbolic link"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    let o = brief(&["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    assert!(
        !std::fs::symlink_metadata(out.join("brief.html"))
            .expect("written")
            .file_type()
            .is_symlink(),
        "--force replaces the link itself"
    );

    // Its own files, unchanged, it replaces on the next run; once edited, they are the user's.
    let o = brief(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let mut md = std::fs::read_to_string(out.join("brief.md")).expect("md");
    md.push_str("\nMy added paragraph.\n");
    std::fs::write(out.join("brief.md"), &md).expect("edited");
    let o = brief(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(out.join("brief.md")).expect("md"),
        md
    );
}

/// Names and titles from a file cannot inject HTML into the Markdown handout, nor forge lines
/// or send escapes to the terminal from `redlines stability`.
#[test]
fn names_from_a_file_print_inert_in_the_handout_and_the_stability_text() {
    let root = tempfile::tempdir().expect("temp dir");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/prisoners-dilemma.ron"
    ))
    .expect("example");
    let hostile = example
        .replace(
            "name: \"Suspect A\"",
            "name: \"Suspect A\\n  Forged: all clear\\u{1b}[2J<img src=x onerror=alert(1)>\"",
        )
        .replace(
            "title: \"The prisoner's dilemma (teaching example for stability analysis)\"",
            "title: \"<script>alert(1)</script> ![t](http://tracker.example/p.png)\"",
        );
    assert_ne!(hostile, example);
    let path = root.path().join("hostile.ron");
    std::fs::write(&path, &hostile).expect("scenario");
    let file = path.to_str().expect("utf-8");

    let o = redlines_in_time(&["stability", file]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let stdout = text(&o.stdout);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(
        !stdout.lines().any(|l| l.trim_start().starts_with("Forged")),
        "{stdout}"
    );
    assert!(
        stdout.contains("Suspect A\\n  Forged"),
        "shown escaped: {stdout}"
    );
    let o = redlines_in_time(&["stability", file, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(!text(&o.stdout).contains('\u{1b}'));
    assert!(
        json["parties"][0]["name"]
            .as_str()
            .is_some_and(|n| n.contains('\u{1b}')),
        "the JSON keeps the name itself, escaped as JSON"
    );

    let out = root.path().join("handout");
    let o = redlines_in_time(&[
        "brief",
        file,
        "--out",
        out.to_str().expect("utf-8"),
        "--no-pictures",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let md = std::fs::read_to_string(out.join("brief.md")).expect("md");
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("<img"), "{md}");
    assert!(
        md.contains("!\\[t\\](http://tracker.example/p.png)"),
        "no image to fetch, the text as written: {md}"
    );
    assert!(md.contains("&lt;script&gt;"), "{md}");
}

/// A file with thousands of problems: the app lists the first and counts the rest, so the window
/// keeps drawing.
#[test]
fn the_app_lists_the_first_problems_of_a_file_with_thousands() {
    let root = tempfile::tempdir().expect("temp dir");
    let red_lines: String = (0..1_000)
        .map(|i| {
            format!(
                "(id: \"r{i}\", party: \"nobody{i}\", title: \"T\", statement: \"s\", speaker: \
                 \"A\", source: (source: \"src\", quote: \"q\"), basis: stated, breaks_when: \
                 Is(\"colour\", \"red\")),"
            )
        })
        .collect();
    let text =
        common::SMALL_SCENARIO.replacen("red_lines: [", &format!("red_lines: [{red_lines}"), 1);
    let path = root.path().join("many.ron");
    std::fs::write(&path, text).expect("file");
    let o = redlines_in_time(&["check", path.to_str().expect("utf-8")]);
    let listed = text_lines_with(&o.stderr, "nobody");
    assert!(listed >= 1_000, "the command line lists them all: {listed}");

    let mut harness = harness();
    open_by_path(&mut harness, &path);
    assert!(
        harness
            .query_all_by_label_contains("more (`redlines check` on the file lists them all)")
            .next()
            .is_some()
    );
    // The red lines name unknown parties: errors a model being built has, so the file opens
    // for repair; the problems panel and the model editor each list at most 200.
    assert!(harness.query_all_by_label_contains("nobody").count() <= 2 * 200);
    assert!(
        harness
            .query_all_by_label_contains("The first 200 of 1000 problems")
            .next()
            .is_some()
    );
}

fn text_lines_with(bytes: &[u8], needle: &str) -> usize {
    text(bytes).lines().filter(|l| l.contains(needle)).count()
}
