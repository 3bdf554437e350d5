"""Many documents at once: the worker pool, the report cache, progress, job counts, reading ahead."""
from .pool import check_many, check_safely

__all__ = ["check_many", "check_safely"]
