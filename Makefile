# Finds a Python >= 3.12 (pyenv's, via .python-version, or any python3.12/3.13 on PATH), builds .venv, runs things.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1

PYTHON ?= $(shell for p in python3.12 python3.13 python3; do \
  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3,12))' 2>/dev/null; then command -v $$p; break; fi; done)

.PHONY: venv runtime demo test lint clean

# Two install levels in one .venv: `make demo` needs the runtime dependencies only; `make test` (and `make venv`,
# for development) add the dev extra (pytest, ruff, Playwright, Dask, the oxigraph server...).
$(VENV)/.runtime: pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: no Python >= 3.12 found (install one, e.g. pyenv install 3.12)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed: $(VENV)/.runtime
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

runtime: $(VENV)/.runtime

venv: $(VENV)/.installed

demo: runtime
	$(VENV)/bin/kg build tests/data/seed.txt -o out/seed.trig --force
	$(VENV)/bin/kg query out/seed.trig posts

# The npm `n3` parser is one of the independent RDF parsers the interop tests use; without npm they skip.
tests/interop/js/node_modules/.installed: tests/interop/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund --prefix tests/interop/js && touch $@; \
	else echo "npm not found: the n3.js round-trip tests will skip"; fi

test: venv tests/interop/js/node_modules/.installed
	$(VENV)/bin/ruff check kg tests bench
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) out
