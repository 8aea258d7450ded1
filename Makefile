# Pledge's tasks. `make check` is exactly what CI runs (.ci/run), against SQLite by default and
# against PostgreSQL when DATABASE_URL says so. See docs/adr/0003-task-runner.md.

SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := scripts/uv
RUN := $(UV) run --frozen
export UV_PYTHON_DOWNLOADS := never
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install demo run test check lint format types imports migrations-check smoke screenshots clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

install: ## Install everything: Python packages, GOV.UK Frontend, Chromium for browser tests
	scripts/install-system-packages
	$(UV) sync --frozen
	npm ci --no-audit --no-fund
	npm run build
	scripts/write-local-env

demo: install ## Install, load the Northfield demo board and start the app on SQLite
	$(RUN) manage.py migrate --no-input
	$(RUN) manage.py load_demo
	@echo "Open http://$(HOST):$(PORT)/ and sign in as officer@northfield.example (see README)"
	$(RUN) manage.py runserver $(HOST):$(PORT)

run: ## Start the app without reinstalling
	$(RUN) manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole test suite, browser journeys included
	$(RUN) pytest

check: install lint types imports migrations-check ## Everything CI runs: lint, types, contracts, migrations, tests
	$(RUN) pytest

lint: ## ruff lint and format check
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format: ## Apply ruff's fixes and formatting
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

types: ## mypy with django-stubs (strict on analytics/)
	$(RUN) mypy .

imports: ## import-linter: analytics/ never imports Django or the apps
	$(RUN) lint-imports

migrations-check: ## No model change without its migration
	DJANGO_SETTINGS_MODULE=config.settings.test $(RUN) manage.py makemigrations --check --dry-run

smoke: install ## Start the production shape (gunicorn x2 + task worker) and test it over HTTP
	scripts/smoke-production

clean: ## Remove what install and the app write
	rm -rf .venv node_modules build staticfiles db.sqlite3

screenshots: ## Refresh docs/screenshots from the browser journeys
	SCREENSHOTS_DIR=docs/screenshots $(RUN) pytest -q tests/browser
