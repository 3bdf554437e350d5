"""Reporters read only the report model (findings.py), never spaCy or the parsers."""
