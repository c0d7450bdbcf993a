# Two commands: `make run` serves the archive with the seeds imported; `make test` runs the suite.
# Both set everything up first (a virtual environment in .venv with pinned requirements).

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SIZE ?= 1000
# Local runs and tests use development settings unless the environment says otherwise.
export DJANGO_DEBUG ?= 1

.PHONY: run test venv venv-dev parser migrate seed lint format chromium bench bench-load backup restore check-deploy clean

# The first Python >= 3.12 found on PATH (pyenv's shims honour .python-version).
PYTHON_BIN := $(shell for p in python3.12 python3.13 python3.14 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

$(VENV)/.runtime: requirements.txt
	@test -n "$(PYTHON_BIN)" || { echo "error: the archive needs Python 3.12 or newer; none was found on PATH." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

# The parser compiled to C by mypyc (archive/native.py), rebuilt whenever a parser source
# changes, with the C of the search vector (archive/_vector.c) and of the publisher cues' search
# (archive/_literals.c). Without a C compiler the build fails, is cleaned away, and the Python
# parser runs.
PARSER_SOURCES := $(wildcard archive/parsing/*.py) archive/_vector.c archive/_literals.c
archive/parsing/compiled.json: $(PARSER_SOURCES) archive/native.py $(VENV)/.runtime
	@echo "Compiling the parser (archive/parsing) to C"
	@$(PY) -m archive.native build >.build-parser.log 2>&1 \
	  && rm -f .build-parser.log && $(PY) -m archive.native status \
	  || { echo "note: the parser could not be compiled (see .build-parser.log); it runs as Python."; }

parser: archive/parsing/compiled.json

migrate: venv parser
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py import_readouts seeds/

run: seed
	@echo ""
	@echo "Readout archive: http://$(HOST):$(PORT)/   (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Create an admin login with: DJANGO_DEBUG=1 $(PY) manage.py createsuperuser"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium. Installed here when missing and we may install packages.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)); \
	  else echo "note: chromium is not installed; browser tests will be skipped"; fi; }

test: venv-dev chromium parser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: venv
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY="deploy-check-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
	DJANGO_ALLOWED_HOSTS=archive.example.org DJANGO_CSRF_TRUSTED_ORIGINS=https://archive.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: venv-dev parser
	$(PY) bench/run.py --size $(SIZE)

bench-load: venv-dev
	$(PY) bench/load.py

backup: venv
	$(PY) manage.py backup_archive $(if $(FILE),--output $(FILE),)

restore: venv
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<file>" >&2; exit 2; }
	$(PY) manage.py restore_archive $(FILE)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .build archive/parsing/compiled.json
	rm -f archive/parsing/*.so archive_parsing__mypyc*.so archive/*.so
