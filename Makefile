# The two commands of the README's quick start: `make demo` and `make test`.
# Both create .venv when it is missing and install the core and every pack into it.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PACKS := $(sort $(wildcard packs/*/pyproject.toml))
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo

.PHONY: demo test lint typecheck pytest docs bench messages notebooks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when any pyproject changes; packs are installed as real distributions
# (editable), so their entry points are discovered exactly as a user's would be.
$(STAMP): $(BIN)/python pyproject.toml $(PACKS)
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(foreach p,$(PACKS),-e $(dir $(p)))
	touch $(STAMP) $(DEMO_STAMP)

# the demo needs only the library and the packs (no development tools)
$(DEMO_STAMP): $(BIN)/python pyproject.toml $(PACKS)
	$(BIN)/python -m pip install --quiet -e . $(foreach p,$(PACKS),-e $(dir $(p)))
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/python -m ntmcriteria evaluate examples/observations/ky-chau-2022.yaml \
		--set example/xa-ntm-trich/2022-2025

lint: $(STAMP)
	$(BIN)/ruff check src tests packs benchmarks tools
	$(BIN)/ruff format --check src tests packs benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

# the documentation site (MkDocs Material, the API from docstrings), warnings as errors
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict --quiet --site-dir site

test: lint typecheck docs pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet 'openfisca-core>=41'
	$(BIN)/python benchmarks/run.py

# the command's Vietnamese messages: extract, merge into the .po (translate what is new), compile
messages: $(STAMP)
	$(BIN)/python tools/messages.py

# the example notebooks of docs/examples/, written from tools/notebooks.py (executed by the tests)
notebooks: $(STAMP)
	$(BIN)/python tools/notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis site
