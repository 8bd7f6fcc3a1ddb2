//! `wacost variants PLAN [--duplicate NAME [--as NEW] | --rename NAME --to NEW | --delete NAME]
//! [-o OUT.json] [--format table|json]`: what the window's Duplicate variant, Rename… and Delete
//! do, for scripts (`domain::variants`). Without an action it lists the file's variants.
//!
//! A change is written atomically to `-o OUT.json`, or back to PLAN itself when `-o` is not
//! given (the file is only ever replaced whole: the old one or the new one, never a half file;
//! and only if it is still as it was read).
//! Exit status: 0 done; 2 bad input (an unknown or taken name, the last variant, a full file);
//! 1 when the file cannot be written.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::json;

use super::CliError;
use crate::domain::variants::{MAX_VARIANTS, PlanSet};
use crate::io::display;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("action").args(["duplicate", "rename", "delete"])))]
pub struct VariantsArgs {
    /// The plan file (JSON)
    pub plan: PathBuf,
    /// Add a copy of this variant right after it
    #[arg(long, value_name = "NAME")]
    pub duplicate: Option<String>,
    /// The copy's name (default: "NAME (copy)")
    #[arg(long = "as", value_name = "NEW", requires = "duplicate")]
    pub as_name: Option<String>,
    /// Rename this variant (with --to)
    #[arg(long, value_name = "NAME", requires = "to")]
    pub rename: Option<String>,
    /// The new name for --rename
    #[arg(long, value_name = "NEW", requires = "rename")]
    pub to: Option<String>,
    /// Remove this variant (a file keeps at least one)
    #[arg(long, value_name = "NAME")]
    pub delete: Option<String>,
    /// Write the changed plan file here (default: back to PLAN)
    #[arg(short = 'o', long = "output", value_name = "OUT.json")]
    pub output: Option<PathBuf>,
    /// How the list is printed
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// The plan file's bytes, to tell before writing back whether someone changed it meanwhile.
fn content(path: &std::path::Path) -> Option<Vec<u8>> {
    crate::io::read_capped(path, crate::io::MAX_INPUT_BYTES, "plan file").ok()
}

pub fn run(args: &VariantsArgs) -> Result<(), CliError> {
    let as_read = content(&args.plan);
    let mut set = super::read_plan(&args.plan)?;
    let pick = |set: &PlanSet, name: &str| super::pick_variant(set, &args.plan, Some(name));
    let done = if let Some(name) = &args.duplicate {
        let i = pick(&set, name)?;
        let copy = set.duplicate(i).ok_or_else(|| {
            CliError::bad(format!(
                "{}: the file already holds {MAX_VARIANTS} variants, the most a plan file holds",
                args.plan.display()
            ))
        })?;
        if let Some(new) = &args.as_name {
            set.rename(copy, new)
                .map_err(|e| CliError::bad(format!("--as: {e}")))?;
        }
        Some(format!(
            "added \"{}\", a copy of \"{}\"",
            set.variants[copy].name, set.variants[i].name
        ))
    } else if let (Some(name), Some(new)) = (&args.rename, &args.to) {
        let i = pick(&set, name)?;
        let old = set.variants[i].name.clone();
        set.rename(i, new)
            .map_err(|e| CliError::bad(format!("--to: {e}")))?;
        Some(format!("renamed \"{old}\" to \"{}\"", set.variants[i].name))
    } else if let Some(name) = &args.delete {
        let i = pick(&set, name)?;
        let removed = set.remove(i).ok_or_else(|| {
            CliError::bad(format!(
                "{}: \"{}\" is the file's only variant; a plan file keeps at least one",
                args.plan.display(),
                set.variants[i].name
            ))
        })?;
        Some(format!("removed \"{}\"", removed.name))
    } else {
        None
    };
    match done {
        None => super::write_stdout(&list(&set, args.format)),
        Some(what) => {
            let out = args.output.as_ref().unwrap_or(&args.plan);
            let unchanged = args.output.is_none().then_some(as_read.as_deref());
            save(out, &set, unchanged)?;
            eprintln!(
                "wacost: {}; wrote {} ({} variant{})",
                display::clip_line(&what),
                out.display(),
                set.variants.len(),
                if set.variants.len() == 1 { "" } else { "s" }
            );
            Ok(())
        }
    }
}

/// Writes `set` to `out`; with `unchanged`, only if `out` still holds those bytes (written back
/// in place: never over an edit saved meanwhile by the window or another script).
fn save(
    out: &std::path::Path,
    set: &PlanSet,
    unchanged: Option<Option<&[u8]>>,
) -> Result<(), CliError> {
    if let Some(as_read) = unchanged
        && content(out).as_deref() != as_read
    {
        return Err(CliError::write_failed(format!(
            "{}: the file changed while wacost was working; nothing was written (run the command again)",
            out.display()
        )));
    }
    crate::io::scenario_file::save_plan(out, set).map_err(|e| {
        CliError::write_failed(format!(
            "{}: cannot write the plan file: {e}; it is as it was",
            out.display()
        ))
    })
}

/// The variants, one per line (table) or as JSON.
fn list(set: &PlanSet, format: Format) -> String {
    match format {
        Format::Json => {
            let variants: Vec<serde_json::Value> = set
                .variants
                .iter()
                .map(|v| {
                    json!({
                        "name": v.name,
                        "currency": v.currency.to_string(),
                        "start_month": v.start_month.to_string(),
                        "months": v.months,
                        "countries": v.countries.iter().map(|c| c.country.code()).collect::<Vec<_>>(),
                        "campaigns": v.campaigns.len(),
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&json!({
                "name": set.name,
                "variants": variants,
            }))
            .expect("plain values serialize");
            s.push('\n');
            s
        }
        Format::Table => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{} ({} variant{}):",
                display::terminal_safe(&set.name),
                set.variants.len(),
                if set.variants.len() == 1 { "" } else { "s" }
            );
            for (i, v) in set.variants.iter().enumerate() {
                let countries: Vec<&str> = v.countries.iter().map(|c| c.country.code()).collect();
                let _ = writeln!(
                    out,
                    "  {}. {}: {}, {} month{} from {}, {}{}",
                    i + 1,
                    display::terminal_safe(&v.name),
                    v.currency,
                    v.months,
                    if v.months == 1 { "" } else { "s" },
                    v.start_month,
                    if countries.is_empty() {
                        "no countries".to_string()
                    } else {
                        countries.join(", ")
                    },
                    match v.campaigns.len() {
                        0 => String::new(),
                        1 => ", 1 campaign".to_string(),
                        n => format!(", {n} campaigns"),
                    }
                );
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Month, Scenario};

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written_back() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("plan.json");
        let set = PlanSet::single(Scenario::new(
            "USD".parse::<Currency>().expect("USD"),
            Month::new(2027, 1).expect("a month"),
        ));
        std::fs::write(&path, b"as read").expect("written");
        let as_read = content(&path);
        std::fs::write(&path, b"saved meanwhile").expect("written");
        let e = save(&path, &set, Some(as_read.as_deref())).expect_err("refused");
        assert!(
            e.render().contains("changed while wacost was working"),
            "{}",
            e.render()
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"saved meanwhile");
        // As read: written.
        let as_read = content(&path);
        save(&path, &set, Some(as_read.as_deref())).expect("written back");
        assert_eq!(
            crate::io::scenario_file::read_plan(&path).expect("a plan"),
            set
        );
    }
}
