"""Short words that tie text together (lang/words.yaml): a preposition ties a complement to its head
(«нуждаются в поддержке» is one need, not two); a sentence that opens with an anaphor goes on about
the subject of the one before («Их тратят на потребление»)."""
from __future__ import annotations

from .words import word_set

PREPOSITIONS = word_set("prepositions")
ANAPHORS = word_set("anaphors")
