//! `wacost completions SHELL`, `wacost man` and `wacost --version` through the built binary.
//! The completion script and the man page are checked against clap's own command tree
//! (`wacost::cli::command`), walked at every depth: a new subcommand or flag that either of them
//! missed fails here.

// A test that cannot read its own output fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

mod common;
use common::wacost;

/// A command of the tree: the words after `wacost` ("rates list"; none for wacost itself), its
/// long flags and its subcommands' names.
#[derive(Debug)]
struct Cmd {
    path: Vec<String>,
    longs: Vec<String>,
    subs: Vec<String>,
}

impl Cmd {
    fn name(&self) -> String {
        std::iter::once("wacost".to_owned())
            .chain(self.path.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Every visible command at every depth, from clap's tree; clap's own `help` subcommand (which
/// prints the help of the others) is left out.
fn commands() -> Vec<Cmd> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Cmd>) {
        let subs: Vec<&clap::Command> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
            .collect();
        out.push(Cmd {
            path: path.clone(),
            longs: cmd
                .get_arguments()
                .filter(|a| !a.is_hide_set())
                .filter_map(|a| a.get_long())
                .map(str::to_owned)
                .collect(),
            subs: subs.iter().map(|s| s.get_name().to_owned()).collect(),
        });
        for sub in subs {
            let mut p = path.clone();
            p.push(sub.get_name().to_owned());
            walk(sub, p, out);
        }
    }
    let mut out = Vec::new();
    walk(&wacost::cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn the_walk_sees_the_whole_tree() {
    let cmds = commands();
    let names: Vec<String> = cmds.iter().map(Cmd::name).collect();
    for expected in [
        "wacost",
        "wacost estimate",
        "wacost rates list",
        "wacost rates derive",
        "wacost rates diff",
        "wacost gui",
        "wacost completions",
        "wacost man",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    let estimate = cmds.iter().find(|c| c.name() == "wacost estimate").unwrap();
    for flag in ["format", "variant", "currency", "strict", "rates", "help"] {
        assert!(estimate.longs.iter().any(|l| l == flag), "--{flag}");
    }
    assert!(cmds[0].longs.iter().any(|l| l == "version"));
}

fn bash_available() -> bool {
    Command::new("bash")
        .args(["--norc", "--noprofile", "-c", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

/// What bash offers when completing `words` (the last one being typed) with the script at
/// `script`: the script is sourced and its function called as bash's completion calls it.
fn bash_complete(script: &Path, words: &[&str]) -> Vec<String> {
    let driver = r#"source "$0" || exit 3
COMP_WORDS=("$@")
COMP_CWORD=$(( $# - 1 ))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_wacost wacost "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}""#;
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", driver])
        .arg(script)
        .args(words)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bash completing {words:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_bash_script_completes_every_subcommand_and_every_flag() {
    let script = wacost(["completions", "bash"]).ok();
    // What any script must hold, whatever the shell can run here.
    for cmd in commands() {
        for name in &cmd.subs {
            assert!(script.contains(name.as_str()), "{name} not in the script");
        }
        for long in &cmd.longs {
            assert!(
                script.contains(&format!("--{long}")),
                "--{long} not in the script"
            );
        }
    }
    if !bash_available() {
        eprintln!("no bash here: the script is not run");
        return;
    }
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("wacost.bash");
    std::fs::write(&path, &script).unwrap();
    for cmd in commands() {
        let mut words: Vec<&str> = vec!["wacost"];
        words.extend(cmd.path.iter().map(String::as_str));
        // `wacost rates list --<TAB>`: every long flag of that command.
        let offered = bash_complete(&path, &[words.as_slice(), &["--"]].concat());
        for long in &cmd.longs {
            assert!(
                offered.contains(&format!("--{long}")),
                "`{} --<TAB>` does not offer --{long}: {offered:?}",
                cmd.name()
            );
        }
        // `wacost rates <TAB>`: every subcommand.
        if !cmd.subs.is_empty() {
            let offered = bash_complete(&path, &[words.as_slice(), &[""]].concat());
            for sub in &cmd.subs {
                assert!(
                    offered.contains(sub),
                    "`{} <TAB>` does not offer {sub}: {offered:?}",
                    cmd.name()
                );
            }
        }
    }
}

/// A flag as roff writes it in bold: `\fB\-\-save\-preset\fR`.
fn roff_flag(long: &str) -> String {
    format!("\\fB\\-\\-{}\\fR", long.replace('-', "\\-"))
}

/// The lines of `page` from the line `start` up to the next section or subsection heading.
fn section(page: &str, start: &str) -> Option<String> {
    let mut lines = page.lines().skip_while(|l| *l != start);
    lines.next()?;
    Some(
        lines
            .take_while(|l| !l.starts_with(".SS ") && !l.starts_with(".SH "))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[test]
fn the_man_page_documents_every_subcommand_and_every_flag() {
    let page = wacost(["man"]).ok();
    assert!(page.contains(".TH WACOST 1 "), "{}", &page[..200]);
    for heading in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH VERSION",
    ] {
        assert!(page.lines().any(|l| l == heading), "{heading}");
    }
    let cmds = commands();
    // wacost itself: its flags under OPTIONS.
    let top = section(&page, ".SH OPTIONS").unwrap();
    for long in &cmds[0].longs {
        assert!(top.contains(&roff_flag(long)), "--{long} under OPTIONS");
    }
    // Every other command: its own subsection, with every flag.
    for cmd in &cmds[1..] {
        let heading = format!(".SS \"{}\"", cmd.name());
        let text = section(&page, &heading)
            .unwrap_or_else(|| panic!("no subsection {heading} in the man page"));
        assert!(
            text.contains(&format!("\\fB{}\\fR", cmd.name())),
            "{heading}: no synopsis"
        );
        for long in &cmd.longs {
            assert!(text.contains(&roff_flag(long)), "{heading}: no --{long}");
        }
    }
    // And no subsection for a command that is not in the tree.
    let subsections = page.lines().filter(|l| l.starts_with(".SS ")).count();
    assert_eq!(subsections, cmds.len() - 1);
    // The same bytes on every run (a package writes it at build time).
    assert_eq!(wacost(["man"]).ok(), page);
    // groff reads it without a warning, where groff is installed.
    if let Ok(out) = Command::new("groff")
        .args(["-k", "-man", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write as _;
            child.stdin.take().unwrap().write_all(page.as_bytes())?;
            child.wait_with_output()
        })
    {
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warns");
    }
}

#[test]
fn man_dir_writes_the_page_and_one_page_per_subcommand() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("man1");
    let run = wacost(["man", "--dir", out.to_str().unwrap()]);
    assert!(run.stderr.contains("manual pages"), "{}", run.stderr);
    assert!(run.ok().is_empty());
    let mut expected: Vec<String> = commands()
        .iter()
        .map(|c| format!("{}.1", c.name().replace(' ', "-")))
        .collect();
    expected.sort();
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    assert_eq!(
        std::fs::read_to_string(out.join("wacost.1")).unwrap(),
        wacost(["man"]).ok()
    );
    let list = std::fs::read_to_string(out.join("wacost-rates-list.1")).unwrap();
    assert!(list.contains(".TH WACOST-RATES-LIST 1 "));
    assert!(list.contains(&roff_flag("format")));

    // A folder that cannot be made: a failed write (exit 1), with a message.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let run = wacost(["man", "--dir", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("cannot write the manual pages"));
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn every_shell_gets_a_script_that_names_wacost() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = wacost(["completions", shell]).ok();
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        assert!(script.contains("wacost"), "{shell}");
        assert!(script.contains("rates"), "{shell}");
        assert_eq!(wacost(["completions", shell]).ok(), script, "{shell}");
    }
    if bash_available() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("wacost.bash");
        std::fs::write(&path, wacost(["completions", "bash"]).ok()).unwrap();
        let status = Command::new("bash")
            .args(["--norc", "--noprofile", "-n"])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "bash -n");
    }
}

#[test]
fn the_help_says_where_each_script_goes() {
    let help = wacost(["completions", "--help"]).ok();
    assert!(
        help.contains(
            "wacost completions bash > ~/.local/share/bash-completion/completions/wacost"
        ),
        "{help}"
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        assert!(
            help.contains(&format!("wacost completions {shell} ")),
            "{shell}"
        );
    }
}

#[test]
fn an_unknown_shell_is_bad_input() {
    let err = wacost(["completions", "tcsh"]).bad();
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
    assert!(
        err.contains("bash") && err.contains("zsh") && err.contains("powershell"),
        "{err}"
    );
    let err = wacost(["completions"]).bad();
    assert!(err.contains("<SHELL>"), "{err}");
}

/// "hash date" of the version, or None for "unknown commit"; panics on anything else.
fn commit_of(version_line: &str) -> Option<(String, String)> {
    let prefix = format!("wacost {} (", env!("CARGO_PKG_VERSION"));
    let inner = version_line
        .strip_prefix(&prefix)
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{version_line:?} is not \"{prefix}...)\""));
    if inner == "unknown commit" {
        return None;
    }
    let (hash, date) = inner.split_once(' ').unwrap();
    assert!(
        hash.len() >= 7 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{hash:?} is not a short commit hash"
    );
    let d: Vec<&str> = date.split('-').collect();
    assert!(
        d.len() == 3
            && [4, 2, 2]
                .iter()
                .zip(&d)
                .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit())),
        "{date:?} is not YYYY-MM-DD"
    );
    Some((hash.to_owned(), date.to_owned()))
}

#[test]
fn version_names_the_package_version_then_the_commit() {
    let long = wacost(["--version"]).ok();
    assert!(long.starts_with("wacost 0.1.0"), "{long}");
    let line = long.trim_end();
    assert!(!line.contains('\n'), "{long}");
    assert_eq!(wacost(["-V"]).ok(), long);
    let commit = commit_of(line);
    // Built from a git checkout of this package: the commit is HEAD's.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(manifest)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_owned())
    };
    let top = git(&["rev-parse", "--show-toplevel"]);
    let is_checkout =
        top.is_some_and(|t| Path::new(&t).canonicalize().ok() == manifest.canonicalize().ok());
    if is_checkout && let Some(head) = git(&["rev-parse", "HEAD"]) {
        let (hash, date) = commit.unwrap_or_else(|| panic!("{line}: a checkout has a commit"));
        assert!(head.starts_with(&hash), "{hash} is not HEAD ({head})");
        assert_eq!(Some(date), git(&["log", "-1", "--format=%cs", "HEAD"]));
    }
    // The man page's header carries the same date and version.
    let page = wacost(["man"]).ok();
    let version = page
        .lines()
        .skip_while(|l| *l != ".SH VERSION")
        .nth(1)
        .unwrap()
        .replace("\\-", "-");
    assert_eq!(version, format!("v{}", &line["wacost ".len()..]));
}

#[test]
fn a_name_that_is_neither_a_plan_file_nor_a_subcommand_is_refused_in_words() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wacost"))
        .arg("estmate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("estmate: no such plan file, and not a subcommand"),
        "{err}"
    );
}
