# Sourced by the CI scripts: sets `target_dir` to where cargo puts this workspace's build
# output (CARGO_TARGET_DIR, a config file, or ./target), as cargo itself reports it.
target_dir=$(cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
mkdir -p "$target_dir"
