//! `wacost man [--dir DIR]`: wacost's manual page, made by clap_mangen from the same command
//! tree that parses the command line ([`tree`]).
//!
//! Printed, it is one page, wacost(1): NAME, SYNOPSIS, DESCRIPTION, OPTIONS, then COMMANDS with
//! every subcommand at every depth ("wacost rates list") as a subsection holding its synopsis,
//! description and every flag, then EXIT STATUS, ENVIRONMENT and VERSION. The same bytes on
//! every run of one build (a package writes it at build time). With `--dir` it writes that page
//! as wacost.1 and clap_mangen's page of each subcommand beside it (wacost-rates-list.1, …).

use std::io;
use std::path::{Path, PathBuf};

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use super::CliError;

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write wacost.1 (the page printed without --dir) and one page per subcommand
    /// (wacost-estimate.1, wacost-rates-list.1 and so on) into this folder, made if missing
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(args: &ManArgs) -> Result<(), CliError> {
    let cmd = tree();
    match &args.dir {
        None => {
            let text = page(&cmd)
                .map_err(|e| CliError::write_failed(format!("cannot render the manual: {e}")))?;
            super::write_stdout(&text)
        }
        Some(dir) => {
            let written = write_pages(&cmd, dir).map_err(|e| {
                CliError::write_failed(format!(
                    "cannot write the manual pages to {}: {e}",
                    dir.display()
                ))
            })?;
            eprintln!("wacost: wrote {written} manual pages to {}", dir.display());
            Ok(())
        }
    }
}

/// The command tree the pages document: the command line's ([`super::Cli`]), without clap's
/// `help` subcommands (they only print the help the pages already hold), built.
pub fn tree() -> clap::Command {
    use clap::CommandFactory as _;
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The subcommands a page documents: the visible ones, without clap's `help` (which only
/// prints the help the page already holds).
pub fn documented(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
}

/// clap_mangen's page for `cmd` with wacost's header: title in capitals, the commit's date,
/// "wacost 0.1.0", "User Commands".
fn man_of(cmd: &clap::Command) -> Man {
    man_dated(cmd, super::COMMIT_DATE)
}

/// [`man_of`] with `date` (YYYY-MM-DD, or empty when the commit is unknown).
fn man_dated(cmd: &clap::Command, date: &str) -> Man {
    let name = cmd
        .get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_uppercase();
    Man::new(cmd.clone())
        .title(name)
        // An empty argument would shift the ones after it into its place (roff splits the line
        // at spaces): `\&` is roff's nothing.
        .date(if date.is_empty() { r"\&" } else { date })
        .source(format!("wacost {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands")
}

/// What one of clap_mangen's `render_*` writes, without the preamble each of them starts with
/// (the page has it once, at its top).
fn chunk(render: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<String> {
    let mut out = Vec::new();
    render(&mut out)?;
    let text = String::from_utf8_lossy(&out).into_owned();
    Ok(match text.strip_prefix(&Roff::new().render()) {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// `text` with its section headings (`.SH OPTIONS`) turned into a paragraph inside the current
/// subsection ("Options:"), or dropped (`.SH SYNOPSIS`, `.SH DESCRIPTION`, `.SH EXTRA`).
fn demoted(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        match line.strip_prefix(".SH ") {
            Some(heading) => {
                let heading = heading.trim_matches('"');
                out.push_str(".PP\n");
                match heading {
                    "SYNOPSIS" | "DESCRIPTION" | "EXTRA" => {}
                    "OPTIONS" => out.push_str(&text_line(bold("Options:"))),
                    other => out.push_str(&text_line(bold(format!("{other}:")))),
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// One escaped text line of roff.
fn text_line(inline: clap_mangen::roff::Inline) -> String {
    roff_text(Roff::new().text([inline]))
}

/// `roff` as text, without the preamble (apostrophes written as the preamble's `\*(Aq`, as
/// clap_mangen writes them).
fn roff_text(roff: &Roff) -> String {
    let text = roff.render();
    match text.strip_prefix(&Roff::new().render()) {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// The one manual page: wacost(1) with every subcommand and its flags.
pub fn page(cmd: &clap::Command) -> io::Result<String> {
    let man = man_of(cmd);
    let mut out = Roff::new().render();
    out += &chunk(|w| man.render_title(w))?;
    out += &chunk(|w| man.render_name_section(w))?;
    out += &chunk(|w| man.render_synopsis_section(w))?;
    out += &chunk(|w| man.render_description_section(w))?;
    out += &chunk(|w| man.render_options_section(w))?;
    let mut commands = Roff::new();
    commands.control("SH", ["COMMANDS"]);
    commands.text([
        roman("Every command with its flags, as "),
        bold("wacost COMMAND --help"),
        roman(" prints them."),
    ]);
    out += &roff_text(&commands);
    for sub in documented(cmd) {
        command_section(sub, &mut out)?;
    }
    out += &roff_text(&tail());
    out += &chunk(|w| man.render_version_section(w))?;
    Ok(out)
}

/// A subcommand's subsection, then its own subcommands' (depth first).
fn command_section(cmd: &clap::Command, out: &mut String) -> io::Result<()> {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let mut heading = Roff::new();
    heading.control("SS", [name]);
    *out += &roff_text(&heading);
    let man = Man::new(cmd.clone());
    *out += &demoted(&chunk(|w| man.render_synopsis_section(w))?);
    *out += &demoted(&chunk(|w| man.render_description_section(w))?);
    if cmd.get_after_long_help().is_some() || cmd.get_after_help().is_some() {
        *out += &demoted(&chunk(|w| man.render_extra_section(w))?);
    }
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        *out += &demoted(&chunk(|w| man.render_options_section(w))?);
    }
    for sub in documented(cmd) {
        command_section(sub, out)?;
    }
    Ok(())
}

/// EXIT STATUS and ENVIRONMENT.
fn tail() -> Roff {
    let mut r = Roff::new();
    r.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "Success."),
        (
            "1",
            "The input was good but a file or standard output could not be written, the window \
             could not open, or (solve) no volume fits the budget.",
        ),
        (
            "2",
            "Bad input: a file, a flag or a value; the message names it.",
        ),
    ] {
        r.control("TP", []);
        r.text([bold(code)]);
        r.text([roman(meaning)]);
    }
    r.control("SH", ["ENVIRONMENT"]);
    for (var, meaning) in [
        (
            crate::io::rates::USER_RATES_ENV,
            "The per-user rates folder, whose cards add to or override the shipped ones \
             (default: ~/.local/share/wacost/rates on Linux).",
        ),
        (
            "WACOST_PRESETS",
            "The file of saved import presets (default: import-presets.json in \
             ~/.config/wacost on Linux).",
        ),
        (
            "WACOST_DATA_HOME",
            "The window's data folder: the recovery file of unsaved work and the window's state \
             (default: ~/.local/share/wacost on Linux).",
        ),
    ] {
        r.control("TP", []);
        r.text([bold(var)]);
        r.text([roman(meaning)]);
    }
    r
}

/// Writes wacost.1 (what [`page`] prints) and clap_mangen's page of every subcommand at every
/// depth into `dir`, each replaced whole; returns how many.
pub fn write_pages(cmd: &clap::Command, dir: &Path) -> io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let top = page(cmd)?;
    crate::io::atomic::write_atomic(&dir.join("wacost.1"), top.as_bytes())?;
    let mut written = 1;
    let mut stack: Vec<&clap::Command> = documented(cmd).collect();
    while let Some(sub) = stack.pop() {
        let man = man_of(sub);
        let mut bytes = Vec::new();
        man.render(&mut bytes)?;
        crate::io::atomic::write_atomic(&dir.join(man.get_filename()), &bytes)?;
        written += 1;
        stack.extend(documented(sub));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(date: &str) -> String {
        let mut out = Vec::new();
        man_dated(&tree(), date).render_title(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_header_keeps_its_fields_in_place_without_a_date() {
        let version = env!("CARGO_PKG_VERSION");
        assert!(title("2026-12-02").ends_with(&format!(
            ".TH WACOST 1 2026-12-02 \"wacost {version}\" \"User Commands\"\n"
        )));
        assert!(title("").ends_with(&format!(
            ".TH WACOST 1 \\& \"wacost {version}\" \"User Commands\"\n"
        )));
    }
}
