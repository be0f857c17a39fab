# Two commands do everything on a fresh machine: `make clean-corpus` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= samples
OUT ?= out

.PHONY: venv clean-corpus test lint format bench fuzz eval seeds clean train

venv: $(STAMP)

$(STAMP): pyproject.toml setup.py cleaner/_kernels.c cleaner/_lexical.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,corpus]'
	touch $(STAMP)

# The samples demo starts over each time; a real corpus (CORPUS=... OUT=...) resumes a
# killed run when the same command is given again (CLEAN_FLAGS=--overwrite to start over).
CLEAN_FLAGS ?= $(if $(filter samples,$(CORPUS)),--overwrite,)

clean-corpus: $(STAMP)
	$(BIN)/cleaner clean $(CORPUS) --out $(OUT) $(CLEAN_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest cleaner tests

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests scripts benchmarks
	$(BIN)/ruff format --check cleaner tests scripts benchmarks

format: $(STAMP)
	$(BIN)/ruff check --fix cleaner tests scripts benchmarks
	$(BIN)/ruff format cleaner tests scripts benchmarks

# Throughput, language backends, ftfy fast path, linear cost, adversarial n/4n table, ReDoS review.
# Corpus scaling (1 vs 2 workers) and memory on a generated corpus of this many MB
# (BENCH_CORPUS_MB=5000 BENCH_CORPUS_ARGS="--skip-scaling --repeat 1": the 5 GB memory figure).
BENCH_CORPUS_MB ?= 40
BENCH_CORPUS_ARGS ?=
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python benchmarks/bench_corpus.py --mb $(BENCH_CORPUS_MB) $(BENCH_CORPUS_ARGS)

# The hypothesis fuzz profile of tests/test_fuzz.py, long: FUZZ_EXAMPLES per test.
FUZZ_EXAMPLES ?= 20000
fuzz: $(STAMP)
	CLEANER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py

# Retrain the block scorer (cleaner/data/scorer.json) and the page gate (gate.json) from
# ../shared/data/webeval; the gate also learns from readability's and jusText's outputs.
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train.py

seeds: $(STAMP)
	$(BIN)/python ../shared/tools/score_seeds.py

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis

.PHONY: report browser
report: $(STAMP)  # OUT/report.html for the last `make clean-corpus`
	$(BIN)/cleaner report $(OUT)

browser:  # Debian chromium + chromedriver for the report's browser tests (root)
	bash scripts/install_browser.sh

# HTML mode, text mode and post-processing of 7 extractors' output (extracted once into .cache/).
eval: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[extractors]'
	$(BIN)/python scripts/eval.py $(EVAL_ARGS)
