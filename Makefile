# Two commands do everything on a fresh machine: `make clean-corpus` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= samples
OUT ?= out

.PHONY: venv clean-corpus test lint format bench fuzz eval seeds clean

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

# Throughput, language backends, ftfy fast path, linear cost, adversarial n/4n table, ReDoS review.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The hypothesis fuzz profile of tests/test_fuzz.py, long: FUZZ_EXAMPLES per test.
FUZZ_EXAMPLES ?= 20000
fuzz: $(STAMP)
	CLEANER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py

seeds: $(STAMP)
	$(BIN)/python ../shared/tools/score_seeds.py

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis
