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

.PHONY: run test install install-dev lint typecheck messages bench clean

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
# The console shows warnings and errors only (LOG_LEVEL=INFO shows every page and job). Ctrl+C stops
# all three: the recipe's shell catches it (its background processes ignore SIGINT), stops
# them with SIGTERM, waits for them and exits cleanly. A gunicorn worker takes a few seconds to
# exit (tearing down the loaded application): under 20 s it is not killed with an error.
run: export LOG_LEVEL ?= WARNING
run: install
	$(HROMADA) demo
	$(HROMADA) collectstatic --noinput -v0
	@echo ""
	@echo "  Portal: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Demo admin login: admin / hromada-demo     Stop: Ctrl+C"
	@echo ""
	@$(HROMADA) db_worker & worker=$$!; \
	$(HROMADA) scheduler & scheduler=$$!; \
	$(BIN)/gunicorn hromada.config.wsgi:application --bind $(HOST):$(PORT) --workers 2 \
		--no-control-socket --graceful-timeout 20 --log-level warning & web=$$!; \
	stop() { trap '' INT TERM; kill $$worker $$scheduler $$web 2>/dev/null; wait; }; \
	trap 'stop; echo "  Stopped."; exit 0' INT TERM; \
	wait $$web; code=$$?; stop; exit $$code

test: install-dev
	$(BIN)/pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder \
		$(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install-dev
	$(BIN)/mypy src/hromada

messages: install-dev
	cd src/hromada && ../../$(HROMADA) makemessages -l uk -l en --no-obsolete --ignore=migrations

bench: install
	$(BIN)/python benchmarks/portal_pages.py

clean:
	rm -rf $(VENV) node_modules var
