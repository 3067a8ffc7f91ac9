//! What the tests that generate a crate and run cargo on it share: writing the crate
//! where cargo builds it as a package of its own, and running cargo there.

use graphgen::emit::GeneratedFile;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes `files` as a crate in the system's temporary folder (outside the workspace, so
/// it is its own package), in a folder named after `tag` and this process; returns it.
pub fn write_crate(tag: &str, files: &[GeneratedFile]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("graphgen-{tag}-{}", std::process::id()));
    graphgen::output::write(&dir, files).expect("write the crate");
    std::fs::create_dir_all(dir.join("tests")).expect("mkdir tests");
    dir
}

/// Runs cargo with `args` in `dir`, building in `target`: whether it succeeded, and its
/// output (stdout, then stderr).
pub fn cargo(dir: &Path, target: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("run cargo");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}
