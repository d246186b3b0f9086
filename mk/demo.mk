# The local stand-in (heymarket_mock) and the demo that runs against it.

PORT ?= 8080
STANDIN_ARGS ?=

.PHONY: standin demo

standin: install ## Serve the stand-in on 127.0.0.1:$(PORT); needs HEYMARKET_SECRET_ID/KEY (STANDIN_ARGS for more).
	@if [[ -z "$${HEYMARKET_SECRET_ID:-}" || -z "$${HEYMARKET_SECRET_KEY:-}" ]]; then \
		echo "make standin: set HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY (any made-up values) first" >&2; exit 2; fi
	$(BIN)/python -m heymarket_mock --host 127.0.0.1 --port $(PORT) $(STANDIN_ARGS)

# The demo has its own venv with only what it runs: the project (editable, so it runs this checkout's
# code) with the [cli] extra (the `heymarket` command) and the [testing] extra (the stand-in), pinned by
# constraints.txt. No dev tools, no node_modules. Rebuilt when the pins, the extras or the package list change.
DEMO_VENV ?= .venv-demo
DEMO_BIN := $(DEMO_VENV)/bin
DEMO_EXTRAS := cli,testing
DEMO_STAMP := $(DEMO_VENV)/.stamp-demo-$(shell echo '$(PY_PKGS) $(DEMO_EXTRAS)' | \
	cat - constraints.txt pyproject.toml setup.py 2>/dev/null | sha256sum | cut -c1-16)

.PHONY: demo-install

demo-install: $(DEMO_STAMP) ## Build .venv-demo: the project with its [cli] and [testing] extras only.

$(DEMO_STAMP):
	rm -rf $(DEMO_VENV)
	$(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_BIN)/python -m pip install --quiet -c constraints.txt pip setuptools
	$(DEMO_BIN)/python -m pip install --quiet -c constraints.txt --no-build-isolation -e '.[$(DEMO_EXTRAS)]'
	$(DEMO_BIN)/python -m pip check
	touch $@

demo: $(DEMO_STAMP) ## In .venv-demo: start the stand-in on a free port, run examples/demo.py against it, stop it.
	@$(DEMO_BIN)/python tools/run_with_standin.py -- $(DEMO_BIN)/python examples/demo.py
