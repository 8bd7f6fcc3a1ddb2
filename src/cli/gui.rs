//! `wacost gui [--scenario FILE] [--actuals FILE] [--screenshot OUT.png]
//! [--tab projection|country|table|rates|rates-compare|markets|actuals|compare] [--theme light|dark|system]
//! [--size WxH]`
//! and a bare `wacost`: the desktop window.

use std::path::PathBuf;

use super::{CliError, RatesArgs};
use crate::gui::settings::{RatesMode, Theme};
use crate::gui::{Tab, WindowOptions, run_window};
use crate::io::rates::load_rate_book;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum TabArg {
    #[default]
    Projection,
    Country,
    Table,
    /// The Rates tab, one card
    Rates,
    /// The Rates tab, two cards compared
    RatesCompare,
    /// The Rates tab, markets browser
    Markets,
    /// Plan against imported actuals
    Actuals,
    /// The plan's variants side by side (the Compare tab)
    #[value(alias = "variants")]
    Compare,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
    /// As the system is
    System,
}

#[derive(Debug, Default, clap::Args)]
pub struct GuiArgs {
    /// Open this scenario instead of the last one
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Render the window to this PNG and exit
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,
    /// Import this usage export into the Actuals tab on start
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<PathBuf>,
    #[command(flatten)]
    pub usage: super::import::UsageArgs,
    /// The tab to show (default: the one open when the window last closed; Projection for a
    /// screenshot)
    #[arg(long, value_enum)]
    pub tab: Option<TabArg>,
    /// Window size, e.g. 1400x900
    #[arg(long, value_name = "WxH", value_parser = parse_size, default_value = "1400x900")]
    pub size: [f32; 2],
    /// Light or dark (default: as last chosen in the window; light for a screenshot)
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,
    #[command(flatten)]
    pub rates: RatesArgs,
}

impl GuiArgs {
    /// What a bare `wacost` opens: the window at its default size.
    pub fn default_window() -> GuiArgs {
        GuiArgs {
            size: [1400.0, 900.0],
            ..GuiArgs::default()
        }
    }
}

fn parse_size(s: &str) -> Result<[f32; 2], String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("{s:?}: expected WIDTHxHEIGHT, e.g. 1400x900"))?;
    let w: u32 = w.trim().parse().map_err(|_| format!("{s:?}: bad width"))?;
    let h: u32 = h.trim().parse().map_err(|_| format!("{s:?}: bad height"))?;
    if !(400..=8000).contains(&w) || !(300..=8000).contains(&h) {
        return Err(format!(
            "{s:?}: the size must be between 400x300 and 8000x8000"
        ));
    }
    Ok([w as f32, h as f32])
}

pub fn run(args: &GuiArgs) -> Result<(), CliError> {
    if let Some(out) = &args.screenshot {
        let inputs = args.scenario.iter().chain(args.actuals.as_ref());
        if let Some(input) = inputs
            .into_iter()
            .find(|input| crate::io::atomic::same_file(out, input))
        {
            return Err(CliError::bad(format!(
                "{}: the screenshot would overwrite its input {}; nothing was written (choose another file)",
                out.display(),
                input.display()
            )));
        }
    }
    let rates =
        load_rate_book(&args.rates.rates).map_err(|e| CliError::bad(format!("rates: {e}")))?;
    // Read only to stop here on a bad file, named, rather than in the window.
    if let Some(path) = &args.scenario {
        crate::io::scenario_file::read_scenario(path).map_err(|e| CliError::bad(e.to_string()))?;
    }
    let usage_options = args.usage.options().map_err(CliError::bad)?;
    let options = WindowOptions {
        actuals: args.actuals.clone().map(|p| (p, usage_options)),
        scenario: args.scenario.clone(),
        size: args.size,
        screenshot: args.screenshot.clone(),
        tab: args.tab.map(|t| match t {
            TabArg::Projection => Tab::Projection,
            TabArg::Country => Tab::ByCountry,
            TabArg::Table => Tab::Table,
            TabArg::Rates | TabArg::RatesCompare | TabArg::Markets => Tab::Rates,
            TabArg::Actuals => Tab::Actuals,
            TabArg::Compare => Tab::Compare,
        }),
        theme: args.theme.map(|t| match t {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
            ThemeArg::System => Theme::System,
        }),
        rates_mode: args.tab.and_then(|t| match t {
            TabArg::RatesCompare => Some(RatesMode::Compare),
            TabArg::Markets => Some(RatesMode::Markets),
            TabArg::Rates => Some(RatesMode::Card),
            _ => None,
        }),
    };
    run_window(rates, options).map_err(CliError::window)?;
    if let Some(out) = &args.screenshot {
        eprintln!("wacost: wrote {}", out.display());
    }
    Ok(())
}
