#!/usr/bin/env bash
# The whole Intune beta corpus → one generated crate (in target/, never committed), which
# must `cargo check` with zero errors and zero warnings, feature by feature and whole, and
# pass the example tests it generates. Prints the time of each step.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/intune-beta
if [ ! -d "$corpus" ]; then
    echo "note: $corpus is absent; the generated Intune crate is not built"
    exit 0
fi
out=target/graph-intune
rm -rf "$out"
cargo build --quiet --release -p graphgen
# The generated crate is a package of its own, built in a target folder of its own.
export CARGO_TARGET_DIR="$PWD/target/graph-intune-target"

timed() {
    local label=$1
    shift
    local start=$SECONDS
    local log
    log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "FAILED: $label"
        exit 1
    fi
    if grep -q '^warning' "$log"; then
        grep -A8 '^warning' "$log" | head -n 60
        echo "FAILED: $label printed warnings"
        exit 1
    fi
    echo "$label: $((SECONDS - start)) s"
    grep -E '^test result|examples:|wrote ' "$log" || true
}

timed "graphgen generate (corpus → crate)" \
    target/release/graphgen generate "$corpus" --out "$out" --crate-name graph-intune
cd "$out"
timed "cargo check --features raimportcerts (dependencies included)" cargo check --features raimportcerts
timed "cargo check --features full" cargo check --features full
timed "cargo check (no features)" cargo check
timed "cargo test --features full --test examples" cargo test --features full --test examples
