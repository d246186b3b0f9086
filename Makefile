# Build and test entry points. `make test` is what CI runs (.ci/run).
# Everything installs itself: a pinned .venv (python3 -m venv) and node_modules
# (npm ci). `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory

PYTHON ?= python3
# The spec and the generated package; override to try another spec, e.g.
#   make lint SPEC=/tmp/x.yaml   or   make generate SPEC=/tmp/x.yaml OUT=/tmp/out
SPEC ?= openapi.yaml
OUT ?= generated/heymarket_client

VENV := .venv
BIN := $(VENV)/bin
NODE_BIN := node_modules/.bin

# No tool phones home: Redocly telemetry and update checks, Scarf install
# analytics (spectral, prism), npm audit/fund/update notices, pip's version check.
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
export SCARF_ANALYTICS := false
export DO_NOT_TRACK := 1
export NPM_CONFIG_AUDIT := false
export NPM_CONFIG_FUND := false
export NPM_CONFIG_UPDATE_NOTIFIER := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Stamp files are named after a hash of what they install, so a changed lock
# file reinstalls and an unchanged one costs nothing.
hash = $(shell cat $(1) 2>/dev/null | sha256sum | cut -c1-16)
PY_DEPS_STAMP := $(VENV)/.stamp-deps-$(call hash,requirements-dev.txt constraints.txt)
# The editable install maps top-level packages when it is made, so it is redone
# when pyproject.toml changes or a top-level package appears or disappears.
PY_PKGS := $(sort $(wildcard generated/*/__init__.py auth_ext/*/__init__.py runtime/*/__init__.py standin/*/__init__.py))
PY_PROJECT_STAMP := $(VENV)/.stamp-project-$(shell echo '$(PY_PKGS)' | cat - pyproject.toml | sha256sum | cut -c1-16)
NPM_STAMP := node_modules/.stamp-$(call hash,package.json package-lock.json)

# Hand-written Python (ruff, mypy --strict); the packages are found through mypy_path in pyproject.toml.
PY_SRC_DIRS := auth_ext runtime standin tests tools examples bench
MYPY_PKGS := heymarket_auth heymarket heymarket_mock
# Tests a contributor can leave out in the inner loop (markers in pyproject.toml).
QUICK_MARKERS := not (slow or browser or java or node)

.PHONY: help install lint lint-spec lint-python generate check-generated test test-quick lock clean

# Feature areas keep their targets in mk/*.mk; each may add a check that
# `make test` runs before pytest by appending to TEST_CHECKS.
TEST_CHECKS :=
include $(sort $(wildcard mk/*.mk))

help: ## Show this help.
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'
	@echo "  Variables: SPEC=$(SPEC) OUT=$(OUT) PYTHON=$(PYTHON)"

install: $(PY_PROJECT_STAMP) $(NPM_STAMP) ## Create .venv and node_modules from the lock files (no-op when current).

$(PY_DEPS_STAMP):
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt pip setuptools
	$(BIN)/python -m pip install --quiet -c constraints.txt -r requirements-dev.txt
	touch $@

$(PY_PROJECT_STAMP): $(PY_DEPS_STAMP)
	rm -f $(VENV)/.stamp-project-*
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

$(NPM_STAMP):
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

lint: lint-spec lint-python ## Lint the spec and the hand-written Python; type-check everything.

lint-spec: install ## Validate SPEC: openapi-spec-validator, redocly, spectral (warnings fail).
	$(BIN)/openapi-spec-validator $(SPEC)
	bash tools/redocly-lint.sh $(SPEC)
	$(NODE_BIN)/spectral lint $(SPEC) --ruleset .spectral.yaml --fail-severity=warn

lint-python: install ## ruff check/format over hand-written code; mypy --strict incl. the generated client.
	$(BIN)/ruff check $(PY_SRC_DIRS)
	$(BIN)/ruff format --check $(PY_SRC_DIRS)
	$(BIN)/mypy $(addprefix -p ,$(MYPY_PKGS))
	$(BIN)/mypy $(filter tests tools examples bench,$(PY_SRC_DIRS))
	MYPYPATH=$(dir $(OUT)) $(BIN)/mypy -p $(notdir $(OUT))

generate: install ## Regenerate everything derived from SPEC: the client (OUT) and the spec bundles (BUNDLE_DIR).
	bash tools/generate-client.sh $(SPEC) $(OUT)
	bash tools/share-bundle.sh $(BUNDLE_DIR) $(SPEC)

check-generated: install ## Fail if OUT differs from a fresh generation of SPEC.
	bash tools/check-generated.sh $(SPEC) $(OUT)

test: install lint check-generated $(TEST_CHECKS) ## CI: install, lint, check-generated, extra checks, then pytest.
	$(BIN)/python -m pytest -q tests

test-quick: install lint-python ## Inner loop: lint the Python, then the tests not marked slow, browser, java or node.
	$(BIN)/python -m pytest -q tests -m "$(QUICK_MARKERS)"

lock: ## Re-resolve requirements-dev.txt into constraints.txt (npm: npm install --ignore-scripts).
	bash tools/lock-python.sh

clean: ## Remove .venv, .venv-demo, node_modules, caches and build leftovers (keeps generated/).
	rm -rf $(VENV) $(DEMO_VENV) node_modules .ruff_cache .mypy_cache .pytest_cache build dist spec-bundle/docs
	rm -rf *.egg-info generated/*.egg-info auth_ext/*.egg-info
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
