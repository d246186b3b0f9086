# Build artifacts: the sdist and wheel, and the wheels that clean-venv installs use offline.
#
#   make dist         python -m build (sdist, then the wheel from it) into dist/ (git-ignored)
#   make wheelhouse   the core dependencies' wheels (httpx, attrs, PyJWT and theirs, pinned by
#                     constraints.txt) for every supported Python, into .venv/wheelhouse; the only step
#                     that downloads. tests/packaging/test_dist.py and the import-time benchmark install
#                     from it with --no-index, so they need no network.

WHEELHOUSE := $(VENV)/wheelhouse
WHEELHOUSE_STAMP := $(WHEELHOUSE)/.stamp-$(call hash,pyproject.toml constraints.txt)

.PHONY: dist wheelhouse

dist: install ## Build the sdist and wheel into dist/ (python -m build, pinned setuptools, no network).
	rm -f dist/heymarket_client-*.tar.gz dist/heymarket_client-*.whl
	$(BIN)/python tools/core_venv.py build dist
	@ls -l dist/heymarket_client-*

wheelhouse: $(WHEELHOUSE_STAMP) ## Download the core dependencies' wheels for the clean-venv tests (.venv/wheelhouse).

$(WHEELHOUSE_STAMP): $(PY_DEPS_STAMP)
	rm -rf $(WHEELHOUSE)
	$(BIN)/python tools/core_venv.py wheelhouse $(WHEELHOUSE)
	touch $@

# tests/packaging/test_dist.py installs the wheel into clean venvs from the wheelhouse.
TEST_CHECKS += wheelhouse
