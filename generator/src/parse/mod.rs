//! Pages → IR. Each page kind has its own module; this one reads a folder, tells the
//! kinds apart and collects the results.

pub mod enum_page;
pub mod enum_table;
pub mod markdown;
pub mod method_page;
pub mod page;
pub mod request_line;
pub mod resource_page;
pub mod typecell;

use crate::diagnostics::Diagnostics;
use crate::diagnostics::Kind;
use crate::ir::Ir;
use page::Page;
use std::path::Path;

/// What kind of page a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// A method page (`doc_type: apiPageType`).
    Method,
    /// A resource type page.
    Resource,
    /// An enum page.
    Enum,
    /// Conceptual or unknown: not read.
    Other,
}

/// Tells the kind of a page: `doc_type` first, checked against the H1 and the
/// annotations, which win where they disagree.
pub fn classify(page: &Page, diags: &mut Diagnostics) -> PageKind {
    let title = page
        .title()
        .map(|(t, _)| t.to_ascii_lowercase())
        .unwrap_or_default();
    if title.ends_with(" enum type") || title.ends_with(" enumeration type") {
        return PageKind::Enum;
    }
    let has_resource_annotation = page
        .annotations(&mut Diagnostics::new())
        .iter()
        .any(|(_, v)| v.get("blockType").and_then(|b| b.as_str()) == Some("resource"));
    match page.doc_type() {
        Some("apiPageType")
            if page.section("HTTP Request").is_some() || !has_resource_annotation =>
        {
            PageKind::Method
        }
        // `enumPageType`, and `enumTypes` on some many-enum pages.
        Some(d) if d.starts_with("enum") => PageKind::Enum,
        Some("resourcePageType") | Some("apiPageType") => PageKind::Resource,
        Some("conceptualPageType") => PageKind::Other,
        _ => {
            if has_resource_annotation || title.ends_with(" resource type") {
                PageKind::Resource
            } else if page.section("HTTP Request").is_some() {
                PageKind::Method
            } else {
                if page.doc_type().is_some() {
                    diags.warn(
                        &page.file,
                        1,
                        Kind::UnclassifiedPage,
                        format!(
                            "unknown doc_type `{}`; page not read",
                            page.doc_type().unwrap_or("")
                        ),
                    );
                }
                PageKind::Other
            }
        }
    }
}

/// Reads one page's text into `ir`.
pub fn parse_page(file: &str, text: &str, ir: &mut Ir, diags: &mut Diagnostics) -> PageKind {
    let page = Page::read(file, text);
    let kind = classify(&page, diags);
    match kind {
        PageKind::Method => ir.operations.extend(method_page::parse(&page, diags)),
        PageKind::Resource => {
            let mut ty = resource_page::parse(&page, diags);
            // `### x values` sections after the property table define enums.
            ir.enums
                .extend(enum_table::resource_sections(&page, ty.as_mut(), diags));
            ir.types.extend(ty);
        }
        PageKind::Enum => ir.enums.extend(enum_page::parse(&page, diags)),
        PageKind::Other => {}
    }
    kind
}

/// Every `.md` file below `dir`, as (relative path with `/`, absolute path), sorted.
pub fn list_pages(dir: &Path) -> std::io::Result<Vec<(String, std::path::PathBuf)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads every page below `dir` into unresolved IR, sorted by name.
pub fn parse_dir(dir: &Path, diags: &mut Diagnostics) -> std::io::Result<Ir> {
    parse_dir_with_progress(dir, diags, &mut |_, _| {})
}

/// [`parse_dir`], calling `progress(done, total)` after each page.
pub fn parse_dir_with_progress(
    dir: &Path,
    diags: &mut Diagnostics,
    progress: &mut dyn FnMut(usize, usize),
) -> std::io::Result<Ir> {
    let pages = list_pages(dir)?;
    let total = pages.len();
    // Pages are independent: every thread (the calling one too) takes the next unread page
    // and reads it into an IR and diagnostics of its own; they are joined in page order, so
    // the result is the same as one thread's. The calling thread reports progress for all.
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
        .min(total.max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    type PageOutput = std::io::Result<(Ir, Diagnostics)>;
    let read_pages = |report: &mut dyn FnMut(usize)| -> Vec<(usize, PageOutput)> {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((rel, path)) = pages.get(i) else {
                return out;
            };
            report(i);
            let read = std::fs::read(path).map(|bytes| {
                let mut ir = Ir::default();
                let mut diags = Diagnostics::new();
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        diags.warn(
                            rel,
                            1,
                            Kind::NotUtf8,
                            "page is not valid UTF-8; invalid bytes replaced",
                        );
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                };
                parse_page(rel, &text, &mut ir, &mut diags);
                (ir, diags)
            });
            out.push((i, read));
        }
    };
    let mut results: Vec<(usize, PageOutput)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers)
            .map(|_| {
                let read_pages = &read_pages;
                scope.spawn(move || read_pages(&mut |_| {}))
            })
            .collect();
        let mut out = read_pages(&mut |i| progress(i, total));
        for h in handles {
            match h.join() {
                Ok(r) => out.extend(r),
                Err(_) => out.push((
                    usize::MAX,
                    Err(std::io::Error::other("a page-reading thread panicked")),
                )),
            }
        }
        out
    });
    results.sort_by_key(|(i, _)| *i);
    let mut ir = Ir::default();
    for (_, r) in results {
        let (part, part_diags) = r?;
        ir.types.extend(part.types);
        ir.enums.extend(part.enums);
        ir.operations.extend(part.operations);
        diags.extend(part_diags);
    }
    progress(total, total);
    ir.sort();
    Ok(ir)
}
