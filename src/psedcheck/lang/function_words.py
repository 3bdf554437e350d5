"""Short words that tie text together: a preposition ties a complement to its head («нуждаются в
поддержке» is one need, not two); a sentence that opens with an anaphor goes on about the subject of
the one before («Их тратят на потребление»)."""
from __future__ import annotations

PREPOSITIONS = frozenset({
    # Russian
    "в", "во", "на", "к", "ко", "о", "об", "с", "со", "для", "по", "от", "из", "у", "при", "за",
    # English
    "for", "in", "of", "to", "with", "on", "from", "at", "by",
})

ANAPHORS = frozenset({
    # Russian
    "их", "они", "им", "ими", "многим", "многие", "многих", "это", "эти", "этим", "этих", "такие", "таким",
    "большинство", "большинству", "часть", "кроме",
    # Kyrgyz
    "ал", "алар", "аларга", "алардын", "аларды", "алардан", "анын", "аны", "ага", "бул", "булар", "мындай",
    "көбү", "көпчүлүгү", "көпчүлүгүнө",
    # English
    "they", "them", "their", "this", "these", "such", "many", "most", "it", "its",
})
