# `make run`, `make test` (lint and every test) and `make test-fast` (the quick loop while
# coding: unit and integration tests on SQLite, no process, server or browser started).
# Everything lives in .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.instalado
UV_VERSION := 0.13.9

.PHONY: install run test test-fast lint format bench clean

$(STAMP): pyproject.toml uv.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen --inexact --all-extras
	@touch $@

install: $(STAMP)

run: install
	$(BIN)/fluxo-caixa serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -q -p no:cacheprovider -m "not slow and not server"

# Load benchmark (not part of `make test`): writes bench/RESULTS.md. wrk comes from Debian.
# BENCH_POSTGRES_URL=postgresql+psycopg://... also runs it on PostgreSQL (DROPs our tables).
BENCH_POSTGRES_URL ?=
BENCH_ARGS ?=
bench: install
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench $(if $(BENCH_POSTGRES_URL),--postgresql "$(BENCH_POSTGRES_URL)") $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
