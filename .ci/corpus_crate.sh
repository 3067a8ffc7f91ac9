#!/usr/bin/env bash
# A folder of real pages → one generated crate (in cargo's target folder, never committed),
# which must `cargo check` with zero errors and zero warnings: with no features, every
# feature alone, and all of them; then its generated example tests and path tests (every
# documented path through its navigation chain) run. Prints the time of each step.
#
# Usage: corpus_crate.sh PAGES_DIR CRATE_NAME
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=$1
name=$2
if [ ! -d "$corpus" ]; then
    if [ "${CI:-}" = true ]; then
        echo "error: $corpus is absent; CI needs ../shared beside the checkout"
        exit 1
    fi
    echo "note: $corpus is absent; the $name crate is not built"
    exit 0
fi
source .ci/target_dir.sh
corpus=$(cd "$corpus" && pwd)
out="$target_dir/$name"

source .ci/timed.sh

timed "[$name] graphgen generate (pages → crate)" \
    cargo run --quiet --release -p graphgen -- generate "$corpus" --out "$out" --crate-name "$name"
cd "$out"
# The generated crate is a package of its own, built in a target folder of its own.
export CARGO_TARGET_DIR="$target_dir/generated-crates-target"
# Builds here are checks, never debugged, and the whole corpus's test binaries with full
# debug info are gigabytes: none, and no incremental cache (written once, never read).
export CARGO_PROFILE_DEV_DEBUG=0 CARGO_INCREMENTAL=0
timed "[$name] cargo check (no features, dependencies included)" cargo check
# Each workload feature alone (not the internal `_any*` ones, which only stand for a set of
# workloads): an item gated more loosely than the types it names shows up only here.
features=$(python3 -c '
import tomllib
with open("Cargo.toml", "rb") as f:
    feats = tomllib.load(f)["features"]
print(" ".join(sorted(k for k in feats if k not in ("default", "full") and not k.startswith("_"))))')
count=0
for feature in $features; do
    timed "[$name] cargo check --no-default-features --features $feature" \
        cargo check --no-default-features --features "$feature"
    count=$((count + 1))
done
echo "[$name] each of the $count features compiles alone without warnings"
timed "[$name] cargo check --features full" cargo check --features full
# Compiling the test binary is what costs; running all of them takes seconds.
timed "[$name] cargo test --features full --test examples --test paths" \
    cargo test --features full --test examples --test paths
# The crate's own build output is not needed again (the next crate shares the
# dependencies, kept): free its disk before the next step.
cargo clean --quiet -p "$name"
