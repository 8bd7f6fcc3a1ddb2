//! The house rules of the window's code that the compiler does not check (docs/ARCHITECTURE.md):
//! no panel knows the app, and no two files of `src/gui` import each other in a circle.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn gui_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            gui_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/gui/app/mod.rs` → [gui, app]; `src/gui/app/jobs.rs` →
/// [gui, app, jobs].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The file of the deepest module that `path` names (module path from `src`).
fn file_of(src: &Path, path: &[String]) -> Option<PathBuf> {
    (1..=path.len()).rev().find_map(|n| {
        let base = path[..n].iter().fold(src.to_path_buf(), |p, s| p.join(s));
        [base.with_extension("rs"), base.join("mod.rs")]
            .into_iter()
            .find(|f| f.is_file())
    })
}

/// The files of `src/gui` that `file` imports or names by path.
fn imports(src: &Path, file: &Path, text: &str) -> BTreeSet<PathBuf> {
    let me = module_of(src, file);
    let children: BTreeSet<String> = text
        .lines()
        .filter_map(|l| {
            let l = l.trim().trim_start_matches("pub ");
            l.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_string)
        })
        .collect();
    let mut out = BTreeSet::new();
    // Test modules are inline (their `super` is the file itself) and import nothing of note.
    for line in text.lines().take_while(|l| !l.contains("#[cfg(test)]")) {
        let code = line.split("//").next().unwrap_or("");
        let bytes: Vec<char> = code.chars().collect();
        let mut i = 0;
        while i < bytes.len() {
            let starts_word = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
            let rest: String = bytes[i..].iter().collect();
            let head = ["crate::", "super::", "self::"]
                .into_iter()
                .find(|h| rest.starts_with(h))
                .or_else(|| {
                    // `use child::...` inside a mod.rs names a child module.
                    children
                        .iter()
                        .find(|c| rest.starts_with(&format!("{c}::")))
                        .map(|_| "")
                });
            match head {
                Some(h) if starts_word => {
                    let segs: Vec<String> = rest[h.len()..]
                        .split("::")
                        .map(|s| {
                            s.chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_')
                                .collect::<String>()
                        })
                        .take_while(|s| !s.is_empty())
                        .collect();
                    let mut path = match h {
                        "crate::" => Vec::new(),
                        "super::" => {
                            // The parent module, for a mod.rs as for a plain file.
                            let mut p = me.clone();
                            p.pop();
                            p
                        }
                        _ => me.clone(),
                    };
                    path.extend(segs);
                    if path.first().is_some_and(|p| p == "gui")
                        && let Some(target) = file_of(src, &path)
                        && target != file
                    {
                        out.insert(target);
                    }
                    i += h.len().max(1);
                }
                _ => i += 1,
            }
        }
    }
    out
}

#[test]
fn no_panel_knows_the_app_and_no_gui_file_imports_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    gui_files(&src.join("gui"), &mut files);
    files.sort();
    let mut graph: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        if f.starts_with(src.join("gui/panels")) {
            assert!(
                !text.contains("WacostApp"),
                "{} names WacostApp: a panel gets a PanelCtx",
                f.display()
            );
        }
        graph.insert(f.clone(), imports(&src, f, &text));
    }
    // The graph must have edges to be a check at all: panels import the context.
    let ctx = src.join("gui/ctx.rs");
    assert!(graph[&src.join("gui/panels/plan.rs")].contains(&ctx));
    // Depth-first search for a back edge.
    fn visit(
        f: &PathBuf,
        graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        state: &mut BTreeMap<PathBuf, u8>,
        stack: &mut Vec<PathBuf>,
    ) {
        state.insert(f.clone(), 1);
        stack.push(f.clone());
        for g in graph.get(f).into_iter().flatten() {
            match state.get(g) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == g).unwrap();
                    let circle: Vec<String> = stack[at..]
                        .iter()
                        .chain(std::iter::once(g))
                        .map(|p| p.display().to_string())
                        .collect();
                    panic!(
                        "files import each other in a circle: {}",
                        circle.join(" → ")
                    );
                }
                Some(_) => {}
                None => visit(g, graph, state, stack),
            }
        }
        stack.pop();
        state.insert(f.clone(), 2);
    }
    let mut state = BTreeMap::new();
    for f in &files {
        if !state.contains_key(f) {
            visit(f, &graph, &mut state, &mut Vec::new());
        }
    }
}
