//! Long file: one entry per type and field of the file format, mirroring `types.rs`.
//! Every type of the scenario file and its fields, required or optional, with defaults: one
//! table that reports all missing fields at once, prints `redlines schema` (JSON Schema, or
//! the field reference of `docs/scenario-format.md`), and is tested against the serde types so
//! it cannot drift from them.

use serde_json::{Value, json};

use super::format::lexer::{self, Reader};
use super::validate::{Location, Problem};

/// A struct of the format (or the fields of a struct-like variant).
pub struct Type {
    pub name: &'static str,
    pub about: &'static str,
    pub fields: &'static [Field],
}

pub struct Field {
    pub name: &'static str,
    /// `None`: required. Otherwise what an absent field means.
    pub default: Option<&'static str>,
    pub shape: Shape,
    pub about: &'static str,
}

pub enum Shape {
    Text,
    Integer,
    Number,
    Bool,
    Struct(&'static Type),
    List(&'static Type),
    TextList,
    /// Position id → pick.
    Choices,
    /// One of these words.
    Word(&'static [&'static str]),
    /// One of these named variants, each with the fields of a type.
    Variants(&'static [(&'static str, &'static Type)]),
    Condition,
    ConditionList,
    /// Tiers of packages, each a list of maps of position id → pick.
    Ranking,
    Pick,
}

const fn required(name: &'static str, shape: Shape, about: &'static str) -> Field {
    Field {
        name,
        default: None,
        shape,
        about,
    }
}

const fn optional(
    name: &'static str,
    default: &'static str,
    shape: Shape,
    about: &'static str,
) -> Field {
    Field {
        name,
        default: Some(default),
        shape,
        about,
    }
}

pub static SCENARIO: Type = Type {
    name: "Scenario",
    about: "A scenario file: one pick for every position of a model.",
    fields: &[
        required(
            "format_version",
            Shape::Integer,
            "The file format's version: 1.",
        ),
        required("title", Shape::Text, "The scenario's title."),
        optional(
            "summary",
            "\"\"",
            Shape::Text,
            "What the package is, in a few lines.",
        ),
        optional("author", "none", Shape::Text, "Who wrote the scenario."),
        required(
            "model",
            Shape::Variants(&[
                ("Bundled", &BUNDLED),
                ("Inline", &MODEL),
                ("File", &MODEL_FILE),
            ]),
            "The model the scenario runs on.",
        ),
        required(
            "choices",
            Shape::Choices,
            "Position id → pick; a missing position takes its default, with a warning.",
        ),
        optional(
            "notes",
            "\"\"",
            Shape::Text,
            "The author's notes: what they chose, and why.",
        ),
        optional(
            "confrontation",
            "none",
            Shape::Struct(&CONFRONTATION),
            "The standoff the dilemmas are read from: each party's position and the threatened \
             future (`redlines dilemmas`).",
        ),
    ],
};

pub static CONFRONTATION: Type = Type {
    name: "Confrontation",
    about: "Confrontation analysis' view of the scenario: what each party proposes, and what \
            happens if nobody gives way.",
    fields: &[
        optional(
            "positions",
            "[]",
            Shape::List(&PARTY_STANCE),
            "Each party's position; a party left out has none.",
        ),
        optional(
            "threatened_future",
            "the scenario's choices",
            Shape::Struct(&STANCE),
            "What happens if nobody gives way.",
        ),
        optional(
            "notes",
            "\"\"",
            Shape::Text,
            "Whose positions these are, and how they were read.",
        ),
    ],
};

pub static PARTY_STANCE: Type = Type {
    name: "PartyStance",
    about: "One party's position: a package written here, or another scenario file's choices.",
    fields: &[
        required("party", Shape::Text, "The party's id."),
        optional(
            "package",
            "none",
            Shape::Choices,
            "Position id → pick; give this or `file`.",
        ),
        optional(
            "file",
            "none",
            Shape::Text,
            "A scenario file on the same model, relative to this one; its choices are the \
             package.",
        ),
    ],
};

pub static STANCE: Type = Type {
    name: "Stance",
    about: "A package written here, or another scenario file's choices.",
    fields: &[
        optional(
            "package",
            "none",
            Shape::Choices,
            "Position id → pick; give this or `file`.",
        ),
        optional(
            "file",
            "none",
            Shape::Text,
            "A scenario file on the same model, relative to this one; its choices are the \
             package.",
        ),
    ],
};

pub static BUNDLED: Type = Type {
    name: "Bundled",
    about: "A model shipped with the app.",
    fields: &[
        required("id", Shape::Text, "The bundled model's id."),
        required(
            "version",
            Shape::Integer,
            "The version the scenario was made on.",
        ),
    ],
};

pub static MODEL_FILE: Type = Type {
    name: "File",
    about: "A model in a file of its own.",
    fields: &[
        required("path", Shape::Text, "Relative to the scenario's file."),
        optional(
            "version",
            "none",
            Shape::Integer,
            "The model version the scenario was made on; saving writes it.",
        ),
    ],
};

pub static MODEL: Type = Type {
    name: "Model",
    about: "Who is at the table, what is on it, and where each party draws its lines.",
    fields: &[
        required("id", Shape::Text, "The model's id."),
        required("version", Shape::Integer, "The model's own version."),
        required("title", Shape::Text, "The model's title."),
        optional("description", "\"\"", Shape::Text, "What the model covers."),
        optional(
            "sources",
            "[]",
            Shape::List(&SOURCE),
            "What quotes are taken from.",
        ),
        required("parties", Shape::List(&PARTY), "At least one."),
        required("positions", Shape::List(&POSITION), "What is on the table."),
        required(
            "red_lines",
            Shape::List(&RED_LINE),
            "Where each party draws its lines.",
        ),
        optional(
            "infeasible",
            "[]",
            Shape::ConditionList,
            "Stability analysis: packages where any of these holds cannot happen.",
        ),
    ],
};

pub static SOURCE: Type = Type {
    name: "Source",
    about: "A text the model quotes.",
    fields: &[
        required("id", Shape::Text, "Quotes name it."),
        required("title", Shape::Text, "The source's title."),
        required("kind", Shape::Text, "For example \"news explainer\"."),
        required("date", Shape::Text, "As precise as the source allows."),
        optional(
            "text",
            "none",
            Shape::Text,
            "The source's text, relative to the model's file; quotes must be in it word for word.",
        ),
        optional(
            "text_inline",
            "none",
            Shape::Text,
            "The source's text written in the file itself, instead of a `text` path.",
        ),
    ],
};

pub static PARTY: Type = Type {
    name: "Party",
    about: "A party to the negotiation.",
    fields: &[
        required("id", Shape::Text, "Red lines and backers name it."),
        required("name", Shape::Text, "The party's name."),
        required("short", Shape::Text, "A short name, for badges: \"UA\"."),
        optional("colour", "a default colour", Shape::Text, "\"#rrggbb\"."),
        optional(
            "role",
            "at_the_table",
            Shape::Word(&["at_the_table", "observer"]),
            "An observer's red lines are shown but not required in the search unless named.",
        ),
        optional(
            "controls",
            "[]",
            Shape::TextList,
            "Stability analysis: the positions the party can change on its own (ids).",
        ),
        optional(
            "preferences",
            "[]",
            Shape::ConditionList,
            "Stability analysis: what the party wants, most important first.",
        ),
        optional(
            "ranking",
            "[]",
            Shape::Ranking,
            "Stability analysis, instead of preferences: packages best first, in tiers of ties.",
        ),
        optional(
            "hard_red_lines",
            "true",
            Shape::Bool,
            "Stability analysis: a package breaking its red lines ranks below all that break none.",
        ),
    ],
};

pub static POSITION: Type = Type {
    name: "Position",
    about: "Something on the table.",
    fields: &[
        required("id", Shape::Text, "Conditions and choices name it."),
        required("title", Shape::Text, "The position's title."),
        optional(
            "description",
            "\"\"",
            Shape::Text,
            "What the position is about.",
        ),
        required(
            "kind",
            Shape::Variants(&[("Choice", &CHOICE), ("Number", &NUMBER)]),
            "A choice of options, or a number.",
        ),
    ],
};

pub static CHOICE: Type = Type {
    name: "Choice",
    about: "Pick exactly one of the options.",
    fields: &[
        required("options", Shape::List(&OPTION), "At least one."),
        optional(
            "default",
            "the first option",
            Shape::Text,
            "The option a new scenario picks.",
        ),
        optional(
            "ordered",
            "false",
            Shape::Bool,
            "The options run from least to most, so conditions may compare them.",
        ),
    ],
};

pub static NUMBER: Type = Type {
    name: "Number",
    about: "Pick a number in min..=max, on the step's grid.",
    fields: &[
        required("min", Shape::Number, "The smallest value."),
        required("max", Shape::Number, "The largest value."),
        required(
            "step",
            Shape::Number,
            "Values are min, min + step, … and max.",
        ),
        optional("unit", "\"\"", Shape::Text, "Shown after the number."),
        required("default", Shape::Pick, "What a new scenario picks."),
        optional(
            "no_limit",
            "none (not allowed)",
            Shape::Text,
            "The label of \"no limit\", where it is allowed.",
        ),
        optional(
            "not_addressed",
            "none (not allowed)",
            Shape::Text,
            "The label of \"not addressed\", where a package may be silent on it.",
        ),
    ],
};

pub static OPTION: Type = Type {
    name: "Option",
    about: "One option of a choice.",
    fields: &[
        required("id", Shape::Text, "Conditions and choices name it."),
        required("label", Shape::Text, "The option's label."),
        optional("description", "\"\"", Shape::Text, "What the option means."),
        optional(
            "backed_by",
            "[]",
            Shape::TextList,
            "Party ids that propose or back it.",
        ),
        optional(
            "sources",
            "[]",
            Shape::List(&SOURCE_REF),
            "Quotes about it.",
        ),
        optional(
            "not_addressed",
            "false",
            Shape::Bool,
            "It stands for a package silent on the position.",
        ),
        optional(
            "irreversible",
            "false",
            Shape::Bool,
            "Stability analysis: once picked, no party can move away from it.",
        ),
    ],
};

pub static SOURCE_REF: Type = Type {
    name: "Quote",
    about: "Where in a source something is said.",
    fields: &[
        required("source", Shape::Text, "The source's id."),
        required("quote", Shape::Text, "Word for word from the source."),
    ],
};

pub static RED_LINE: Type = Type {
    name: "RedLine",
    about: "Where a party draws a line.",
    fields: &[
        required("id", Shape::Text, "The red line's id."),
        required("party", Shape::Text, "Whose line it is: a party id."),
        required("title", Shape::Text, "A short title."),
        required("statement", Shape::Text, "The line in plain words."),
        optional(
            "speaker",
            "\"\" (only for inferred)",
            Shape::Text,
            "Who drew the line.",
        ),
        optional(
            "source",
            "none (only for inferred)",
            Shape::Struct(&SOURCE_REF),
            "The verbatim quote it rests on.",
        ),
        required(
            "basis",
            Shape::Word(&["stated", "reported", "inferred"]),
            "Whose words the quote is.",
        ),
        optional(
            "speakers_words",
            "false",
            Shape::Bool,
            "For inferred: the quote is the speaker's own words.",
        ),
        required("breaks_when", Shape::Condition, "When the line breaks."),
        optional(
            "uncertain_when",
            "none",
            Shape::Condition,
            "Otherwise, when it is uncertain.",
        ),
        optional(
            "note",
            "none",
            Shape::Text,
            "The modeller's note; inferred lines need one.",
        ),
    ],
};

/// Every struct of the format, in the order the reference lists them.
pub static ALL: [&Type; 15] = [
    &SCENARIO,
    &CONFRONTATION,
    &PARTY_STANCE,
    &STANCE,
    &BUNDLED,
    &MODEL_FILE,
    &MODEL,
    &SOURCE,
    &PARTY,
    &POSITION,
    &CHOICE,
    &NUMBER,
    &OPTION,
    &SOURCE_REF,
    &RED_LINE,
];

/// Every required field missing anywhere in `text` (a value of type `top`), each at the
/// bracket of the struct that lacks it: one run of `check` names them all.
pub fn missing_fields(text: &str, top: &Type) -> Vec<Problem> {
    let reader = Reader::new(text);
    let mut problems = Vec::new();
    if let Some(fields) = reader.top_level() {
        check_fields(text, &reader, top, &fields, &mut problems);
    }
    // In the order of the file, as a reader meets them.
    problems.sort_by_key(|p| match p.location {
        Location::Text { line, column } => (line, column),
        _ => (0, 0),
    });
    problems
}

fn check_fields(
    text: &str,
    reader: &Reader,
    ty: &Type,
    fields: &lexer::Fields,
    problems: &mut Vec<Problem>,
) {
    for field in ty.fields {
        match fields.get(field.name) {
            None if field.default.is_none() => {
                let (line, column) = lexer::line_column(text, fields.open);
                problems.push(Problem::error(
                    Location::Text { line, column },
                    format!(
                        "missing field `{}` in this {}: {}",
                        field.name, ty.name, field.about
                    ),
                ));
            }
            None => {}
            Some(found) => check_value(text, reader, &field.shape, &found.value, problems),
        }
    }
}

fn check_value(
    text: &str,
    reader: &Reader,
    shape: &Shape,
    value: &std::ops::Range<usize>,
    problems: &mut Vec<Problem>,
) {
    match shape {
        Shape::Struct(ty) => {
            if let Some(fields) = reader.fields_of(value) {
                check_fields(text, reader, ty, &fields, problems);
            }
        }
        Shape::List(ty) => {
            for item in reader.items_of(value).unwrap_or_default() {
                if let Some(fields) = reader.fields_of(&item) {
                    check_fields(text, reader, ty, &fields, problems);
                }
            }
        }
        Shape::Variants(variants) => {
            let name = reader.name_of(value);
            if let Some((_, ty)) = variants.iter().find(|(n, _)| Some(*n) == name)
                && let Some(fields) = reader.fields_of(value)
            {
                check_fields(text, reader, ty, &fields, problems);
            }
        }
        _ => {}
    }
}

fn shape_words(shape: &Shape) -> String {
    match shape {
        Shape::Text => "text".to_owned(),
        Shape::Integer => "whole number".to_owned(),
        Shape::Number => "number".to_owned(),
        Shape::Bool => "true or false".to_owned(),
        Shape::Struct(ty) => format!("[{}](#{})", ty.name, ty.name.to_lowercase()),
        Shape::List(ty) => format!("list of [{}](#{})", ty.name, ty.name.to_lowercase()),
        Shape::TextList => "list of text".to_owned(),
        Shape::Choices => "map of position id to pick".to_owned(),
        Shape::Word(words) => words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(" or "),
        Shape::Variants(variants) => variants
            .iter()
            .map(|(n, ty)| format!("`{n}(..)`: [{}](#{})", ty.name, ty.name.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", "),
        Shape::Condition => "[condition](#conditions)".to_owned(),
        Shape::ConditionList => "list of [conditions](#conditions)".to_owned(),
        Shape::Ranking => "list of tiers, each a list of maps of position id to pick".to_owned(),
        Shape::Pick => "pick: `Option(\"id\")`, `Value(x)`, `NoLimit` or `NotAddressed`".to_owned(),
    }
}

/// The field reference, as `docs/scenario-format.md` holds it.
pub fn markdown() -> String {
    let mut out = String::from(
        "<!-- Generated by `redlines schema --format markdown`; a test keeps it in step. -->\n",
    );
    for ty in ALL {
        out += &format!("\n### {}\n\n{}\n\n", ty.name, ty.about);
        out += "| Field | Required | Default | Type | Meaning |\n|---|---|---|---|---|\n";
        for field in ty.fields {
            out += &format!(
                "| `{}` | {} | {} | {} | {} |\n",
                field.name,
                if field.default.is_none() { "yes" } else { "no" },
                field.default.unwrap_or("—"),
                shape_words(&field.shape),
                field.about
            );
        }
    }
    out
}

fn reference(ty: &Type) -> Value {
    json!({ "$ref": format!("#/$defs/{}", ty.name) })
}

fn json_shape(shape: &Shape) -> Value {
    match shape {
        Shape::Text => json!({ "type": "string" }),
        Shape::Integer => json!({ "type": "integer", "minimum": 0 }),
        Shape::Number => json!({ "type": "number" }),
        Shape::Bool => json!({ "type": "boolean" }),
        Shape::Struct(ty) => reference(ty),
        Shape::List(ty) => json!({ "type": "array", "items": reference(ty) }),
        Shape::TextList => json!({ "type": "array", "items": { "type": "string" } }),
        Shape::Choices => json!({
            "type": "object",
            "additionalProperties": { "$ref": "#/$defs/Pick" }
        }),
        Shape::Ranking => json!({
            "type": "array",
            "items": { "type": "array", "items": {
                "type": "object",
                "additionalProperties": { "$ref": "#/$defs/Pick" }
            } }
        }),
        Shape::Word(words) => json!({ "enum": words }),
        // serde's external tagging: `{ "Bundled": { ... } }`.
        Shape::Variants(variants) => json!({
            "oneOf": variants.iter().map(|(name, ty)| json!({
                "type": "object",
                "properties": { *name: reference(ty) },
                "required": [name],
                "additionalProperties": false
            })).collect::<Vec<_>>()
        }),
        Shape::Condition => json!({ "$ref": "#/$defs/Condition" }),
        Shape::ConditionList => {
            json!({ "type": "array", "items": { "$ref": "#/$defs/Condition" } })
        }
        Shape::Pick => json!({ "$ref": "#/$defs/Pick" }),
    }
}

/// The format as JSON Schema (draft 2020-12), for the JSON form of the same data (what
/// `redlines model` prints).
pub fn json_schema() -> Value {
    let mut defs = serde_json::Map::new();
    for ty in ALL {
        let properties: serde_json::Map<String, Value> = ty
            .fields
            .iter()
            .map(|f| {
                let mut shape = json_shape(&f.shape);
                if let Value::Object(o) = &mut shape {
                    o.insert("description".into(), json!(f.about));
                }
                (f.name.to_owned(), shape)
            })
            .collect();
        let required: Vec<&str> = ty
            .fields
            .iter()
            .filter(|f| f.default.is_none())
            .map(|f| f.name)
            .collect();
        defs.insert(
            ty.name.to_owned(),
            json!({
                "type": "object",
                "description": ty.about,
                "properties": properties,
                "required": required,
                "additionalProperties": false
            }),
        );
    }
    let tuple =
        |items: Vec<Value>| json!({ "type": "array", "prefixItems": items, "items": false });
    let text = json!({ "type": "string" });
    let number = json!({ "type": "number" });
    let conditions = json!({ "$ref": "#/$defs/Condition" });
    let variant = |name: &str, value: Value| json!({ "type": "object", "properties": { name: value }, "required": [name], "additionalProperties": false });
    defs.insert(
        "Condition".into(),
        json!({ "oneOf": [
            variant("Is", tuple(vec![text.clone(), text.clone()])),
            variant("OneOf", tuple(vec![text.clone(), json!({ "type": "array", "items": text })])),
            variant("OptionAtLeast", tuple(vec![text.clone(), text.clone()])),
            variant("OptionAtMost", tuple(vec![text.clone(), text.clone()])),
            variant("Below", tuple(vec![text.clone(), number.clone()])),
            variant("AtLeast", tuple(vec![text.clone(), number.clone()])),
            variant("Between", tuple(vec![text.clone(), number.clone(), number.clone()])),
            variant("NoLimit", text.clone()),
            variant("Not", conditions.clone()),
            variant("All", json!({ "type": "array", "items": conditions })),
            variant("Any", json!({ "type": "array", "items": conditions })),
            variant("AtLeastOf", tuple(vec![json!({ "type": "integer", "minimum": 0 }), json!({ "type": "array", "items": conditions })])),
            variant("AtMostOf", tuple(vec![json!({ "type": "integer", "minimum": 0 }), json!({ "type": "array", "items": conditions })])),
        ]}),
    );
    defs.insert(
        "Pick".into(),
        json!({ "oneOf": [
            variant("Option", text),
            variant("Value", number),
            { "enum": ["NoLimit", "NotAddressed"] }
        ]}),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Red Lines scenario",
        "$ref": "#/$defs/Scenario",
        "$defs": defs
    })
}
