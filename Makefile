# The commands people actually run. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The settings refuse to load without DEBUG; these commands are for development.
DEBUG ?= true
export DEBUG

.PHONY: run test test-fast lint bench load chaos messages mutation install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	scripts/system-deps.sh --gettext
	$(BIN)/python manage.py compilemessages --locale cy --ignore '.venv/*'
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	PORT=$(PORT) scripts/run-dev.sh  # runserver, and the worker that renders PDFs in the background

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	scripts/system-deps.sh --browser --vnu
	$(BIN)/python -m pytest

# Everything but the slow tests (browser, vnu, default pack; marker `slow`) and the multi-server one:
# about two minutes, for while you work. `make test` runs them all, after lint.
test-fast: install-dev
	$(BIN)/python -m pytest -m "not slow and not redis and not chaos"

# Refreshes the Welsh catalogue for translators: new messages are added, translations kept.
messages: install
	scripts/system-deps.sh --gettext
	$(BIN)/python manage.py makemessages --locale cy --add-location file --no-obsolete \
		--ignore '.venv/*' --ignore '.vnu/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*'

# Mutation testing of the rule modules — scoring, advice, peers, disclosure, report state and rendering,
# insight cells, limits, versions ([tool.mutmut] in pyproject.toml); a fresh run each time, about half an
# hour on two cores. tests/MUTATION.md explains the survivors.
mutation: install-dev
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/mutmut results

bench: install-dev
	scripts/system-deps.sh --browser --bench
	$(BIN)/python bench/run.py

# Whole journeys at once (Locust, headless, ramped, bounded) against gunicorn + PostgreSQL + Redis + a
# background worker, each started by bench/load/stack.py on 127.0.0.1; checks nothing acknowledged was
# lost and writes "Under load" in bench/RESULTS.md. `make load LOAD_USERS=500 LOAD_MINUTES=2`.
LOAD_USERS ?= 200
LOAD_MINUTES ?= 5
load: install-dev
	scripts/system-deps.sh --load
	$(BIN)/python bench/load/run.py --users $(LOAD_USERS) --minutes $(LOAD_MINUTES)

# The same load with faults on a schedule (worker killed mid-render, Redis stopped 20 s, PostgreSQL
# restarted, a gunicorn worker sent SIGTERM, HUP): nothing acknowledged lost, recovery within 30 s;
# writes "Under faults" in bench/RESULTS.md.
chaos: install-dev
	scripts/system-deps.sh --load
	$(BIN)/python bench/load/chaos.py --users $(LOAD_USERS) --minutes $(LOAD_MINUTES)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .vnu mutants
