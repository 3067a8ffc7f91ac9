#!/usr/bin/env python3
"""Fails (exit 1) when the scorer's summary line misses a target.

Usage: check_openapi_score.py SCORER_OUTPUT_FILE METRIC=MIN [METRIC=MIN ...]

The summary line is the last line starting with "score:", e.g.
    score: types_recall=1.000 prop_recall=0.881 prop_precision=0.988 ... enum_member_recall=0.926 ...

Each METRIC=MIN names a metric of that line and the least value it may have; a metric
the line does not give, or gives as n/a, misses its target.
"""
import sys


def main(path, targets):
    with open(path, encoding="utf-8") as fh:
        lines = [l.strip() for l in fh if l.startswith("score:")]
    if not lines:
        print("check_openapi_score: no `score:` line in %s" % path)
        return 1
    summary = lines[-1]
    got = {}
    for word in summary.split()[1:]:
        key, _, value = word.partition("=")
        try:
            got[key] = float(value)
        except ValueError:
            got[key] = None
    failed = []
    for key, want in targets.items():
        value = got.get(key)
        if value is None or value < want:
            failed.append("%s=%s (target >= %.3f)" % (key, value, want))
    if failed:
        print("%s misses its targets: %s" % (path, ", ".join(failed)))
        return 1
    print("%s meets its targets (%s)" % (path, ", ".join(
        "%s >= %.3f" % kv for kv in targets.items())))
    return 0


def parse_targets(args):
    targets = {}
    for arg in args:
        key, sep, value = arg.partition("=")
        if not sep:
            raise ValueError("expected METRIC=MIN, found %r" % arg)
        targets[key] = float(value)
    return targets


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    try:
        targets = parse_targets(sys.argv[2:])
    except ValueError as e:
        print("check_openapi_score: %s" % e)
        sys.exit(2)
    sys.exit(main(sys.argv[1], targets))
