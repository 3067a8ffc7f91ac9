//! End-to-end tests live in `tests/`. The README is included here so that its Rust
//! example is compiled as a doctest and cannot drift from the generated client.
#![doc = include_str!("../README.md")]
