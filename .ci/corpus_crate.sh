#!/usr/bin/env bash
# The whole Intune beta corpus → one generated crate (in cargo's target folder, never
# committed), which must `cargo check` with zero errors and zero warnings: every feature
# alone, all of them, and none; then pass the example tests it generates. Prints the time
# of each step.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/intune-beta
if [ ! -d "$corpus" ]; then
    if [ "${CI:-}" = true ]; then
        echo "error: $corpus is absent; CI needs ../shared beside the checkout"
        exit 1
    fi
    echo "note: $corpus is absent; the generated Intune crate is not built"
    exit 0
fi
source .ci/target_dir.sh
corpus=$(cd "$corpus" && pwd)
out="$target_dir/graph-intune"

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
    rm -f "$log"
}

timed "graphgen generate (corpus → crate)" \
    cargo run --quiet --release -p graphgen -- generate "$corpus" --out "$out" --crate-name graph-intune
cd "$out"
# The generated crate is a package of its own, built in a target folder of its own.
export CARGO_TARGET_DIR="$target_dir/graph-intune-target"
timed "cargo check (no features, dependencies included)" cargo check
# Each feature alone: an item gated more loosely than the types it names shows up only here.
features=$(python3 -c '
import tomllib
with open("Cargo.toml", "rb") as f:
    feats = tomllib.load(f)["features"]
print(" ".join(sorted(k for k in feats if k not in ("default", "full"))))')
count=0
for feature in $features; do
    timed "cargo check --no-default-features --features $feature" \
        cargo check --no-default-features --features "$feature"
    count=$((count + 1))
done
echo "each of the $count features compiles alone without warnings"
timed "cargo check --features full" cargo check --features full
timed "cargo test --features full --test examples" cargo test --features full --test examples
