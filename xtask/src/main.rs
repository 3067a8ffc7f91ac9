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
    let krate = root.join("generated");
    let (files, diags, report) = graphgen::output::workspace_crate(&root)?;
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    if diags.has_errors() {
        return Err("specs/ has errors; fix them before regenerating".into());
    }
    if check {
        let stale = graphgen::output::stale(&krate, &files);
        if stale.is_empty() {
            println!(
                "generated/ is up to date with specs/ ({} files)",
                files.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        for s in &stale {
            eprintln!("stale: generated/{s}");
        }
        eprintln!("generated/ differs from what specs/ produce: run `cargo xtask regen`");
        return Ok(ExitCode::FAILURE);
    }
    let changed = graphgen::output::write(&krate, &files)?;
    for s in &changed {
        println!("updated: generated/{s}");
    }
    println!(
        "regenerated {} of {} files in generated/ ({} modules, {} request functions, {} example tests, {} of them ignored as wrong on the page)",
        changed.len(),
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
