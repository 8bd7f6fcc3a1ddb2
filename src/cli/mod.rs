//! The command-line front end: one module per subcommand; each parses its flags, calls the
//! library and prints its output, or returns a [`CliError`] that [`run`] prints. Exit status:
//! 0 success, 2 bad input (a file, a flag or a value), 1 a file that could not be written or
//! a window that could not open.

pub mod compare;
pub mod completions;
pub mod error;
pub mod estimate;
#[cfg(feature = "gui")]
pub mod gui;
pub mod import;
pub mod man;
pub mod rates;
pub mod report;
pub mod solve;
pub mod variants;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
pub use error::CliError;

/// What `wacost --version` prints after "wacost ": the package's version, then the commit it
/// was built from and that commit's date, "0.1.0 (c9ed3cf 2026-12-02)", or "0.1.0 (unknown
/// commit)" when built without git (build.rs).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("WACOST_COMMIT"), ")");

/// The date of the commit wacost was built from (YYYY-MM-DD), empty when unknown: the man
/// page's date.
pub const COMMIT_DATE: &str = env!("WACOST_COMMIT_DATE");

#[derive(Debug, Parser)]
#[command(
    name = "wacost",
    version = VERSION,
    about = "Plan what WhatsApp Business Platform messages will cost",
    long_about = "Plan what WhatsApp Business Platform messages will cost, month by month, under \
                  Meta's rate cards and pricing rules.\n\nRate cards ship inside wacost; a \
                  per-user rates folder (or $WACOST_RATES_HOME) and --rates DIR add or override \
                  cards."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A plan file to open in the window (what a double-click on a .wacost.json file runs)
    #[arg(value_name = "PLAN")]
    pub plan: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Project a scenario's cost month by month
    Estimate(estimate::EstimateArgs),
    /// Write a report of a scenario: PDF, CSV or PNG (chosen by the output's extension)
    Report(report::ReportArgs),
    /// Set the variants of one or more plan files side by side: totals, months, countries and
    /// what drives the difference to the first
    Compare(compare::CompareArgs),
    /// Find what a budget buys: the largest volume of a part of the plan whose cost stays
    /// within the budget, every month or over the whole plan
    Solve(solve::SolveArgs),
    /// Import a usage export (Meta analytics, message log, provider usage) and reconcile it
    /// with Meta's rates
    Import(import::ImportArgs),
    /// Rate cards: list, show, import Meta's files, diff two cards, and derive a card in another
    /// currency
    Rates(rates::RatesCmd),
    /// A plan file's variants: list them, or duplicate, rename or delete one (as the window
    /// does)
    Variants(variants::VariantsArgs),
    /// Open the desktop planner (the default), or render it to a PNG with --screenshot
    #[cfg(feature = "gui")]
    Gui(gui::GuiArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell or elvish)
    #[command(after_help = completions::WHERE_TO_PUT_IT)]
    Completions(completions::CompletionsArgs),
    /// Print wacost's manual page (roff: every subcommand and its flags), or write it and one
    /// page per subcommand into a folder with --dir
    Man(man::ManArgs),
}

/// The command line's clap command tree, built (each subcommand knows its full name, "wacost
/// rates list"): the tree that parses the arguments, and the one the completion scripts and the
/// tests that check them walk (the man page walks it without clap's `help`, `man::tree`).
pub fn command() -> clap::Command {
    use clap::CommandFactory as _;
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

/// Exit status for bad input.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit status when the input was good but a file could not be written (a full disk, a folder
/// without permission): the same for every command that writes.
pub const EXIT_WRITE_FAILED: i32 = 1;
/// Exit status when the desktop window could not open (no display, no graphics driver).
pub const EXIT_WINDOW_FAILED: i32 = 1;
/// Exit status when the input was good but has no answer: `solve` with a budget that even no
/// volume of the target fits (the plan's other costs are over it already).
pub const EXIT_NO_ANSWER: i32 = 1;

/// Runs the command line; returns the process exit status. A command that fails returns a
/// [`CliError`]; this is the one place that prints it.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    if let (None, Some(plan)) = (&cli.command, &cli.plan)
        && !plan.is_file()
    {
        // Most likely a mistyped subcommand: say so rather than open an empty window.
        eprintln!(
            "wacost: {}: no such plan file, and not a subcommand (`wacost --help` lists them)",
            plan.display()
        );
        return EXIT_BAD_INPUT;
    }
    let result = match cli.command {
        #[cfg(feature = "gui")]
        None => gui::run(&gui::GuiArgs {
            scenario: cli.plan.clone(),
            ..gui::GuiArgs::default_window()
        }),
        #[cfg(not(feature = "gui"))]
        None => {
            // Built without the window (`--no-default-features`): say what there is instead.
            use clap::CommandFactory as _;
            let _ = Cli::command().print_help();
            return EXIT_BAD_INPUT;
        }
        Some(Command::Estimate(args)) => estimate::run(&args),
        #[cfg(feature = "gui")]
        Some(Command::Gui(args)) => gui::run(&args),
        Some(Command::Report(args)) => report::run(&args, crate::io::clock::today()),
        Some(Command::Rates(cmd)) => rates::run(&cmd, crate::io::clock::today()),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Variants(args)) => variants::run(&args),
        Some(Command::Compare(args)) => compare::run(&args),
        Some(Command::Solve(args)) => solve::run(&args),
        Some(Command::Completions(args)) => completions::run(&args),
        Some(Command::Man(args)) => man::run(&args),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{}", e.render());
            e.exit_code()
        }
    }
}

/// Writes a command's output; a closed pipe (`| head`) is not an error.
pub fn write_stdout(out: &str) -> Result<(), CliError> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::write_failed(
            format!("cannot write the output: {e}"),
        )),
        _ => Ok(()),
    }
}

/// The rates, the scenario and its projection, as `estimate`, `report` and `import --plan`
/// need them; bad input is an error whose message names the file. The scenario is the file's
/// first variant (see [`load_and_project_variant`]).
pub fn load_and_project(
    scenario_path: &std::path::Path,
    rates: &RatesArgs,
) -> Result<
    (
        crate::io::rates::LoadedRates,
        crate::domain::Scenario,
        crate::domain::Projection,
    ),
    CliError,
> {
    let loaded = load_and_project_variant(scenario_path, rates, None)?;
    Ok((loaded.rates, loaded.scenario, loaded.projection))
}

/// A plan file's variant, priced: what [`load_and_project_variant`] returns.
pub struct LoadedVariant {
    pub rates: crate::io::rates::LoadedRates,
    /// Every variant of the file, as read.
    pub set: crate::domain::variants::PlanSet,
    /// The variant picked (`--variant`, else the first).
    pub index: usize,
    pub scenario: crate::domain::Scenario,
    pub projection: crate::domain::Projection,
    /// Set when the plan was priced in another currency than its own (`--currency`).
    pub conversion: Option<(
        crate::domain::currencies::Conversion,
        Vec<crate::domain::currencies::ConvertedAmount>,
    )>,
}

impl LoadedVariant {
    /// Whether the file holds more than one variant (then output says which one it priced).
    pub fn has_variants(&self) -> bool {
        !self.set.is_single()
    }
}

/// Reads a plan file, every variant; a bad file is bad input naming it.
pub fn read_plan(path: &std::path::Path) -> Result<crate::domain::variants::PlanSet, CliError> {
    crate::io::scenario_file::read_plan(path).map_err(|e| CliError::bad(e.to_string()))
}

/// The index of the variant `--variant NAME` names (exactly, then ignoring case), the first
/// without it; an unknown name is bad input that lists the file's variants.
pub fn pick_variant(
    set: &crate::domain::variants::PlanSet,
    path: &std::path::Path,
    name: Option<&str>,
) -> Result<usize, CliError> {
    let Some(name) = name else {
        return Ok(0);
    };
    set.find(name).ok_or_else(|| {
        let names: Vec<String> = set.names().iter().map(|n| format!("\"{n}\"")).collect();
        CliError::bad(format!(
            "{}: no variant is called \"{name}\"; the file's variant{} {}: {}",
            path.display(),
            if names.len() == 1 { "" } else { "s" },
            if names.len() == 1 { "is" } else { "are" },
            names.join(", ")
        ))
    })
}

/// [`load_and_project`] for the variant `variant` names (the first without it).
pub fn load_and_project_variant(
    scenario_path: &std::path::Path,
    rates: &RatesArgs,
    variant: Option<&str>,
) -> Result<LoadedVariant, CliError> {
    load_and_project_variant_strict(scenario_path, rates, variant, false)
}

/// What `--strict` does, in the help of every command that prices a plan.
pub const STRICT_HELP: &str = "Refuse a plan that needs a rate Meta lists but wacost does not know, instead of pricing it at the best estimate";

/// [`load_and_project_variant`] with `--strict`: the rate book refuses a rate the card lists as
/// unknown instead of estimating it (and stays so in the returned rates).
pub fn load_and_project_variant_strict(
    scenario_path: &std::path::Path,
    rates: &RatesArgs,
    variant: Option<&str>,
    strict: bool,
) -> Result<LoadedVariant, CliError> {
    load_and_project_variant_as(scenario_path, rates, variant, strict, None)
}

/// [`load_and_project_variant_strict`], the plan priced in `currency` when given: the same card
/// date, its budget and provider fees converted at the factor between the two cards
/// (`LoadedVariant::conversion` says how).
pub fn load_and_project_variant_as(
    scenario_path: &std::path::Path,
    rates: &RatesArgs,
    variant: Option<&str>,
    strict: bool,
    currency: Option<crate::domain::Currency>,
) -> Result<LoadedVariant, CliError> {
    let mut loaded = crate::io::rates::load_rate_book(&rates.rates)
        .map_err(|e| CliError::bad(format!("rates: {e}")))?;
    loaded.book.set_strict(strict);
    let set = read_plan(scenario_path)?;
    let index = pick_variant(&set, scenario_path, variant)?;
    let mut scenario = set.variants[index].clone();
    let mut conversion = None;
    if let Some(to) = currency.filter(|c| *c != scenario.currency) {
        let book = &loaded.book;
        let from = scenario.currency;
        let date = book
            .plan_card_date(from, scenario.rate_card, scenario.start_month)
            .ok_or_else(|| {
                CliError::bad(format!(
                    "{}: no {from} rates to convert the plan from",
                    scenario_path.display()
                ))
            })?;
        let conv = book.conversion(from, to, date).ok_or_else(|| {
            if book.cards_of(to).next().is_none() {
                CliError::bad(format!(
                    "--currency {to}: wacost has no {to} rates (no factor is known); calibrate them from one rate you know with `wacost rates derive {to} {date} --from \"MARKET CATEGORY=RATE\"`"
                ))
            } else {
                CliError::bad(format!(
                    "--currency {to}: there is no {to} card of {date}, the date of the {from} rates this plan is priced from, to convert at"
                ))
            }
        })?;
        let amounts = crate::domain::currencies::converted_amounts(&scenario, &conv)
            .ok_or_else(|| CliError::bad("an amount of the plan is too large to convert"))?;
        scenario = crate::domain::currencies::switch_currency(&scenario, &conv, true)
            .ok_or_else(|| CliError::bad("an amount of the plan is too large to convert"))?;
        conversion = Some((conv, amounts));
    }
    let projection = crate::domain::project(&scenario, &loaded.book).map_err(|e| {
        if set.is_single() {
            CliError::bad(format!("{}: {e}", scenario_path.display()))
        } else {
            CliError::bad(format!(
                "{}: variant \"{}\": {e}",
                scenario_path.display(),
                scenario.name
            ))
        }
    })?;
    Ok(LoadedVariant {
        rates: loaded,
        set,
        index,
        scenario,
        projection,
        conversion,
    })
}

/// Folders given with `--rates`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RatesArgs {
    /// Folder of rate cards (*.toml, optional markets.csv) that add to or override the shipped ones
    #[arg(long = "rates", value_name = "DIR")]
    pub rates: Vec<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_file_is_the_plan_to_open_and_subcommands_still_parse() {
        // What the desktop entry runs on a double-click: `wacost %f`.
        let cli = Cli::try_parse_from(["wacost", "/home/me/Q1 launch.wacost.json"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(
            cli.plan.as_deref(),
            Some(std::path::Path::new("/home/me/Q1 launch.wacost.json"))
        );
        let cli = Cli::try_parse_from(["wacost", "rates", "list"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Rates(_))));
        assert!(cli.plan.is_none());
        let bare = Cli::try_parse_from(["wacost"]).unwrap();
        assert!(bare.command.is_none() && bare.plan.is_none());
    }
}
