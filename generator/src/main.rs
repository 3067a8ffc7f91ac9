//! The `graphgen` command line: a thin shell over the library.

use clap::{Parser, Subcommand, ValueEnum};
use graphgen::diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "graphgen",
    version,
    about = "Graph-style Markdown reference pages → typed Rust client"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Reads the pages and prints every diagnostic; exits 1 when any is an error.
    Check {
        /// Folder of pages.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Prints the resolved intermediate representation as YAML.
    Ir {
        /// Folder of pages.
        dir: PathBuf,
    },
    /// Writes the generated Rust code into OUT: the module files, or with --crate-name a
    /// complete crate.
    Generate {
        /// Folder of pages (or use --from-openapi).
        #[arg(required_unless_present = "from_openapi")]
        dir: Option<PathBuf>,
        /// Read an OpenAPI 3.0/3.1 document (YAML or JSON) instead of a folder of pages.
        #[arg(long, conflicts_with = "dir")]
        from_openapi: Option<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Write a complete crate of this name (Cargo.toml and src/) instead of module files.
        #[arg(long)]
        crate_name: Option<String>,
    },
}

fn print_diags(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check { dir, format } => {
            let (ir, diags) =
                graphgen::load(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
            for d in diags.iter() {
                *by_kind.entry(d.kind).or_default() += 1;
            }
            match format {
                Format::Json => {
                    let v = serde_json::json!({
                        "types": ir.types.len(),
                        "enums": ir.enums.len(),
                        "operations": ir.operations.len(),
                        "by_kind": by_kind,
                        "diagnostics": diags.sorted(),
                    });
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
                    );
                }
                Format::Text => {
                    for d in diags.sorted() {
                        println!("{d}");
                    }
                    println!(
                        "{} types, {} enums, {} operations; {} diagnostics",
                        ir.types.len(),
                        ir.enums.len(),
                        ir.operations.len(),
                        diags.len()
                    );
                    for (k, n) in &by_kind {
                        println!("  {k}: {n}");
                    }
                }
            }
            Ok(if diags.has_errors() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Ir { dir } => {
            let (ir, diags) =
                graphgen::load(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            print_diags(&diags);
            print!("{}", serde_yaml::to_string(&ir).map_err(|e| e.to_string())?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            dir,
            from_openapi,
            out,
            crate_name,
        } => {
            let (ir, diags) = match (dir, from_openapi) {
                (Some(dir), _) => {
                    graphgen::load(&dir).map_err(|e| format!("{}: {e}", dir.display()))?
                }
                (None, Some(file)) => graphgen::load_openapi(&file)?,
                (None, None) => return Err("give a folder of pages or --from-openapi FILE".into()),
            };
            print_diags(&diags);
            let files = match crate_name {
                Some(name) => graphgen::emit::crate_files(&ir, &name)?,
                None => graphgen::emit::generate(&ir)?,
            };
            std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
            for f in files {
                let p = out.join(&f.path);
                std::fs::write(&p, f.contents).map_err(|e| format!("{}: {e}", p.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("graphgen: {e}");
            ExitCode::FAILURE
        }
    }
}
