# Developer shortcuts; each runs from the repository root with the project's virtualenv.
PYTHON ?= .venv/bin/python

.PHONY: test eval bench corpus

test:
	$(PYTHON) -m pytest

eval:  ## agreement with the expert verdicts: the corpus, each blind set apart, the real openings
	$(PYTHON) -m psedcheck.agreement corpus
	$(PYTHON) -m psedcheck.agreement corpus/blind
	$(PYTHON) -m psedcheck.agreement corpus/blind2
	$(PYTHON) -m psedcheck.agreement corpus/blind3
	$(PYTHON) -m psedcheck.agreement corpus/blind4
	$(PYTHON) -m psedcheck.agreement corpus/real-openings

bench:  ## against the floor of the stack (spaCy + pypdfium2) at 60, 250 and 900 pages; --jobs 2 on a folder; a cached re-run
	$(PYTHON) bench/bench.py

corpus:  ## rebuild corpus/built from corpus/sources (needs LibreOffice for the PDFs)
	$(PYTHON) corpus/build.py
