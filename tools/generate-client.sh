#!/usr/bin/env bash
# Generate the Python client package from an OpenAPI spec.
#
#   tools/generate-client.sh SPEC OUT_DIR
#
# The single definition of the generation steps, used by both `make generate`
# (OUT_DIR = generated/heymarket_client) and `make check-generated` (OUT_DIR in
# a temp folder), so the two cannot drift apart.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 SPEC OUT_DIR" >&2
    exit 2
fi
spec=$1
out=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ ! -f $spec ]]; then
    echo "error: spec '$spec' not found" >&2
    exit 1
fi
# OUT_DIR is deleted below: refuse anything that is obviously not a package dir.
case $(realpath -m -- "$out") in
    / | "$root" | "$HOME" | "$(realpath -m -- "$root/generated")" | "$(realpath -m .)")
        echo "error: refusing to use '$out' as the output folder" >&2
        exit 1
        ;;
esac

# The pinned venv's bin/ first on PATH, so the generator's post-hooks
# (generator-config.yml) find the pinned ruff, not whatever else is installed.
export PATH="$root/.venv/bin:$PATH"

# Generate into an empty scratch folder and move the result into place only on
# success: a failed run leaves OUT_DIR as it was, and a good one replaces it
# whole (--overwrite alone keeps stray files), so OUT_DIR is exactly the
# generator's output.
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
fresh="$tmp/$(basename -- "$out")"
# The generator gets the spec as JSON, loaded with its own YAML loader: the same document, and one
# that our templates (generator-templates/) can read through `config.document_source` with the
# `json` module the generator hands them, for what its parser drops (x-heymarket-retry-safe).
document="$tmp/openapi.json"
python - "$spec" "$document" <<'PY'
import json, sys
from ruamel.yaml import YAML
with open(sys.argv[1], "rb") as source:
    data = YAML(typ="safe").load(source)
with open(sys.argv[2], "w", encoding="utf-8") as target:
    json.dump(data, target, ensure_ascii=False, indent=1, default=str)
PY
openapi-python-client generate \
    --path "$document" \
    --config "$root/generator-config.yml" \
    --custom-template-path "$root/generator-templates" \
    --meta none \
    --output-path "$fresh" \
    --overwrite \
    --fail-on-warning
# PEP 561 marker; --meta none does not write one.
touch "$fresh/py.typed"

rm -rf -- "$out"
mkdir -p -- "$(dirname -- "$out")"
mv -- "$fresh" "$out"
echo "generated $out from $spec"
