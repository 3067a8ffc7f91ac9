//! graphgen: Microsoft Graph-style Markdown reference pages → a typed Rust client.
//!
//! The data's path, one module each:
//! pages ([`parse`]) → IR ([`ir`]) → resolved IR ([`resolve`]) → plan ([`plan`]: kinds,
//! names, navigation chains) → tokens and files ([`emit`], with names from [`naming`]) → files on disk ([`output`]). [`openapi`] writes the resolved IR as an
//! OpenAPI 3 document and reads one back into the same IR. Problems along the way are
//! [`diagnostics`], never panics.

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod naming;
pub mod openapi;
pub mod output;
pub mod parse;
pub mod plan;
pub mod resolve;

use diagnostics::Diagnostics;
use std::path::Path;

/// Reads every page below `dir` and resolves the references between them.
pub fn load(dir: &Path) -> std::io::Result<(ir::Ir, Diagnostics)> {
    load_with_progress(dir, &mut |_, _| {})
}

/// [`load`], calling `progress(done, total)` as pages are read.
pub fn load_with_progress(
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> std::io::Result<(ir::Ir, Diagnostics)> {
    let mut diags = Diagnostics::new();
    let mut ir = parse::parse_dir_with_progress(dir, &mut diags, progress)?;
    resolve::resolve(&mut ir, &mut diags);
    Ok((ir, diags))
}

/// Reads an OpenAPI 3.0/3.1 document (YAML or JSON) into resolved IR. Constructs the IR
/// cannot represent are diagnostics (naming the JSON pointer); a file that is no OpenAPI 3
/// document at all is an error.
pub fn load_openapi(file: &Path) -> Result<(ir::Ir, Diagnostics), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut diags = Diagnostics::new();
    let label = file.display().to_string();
    match openapi::import::import(&text, &label, &mut diags) {
        Some(ir) => Ok((ir, diags)),
        None => Err(diags
            .sorted()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// Reads `dir` and emits a complete crate named `crate_name`.
pub fn generate(
    dir: &Path,
    crate_name: &str,
) -> Result<(Vec<emit::GeneratedFile>, Diagnostics, emit::Report), String> {
    let (ir, mut diags) = load(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (files, report) = emit::crate_files_with_report(&ir, crate_name)?;
    for d in &report.diagnostics {
        diags.warn(&d.file, d.line, d.kind, d.message.clone());
    }
    Ok((files, diags, report))
}
