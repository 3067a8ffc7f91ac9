#!/usr/bin/env bash
# Foreign OpenAPI documents (the sample specifications progenitor tests itself with, in
# ../shared/peer-openapi) → one generated crate each (in cargo's target folder, never
# committed), which must `cargo check` with zero errors and zero warnings: every feature
# alone and all of them. Prints, per document, the `openapi-unsupported` diagnostics
# counted by reason (what the importer still drops), and the time of each step.
#
# Usage: peer_openapi.sh [DOC.json ...]   (default: every ../shared/peer-openapi/*.json)
set -euo pipefail
cd "$(dirname "$0")/.."
peers=../shared/peer-openapi
if [ $# -eq 0 ]; then
    if [ ! -d "$peers" ]; then
        if [ "${CI:-}" = true ]; then
            echo "error: $peers is absent; CI needs ../shared beside the checkout"
            exit 1
        fi
        echo "note: $peers is absent; the peer OpenAPI documents are not generated"
        exit 0
    fi
    set -- "$peers"/*.json
fi
source .ci/target_dir.sh
cargo build --quiet --release -p graphgen
graphgen="$target_dir/release/graphgen"
# The generated crates are packages of their own, built in a target folder of their own.
crates_target="$target_dir/generated-crates-target"

source .ci/timed.sh

# Every document is tried; the script fails at the end if any step failed.
failed=0
for doc in "$@"; do
    doc=$(realpath "$doc")
    base=$(basename "$doc" .json)
    name="peer-$(echo "$base" | tr '[:upper:]_.' '[:lower:]--')"
    out="$target_dir/peer-openapi/$name"
    diags="$target_dir/peer-openapi/$name.diagnostics.txt"
    mkdir -p "$target_dir/peer-openapi"
    start=$SECONDS
    if ! "$graphgen" generate --from-openapi "$doc" --out "$out" --crate-name "$name" 2>"$diags"; then
        tail -n 30 "$diags"
        echo "FAILED: [$name] graphgen generate --from-openapi"
        failed=1
        continue
    fi
    echo "[$name] graphgen generate --from-openapi: $((SECONDS - start)) s; $(grep '^wrote' "$diags")"
    # The reason of each `openapi-unsupported` diagnostic: its message without the JSON
    # pointer, with the names in backticks left out.
    unsupported=$(grep -c 'openapi-unsupported' "$diags" || true)
    echo "[$name] openapi-unsupported diagnostics: $unsupported"
    grep 'openapi-unsupported' "$diags" \
        | sed -E 's/.*openapi-unsupported[^ ]* //; s/^#[^ ]*: //; s/`[^`]*`/`…`/g' \
        | sort | uniq -c | sort -rn | sed 's/^/    /' || true
    (
        cd "$out"
        export CARGO_TARGET_DIR="$crates_target"
        # Checks only: no debug info and no incremental cache (written once, never read).
        export CARGO_PROFILE_DEV_DEBUG=0 CARGO_INCREMENTAL=0
        features=$(python3 -c '
import tomllib
with open("Cargo.toml", "rb") as f:
    feats = tomllib.load(f).get("features", {})
print(" ".join(sorted(k for k in feats if k not in ("default", "full") and not k.startswith("_"))))')
        ok=0
        timed "[$name] cargo check --all-features" cargo check --all-features || ok=1
        count=0
        for feature in $features; do
            timed "[$name] cargo check --no-default-features --features $feature" \
                cargo check --no-default-features --features "$feature" || ok=1
            count=$((count + 1))
        done
        [ $ok = 0 ] && echo "[$name] each of the $count features compiles alone without warnings"
        exit $ok
    ) || failed=1
done
if [ $failed != 0 ]; then
    echo "FAILED: a peer document's crate does not compile without warnings (see above)"
    exit 1
fi
