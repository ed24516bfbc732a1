//! Issue 9 from the command line: compare two scenarios, write a handout, check a briefing.

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
fn compare_names_what_changed_in_every_format() {
    let (a, b) = (
        example("us-compromise.ron"),
        example("european-joint-statement.ron"),
    );
    let o = redlines(&["compare", &a, &b]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(
            "European multinational Ukraine force: Not addressed → Including operations inside Ukraine"
        ),
        "{text}"
    );
    assert!(
        text.contains("[ru] No NATO military personnel in Ukraine: uncertain → breaks"),
        "{text}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&redlines(&["compare", &a, &b, "--format", "json"])))
            .expect("json");
    assert_eq!(json["before"], "The U.S. compromise discussed in Berlin");
    let moved = json["red_lines"]
        .as_array()
        .expect("red lines")
        .iter()
        .find(|r| r["red_line"] == "ru_no_nato_personnel")
        .expect("the NATO personnel line moved");
    assert_eq!(moved["before"], "uncertain");
    assert_eq!(moved["after"], "breaks");
    let russia = json["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .find(|p| p["party"] == "ru")
        .expect("ru");
    assert_eq!(russia["after"]["broken"], 1);

    let markdown = stdout(&redlines(&["compare", &a, &b, "--format", "markdown"]));
    assert!(
        markdown.starts_with(
            "# The U.S. compromise discussed in Berlin → The European Joint Statement"
        )
    );
    // A briefing is not a scenario: said plainly, as a usage error.
    let o = redlines(&["compare", &example("berlin-talks.briefing.ron"), &a]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a briefing, not a scenario"),
        "{}",
        stderr(&o)
    );
    // Comparing a scenario with itself changes nothing.
    let same = stdout(&redlines(&["compare", &a, &a]));
    assert!(same.contains("Choices that differ:\n  none"), "{same}");
}

#[test]
fn the_brief_credits_each_quote_as_its_basis_requires() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("brief");
    let o = redlines(&[
        "brief",
        &example("berlin-talks.briefing.ron"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let markdown = std::fs::read_to_string(out.join("brief.md")).expect("markdown");
    let html = std::fs::read_to_string(out.join("brief.html")).expect("html");
    // Four steps, in the story's order.
    for (n, title) in [
        "Where things stand: no deal",
        "What the Kremlin demands",
        "The U.S. compromise: a free economic zone",
        "The European Joint Statement",
    ]
    .iter()
    .enumerate()
    {
        assert!(
            markdown.contains(&format!("## {}. {title}", n + 1)),
            "{title}"
        );
        assert!(html.contains(title), "{title}");
    }
    // A reported line: the article's words about the party, never as the party's.
    let reported = markdown
        .find("Russia: Kyiv relinquishes Donbas (reported)")
        .expect("a reported line");
    let block: String = markdown[reported..].chars().take(500).collect();
    assert!(
        block.contains("As the news explainer reports:\n\n> the status of the Ukrainian region"),
        "{block}"
    );
    assert!(
        block.contains("these are not Russia's own words"),
        "{block}"
    );
    // A stated line: the speaker's own words, credited to them.
    assert!(markdown.contains("— Volodymyr Zelensky, as quoted by the news explainer"));
    // An inferred line: the modeller's reading before the passage.
    let inferred = markdown
        .find("Genuine accountability for the aggressor (inferred)")
        .expect("an inferred line");
    let block: String = markdown[inferred..].chars().take(600).collect();
    // Its passage is Zelensky's own words, and credited so.
    assert!(
        block.contains("The reading rests on these words of Volodymyr Zelensky"),
        "{block}"
    );
    let reading = block.find("The modeller's reading:").expect("reading");
    let passage = block.find("The reading rests on").expect("passage");
    assert!(reading < passage, "{block}");
    assert!(markdown.contains("Source: News explainer on the U.S.–Ukraine–Europe talks"));
    // The page opens offline: nothing to fetch, its pictures inside it.
    assert!(!html.contains("<script") && !html.contains("href="));
    assert!(
        html.split("src=\"")
            .skip(1)
            .all(|s| s.starts_with("data:image/png;base64,")),
        "every picture is inside the page"
    );
    // Each step's cards and charts, drawn by the app off screen, beside the pages.
    for n in 1..=4 {
        for kind in ["verdicts", "charts"] {
            let file = format!("step-{n}-{kind}.png");
            assert!(
                markdown.contains(&format!("]({file})")),
                "the Markdown shows {file}"
            );
            let picture = image::open(out.join(&file))
                .unwrap_or_else(|e| panic!("{file}: {e}"))
                .to_rgba8();
            // A slide's width, cropped under what it shows.
            let (width, height) = picture.dimensions();
            assert_eq!(width, 1280, "{file}");
            assert!((200..1600).contains(&height), "{file} is cropped: {height}");
            let colours: std::collections::HashSet<_> = picture.pixels().collect();
            assert!(colours.len() > 20, "{file} is not blank");
        }
    }
    assert_eq!(
        html.matches("<img alt=\"Step ").count(),
        8,
        "each picture has words for a reader who cannot see it"
    );
    // A compare step carries its comparison with the step before.
    assert!(
        markdown
            .contains("### Compared with the step before: The U.S. compromise discussed in Berlin")
    );
    assert!(
        markdown.contains("- Russia: No NATO military personnel in Ukraine: uncertain → breaks")
    );
    // Speaker notes are for the presenter, not the handout.
    assert!(!markdown.contains("Point at Russia's card"));
}

#[test]
fn a_brief_without_pictures_is_text_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("brief");
    let o = redlines(&[
        "brief",
        &example("status-quo.ron"),
        "--out",
        out.to_str().expect("utf-8"),
        "--no-pictures",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .expect("written")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // Beside the pages, the list of what the command wrote (so a later run replaces only that).
    assert_eq!(files, [".redlines-brief", "brief.html", "brief.md"]);
    let manifest = std::fs::read_to_string(out.join(".redlines-brief")).expect("manifest");
    let listed: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.split_once("  ").map(|(_, name)| name))
        .collect();
    assert_eq!(listed, ["brief.md", "brief.html"]);
    let markdown = std::fs::read_to_string(out.join("brief.md")).expect("markdown");
    assert!(!markdown.contains("!["));
    assert!(
        markdown.starts_with("# No deal: the status quo"),
        "{markdown}"
    );
}

#[test]
fn check_reads_a_briefing_and_locates_a_bad_step() {
    let o = redlines(&["check", &example("berlin-talks.briefing.ron")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(example("berlin-talks.briefing.ron"))
        .expect("read")
        .replace("File(\"kremlin-demands.ron\")", "File(\"kremlin.ron\")");
    let f = common::cli::write(dir.path(), "bad.briefing.ron", text);
    let o = redlines(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("steps[1].scenario: cannot open kremlin.ron"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_example_briefings_notes_quote_the_article_word_for_word() {
    let briefing = std::fs::read_to_string(example("berlin-talks.briefing.ron")).expect("read");
    let article =
        redlines::model::bundled::source_text("sources/berlin-talks-2025-12.txt").expect("shipped");
    let parsed = redlines::model::briefing::parse_briefing(&briefing)
        .expect("parses")
        .briefing;
    let mut quotes = 0;
    for step in &parsed.steps {
        for quoted in step.notes.split('"').skip(1).step_by(2) {
            quotes += 1;
            assert!(article.contains(quoted), "not in the article: {quoted:?}");
        }
    }
    assert!(quotes >= 4, "the notes quote the source");
}

#[test]
fn the_brief_opens_with_the_answer_and_asks_before_it_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("brief");
    let briefing = example("berlin-talks.briefing.ron");
    let o = redlines(&[
        "brief",
        &briefing,
        "--out",
        out.to_str().expect("utf-8"),
        "--no-pictures",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let markdown = std::fs::read_to_string(out.join("brief.md")).expect("markdown");

    // The first page answers the title's question, as Explore does.
    let answer = markdown
        .find("## The answer: is there a package nobody vetoes?")
        .expect("an answer");
    let first_step = markdown.find("## 1. ").expect("step 1");
    assert!(answer < first_step, "the answer comes first");
    let page = &markdown[answer..first_step];
    let explored = stdout(&redlines(&[
        "explore",
        &example("status-quo.ron"),
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&explored).expect("json");
    assert_eq!(json["acceptable"]["count"], 0, "the example has no deal");
    assert!(
        page.contains(
            "No: under these settings, no package is acceptable to every party that must accept."
        ),
        "{page}"
    );
    // What uncertainty alone stands for, counted as Explore counts it with the box ticked.
    let hopeful = stdout(&redlines(&[
        "explore",
        &example("status-quo.ron"),
        "--uncertain-ok",
        "--format",
        "json",
    ]));
    let hopeful: serde_json::Value = serde_json::from_str(&hopeful).expect("json");
    let count = hopeful["acceptable"]["count"].as_u64().expect("a count");
    assert!(
        count > 0,
        "the example has packages once uncertainty is accepted"
    );
    assert!(
        page.contains(&format!(
            "Were uncertain red lines counted as acceptable (what the source leaves open read \
             the hopeful way), {count} packages would be acceptable."
        )),
        "{page}"
    );
    for set in json["irreconcilable"].as_array().expect("sets") {
        let titles: Vec<&str> = set["red_lines"]
            .as_array()
            .expect("lines")
            .iter()
            .map(|l| l["title"].as_str().expect("title"))
            .collect();
        if titles.len() > 1 {
            assert!(
                titles.iter().all(|t| page.contains(t)),
                "{titles:?} in {page}"
            );
        }
    }
    let fewest = json["closest"]["fewest_failing"].as_u64().expect("fewest");
    assert!(
        page.contains(&format!(
            "a deal opens only if {fewest} red lines are dropped"
        )),
        "{page}"
    );
    let concession = &json["concessions"][0];
    for line in concession["red_lines"].as_array().expect("lines") {
        assert!(page.contains(line["title"].as_str().expect("title")));
    }
    assert!(
        page.contains("(would have to give: "),
        "whose lines they are"
    );
    assert!(page.contains("The closest packages"), "{page}");
    // Every closest package is listed, or the page says how many more there are.
    let closest = json["closest"]["pareto"].as_array().expect("closest").len();
    let listed = page.matches("Failing ").count();
    if closest > listed {
        let more = closest - listed;
        assert!(page.contains(&format!("… and {more} more")), "{page}");
    } else {
        assert_eq!(listed, closest, "{page}");
    }

    // A question is printed before its answer, which starts a new page.
    let mut asked = 0;
    for (at, _) in markdown.match_indices("Question for the room: ") {
        let rest = &markdown[at..];
        let rule = rest
            .find("\n---\n")
            .expect("a page break after the question");
        let package = rest.find("### The package").expect("the package after");
        assert!(rule < package, "the question's page ends before the answer");
        asked += 1;
    }
    assert_eq!(asked, 2, "the example asks the room twice");
    let html = std::fs::read_to_string(out.join("brief.html")).expect("html");
    assert_eq!(html.matches("<hr class=\"page\">").count(), 2);
    assert!(html.contains("hr.page{border:0;break-after:page}"));

    // What changed comes first; lines uncertain only because the package is silent, last,
    // together.
    let step = &markdown[markdown.find("## 3. ").expect("step 3")..];
    let step = &step[..step.find("## 4. ").expect("step 4")];
    let headings: Vec<&str> = step
        .lines()
        .filter_map(|l| l.strip_prefix("#### "))
        .collect();
    let silent = headings
        .iter()
        .position(|h| h.contains("uncertain only because the package is silent on"))
        .expect("the silent lines, together");
    assert_eq!(silent, headings.len() - 1, "gathered last: {headings:?}");
    let flags: Vec<bool> = headings[..silent]
        .iter()
        .map(|h| h.contains(" at the step before"))
        .collect();
    assert!(flags.contains(&true), "step 3 flips lines: {headings:?}");
    assert!(
        flags.windows(2).all(|w| w[0] || !w[1]),
        "what changed leads: {headings:?}"
    );
}

#[test]
fn a_step_may_leave_its_pictures_out_of_the_brief() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(example("berlin-talks.briefing.ron")).expect("read");
    for file in [
        "status-quo.ron",
        "kremlin-demands.ron",
        "us-compromise.ron",
        "european-joint-statement.ron",
    ] {
        std::fs::copy(example(file), dir.path().join(file)).expect("copy");
    }
    // Step 2 without pictures, as the Briefing window's checkbox writes it.
    let text = text.replacen(
        "scenario: File(\"kremlin-demands.ron\"),",
        "scenario: File(\"kremlin-demands.ron\"),\n            pictures: false,",
        1,
    );
    let briefing = common::cli::write(dir.path(), "talk.briefing.ron", text);
    let out = dir.path().join("brief");
    let o = redlines(&["brief", &briefing, "--out", out.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("step-1-verdicts.png").exists());
    assert!(out.join("step-3-charts.png").exists());
    assert!(
        !out.join("step-2-verdicts.png").exists(),
        "step 2 asked for none"
    );
    assert!(!out.join("step-2-charts.png").exists());
}
