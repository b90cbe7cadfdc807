#!/usr/bin/env bash
# `make prod-local`: the production shape on this machine. gunicorn, a Celery worker and beat
# (Procfile, run by honcho) with DEBUG=0 on PostgreSQL and Redis, over plain HTTP on
# 127.0.0.1. Its own database (portal_local) unless DATABASE_URL is set; demo data loaded.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG=0
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_local}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export SECRET_KEY="${SECRET_KEY:-prod-local-only-$(hostname)-not-a-production-secret-0123456789}"
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"
# Plain HTTP on this machine: no HTTPS redirect, no secure-only cookies, no HSTS.
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0

pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
redis-cli -u "$REDIS_URL" ping >/dev/null || { echo "Redis does not answer at $REDIS_URL" >&2; exit 1; }
database="${DATABASE_URL##*/}"
psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$database\""

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py createcachetable
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py demo_data
echo "Serving $SITE_URL with DEBUG=0 (gunicorn + Celery worker + beat); e-mails print in the worker's output."
PATH="$PWD/.venv/bin:$PATH" exec .venv/bin/honcho start -f Procfile
