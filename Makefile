# The book's commands. The first run of any target creates .venv and installs
# the pinned dependencies (requirements.lock); nothing else is needed but
# python3 (3.11 or newer), make and the package index.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve site test bench lighthouse clean lock vendor help links pdf
.DEFAULT_GOAL := help

help:
	@echo "make serve   build the book and serve it on http://$(ADDR) with live reload (EDITION=en: English alone)"
	@echo "make test    run every test (pages, lessons, site, browser)"
	@echo "make site    build the static site into site/ (what a deploy uploads)"
	@echo "make bench   time the build, the tests and the numerics; Lighthouse on every page"
	@echo "make lighthouse  only the Lighthouse part of make bench (every page, as a phone on slow 4G)"
	@echo "make clean   remove site/ and the build caches (keeps .venv)"
	@echo "make links   list and try every external link of the built site (needs the network)"
	@echo "make pdf     make site, with the whole book as one PDF per language in site/pdf/ (needs Chromium)"

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found: install Python 3.11 or newer"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "make: Python 3.11 or newer is needed, $(PYTHON) is $$($(PYTHON) -V 2>&1)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[docs,test]"
	touch $(STAMP)

# EDITION=en: that edition alone (an edit shows about three times sooner); default: every edition.
serve: $(STAMP)
	$(if $(EDITION),BOOK_ONLY_EDITION=$(EDITION) )$(BIN)/mkdocs serve --dev-addr $(ADDR)

site: $(STAMP)
	$(BIN)/mkdocs build --strict

# One pytest worker per core. loadscope keeps a module (a page: its blocks share one
# namespace) or a class on one worker.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope

# PyTorch (the baseline the numpy training is timed against) only for the bench.
$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[bench]"
	touch $@

# Lighthouse, pinned in benchmarks/lighthouse/package-lock.json, only for the bench. Without npm the
# bench still runs and its Lighthouse section says what is missing.
LIGHTHOUSE := benchmarks/lighthouse/node_modules/.installed
$(LIGHTHOUSE): benchmarks/lighthouse/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd benchmarks/lighthouse && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "make: npm not found: the bench runs without Lighthouse (install Node.js 18.20 or newer)"; fi

bench: $(VENV)/.bench-installed $(LIGHTHOUSE)
	$(BIN)/python benchmarks/run.py

lighthouse: $(STAMP) $(LIGHTHOUSE)
	$(BIN)/python benchmarks/run.py --only lighthouse

clean:
	rm -rf site .cache

# The whole book as one PDF per language (site/pdf/why-deep.pdf, why-deep.zh.pdf), printed by
# Debian's Chromium from a fresh build, then built once more (from the cache: seconds) so that
# the prefaces link them. Checked first: Chromium and a Chinese font.
CHROMIUM ?= /usr/bin/chromium
pdf:
	$(if $(and $(wildcard $(CHROMIUM)),$(shell fc-list :lang=zh family 2>/dev/null)),,$(error make pdf needs Chromium and a Chinese font: apt-get install chromium fonts-wqy-microhei))
	@$(MAKE) --no-print-directory site
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m book.pdf site
	@$(MAKE) --no-print-directory site

# Opt-in: external links are references for readers; the tests never fetch them.
links: site
	$(BIN)/python tools/check_external_links.py --check site

# Regenerate the lock file from pyproject.toml (maintainers only).
lock: $(STAMP)
	{ echo "# Pinned versions, installed by make with -c. Regenerate: make lock"; \
	  $(BIN)/python -m pip freeze --all --exclude pip --exclude-editable --exclude torch | sed '/^-e /d'; \
	  echo "torch==2.13.0  # make bench only (a CPU build)"; } > requirements.lock

# Refresh the vendored front-end assets from the npm registry.
vendor:
	tools/vendor.sh
