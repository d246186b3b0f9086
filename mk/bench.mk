# Benchmarks: bench/; results in bench/RESULTS.md.
#
#   make bench        every benchmark, full counts (about 4 min on 2 cores; run it on a quiet machine),
#                     writes bench/RESULTS.md, bench/results.json and bench/profiles/*.txt
#   make bench-smoke  every benchmark with tiny counts (well under a minute), into a temporary folder;
#                     checks that each one runs and produces its figures, never how fast. Part of `make test`.
#
# BENCH_ARGS adds options to the full run (python -m bench.run --help), e.g. BENCH_ARGS=--only=percall
# (a partial run writes to a temporary folder, never over bench/RESULTS.md).

BENCH_ARGS ?=

.PHONY: bench bench-smoke bench-lint

bench: install wheelhouse ## Run every benchmark (~4 min) and write bench/RESULTS.md (run on a quiet machine).
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-lint: install ## ruff and mypy --strict over bench/.
	$(BIN)/ruff check bench
	$(BIN)/ruff format --check bench
	$(BIN)/mypy --strict bench

bench-smoke: install wheelhouse bench-lint ## Every benchmark with tiny counts (< 1 min): checks they run, not their speed.
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/bench-smoke.XXXXXX"); \
	$(BIN)/python -m bench.run --smoke --out "$$tmp" && rm -rf -- "$$tmp" \
		|| { echo "bench-smoke failed; its output is in $$tmp" >&2; exit 1; }

TEST_CHECKS += bench-smoke
