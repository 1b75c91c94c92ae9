# Two commands do all the set-up on a fresh machine (README, "Quickstart"):
#   make demo   create .venv if missing, install, run the whole flow on the bundled samples
#   make test   create .venv if missing, install with test extras, run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mrtjobs-installed
TEST_STAMP := $(VENV)/.mrtjobs-test-installed

.PHONY: demo test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $(TEST_STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/mrtjobs demo

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

bench: $(TEST_STAMP)
	$(BIN)/python bench/extract_eval.py
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/rank_speed.py
	$(BIN)/python bench/crawl_speed.py

clean:
	rm -rf $(VENV) out build *.egg-info .pytest_cache
