"""Rule sets: YAML files validated into a Rulebook."""
from .loader import Rulebook, RulebookError, load_rulebook, available_rulesets

__all__ = ["Rulebook", "RulebookError", "load_rulebook", "available_rulesets"]
