"""cleaner: strip boilerplate from web articles given as HTML or as plain-text page dumps."""

from cleaner.errors import CleanerError, InputError, RuleError, UsageError
from cleaner.model import Result
from cleaner.options import Options
from cleaner.pipeline import STAGES, clean

__all__ = ["clean", "Options", "Result", "STAGES", "CleanerError", "InputError", "RuleError", "UsageError"]
__version__ = "0.1.0"
