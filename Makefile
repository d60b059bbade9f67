# sovietdata: every target bootstraps .venv from the hashed lock on first use.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/dev.txt
SPHINXOPTS ?= -n -W --keep-going
DOCS_BUILD := docs/_build
# Sphinx's cache of parsed pages: beside the built book, never inside the folder that is served.
DOCTREES := $(DOCS_BUILD)/doctrees
PORT ?= 8000

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

.PHONY: venv
venv: $(STAMP) ## Create .venv from the pinned, hashed requirements

.PHONY: html
html: $(STAMP) ## Build the book into docs/_build/html (strict: warnings are errors)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) -d $(DOCTREES) docs $(DOCS_BUILD)/html

.PHONY: epub
epub: $(STAMP) ## Build the book as an EPUB into docs/_build/epub (strict; tests check it with epubcheck)
	$(BIN)/sphinx-build -b epub $(SPHINXOPTS) -d $(DOCS_BUILD)/doctrees-epub docs $(DOCS_BUILD)/epub
	@echo "The e-book: $(DOCS_BUILD)/epub/sovietdata.epub"

# The book as one PDF: the version in its name, as docs/conf.py names it (PDF_FILE).
VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"$$/\1/p' src/sovietdata/__init__.py)
PDF = $(DOCS_BUILD)/pdf/sovietdata-$(VERSION).pdf

.PHONY: pdf
pdf: $(STAMP) ## Print the whole book as one PDF with the system Chromium, and publish it in the HTML book
	$(BIN)/python -m sovietdata.sphinx.pdf docs $(PDF) --build $(DOCS_BUILD)/singlehtml --doctrees $(DOCTREES)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) -t pdf -d $(DOCTREES) docs $(DOCS_BUILD)/html
	cp $(PDF) $(DOCS_BUILD)/html/

.PHONY: doctest
doctest: $(STAMP) ## Run every doctest in the book and the docstrings
	$(BIN)/sphinx-build -b doctest $(SPHINXOPTS) -d $(DOCTREES) docs $(DOCS_BUILD)/doctest

.PHONY: lint
lint: $(STAMP) ## Lint and check formatting with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: typecheck
typecheck: $(STAMP) ## Type-check with mypy --strict
	$(BIN)/mypy

# One test worker per core. The workers build the book (HTML, doctests, PDF, EPUB) and survey
# its pages in the browser once in the run, strictly, and share what they made. The longest
# tests go first (conftest.py); a worker is handed two tests at a time, so none waits on a
# long queue while the other is idle.
XDIST ?= -n auto --maxschedchunk 2

.PHONY: pytest
pytest: $(STAMP) ## Run the test suite with branch coverage, on every core
	$(BIN)/pytest $(XDIST) --cov --cov-report=term-missing

.PHONY: test
test: lint typecheck pytest ## Everything CI checks: lint, types, and the tests (the strict book build, its doctests, the book in a browser)

.PHONY: test-fast
test-fast: lint typecheck $(STAMP) ## The quick loop: lint, types and every test that needs no browser (no coverage)
	$(BIN)/pytest $(XDIST) -q --no-cov -m "not browser"

.PHONY: bench
bench: $(STAMP) ## Measure import+load, validation at scale, the book build, and each page's first-visit weight
	$(BIN)/python benchmarks/bench.py

.PHONY: serve
serve: $(STAMP) ## Serve the book on http://localhost:$(PORT), rebuilt and reloaded when a page, the data or the package changes
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) -d $(DOCTREES) --host 127.0.0.1 --port $(PORT) \
		--watch src/sovietdata docs $(DOCS_BUILD)/html

.PHONY: lock
lock: $(STAMP) ## Re-resolve requirements/dev.txt with hashes after changing pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --group dev --universal --python-version 3.11 \
		--generate-hashes --no-header --quiet -o $(LOCK)

.PHONY: clean
clean: ## Remove build output, caches and .venv
	rm -rf $(DOCS_BUILD) .pytest_cache .mypy_cache .ruff_cache .coverage .hypothesis $(VENV)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
