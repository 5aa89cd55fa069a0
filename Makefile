# Hromada: two commands set everything up. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HROMADA := $(BIN)/hromada
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# Parallel test workers (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto

.PHONY: run test install install-dev lint typecheck messages bench screenshots cluster clean

# What running Hromada needs, and nothing more (no test or development tools).
$(STAMP): pyproject.toml package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	npm install --silent --no-audit --no-fund --omit=dev
	touch $(STAMP)

# The test and development tools on top (pytest, Playwright, ruff, mypy, build, axe-core).
$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev]"
	npm install --silent --no-audit --no-fund
	touch $(DEV_STAMP)

install: $(STAMP)
	$(HROMADA) compilemessages --ignore=.venv --ignore=node_modules -v0

install-dev: install $(DEV_STAMP)

# Migrate, load the demo city, then serve the portal and admin with the worker and scheduler.
# The console shows warnings and errors only (LOG_LEVEL=INFO shows every page and job).
# Stopping: Ctrl+C sends SIGINT to the whole foreground group. gunicorn and db_worker handle it
# themselves (db_worker finishes its current job first; a second Ctrl+C cuts it short); the
# scheduler, started in the background, ignores SIGINT, so the recipe's shell stops it with
# SIGTERM, waits for all three and exits 0, and make reports no error. On SIGTERM, or when
# gunicorn exits by itself, the shell stops the others with SIGTERM. A gunicorn worker takes a
# few seconds to exit (tearing down the application): under 20 s it is not killed. The stand-in
# ID.GOV.UA (demo only), started in the background too, ignores SIGINT like the scheduler and
# is stopped with it.
run: export LOG_LEVEL ?= WARNING
# E-mails (reminders, notifications) go to files in var/mail/, not to the console.
run: export EMAIL_URL ?= file:$(CURDIR)/var/mail
# Residents sign in "through ID.GOV.UA" on the demo: without real credentials (docs/operations.md)
# a local stand-in speaking its protocol is started on IDGOVUA_PORT and the portal points at it.
IDGOVUA_PORT ?= 8001
ifeq ($(strip $(IDGOVUA_CLIENT_ID)),)
STANDIN := 1
run: export IDGOVUA_CLIENT_ID = demo-portal
run: export IDGOVUA_CLIENT_SECRET = demo-secret
run: export IDGOVUA_URL = http://$(HOST):$(IDGOVUA_PORT)
run: export IDGOVUA_ALLOW_PRIVATE = true
run: export IDGOVUA_STANDIN_ENABLED = true
run: export RESIDENT_ID_KEY ?= demo-only-resident-id-key
endif
run: install
	$(HROMADA) demo
	$(HROMADA) collectstatic --noinput -v0
	@echo ""
	@echo "  Portal: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Demo admin login: admin / hromada-demo, then the code from: $(HROMADA) demo_code"
	@echo "  E-mails: var/mail/     Stop: Ctrl+C"
	$(if $(STANDIN),@echo "  ID.GOV.UA: local stand-in on http://$(HOST):$(IDGOVUA_PORT)/ (no real credentials set)")
	@echo ""
	@$(HROMADA) db_worker & worker=$$!; \
	$(HROMADA) scheduler & scheduler=$$!; \
	standin=; $(if $(STANDIN),$(HROMADA) idgovua_standin --host $(HOST) --port $(IDGOVUA_PORT) \
		& standin=$$!;) \
	$(BIN)/gunicorn -c python:hromada.config.gunicorn hromada.config.wsgi:application --bind $(HOST):$(PORT) --workers 2 \
		--no-control-socket --graceful-timeout 20 --log-level warning & web=$$!; \
	stop() { trap '' INT TERM; kill $$* 2>/dev/null; wait; echo "  Stopped."; }; \
	trap 'stop $$scheduler $$standin; exit 0' INT; \
	trap 'stop $$worker $$scheduler $$standin $$web; exit 0' TERM; \
	wait $$web; code=$$?; stop $$worker $$scheduler $$standin; exit $$code

test: install-dev
	$(BIN)/pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder \
		$(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	PYTHONPATH=src $(BIN)/lint-imports --no-cache

typecheck: install-dev
	$(BIN)/mypy src/hromada

messages: install-dev
	cd src/hromada && ../../$(HROMADA) makemessages -l uk -l en --no-obsolete --ignore=migrations

bench: install
	$(BIN)/python benchmarks/portal_pages.py

# Each public page type at 390, 1024 and 1366 px into var/screenshots/ (not in git), for review.
screenshots: install-dev
	$(BIN)/python tools/screenshots.py

# The multi-node deployment on loopback (deploy/cluster/README.md): nginx, two web nodes,
# PostgreSQL, Redis, two RQ workers, the scheduler and an S3 server. Ctrl+C stops it.
cluster: install
	BIN=$(CURDIR)/$(BIN) deploy/cluster/up.sh

clean:
	rm -rf $(VENV) node_modules var
