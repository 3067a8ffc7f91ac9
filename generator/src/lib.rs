//! graphgen: Microsoft Graph-style Markdown reference pages → a typed Rust client.
//!
//! The data's path, one module each:
//! pages ([`parse`]) → IR ([`ir`]) → resolved IR ([`resolve`]) → tokens and files
//! ([`emit`], with names from [`naming`]). Problems along the way are
//! [`diagnostics`], never panics.

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod naming;
pub mod parse;
pub mod resolve;

use diagnostics::Diagnostics;
use std::path::Path;

/// Reads every page below `dir` and resolves the references between them.
pub fn load(dir: &Path) -> std::io::Result<(ir::Ir, Diagnostics)> {
    let mut diags = Diagnostics::new();
    let mut ir = parse::parse_dir(dir, &mut diags)?;
    resolve::resolve(&mut ir, &mut diags);
    Ok((ir, diags))
}

/// Reads an OpenAPI 3.0/3.1 document (YAML or JSON) into resolved IR.
pub fn load_openapi(file: &Path) -> Result<(ir::Ir, Diagnostics), String> {
    Err(format!(
        "{}: reading OpenAPI is not implemented yet",
        file.display()
    ))
}

/// Reads `dir` and emits the generated module's files.
pub fn generate(dir: &Path) -> Result<(Vec<emit::GeneratedFile>, Diagnostics), String> {
    let (ir, diags) = load(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let files = emit::generate(&ir)?;
    Ok((files, diags))
}
