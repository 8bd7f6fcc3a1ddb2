//! Every file wacost writes goes through here, so that none is ever left half written, none
//! replaces an input, and no file planted by someone else is followed.
//!
//! A write creates a temporary beside the target with a random name and `O_EXCL` (the
//! `tempfile` crate: a symlink or file already at that name makes the create fail instead of
//! being followed), writes it, flushes it to disk, renames it over the target and flushes the
//! folder, so that after a crash the target is either the old file or the whole new one. The
//! temporary is removed on every error path (when the process is killed it stays, under a
//! hidden random name that nothing reuses).
//!
//! Writers that read, merge and rewrite a shared file (the rates folder, the presets file) hold
//! a [`FileLock`] from before the read to after the rename, so two processes never lose each
//! other's update.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder a file lives in ("." for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Replaces `path` with `bytes`, all or nothing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Replaces `path` with what `write` writes, all or nothing: if `write` fails, the target is
/// untouched and the temporary is gone.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = folder_of(path);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} is not a file path", path.display())))?;
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets the usual 0666 less the umask (tempfile's default is 0600); a
        // replaced one keeps its mode, so a plan the user made private stays private.
        let mode = fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    // Dropped on any early return below: the temporary is removed.
    let tmp = builder.tempfile_in(dir)?;
    {
        let mut w = io::BufWriter::new(tmp.as_file());
        write(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_folder(dir);
    remove_stale_temporaries(dir, &name.to_string_lossy());
    Ok(())
}

/// How old a temporary of a killed write must be before the next write of the same file
/// removes it: no write takes this long.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Removes the temporaries that killed writes of `dir/name` left behind, once they are a day
/// old: this writer's `.NAME.XXXXXX.tmp` and the older writer's `.NAME.tmp-PID`. Only names of
/// exactly those shapes are touched, and a symlink is removed, never followed.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let ours = rest
            .strip_suffix(".tmp")
            .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()));
        let older = rest
            .strip_prefix("tmp-")
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if !(ours || older) {
            continue;
        }
        let stale = fs::symlink_metadata(entry.path())
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Flushes a folder's entries (the rename) to disk. Best effort: some file systems refuse to
/// open or sync a folder, and the file itself is already safe.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The path as it will still mean the same file after the working folder changes: the
/// canonical path when the file exists, else the absolute one (or the path itself if even that
/// cannot be had).
pub fn absolute(path: &Path) -> PathBuf {
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `a` and `b` name the same existing file: the same device and inode (a hard link, a
/// symlink or another spelling of the path all count), or the same canonical path elsewhere.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// An exclusive advisory lock on a lock file (`flock` on Unix, `LockFileEx` on Windows, through
/// std's `File::lock`), held until dropped. Only wacost's own writers take it; readers need
/// none, because every write is an atomic rename.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Waits for the lock on `lock_path`, creating the file (and its folder) if needed. The
    /// lock file is never written, and a symlink planted at its name is refused, not followed.
    pub fn acquire(lock_path: &Path) -> io::Result<FileLock> {
        fs::create_dir_all(folder_of(lock_path))?;
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW).mode(0o644);
        }
        let file = options.open(lock_path)?;
        file.lock()?;
        Ok(FileLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names(dir.path()), ["plan.json"]);
    }

    #[test]
    fn day_old_temporaries_of_the_same_file_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - STALE_AFTER * 2;
        let make = |name: &str, when: std::time::SystemTime| {
            let f = File::create(dir.path().join(name)).unwrap();
            f.set_modified(when).unwrap();
        };
        make(".plan.json.a1B2c3.tmp", old);
        make(".plan.json.tmp-4242", old);
        make(".plan.json.Zz9Yy8.tmp", std::time::SystemTime::now());
        make(".plan.json.notes.tmp", old);
        make(".other.json.a1B2c3.tmp", old);
        make("plan.json.a1B2c3.tmp", old);
        write_atomic(&dir.path().join("plan.json"), b"new").unwrap();
        assert_eq!(
            names(dir.path()),
            [
                ".other.json.a1B2c3.tmp",
                ".plan.json.Zz9Yy8.tmp",
                ".plan.json.notes.tmp",
                "plan.json",
                "plan.json.a1B2c3.tmp"
            ]
        );
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-dir").join("plan.json");
        assert!(write_atomic(&missing, b"new").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_writer_that_fails_midway_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        fs::write(&path, "old").unwrap();
        let e = write_atomic_with(&path, |w| {
            w.write_all(&[b'x'; 100_000])?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "disk full");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names(dir.path()), ["report.csv"]);
    }

    #[test]
    fn a_rename_onto_a_folder_fails_and_removes_the_temporary() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("out.csv")).unwrap();
        fs::write(dir.path().join("out.csv").join("keep"), "x").unwrap();
        assert!(write_atomic(&dir.path().join("out.csv"), b"new").is_err());
        assert_eq!(names(dir.path()), ["out.csv"]);
        assert_eq!(names(&dir.path().join("out.csv")), ["keep"]);
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_the_usual_for_new_files_and_kept_for_replaced_ones() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.csv");
        write_atomic(&new, b"x").unwrap();
        let mode = fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        // 0666 less the umask: at least readable and writable by its owner, never executable.
        assert_eq!(mode & 0o600, 0o600, "{mode:o}");
        assert_eq!(mode & 0o111, 0, "{mode:o}");
        let private = dir.path().join("private.json");
        fs::write(&private, "old").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&private, b"new").unwrap();
        let mode = fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_at_the_lock_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("victim"), "precious").unwrap();
        std::os::unix::fs::symlink("victim", dir.path().join(".lock")).unwrap();
        assert!(FileLock::acquire(&dir.path().join(".lock")).is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join("victim")).unwrap(),
            "precious"
        );
    }

    #[test]
    fn the_lock_is_exclusive_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("sub").join(".lock");
        let held = FileLock::acquire(&lock).unwrap();
        let other = File::open(&lock).unwrap();
        assert!(other.try_lock().is_err(), "a second lock while held");
        drop(held);
        assert!(other.try_lock().is_ok(), "free once dropped");
    }

    #[test]
    fn same_file_sees_through_spellings_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("u.csv");
        fs::write(&a, "x").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(same_file(
            &a,
            &dir.path().join("sub").join("..").join("u.csv")
        ));
        fs::hard_link(&a, dir.path().join("link.csv")).unwrap();
        assert!(same_file(&a, &dir.path().join("link.csv")));
        fs::write(dir.path().join("other.csv"), "x").unwrap();
        assert!(!same_file(&a, &dir.path().join("other.csv")));
        assert!(!same_file(&a, &dir.path().join("missing.csv")));
    }

    #[test]
    fn absolute_paths_do_not_depend_on_the_working_folder() {
        assert!(absolute(Path::new("plan.json")).is_absolute());
        assert!(absolute(Path::new("no/such/folder/plan.json")).is_absolute());
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        fs::write(&a, "x").unwrap();
        assert_eq!(
            absolute(&dir.path().join(".").join("a.json")),
            fs::canonicalize(&a).unwrap()
        );
    }
}
