//! `wacost compare FILE [FILE...] [--format table|csv|json] [--strict] [--rates DIR]`: every
//! variant of every file given, side by side (`domain::compare`): the headline numbers, each
//! month and each country with the difference to the first variant, and what drives the
//! difference.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{CliError, RatesArgs};
use crate::domain::compare::{Comparison, Driver, DriverKind, VariantRef, compare};
use crate::domain::scenario::Scenario;
use crate::io::display;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Plan files (JSON); every variant of each is compared with the first file's first
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[arg(long, help = super::STRICT_HELP)]
    pub strict: bool,
    #[command(flatten)]
    pub rates: RatesArgs,
}

/// One variant to compare: where it comes from and its label.
pub struct Entry {
    /// The file as given on the command line.
    pub file: String,
    /// The variant's own name.
    pub name: String,
    /// "Base", or "file.json: Base" when several files are compared.
    pub label: String,
    pub scenario: Scenario,
}

/// Reads every file's variants, labelled: the variant's name for one file, "file.json: Name"
/// for several (the whole path where two files share a name).
pub fn entries(files: &[PathBuf]) -> Result<Vec<Entry>, CliError> {
    let short = |p: &Path| {
        p.file_name()
            .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
    };
    let names: Vec<String> = files.iter().map(|p| short(p)).collect();
    let mut out = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let set = super::read_plan(path)?;
        let file_label = if names.iter().filter(|n| **n == names[i]).count() > 1 {
            path.display().to_string()
        } else {
            names[i].clone()
        };
        for v in set.variants {
            out.push(Entry {
                file: path.display().to_string(),
                name: v.name.clone(),
                label: if files.len() > 1 {
                    format!("{file_label}: {}", v.name)
                } else {
                    v.name.clone()
                },
                scenario: v,
            });
        }
    }
    Ok(out)
}

pub fn run(args: &CompareArgs) -> Result<(), CliError> {
    let mut loaded = crate::io::rates::load_rate_book(&args.rates.rates)
        .map_err(|e| CliError::bad(format!("rates: {e}")))?;
    loaded.book.set_strict(args.strict);
    let entries = entries(&args.files)?;
    let refs: Vec<VariantRef<'_>> = entries
        .iter()
        .map(|e| VariantRef {
            label: &e.label,
            scenario: &e.scenario,
        })
        .collect();
    let comparison = compare(&refs, &loaded.book).map_err(|e| {
        let file = entries
            .iter()
            .find(|x| x.label == e.label)
            .map_or(String::new(), |x| format!("{}: ", x.file));
        CliError::bad(format!("{file}variant \"{}\": {}", e.label, e.error))
    })?;
    let out = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(&entries, &comparison))
                .expect("JSON of plain values");
            s.push('\n');
            s
        }
        Format::Csv => {
            for n in loaded.notices.iter().chain(&notes(&comparison)) {
                eprintln!("wacost: note: {}", display::clip_line(n));
            }
            to_csv(&entries, &comparison)
        }
        Format::Table => table(&comparison, &loaded.notices),
    };
    super::write_stdout(&out)
}

fn dec(d: Decimal) -> Value {
    Value::String(d.to_string())
}

/// The notes a reader needs: variants in another currency than the first are not subtracted.
pub fn notes(c: &Comparison) -> Vec<String> {
    let Some(first) = c.variants.first() else {
        return Vec::new();
    };
    c.variants
        .iter()
        .enumerate()
        .filter(|(i, _)| !c.comparable(*i))
        .map(|(_, v)| {
            format!(
                "{} is in {}, the first variant ({}) in {}: amounts in two currencies do not subtract, so its differences are left out",
                v.label, v.currency, first.label, first.currency
            )
        })
        .collect()
}

/// A driver's kind as JSON and CSV name it, and its name in words.
pub fn driver_kind(d: &Driver) -> (&'static str, String) {
    match d.kind {
        DriverKind::Country(c) => ("country", c.name().to_string()),
        DriverKind::Category(cat) => ("category", cat.label().to_string()),
        DriverKind::FreeAllowance => ("free_allowance", "Free allowance".into()),
        DriverKind::FreeWindows => ("free_windows", "Free windows".into()),
        DriverKind::VolumeTiers => ("volume_tiers", "Volume discounts".into()),
        DriverKind::ProviderFees => ("provider_fees", "Provider fees".into()),
        DriverKind::Tax => ("tax", "Tax".into()),
    }
}

/// A driver's code: the country's ISO code or the category's name; none for the other kinds.
fn driver_code(d: &Driver) -> Option<String> {
    match d.kind {
        DriverKind::Country(c) => Some(c.code().to_string()),
        DriverKind::Category(cat) => Some(cat.name().to_string()),
        _ => None,
    }
}

/// The difference of variant `i` to the first: 0 for the first, none in another currency.
fn difference(c: &Comparison, i: usize) -> Option<Decimal> {
    if i == 0 {
        return c.comparable(0).then_some(Decimal::ZERO);
    }
    c.variants.get(i).and_then(|v| v.difference)
}

/// The comparison as JSON; decimals as exact strings, as `estimate --format json` writes them.
pub fn to_json(entries: &[Entry], c: &Comparison) -> Value {
    let variants: Vec<Value> = c
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let entry = entries.get(i);
            json!({
                "name": entry.map_or(v.label.as_str(), |e| e.name.as_str()),
                "label": &v.label,
                "file": entry.map(|e| e.file.as_str()),
                "currency": v.currency.to_string(),
                "first_month": v.first_month.to_string(),
                "months": v.months,
                "total": dec(v.total),
                "average_month": dec(v.average_month),
                "meta_cost": dec(v.meta_cost),
                "provider_cost": dec(v.provider_cost),
                "tax": dec(v.tax),
                "free_savings": dec(v.free_savings),
                "volume": v.volume,
                "months_over_budget": v.months_over_budget,
                "difference_to_first": difference(c, i).map(dec),
                "drivers": c.drivers.get(i).map_or(Vec::new(), |ds| ds
                    .iter()
                    .map(|d| {
                        let (kind, name) = driver_kind(d);
                        json!({
                            "kind": kind,
                            "name": name,
                            "code": driver_code(d),
                            "amount": dec(d.amount),
                        })
                    })
                    .collect::<Vec<_>>()),
            })
        })
        .collect();
    let months: Vec<Value> = c
        .months
        .iter()
        .map(|row| {
            json!({
                "month": row.month.to_string(),
                "costs": row.costs.iter().map(|x| x.map(dec)).collect::<Vec<_>>(),
                "differences": (0..row.costs.len())
                    .map(|v| c.month_difference(row, v).map(dec))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    let countries: Vec<Value> = c
        .countries
        .iter()
        .map(|row| {
            json!({
                "country": row.country.code(),
                "name": row.country.name(),
                "costs": row.costs.iter().map(|x| dec(*x)).collect::<Vec<_>>(),
                "differences": (0..row.costs.len())
                    .map(|v| c.country_difference(row, v).map(dec))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "currency": c.variants.first().map(|v| v.currency.to_string()),
        "variants": variants,
        "months": months,
        "countries": countries,
        "notes": notes(c),
    })
}

/// The CSV's columns: one tidy table a spreadsheet can filter by section and variant.
pub const CSV_HEADER: [&str; 9] = [
    "section",
    "variant",
    "file",
    "month",
    "country",
    "driver",
    "cost",
    "difference_to_first",
    "currency",
];

/// One tidy table: a `total` row per variant, a `month` row per variant and month, a `country`
/// row per variant and country, and a `driver` row per cause of a variant's difference (its
/// amount in `difference_to_first`). Text a spreadsheet would run as a formula is made inert,
/// and control characters in names are escaped (the CSV often goes to a terminal).
pub fn to_csv(entries: &[Entry], c: &Comparison) -> String {
    use crate::io::report::csv::inert;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).expect("in-memory write");
    let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    for (i, v) in c.variants.iter().enumerate() {
        // Names from someone else's file: inert for a spreadsheet, escaped for a terminal.
        let variant = inert(&display::terminal_safe(&v.label));
        let file = inert(&display::terminal_safe(
            entries.get(i).map_or("", |e| e.file.as_str()),
        ));
        let currency = v.currency.to_string();
        let mut row =
            |section: &str, month: &str, country: &str, driver: &str, cost: &str, diff: &str| {
                w.write_record([
                    section, &variant, &file, month, country, driver, cost, diff, &currency,
                ])
                .expect("in-memory write");
            };
        row(
            "total",
            "",
            "",
            "",
            &v.total.to_string(),
            &opt(difference(c, i)),
        );
        for m in &c.months {
            let Some(Some(cost)) = m.costs.get(i) else {
                continue;
            };
            row(
                "month",
                &m.month.to_string(),
                "",
                "",
                &cost.to_string(),
                &opt(c.month_difference(m, i)),
            );
        }
        for k in &c.countries {
            let cost = k.costs.get(i).copied().unwrap_or_default();
            row(
                "country",
                "",
                k.country.code(),
                "",
                &cost.to_string(),
                &opt(c.country_difference(k, i)),
            );
        }
        for d in c.drivers.get(i).map_or(&[][..], |d| d.as_slice()) {
            let kind = driver_kind(d).0;
            let driver = match driver_code(d) {
                Some(code) => format!("{kind}:{code}"),
                None => kind.to_string(),
            };
            row("driver", "", "", &driver, "", &d.amount.to_string());
        }
    }
    String::from_utf8(w.into_inner().expect("in-memory flush")).expect("CSV of UTF-8 fields")
}

/// A difference with its sign: "+1,234.56", "-12.00", "0.00"; "n/a" where there is none.
fn signed(d: Option<Decimal>) -> String {
    match d {
        Some(d) if d > Decimal::ZERO => format!("+{}", display::amount(d)),
        Some(d) => display::amount(d),
        None => "n/a".into(),
    }
}

/// A label for a column heading: escaped, at most 24 characters.
fn heading(label: &str) -> String {
    let mut out: String = label.chars().take(24).collect();
    if label.chars().nth(24).is_some() {
        out.push('…');
    }
    display::terminal_safe(&out).into_owned()
}

/// The comparison for a terminal: headline numbers per variant, months and countries with the
/// difference to the first, and what drives each difference.
pub fn table(c: &Comparison, notices: &[String]) -> String {
    let mut out = String::new();
    let Some(first) = c.variants.first() else {
        return out;
    };
    let _ = writeln!(
        out,
        "{} variant{} compared with {} ({}):\n",
        c.variants.len(),
        if c.variants.len() == 1 { "" } else { "s" },
        heading(&first.label),
        first.currency
    );
    let rows: Vec<Vec<String>> = c
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            vec![
                format!("#{}", i + 1),
                heading(&v.label),
                v.currency.to_string(),
                display::amount(v.total),
                display::amount(v.average_month),
                display::amount(v.free_savings),
                v.months_over_budget
                    .map_or("no budget".into(), |n| n.to_string()),
                if i == 0 {
                    "-".into()
                } else {
                    signed(v.difference)
                },
            ]
        })
        .collect();
    out.push_str(&display::text_table(
        &[
            "#",
            "Variant",
            "Currency",
            "Total",
            "Average month",
            "Free allowance saved",
            "Months over budget",
            "Difference to first",
        ],
        &rows,
        3,
    ));

    // Per month and per country: each variant's cost, then each later one's difference.
    // Short labels head their columns; longer ones (or many variants) go by number.
    let short = c.variants.len() <= 4 && c.variants.iter().all(|v| v.label.chars().count() <= 16);
    let column = |i: usize| {
        if short {
            heading(&c.variants[i].label)
        } else {
            format!("#{}", i + 1)
        }
    };
    let mut headers: Vec<String> = Vec::new();
    for i in 0..c.variants.len() {
        headers.push(column(i));
        if i > 0 {
            headers.push(format!("{} − {}", column(i), column(0)));
        }
    }
    let month_rows: Vec<Vec<String>> = c
        .months
        .iter()
        .map(|m| {
            let mut row = vec![m.month.to_string()];
            for (i, cost) in m.costs.iter().enumerate() {
                row.push(cost.map_or("-".into(), display::amount));
                if i > 0 {
                    row.push(signed(c.month_difference(m, i)));
                }
            }
            row
        })
        .collect();
    let mixed = (0..c.variants.len()).any(|i| !c.comparable(i));
    let currencies = if mixed {
        format!(
            "each variant in its own currency; differences only for those in {}",
            first.currency
        )
    } else {
        first.currency.to_string()
    };
    let _ = writeln!(out, "\nBy month ({currencies}):\n");
    let mut h: Vec<&str> = vec!["Month"];
    h.extend(headers.iter().map(String::as_str));
    out.push_str(&display::text_table(&h, &month_rows, 1));

    let country_rows: Vec<Vec<String>> = c
        .countries
        .iter()
        .map(|k| {
            let mut row = vec![k.country.name().to_string()];
            for (i, cost) in k.costs.iter().enumerate() {
                row.push(display::amount(*cost));
                if i > 0 {
                    row.push(signed(c.country_difference(k, i)));
                }
            }
            row
        })
        .collect();
    let _ = writeln!(out, "\nBy country ({currencies}):\n");
    let mut h: Vec<&str> = vec!["Country"];
    h.extend(headers.iter().map(String::as_str));
    out.push_str(&display::text_table(&h, &country_rows, 1));

    if c.variants.len() > 1 {
        let _ = writeln!(out, "\nWhat drives the difference:");
        for (i, v) in c.variants.iter().enumerate().skip(1) {
            let cur = v.currency;
            let money = |d: Decimal| format!("{} {cur}", display::amount(d));
            let ds = c.drivers.get(i).map_or(&[][..], |d| d.as_slice());
            match v.difference {
                None => {
                    let _ = writeln!(
                        out,
                        "  {}: in {}, not {}; not compared",
                        heading(&v.label),
                        v.currency,
                        first.currency
                    );
                }
                Some(d) if ds.is_empty() => {
                    let _ = writeln!(
                        out,
                        "  {} ({} {cur}): costs the same as {}",
                        heading(&v.label),
                        signed(Some(d)),
                        heading(&first.label)
                    );
                }
                Some(d) => {
                    let _ = writeln!(
                        out,
                        "  {} ({} {cur} against {}):",
                        heading(&v.label),
                        signed(Some(d)),
                        heading(&first.label)
                    );
                    for driver in ds.iter().take(8) {
                        let _ = writeln!(out, "    - {}", driver.describe(&money));
                    }
                    if ds.len() > 8 {
                        let _ = writeln!(out, "    - and {} smaller", ds.len() - 8);
                    }
                }
            }
        }
        let _ = writeln!(
            out,
            "  (countries and categories are two views of one change: each set adds up to the difference less the platform fee's change)"
        );
    }
    let notes = notes(c);
    if !notes.is_empty() || !notices.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for n in notices.iter().chain(&notes) {
            let _ = writeln!(out, "  - {}", display::clip_line(n));
        }
    }
    out
}
