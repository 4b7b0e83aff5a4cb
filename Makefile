# Two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint check-migrations demo benchmark clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: requirements/dev.lock | $(UV)
	test -x $(PY) || $(UV) venv --quiet --python "$$(command -v $(PYTHON))" $(VENV)
	VIRTUAL_ENV=$(VENV) $(UV) pip sync --quiet --compile-bytecode --python $(PY) requirements/dev.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	$(PY) manage.py migrate --no-input
	COPRODUCE_DEMO_BASE_URL=http://$(HOST):$(PORT) $(PY) manage.py demo
	@echo
	@echo "Coproduce is at http://$(HOST):$(PORT)/ (local demo sign-ins are listed above)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

test: lint check-migrations
	$(VENV)/bin/pytest

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo

benchmark: install
	$(PY) manage.py benchmark

clean:
	rm -rf $(VENV) $(TOOLS) node_modules var
