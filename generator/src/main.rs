//! The `graphgen` command line: a thin shell over the library.

use clap::{Parser, Subcommand, ValueEnum};
use graphgen::diagnostics::{Diagnostics, Kind};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Emitting allocates and frees millions of small token trees; mimalloc does that faster
/// than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Reads the pages and prints every diagnostic; exits 1 when any is an error. With
    /// --explain KIND (or --explain all), says what a diagnostic kind means instead.
    Check {
        /// Folder of pages.
        #[arg(required_unless_present = "explain")]
        dir: Option<PathBuf>,
        /// Explain a diagnostic kind (e.g. `dead-link`), or `all` of them.
        #[arg(long, value_name = "KIND")]
        explain: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Prints the resolved intermediate representation as YAML.
    Ir {
        /// Folder of pages.
        dir: PathBuf,
    },
    /// Writes an OpenAPI 3.0.3 document of what the pages say: YAML, or JSON when FILE
    /// ends in `.json`; to stdout (YAML) without -o.
    Openapi {
        /// Folder of pages.
        dir: PathBuf,
        /// Output file.
        #[arg(short, long)]
        out: Option<PathBuf>,
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
        /// Print the time of each phase and the peak memory (Linux) on stderr.
        #[arg(long)]
        stats: bool,
    },
}

/// Reads a folder of pages, with a progress bar when stderr is a terminal (quiet otherwise).
fn load(dir: &Path) -> Result<(graphgen::ir::Ir, Diagnostics), String> {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} pages")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message("reading");
        bar
    });
    let mut progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let result = graphgen::load_with_progress(dir, &mut progress)
        .map_err(|e| format!("{}: {e}", dir.display()));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}

fn print_diags(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check {
            explain: Some(kind),
            ..
        } => {
            let kinds: Vec<Kind> = if kind == "all" {
                Kind::ALL.to_vec()
            } else {
                vec![kind.parse::<Kind>()?]
            };
            for k in kinds {
                println!("{k} ({}):", k.category().label());
                for line in k.explain().lines() {
                    println!("  {}", line.trim());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            dir,
            format,
            explain: None,
        } => {
            let dir = dir.ok_or("give a folder of pages")?;
            let (ir, mut diags) = load(&dir)?;
            // What the plan finds: paths that cannot be navigated to their end.
            for d in graphgen::plan::Plan::new(&ir).diagnostics {
                diags.warn(&d.file, d.line, d.kind, d.message);
            }
            let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
            for d in diags.iter() {
                *by_kind.entry(d.kind.as_str()).or_default() += 1;
            }
            match format {
                Format::Json => {
                    let v = serde_json::json!({
                        "types": ir.types.len(),
                        "enums": ir.enums.len(),
                        "operations": ir.operations.len(),
                        "by_kind": by_kind,
                        "summary": diags.summary().into_iter().collect::<BTreeMap<_, _>>(),
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
                    println!("summary:");
                    for (category, n) in diags.summary() {
                        println!("  {category}: {n}");
                    }
                    println!("by kind:");
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
            let (ir, diags) = load(&dir)?;
            print_diags(&diags);
            print!("{}", serde_yaml::to_string(&ir).map_err(|e| e.to_string())?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Openapi { dir, out } => {
            let (ir, diags) = load(&dir)?;
            let doc = graphgen::openapi::export::export(&ir);
            let json = out.as_ref().is_some_and(|p| {
                p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            });
            let text = graphgen::openapi::render(&doc, json)?;
            match &out {
                Some(p) => {
                    std::fs::write(p, text).map_err(|e| format!("{}: {e}", p.display()))?;
                    eprintln!(
                        "wrote {}: {} types, {} enums, {} operations; {} diagnostics on the pages (see `graphgen check`)",
                        p.display(),
                        ir.types.len(),
                        ir.enums.len(),
                        ir.operations.len(),
                        diags.len()
                    );
                }
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            dir,
            from_openapi,
            out,
            crate_name,
            stats,
        } => {
            let started = std::time::Instant::now();
            let (ir, diags) = match (dir, from_openapi) {
                (Some(dir), _) => load(&dir)?,
                (None, Some(file)) => graphgen::load_openapi(&file)?,
                (None, None) => return Err("give a folder of pages or --from-openapi FILE".into()),
            };
            print_diags(&diags);
            let read = started.elapsed();
            let (files, report) = match crate_name {
                Some(name) => graphgen::emit::crate_files_with_report(&ir, &name)?,
                None => graphgen::emit::generate_with_report(&ir, "graph_api")?,
            };
            // Unchanged files are left alone (cargo then rebuilds less); modules the pages no
            // longer give are removed.
            let changed = graphgen::output::write(&out, &files)?;
            if stats {
                eprintln!(
                    "stats: read+resolve {read:?}, total {:?}, peak memory {}",
                    started.elapsed(),
                    peak_memory().unwrap_or_else(|| "unknown".into())
                );
            }
            for d in &report.diagnostics {
                eprintln!("{d}");
            }
            eprintln!(
                "navigation: {} builders, {} path lines that cannot be navigated to their end; paths test: {} path lines checked, {} left out",
                report.builders, report.unnavigable, report.path_tests.checked, report.path_tests.left_out
            );
            let ex = &report.examples;
            eprintln!(
                "wrote {} files ({} changed) to {}: {} types, {} enums, {} operations, {} modules, {} flat request methods",
                files.len(),
                changed.len(),
                out.display(),
                ir.types.len(),
                ir.enums.len(),
                ir.operations.len(),
                report.modules,
                report.functions
            );
            eprintln!(
                "examples: {} bodies on the pages, {} truncated, {} not JSON, {} without a typed body, {} the same as another; {} tests, {} ignored as wrong on the page",
                ex.bodies, ex.truncated, ex.not_json, ex.untyped, ex.repeated, ex.tests, ex.wrong.len()
            );
            for w in &ex.wrong {
                eprintln!("  wrong example: {w}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The process's peak resident memory, from /proc (Linux only).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_owned())
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
