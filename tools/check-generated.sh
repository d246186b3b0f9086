#!/usr/bin/env bash
# Fail if the committed client is not exactly what the generator makes now.
#
#   tools/check-generated.sh SPEC OUT_DIR
#
# Regenerates SPEC into a temp folder with tools/generate-client.sh and
# compares whole trees (catches added, removed and changed files).
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 SPEC OUT_DIR" >&2
    exit 2
fi
spec=$1
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
fresh="$tmp/$(basename -- "$out")"

bash "$here/generate-client.sh" "$spec" "$fresh" >"$tmp/generate.log" 2>&1 || {
    cat "$tmp/generate.log" >&2
    echo "error: generating the client from $spec failed (see above)" >&2
    exit 1
}

if [[ ! -d $out ]]; then
    echo "error: $out does not exist. Run 'make generate' and commit the result." >&2
    exit 1
fi
if ! diff -r -u -x __pycache__ -x .ruff_cache -- "$out" "$fresh" >"$tmp/diff.txt"; then
    head -n 200 "$tmp/diff.txt" >&2
    lines=$(wc -l <"$tmp/diff.txt")
    if ((lines > 200)); then
        echo "... ($lines diff lines in all)" >&2
    fi
    echo "error: $out is out of date with $spec. Run 'make generate' and commit the result." >&2
    exit 1
fi
echo "$out is up to date with $spec."
