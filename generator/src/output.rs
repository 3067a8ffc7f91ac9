//! Files → disk: what differs between the generated files and a crate folder, and
//! bringing the folder up to date. `cargo xtask regen [--check]`, `graphgen generate` and
//! the test that the committed crate is current all use this one comparison.

use crate::emit::GeneratedFile;
use std::fmt;
use std::path::{Path, PathBuf};

/// The folder (relative to a crate root) that belongs to the generator whole: a `.rs` file
/// there that the generator no longer writes is stale too.
pub const OWNED_DIR: &str = "src/generated";

/// How a file on disk differs from what the generator produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The file is there with other contents (or cannot be read as UTF-8).
    Differs,
    /// The file is not there.
    Missing,
    /// The file is in [`OWNED_DIR`] but the generator no longer writes it.
    Extra,
}

/// One file that is not what the generator produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// How it differs.
    pub change: Change,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.change {
            Change::Differs => "differs from what the generator produces",
            Change::Missing => "is missing",
            Change::Extra => "is no longer generated",
        };
        write!(f, "{} {why}", self.path)
    }
}

/// The files under `krate` that are not what `files` say: differing, missing, and extra
/// `.rs` files in [`OWNED_DIR`]. Sorted by path.
pub fn stale(krate: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    let mut out = Vec::new();
    for f in files {
        let p = krate.join(&f.path);
        match std::fs::read(&p) {
            Ok(bytes) if bytes == f.contents.as_bytes() => {}
            Ok(_) => out.push(Stale {
                path: f.path.clone(),
                change: Change::Differs,
            }),
            Err(_) => out.push(Stale {
                path: f.path.clone(),
                change: Change::Missing,
            }),
        }
    }
    if let Ok(entries) = std::fs::read_dir(krate.join(OWNED_DIR)) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = format!("{OWNED_DIR}/{name}");
            if name.ends_with(".rs") && !files.iter().any(|f| f.path == rel) {
                out.push(Stale {
                    path: rel,
                    change: Change::Extra,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Brings `krate` up to date with `files`: writes what differs or is missing, removes what
/// is no longer generated. Returns what it changed.
pub fn write(krate: &Path, files: &[GeneratedFile]) -> Result<Vec<Stale>, String> {
    let changes = stale(krate, files);
    let apply = |s: &Stale| -> Result<(), String> {
        let p: PathBuf = krate.join(&s.path);
        match s.change {
            Change::Extra => std::fs::remove_file(&p).map_err(|e| format!("{}: {e}", p.display())),
            Change::Differs | Change::Missing => {
                let contents = files
                    .iter()
                    .find(|f| f.path == s.path)
                    .map(|f| f.contents.as_str())
                    .unwrap_or_default();
                if let Some(dir) = p.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                std::fs::write(&p, contents).map_err(|e| format!("{}: {e}", p.display()))
            }
        }
    };
    // Files are independent: half of them are written on a second thread (the pages of a
    // new file cost the kernel about as much as making its text here).
    let (first, second) = changes.split_at(changes.len() / 2);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| second.iter().try_for_each(apply));
        let done = first.iter().try_for_each(apply);
        let rest = later
            .join()
            .unwrap_or_else(|_| Err("a file-writing thread panicked".to_owned()));
        done.and(rest)
    })?;
    Ok(changes)
}

/// What `specs/` of the workspace at `root` produce for its `generated/` crate (graph-api):
/// every generated file but the runtime, which is the hand-written source the generator
/// embeds and so is neither written nor checked.
pub fn workspace_crate(
    root: &Path,
) -> Result<
    (
        Vec<GeneratedFile>,
        crate::diagnostics::Diagnostics,
        crate::emit::Report,
    ),
    String,
> {
    let (files, diags, report) = crate::generate(&root.join("specs"), "graph-api")?;
    let files = files
        .into_iter()
        .filter(|f| !f.path.starts_with("src/runtime/"))
        .collect();
    Ok((files, diags, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn differing_missing_and_extra_files_are_stale_and_written_away() {
        let dir = std::env::temp_dir().join(format!("graphgen-output-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(OWNED_DIR)).expect("mkdir");
        std::fs::write(dir.join("src/generated/a.rs"), "old").expect("write");
        std::fs::write(dir.join("src/generated/gone.rs"), "x").expect("write");
        std::fs::write(dir.join("src/generated/notes.txt"), "kept").expect("write");
        std::fs::write(dir.join("Cargo.toml"), "same").expect("write");
        let files = [
            file("Cargo.toml", "same"),
            file("src/generated/a.rs", "new"),
            file("tests/examples.rs", "t"),
        ];
        let got = stale(&dir, &files);
        let summary: Vec<(&str, Change)> =
            got.iter().map(|s| (s.path.as_str(), s.change)).collect();
        assert_eq!(
            summary,
            [
                ("src/generated/a.rs", Change::Differs),
                ("src/generated/gone.rs", Change::Extra),
                ("tests/examples.rs", Change::Missing),
            ]
        );
        assert_eq!(write(&dir, &files).expect("write"), got);
        assert!(stale(&dir, &files).is_empty());
        assert!(dir.join("src/generated/notes.txt").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
