"""The library's own error types; the CLI turns each into a message and an exit code."""


class CleanerError(Exception):
    """Base of every error cleaner raises on purpose."""

    exit_code = 1


class InputError(CleanerError):
    """The input cannot be cleaned: binary data, undecodable bytes, a missing file."""


class RuleError(CleanerError):
    """A rule pack is invalid; the message names the file and the field."""

    exit_code = 2


class UsageError(CleanerError):
    """The call itself is wrong (a folder without -o, an unknown format)."""

    exit_code = 2


class OutputError(CleanerError):
    """An output cannot be written: a read-only folder, a file where a folder should be, a full disk."""

    @classmethod
    def of(cls, target: object, exc: OSError) -> "OutputError":
        reason = exc.strerror or str(exc)
        if exc.filename is not None and str(exc.filename) != str(target):
            reason = f"{exc.filename}: {reason}"  # the part of the path that is in the way
        return cls(f"cannot write {target}: {reason}")
