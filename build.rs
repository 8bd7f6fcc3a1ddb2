//! Puts the commit wacost is built from into `wacost --version`: `WACOST_COMMIT` is
//! "c9ed3cf 2026-12-02" (the short hash and the commit's date) when git and the package's own
//! repository are there, else "unknown commit" (a tarball, `cargo install` from a copy), and
//! `WACOST_COMMIT_DATE` the date alone (empty when unknown; the man page's date). It never fails
//! the build.
//!
//! It reruns only when the commit can have changed: HEAD and its log, the branch HEAD names and
//! the packed refs (a worktree's HEAD is in its own git folder, the branches in the common one).

use std::path::{Path, PathBuf};
use std::process::Command;

const UNKNOWN: &str = "unknown commit";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let commit = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => commit_of(Path::new(&dir)),
        None => None,
    };
    match commit {
        Some((hash, date)) => {
            println!("cargo:rustc-env=WACOST_COMMIT={hash} {date}");
            println!("cargo:rustc-env=WACOST_COMMIT_DATE={date}");
        }
        None => {
            println!("cargo:rustc-env=WACOST_COMMIT={UNKNOWN}");
            println!("cargo:rustc-env=WACOST_COMMIT_DATE=");
        }
    }
}

/// The short hash and the date of HEAD when `dir` is the top of a git repository; prints the
/// files to watch.
fn commit_of(dir: &Path) -> Option<(String, String)> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    // A copy of the package inside some other repository is not built from that repository's
    // commit.
    if !same_dir(Path::new(&top), dir) {
        return None;
    }
    let git_dir = PathBuf::from(git(dir, &["rev-parse", "--absolute-git-dir"])?);
    let common_dir = dir.join(git(dir, &["rev-parse", "--git-common-dir"])?);
    watch(&git_dir.join("HEAD"));
    // Appended to whenever HEAD moves, also when the branch's ref is packed.
    watch(&git_dir.join("logs").join("HEAD"));
    watch(&common_dir.join("packed-refs"));
    if let Some(branch) = git(dir, &["rev-parse", "--symbolic-full-name", "HEAD"])
        && branch.starts_with("refs/")
    {
        watch(&git_dir.join(&branch));
        watch(&common_dir.join(&branch));
    }
    let hash = git(dir, &["rev-parse", "--short", "HEAD"])?;
    let date = git(dir, &["log", "-1", "--format=%cs", "HEAD"])?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    (plain(&hash) && plain(&date)).then_some((hash, date))
}

/// A path cargo should watch; only one that exists (a missing one would rerun every build).
fn watch(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// One line of git's output, or None when git is missing, fails or says nothing.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let line = text.trim();
    (!line.is_empty() && !line.contains('\n')).then(|| line.to_owned())
}
