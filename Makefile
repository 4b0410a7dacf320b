# ComCep — every target bootstraps what it needs. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
# What `make run` needs: the project's dependencies, without the test and lint tools.
RUNTIME := $(VENV)/.runtime-installed
# The suite runs on every core (pytest-xdist; tests of one xdist_group stay on one worker);
# `make test PYTEST_ARGS="tests/cms -n0"` runs a part serially.
PYTEST_ARGS ?= -n auto --dist loadgroup
HOST ?= 127.0.0.1
PORT ?= 8000
# Python keeps the modules it compiles (in .venv and __pycache__/, which git ignores) even where
# the environment says not to (PYTHONDONTWRITEBYTECODE): each process of `make run` and of the
# suite would otherwise compile Django and Wagtail again, some 5 s of CPU each.
export PYTHONDONTWRITEBYTECODE :=

.DEFAULT_GOAL := help
.PHONY: help install run demo test test-e2e lint format messages check clean bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -m venv $(VENV)

# uv (several times faster than pip: parallel downloads, no bytecode compiled ahead): the one on
# the PATH, else installed into .venv with pip (one wheel); pip alone when neither works.
# `$(call pip_install,ARGS,UV_ARGS)`. PYTHONWARNINGS: setuptools warns about every editable
# install, a warning meant for package authors; -qq: pip prints errors only.
define pip_install
@uv=$$(command -v uv || echo $(BIN)/uv); \
	if [ -x "$$uv" ] || $(PY) -m pip install -qq --disable-pip-version-check uv >/dev/null 2>&1; then \
	  PYTHONWARNINGS=ignore "$$uv" pip install --quiet --python $(PY) $(2); \
	else \
	  PYTHONWARNINGS=ignore $(PY) -m pip install -qq --disable-pip-version-check $(1); \
	fi
endef

$(INSTALLED): pyproject.toml | $(PY)
	@echo "==> Installation des dépendances et des outils de test dans $(VENV)…"
	$(call pip_install,-e ".[dev]",-e ".[dev]")
	@touch $@ $(RUNTIME)

# The dependencies only (uv reads them from pyproject.toml; manage.py runs from the checkout).
$(RUNTIME): pyproject.toml | $(PY)
	@echo "==> Installation des dépendances dans $(VENV) (la première fois seulement)…"
	$(call pip_install,-e .,-r pyproject.toml)
	@touch $@

install: $(INSTALLED) ## Create .venv and install the project with its test and lint tools

# `make run PORT=8123`: the links the portal gives out (e-mails, feeds, sitemap, API, embed code)
# and the Wagtail site use the address it serves on, unless WAGTAILADMIN_BASE_URL says otherwise.
run demo: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

# The server starts while the demo loads (on the other core), the task worker once it is loaded
# (it would wait for the load's transaction); the address is printed when both are ready.
# runserver's banner (English, and the checks migrate has just run) is left out; its request
# lines and errors show.
run: $(RUNTIME) ## Set up the SQLite database, load the demo content and serve on http://127.0.0.1:8000 (PORT=…)
	@echo "==> Base de données : migrations…"
	@log=$$(mktemp); $(PY) manage.py migrate --noinput --verbosity 0 >$$log 2>&1; status=$$?; \
	  [ $$status = 0 ] || cat $$log; rm -f $$log; exit $$status
	@echo "==> Contenu de démonstration…"
	@DJANGO_RUNSERVER_HIDE_WARNING=true $(PY) manage.py runserver --skip-checks $(HOST):$(PORT) \
	  >/dev/null & server=$$!; \
	trap 'kill $$server $$supervisor 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py load_demo || exit $$?; \
	( trap 'kill $$pid 2>/dev/null; exit 0' TERM; \
	  while :; do \
	    $(PY) manage.py db_worker --no-reload & pid=$$!; wait $$pid && break; \
	    echo "db_worker arrêté (code $$?) : relancé dans 2 s."; \
	    sleep 2 & pid=$$!; wait $$pid; \
	  done ) & supervisor=$$!; \
	echo ""; \
	echo "ComCep : http://$(HOST):$(PORT)/  (administration : http://$(HOST):$(PORT)/admin/)"; \
	echo "Tâches de fond (e-mails, notifications, index) : « manage.py db_worker » tourne à côté"; \
	echo "du serveur, se reconnecte si la base redémarre et est relancé s'il s'arrête sur une erreur."; \
	echo "Ctrl+C arrête le serveur et le worker."; \
	wait $$server

demo: $(INSTALLED) ## Load (or complete) the French demo content
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

test: $(INSTALLED) ## Run the whole test suite (browser journeys included when Chromium is there)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED) ## Check code style, templates and migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(PY) manage.py makemigrations --check --dry-run

format: $(INSTALLED) ## Format the code and the templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

messages: $(INSTALLED) ## Update and compile the French catalogue (needs GNU gettext)
	$(PY) manage.py makemessages --locale fr --no-obsolete --ignore ".venv/*" --ignore "tests/*"
	$(PY) manage.py compilemessages --locale fr --ignore ".venv/*"

bench: $(INSTALLED) ## Benchmark the key pages against bare Django, on demo and 100x data (PostgreSQL, Redis); ARGS=--mix: real traffic
	@command -v wrk >/dev/null || (command -v apt-get >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1) || \
		echo "wrk absent : le banc utilise son générateur de charge Python."
	$(PY) bench/run.py $(ARGS)

.PHONY: html-check
html-check: $(INSTALLED) ## Nu HTML checker (vnu, needs Java and npm) on 19 demo pages, anonymous and signed in
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) bench/html_check.py $(ARGS)

clean: ## Remove the virtual environment, the local database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles media .cache
