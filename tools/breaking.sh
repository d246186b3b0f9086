#!/usr/bin/env bash
# Breaking-change gate for the spec (api-smart-diff plus the rules in
# tools/breaking-gate.mjs). Fails on a breaking change unless the major part of
# info.version was raised.
#
#   tools/breaking.sh [--report FILE] BASE_REF [SPEC]
#       make breaking BASE=<ref>: SPEC as it is in the work tree against
#       `git show BASE_REF:SPEC`.
#   tools/breaking.sh [--report FILE] --files BEFORE AFTER
#       two spec files (YAML or JSON); what the tests use for fixture pairs.
#   tools/breaking.sh --history [SPEC]
#       make check-breaking (part of make test): SPEC against the newest
#       committed revision of it whose content differs, and against every older
#       committed revision with the same major version. So within a major
#       version each revision stays compatible with all earlier ones, however
#       many commits a change spans. Against the newest differing revision it
#       also checks the version bump: a changed spec needs a raised
#       info.version (major for a breaking change, minor for an addition,
#       patch for descriptions only); the message says which.
#
# SPEC defaults to openapi.yaml. Every side is bundled to JSON with the pinned
# Redocly CLI first (local $refs resolved by api-smart-diff itself). --report
# writes the gate's JSON report (a list, one entry per comparison).
# Exit code: 0 pass, 1 breaking change without a major bump (or a broken
# input), 2 usage.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
redocly="$root/node_modules/.bin/redocly"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

usage() {
    sed -n '6,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

report=()
mode=ref
while [[ $# -gt 0 ]]; do
    case $1 in
        --report)
            [[ $# -ge 2 ]] || usage
            report=(--report "$2")
            shift 2
            ;;
        --files)
            mode=files
            shift
            ;;
        --history)
            mode=history
            shift
            ;;
        -h | --help) usage ;;
        -*) usage ;;
        *) break ;;
    esac
done

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

# bundle_json SOURCE OUT_JSON: the spec as one JSON document.
bundle_json() {
    if ! "$redocly" bundle "$1" --config "$root/redocly.yaml" --lint-config=error --ext json \
        --output "$2" >"$tmp/bundle.log" 2>&1; then
        cat "$tmp/bundle.log" >&2
        echo "error: cannot bundle $1 (is it a valid OpenAPI document?)" >&2
        exit 1
    fi
}

gate=(node "$root/tools/breaking-gate.mjs")

case $mode in
    files)
        [[ $# -eq 2 ]] || usage
        for f in "$1" "$2"; do
            [[ -f $f ]] || { echo "error: '$f' not found" >&2; exit 1; }
        done
        b=$(basename -- "$1")
        a=$(basename -- "$2")
        if [[ ${b%.*} != "${a%.*}" ]]; then
            # One Redocly run for both (outputs named after the inputs).
            if ! "$redocly" bundle "$1" "$2" --config "$root/redocly.yaml" --lint-config=error --ext json \
                --output "$tmp/json" >"$tmp/bundle.log" 2>&1; then
                cat "$tmp/bundle.log" >&2
                echo "error: cannot bundle $1 or $2 (are they valid OpenAPI documents?)" >&2
                exit 1
            fi
            mv -- "$tmp/json/${b%.*}.json" "$tmp/before.json"
            mv -- "$tmp/json/${a%.*}.json" "$tmp/after.json"
        else
            bundle_json "$1" "$tmp/before.json"
            bundle_json "$2" "$tmp/after.json"
        fi
        exec "${gate[@]}" --before "$tmp/before.json" --label "$1" \
            --after "$tmp/after.json" --after-label "$2" "${report[@]}"
        ;;
    ref)
        [[ $# -ge 1 && $# -le 2 && -n $1 ]] || usage
        base=$1
        spec=${2:-openapi.yaml}
        [[ -f $spec ]] || { echo "error: spec '$spec' not found" >&2; exit 1; }
        if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
            echo "error: '$base' is not a commit of this repository" >&2
            exit 1
        fi
        # ./ makes the path relative to the current folder, not the repo root.
        ext=${spec##*.}
        if ! git show "$base:./$spec" >"$tmp/base.$ext" 2>"$tmp/git.log"; then
            cat "$tmp/git.log" >&2
            echo "error: $spec does not exist at $base" >&2
            exit 1
        fi
        bundle_json "$tmp/base.$ext" "$tmp/before.json"
        bundle_json "$spec" "$tmp/after.json"
        exec "${gate[@]}" --before "$tmp/before.json" --label "$spec@$base" \
            --after "$tmp/after.json" --after-label "$spec" "${report[@]}"
        ;;
    history)
        [[ $# -le 1 ]] || usage
        spec=${1:-openapi.yaml}
        [[ -f $spec ]] || { echo "error: spec '$spec' not found" >&2; exit 1; }
        if ! git rev-parse --verify --quiet HEAD >/dev/null 2>&1; then
            echo "breaking-change gate: no git history here; nothing to compare $spec with."
            exit 0
        fi
        if [[ $(git rev-parse --is-shallow-repository) == true ]]; then
            echo "warning: shallow clone: only the fetched part of the history of $spec is checked" >&2
        fi
        ext=${spec##*.}
        mkdir -p "$tmp/revs" "$tmp/json"
        revs=()
        befores=()
        declare -A seen=()
        # The work tree's own content is no base: the bump check compares with the newest other one.
        seen[$(git hash-object -- "$spec")]=1
        # Newest first; one entry per distinct content of the file.
        while read -r commit; do
            blob=$(git rev-parse --verify --quiet "$commit:./$spec" 2>/dev/null) || continue
            [[ -z ${seen[$blob]:-} ]] || continue
            seen[$blob]=1
            short=$(git rev-parse --short "$commit")
            git cat-file blob "$blob" >"$tmp/revs/rev-$short.$ext"
            revs+=("$tmp/revs/rev-$short.$ext")
            befores+=(--before "$tmp/json/rev-$short.json" --label "$spec@$short")
        done < <(git rev-list HEAD -- "$spec")
        if ((${#revs[@]} == 0)); then
            echo "breaking-change gate: $spec has no committed revision yet; nothing to compare."
            exit 0
        fi
        # One Redocly run for the work-tree spec and all revisions: with two or
        # more inputs, --output is a folder and each output is named after its
        # input (SPEC's basename, rev-<commit>).
        name=$(basename -- "$spec")
        name=${name%.*}
        if [[ $name == rev-* ]]; then
            echo "error: a spec named rev-* would clash with the revision files" >&2
            exit 1
        fi
        if ! "$redocly" bundle "$spec" "${revs[@]}" --config "$root/redocly.yaml" --lint-config=error \
            --ext json --output "$tmp/json" >"$tmp/bundle.log" 2>&1; then
            cat "$tmp/bundle.log" >&2
            echo "error: cannot bundle $spec or its committed revisions" >&2
            exit 1
        fi
        exec "${gate[@]}" "${befores[@]}" --same-major-only --bump-check \
            --after "$tmp/json/$name.json" --after-label "$spec" "${report[@]}"
        ;;
esac
