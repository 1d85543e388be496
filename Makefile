# Quick start: `make run` opens the console, `make test` runs the tests.
# Both create .venv on first use (and again when pyproject.toml changes).
PYTHON := $(shell sh scripts/find-python.sh)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench bench-quick clean

$(VENV)/.installed: pyproject.toml scripts/system-deps.sh scripts/find-python.sh
	sh scripts/system-deps.sh
	@test -n "$(PYTHON)" || { echo 'no Python >= 3.12 found' >&2; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(VENV)/bin/pyside6-lrelease -silent resources/i18n/console_en.ts -qm resources/i18n/console_en.qm
	touch $@

# The English translation, compiled again whenever its source changes.
QM := resources/i18n/console_en.qm
$(QM): resources/i18n/console_en.ts $(VENV)/.installed
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

run: $(VENV)/.installed $(QM)
	$(PY) main.py

# On every core (pytest-xdist; a worker steals queued tests from a busy one), then alone
# the tests marked serial (an outage that stops the PostgreSQL server the others share).
test: $(VENV)/.installed $(QM)
	$(PY) -m pytest -q -n auto --dist worksteal -m "not serial" --durations=15 $(PYTEST_ARGS)
	$(PY) -m pytest -q -p no:xdist -m serial $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

bench: $(VENV)/.installed
	$(PY) -m benchmarks

bench-quick: $(VENV)/.installed
	$(PY) -m benchmarks --quick --jobs 2

clean:
	rm -rf $(VENV) build *.egg-info
