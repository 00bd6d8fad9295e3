# Two commands: `make run` serves the app, `make test` runs everything CI runs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_APP := $(VENV)/.installed-app
STAMP_DEV := $(VENV)/.installed-dev
PORT ?= 8501

.PHONY: run test system-deps lint typecheck pytest schemas bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_APP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

# The test environment comes from requirements-dev.lock: exact versions with sha256 hashes
# (regenerate with .ci/make-lock after changing pyproject.toml; torch is the CPU build). Where the
# CPU wheel is not on a configured index, add it: make test PIP_LOCK_ARGS='--extra-index-url
# https://download.pytorch.org/whl/cpu'.
$(STAMP_DEV): pyproject.toml requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes $(PIP_LOCK_ARGS) -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@ $(STAMP_APP)

run: $(STAMP_APP)
	$(PY) -m streamlit run app.py --server.address=127.0.0.1 --server.port=$(PORT)

test: system-deps $(STAMP_DEV) lint typecheck pytest

# Chromium, CJK fonts and poppler for the browser/PDF tests: installed as root, else named.
system-deps:
	bash .ci/system-deps

lint: $(STAMP_DEV)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP_DEV)
	$(PY) -m mypy  # the packages, tests and benchmarks: [tool.mypy] files in pyproject.toml

pytest: system-deps $(STAMP_DEV)
	$(PY) -m pytest

schemas: $(STAMP_DEV)
	$(PY) -m kb.schemas_gen

bench: $(STAMP_DEV)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
