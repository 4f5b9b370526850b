# Zona developer tasks. GNU make; recipes are indented with tabs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test lint fmt bench bench-web bench-workbook bench-recalc bench-dashboards bench-plans bench-surveys bench-api bench-api-lists bench-national clean

help:
	@echo "make install  create .venv and install the locked dependencies + zona (editable)"
	@echo "make run      install, migrate, create the demo login, serve http://127.0.0.1:8000/"
	@echo "make test     install, then ruff + Django checks + pytest (SQLite, and PostgreSQL"
	@echo "              when ZONA_TEST_POSTGRES_URL is set)"
	@echo "make lint     ruff check + ruff format --check"
	@echo "make fmt      ruff format + ruff check --fix"
	@echo "make bench    run the scoring benchmark (bench/score_bench.py)"
	@echo "make bench-web  seed 2,000 evaluations into PostgreSQL and load the pages under gunicorn"
	@echo "make bench-workbook  time the LKE workbook export, upload check and import"
	@echo "make bench-recalc  the engine scoring one LKE beside LibreOffice recalculating the"
	@echo "              official workbook with the same answers (a ratio, one run)"
	@echo "make bench-dashboards  seed 10,000 units into PostgreSQL, time every dashboard, drop it"
	@echo "make bench-plans  action-plan pages and the reminder run on 20,000 activities (SQLite)"
	@echo "make bench-surveys  public survey submissions under gunicorn + PostgreSQL beside a raw"
	@echo "              INSERT floor (database zona_bench_surveys, dropped afterwards)"
	@echo "make bench-api  seed its own PostgreSQL database, load the API under gunicorn, drop it"
	@echo "make bench-api-lists  the API's findings, plans, people, notifications and library lists (PostgreSQL)"
	@echo "make bench-national  seed 600 instansi / 20,000 units (zona_bench_national, kept), load the"
	@echo "              dashboards and lists under gunicorn, re-score all on two Celery workers"
	@echo "make clean    remove .venv, var/ and caches"

install: $(STAMP)

# Re-runs only when pyproject.toml or a lock file is newer than the stamp.
$(STAMP): pyproject.toml $(wildcard requirements/*.txt)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/score_bench.py

bench-plans: install
	$(BIN)/python bench/plans_bench.py

bench-web: install
	$(BIN)/python bench/seed_bench.py --reset
	$(BIN)/python bench/web_bench.py

bench-workbook: install
	$(BIN)/python bench/workbook_bench.py

bench-recalc: install
	$(BIN)/python bench/workbook_recalc_bench.py
bench-dashboards: install
	$(BIN)/python bench/dashboard_bench.py
bench-surveys: install
	$(BIN)/python bench/survey_bench.py
bench-api: install
	$(BIN)/python bench/api_bench.py
bench-api-lists: install
	$(BIN)/python bench/api_lists_bench.py
bench-national: install
	$(BIN)/python bench/seed_national.py --reset
	$(BIN)/python bench/national_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
