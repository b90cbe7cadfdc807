# Portal do Cliente: `make run` serves the portal with demo data, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate demo test test-fast bench lint format messages clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createcachetable

demo: migrate
	DEBUG=1 $(PY) manage.py demo_data

run: demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -n auto --dist loadfile

# Edit loop: no lint, no browser, integration or slow tests; stops at the first failure.
test-fast: install
	$(PY) -m pytest -n auto --dist loadfile -x -q -m "not e2e and not integration and not slow"

# Search p95 over 10,000 articles through the view (PostgreSQL: DATABASE_URL, default local).
bench: install
	$(PY) bench/kb_search.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh every catalogue (project and per app) and compile it: see scripts/messages.sh.
messages: install
	scripts/messages.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
