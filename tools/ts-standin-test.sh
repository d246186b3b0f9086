#!/usr/bin/env bash
# The stand-in proof for teams in other languages: a TypeScript test, typed by
# openapi-typescript and sending with openapi-fetch, run by `node --test`
# against a stand-in that the test starts itself through `heymarket-mock`.
#
#   tools/ts-standin-test.sh [SPEC]   (make check-ts-standin; SPEC defaults to spec-bundle/openapi.yaml)
#
# In a temp folder, next to a copy of ts/ and a link to the pinned node_modules:
#   1. openapi-typescript SPEC -> heymarket.d.ts;
#   2. tsc -p tsconfig.standin.json compiles standin.test.mts to out/ (JavaScript);
#   3. node --test out/standin.test.mjs (Node's own test runner).
# HEYMARKET_MOCK_BIN names the stand-in command (default: .venv/bin/heymarket-mock,
# the console script of the [testing] extra). Nothing is downloaded.
set -euo pipefail

if [[ $# -gt 1 ]]; then
    echo "usage: $0 [SPEC]" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
spec=${1:-$root/spec-bundle/openapi.yaml}
bin="$root/node_modules/.bin"
TS_DIR=${TS_DIR:-$root/ts}
export HEYMARKET_MOCK_BIN=${HEYMARKET_MOCK_BIN:-$root/.venv/bin/heymarket-mock}

if [[ ! -f $spec ]]; then
    echo "error: spec '$spec' not found (run 'make bundle'?)" >&2
    exit 1
fi
if [[ ! -x $bin/tsc || ! -d $root/node_modules/openapi-fetch ]]; then
    echo "error: node_modules is missing tsc or openapi-fetch; run 'make install'" >&2
    exit 1
fi
if ! command -v "$HEYMARKET_MOCK_BIN" >/dev/null; then
    echo "error: stand-in command '$HEYMARKET_MOCK_BIN' not found; run 'make install'" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
work="$tmp/ts"
mkdir -p "$work"
cp -- "$TS_DIR"/*.mts "$TS_DIR"/tsconfig*.json "$work/"
ln -s -- "$root/node_modules" "$work/node_modules"

if ! "$bin/openapi-typescript" "$spec" --output "$work/heymarket.d.ts" >"$tmp/gen.log" 2>&1; then
    cat "$tmp/gen.log" >&2
    echo "error: openapi-typescript failed on $spec" >&2
    exit 1
fi

if ! "$bin/tsc" -p "$work/tsconfig.standin.json" --pretty false >"$tmp/tsc.log" 2>&1; then
    cat "$tmp/tsc.log" >&2
    echo "error: ts/standin.test.mts does not compile against the types generated from $spec" >&2
    exit 1
fi
echo "tsc: standin.test.mts compiled against the types of $spec"

# A test that hangs (a stand-in that never answers) fails after 2 minutes instead.
# The TAP copy is only counted: a run with no test at all would also exit 0.
if ! node --test --test-timeout=120000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tmp/tap.txt" \
    "$work/out/standin.test.mjs"; then
    echo "error: the TypeScript stand-in test failed (see above)" >&2
    exit 1
fi
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tmp/tap.txt")
if [[ -z $passed || $passed -eq 0 ]]; then
    echo "error: node --test ran no test from ts/standin.test.mts" >&2
    exit 1
fi
