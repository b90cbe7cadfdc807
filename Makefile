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

.PHONY: run prod-local install migrate demo test test-fast bench bench-kb bench-smoke lint format messages clean

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

# The production shape here: gunicorn + Celery worker + beat (Procfile) with DEBUG=0 on
# PostgreSQL and Redis; see scripts/prod-local.sh.
prod-local: install
	scripts/prod-local.sh

# Signed-in pages under load (gunicorn + wrk, PostgreSQL: DATABASE_URL, default local), 500 and
# 5,000 tickets; then search p95 over 10,000 articles. See README "Performance".
bench: install
	$(PY) bench/pages.py
	$(PY) bench/kb_search.py

bench-kb: install
	$(PY) bench/kb_search.py

# CI runs the page benchmark once with a small N so it does not rot (figures not meaningful).
bench-smoke: install
	$(PY) bench/pages.py --sizes 50 --duration 1 --rounds 1

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
