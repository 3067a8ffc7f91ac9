//! `cargo xtask regen [--check]`: writes the graph-api crate (`generated/`: Cargo.toml,
//! src/lib.rs, src/generated/) from `specs/`, or with `--check` fails (naming the stale
//! files) when what is there differs from what `specs/` produce. The runtime in
//! `generated/src/runtime/` is hand-written and is the source the generator embeds, so it
//! is neither written nor checked here.

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
    let krate = root.join("generated");
    let out = krate.join("src/generated");
    let (files, diags, report) = graphgen::generate(&specs, "graph-api")?;
    let files: Vec<_> = files
        .into_iter()
        .filter(|f| !f.path.starts_with("src/runtime/"))
        .collect();
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    if diags.has_errors() {
        return Err("specs/ has errors; fix them before regenerating".into());
    }
    let mut stale = Vec::new();
    let wanted: Vec<PathBuf> = files.iter().map(|f| krate.join(&f.path)).collect();
    for f in &files {
        let p = krate.join(&f.path);
        let current = std::fs::read_to_string(&p).ok();
        if current.as_deref() != Some(f.contents.as_str()) {
            stale.push(p.clone());
            if !check {
                if let Some(dir) = p.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                std::fs::write(&p, &f.contents).map_err(|e| format!("{}: {e}", p.display()))?;
            }
        }
    }
    // Files the generator no longer produces are stale too.
    if let Ok(entries) = std::fs::read_dir(&out) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs") && !wanted.contains(&e.path()) {
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
        "regenerated {} of {} files in generated/ ({} modules, {} request functions, {} example tests, {} of them ignored as wrong on the page)",
        stale.len(),
        files.len(),
        report.modules,
        report.functions,
        report.examples.tests,
        report.examples.wrong.len()
    );
    for w in &report.examples.wrong {
        println!("  wrong example: {w}");
    }
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
