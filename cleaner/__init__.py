"""cleaner: strip boilerplate from web articles given as HTML or as plain-text page dumps."""

from .errors import CleanerError, InputError, RuleError, UsageError
from .model import Result
from .options import Options
from .pipeline import STAGES, clean

__all__ = ["clean", "Options", "Result", "STAGES", "CleanerError", "InputError", "RuleError", "UsageError"]
__version__ = "0.1.0"
