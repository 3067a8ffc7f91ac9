# Sourced by the CI scripts: `timed LABEL CMD...` runs CMD with its output kept aside; on
# failure, or when it printed a warning, it shows the end of that output, says FAILED and
# returns 1 (so a script under `set -e` stops, and one that collects failures can go on);
# otherwise it prints the step's time and the lines that summarise it.
timed() {
    local label=$1
    shift
    local start=$SECONDS
    local log
    log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "FAILED: $label"
        return 1
    fi
    if grep -q '^warning' "$log"; then
        grep -A8 '^warning' "$log" | head -n 60
        echo "FAILED: $label printed warnings"
        return 1
    fi
    echo "$label: $((SECONDS - start)) s"
    grep -E '^test result|examples:|navigation:|wrote ' "$log" || true
    rm -f "$log"
}
