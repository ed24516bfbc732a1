//! Issue 8 from the command line: every answer says what it is, and nothing more.

mod common;

use std::path::Path;

use common::cli::{redlines, stderr, stdout};

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_paraphrase_is_never_printed_as_the_speakers_words() {
    let f = example("status-quo.ron");
    let markdown = stdout(&redlines(&["evaluate", &f, "--format", "markdown"]));
    // Zelensky's line on recognition is the article's paraphrase of him.
    let start = markdown
        .find("**No recognition of occupied Donbas as Russian** (reported)")
        .expect("the reported line");
    let block: String = markdown[start..].chars().take(600).collect();
    assert!(block.contains("As the news explainer reports:"), "{block}");
    assert!(
        block.contains("The news explainer, about Volodymyr Zelensky: these are not Volodymyr Zelensky's own words"),
        "{block}"
    );
    // The quote is a block quote, in its own words only: no quotation marks are added.
    assert!(
        block.contains("\n> adding that Ukraine would recognize neither"),
        "{block}"
    );
    // A stated line keeps its speaker.
    assert!(
        markdown.contains("— Dmitry Peskov, Kremlin spokesman, as quoted by the news explainer"),
        "{markdown}"
    );
    // An inferred line leads with the modeller's reading.
    let start = markdown
        .find("**Genuine accountability for the aggressor** (inferred)")
        .expect("the inferred line");
    assert!(
        markdown[start..]
            .lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("The modeller's reading:")),
        "{}",
        markdown[start..].chars().take(400).collect::<String>()
    );

    let o = redlines(&["evaluate", &f, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let lines: Vec<&serde_json::Value> = json["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .flat_map(|p| p["red_lines"].as_array().expect("lines"))
        .collect();
    for line in lines {
        let quote_is = line["quote_is"].as_str().expect("quote_is");
        match line["basis"].as_str() {
            Some("stated") => assert_eq!(quote_is, "the speaker's own words"),
            Some("reported") => assert!(quote_is.starts_with("the source's words about")),
            // The words may be the speaker's or the source's; the reading is the modeller's.
            Some("inferred") => assert!(
                quote_is == "the passage the modeller's reading rests on"
                    || quote_is
                        == "the speaker's own words, which the modeller reads as a red line",
                "{quote_is}"
            ),
            other => panic!("basis {other:?}"),
        }
        assert!(
            line["why"].as_str().is_some_and(|w| w.ends_with('.')),
            "{line}"
        );
    }
}

#[test]
fn what_a_source_leaves_open_is_uncertain_not_broken() {
    // The European statement says nothing on reparations: Ukraine's accountability line cannot
    // be judged, so Ukraine does not "reject" the statement over it.
    let o = redlines(&[
        "evaluate",
        &example("european-joint-statement.ron"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let ukraine = &json["parties"][0];
    assert_eq!(ukraine["id"], "ua");
    assert_ne!(ukraine["status"], "would reject");
    let accountability = ukraine["red_lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["id"] == "ua_accountability")
        .expect("the accountability line");
    assert_eq!(accountability["verdict"], "uncertain");
    assert_eq!(
        accountability["unaddressed"],
        serde_json::json!(["accountability"])
    );
    assert!(
        accountability["why"]
            .as_str()
            .is_some_and(|w| w.contains("does not address Accountability and reparations")),
        "{accountability}"
    );
}

fn explore_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["explore"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = redlines(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("json")
}

#[test]
fn a_red_line_that_can_never_hold_is_said_plainly_with_why() {
    let json = explore_json(&[&example("status-quo.ron")]);
    let never = json["never_holds"].as_array().expect("never_holds");
    let limits = never
        .iter()
        .find(|n| n["id"] == "ru_limits_on_military")
        .expect("the military limits line");
    assert_eq!(limits["reason"], "uncertain_at_best");
    assert!(
        limits["why"]
            .as_str()
            .is_some_and(|w| w.contains("cannot hold in any package under these settings")),
        "{limits}"
    );
    assert!(
        json["irreconcilable"]
            .as_array()
            .expect("sets")
            .iter()
            .all(|s| s["red_lines"].as_array().is_some_and(|l| l.len() > 1)),
        "single lines are not called irreconcilable sets"
    );
    // A pin can rule a line out too, and then the pin is named.
    let o = redlines(&[
        "explore",
        &example("status-quo.ron"),
        "--uncertain-ok",
        "--lock",
        "us_troops=yes",
    ]);
    let text = stdout(&o);
    assert!(
        text.contains("No American troops in Ukraine: It cannot hold in any package under these settings: with U.S. troops in Ukraine pinned to “U.S. troops present in Ukraine”, no package lets it hold."),
        "{text}"
    );
    let json = explore_json(&[
        &example("status-quo.ron"),
        "--uncertain-ok",
        "--lock",
        "us_troops=yes",
    ]);
    let pinned = json["never_holds"]
        .as_array()
        .expect("never_holds")
        .iter()
        .find(|n| n["id"] == "us_no_american_troops")
        .expect("the troops line");
    assert_eq!(
        pinned["reason"]["pinned"][0]["position"], "us_troops",
        "machines get the position's id, not an index: {pinned}"
    );
}

/// A line that a pin makes break everywhere is ruled out by the pin, whether or not uncertain
/// red lines count: counting them as acceptable would not save it.
#[test]
fn a_line_a_pin_breaks_everywhere_names_the_pin_not_only_uncertainty() {
    for lenient in [false, true] {
        let mut args = vec![
            example("status-quo.ron"),
            "--lock".to_owned(),
            "army_cap=no-limit".to_owned(),
        ];
        if lenient {
            args.push("--uncertain-ok".to_owned());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let json = explore_json(&args);
        let limits = json["never_holds"]
            .as_array()
            .expect("never_holds")
            .iter()
            .find(|n| n["id"] == "ru_limits_on_military")
            .expect("the military limits line")
            .clone();
        let why = limits["why"].as_str().expect("why");
        assert!(
            why.contains("pinned to “No cap”"),
            "uncertain ok: {lenient}: {why}"
        );
        assert!(
            !why.contains("could stand only if uncertain red lines counted as acceptable"),
            "uncertain ok: {lenient}: {why}"
        );
        let reason = if lenient {
            "pinned"
        } else {
            "pinned_then_uncertain"
        };
        assert!(limits["reason"][reason].is_array(), "{limits}");
    }
}

#[test]
fn a_pinned_number_is_that_number_and_not_addressed_means_the_same_for_any_position() {
    let o = redlines(&[
        "explore",
        &example("european-joint-statement.ron"),
        "--lock",
        "army_cap=850000",
        "--lock",
        "donbas=not-addressed",
        "--limit",
        "1",
    ]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        text.contains("Locked: Donbas arrangement = Not addressed"),
        "{text}"
    );
    assert!(
        text.contains("      Cap on Ukraine's armed forces: 850,000 troops\n"),
        "packages show the pinned value, not the piece it falls in: {text}"
    );
    assert!(
        text.contains("No package is acceptable to every party that must accept."),
        "{text}"
    );
    // One set is listed; there are more as small, and the answer says so.
    assert!(
        text.contains("… and more sets as small (--limit lists more)"),
        "{text}"
    );
    let json = explore_json(&[
        &example("european-joint-statement.ron"),
        "--lock",
        "donbas=not-addressed",
        "--limit",
        "1",
    ]);
    assert_eq!(json["concessions"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["concessions_complete"], false);
    assert_eq!(
        json["locks"]["donbas"]["option"], "not_addressed",
        "{}",
        json["locks"]
    );
}

#[test]
fn parties_left_out_show_their_real_counts_marked_not_required() {
    let json = explore_json(&[
        &example("status-quo.ron"),
        "--parties",
        "ua,US,eu",
        "--limit",
        "3",
    ]);
    assert_eq!(json["parties"], serde_json::json!(["ua", "us", "eu"]));
    assert_eq!(json["not_required"], serde_json::json!(["ru"]));
    let package = &json["acceptable"]["packages"][0];
    // Russia is not required, but its real count is there: not a misleading 0.
    assert!(
        package["broken"]["ru"].as_u64().is_some_and(|n| n > 0),
        "{package}"
    );
    let text = stdout(&redlines(&[
        "explore",
        &example("status-quo.ron"),
        "--parties",
        "ua,us,eu",
    ]));
    assert!(text.contains("RU 4 (not required)"), "{text}");
    // Ids or short names, in any case; an unknown one lists the known ones.
    let o = redlines(&[
        "explore",
        &example("status-quo.ron"),
        "--parties",
        "ukraine",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("known: ua (UA), ru (RU), us (US), eu (EU)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn counts_are_of_packages_the_required_parties_can_tell_apart() {
    // Only the U.S. must accept: no U.S. red line cuts the army cap, so the whole slider range
    // is one piece, not the three that other parties' bounds would make.
    let json = explore_json(&[
        &example("status-quo.ron"),
        "--parties",
        "us",
        "--limit",
        "500",
    ]);
    let caps: std::collections::BTreeSet<String> = json["acceptable"]["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            p["choices"]["army_cap"]["label"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(
        caps.into_iter().collect::<Vec<_>>(),
        ["0–1,000,000 troops", "No cap"]
    );
    assert!(json["counted_as"].as_str().is_some());
    // Counts are integers, packages carry ids and bounds beside their labels.
    assert!(json["packages"].is_u64(), "{}", json["packages"]);
    assert!(json["acceptable"]["count"].is_u64());
    let first = &json["acceptable"]["packages"][0]["choices"];
    assert!(first["donbas"]["option"].is_string(), "{first}");
    let keys: Vec<&String> = first.as_object().expect("choices").keys().collect();
    assert_eq!(keys[0], "donbas", "positions in model order");
}

/// A model whose number position has a step of 50 and bounds that fall between steps.
const STEPPED: &str = r#"(
    format_version: 1,
    title: "Budget",
    model: Inline(
        id: "budget", version: 1, title: "Budget",
        sources: [(id: "src", title: "Notes", kind: "notes", date: "2025")],
        parties: [(id: "a", name: "Alpha", short: "A"), (id: "b", name: "Beta", short: "B")],
        positions: [(id: "budget", title: "Budget", kind: Number(min: 1000.0, max: 1200.0, step: 50.0, unit: "units", default: Value(1000.0)))],
        red_lines: [
            (id: "a_low", party: "a", title: "Not below 1010", statement: "s", speaker: "A", source: (source: "src", quote: "q"), basis: stated, breaks_when: Below("budget", 1010.0)),
            (id: "b_high", party: "b", title: "Below 1020", statement: "s", speaker: "B", source: (source: "src", quote: "q"), basis: stated, breaks_when: AtLeast("budget", 1020.0)),
        ],
    ),
    choices: { "budget": Value(1000.0) },
)"#;

#[test]
fn step_is_what_the_slider_reaches_everywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = common::cli::write(dir.path(), "budget.ron", STEPPED);
    // No value between 1,010 and 1,020 is on the grid, so no package offers that range.
    let json = explore_json(&[&f, "--uncertain-ok"]);
    assert_eq!(json["acceptable"]["count"], 0);
    let labels: Vec<String> = json["closest"]["pareto"]
        .as_array()
        .expect("front")
        .iter()
        .flat_map(|p| p["packages"].as_array().cloned().unwrap_or_default())
        .map(|k| {
            k["choices"]["budget"]["label"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert!(labels.iter().all(|l| !l.contains("1,010")), "{labels:?}");
    // An off-grid value is refused by check and by --lock, with the nearest values.
    let off = common::cli::write(
        dir.path(),
        "off.ron",
        STEPPED.replace("\"budget\": Value(1000.0)", "\"budget\": Value(1015.0)"),
    );
    let o = redlines(&["check", &off]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the nearest are 1,000 and 1,050"),
        "{}",
        stderr(&o)
    );
    let o = redlines(&["explore", &f, "--lock", "budget=1015"]);
    assert_eq!(o.status.code(), Some(2));
    let o = redlines(&[
        "explore",
        &f,
        "--lock",
        "budget=1050",
        "--lock",
        "budget=1100",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("locked twice"), "{}", stderr(&o));
}

#[test]
fn model_text_shows_ranges_units_and_red_line_ids() {
    let text = stdout(&redlines(&["model"]));
    assert!(
        text.contains("from 0 to 1,000,000 troops, in steps of 10,000"),
        "{text}"
    );
    assert!(
        text.contains("ru_limits_on_military [ru] Limits on Ukraine's military"),
        "{text}"
    );
}

#[test]
fn an_observer_is_shown_but_not_required_unless_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Beta watches from outside the table.
    let text = common::SMALL_SCENARIO.replacen(
        r#"(id: "b", name: "Beta", short: "B"),"#,
        r#"(id: "b", name: "Beta", short: "B", role: observer),"#,
        1,
    );
    let f = common::cli::write(dir.path(), "observer.ron", &text);
    let json = explore_json(&[&f]);
    assert_eq!(json["parties"], serde_json::json!(["a"]), "{json}");
    assert_eq!(json["not_required"], serde_json::json!(["b"]));
    let text = stdout(&redlines(&["explore", &f]));
    assert!(text.contains("Not required: Beta"), "{text}");
    // Named, an observer must accept like anyone else.
    let json = explore_json(&[&f, "--parties", "a,b"]);
    assert_eq!(json["parties"], serde_json::json!(["a", "b"]));
    // The verdicts still show its red lines.
    let evaluated = stdout(&redlines(&["evaluate", &f]));
    assert!(evaluated.contains("Cap at least 40"), "{evaluated}");
}

#[test]
fn explore_lists_acceptable_packages_a_page_at_a_time() {
    let file = example("status-quo.ron");
    let packages = |json: &serde_json::Value| -> Vec<serde_json::Value> {
        json["acceptable"]["packages"]
            .as_array()
            .expect("packages")
            .iter()
            .map(|p| p["choices"].clone())
            .collect()
    };
    let ten = explore_json(&[&file, "--parties", "ua,us,eu", "--limit", "10"]);
    let first = explore_json(&[&file, "--parties", "ua,us,eu", "--limit", "5"]);
    let second = explore_json(&[
        &file,
        "--parties",
        "ua,us,eu",
        "--limit",
        "5",
        "--page",
        "2",
    ]);
    assert_eq!(ten["acceptable"]["listed_from"], 1);
    assert_eq!(second["acceptable"]["listed_from"], 6);
    let mut both = packages(&first);
    both.extend(packages(&second));
    assert_eq!(both.len(), 10);
    assert_eq!(both, packages(&ten), "page 2 goes on where page 1 stops");
    assert_eq!(first["acceptable"]["count"], second["acceptable"]["count"]);

    let o = redlines(&[
        "explore",
        &file,
        "--parties",
        "ua,us,eu",
        "--limit",
        "5",
        "--page",
        "2",
    ]);
    let text = stdout(&o);
    assert!(text.contains("Numbers 6–10, best first"), "{text}");
    assert!(
        text.contains("  6.\n") && !text.contains("  1.\n"),
        "{text}"
    );
    assert!(text.contains("(--page 3 for the next)"), "{text}");
    let o = redlines(&["explore", &file, "--page", "0"]);
    assert_eq!(o.status.code(), Some(2), "pages count from 1");
}

/// Every list in `value` that answers a question (not a set's own members, nor the parties
/// asked), with its path.
fn answer_lists(value: &serde_json::Value, path: &str, out: &mut Vec<(String, usize)>) {
    match value {
        serde_json::Value::Array(items) => {
            out.push((path.to_owned(), items.len()));
            for item in items {
                answer_lists(item, &format!("{path}[]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                if !matches!(key.as_str(), "parties" | "red_lines" | "not_required") {
                    answer_lists(item, &format!("{path}.{key}"), out);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn limit_caps_every_list_of_answers_and_the_counts_say_how_many_in_all() {
    // Five positions and a thousand red lines: tens of thousands of irreconcilable sets.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("wide.ron");
    let model = stdout(&redlines(&[
        "generate-model",
        "--positions",
        "5",
        "--options",
        "3",
        "--red-lines",
        "1000",
        "--seed",
        "6",
    ]));
    std::fs::write(&file, model).expect("written");
    let out = redlines(&[
        "explore",
        &file.to_string_lossy(),
        "--format",
        "json",
        "--limit",
        "3",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let mut lists = Vec::new();
    answer_lists(&json, "", &mut lists);
    let long: Vec<&(String, usize)> = lists.iter().filter(|(_, n)| *n > 3).collect();
    assert!(long.is_empty(), "lists longer than --limit: {long:?}");
    assert_eq!(json["irreconcilable"].as_array().map(Vec::len), Some(3));
    let all = json["irreconcilable_count"].as_u64().expect("a count");
    assert!(
        all > 1_000,
        "the count of all sets, not of those listed: {all}"
    );
    // Kilobytes (one concession names its 150-odd red lines), not the megabytes of every set.
    assert!(stdout(&out).len() < 100_000, "{} bytes", stdout(&out).len());
}
