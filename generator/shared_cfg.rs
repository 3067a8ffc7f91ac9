//! `cfg(no_shared)` for the build scripts of the packages whose tests read `../shared` (the
//! real reference pages beside the checkout): set when that folder is absent and this is
//! not CI. Those tests are then marked ignored, with the reason, instead of passing without
//! checking anything. In CI (`CI=true`) they run, and fail on the missing folder.

use std::path::Path;

/// Prints the cargo instructions for `cfg(no_shared)`.
pub fn emit() {
    println!("cargo::rustc-check-cfg=cfg(no_shared)");
    println!("cargo:rerun-if-env-changed=CI");
    let Ok(manifest) = std::env::var("CARGO_MANIFEST_DIR") else {
        return;
    };
    let shared = Path::new(&manifest).join("../../shared");
    println!("cargo:rerun-if-changed={}", shared.display());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if !shared.is_dir() && !ci {
        println!("cargo:rustc-cfg=no_shared");
    }
}
