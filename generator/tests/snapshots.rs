//! Snapshots of what specs/ produce: the resolved IR as YAML and every emitted file.

use std::path::{Path, PathBuf};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
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

#[test]
fn emitted_rust_of_specs() {
    let (files, _) = graphgen::generate(&specs()).expect("generate");
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(names, ["mod.rs", "models.rs", "operations.rs"]);
    for f in &files {
        insta::assert_snapshot!(
            format!("emitted_{}", f.path.trim_end_matches(".rs")),
            &f.contents
        );
    }
}

#[test]
fn output_is_deterministic() {
    let a = graphgen::generate(&specs()).expect("generate").0;
    let b = graphgen::generate(&specs()).expect("generate").0;
    assert_eq!(a, b);
}

#[test]
fn committed_generated_code_is_current() {
    let (files, _) = graphgen::generate(&specs()).expect("generate");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/generated");
    for f in files {
        let on_disk = std::fs::read_to_string(dir.join(&f.path)).unwrap_or_default();
        assert!(
            on_disk == f.contents,
            "generated/src/generated/{} is stale: run `cargo xtask regen`",
            f.path
        );
    }
}
