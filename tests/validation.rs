mod common;

use common::{SMALL_SCENARIO, problems};
use redlines::model::format::{MAX_FILE_BYTES, parse_scenario, parse_scenario_bytes};
use redlines::model::{Pick, Severity};

fn with(from: &str, to: &str) -> String {
    assert!(
        SMALL_SCENARIO.contains(from),
        "test setup: {from:?} not in the scenario"
    );
    SMALL_SCENARIO.replacen(from, to, 1)
}

fn assert_one_like(problems: &[String], needle: &str) {
    assert!(
        problems.iter().any(|p| p.contains(needle)),
        "expected a problem containing {needle:?}, got {problems:#?}"
    );
}

#[test]
fn unknown_party_is_named_with_its_path() {
    let p = problems(&with(
        r#"party: "a", title: "Not blue""#,
        r#"party: "zz", title: "Not blue""#,
    ));
    assert_one_like(
        &p,
        r#"model.red_lines[a_not_blue].party: unknown party "zz" (known: a, b)"#,
    );
}

#[test]
fn unknown_position_in_a_condition() {
    let p = problems(&with(r#"Below("cap", 40.0)"#, r#"Below("kap", 40.0)"#));
    assert_one_like(
        &p,
        r#"model.red_lines[b_cap].breaks_when: unknown position "kap""#,
    );
}

#[test]
fn unknown_option_in_a_condition_and_in_a_choice() {
    let p = problems(&with(
        r#"Is("colour", "blue")"#,
        r#"Is("colour", "purple")"#,
    ));
    assert_one_like(&p, r#"position "colour" has no option "purple""#);
    let p = problems(&with(
        r#""colour": Option("red")"#,
        r#""colour": Option("pink")"#,
    ));
    assert_one_like(&p, r#"choices[colour]: unknown option "pink""#);
}

#[test]
fn unknown_position_in_choices() {
    let p = problems(&with(
        r#""cap": Value(50.0),"#,
        r#""cap": Value(50.0), "hat": Option("x"),"#,
    ));
    assert_one_like(&p, r#"choices[hat]: unknown position "hat""#);
}

#[test]
fn duplicate_ids() {
    let p = problems(&with(
        r#"(id: "b", name: "Beta""#,
        r#"(id: "a", name: "Beta""#,
    ));
    assert_one_like(&p, r#"model.parties: duplicate party id "a""#);
    let p = problems(&with(
        r#"(id: "green", label: "Green")"#,
        r#"(id: "red", label: "Green")"#,
    ));
    assert_one_like(
        &p,
        r#"model.positions[colour].options: duplicate option id "red""#,
    );
}

#[test]
fn number_out_of_range() {
    let p = problems(&with(r#""cap": Value(50.0)"#, r#""cap": Value(150.0)"#));
    assert_one_like(&p, "choices[cap]: 150 is out of range 0..=100");
}

#[test]
fn no_limit_where_not_allowed() {
    let p = problems(&with(r#", no_limit: "No cap""#, ""));
    assert_one_like(&p, r#"position "cap" does not allow "no limit""#);
}

#[test]
fn condition_on_the_wrong_kind_of_position() {
    let p = problems(&with(r#"Below("cap", 40.0)"#, r#"Below("colour", 40.0)"#));
    assert_one_like(
        &p,
        r#""colour" is a choice position, but this condition compares a number"#,
    );
    let p = problems(&with(r#"Is("colour", "blue")"#, r#"Is("cap", "blue")"#));
    assert_one_like(
        &p,
        r#""cap" is a number position, but this condition names an option"#,
    );
}

#[test]
fn missing_choice_is_filled_with_the_default_and_said() {
    let loaded = common::load(&with(r#""cap": Value(50.0),"#, ""));
    assert_eq!(loaded.document.pick("cap"), Some(&Pick::Value(50.0)));
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].severity, Severity::Warning);
    assert_eq!(
        loaded.warnings[0].to_string(),
        "choices[cap]: warning: no choice for this position; using the default, 50 units"
    );
}

#[test]
fn all_problems_are_collected_not_just_the_first() {
    let text = with(
        r#"party: "a", title: "Not blue""#,
        r#"party: "zz", title: "Not blue""#,
    )
    .replacen(r#"Below("cap", 40.0)"#, r#"Below("kap", 40.0)"#, 1)
    .replacen(
        r#"(source: "src", quote: "q")"#,
        r#"(source: "nope", quote: "q")"#,
        1,
    );
    let p = problems(&text);
    assert_eq!(p.len(), 3, "{p:#?}");
}

#[test]
fn parse_errors_give_line_column_and_what_was_expected() {
    // Truncated in the middle of the choices.
    let cut = &SMALL_SCENARIO[..SMALL_SCENARIO.find(r#""cap": Value"#).expect("setup")];
    let p = problems(cut);
    assert_eq!(p.len(), 1);
    assert_eq!(
        p,
        vec!["35:33: Expected string, but the file ends here: is it cut short?".to_owned()]
    );

    // Wrong type: a string where a number is expected.
    let p = problems(&with("max: 100.0", r#"max: "lots""#));
    assert_eq!(p, vec!["19:67: Expected float".to_owned()]);

    // A misspelt field names the fields that were expected.
    let p = problems(&with("title: \"Small\"", "titel: \"Small\""));
    assert!(p[0].starts_with("3:5: "), "{p:?}");
    assert!(p[0].contains("titel") && p[0].contains("`title`"), "{p:?}");
}

#[test]
fn newer_format_is_refused_before_reading_the_rest() {
    // Version 2 may have fields this build does not know; it must say "newer", not "unknown field".
    let text = with(
        "format_version: 1,",
        "format_version: 2, shiny_new_field: (a: 1),",
    );
    let p = problems(&text);
    assert_eq!(p, vec!["format_version: this file uses format version 2, but this build of Red Lines reads up to version 1; open it with a newer Red Lines".to_owned()]);
}

#[test]
fn empty_and_whitespace_files_are_refused_plainly() {
    for text in ["", "  \n\t\n"] {
        let p = problems(text);
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("the file is empty"), "{p:?}");
    }
}

#[test]
fn non_utf8_is_refused_with_its_position() {
    let mut bytes = b"(\n  title: \"".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    let p = parse_scenario_bytes(&bytes)
        .map(|_| ())
        .expect_err("must be refused");
    assert_eq!(
        p[0].to_string(),
        "2:11: the file is not valid UTF-8 text; scenario files are RON text in UTF-8"
    );
}

#[test]
fn oversize_files_are_refused_before_parsing() {
    let bytes = vec![b' '; MAX_FILE_BYTES + 1];
    let p = parse_scenario_bytes(&bytes)
        .map(|_| ())
        .expect_err("must be refused");
    assert!(p[0].to_string().contains("too large"), "{}", p[0]);
    assert!(p[0].to_string().contains("10,485,761 bytes"), "{}", p[0]);
}

#[test]
fn deep_nesting_is_refused_without_a_crash() {
    let deep = format!(
        "{}Is(\"colour\", \"blue\"){}",
        "Not(".repeat(5000),
        ")".repeat(5000)
    );
    let text = with(r#"Is("colour", "blue")"#, &deep);
    let p = problems(&text);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].contains("conditions may nest at most 64 levels"),
        "{p:?}"
    );
}

#[test]
fn unknown_bundled_model_or_version() {
    let text = r#"(format_version: 1, title: "t", model: Bundled(id: "berlin-2025-12", version: 99), choices: {})"#;
    let p = problems(text);
    assert!(p[0].starts_with(r#"model: this scenario needs version 99 of the bundled model "berlin-2025-12", which is newer than this build's version 2"#), "{p:?}");
    let text = text.replace("berlin-2025-12", "berlin-2099");
    let p = problems(&text);
    assert!(
        p[0].starts_with(
            r#"model: no bundled model "berlin-2099"; this build has "berlin-2025-12" version 2"#
        ),
        "{p:?}"
    );
}

#[test]
fn a_valid_file_has_no_problems() {
    let loaded = parse_scenario(SMALL_SCENARIO).expect("valid");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn a_modeller_is_warned_of_a_bound_outside_the_range_and_an_inferred_line_without_a_note() {
    let text = with(
        "breaks_when: Below(\"cap\", 40.0))",
        "breaks_when: Below(\"cap\", 400.0))",
    )
    .replacen(
        "\n             note: \"The modeller's reading of B's notes.\"",
        "",
        1,
    );
    let loaded = redlines::model::format::parse_scenario(&text).expect("warnings, not errors");
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "model.red_lines[b_cap].breaks_when: warning: the bound 400 is outside the position's range 0–100"
        )),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "model.red_lines[b_red_needs_limit].note: warning: an inferred red line is the modeller's reading"
        )),
        "{warnings:?}"
    );
}

#[test]
fn an_inferred_line_may_rest_on_its_note_alone_but_a_stated_one_needs_its_quote_and_speaker() {
    // Inferred: no speaker and no quote, only the note.
    let text = with(
        r#"speaker: "B",
             source: (source: "src", quote: "q"), basis: inferred,"#,
        "basis: inferred,",
    );
    let loaded = redlines::model::format::parse_scenario(&text).expect("it loads");
    let line = loaded
        .document
        .model
        .red_line("b_red_needs_limit")
        .expect("the line")
        .clone();
    assert!(line.source.is_none() && line.speaker.is_empty());
    // Without its note too, it rests on nothing.
    let p = problems(&text.replacen(
        "\n             note: \"The modeller's reading of B's notes.\"",
        "",
        1,
    ));
    assert_one_like(
        &p,
        "model.red_lines[b_red_needs_limit].note: an inferred red line without a quote rests on its note alone",
    );
    // A stated line without its quote, or its speaker, is refused.
    let p = problems(&with(
        r#"speaker: "A's leader",
             source: (source: "src", quote: "never blue"), basis: stated,"#,
        "basis: stated,",
    ));
    assert_one_like(
        &p,
        "model.red_lines[a_not_blue].source: a stated red line needs the verbatim quote it rests on",
    );
    assert_one_like(
        &p,
        "model.red_lines[a_not_blue].speaker: a stated red line names who drew it",
    );
}

#[test]
fn ordered_options_are_compared_only_where_declared_ordered() {
    let compare = with(
        r#"breaks_when: Is("colour", "blue")"#,
        r#"breaks_when: OptionAtLeast("colour", "green")"#,
    );
    let p = problems(&compare);
    assert_one_like(
        &p,
        r#"model.red_lines[a_not_blue].breaks_when: options of "colour" can be compared only if the position declares them ordered"#,
    );
    let ordered = compare.replacen(
        r#"kind: Choice(options: ["#,
        r#"kind: Choice(ordered: true, options: ["#,
        1,
    );
    let loaded = redlines::model::format::parse_scenario(&ordered).expect("ordered, it loads");
    let verdict = |colour: &str| {
        let mut choices = loaded.document.scenario.choices.clone();
        choices.insert("colour".into(), Pick::Option(colour.into()));
        redlines::model::evaluate(&loaded.document.model, &choices)
            .verdict_of("a_not_blue")
            .expect("the line")
            .verdict
    };
    use redlines::model::Verdict;
    assert_eq!(verdict("red"), Verdict::Holds);
    assert_eq!(verdict("green"), Verdict::Breaks);
    assert_eq!(verdict("blue"), Verdict::Breaks);
    let p = problems(&ordered.replacen(
        r#"OptionAtLeast("colour", "green")"#,
        r#"OptionAtLeast("colour", "grey")"#,
        1,
    ));
    assert_one_like(&p, r#"position "colour" has no option "grey""#);
}

#[test]
fn a_count_that_is_always_or_never_true_is_a_warning() {
    let text = with(
        r#"breaks_when: Is("colour", "blue")"#,
        r#"breaks_when: AtLeastOf(3, [Is("colour", "blue"), Below("cap", 10.0)])"#,
    );
    let loaded = redlines::model::format::parse_scenario(&text).expect("a warning, not an error");
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains(
            "a_not_blue].breaks_when.AtLeastOf: warning: AtLeastOf(3, …) over 2 conditions is always false"
        )),
        "{warnings:?}"
    );
}

/// A misquote gets the nearest words in its source, but a file of many gets ten at most: each
/// search takes time, and a received file must not make a check slow.
#[test]
fn suggestions_for_misquotes_are_bounded_in_number() {
    let text =
        redlines::model::bundled::example_text("riverside-opening-offer.ron").expect("bundled");
    let loaded = redlines::model::bundled::parse_example(text).expect("the example opens");
    let mut model = (*loaded.document.model).clone();
    let quoted = model
        .red_lines
        .iter()
        .find(|r| r.source.is_some())
        .expect("a quoted line")
        .clone();
    model.red_lines.clear();
    for n in 0..15 {
        let mut line = quoted.clone();
        line.id = format!("line{n}");
        if let Some(source) = &mut line.source {
            // One letter dropped: one typo off.
            source.quote.remove(1);
        }
        model.red_lines.push(line);
    }
    let problems = redlines::model::validate::validate_model(&model, "model");
    let misquoted = problems
        .iter()
        .filter(|p| p.message.contains("not word for word"))
        .count();
    let suggested = problems
        .iter()
        .filter(|p| p.message.contains("the nearest words in it are"))
        .count();
    assert_eq!(misquoted, 15, "every misquote is reported");
    assert_eq!(suggested, 10, "ten of them with a suggestion");
}

#[test]
fn a_red_line_no_package_can_break_is_warned_of_and_the_file_still_opens() {
    let text = with(
        r#"breaks_when: Is("colour", "blue"), uncertain_when"#,
        r#"breaks_when: All([Is("colour", "blue"), Is("colour", "red")]), uncertain_when"#,
    );
    let loaded = parse_scenario(&text).expect("a warning, not an error");
    let warned: Vec<String> = loaded
        .warnings
        .iter()
        .filter(|w| w.message.contains("no package can break this red line"))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(warned.len(), 1, "{:?}", loaded.warnings);
    assert!(
        warned[0].contains("red_lines[a_not_blue].breaks_when"),
        "{warned:?}"
    );
    // A line some package breaks is not warned of.
    let fine = parse_scenario(SMALL_SCENARIO).expect("valid");
    assert!(
        fine.warnings
            .iter()
            .all(|w| !w.message.contains("no package can break"))
    );
}
