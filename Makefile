# The community portal's commands. Needs only Python 3.11+ and GNU make.
#
#   make run    set up .venv, migrate, load the demo data, serve on 127.0.0.1:$(PORT)
#               with the background task worker beside the web server
#   make test   lint, then the whole test suite (respects DATABASE_URL; extra args: ARGS=)
#   make pytest the test suite without the lint (ARGS= as for make test); .ci/run uses it
#   make release the release step of a deployment, once per deploy from one machine,
#               before the nodes restart: check --deploy, then the migrations
#
# Requirements are installed into .venv once and again only when a requirements file
# changes: a stamp file inside .venv remembers the last install.

PYTHON ?= python3
PORT ?= 8000
ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
RUNTIME_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
# pretix's own environment for make bench-peer (bench/peer/run.sh makes it).
PEER_VENV := bench/peer/.venv

# Translatable text lives in the project's own code; everything else is skipped.
# tests/test_locale.py runs makemessages with the same list: keep the two in step.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench \
	--ignore=docs --ignore=static --ignore=staticfiles --ignore=media
LANGS := -l zh_Hans -l en

.DEFAULT_GOAL := help
.PHONY: help run test pytest release lint format messages bench bench-smoke bench-peer clean distclean

help:
	@echo "make run         set up, migrate, load the demo data, serve on http://127.0.0.1:$(PORT)/"
	@echo "make test        lint, then the whole test suite (DATABASE_URL respected; ARGS=... for pytest)"
	@echo "make pytest      the test suite alone, no lint (ARGS=... for pytest, e.g. ARGS='-n 2')"
	@echo "make release     production's release step: check --deploy, migrate (docs/deployment.md)"
	@echo "make lint        ruff check, ruff format --check, djlint --lint (templates), lint-imports"
	@echo "make format      ruff format + ruff check --fix"
	@echo "make messages    update and compile the translation catalogs (needs GNU gettext)"
	@echo "make bench       the benchmark harness, full scale (bench/run.sh; PostgreSQL)"
	@echo "make bench-smoke the same, small and short"
	@echo "make bench-peer  pretix's event page beside the portal's pages (bench/peer/run.sh)"
	@echo "make clean       remove caches and collected static files"
	@echo "make distclean   clean, and remove .venv, bench/peer/.venv, the SQLite database and uploaded media"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11 (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(RUNTIME_STAMP)

# Local settings whatever the shell exports: DEBUG on unless DEBUG=0 is set.
run: export DJANGO_SETTINGS_MODULE = community_portal.settings.local
run: export PORT := $(PORT)
run: $(RUNTIME_STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@# The task worker (notices, messages, exports) runs beside the web server and
	@# stops with it (Ctrl-C stops both).
	$(MANAGE) db_worker --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The test settings, whatever the shell exports (pytest would prefer the environment's).
test: export DJANGO_SETTINGS_MODULE = community_portal.settings.test
test: lint
	$(BIN)/pytest $(ARGS)

pytest: export DJANGO_SETTINGS_MODULE = community_portal.settings.test
pytest: $(DEV_STAMP)
	$(BIN)/pytest $(ARGS)

# Production settings and the deployment's environment (docs/deployment.md): run it
# once per deploy, with DATABASE_URL pointing at PostgreSQL itself rather than at
# pgBouncer; the nodes never migrate on start.
release: export DJANGO_SETTINGS_MODULE = community_portal.settings.production
release: | $(PY)
	$(MANAGE) check --deploy
	$(MANAGE) migrate --noinput

# lint-imports checks the layer order in .importlinter (no cache left in the tree).
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/lint-imports --no-cache

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: export DJANGO_SETTINGS_MODULE = community_portal.settings.local
messages: $(DEV_STAMP)
	$(MANAGE) makemessages $(LANGS) --add-location=file $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages $(LANGS) --ignore=.venv --ignore=node_modules

bench: $(DEV_STAMP)
	bash bench/run.sh

bench-smoke: $(DEV_STAMP)
	bash bench/run.sh --smoke

# pretix (pinned, in bench/peer/.venv) beside the portal, same run, same load
# (BENCH_DB, BENCH_REUSE_DB=1, BENCH_SCALE as for bench/run.sh; bench/README.md).
bench-peer: $(DEV_STAMP)
	bash bench/peer/run.sh

clean:
	find . \( -path ./$(VENV) -o -path ./$(PEER_VENV) -o -name node_modules -o -name .git \) -prune \
		-o -type d -name __pycache__ -print0 | xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache staticfiles

distclean: clean
	rm -rf $(VENV) $(PEER_VENV) db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm media
