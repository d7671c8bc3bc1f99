# One command to set up and run, one to test. Works on a fresh machine with Python >= 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test lint bench bench-gateway bench-instructions clean

$(BIN)/tiergate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/tiergate  ## create .venv and install tiergate with its dev tools

demo: setup  ## the main job: scan the examples, classify a prompt, route three prompts through the gateway
	@$(BIN)/tiergate scan examples; echo "tiergate scan exited with $$? (1: a file is at or above --fail-tier, 3 by default)"
	$(BIN)/tiergate classify "Summarise the attached paper on protein folding for a general audience."
	$(BIN)/python examples/gateway_demo.py

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint  ## everything CI runs: lint, types, the whole test suite
	$(BIN)/pytest

bench: setup  ## benchmarks against ../shared/bench (figures go to docs/benchmarks.md)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/secrets_accuracy.py
	$(BIN)/python bench/pii_accuracy.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/keyword_pass.py
	$(BIN)/python bench/adversarial.py

bench-gateway: setup  ## gateway overhead vs direct calls and LiteLLM, same session (~15 min; ports 9000, 4000 free)
	$(BIN)/python bench/gateway.py ../shared/bench --with-litellm
	$(BIN)/python bench/gateway_backends.py ../shared/bench  # PostgreSQL + Redis vs embedded

bench-instructions: setup  ## CPU instructions per scan and per gateway request (valgrind; ~12 min)
	$(BIN)/python bench/instructions.py ../shared/bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
