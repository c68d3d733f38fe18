# The two commands a newcomer needs:  make serve   and   make test
VENV ?= .venv
PY := $(VENV)/bin/python
PG_TEST_URL ?= postgresql://127.0.0.1/test
PYTEST_ARGS ?= -n 3

.PHONY: install install-test serve test test-sqlite test-postgres i18n-check lint mutation

# `serve` needs the service alone; `test` adds the test tools (pytest, Playwright, schemathesis, ruff).
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

serve: install
	$(VENV)/bin/consult serve

i18n-check: install
	$(PY) tools/i18n.py check

lint: install-test
	$(VENV)/bin/ruff check .

test: install-test lint i18n-check
	tools/ensure-test-deps
	$(MAKE) test-sqlite test-postgres

# Browser tests run in a process of their own: Playwright's event loop would refuse the mail worker's
# asyncio.run in a later test of the same process. They do not depend on the database, so only here.
test-sqlite:
	$(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS) --ignore=tests/browser
	$(PY) -m pytest -q -p no:cacheprovider -n 2 tests/browser

test-postgres:
	TEST_DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS) --ignore=tests/browser


# Mutation testing of the rule modules ([tool.mutmut] in pyproject.toml), run by hand, not in CI; e.g.
# make mutation MUTANTS='consultation.references.*' MUTMUT_CHILDREN=1 (one module at a time on a shared
# machine). `mutmut show NAME` prints a mutant; survivors and why they are left: bench/README.md.
MUTANTS ?=
MUTMUT_CHILDREN ?= 2
mutation: install-test
	$(PY) -m pip install -q -e '.[mutation]'
	nice -n 19 $(VENV)/bin/mutmut run --max-children $(MUTMUT_CHILDREN) $(MUTANTS)
	$(VENV)/bin/mutmut results
