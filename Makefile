# Community Playbook. `make serve` runs the site, `make test` runs every test.
# Both work on a fresh clone with Python >= 3.11 and Node >= 18: they set up .venv and node_modules first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test test-fast check lint typecheck bench lock clean

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
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: setup
	$(PY) -m mkdocs build --strict

check: lint typecheck

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check calculators site_ext scripts tests

typecheck: $(VENV)/.installed
	$(PY) -m mypy

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
