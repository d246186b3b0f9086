#!/usr/bin/env bash
# TypeScript proof: types from openapi-typescript, a file that must compile and
# a file that must fail to compile with exactly the expected errors.
#
#   tools/ts-proof.sh [SPEC]        (make check-ts; SPEC defaults to spec-bundle/openapi.yaml)
#
# In a temp folder: node_modules/.bin/openapi-typescript SPEC -> heymarket.d.ts,
# next to a copy of ts/ (proof.ts, misuse.ts, tsconfig*.json); then
#   1. tsc -p tsconfig.json         (proof.ts) must succeed;
#   2. tsc -p tsconfig.misuse.json  (misuse.ts) must fail, and the errors must be
#      exactly those named by its `// expect: TSnnnn` comments (line and code).
# The pinned tsc is used; nothing is downloaded or emitted.
set -euo pipefail

if [[ $# -gt 1 ]]; then
    echo "usage: $0 [SPEC]" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
spec=${1:-$root/spec-bundle/openapi.yaml}
bin="$root/node_modules/.bin"
TS_DIR=${TS_DIR:-$root/ts}

if [[ ! -f $spec ]]; then
    echo "error: spec '$spec' not found (run 'make bundle'?)" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
work="$tmp/ts"
mkdir -p "$work"
cp -- "$TS_DIR"/*.ts "$TS_DIR"/tsconfig*.json "$work/"

if ! "$bin/openapi-typescript" "$spec" --output "$work/heymarket.d.ts" >"$tmp/gen.log" 2>&1; then
    cat "$tmp/gen.log" >&2
    echo "error: openapi-typescript failed on $spec" >&2
    exit 1
fi
echo "openapi-typescript: $spec -> heymarket.d.ts ($(wc -l <"$work/heymarket.d.ts") lines)"

if ! "$bin/tsc" -p "$work/tsconfig.json" --pretty false >"$tmp/proof.log" 2>&1; then
    cat "$tmp/proof.log" >&2
    echo "error: ts/proof.ts does not compile against the types generated from $spec" >&2
    exit 1
fi
echo "tsc --noEmit: proof.ts compiles"

rc=0
"$bin/tsc" -p "$work/tsconfig.misuse.json" --pretty false >"$tmp/misuse.log" 2>&1 || rc=$?
if [[ $rc -eq 0 ]]; then
    echo "error: ts/misuse.ts compiled, but every line marked '// expect: TS...' must be a type error" >&2
    exit 1
fi
# Compare the reported errors with the expectations, by line and code.
node - "$work/misuse.ts" "$tmp/misuse.log" <<'JS'
const fs = require("node:fs");
const [source, log] = process.argv.slice(2);
const expected = new Set();
fs.readFileSync(source, "utf8").split("\n").forEach((line, i) => {
  const m = line.match(/\/\/ expect: (TS\d+)\s*$/);
  if (m) expected.add(`${i + 1} ${m[1]}`);
});
const actual = new Set();
const other = [];
for (const line of fs.readFileSync(log, "utf8").split("\n")) {
  const m = line.match(/^(.*)\((\d+),\d+\): error (TS\d+):/);
  if (m && m[1].endsWith("misuse.ts")) actual.add(`${m[2]} ${m[3]}`);
  else if (/error TS\d+/.test(line)) other.push(line);
}
const missing = [...expected].filter((e) => !actual.has(e));
const unexpected = [...actual].filter((a) => !expected.has(a));
if (expected.size === 0 || missing.length || unexpected.length || other.length) {
  process.stderr.write(fs.readFileSync(log, "utf8"));
  if (expected.size === 0) console.error("error: misuse.ts names no '// expect: TSnnnn' line");
  for (const e of missing) console.error(`error: misuse.ts line ${e.replace(" ", ": expected ")} but tsc reported no such error`);
  for (const u of unexpected) console.error(`error: misuse.ts line ${u.replace(" ", ": unexpected ")}`);
  for (const o of other) console.error(`error: unexpected error elsewhere: ${o}`);
  process.exit(1);
}
console.log(`tsc --noEmit: misuse.ts fails as expected (${expected.size} errors: ${[...expected].map((e) => e.split(" ")[1]).join(", ")})`);
JS
