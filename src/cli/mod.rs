//! The command line: `redlines [FILE]` opens the app; subcommands work headless on the same model.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod brief;
mod dilemmas;
mod evaluate;
pub mod explore;
mod files;
mod inverse;
mod output;
pub mod stability;
mod watch;

use crate::model::generate::Shape;
use explore::ExploreOptions;
use output::{ReportFormat, SchemaFormat, TextOrJson, load_reporting, write_out};

#[derive(Debug, Parser)]
#[command(
    name = "redlines",
    version,
    about = "Explore negotiation scenarios: which parties' red lines a package breaks, why, and in whose words.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A scenario file, or a briefing (`*.briefing.ron`), to open in the app; or a link with a
    /// scenario in it (`https://…#scenario=…`, as File → Copy link makes); or a live room's
    /// join link (`http://host:port/#room=ABCD-EFGH`) to follow it.
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
    /// Quit once this many frames are drawn (`scripts/launch.sh` times start-up with it).
    #[arg(long, value_name = "N", hide = true)]
    pub quit_after_frames: Option<u64>,
}

impl WindowArgs {
    /// The window's start, as the UI takes it, opening `file` (a scenario, a briefing or a link).
    #[cfg(feature = "app")]
    fn startup(self, file: Option<PathBuf>) -> crate::ui::startup::Startup {
        crate::ui::startup::Startup {
            open: file,
            screenshot: self.screenshot,
            size: self.size,
            dark: self.theme.map(|theme| theme == ThemeChoice::Dark),
            zoom: self.zoom,
            present_from: self
                .step
                .map(|step| usize::try_from(step).unwrap_or(1).saturating_sub(1)),
            restore_copy: self.restore_copy,
            quit_after_frames: self.quit_after_frames,
        }
    }
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
    /// Serve the web build and host live rooms over WebSocket: an audience following a
    /// briefing, or a class negotiating with private briefs. Runs until Ctrl+C.
    Serve {
        /// The port to listen on; 0 picks a free one (the address is printed on start).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on: 0.0.0.0 to take connections from the whole network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The web build to serve (`scripts/build-web.sh target/site` makes it).
        #[arg(long, value_name = "DIR")]
        site: Option<PathBuf>,
        /// Where rooms are kept (each room's log); `$XDG_DATA_HOME/redlines/rooms` unless given.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Rooms the server holds at most.
        #[arg(long, default_value_t = 200)]
        max_rooms: usize,
        /// People in one room at most.
        #[arg(long, default_value_t = 1000)]
        max_members: usize,
    },
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
    /// The dilemmas of the confrontation the scenario describes (confrontation analysis):
    /// what undermines each party's stance, from the parties' positions, the threatened future
    /// and their preferences, each in one sentence with the red lines that decide it.
    Dilemmas {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
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
        options: stability::StabilityOptions,
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
        /// Positions each party controls (dealt in turn), for the stability analysis.
        #[arg(long, default_value_t = 0)]
        controls: usize,
        /// Random preferences per party, for the stability analysis.
        #[arg(long, default_value_t = 0)]
        preferences: usize,
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
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Print the scenario format: every type and field, required or optional, with defaults.
    /// As JSON Schema (of the JSON form of the data, as `model --format json` prints it), or as
    /// the field reference of docs/scenario-format.md.
    Schema {
        #[arg(long, value_enum, default_value_t = SchemaFormat::Json)]
        format: SchemaFormat,
    },
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
    match crate::ui::app::run_native(window.startup(file)) {
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
        Command::Serve {
            port,
            bind,
            site,
            data,
            max_rooms,
            max_members,
        } => {
            let options = crate::server::Options {
                bind,
                port,
                site,
                data: data.unwrap_or_else(crate::server::default_data_dir),
                limits: crate::server::Limits {
                    rooms: max_rooms,
                    members: max_members,
                    ..crate::server::Limits::default()
                },
            };
            match crate::server::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("redlines serve: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { files } => files::check(&files),
        Command::Evaluate { file, format } => evaluate::evaluate(&file, format, &mut out),
        Command::Dilemmas { file, format } => dilemmas::run(&file, format, &mut out),
        Command::Format {
            files,
            check,
            force,
        } => files::format_files(&files, check, force),
        Command::Explore { file, options } => explore::explore(&file, &options, &mut out),
        Command::Stability { file, options } => stability::stability(&file, &options, &mut out),
        Command::GenerateModel {
            positions,
            options,
            red_lines,
            parties,
            seed,
            controls,
            preferences,
        } => {
            let shape = Shape {
                positions,
                options,
                red_lines,
                parties,
                seed,
            };
            match files::generate(shape, controls, preferences) {
                Ok(text) => write_out(&mut out, &text),
                Err(problems) => {
                    for problem in problems {
                        eprintln!("redlines: cannot generate this model: {problem}");
                    }
                    ExitCode::from(2)
                }
            }
        }
        Command::Model { file, format } => files::print_model(file.as_deref(), format, &mut out),
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
        } => evaluate::compare(&before, &after, format, &mut out),
        Command::Brief {
            file,
            out: dir,
            no_pictures,
            force,
        } => brief::brief(&file, &dir, !no_pictures, force),
    };
    let _ = out.flush();
    code
}
