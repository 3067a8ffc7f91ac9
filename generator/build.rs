//! Embeds the hand-written runtime (`../generated/src/runtime/*.rs`) so that
//! `graphgen generate --crate-name` can write it into every crate it generates. The
//! runtime has one source of truth: the files in the graph-api crate.
//!
//! The folder is found from `CARGO_MANIFEST_DIR` as cargo sets it when it runs this script,
//! not as it was when the script was compiled: a target folder shared between two checkouts
//! (a global `CARGO_TARGET_DIR`, git worktrees) reuses the compiled script, which must still
//! embed the runtime of the checkout being built. A missing or empty runtime folder fails
//! the build: a generator without its runtime writes crates that cannot compile.

use std::path::{Path, PathBuf};

mod shared_cfg;

fn main() {
    shared_cfg::emit();
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .map_err(|_| "CARGO_MANIFEST_DIR is not set: run this build script through cargo")?;
    let dir = Path::new(&manifest).join("../generated/src/runtime");
    println!("cargo:rerun-if-changed={}", dir.display());
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        format!(
            "the runtime folder {} cannot be read ({e}); graphgen embeds the hand-written \
             runtime of the graph-api crate and cannot be built without it",
            dir.display()
        )
    })?;
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "rs") {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "the runtime folder {} has no .rs files; graphgen cannot be built without its runtime",
            dir.display()
        ));
    }
    let mut out = String::from(
        "/// The runtime's files: (name, contents).\npub const RUNTIME_FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").map_err(|_| "OUT_DIR is not set")?;
    let dest = Path::new(&out_dir).join("runtime_files.rs");
    std::fs::write(&dest, out).map_err(|e| format!("cannot write {}: {e}", dest.display()))
}
