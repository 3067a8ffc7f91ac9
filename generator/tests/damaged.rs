//! Pages damaged in transit — truncated anywhere, stray bytes, huge lines, unclosed blocks —
//! are read without a panic and without a hang: whatever survives becomes IR and
//! diagnostics, and the emitter still produces valid Rust from it.
//!
//! Our own pages (specs/ and the zoo fixture) are damaged in every test run; the real
//! corpus in ../shared is damaged too (a fixed sample), ignored with a note when absent.

use graphgen::diagnostics::Diagnostics;
use graphgen::ir::Ir;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A page that takes longer than this to read is taken for a hang (reading a whole page
/// takes well under a millisecond; the bound is generous for a loaded debug build).
const HANG: Duration = Duration::from_secs(20);

/// Every page below `dir`, as (path relative to `dir`, text), in the order
/// `parse::list_pages` gives.
fn pages(dir: &Path) -> Vec<(String, String)> {
    graphgen::parse::list_pages(dir)
        .expect("list pages")
        .into_iter()
        .map(|(rel, path)| {
            let bytes = std::fs::read(&path).expect("read page");
            (rel, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

/// Damaged variants of one page.
fn damaged(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cuts = [
        text.len() / 7,
        text.len() / 3,
        text.len() / 2,
        text.len() * 5 / 6,
    ];
    for cut in cuts {
        // Truncated at a byte (lossy, as a page cut mid-character would be read).
        out.push(String::from_utf8_lossy(&text.as_bytes()[..cut]).into_owned());
    }
    // Stray bytes and control characters in the middle.
    let mid = text.len() / 2;
    let mut bytes = text.as_bytes().to_vec();
    bytes.splice(
        mid..mid,
        [
            0u8, 0xff, 0xfe, b'|', b'\r', 0x1b, b'`', b'<', b'!', b'-', b'-',
        ],
    );
    out.push(String::from_utf8_lossy(&bytes).into_owned());
    // A huge line: a table row, an unclosed link, nested brackets, backticks.
    let huge = [
        format!("|{}|\n", "a|".repeat(50_000)),
        format!("[{}\n", "[x](".repeat(20_000)),
        format!("{}\n", "`".repeat(100_000)),
        format!("<!-- {{ {}\n", "\"k\": [".repeat(20_000)),
        format!("{}\n", "*_".repeat(50_000)),
    ];
    for h in huge {
        let mut t = text.to_owned();
        let at = t.find("\n|").map_or(t.len() / 2, |i| i + 1);
        let at = (0..=at).rev().find(|i| t.is_char_boundary(*i)).unwrap_or(0);
        t.insert_str(at, &h);
        out.push(t);
    }
    // Unclosed code fence and annotation comment from the middle on.
    let mut t = text[..text
        .char_indices()
        .map(|(i, _)| i)
        .nth(text.chars().count() / 2)
        .unwrap_or(0)]
        .to_owned();
    t.push_str("\n```http\nGET /a/{b\n<!-- {\n");
    out.push(t);
    // Lines joined and split: no newlines at all, and CRLF.
    out.push(text.replace('\n', " "));
    out.push(text.replace('\n', "\r\n"));
    out
}

/// Reads every damaged variant of every page; returns how many were read.
fn read_damaged(label: &str, pages: &[(String, String)]) -> usize {
    let mut read = 0;
    let mut ir = Ir::default();
    let mut diags = Diagnostics::new();
    for (rel, text) in pages {
        for (n, page) in damaged(text).iter().enumerate() {
            let started = Instant::now();
            let result = std::panic::catch_unwind(|| {
                let mut one = Ir::default();
                let mut d = Diagnostics::new();
                graphgen::parse::parse_page(rel, page, &mut one, &mut d);
                (one, d)
            });
            let took = started.elapsed();
            let (one, d) = result.unwrap_or_else(|_| {
                panic!("{label}: reading {rel} (damaged variant {n}) panicked")
            });
            assert!(
                took < HANG,
                "{label}: reading {rel} (damaged variant {n}) took {took:?}"
            );
            ir.types.extend(one.types);
            ir.enums.extend(one.enums);
            ir.operations.extend(one.operations);
            diags.extend(d);
            read += 1;
        }
    }
    // What survived resolves and emits as valid Rust (the emitter parses what it writes).
    let result = std::panic::catch_unwind(move || {
        graphgen::resolve::resolve(&mut ir, &mut diags);
        graphgen::emit::crate_files(&ir, "damaged").map(|files| files.len())
    });
    match result {
        Ok(Ok(files)) => assert!(files > 0),
        Ok(Err(e)) => panic!("{label}: the damaged pages emit invalid Rust: {e}"),
        Err(_) => panic!("{label}: resolving or emitting the damaged pages panicked"),
    }
    read
}

#[test]
fn our_own_pages_damaged_in_transit_are_read_without_panic_or_hang() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut all = pages(&root.join("specs"));
    all.extend(pages(&root.join("tests/fixtures/zoo")));
    assert!(all.len() > 10, "our pages: {}", all.len());
    let read = read_damaged("specs and zoo", &all);
    println!("damaged: {read} variants of {} pages read", all.len());
}

#[test]
#[cfg_attr(
    no_shared,
    ignore = "../shared is absent: this test damages the real pages there"
)]
fn real_pages_damaged_in_transit_are_read_without_panic_or_hang() {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/beta");
    assert!(
        dir.is_dir(),
        "{} is absent: this test reads the real pages (in CI, ../shared must be beside the checkout)",
        dir.display()
    );
    let all = pages(&dir);
    // A fixed sample across the corpus: every 60th page, hand-written and Intune alike.
    let sample: Vec<(String, String)> = all.into_iter().step_by(60).collect();
    let read = read_damaged("corpus sample", &sample);
    println!(
        "damaged: {read} variants of {} real pages read",
        sample.len()
    );
}
