//! `wacost report SCENARIO.json -o OUT.pdf|OUT.csv|OUT.png [--variant NAME] [--actuals FILE]
//! [--paper a4|letter] [--delimiter comma|semicolon] [--strict] [--rates DIR]`
//!
//! A file of several variants reports one (`--variant`, else the first); its PDF adds a page
//! comparing every variant. The CSV and PNG are of the one variant.

use std::path::PathBuf;

use super::import::{UsageArgs, read_usage};
use super::{CliError, RatesArgs};
use crate::domain::variance::Variance;
use crate::io::atomic::same_file;
use crate::io::display;
use crate::io::report::pdf::Paper;
use crate::io::report::{ReportFormat, ReportInput, ReportOptions, write_report_compared};

/// `--paper`: the PDF's page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum PaperArg {
    #[default]
    A4,
    Letter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Delimiter {
    /// ',' (the CSV default)
    #[default]
    Comma,
    /// ';' for spreadsheets that read ',' as a decimal comma
    Semicolon,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The scenario file (JSON)
    pub scenario: PathBuf,
    /// Where to write: the extension picks the format (.pdf, .csv or .png)
    #[arg(short = 'o', long = "output", value_name = "OUT.pdf|OUT.csv|OUT.png")]
    pub output: PathBuf,
    /// The variant to report, by name (default: the file's first); the PDF of a file with
    /// several variants also compares them all
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Paper size of the PDF
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    /// A usage export to set beside the plan (any layout `wacost import` reads)
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<PathBuf>,
    #[command(flatten)]
    pub usage: UsageArgs,
    /// Field delimiter of the CSV
    #[arg(long, value_enum, default_value = "comma")]
    pub delimiter: Delimiter,
    #[arg(long, help = super::STRICT_HELP)]
    pub strict: bool,
    #[command(flatten)]
    pub rates: RatesArgs,
}

pub fn run(args: &ReportArgs, today: crate::domain::Date) -> Result<(), CliError> {
    if ReportFormat::of(&args.output).is_none() {
        return Err(CliError::bad(format!(
            "{}: the report's file name must end in .pdf, .csv or .png",
            args.output.display()
        )));
    }
    // Checked before anything is read: a report is never written over the files it is made of
    // (another spelling, a hard link or a symlink of them included).
    let inputs = std::iter::once(&args.scenario).chain(args.actuals.as_ref());
    if let Some(input) = inputs
        .into_iter()
        .find(|input| same_file(&args.output, input))
    {
        return Err(CliError::bad(format!(
            "{}: the report would overwrite its input {}; nothing was written (choose another output file)",
            args.output.display(),
            input.display()
        )));
    }
    let picked = super::load_and_project_variant_strict(
        &args.scenario,
        &args.rates,
        args.variant.as_deref(),
        args.strict,
    )?;
    let (loaded, scenario, projection) = (&picked.rates, &picked.scenario, &picked.projection);
    // Every variant side by side, for the PDF's comparison page.
    let comparison = if picked.has_variants()
        && ReportFormat::of(&args.output) == Some(ReportFormat::Pdf)
    {
        // Another variant that cannot be priced leaves the page out; the report is the
        // picked variant's, and that one was priced.
        match picked.set.compare(&loaded.book) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!(
                    "wacost: note: {}",
                    display::clip_line(&format!(
                        "{}: variant \"{}\" cannot be priced ({}), so the PDF has no page comparing the variants",
                        args.scenario.display(),
                        e.label,
                        e.error
                    ))
                );
                None
            }
        }
    } else {
        None
    };
    let actuals = match &args.actuals {
        None => None,
        Some(path) => {
            let label = path.display().to_string();
            let a = read_usage(path, &args.usage).map_err(CliError::bad)?;
            // Not an error: what was skipped is said, and the report is made of the rest.
            if a.rows_skipped > 0 {
                eprintln!(
                    "wacost: {label}: {} rows used, {} skipped:",
                    a.rows_used, a.rows_skipped
                );
                for s in &a.skipped {
                    eprintln!("  {s}");
                }
            }
            Some((label, a))
        }
    };
    let input = ReportInput {
        scenario,
        projection,
        book: &loaded.book,
        notices: &loaded.notices,
        generated: today,
        actuals: actuals.as_ref().map(|(l, a)| (l.as_str(), a)),
    };
    // The plan against the actuals, which only the PDF shows.
    let variance = actuals
        .as_ref()
        .filter(|_| ReportFormat::of(&args.output) == Some(ReportFormat::Pdf))
        .map(|(_, a)| Variance::reconciled(projection, &a.actuals, &loaded.book, a.currency));
    let options = ReportOptions {
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        delimiter: match args.delimiter {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
        },
    };
    // An unknown format is bad input, any other failure a failed write (`From<ReportError>`).
    let format = write_report_compared(
        &args.output,
        &input,
        variance.as_ref(),
        options,
        comparison.as_ref(),
    )?;
    eprintln!(
        "wacost: wrote the {} report to {}",
        format.name(),
        args.output.display()
    );
    Ok(())
}
