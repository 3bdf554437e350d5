"""The ids the engine itself relies on: every rule set defines them, and the loader says so when one
is missing. Everything else in a rule set is the rule set's own business."""
from __future__ import annotations

# Sections the engine treats apart: the title area (everything before the first recognised
# section, read for the municipality and period) and the SWOT, whose grid is read cell by cell.
TITLE = "title"
SWOT = "swot"
SECTIONS = (TITLE, SWOT)

# Cue concepts: a sentence that only declares an intention, denies the data, or holds a placeholder
# instead of content; and the shield, whose match hides the concepts inside it («ООН-Женщины»).
DECLARATIVE = "_declarative"
NEGATION = "_negation"
PLACEHOLDER = "_placeholder"
SHIELD = "_shield"
CUES = (DECLARATIVE, NEGATION, PLACEHOLDER)

# A table column whose header names this concept holds money: a bare number under «Cost, KGS» or
# «Стоимость, тыс. сом» is an amount, never a count of what the row is about.
COST = "cost"
REQUIRED = (*CUES, COST)  # the concepts every lexicon defines
