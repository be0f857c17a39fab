# Two commands do everything on a fresh machine: `make clean-corpus` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= samples
OUT ?= out

.PHONY: venv clean-corpus test lint format bench eval seeds clean train

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean-corpus: $(STAMP)
	$(BIN)/cleaner clean $(CORPUS) --out $(OUT) --overwrite

test: $(STAMP)
	$(BIN)/python -m pytest cleaner tests

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests scripts benchmarks
	$(BIN)/ruff format --check cleaner tests scripts benchmarks

format: $(STAMP)
	$(BIN)/ruff check --fix cleaner tests scripts benchmarks
	$(BIN)/ruff format cleaner tests scripts benchmarks

# Retrain the block scorer (cleaner/data/scorer.json) from ../shared/data/webeval.
train: $(STAMP)
	$(BIN)/python scripts/train.py

seeds: $(STAMP)
	$(BIN)/python ../shared/tools/score_seeds.py

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis
