#!/usr/bin/env bash
# Bundle the spec into the three files other-language teams take.
#
#   tools/share-bundle.sh OUT_DIR [SPEC]        (make bundle: OUT_DIR=spec-bundle, SPEC=openapi.yaml)
#
# Writes, with the pinned Redocly CLI (node_modules/.bin/redocly):
#   OUT_DIR/openapi.yaml               single-file bundle, YAML ($refs kept, internal only)
#   OUT_DIR/openapi.json               the same bundle as JSON
#   OUT_DIR/openapi.dereferenced.json  fully dereferenced JSON (no $ref at all)
# The output depends only on SPEC and the pinned Redocly version: two runs are
# byte-identical (tools/check-bundle.sh relies on it). Only these three files
# in OUT_DIR are replaced; anything else there (the HTML docs) is left alone.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 OUT_DIR [SPEC]" >&2
    exit 2
fi
out=$1
spec=${2:-openapi.yaml}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
redocly="$root/node_modules/.bin/redocly"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

if [[ ! -f $spec ]]; then
    echo "error: spec '$spec' not found" >&2
    exit 1
fi
if [[ ! -x $redocly ]]; then
    echo "error: $redocly missing; run 'make install'" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

# name|extra redocly arguments
outputs=(
    "openapi.yaml|--ext yaml"
    "openapi.json|--ext json"
    "openapi.dereferenced.json|--ext json --dereferenced"
)
for entry in "${outputs[@]}"; do
    name=${entry%%|*}
    read -r -a extra <<<"${entry#*|}"
    # Redocly prints banners on every run: keep its output for failures only.
    # It exits non-zero on any bundling error (an unresolved $ref included).
    if ! "$redocly" bundle "$spec" --config "$root/redocly.yaml" --lint-config=error \
        "${extra[@]}" --output "$tmp/$name" >"$tmp/log" 2>&1; then
        cat "$tmp/log" >&2
        echo "error: redocly bundle failed for $name" >&2
        exit 1
    fi
    [[ -s $tmp/$name ]] || { echo "error: redocly wrote no $name" >&2; exit 1; }
done

# The dereferenced file must really be free of references.
# shellcheck disable=SC2016 # a literal "$ref"
if grep -qF -- '"$ref"' "$tmp/openapi.dereferenced.json"; then
    echo "error: openapi.dereferenced.json still contains \$ref (circular schema?)" >&2
    exit 1
fi

mkdir -p -- "$out"
for entry in "${outputs[@]}"; do
    name=${entry%%|*}
    mv -- "$tmp/$name" "$out/$name"
done
echo "bundled $spec into $out/: openapi.yaml openapi.json openapi.dereferenced.json"
