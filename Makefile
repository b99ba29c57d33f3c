# Two commands: `make run` (the app on http://localhost:8501) and `make test` (every test).
# Each creates .venv and installs what it needs on first use. `make quick` is the inner loop:
# the unit and AppTest tiers only.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# Workers of `make test`: the suite is bound by CPU (94% of 2 cores in a measured run, with
# 3 workers; 4 ran slower and raced the replicas' tests); the third covers the tiers' waits.
# Tests sharing a server are grouped on one worker.
WORKERS ?= 3

.PHONY: run test quick messages

run: $(VENV)/.app
	$(PY) -m streamlit run app.py --server.port 8501

# html-validate (npm, pinned in package-lock.json) checks the HTML map export.
NODE_TOOLS := $(if $(shell command -v npm),node_modules/.package-lock.json)

test: $(VENV)/.test $(NODE_TOOLS)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n $(WORKERS) --dist loadgroup $(PYTEST_ARGS)

quick: $(VENV)/.test
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n 2 -m "unit or app" $(PYTEST_ARGS)

# The whole stack on this machine: PostGIS, N=3 replicas, HAProxy (scripts/cluster.py).
cluster: $(VENV)/.app
	$(PY) scripts/cluster.py --replicas $(or $(N),3)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

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

# Extract the interface strings and merge them into the French and Arabic catalogs.
messages: $(VENV)/.test
	$(PY) -m babel.messages.frontend extract -F babel.cfg -k t -k N_ --no-location \
		--omit-header -o geo/locale/messages.pot app.py ui pages geo
	for lang in fr ar; do \
		if [ -f geo/locale/$$lang/LC_MESSAGES/messages.po ]; then \
			$(PY) -m babel.messages.frontend update -i geo/locale/messages.pot -l $$lang \
				-d geo/locale --no-fuzzy-matching --ignore-obsolete; \
		else \
			$(PY) -m babel.messages.frontend init -i geo/locale/messages.pot -l $$lang -d geo/locale; \
		fi; \
	done
