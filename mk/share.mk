# Sharing the spec with other-language teams: the bundled files in
# spec-bundle/ (not dist/, where `python -m build` writes wheels), the HTML
# reference, the TypeScript proofs and the breaking-change gate.
# The steps live in tools/ (share-*.sh, ts-*.sh, breaking.sh); docs/other-languages.md describes them.

BUNDLE_DIR ?= spec-bundle
DOCS_HTML ?= $(BUNDLE_DIR)/docs/index.html
# The git ref `make breaking` compares SPEC with.
BASE ?=

.PHONY: bundle check-bundle docs docs-check chromium check-ts check-ts-client check-ts-standin breaking check-breaking

bundle: install ## Bundle SPEC into spec-bundle/ (openapi.yaml, openapi.json, openapi.dereferenced.json); commit them.
	bash tools/share-bundle.sh $(BUNDLE_DIR) $(SPEC)

check-bundle: install ## Fail if the committed spec-bundle/ files differ from a fresh `make bundle`.
	bash tools/check-bundle.sh $(BUNDLE_DIR) $(SPEC)

docs: install ## Build the self-contained HTML API reference spec-bundle/docs/index.html (not committed).
	bash tools/share-docs.sh $(DOCS_HTML) $(SPEC)

docs-check: docs chromium ## Open the reference in headless Chromium; screenshot to spec-bundle/docs/screenshot.png.
	$(BIN)/python -m pytest -q tests/share/test_docs.py

chromium: ## Install Debian's chromium when it is missing (needs root; the docs test drives it).
	@if command -v chromium >/dev/null; then echo "chromium: $$(command -v chromium)"; \
	elif [[ $$(id -u) -ne 0 ]]; then \
		echo "error: chromium is missing; install it (apt-get install chromium) or run this as root" >&2; exit 1; \
	else \
		set -x; apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; fi

check-ts: install ## TypeScript proof: openapi-typescript types; ts/proof.ts compiles, ts/misuse.ts must not.
	bash tools/ts-proof.sh $(BUNDLE_DIR)/openapi.yaml

check-ts-client: install ## Second generator: openapi-generator typescript-fetch client compiles (tsc --noEmit).
	bash tools/ts-client-proof.sh $(BUNDLE_DIR)/openapi.json

check-ts-standin: install ## node --test: ts/standin.test.mts (openapi-fetch) against a heymarket-mock it starts.
	bash tools/ts-standin-test.sh $(BUNDLE_DIR)/openapi.yaml

breaking: install ## Breaking-change gate: SPEC against SPEC at BASE (make breaking BASE=origin/main).
	@if [[ -z "$(BASE)" ]]; then echo "usage: make breaking BASE=<git ref>   (for example BASE=origin/main)" >&2; exit 2; fi
	bash tools/breaking.sh $(BASE) $(SPEC)

check-breaking: install ## Gate SPEC against every committed revision of it with the same major version.
	bash tools/breaking.sh --history $(SPEC)

# check-bundle first: the proofs read spec-bundle/. `docs` and `chromium` only prepare
# tests/share/test_docs.py (pytest opens spec-bundle/docs/index.html in Chromium).
TEST_CHECKS += check-bundle check-breaking check-ts check-ts-client check-ts-standin docs chromium
