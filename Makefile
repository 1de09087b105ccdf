# The archive's commands, in Pelican's own conventions.
# Every target that needs Python first makes .venv from the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
PELICANOPTS ?=
# make html, serve and devserver keep a cache in $(CACHEDIR) and render only the pages
# that changed (plugins/page_writer); make publish always builds from nothing.
CACHEDIR ?= cache
CACHEOPTS := -e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true --cache-path $(CACHEDIR)

INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
SOURCES ?= sources/seeds
REPORT ?= import-report.json
HOST ?= 127.0.0.1
PORT ?= 8000
# make publish: the tarball's folder and name ({date} is today), and the time stamp of
# its entries (the last commit's time, so the same commit gives the same bytes).
DIST ?= dist
ARCHIVE_NAME ?= archive-{date}
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: help html regenerate serve devserver clean publish linkcheck import check new test test-corpus lint format requirements venv

help:
	@echo 'make html         build content/ into output/ (a relative site, hostable anywhere)'
	@echo 'make serve        build, then serve output/ at http://$(HOST):$(PORT)/'
	@echo 'make devserver    serve and rebuild whenever content/, theme/ or plugins/ change'
	@echo 'make clean        remove output/ and the build cache'
	@echo 'make publish      build with publishconf.py (SITEURL=https://host/path), pack $(DIST)/$(ARCHIVE_NAME).tar.gz'
	@echo 'make linkcheck    check every internal link and #anchor of output/ (LinkChecker, offline)'
	@echo 'make import       import $(SOURCES) into content/ (report in $(REPORT))'
	@echo 'make check        validate content/: every problem as file:line: message'
	@echo 'make new          start a post: TITLE="..." [AUTHOR="..."] [CATEGORY=Blog]'
	@echo 'make test         run the tests'
	@echo 'make test-corpus  run the importer on the real captures in ../shared/corpus'
	@echo 'make bench        measure import and build on a synthetic network (BENCH_POSTS=500 for a quick one)'
	@echo 'make lint         ruff lint and format check'

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

html: venv
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(CACHEOPTS) $(PELICANOPTS)

regenerate: venv
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(CACHEOPTS) $(PELICANOPTS)

serve: html
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(HOST) -p $(PORT)

devserver: venv
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(HOST) -p $(PORT) \
		$(CACHEOPTS) $(PELICANOPTS)

clean:
	rm -rf $(OUTPUTDIR) $(CACHEDIR)

publish: venv
	SITEURL='$(SITEURL)' $(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(PELICANOPTS)
	SOURCE_DATE_EPOCH='$(SOURCE_DATE_EPOCH)' $(BIN)/python -m plugins.publishing.archive \
		$(OUTPUTDIR) --dist $(DIST) --name '$(ARCHIVE_NAME)'

linkcheck: venv
	$(BIN)/python -m plugins.publishing.linkcheck $(OUTPUTDIR)

import: venv
	$(BIN)/python -m importer import $(SOURCES) --content $(INPUTDIR) --report $(REPORT)

check: venv
	$(BIN)/python -m plugins.content_format.check $(INPUTDIR)

# TITLE, AUTHOR and CATEGORY go to the shell unexpanded and single-quoted, so quotes,
# apostrophes and $ stay as typed.
quoted = '$(subst ','\'',$(value $(1)))'
new: venv
	@$(BIN)/python -m importer.new_post --content $(INPUTDIR) --title $(call quoted,TITLE) \
		--author $(call quoted,AUTHOR) --category $(call quoted,CATEGORY)

test: venv
	$(BIN)/python -m pytest

test-corpus: venv
	$(BIN)/python -m pytest -m corpus

# The benchmark on a synthetic network (docs/benchmarks.md); BENCH_POSTS=500 is quick.
BENCH_POSTS ?= 10000
BENCHOPTS ?=
.PHONY: bench
bench: venv
	$(BIN)/python -m bench.run --posts $(BENCH_POSTS) $(BENCHOPTS)

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
