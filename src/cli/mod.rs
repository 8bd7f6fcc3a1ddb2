//! The command-line front end: one module per subcommand; each parses its flags, calls the
//! library and prints. Exit status: 0 success, 2 bad input (a file, a flag or a value).

pub mod error;
pub mod estimate;
#[cfg(feature = "gui")]
pub mod gui;
pub mod import;
pub mod rates;
pub mod report;

use std::ffi::OsString;
use std::path::PathBuf;

pub use error::CliError;

use crate::io::display::clip_line;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "wacost",
    version,
    about = "Plan what WhatsApp Business Platform messages will cost",
    long_about = "Plan what WhatsApp Business Platform messages will cost, month by month, under \
                  Meta's rate cards and pricing rules.\n\nRate cards ship inside wacost; a \
                  per-user rates folder (or $WACOST_RATES_HOME) and --rates DIR add or override \
                  cards."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Project a scenario's cost month by month
    Estimate(estimate::EstimateArgs),
    /// Write a report of a scenario: PDF, CSV or PNG (chosen by the output's extension)
    Report(report::ReportArgs),
    /// Import a usage export (Meta analytics, message log, provider usage) and reconcile it
    /// with Meta's rates
    Import(import::ImportArgs),
    /// Rate cards: list, show, import Meta's files, and diff two cards
    Rates(rates::RatesCmd),
    /// Open the desktop planner (the default), or render it to a PNG with --screenshot
    #[cfg(feature = "gui")]
    Gui(gui::GuiArgs),
}

/// Exit status for bad input.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit status when the input was good but a file could not be written (a full disk, a folder
/// without permission): the same for every command that writes.
pub const EXIT_WRITE_FAILED: i32 = 1;
/// Exit status when the desktop window could not open (no display, no graphics driver).
pub const EXIT_WINDOW_FAILED: i32 = 1;

/// Runs the command line; returns the process exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match cli.command {
        #[cfg(feature = "gui")]
        None => gui::run(&gui::GuiArgs::default_window()),
        #[cfg(not(feature = "gui"))]
        None => {
            // Built without the window (`--no-default-features`): say what there is instead.
            use clap::CommandFactory as _;
            let _ = Cli::command().print_help();
            EXIT_BAD_INPUT
        }
        Some(Command::Estimate(args)) => estimate::run(&args),
        #[cfg(feature = "gui")]
        Some(Command::Gui(args)) => gui::run(&args),
        Some(Command::Report(args)) => report::run(&args, crate::io::clock::today()),
        Some(Command::Rates(cmd)) => rates::run(&cmd, crate::io::clock::today()),
        Some(Command::Import(args)) => import::run(&args),
    }
}

/// Writes a command's output; a closed pipe (`| head`) is not an error. Returns the exit status.
pub fn write_stdout(out: &str) -> i32 {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("wacost: cannot write the output: {e}");
            1
        }
        _ => 0,
    }
}

/// The rates, the scenario and its projection, as `estimate` and `report` need them; on bad
/// input the message is printed and the exit status returned.
pub fn load_and_project(
    scenario_path: &std::path::Path,
    rates: &RatesArgs,
) -> Result<
    (
        crate::io::rates::LoadedRates,
        crate::domain::Scenario,
        crate::domain::Projection,
    ),
    i32,
> {
    let loaded = crate::io::rates::load_rate_book(&rates.rates).map_err(|e| {
        eprintln!("wacost: rates: {}", clip_line(&e.to_string()));
        EXIT_BAD_INPUT
    })?;
    let scenario = crate::io::scenario_file::read_scenario(scenario_path).map_err(|e| {
        eprintln!("wacost: {}", clip_line(&e.to_string()));
        EXIT_BAD_INPUT
    })?;
    let projection = crate::domain::project(&scenario, &loaded.book).map_err(|e| {
        eprintln!(
            "wacost: {}",
            clip_line(&format!("{}: {e}", scenario_path.display()))
        );
        EXIT_BAD_INPUT
    })?;
    Ok((loaded, scenario, projection))
}

/// Folders given with `--rates`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RatesArgs {
    /// Folder of rate cards (*.toml, optional markets.csv) that add to or override the shipped ones
    #[arg(long = "rates", value_name = "DIR")]
    pub rates: Vec<PathBuf>,
}
