"""`--version`, and `-h` as well as `--help` on the program and on every command."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app

runner = CliRunner()

COMMANDS = [[], ["clean"], ["explain"], ["learn"], ["eval"], ["rules"], ["rules", "check"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "cleaner")
def test_short_and_long_help_print_the_same_usage(command: list[str]) -> None:
    short = runner.invoke(app, command + ["-h"], prog_name="cleaner")
    long = runner.invoke(app, command + ["--help"], prog_name="cleaner")
    assert short.exit_code == 0, short.output
    assert long.exit_code == 0, long.output
    assert "Usage: cleaner" in short.output
    assert " ".join(["cleaner", *command]) in short.output
    assert short.output == long.output


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_is_the_installed_one(flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0, result.output
    assert result.output == f"cleaner {cleaner.__version__}\n"
    assert cleaner.__version__ == metadata.version("cleaner")


def test_version_from_the_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "cleaner", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"cleaner {cleaner.__version__}"
