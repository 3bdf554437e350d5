"""Rule sets: YAML files validated into a Rulebook."""
from . import ids
from .loader import Rulebook, RulebookError, load_rulebook, available_rulesets

__all__ = ["Rulebook", "RulebookError", "ids", "load_rulebook", "available_rulesets"]
