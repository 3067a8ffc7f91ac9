//! `cargo bench -p graphgen --bench generate`: the cost of `generate` on the Intune corpus
//! against the floor of reading every page and parsing its Markdown with pulldown-cmark
//! alone. Prints the median of several runs of each, their ratio (target: within 6×), and
//! the peak memory of one `graphgen generate` process. Skips with a note when
//! ../shared/corpus is absent.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// The allocator the `graphgen` binary uses, so that the bench measures what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn floor(dir: &Path) -> usize {
    let mut events = 0;
    for (_, path) in graphgen::parse::list_pages(dir).expect("list pages") {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let parser = pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_TABLES);
        events += parser.into_offset_iter().count();
    }
    events
}

/// What `graphgen generate` does: read, emit, and bring the output folder up to date
/// (`output::write`, which writes the files that differ; the first run writes them all).
fn generate(dir: &Path, out: &Path) -> usize {
    let (files, _, _) = graphgen::generate(dir, "graph-intune").expect("generate");
    graphgen::output::write(out, &files).expect("write");
    files.iter().map(|f| f.contents.len()).sum()
}

/// The stages of `generate`, timed one after the other: pages → resolved IR (pages are read
/// on every core, as `generate` does), then on one thread resolved IR → tokens (quote),
/// (plan, quote), tokens → syntax trees (syn) and syntax trees → text (prettyplease).
/// The examples file is left out: its share is small and it is built the same way.
fn stages(dir: &Path) -> [Duration; 4] {
    use graphgen::emit::{layout, models, navigation, operations, types, Items};
    let t = Instant::now();
    let (ir, _) = graphgen::load(dir).expect("load");
    let load = t.elapsed();
    let t = Instant::now();
    let plan = graphgen::plan::Plan::new(&ir);
    let layout = layout::Layout::new(&ir, &plan);
    let patched = graphgen::plan::patched_types(&ir);
    let names = types::Names::new(&ir, &layout, &patched, &plan);
    let mut items = Items::new();
    let keep = |_: &str| true;
    models::emit(&ir, &plan, &layout, &names, &patched, &mut items, &keep);
    navigation::emit(&ir, &plan, &layout, &names, &mut items, &keep);
    operations::emit(&ir, &plan, &layout, &names, &mut items, &keep);
    let quote = t.elapsed();
    let t = Instant::now();
    let files: Vec<syn::File> = items
        .into_values()
        .map(|parts| {
            let mut file: syn::File =
                syn::parse2(proc_macro2::TokenStream::new()).expect("empty file");
            for part in parts.into_values() {
                let f: syn::File = syn::parse2(part).expect("valid Rust");
                file.items.extend(f.items);
            }
            file
        })
        .collect();
    let syn = t.elapsed();
    let t = Instant::now();
    let bytes: usize = files.iter().map(|f| prettyplease::unparse(f).len()).sum();
    let pretty = t.elapsed();
    assert!(bytes > 0);
    [load, quote, syn, pretty]
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/intune-beta");
    if !dir.is_dir() {
        println!("note: {} is absent; bench skipped", dir.display());
        return;
    }
    let out = std::env::temp_dir().join(format!("graphgen-bench-{}", std::process::id()));
    let (mut floors, mut gens) = (Vec::new(), Vec::new());
    let (mut events, mut bytes) = (0, 0);
    // Interleaved, so that machine noise hits both alike.
    for _ in 0..RUNS {
        let t = Instant::now();
        events = floor(&dir);
        floors.push(t.elapsed());
        let t = Instant::now();
        bytes = generate(&dir, &out);
        gens.push(t.elapsed());
    }
    let (f, g) = (median(floors), median(gens));
    println!("read + pulldown-cmark parse of every page: median {f:?} over {RUNS} runs ({events} events)");
    println!("full generate (parse, resolve, emit, format, write what differs): median {g:?} over {RUNS} runs ({bytes} bytes written)");
    println!(
        "ratio generate / floor: {:.2}x (target: within 6x)",
        g.as_secs_f64() / f.as_secs_f64()
    );

    // Where the time goes, stage by stage (generate itself spreads pages and its emitting
    // jobs over the cores).
    let mut runs: [Vec<Duration>; 4] = Default::default();
    for _ in 0..RUNS {
        for (v, d) in runs.iter_mut().zip(stages(&dir)) {
            v.push(d);
        }
    }
    let [load, quote, syn, pretty] = runs.map(median);
    let x = |d: Duration| d.as_secs_f64() / f.as_secs_f64();
    println!("stages (medians over {RUNS} runs), as multiples of the floor:");
    for (label, d) in [
        ("pages -> resolved IR (all threads)", load),
        ("resolved IR -> tokens (quote, 1 thread)", quote),
        ("tokens -> syntax trees (syn, 1 thread)", syn),
        ("trees -> text (prettyplease, 1 thread)", pretty),
    ] {
        println!("  {label:<40} {d:>12.2?} ({:.2}x)", x(d));
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "  syn + prettyplease alone, split perfectly over {threads} threads: {:.2}x the floor",
        x((syn + pretty) / threads as u32)
    );

    // Peak memory of one whole `graphgen generate` process.
    let bin = Path::new(env!("CARGO_BIN_EXE_graphgen"));
    match Command::new(bin)
        .arg("generate")
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .args(["--crate-name", "graph-intune", "--stats"])
        .output()
    {
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            for line in stderr.lines().filter(|l| l.starts_with("stats:")) {
                println!("graphgen generate {line}");
            }
        }
        Err(e) => println!("could not run {}: {e}", bin.display()),
    }
    let _ = std::fs::remove_dir_all(&out);
}
