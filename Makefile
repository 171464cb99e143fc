# Two commands set everything up on a fresh machine:  make demo  and  make test
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install  ## build an archive from the bundled samples and show it
	$(VENV)/bin/testimonia demo

lint: install
	$(VENV)/bin/ruff check src tests bench tools

test: lint  ## ruff, then the whole test suite
	$(PY) -m pytest

bench: install  ## ingest benchmark (see docs/performance.md)
	$(PY) bench/bench_ingest.py

clean:
	rm -rf $(VENV) build *.egg-info testimonia-demo.tmarch*
