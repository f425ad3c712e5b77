"""Bad options and bad outputs (issue 11, part 3): one line on stderr, a non-zero exit, nothing lost.

A usage error is one line (`cleaner: ...`) and exit 2, never click's boxed panel; a value out of
range is refused at the edge, in the CLI and in the library.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

from .conftest import SEEDS

S000 = SEEDS / "000_217c230414dadc16.txt"

runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def one_line(result, code: int) -> str:
    """Exactly one line on stderr, starting `cleaner: `, nothing on stdout, the given exit code."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cleaner: ") and "Traceback" not in result.stderr
    return lines[0]


# --- 9. usage errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, needle",
    [
        (("clean", "--bogus"), "no such option: --bogus"),
        (("clean",), "missing argument"),
        (("clean", str(S000), "--format", "xml"), "'xml'"),
        (("clean", "-o"), "requires an argument"),
        (("rules", "check", "a", "b"), "unexpected extra argument"),
        (("nosuch",), "no such command"),
    ],
    ids=["unknown-option", "missing-argument", "bad-choice", "option-without-value", "extra-argument", "unknown-command"],
)
def test_a_usage_error_is_one_line_and_exit_2(args: tuple[str, ...], needle: str) -> None:
    line = one_line(invoke(*args), 2)
    assert needle in line.lower()
    assert "╭" not in line and "Usage:" not in line


def test_a_usage_error_is_one_line_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "--bogus"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("cleaner: No such option: --bogus")


def test_help_still_prints_help() -> None:
    result = invoke("clean", "--help")
    assert result.exit_code == 0
    assert "--format" in result.stdout
