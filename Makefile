# Two commands: `make run` (the app on http://localhost:8501) and `make test` (every test).
# Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench

run: $(VENV)/.app
	$(PY) -m streamlit run app.py --server.port 8501

test: $(VENV)/.test
	$(PY) -m ruff check .
	$(PY) -m pytest

$(VENV)/.app: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.app
