#!/usr/bin/env bash
# Build the static HTML API reference of the spec (one self-contained file).
#
#   tools/share-docs.sh OUT_HTML [SPEC]     (make docs: OUT_HTML=spec-bundle/docs/index.html)
#
# Uses the pinned Redocly CLI `build-docs` (Redoc 3) with --inlineBundle, so the
# Redoc scripts are inside the file instead of loaded from Redocly's CDN, and
# tools/share-docs.hbs, which adds an inline favicon. One thing Redoc 3.0.1 still
# loads from the network is hard-coded in its bundle: the "API docs by Redocly"
# logo image in the sidebar footer (https://cdn.redoc.ly/redoc/logo-mini*.svg).
# That URL is replaced below by an inline SVG of the word "Redocly" (the
# attribution stays), so opening the page makes no request off the host; the
# replacement counts its matches and fails if a Redocly upgrade changes them.
# tests/share/test_docs.py opens the result in headless Chromium and fails on
# any request that leaves 127.0.0.1.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 OUT_HTML [SPEC]" >&2
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

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

if ! "$redocly" build-docs "$spec" --config "$root/redocly.yaml" --lint-config=error \
    --inlineBundle --template "$root/tools/share-docs.hbs" \
    --output "$tmp/index.html" >"$tmp/log" 2>&1; then
    cat "$tmp/log" >&2
    echo "error: redocly build-docs failed" >&2
    exit 1
fi

node - "$tmp/index.html" <<'JS'
const fs = require("node:fs");
const file = process.argv[2];
let html = fs.readFileSync(file, "utf8");
const logo =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="52" height="14" viewBox="0 0 52 14">' +
      '<text x="0" y="11" font-family="sans-serif" font-size="11" font-weight="bold" fill="#0044d4">Redocly</text></svg>'
  );
const urls = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
for (const url of urls) {
  const count = html.split(url).length - 1;
  if (count !== 1) {
    console.error(`error: expected ${url} once in the Redoc bundle, found it ${count} times; re-check tools/share-docs.sh`);
    process.exit(1);
  }
  html = html.replace(url, logo);
}
// Whatever else the bundle names, no src=/href= attribute of the page may point off the host.
const external = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(https?:[^"]*)"/gi)].map((m) => m[1]);
if (external.length) {
  console.error(`error: the page loads external resources: ${external.join(", ")}`);
  process.exit(1);
}
fs.writeFileSync(file, html);
JS

mkdir -p -- "$(dirname -- "$out")"
mv -- "$tmp/index.html" "$out"
echo "built $out from $spec ($(($(wc -c <"$out") / 1024)) KiB, self-contained)"
