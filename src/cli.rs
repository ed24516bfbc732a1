//! The command line: `redlines [FILE]` opens the app; subcommands work headless on the same model.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::cli_explore::ExploreOptions;
use crate::model::bundled;
use crate::model::format::lexer::count_comments;
use crate::model::format::{Loaded, parse_scenario, save_text};
use crate::model::generate::{Shape, synthetic_scenario};
use crate::model::io::{FileError, format_problem, is_briefing, load_scenario, write_file};
use crate::model::report::Report;
use crate::model::text::one_line;
use crate::model::types::format_number;

#[derive(Debug, Parser)]
#[command(
    name = "redlines",
    version,
    about = "Explore negotiation scenarios: which parties' red lines a package breaks, why, and in whose words.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A scenario file, or a briefing (`*.briefing.ron`), to open in the app; or a link with a
    /// scenario in it (`https://…#scenario=…`, as File → Copy link makes).
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How the window opens: for a reproducible slide, every one of these can be given.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct WindowArgs {
    /// Save a PNG of the window once the first frames are drawn, then exit.
    #[arg(long, value_name = "PNG")]
    pub screenshot: Option<PathBuf>,
    /// The window's size in pixels, e.g. 1920x1080; the remembered size is ignored.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<[f32; 2]>,
    /// Light or dark, for this run.
    #[arg(long, value_enum)]
    pub theme: Option<ThemeChoice>,
    /// The zoom factor, e.g. 2 for 200%.
    #[arg(long, value_name = "F", value_parser = parse_zoom)]
    pub zoom: Option<f32>,
    /// Start presenting at this step (1 is the first): the briefing given as FILE, or the
    /// scenario alone.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub step: Option<u32>,
    /// A crash copy that another window hands over, restored in this new window (only a copy
    /// in the app's own autosave folder is).
    #[arg(long, value_name = "COPY", hide = true)]
    pub restore_copy: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeChoice {
    Light,
    Dark,
}

fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WIDTHxHEIGHT, e.g. 1920x1080, not {text:?}"))?;
    let number = |t: &str| {
        t.trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (200..=10_000).contains(n))
            .map(f32::from)
            .ok_or_else(|| format!("{t:?} is not a size from 200 to 10000 pixels"))
    };
    Ok([number(w)?, number(h)?])
}

fn parse_zoom(text: &str) -> Result<f32, String> {
    text.trim()
        .parse::<f32>()
        .ok()
        .filter(|z| (0.5..=4.0).contains(z))
        .ok_or_else(|| format!("expected a zoom from 0.5 to 4, not {text:?}"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate scenario files. Exit 0 if all are valid, 1 if any is not.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the verdict of every red line, grouped by party, with the reasons.
    Evaluate {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Rewrite scenario files in the canonical layout, so they diff well. The canonical layout
    /// has no comments: a file with comments is left alone unless --force is given.
    Format {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 if any file is not in canonical form.
        #[arg(long)]
        check: bool,
        /// Format files even when that removes their comments.
        #[arg(long)]
        force: bool,
    },
    /// Search the deal space: acceptable packages, or what stands in the way and what must give.
    Explore {
        file: PathBuf,
        #[command(flatten)]
        options: ExploreOptions,
    },
    /// Stability analysis (the graph model for conflict resolution): for the scenario's package
    /// and every other, whether each party would move away on its own (Nash) or be deterred
    /// (GMR, SMR, SEQ); the equilibria, and the paths of improvements to them. Parties need
    /// `controls` in the model to move at all.
    Stability {
        file: PathBuf,
        #[command(flatten)]
        options: crate::cli_stability::StabilityOptions,
    },
    /// Print a reproducible synthetic scenario, with its model inline, for benchmarks and tests.
    GenerateModel {
        #[arg(long, default_value_t = 24)]
        positions: usize,
        #[arg(long, default_value_t = 3)]
        options: usize,
        #[arg(long, default_value_t = 60)]
        red_lines: usize,
        #[arg(long, default_value_t = 4)]
        parties: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Compare two scenarios: the choices that differ, the red lines whose verdict changed, and
    /// each party's counts before and after.
    Compare {
        /// The scenario before: the comparison's starting point.
        before: PathBuf,
        /// The scenario after.
        after: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Write a handout for a briefing (`*.briefing.ron`) or one scenario: Markdown and a
    /// self-contained HTML page in DIR, with PNG pictures of each step's cards and charts beside
    /// them (drawn off screen: no display needed).
    Brief {
        /// A briefing (`*.briefing.ron`) or a scenario.
        file: PathBuf,
        /// The folder to write into, made if missing.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Text only: no pictures (faster, and needs no graphics adapter).
        #[arg(long)]
        no_pictures: bool,
        /// Replace files in DIR that an earlier handout did not write (or that were changed
        /// since), and links there (the link itself, never the file it points to).
        #[arg(long)]
        force: bool,
    },
    /// Print a link that carries the scenario (as File → Copy link makes): it opens in the web
    /// build at BASE, and in the desktop app with `redlines 'LINK'`. Nothing is uploaded: the
    /// scenario is inside the link.
    Link {
        file: PathBuf,
        /// The address the web build is served from.
        #[arg(long, default_value = "")]
        base: String,
    },
    /// Print a model: the bundled one, or the one FILE runs on.
    Model {
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ModelFormat::Text)]
        format: ModelFormat,
    },
    /// Print the scenario format: every type and field, required or optional, with defaults.
    /// As JSON Schema (of the JSON form of the data, as `model --format json` prints it), or as
    /// the field reference of docs/scenario-format.md.
    Schema {
        #[arg(long, value_enum, default_value_t = SchemaFormat::Json)]
        format: SchemaFormat,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExploreFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModelFormat {
    Text,
    Json,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => run_app(cli.file, cli.window),
        Some(command) => run_command(command),
    }
}

#[cfg(feature = "app")]
fn run_app(file: Option<PathBuf>, window: WindowArgs) -> ExitCode {
    match crate::ui::run_native(file, window) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("redlines: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "app"))]
fn run_app(_file: Option<PathBuf>, _window: WindowArgs) -> ExitCode {
    eprintln!("redlines: this build has no window (built without the `app` feature)");
    ExitCode::from(2)
}

/// Runs one headless command, writing to stdout and stderr.
pub fn run_command(command: Command) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = match command {
        Command::Check { files } => check(&files),
        Command::Evaluate { file, format } => evaluate(&file, format, &mut out),
        Command::Format {
            files,
            check,
            force,
        } => format_files(&files, check, force),
        Command::Explore { file, options } => {
            crate::cli_explore::explore(&file, &options, &mut out)
        }
        Command::Stability { file, options } => {
            crate::cli_stability::stability(&file, &options, &mut out)
        }
        Command::GenerateModel {
            positions,
            options,
            red_lines,
            parties,
            seed,
        } => {
            let shape = Shape {
                positions,
                options,
                red_lines,
                parties,
                seed,
            };
            match generate(shape) {
                Ok(text) => write_out(&mut out, &text),
                Err(problems) => {
                    for problem in problems {
                        eprintln!("redlines: cannot generate this model: {problem}");
                    }
                    ExitCode::from(2)
                }
            }
        }
        Command::Model { file, format } => print_model(file.as_deref(), format, &mut out),
        Command::Link { file, base } => match load_reporting(&file) {
            Some(loaded) => match crate::model::link::to_link(&base, &loaded.document) {
                Ok(link) => write_out(&mut out, &format!("{link}\n")),
                Err(e) => {
                    eprintln!("redlines: {}: {e}", file.display());
                    ExitCode::FAILURE
                }
            },
            None => ExitCode::FAILURE,
        },
        Command::Schema { format } => {
            let text = match format {
                SchemaFormat::Json => {
                    let schema = crate::model::schema::json_schema();
                    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
                }
                SchemaFormat::Markdown => crate::model::schema::markdown(),
            };
            match out.write_all(text.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::FAILURE,
            }
        }
        Command::Compare {
            before,
            after,
            format,
        } => compare(&before, &after, format, &mut out),
        Command::Brief {
            file,
            out: dir,
            no_pictures,
            force,
        } => brief(&file, &dir, !no_pictures, force),
    };
    let _ = out.flush();
    code
}

pub(crate) fn load_reporting(path: &Path) -> Option<Loaded> {
    match load_scenario(path) {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                eprintln!("{}", format_problem(path, warning));
            }
            Some(loaded)
        }
        Err(e) => {
            report_error(&e);
            None
        }
    }
}

fn report_error(e: &FileError) {
    for line in e.lines() {
        eprintln!("{line}");
    }
}

/// Whether a path names a briefing rather than a scenario.
fn load_briefing_reporting(
    path: &Path,
) -> Option<(
    crate::model::briefing::LoadedBriefing,
    Vec<crate::model::Document>,
)> {
    crate::model::io::load_briefing(path)
        .map_err(|e| report_error(&e))
        .ok()
}

fn check(files: &[PathBuf]) -> ExitCode {
    let mut all_valid = true;
    for file in files {
        all_valid &= if is_briefing(file) {
            load_briefing_reporting(file).is_some()
        } else {
            load_reporting(file).is_some()
        };
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn evaluate(file: &Path, format: ReportFormat, out: &mut impl Write) -> ExitCode {
    let Some(loaded) = load_reporting(file) else {
        return ExitCode::FAILURE;
    };
    let document = &loaded.document;
    let report = Report::new(document, &document.evaluate());
    let text = match format {
        ReportFormat::Text => report.to_text(),
        ReportFormat::Json => report.to_json() + "\n",
        ReportFormat::Markdown => report.to_markdown(),
    };
    write_out(out, &text)
}

fn format_files(files: &[PathBuf], check_only: bool, force: bool) -> ExitCode {
    let mut ok = true;
    for file in files {
        let Some(loaded) = load_reporting(file) else {
            ok = false;
            continue;
        };
        let name = one_line(&file.to_string_lossy()).into_owned();
        let canonical = match save_text(&loaded.document.scenario, None) {
            // A byte-order mark is the file's encoding, not its layout: it stays.
            Ok(saved) if loaded.text.starts_with('\u{feff}') => format!("\u{feff}{}", saved.text),
            Ok(saved) => saved.text,
            Err(problem) => {
                eprintln!("{}", format_problem(file, &problem));
                ok = false;
                continue;
            }
        };
        if *loaded.text == canonical {
            continue;
        }
        let comments = count_comments(&loaded.text);
        let comments_words = match comments {
            1 => "1 comment".to_owned(),
            n => format!("{n} comments"),
        };
        if check_only {
            let advice = if comments > 0 {
                format!("its {comments_words} would be removed by `redlines format --force`")
            } else {
                "run `redlines format` on it".to_owned()
            };
            eprintln!("{name}: not in canonical form; {advice}");
            ok = false;
        } else if comments > 0 && !force {
            eprintln!(
                "{name}: has {comments_words}, which the canonical layout would remove; nothing was \
                 changed. Run `redlines format --force` to format it anyway"
            );
            ok = false;
        } else if let Err(e) = write_file(file, canonical.as_bytes()) {
            report_error(&e);
            ok = false;
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A synthetic scenario as text, checked the way `check` would: never one we would refuse.
fn generate(shape: Shape) -> Result<String, Vec<String>> {
    if shape.positions == 0 || shape.options == 0 || shape.parties == 0 {
        return Err(vec![
            "--positions, --options and --parties must each be at least 1".to_owned(),
        ]);
    }
    let text = save_text(&synthetic_scenario(shape), None)
        .map_err(|p| vec![p.to_string()])?
        .text;
    if let Err(problems) = parse_scenario(&text) {
        return Err(problems.iter().map(ToString::to_string).collect());
    }
    Ok(text)
}

fn compare(before: &Path, after: &Path, format: ReportFormat, out: &mut impl Write) -> ExitCode {
    if let Some(briefing) = [before, after].into_iter().find(|p| is_briefing(p)) {
        eprintln!(
            "{}: a briefing, not a scenario: compare takes two scenario files (a briefing's \
             steps name theirs; a compare step shows the comparison when presenting)",
            one_line(&briefing.to_string_lossy())
        );
        return ExitCode::from(2);
    }
    let (Some(a), Some(b)) = (load_reporting(before), load_reporting(after)) else {
        return ExitCode::FAILURE;
    };
    let comparison = crate::model::compare::compare(&a.document, &b.document);
    let text = match format {
        ReportFormat::Text => comparison.to_text(),
        ReportFormat::Json => comparison.to_json() + "\n",
        ReportFormat::Markdown => comparison.to_markdown(),
    };
    write_out(out, &text)
}

/// Draws each step's pictures into the brief; without a graphics adapter the brief goes out
/// without them, and says so.
fn add_pictures(brief: &mut crate::model::brief::Brief<'_>) {
    #[cfg(feature = "app")]
    let drawn = crate::ui::pictures::add_to(brief);
    #[cfg(not(feature = "app"))]
    let drawn: Result<(), String> = {
        let _ = brief;
        Err("built without the app".to_owned())
    };
    if let Err(why) = drawn {
        eprintln!("redlines: the brief goes out without pictures: {why}");
    }
}

fn brief(file: &Path, dir: &Path, pictures: bool, force: bool) -> ExitCode {
    use crate::model::brief::Brief;
    let (title, summary, steps) = if is_briefing(file) {
        let Some((loaded, documents)) = load_briefing_reporting(file) else {
            return ExitCode::FAILURE;
        };
        let briefing = loaded.briefing;
        let steps: Vec<(crate::model::briefing::Step, crate::model::Document)> =
            briefing.steps.iter().cloned().zip(documents).collect();
        (briefing.title, briefing.summary, steps)
    } else {
        let Some(loaded) = load_reporting(file) else {
            return ExitCode::FAILURE;
        };
        let doc = loaded.document;
        (
            doc.scenario.title.clone(),
            String::new(),
            vec![(crate::model::briefing::Step::inline(&doc), doc)],
        )
    };
    let mut brief = Brief::new(title, summary, &steps);
    if pictures {
        add_pictures(&mut brief);
    }
    if let Err(e) = crate::model::io::write_brief(dir, &brief, force) {
        report_error(&e);
        return ExitCode::FAILURE;
    }
    eprintln!(
        "redlines: wrote {} in {}",
        if brief.steps.iter().any(|s| !s.pictures.is_empty()) {
            "brief.md, brief.html and the pictures beside them"
        } else {
            "brief.md and brief.html"
        },
        one_line(&dir.to_string_lossy())
    );
    ExitCode::SUCCESS
}

fn print_model(file: Option<&Path>, format: ModelFormat, out: &mut impl Write) -> ExitCode {
    let model = match file {
        Some(path) => match load_reporting(path) {
            Some(loaded) => loaded.document.model,
            None => return ExitCode::FAILURE,
        },
        None => bundled::default_model(),
    };
    let text = match format {
        ModelFormat::Json => {
            let json = serde_json::to_string_pretty(&*model).unwrap_or_default();
            crate::model::text::json_safe(&json).into_owned() + "\n"
        }
        ModelFormat::Text => {
            let t = |s: &str| one_line(s).into_owned();
            let mut s = format!(
                "{} ({} version {})\n{}\n\nParties:\n",
                t(&model.title),
                t(&model.id),
                model.version,
                crate::model::text::multi_line(&model.description)
            );
            for p in &model.parties {
                s += &format!("  {:<4} {}\n", t(&p.short), t(&p.name));
            }
            s += "\nPositions:\n";
            for p in &model.positions {
                s += &format!("  {}: {}\n", t(&p.id), t(&p.title));
                match &p.kind {
                    crate::model::PositionKind::Choice { options, .. } => {
                        for o in options {
                            let silent = if o.not_addressed {
                                " (not addressed)"
                            } else {
                                ""
                            };
                            s += &format!("      {}: {}{silent}\n", t(&o.id), t(&o.label));
                        }
                    }
                    crate::model::PositionKind::Number(spec) => {
                        let unit = if spec.unit.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", t(&spec.unit))
                        };
                        s += &format!(
                            "      from {} to {}{unit}, in steps of {}\n",
                            format_number(spec.min),
                            format_number(spec.max),
                            format_number(spec.step)
                        );
                        if let Some(label) = &spec.no_limit {
                            s += &format!("      or no limit: {}\n", t(label));
                        }
                        if let Some(label) = &spec.not_addressed {
                            s += &format!("      or not addressed: {}\n", t(label));
                        }
                    }
                }
            }
            s += "\nRed lines:\n";
            for r in &model.red_lines {
                s += &format!(
                    "  {} [{}] {} ({}, {})\n",
                    t(&r.id),
                    t(&r.party),
                    t(&r.title),
                    r.basis.as_str(),
                    t(&r.speaker)
                );
            }
            s
        }
    };
    write_out(out, &text)
}

pub(crate) fn write_out(out: &mut impl Write, text: &str) -> ExitCode {
    match out.write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (e.g. `| head`) is not worth a panic.
        Err(_) => ExitCode::FAILURE,
    }
}
