"""From a read document to findings: NLP pipelines, the concept matcher, units and sections, figures,
the evaluation of each rule kind, title metadata."""

from . import lean_spacy

lean_spacy.install()  # before any engine module imports spaCy: its command-line stack stays out
