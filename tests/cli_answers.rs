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
            .is_some_and(|l| l.starts_with("> The modeller's reading:")),
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
            Some("inferred") => assert!(quote_is.contains("modeller's reading")),
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
