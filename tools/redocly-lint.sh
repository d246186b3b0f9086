#!/usr/bin/env bash
# Run `redocly lint` and fail on warnings too (redocly itself exits 0 on them).
#
#   tools/redocly-lint.sh SPEC
#
# Reads the machine-readable totals first; on any problem, runs again with the
# readable codeframe output so the problems are shown. Fails closed: output it
# cannot read counts as a failure.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 SPEC" >&2
    exit 2
fi
spec=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
redocly="$root/node_modules/.bin/redocly"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
args=(lint "$spec" --config "$root/redocly.yaml" --lint-config=error)

tmp=$(mktemp)
trap 'rm -f -- "$tmp"' EXIT
rc=0
"$redocly" "${args[@]}" --format=json >"$tmp" 2>/dev/null || rc=$?

read_totals='
import json, sys
t = json.load(open(sys.argv[1]))["totals"]
print("%d errors, %d warnings" % (t["errors"], t["warnings"]))
'
totals=$(python3 -c "$read_totals" "$tmp" 2>/dev/null) || totals=""

if [[ $rc -eq 0 && $totals == "0 errors, 0 warnings" ]]; then
    echo "redocly: $spec: $totals"
    exit 0
fi
"$redocly" "${args[@]}" --format=codeframe || true
echo "error: redocly lint found problems in $spec (${totals:-totals unreadable}; exit code $rc)" >&2
exit 1
