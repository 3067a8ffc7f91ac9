//! Snapshots: the resolved IR of specs/ as YAML, and every file generated from the zoo
//! fixture. The files generated from specs/ are committed in generated/ and checked here.

use std::path::{Path, PathBuf};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn emitted() -> Vec<graphgen::emit::GeneratedFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    graphgen::output::workspace_crate(&root)
        .expect("generate")
        .0
}

#[test]
fn ir_of_specs() {
    let (ir, diags) = graphgen::load(&specs()).expect("specs/ readable");
    assert!(
        diags.is_empty(),
        "specs/ should read cleanly: {:?}",
        diags.sorted()
    );
    assert_eq!(
        (ir.types.len(), ir.enums.len(), ir.operations.len()),
        (1, 2, 5)
    );
    insta::assert_yaml_snapshot!("ir", ir);
}

/// What specs/ produce is committed in generated/ (and checked by
/// `committed_generated_crate_is_current`), so a change shows there as a diff; only the
/// file list is asserted here.
#[test]
fn emitted_files_of_specs() {
    let files = emitted();
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "src/generated/mod.rs",
            "src/generated/raimportcerts.rs",
            "src/lib.rs",
            "tests/examples.rs",
            "tests/paths.rs"
        ]
    );
}

/// The zoo fixture (tests/fixtures/zoo: inheritance, `Any` enums, patch and parameter
/// structs, an action, a function, a cast, several paths, awkward names) as generated
/// Rust, reviewed as a diff. tests/tests/generated_crate.rs compiles and tests the same
/// crate.
#[test]
fn emitted_rust_of_zoo() {
    let zoo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/zoo");
    let (files, _, _) = graphgen::generate(&zoo, "zoo-api").expect("generate the zoo");
    let files: Vec<_> = files
        .into_iter()
        .filter(|f| !f.path.starts_with("src/runtime/"))
        .collect();
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "src/generated/common.rs",
            "src/generated/mod.rs",
            "src/generated/zoo.rs",
            "src/lib.rs",
            "tests/examples.rs",
            "tests/paths.rs"
        ]
    );
    for f in &files {
        let name = f.path.replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("zoo_{name}"), &f.contents);
    }
}

/// The unions fixture (tests/fixtures/unions/openapi.yaml: internally tagged, externally
/// tagged and untagged `oneOf`/`anyOf`, and a `oneOf` of string enums) as generated Rust:
/// the workload module that holds them. tests/tests/openapi_unions.rs compiles and tests
/// the same crate.
#[test]
fn emitted_rust_of_unions() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/unions/openapi.yaml");
    let (ir, diags) = graphgen::load_openapi(&doc).expect("import the unions");
    assert!(diags.is_empty(), "{:?}", diags.sorted());
    let files = graphgen::emit::crate_files(&ir, "unions-api").expect("generate the unions");
    let disks = files
        .iter()
        .find(|f| f.path == "src/generated/disks.rs")
        .expect("the disks module");
    insta::assert_snapshot!("unions_src_generated_disks_rs", &disks.contents);
}

#[test]
fn output_is_deterministic() {
    assert_eq!(emitted(), emitted());
}

#[test]
fn committed_generated_crate_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (files, _, _) = graphgen::output::workspace_crate(&root).expect("generate");
    let stale = graphgen::output::stale(&root.join("generated"), &files);
    assert!(
        stale.is_empty(),
        "generated/ is stale, run `cargo xtask regen`: {}",
        stale
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );
}
