# Two commands set everything up on a fresh machine:  make demo  and  make test
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint bench bench-recognise bench-link bench-search bench-web bench-letters bench-claims clean

# The seed texts join the bundled samples when ../shared/seeds is there.
SEEDS := $(wildcard ../shared/seeds)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install  ## build an archive from the bundled samples (and the seeds), serve it until Ctrl-C
	$(VENV)/bin/testimonia demo $(SEEDS)

lint: install
	$(VENV)/bin/ruff check src tests bench tools

test: lint  ## ruff, then the whole test suite
	$(PY) -m pytest

bench: install  ## ingest benchmark (see docs/performance.md)
	$(PY) bench/bench_ingest.py

bench-recognise: install  ## recognition + linking against the bare models, words/s
	$(PY) bench/bench_recognise.py

bench-link: install  ## linking at 1M register entries against brute force
	$(PY) bench/bench_link.py

bench-search: install  ## tantivy against SQLite FTS5
	$(PY) bench/bench_search.py

bench-web: install  ## page and API latency
	$(PY) bench/bench_web.py

bench-letters: install  ## correspondence pages and analysis
	$(PY) bench/bench_letters.py

bench-claims: install  ## claim extraction and weighing
	$(PY) bench/bench_claims.py

clean:
	rm -rf $(VENV) build *.egg-info testimonia-demo.tmarch*
