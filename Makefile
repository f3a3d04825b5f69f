# The two commands that matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# npm ci writes node_modules/.package-lock.json; it is older than the lock file when deps changed.
NODE_STAMP := node_modules/.package-lock.json
PYTEST_ARGS ?=

.PHONY: run test install test-deps asyncapi clean lint faults bench bench-quick bench-deps demo

$(STAMP): pyproject.toml constraints/requirements.lock
	@echo "==> creating the virtual environment and installing pinned dependencies"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints/requirements.lock -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/heard run

# with `make run` going in another terminal: a fictional data set, loaded through the APIs
demo: install
	$(VENV)/bin/heard demo

$(NODE_STAMP): package.json package-lock.json
	@echo "==> installing the test suite's JavaScript (axe-core) with npm ci"
	npm ci --no-audit --no-fund
	@touch $(NODE_STAMP)

test-deps: install $(NODE_STAMP)
	bash deploy/dev/ensure-postgres.sh
	bash deploy/dev/ensure-chromium.sh
	$(VENV)/bin/heard broker fetch

test: test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# The fault matrix (issue 13): every row on SQLite and PostgreSQL with full loads, then a table.
# `make test` runs the reduced form (smaller loads, SQLite) as part of the suite.
faults: test-deps
	HEARD_FAULTS_FULL=1 $(PY) -m pytest tests/faults -q -p no:cacheprovider $(PYTEST_ARGS)

# ruff and mypy as configured in pyproject.toml; .ci/run runs this before the tests.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

asyncapi: install
	$(PY) -m services.common.contracts.asyncapi > docs/asyncapi.yaml

# Speed figures, side by side with the limits of the parts (printed, never asserted): benchmarks/.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): $(STAMP)
	$(VENV)/bin/pip install --quiet -c constraints/requirements.lock -e '.[test,bench]'
	@touch $(BENCH_STAMP)

bench-deps: $(BENCH_STAMP)
	bash deploy/dev/ensure-postgres.sh
	bash deploy/dev/ensure-wrk.sh
	$(VENV)/bin/heard broker fetch

ARGS ?=
bench: bench-deps
	$(PY) -m benchmarks.run $(ARGS)

# under a minute; CI runs it so the benchmarks cannot rot
bench-quick: bench-deps
	$(PY) -m benchmarks.run --quick $(ARGS)

clean:
	rm -rf $(VENV) var
