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
        // doc_type is not reliable: an overview or API introduction filed as a resource
        // page names no type (no `blockType: resource` annotation, no "X resource type"
        // title), and reading it as one would make a type of its title.
        // (A page without any H1 is read on, and reported as having no title.)
        Some("resourcePageType")
            if !has_resource_annotation && !title.is_empty() && !title_names_type(&title) =>
        {
            diags.warn(
                &page.file,
                page.title().map(|(_, l)| l).unwrap_or(1),
                Kind::NotAType,
                format!(
                    "doc_type says resource page, but the page names no type (expected an H1 `# x resource type` or a `blockType: resource` annotation; the H1 is `{}`); read as a conceptual page",
                    page.title().map(|(t, _)| t).unwrap_or("")
                ),
            );
            PageKind::Other
        }
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

/// Whether a lower-cased H1 names a type: `x resource type`, `x complex type`, `x entity
/// type`, `x resource`, `x facet`, with `x` one identifier.
pub fn title_names_type(title: &str) -> bool {
    [
        "resource type",
        "complex type",
        "entity type",
        "resource",
        "facet",
    ]
    .iter()
    .find_map(|suffix| title.trim().strip_suffix(suffix))
    .map(typecell::clean_name)
    .is_some_and(|name| typecell::is_identifier(&name))
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
    // Each list is made once at its full size: growing it by doubling would copy it and
    // touch fresh memory at every step.
    let mut ir = Ir::default();
    let parts = || results.iter().filter_map(|(_, r)| r.as_ref().ok());
    ir.types
        .reserve_exact(parts().map(|(p, _)| p.types.len()).sum());
    ir.enums
        .reserve_exact(parts().map(|(p, _)| p.enums.len()).sum());
    ir.operations
        .reserve_exact(parts().map(|(p, _)| p.operations.len()).sum());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_pages_that_name_no_type_are_not_types() {
        let mut d = Diagnostics::new();
        let mut ir = Ir::default();
        let overview = "---\ndoc_type: resourcePageType\n---\n# Use the widget API to do things\n\n## Properties\n\n|Property|Type|Description|\n|-|-|-|\n|a|String|x|\n";
        assert_eq!(
            parse_page("resources/o.md", overview, &mut ir, &mut d),
            PageKind::Other
        );
        assert!(ir.types.is_empty());
        assert!(d.sorted()[0].to_string().contains("not-a-type"));
        let quoted = "---\ndoc_type: \"resourcePageType_\"\n---\n# widget resource type\n\nNamespace: microsoft.graph.gadgets\n\n## Properties\n\n|Property|Type|Description|\n|-|-|-|\n|a|String|x|\n";
        assert_eq!(
            parse_page("resources/w.md", quoted, &mut ir, &mut d),
            PageKind::Resource
        );
        assert_eq!(ir.types[0].name, "gadgets.widget");
        assert!(title_names_type("**widget** facet"));
        assert!(!title_names_type("complex types json"));
    }
}
