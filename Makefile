# The two commands that matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run test install test-deps asyncapi clean

$(STAMP): pyproject.toml constraints/requirements.lock
	@echo "==> creating the virtual environment and installing pinned dependencies"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints/requirements.lock -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/heard run

test-deps: install
	bash deploy/dev/ensure-postgres.sh
	bash deploy/dev/ensure-chromium.sh
	$(VENV)/bin/heard broker fetch

test: test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

asyncapi: install
	$(PY) -m services.common.contracts.asyncapi > docs/asyncapi.yaml

clean:
	rm -rf $(VENV) var
