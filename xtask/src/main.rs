//! `cargo xtask regen [--check]`: writes `generated/src/generated/` from `specs/`, or with
//! `--check` fails (naming the stale files) when what is there differs from what `specs/`
//! produce.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn regen(check: bool) -> Result<ExitCode, String> {
    let root = root();
    let specs = root.join("specs");
    let out = root.join("generated/src/generated");
    let (files, diags) = graphgen::generate(&specs)?;
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    if diags.has_errors() {
        return Err("specs/ has errors; fix them before regenerating".into());
    }
    let mut stale = Vec::new();
    let wanted: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for f in &files {
        let p = out.join(&f.path);
        let current = std::fs::read_to_string(&p).ok();
        if current.as_deref() != Some(f.contents.as_str()) {
            stale.push(p.clone());
            if !check {
                std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
                std::fs::write(&p, &f.contents).map_err(|e| format!("{}: {e}", p.display()))?;
            }
        }
    }
    // Files the generator no longer produces are stale too.
    if let Ok(entries) = std::fs::read_dir(&out) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs") && !wanted.contains(&name.as_str()) {
                stale.push(e.path());
                if !check {
                    std::fs::remove_file(e.path())
                        .map_err(|err| format!("{}: {err}", e.path().display()))?;
                }
            }
        }
    }
    if check {
        if stale.is_empty() {
            println!(
                "generated/ is up to date with specs/ ({} files)",
                files.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        for p in &stale {
            eprintln!("stale: {}", p.strip_prefix(&root).unwrap_or(p).display());
        }
        eprintln!("generated/ differs from what specs/ produce: run `cargo xtask regen`");
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "regenerated {} of {} files in generated/src/generated",
        stale.len(),
        files.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["regen"] => regen(false),
        ["regen", "--check"] => regen(true),
        _ => Err("usage: cargo xtask regen [--check]".into()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
