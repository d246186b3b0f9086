# The local stand-in (heymarket_mock) and the demo that runs against it.

PORT ?= 8080
MOCK_ARGS ?=

.PHONY: mock demo

mock: install ## Serve the stand-in on 127.0.0.1:$(PORT); needs HEYMARKET_SECRET_ID/KEY (MOCK_ARGS for more).
	@if [[ -z "$${HEYMARKET_SECRET_ID:-}" || -z "$${HEYMARKET_SECRET_KEY:-}" ]]; then \
		echo "make mock: set HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY (any made-up values) first" >&2; exit 2; fi
	$(BIN)/python -m heymarket_mock --host 127.0.0.1 --port $(PORT) $(MOCK_ARGS)

demo: install ## Start the stand-in on a free port, run examples/demo.py against it, stop it.
	@$(BIN)/python tools/run_with_mock.py -- $(BIN)/python examples/demo.py
