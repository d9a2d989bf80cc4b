# Developer shortcuts. PYTHON defaults to the interpreter on PATH (activate .venv first, or
# `make bench PYTHON=.venv/bin/python`).
PYTHON ?= python

.PHONY: bench bench-quick test run

# Full benchmark: dev set vs the jieba+BM25 peer, start-up, 2/200/2,000 reports, a 10 MB report, bot throughput (~6 min).
bench:
	$(PYTHON) -m knowledge.bench

# Smoke run of the same (2 and 20 reports, fewer bot updates; under a minute).
bench-quick:
	$(PYTHON) -m knowledge.bench --quick

test:
	$(PYTHON) -m pytest -q

run:
	$(PYTHON) -m bot
