# Hromada: two commands set everything up. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HROMADA := $(BIN)/hromada
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck messages bench clean

$(STAMP): pyproject.toml package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	npm install --silent --no-audit --no-fund
	touch $(STAMP)

install: $(STAMP)
	$(HROMADA) compilemessages --ignore=.venv --ignore=node_modules -v0

# Migrate, load the demo city, then serve the portal and admin with the worker and scheduler.
run: install
	$(HROMADA) demo
	$(HROMADA) collectstatic --noinput -v0
	@echo ""
	@echo "  Portal: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Demo admin login: admin / hromada-demo, then the code from: $(HROMADA) demo_code"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(HROMADA) db_worker & \
	$(HROMADA) scheduler & \
	$(BIN)/gunicorn hromada.config.wsgi:application --bind $(HOST):$(PORT) --workers 2 \
		--no-control-socket --access-logfile - --graceful-timeout 5

test: install
	$(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	PYTHONPATH=src $(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy src/hromada

messages: install
	cd src/hromada && ../../$(HROMADA) makemessages -l uk -l en --no-obsolete --ignore=migrations

bench: install
	$(BIN)/python benchmarks/portal_pages.py

clean:
	rm -rf $(VENV) node_modules var
