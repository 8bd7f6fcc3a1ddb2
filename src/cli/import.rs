//! `wacost import FILE [--preset NAME] [--format table|csv|json] [--rates DIR] [--plan SCENARIO
//! [--variant NAME]]`:
//! reads a usage export, aggregates it per month, country, category and pricing type, recomputes
//! what it should have cost under Meta's rates and sets that beside the reported cost; with
//! `--plan`, sets a scenario's plan beside it month by month (actual − plan).

use std::path::PathBuf;
use std::str::FromStr;

use super::{CliError, RatesArgs, write_stdout};
use crate::domain::ratebook::Currency;
use crate::domain::reconcile::reconcile;
use crate::domain::variance::Variance;
use crate::io::usage::layout::{Preset, Role, Shape, load_presets, save_preset};
use crate::io::usage::values::{DateOrder, parse_category};
use crate::io::usage::{CountryChoice, ImportOptions, UsageImport, import_path};
use crate::io::usage_output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// How to read a usage file: flags shared by `import` and `report --actuals`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct UsageArgs {
    /// Read the file with a saved column-mapping preset
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
    /// Map a column yourself: ROLE=HEADER (roles: date, end, country, phone, category,
    /// pricing_type, volume, cost, currency, status, direction, message_id, marketing,
    /// marketing_lite, utility, free_utility, authentication, service,
    /// authentication_international, fep, ftc, wa_fees); repeat per column
    #[arg(long = "map", value_name = "ROLE=HEADER")]
    pub map: Vec<String>,
    /// Save the --map columns (and --dates, --category, --country) as a named preset
    #[arg(long, value_name = "NAME", requires = "map")]
    pub save_preset: Option<String>,
    /// Dates like 03/04/2026: day first (dmy) or month first (mdy)
    #[arg(long, value_name = "dmy|mdy")]
    pub dates: Option<String>,
    /// Category of the messages of a file without a category column (a Twilio log), or of
    /// business-initiated conversations in analytics from before categories
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Country of a file that names none (a provider's usage of one app, analytics without
    /// the COUNTRY breakdown): an ISO code or "unknown"
    #[arg(long, value_name = "XX|unknown")]
    pub country: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The usage export: Meta's analytics (JSON or CSV), a message log (Twilio's and others),
    /// status webhook events, a provider's daily or monthly usage (Gupshup CSV or JSON), or any
    /// table with a date, a country, a category and a count
    pub file: PathBuf,
    #[command(flatten)]
    pub usage: UsageArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Currency of the rate cards to recompute with (default: the file's, else USD; with
    /// --plan, the plan's)
    #[arg(long, value_name = "XXX")]
    pub currency: Option<String>,
    /// A scenario (JSON, as `estimate` reads) to set beside the actuals: planned against
    /// actual messages and cost per month, and actual − plan
    #[arg(long, value_name = "SCENARIO")]
    pub plan: Option<PathBuf>,
    /// The variant of the --plan file to set beside the actuals, by name (default: its first)
    #[arg(long, value_name = "NAME", requires = "plan")]
    pub variant: Option<String>,
    #[command(flatten)]
    pub rates: RatesArgs,
}

impl UsageArgs {
    /// The import options these flags ask for; a bad flag is a message.
    pub fn options(&self) -> Result<ImportOptions, String> {
        let mut options = ImportOptions::default();
        if let Some(d) = &self.dates {
            options.date_order = Some(
                DateOrder::parse(d).ok_or_else(|| format!("--dates {d:?}: expected dmy or mdy"))?,
            );
        }
        if let Some(c) = &self.category {
            options.category = Some(
                parse_category(c.as_bytes())
                    .map_err(|e| format!("--category: {e}"))?
                    .0,
            );
        }
        if let Some(c) = &self.country {
            options.country = Some(CountryChoice::parse(c).ok_or_else(|| {
                format!("--country {c:?}: expected an ISO code such as IN, or unknown")
            })?);
        }
        if let Some(name) = &self.preset {
            let presets = load_presets()?;
            let preset = presets.get(name).cloned().ok_or_else(|| {
                let known: Vec<&str> = presets.keys().map(String::as_str).collect();
                format!(
                    "no preset {name:?}; saved presets: {}",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )
            })?;
            options.preset = Some(preset);
        }
        if !self.map.is_empty() {
            let mut columns = std::collections::BTreeMap::new();
            for m in &self.map {
                let (role, header) = m
                    .split_once('=')
                    .ok_or_else(|| format!("--map {m:?}: expected ROLE=HEADER"))?;
                let role = Role::parse(role).ok_or_else(|| {
                    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                    format!(
                        "--map {m:?}: unknown role {role:?}; roles: {}",
                        roles.join(", ")
                    )
                })?;
                columns.insert(role, header.trim().to_string());
            }
            let shape = if columns.contains_key(&Role::Volume) {
                Shape::Aggregated
            } else if columns.contains_key(&Role::Marketing) {
                Shape::Daily
            } else {
                Shape::Log
            };
            let preset = Preset {
                name: self
                    .save_preset
                    .clone()
                    .unwrap_or_else(|| crate::io::usage::layout::MAP_FLAGS.into()),
                shape,
                columns,
                date_order: options.date_order.map(|d| d.name().to_string()),
                category: options.category.map(|c| c.name().to_string()),
                country: self.country.clone(),
            };
            let problems = preset.problems();
            if !problems.is_empty() {
                return Err(problems.join("; "));
            }
            options.preset = Some(preset);
        }
        Ok(options)
    }
}

/// Reads a usage file with these flags; prints what it skipped to stderr.
pub fn read_usage(path: &std::path::Path, usage: &UsageArgs) -> Result<UsageImport, String> {
    let options = usage.options()?;
    let u = import_path(path, &options, None).map_err(|e| e.to_string())?;
    if let (Some(name), Some(preset)) = (&usage.save_preset, &options.preset) {
        let saved = save_preset(preset)?;
        eprintln!("wacost: saved preset {name:?} in {}", saved.display());
    }
    Ok(u)
}

pub fn run(args: &ImportArgs) -> Result<(), CliError> {
    // With --plan, the scenario is read and projected as `estimate` does it (same reader, same
    // rates); a bad one stops here, named.
    let (loaded, plan) = match &args.plan {
        Some(path) => {
            let picked =
                super::load_and_project_variant(path, &args.rates, args.variant.as_deref())?;
            (picked.rates, Some((picked.scenario, picked.projection)))
        }
        None => {
            let loaded = crate::io::rates::load_rate_book(&args.rates.rates)
                .map_err(|e| CliError::bad(format!("rates: {e}")))?;
            (loaded, None)
        }
    };
    let u = read_usage(&args.file, &args.usage).map_err(CliError::bad)?;
    let named = args
        .currency
        .as_deref()
        .map(Currency::from_str)
        .transpose()
        .map_err(|e| CliError::bad(format!("--currency: {e}")))?;
    // The rates are those of --currency, else the file's currency, else USD; with --plan, the
    // plan's, so that actual and planned costs are in one currency. Reported costs are
    // compared only in the currency the file states (or, when it states none, the one
    // --currency names): never silently taken as USD.
    if let (Some(c), Some((scenario, _)), Some(path)) = (named, &plan, &args.plan)
        && c != scenario.currency
    {
        return Err(CliError::bad(format!(
            "--currency {c}: the plan {} is in {}, and the actuals are priced in the plan's currency; leave out --currency or name {}",
            path.display(),
            scenario.currency,
            scenario.currency
        )));
    }
    let currency = match &plan {
        Some((scenario, _)) => scenario.currency,
        None => named
            .or(u.currency)
            .unwrap_or_else(|| Currency::from_str("USD").expect("USD is a currency")),
    };
    let known = loaded.book.currencies();
    if let Some(c) = named
        && !known.contains(&c)
    {
        let names: Vec<String> = known.iter().map(|c| c.to_string()).collect();
        return Err(CliError::bad(format!(
            "--currency {c}: no rate cards in {c}; the rate book has {}",
            names.join(", ")
        )));
    }
    let r =
        reconcile(&u.actuals, &loaded.book, currency).with_reported_currency(u.currency.or(named));
    let label = args.file.display().to_string();
    let plan_label = args
        .plan
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let variance = plan
        .as_ref()
        .map(|(_, projection)| Variance::new(projection, &u.actuals, &r));
    let beside = plan
        .as_ref()
        .zip(variance.as_ref())
        .map(|((scenario, _), variance)| usage_output::PlanBeside {
            file: &plan_label,
            name: &scenario.name,
            variance,
        });
    let out = match args.format {
        Format::Json => {
            let mut value = usage_output::to_json(&label, &u, &r);
            // Added beside the import's own fields, none of which changes.
            if let (Some(b), Some(object)) = (&beside, value.as_object_mut()) {
                object.insert("variance".into(), usage_output::variance_json(b));
            }
            let mut text = serde_json::to_string_pretty(&value).expect("JSON values serialise");
            text.push('\n');
            text
        }
        Format::Csv => match &variance {
            Some(v) => usage_output::to_csv_with_plan(&u, &r, v),
            None => usage_output::to_csv(&u, &r),
        },
        Format::Table => {
            let mut text = usage_output::to_table(&label, &u, &r);
            if let Some(b) = &beside {
                text += &usage_output::variance_table(b);
            }
            text
        }
    };
    write_stdout(&out)
}
