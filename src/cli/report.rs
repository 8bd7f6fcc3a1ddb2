//! `wacost report SCENARIO.json -o OUT.pdf|OUT.csv|OUT.png [--paper a4|letter]
//! [--delimiter comma|semicolon] [--rates DIR]`

use std::path::PathBuf;

use super::{EXIT_BAD_INPUT, RatesArgs};
use crate::domain::projection::project;
use crate::io::rates::load_rate_book;
use crate::io::report::pdf::Paper;
use crate::io::report::{ReportFormat, ReportInput, ReportOptions, write_report};
use crate::io::scenario_file::read_scenario;

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
    /// Paper size of the PDF
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: Paper,
    /// Field delimiter of the CSV
    #[arg(long, value_enum, default_value = "comma")]
    pub delimiter: Delimiter,
    #[command(flatten)]
    pub rates: RatesArgs,
}

pub fn run(args: &ReportArgs, today: crate::domain::Date) -> i32 {
    if ReportFormat::of(&args.output).is_none() {
        eprintln!(
            "wacost: {}: the report's file name must end in .pdf, .csv or .png",
            args.output.display()
        );
        return EXIT_BAD_INPUT;
    }
    let loaded = match load_rate_book(&args.rates.rates) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("wacost: rates: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let scenario = match read_scenario(&args.scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("wacost: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let projection = match project(&scenario, &loaded.book) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("wacost: {}: {e}", args.scenario.display());
            return EXIT_BAD_INPUT;
        }
    };
    let input = ReportInput {
        scenario: &scenario,
        projection: &projection,
        book: &loaded.book,
        notices: &loaded.notices,
        generated: today,
    };
    let options = ReportOptions {
        paper: args.paper,
        delimiter: match args.delimiter {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
        },
    };
    match write_report(&args.output, &input, options) {
        Ok(format) => {
            eprintln!(
                "wacost: wrote the {} report to {}",
                format.name(),
                args.output.display()
            );
            0
        }
        Err(e) => {
            eprintln!("wacost: {e}");
            1
        }
    }
}
