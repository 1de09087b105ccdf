# The archive's commands, in Pelican's own conventions.
# Every target that needs Python first makes .venv from the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
PELICANOPTS ?=

INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
SOURCES ?= sources/seeds
REPORT ?= import-report.json
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help html regenerate serve devserver clean publish import check test test-corpus lint format requirements venv

help:
	@echo 'make html         build content/ into output/ (a relative site, hostable anywhere)'
	@echo 'make serve        build, then serve output/ at http://$(HOST):$(PORT)/'
	@echo 'make devserver    serve and rebuild whenever content/, theme/ or plugins/ change'
	@echo 'make clean        remove output/'
	@echo 'make publish      build with publishconf.py (SITEURL=https://host/path)'
	@echo 'make import       import $(SOURCES) into content/ (report in $(REPORT))'
	@echo 'make check        validate content/: every problem as file:line: message'
	@echo 'make test         run the tests'
	@echo 'make test-corpus  run the importer on the real captures in ../shared/corpus'
	@echo 'make lint         ruff lint and format check'

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

html: venv
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

regenerate: venv
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: html
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(HOST) -p $(PORT)

devserver: venv
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(HOST) -p $(PORT) $(PELICANOPTS)

clean:
	rm -rf $(OUTPUTDIR)

publish: venv
	SITEURL='$(SITEURL)' $(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(PELICANOPTS)

import: venv
	$(BIN)/python -m importer import $(SOURCES) --content $(INPUTDIR) --report $(REPORT)

check: venv
	$(BIN)/python -m plugins.content_format.check $(INPUTDIR)

test: venv
	$(BIN)/python -m pytest

test-corpus: venv
	$(BIN)/python -m pytest -m corpus

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

requirements:
	rm -rf .venv-pin && $(PYTHON) -m venv .venv-pin
	.venv-pin/bin/python -m pip install --disable-pip-version-check -q -r requirements.in
	{ echo "# Pinned from requirements.in by 'make requirements' (pip freeze of a fresh venv)."; \
	  .venv-pin/bin/python -m pip freeze; } > requirements.txt
	rm -rf .venv-pin
