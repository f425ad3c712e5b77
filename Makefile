# Two entry points that work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv clean-out

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

venv: $(STAMP)

# Clean both seed page dumps into out/ as text and JSON.
demo: $(STAMP)
	$(BIN)/cleaner clean seeds -o out/text --format text
	$(BIN)/cleaner clean seeds -o out/json --format json
	@echo "outputs in out/text and out/json"

test: $(STAMP)
	$(BIN)/python -m pytest

clean-out:
	rm -rf out
