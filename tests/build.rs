//! Sets `cfg(no_shared)` for the tests that read `../shared`: see the included file.

#[path = "../generator/shared_cfg.rs"]
mod shared_cfg;

fn main() {
    shared_cfg::emit();
}
