# 举报通 (Jubao). `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system venv compilemessages messages lint format migrations-check check-deploy clean

## run: set everything up and serve the portal with demo data on http://$(HOST):$(PORT)
run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Serving http://$(HOST):$(PORT)/  (admin: /admin/, units: /unit/; Ctrl-C stops)"
	@PY=$(PY) HOST=$(HOST) PORT=$(PORT) ./scripts/serve.sh

## test: set everything up and run the whole suite (uses DATABASE_URL/REDIS_URL when set);
## PYTEST_ARGS adds options, e.g. PYTEST_ARGS=--shift-days=400 runs it 400 days from now
test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

setup: system venv .env compilemessages

## system: the Debian packages (Pango, CJK font, Chromium, gettext, poppler)
system:
	@./scripts/install-system-packages.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# The development settings: DEBUG on, SQLite, tasks run eagerly. Never used in production.
.env:
	cp .env.example .env

compilemessages: venv
	@DJANGO_DEBUG=1 $(MANAGE) compilemessages --ignore=.venv --verbosity=0

## messages: refresh the zh_Hans catalogue after changing user-facing strings
messages: venv
	DJANGO_DEBUG=1 $(MANAGE) makemessages --locale=zh_Hans --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete --add-location=file

## lint: ruff (lint and format) on the code, djLint on the templates, mypy on the rule modules
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: venv
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
