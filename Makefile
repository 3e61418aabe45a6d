# wpsresearch — two commands on a fresh machine:  make demo   and   make test
# (Windows without make: see README, "Without make".)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test test-slow lab bench clean venv lock hooks help

help:
	@echo "make demo       set up .venv from the lock file and run the whole chain on the SYNTHETIC study"
	@echo "make test       set up .venv and run the test suite"
	@echo "make test-slow  the long checks (coverage study, 1e6-row runs)"
	@echo "make lab        JupyterLab on notebooks/"
	@echo "make bench      speed and memory benchmarks (prints ratios against peers)"
	@echo "make clean      remove generated outputs (data/processed, figures, reports); never data/raw"
	@echo "make lock       re-pin requirements-lock.txt from pyproject.toml (needs uv)"
	@echo "make hooks      strip notebook outputs (and papermill metadata) on every git add"

# The venv is rebuilt only when the lock or pyproject changes.
$(STAMP): requirements-lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m wpsresearch demo

# pytest-xdist: one worker per core (the suite's session fixtures are built once per worker)
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow -n auto --dist loadscope

# Kernels get CurveZMQ keys from the server (their kernelspec declares support): nothing they
# send travels in plain text, and ipykernel has no "running over TCP without encryption"
# warning to print.  (IPC sockets would do too, but a socket path over 107 bytes breaks them.)
lab: $(STAMP)
	$(BIN)/python -m jupyter lab --KernelManager.transport_encryption=auto notebooks/

# The peer tool (svy) lives in its own venv: a benchmark-only dependency, never the package's.
PEER := benchmarks/.venv-peer
$(PEER)/.stamp:
	$(PYTHON) -m venv $(PEER)
	$(PEER)/bin/python -m pip install --quiet --disable-pip-version-check "svy>=0.35,<0.36"
	@touch $@

bench: $(STAMP) $(PEER)/.stamp
	WPS_BENCH_SVY_PYTHON=$(PEER)/bin/python $(BIN)/python benchmarks/run_all.py

clean:
	find data/processed figures reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} + 2>/dev/null || true
	rm -rf .pytest_cache .hypothesis benchmarks/results

# nbstripout as a git filter; papermill metadata holds paths and environment, so it goes too.
hooks: $(STAMP)
	$(BIN)/nbstripout --install --extra-keys "metadata.papermill cell.metadata.papermill cell.metadata.execution"

lock:
	uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 -o requirements-lock.txt
