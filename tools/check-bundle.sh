#!/usr/bin/env bash
# Fail if the committed bundles differ from a fresh bundle of the spec.
#
#   tools/check-bundle.sh BUNDLE_DIR [SPEC]    (make check-bundle: BUNDLE_DIR=spec-bundle)
#
# Bundles SPEC into a temp folder with tools/share-bundle.sh (the same steps as
# `make bundle`) and compares the three files byte for byte with BUNDLE_DIR.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 BUNDLE_DIR [SPEC]" >&2
    exit 2
fi
dir=$1
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
    if [[ ! -f $dir/$name ]]; then
        echo "missing: $dir/$name" >&2
        stale+=("$name")
    elif ! cmp -s -- "$dir/$name" "$tmp/fresh/$name"; then
        diff -u -- "$dir/$name" "$tmp/fresh/$name" | head -n 40 >&2 || true
        stale+=("$name")
    fi
done
if ((${#stale[@]})); then
    echo "error: $dir/ is out of date with $spec (${stale[*]}). Run 'make bundle' and commit the result." >&2
    exit 1
fi
echo "$dir/ bundles are up to date with $spec."
