# HNB Monitor: `make serve` installs everything and serves the demo on SQLite;
# `make test` runs the whole suite (ruff, migrations check, pytest on SQLite and on
# PostgreSQL). Each may start on a bare machine, so each installs what it needs.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://root@127.0.0.1:5432/hnb_monitor
DEBIAN_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core
DEBIAN_TEST := chromium poppler-utils libreoffice-calc-nogui
PYTEST_ARGS ?=

.PHONY: serve test install install-test lint migrations-check test-sqlite test-postgres postgres bench bench-load

serve: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py load_demo --with-users $(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")
	@echo "Serving HNB Monitor on http://127.0.0.1:8000/ (Ctrl-C to stop)"
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

test: install install-test lint migrations-check test-sqlite test-postgres

install: $(VENV)/.installed
	@missing=""; for p in $(DEBIAN_RUNTIME); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  apt-get install -y --no-install-recommends $$missing >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends $$missing >/dev/null; }; fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install-test:
	@missing=""; for p in $(DEBIAN_TEST); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages for tests:$$missing"; \
	  apt-get install -y --no-install-recommends $$missing >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends $$missing >/dev/null; }; fi

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check:
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

test-sqlite:
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

# PostgreSQL is required under CI=true; elsewhere a machine without it skips this run
# with a warning. A local cluster that is installed but stopped is started (systemd does
# not run here, hence --skip-systemctl-redirect), and the `root` role is created with
# CREATEDB, so pytest-django can create its test database, along with the database.
test-postgres: postgres
	@if [ -f .pg-unavailable ]; then rm -f .pg-unavailable; echo "WARNING: PostgreSQL run skipped (no server)"; \
	else DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(PY) -m pytest $(PYTEST_ARGS); fi

postgres:
	@rm -f .pg-unavailable; \
	if [ -n "$${DATABASE_URL:-}" ]; then exit 0; fi; \
	if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && command -v pg_ctlcluster >/dev/null; then \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start || true; sleep 2; fi; \
	if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  if [ "$${CI:-}" = "true" ]; then echo "PostgreSQL is not running and CI requires the PostgreSQL run" >&2; exit 1; fi; \
	  touch .pg-unavailable; exit 0; fi; \
	if ! psql -h 127.0.0.1 -U root -d postgres -tAc 'select 1' >/dev/null 2>&1; then \
	  su postgres -c "psql -q -c 'CREATE ROLE root LOGIN CREATEDB'"; fi; \
	psql -h 127.0.0.1 -U root -d postgres -tAc "select 1 from pg_database where datname='hnb_monitor'" | grep -q 1 || \
	  psql -h 127.0.0.1 -U root -d postgres -qc 'CREATE DATABASE hnb_monitor'

bench: install
	env -u DATABASE_URL $(PY) -m bench

# Meeting night under load (bench/load.py): gunicorn on PostgreSQL, about 3 minutes.
bench-load: install postgres
	$(PY) -m bench.load
