# Portal do Cliente: `make run` serves the portal with demo data, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails follow where `make run` serves, unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: run install migrate demo test test-fast bench lint format messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createcachetable

demo: migrate
	DEBUG=1 $(PY) manage.py demo_data

run: demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: lint
	$(PY) -m pytest -n auto --dist loadfile

# Edit loop: no lint, no browser, integration or slow tests; stops at the first failure.
test-fast: install
	$(PY) -m pytest -n auto --dist loadfile -x -q -m "not e2e and not integration and not slow"

# Search p95 over 10,000 articles through the view (PostgreSQL: DATABASE_URL, default local).
bench: install
	$(PY) bench/kb_search.py

# The same checks as .pre-commit-config.yaml: lint, format, Django idioms, templates, types.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	find . -name '*.py' -not -path './.venv/*' -not -path '*/migrations/*' | xargs $(VENV)/bin/django-upgrade --target-version 5.2
	find templates -name '*.html' | xargs $(VENV)/bin/djhtml --check
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	find templates -name '*.html' | xargs $(VENV)/bin/djhtml

# Refresh every catalogue (project and per app) and compile it: see scripts/messages.sh.
messages: install
	scripts/messages.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
