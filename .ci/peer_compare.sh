#!/usr/bin/env bash
# Side by side, for each foreign OpenAPI document in ../shared/peer-openapi: what
# progenitor (cargo-progenitor, positional interface) and graphgen generate from it
# (operations, types, typed parameters) and the `cargo check` time of each crate, measured
# in the same run. Not part of CI: it needs `cargo install cargo-progenitor`.
#
# Usage: peer_compare.sh [DOC.json ...]   (default: every ../shared/peer-openapi/*.json)
set -euo pipefail
cd "$(dirname "$0")/.."
progenitor=${PROGENITOR:-cargo-progenitor}
command -v "$progenitor" >/dev/null || { echo "error: $progenitor not found (cargo install cargo-progenitor)"; exit 1; }
[ $# -eq 0 ] && set -- ../shared/peer-openapi/*.json
source .ci/target_dir.sh
cargo build --quiet --release -p graphgen
graphgen="$target_dir/release/graphgen"
work="$target_dir/peer-compare"
mkdir -p "$work"
export CARGO_TARGET_DIR="$work/target"

# Seconds taken by `cargo check` in crate $1, after touching its sources (dependencies built).
check_time() {
    (cd "$1" && cargo check --quiet --all-features >/dev/null 2>&1 || true)
    find "$1/src" -name '*.rs' -exec touch {} +
    local start end
    start=$(date +%s.%N)
    (cd "$1" && cargo check --quiet --all-features >/dev/null 2>"$1.check.txt") || echo "FAILED check" >>"$1.check.txt"
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.1f}')"
}

echo "| document | crate | operations | structs | enums | parameters | cargo check (s) |"
echo "|---|---|---|---|---|---|---|"
for doc in "$@"; do
    doc=$(realpath "$doc")
    base=$(basename "$doc" .json)
    name=$(echo "$base" | tr '[:upper:]_.' '[:lower:]--')
    prog="$work/prog-$name"
    gg="$work/gg-$name"
    rm -rf "$prog" "$gg"
    "$progenitor" progenitor -i "$doc" -o "$prog" -n "prog-$name" -v 0.1.0 >/dev/null 2>&1
    "$graphgen" generate --from-openapi "$doc" --out "$gg" --crate-name "gg-$name" >/dev/null 2>&1
    # Each generated crate is a workspace of its own (they sit in this one's target folder).
    for c in "$prog" "$gg"; do
        grep -q '^\[workspace\]' "$c/Cargo.toml" || printf '\n[workspace]\n' >>"$c/Cargo.toml"
    done
    tp=$(check_time "$prog")
    tg=$(check_time "$gg")
    python3 - "$prog" "$gg" "$base" "$tp" "$tg" <<'PY'
import glob, re, sys
prog, gg, doc, tp, tg = sys.argv[1:]

def args(sig):
    # Top-level commas of a parameter list.
    depth, n, cur = 0, [], ""
    for ch in sig:
        if ch in "<([": depth += 1
        if ch in ">)]": depth -= 1
        if ch == "," and depth == 0:
            n.append(cur.strip()); cur = ""
        else:
            cur += ch
    if cur.strip(): n.append(cur.strip())
    return n

src = open(f"{prog}/src/lib.rs").read()
types = src[src.find("pub mod types"):]
p_structs = len(re.findall(r"\bpub struct \w+", types.split("pub mod builder")[0]))
p_enums = len(re.findall(r"\bpub enum \w+", types.split("pub mod builder")[0]))
p_ops, p_params = 0, 0
for m in re.finditer(r"pub async fn \w+[^(]*\(\s*&'a self,?(.*?)\)\s*->", src, re.S):
    p_ops += 1
    p_params += sum(1 for a in args(m.group(1)) if not a.startswith("body"))

g_structs = g_enums = g_ops = g_params = 0
for f in glob.glob(f"{gg}/src/generated/*.rs"):
    s = open(f).read()
    g_structs += len([n for n in re.findall(r"\bpub struct (\w+)", s)
                      if not re.search(r"(Item|Collection)Builder\d*$", n)])
    g_enums += len([n for n in re.findall(r"\bpub enum (\w+)", s) if not n.endswith("Query")])
    # Flat methods (one per operation) on Client: their arguments but `body`.
    for block in re.findall(r"/// Requests of the `\w+` workload, one per page\.\nimpl crate::Client \{(.*?)\n\}", s, re.S):
        for m in re.finditer(r"pub fn \w+\(\s*&self,?(.*?)\)\s*->", block, re.S):
            g_ops += 1
            g_params += sum(1 for a in args(m.group(1)) if not a.startswith("body"))
    # Optional parameters: one setter each on the operation's request.
    for block in re.findall(r"impl<T> crate::Request<\s*T,\s*\w+,?\s*> \{(.*?)\n\}", s, re.S):
        g_params += len(re.findall(r"pub fn \w+\(", block))
print(f"| {doc} | progenitor 0.15.1 | {p_ops} | {p_structs} | {p_enums} | {p_params} | {tp} |")
print(f"| {doc} | graphgen | {g_ops} | {g_structs} | {g_enums} | {g_params} | {tg} |")
PY
done
