//! The parser on every real Intune beta page in ../shared/corpus (ignored, with the
//! reason, when it is absent outside CI): no panic, and it understands nearly all of them.

use graphgen::parse::{self, PageKind};
use std::path::Path;

#[test]
#[cfg_attr(
    no_shared,
    ignore = "../shared is absent: this test reads the real pages there"
)]
fn reads_every_intune_beta_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/intune-beta");
    assert!(
        dir.is_dir(),
        "{} is absent: this test reads the real pages (in CI, ../shared must be beside the checkout)",
        dir.display()
    );
    let pages = parse::list_pages(&dir).expect("list pages");
    let mut diags = graphgen::diagnostics::Diagnostics::new();
    let mut ir = graphgen::ir::Ir::default();
    let (mut methods, mut resources, mut enums, mut other) = (0, 0, 0, 0);
    for (rel, path) in &pages {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("read page")).into_owned();
        match parse::parse_page(rel, &text, &mut ir, &mut diags) {
            PageKind::Method => methods += 1,
            PageKind::Resource => resources += 1,
            PageKind::Enum => enums += 1,
            PageKind::Other => other += 1,
        }
    }
    graphgen::resolve::resolve(&mut ir, &mut diags);
    let errors = diags
        .iter()
        .filter(|d| d.severity == graphgen::diagnostics::Severity::Error)
        .count();
    println!(
        "corpus: {} pages ({methods} method, {resources} resource, {enums} enum, {other} other) → {} types, {} enums, {} operations; {} diagnostics ({errors} errors)",
        pages.len(),
        ir.types.len(),
        ir.enums.len(),
        ir.operations.len(),
        diags.len()
    );
    assert_eq!(pages.len(), 4164, "4,163 Intune pages plus entity.md");
    assert!(
        ir.operations.len() >= 2680,
        "operations: {}",
        ir.operations.len()
    );
    assert!(ir.types.len() >= 980, "types: {}", ir.types.len());
    assert!(ir.enums.len() >= 460, "enums: {}", ir.enums.len());
    let props: usize = ir.types.iter().map(|t| t.properties.len()).sum();
    println!("corpus: {props} properties");

    // The emitter turns the whole corpus into valid Rust too.
    let (files, report) =
        graphgen::emit::crate_files_with_report(&ir, "graph-intune").expect("emit corpus");
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    println!(
        "corpus: {} files, {lines} lines, {} modules, {} flat request methods; examples: {} bodies, {} tests ({} more the same as one), {} ignored as wrong on the page",
        files.len(),
        report.modules,
        report.functions,
        report.examples.bodies,
        report.examples.tests,
        report.examples.repeated,
        report.examples.wrong.len()
    );
    println!(
        "corpus: {} navigation builders, {} unnavigable path lines, paths test checks {} (leaves out {})",
        report.builders, report.unnavigable, report.path_tests.checked, report.path_tests.left_out
    );
    // One flat method per operation page; every path line reached by navigation.
    assert_eq!(report.functions, ir.operations.len());
    assert_eq!(report.unnavigable, 0, "{:?}", report.diagnostics.first());
    assert_eq!(report.path_tests.left_out, 0);
    let paths: usize = ir.operations.iter().map(|o| o.paths.len()).sum();
    assert_eq!(report.path_tests.checked, paths);
    assert!(report.builders >= 500, "builders: {}", report.builders);
    // Every example body is a test, or the same (type, JSON) as one.
    assert!(
        report.examples.tests + report.examples.repeated >= 3000,
        "example tests: {} (and {} the same as another)",
        report.examples.tests,
        report.examples.repeated
    );
}
