#!/usr/bin/env bash
# Second-generator proof: openapi-generator (typescript-fetch) accepts the spec
# and the client it generates compiles.
#
#   tools/ts-client-proof.sh [SPEC]     (make check-ts-client; SPEC defaults to spec-bundle/openapi.json)
#
# Runs the jar shipped by the pinned PyPI package openapi-generator-cli (needs a
# Java runtime, 11+; works offline) into a temp folder, next to a copy of ts/,
# and compiles the client plus ts/client-usage.ts with the pinned tsc
# (tsconfig.client.json, --noEmit). The generated client is never committed.
set -euo pipefail

if [[ $# -gt 1 ]]; then
    echo "usage: $0 [SPEC]" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
spec=${1:-$root/spec-bundle/openapi.json}
generator="$root/.venv/bin/openapi-generator-cli"
TS_DIR=${TS_DIR:-$root/ts}

if [[ ! -f $spec ]]; then
    echo "error: spec '$spec' not found (run 'make bundle'?)" >&2
    exit 1
fi
if [[ ! -x $generator ]]; then
    echo "error: $generator missing; run 'make install'" >&2
    exit 1
fi
if ! command -v java >/dev/null; then
    echo "error: openapi-generator needs a Java runtime (11 or later) on PATH" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
work="$tmp/ts"
mkdir -p "$work"
cp -- "$TS_DIR"/*.ts "$TS_DIR"/tsconfig*.json "$work/"

# apiDocs/modelDocs off: only the TypeScript sources are needed. The spec is
# validated by the generator (no --skip-validate-spec).
if ! "$generator" generate \
    --input-spec "$spec" \
    --generator-name typescript-fetch \
    --output "$work/client" \
    --global-property apiDocs=false,modelDocs=false \
    >"$tmp/gen.log" 2>&1; then
    cat "$tmp/gen.log" >&2
    echo "error: openapi-generator (typescript-fetch) failed on $spec" >&2
    exit 1
fi
files=$(find "$work/client" -name '*.ts' | wc -l)
version=$(tr -d '[:space:]' <"$work/client/.openapi-generator/VERSION")
warnings=$(grep -c ' WARN ' "$tmp/gen.log" || true)
echo "openapi-generator $version typescript-fetch: $files .ts files ($warnings generator warnings)"

if ! "$root/node_modules/.bin/tsc" -p "$work/tsconfig.client.json" --pretty false >"$tmp/tsc.log" 2>&1; then
    cat "$tmp/tsc.log" >&2
    echo "error: the typescript-fetch client generated from $spec (with ts/client-usage.ts) does not compile" >&2
    exit 1
fi
echo "tsc --noEmit: the generated typescript-fetch client and client-usage.ts compile"
