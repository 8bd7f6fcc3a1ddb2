//! `wacost solve SCENARIO --budget AMOUNT --per month|plan --scale WHAT [--variant NAME]
//! [--format table|json] [-o SOLVED.json] [--strict] [--rates DIR]`: what a budget buys
//! (`domain::solve`).
//!
//! Exit status: 0 with an answer; 2 for bad input (a budget that does not parse, an unknown
//! target or variant); 1 when even no volume of the target fits the budget (the JSON, with
//! volume 0 and `within_budget: false`, is still printed in JSON mode) or `-o` cannot be written.

use std::fmt::Write as _;
use std::path::PathBuf;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{CliError, RatesArgs};
use crate::domain::scenario::rules::parse_typed;
use crate::domain::solve::{BudgetPer, ScaleTarget, Solution, SolveError, SolveRequest, solve};
use crate::io::atomic::same_file;
use crate::io::display;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    /// The plan file (JSON)
    pub scenario: PathBuf,
    /// The budget, in the plan's currency: 20000, 20,000 or 20k
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub budget: String,
    /// Whether the budget holds for every month or for the plan's whole horizon
    #[arg(long, value_name = "month|plan")]
    pub per: String,
    /// What the budget scales: plan, country:BR, category:marketing, country:BR:marketing or
    /// campaign:NAME
    #[arg(long, value_name = "WHAT")]
    pub scale: String,
    /// The variant to solve (default: the file's first)
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write the plan file with the answer applied here (the other variants kept)
    #[arg(short = 'o', long = "output", value_name = "SOLVED.json")]
    pub output: Option<PathBuf>,
    #[arg(long, help = super::STRICT_HELP)]
    pub strict: bool,
    #[command(flatten)]
    pub rates: RatesArgs,
}

/// The budget as typed: plain decimals, with grouping or a magnitude suffix (`20k`).
fn parse_budget(text: &str) -> Result<Decimal, CliError> {
    let budget = parse_typed(text, false).map_err(|e| CliError::bad(format!("--budget: {e}")))?;
    if budget <= Decimal::ZERO {
        return Err(CliError::bad(format!(
            "--budget: the budget must be more than 0, got {text:?}"
        )));
    }
    Ok(budget)
}

pub fn run(args: &SolveArgs) -> Result<(), CliError> {
    // The flags first: a bad one is reported before any file is read.
    let budget = parse_budget(&args.budget)?;
    let per: BudgetPer = args
        .per
        .parse()
        .map_err(|e| CliError::bad(format!("--per: {e}")))?;
    let target: ScaleTarget = args
        .scale
        .parse()
        .map_err(|e| CliError::bad(format!("--scale: {e}")))?;
    if let Some(out) = &args.output
        && same_file(out, &args.scenario)
    {
        return Err(CliError::bad(format!(
            "{}: -o would overwrite the input plan {}; nothing was written (choose another output file)",
            out.display(),
            args.scenario.display()
        )));
    }
    let loaded = super::load_and_project_variant_strict(
        &args.scenario,
        &args.rates,
        args.variant.as_deref(),
        args.strict,
    )?;
    let request = SolveRequest {
        target,
        budget,
        per,
    };
    let solution = solve(&loaded.scenario, &loaded.rates.book, &request).map_err(|e| match e {
        SolveError::Budget(_) => CliError::bad(format!("--budget: {e}")),
        SolveError::Target(m) => CliError::bad(format!(
            "{}: --scale {}: {m}",
            args.scenario.display(),
            request.target
        )),
        SolveError::Projection(p) => CliError::bad(format!("{}: {p}", args.scenario.display())),
    })?;
    let variant = loaded
        .has_variants()
        .then_some(loaded.scenario.name.as_str());

    let out = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(&solution, variant))
                .expect("JSON of plain values");
            s.push('\n');
            s
        }
        Format::Table => {
            if solution.within_budget() {
                words(&solution, variant)
            } else {
                String::new()
            }
        }
    };
    super::write_stdout(&out)?;

    if !solution.within_budget() {
        let reason = solution
            .reason()
            .unwrap_or_else(|| "no volume fits the budget".into());
        let nothing_written = if args.output.is_some() {
            "; nothing was written"
        } else {
            ""
        };
        return Err(CliError::no_answer(format!("{reason}{nothing_written}")));
    }
    if let Some(out) = &args.output {
        let mut set = loaded.set;
        set.variants[loaded.index] = solution.scenario.clone();
        crate::io::scenario_file::save_plan(out, &set).map_err(|e| {
            CliError::write_failed(format!(
                "{}: cannot write the solved plan: {e}; nothing was written",
                out.display()
            ))
        })?;
        eprintln!(
            "wacost: wrote the plan with the answer applied to {}",
            out.display()
        );
    }
    Ok(())
}

fn dec(d: Decimal) -> Value {
    Value::String(d.to_string())
}

/// The answer as JSON: `scale`, `volume`, `multiplier`, `total`, `binding_month`, `headroom`,
/// `budget`, then `per`, `unit`, `within_budget`, `reason`, `variant` and `currency`. Decimals
/// are exact strings, as `estimate --format json` writes them.
pub fn to_json(s: &Solution, variant: Option<&str>) -> Value {
    json!({
        "scale": s.request.target.to_string(),
        "volume": s.volume,
        "multiplier": s.multiplier.map(|m| dec(m.normalize())),
        "total": dec(s.total),
        "binding_month": s.binding_month().map(|m| m.to_string()),
        "headroom": dec(s.headroom),
        "budget": dec(s.request.budget),
        "per": s.request.per.name(),
        "unit": s.unit.name(),
        "within_budget": s.within_budget(),
        "reason": s.reason(),
        "variant": variant.map_or_else(|| Value::String(s.scenario.name.clone()), |v| Value::String(v.to_string())),
        "currency": s.scenario.currency.to_string(),
    })
}

/// The answer in words (the glossary's sentence, as the window says it), then the plan's total
/// and the headroom.
pub fn words(s: &Solution, variant: Option<&str>) -> String {
    let cur = s.scenario.currency;
    let mut out = String::new();
    if let Some(v) = variant {
        let _ = writeln!(out, "Variant: {}", display::clip_line(v));
    }
    let _ = writeln!(
        out,
        "{}",
        display::terminal_safe(&crate::glossary::budget_answer(s))
    );
    if s.request.target.is_multiplier() && !s.scenario.campaigns.is_empty() {
        let _ = writeln!(
            out,
            "Campaigns stay as planned; only the base volumes are scaled."
        );
    }
    let _ = writeln!(
        out,
        "With it the plan costs {} {cur} over {} month{}; {} {cur} of the budget is left{}.",
        display::amount(s.total),
        s.scenario.months,
        if s.scenario.months == 1 { "" } else { "s" },
        display::amount(s.headroom),
        match s.request.per {
            BudgetPer::Month => " in the dearest month",
            BudgetPer::Plan => "",
        }
    );
    out
}
