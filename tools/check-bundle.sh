#!/usr/bin/env bash
# Fail if the committed bundles differ from a fresh bundle of the spec.
#
#   tools/check-bundle.sh DIST_DIR [SPEC]      (make check-bundle: DIST_DIR=dist)
#
# Bundles SPEC into a temp folder with tools/share-bundle.sh (the same steps as
# `make bundle`) and compares the three files byte for byte with DIST_DIR.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 DIST_DIR [SPEC]" >&2
    exit 2
fi
dist=$1
spec=${2:-openapi.yaml}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

bash "$here/share-bundle.sh" "$tmp/fresh" "$spec" >"$tmp/bundle.log" 2>&1 || {
    cat "$tmp/bundle.log" >&2
    echo "error: bundling $spec failed (see above)" >&2
    exit 1
}

stale=()
for name in openapi.yaml openapi.json openapi.dereferenced.json; do
    if [[ ! -f $dist/$name ]]; then
        echo "missing: $dist/$name" >&2
        stale+=("$name")
    elif ! cmp -s -- "$dist/$name" "$tmp/fresh/$name"; then
        diff -u -- "$dist/$name" "$tmp/fresh/$name" | head -n 40 >&2 || true
        stale+=("$name")
    fi
done
if ((${#stale[@]})); then
    echo "error: $dist/ is out of date with $spec (${stale[*]}). Run 'make bundle' and commit the result." >&2
    exit 1
fi
echo "$dist/ bundles are up to date with $spec."
