"""`cleaner rules check`: validate rule packs and run their examples."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from cleaner.cli.common import HELP, app, fail
from cleaner.errors import CleanerError, UsageError
from cleaner.packs.rules import check_dir, pack_files, packaged_rules_dir

rules_app = typer.Typer(no_args_is_help=True, context_settings=HELP, help="Check and list rule packs.")
app.add_typer(rules_app, name="rules")


@rules_app.command("check")
def rules_check(
    directory: Annotated[Optional[Path], typer.Argument(help="A folder of packs; default: the packaged rules.")] = None,
) -> None:
    """Validate every pack below a folder and run each rule's examples.

    Example: cleaner rules check my-rules/ && cleaner clean page.txt --rules my-rules/
    """
    target = directory or packaged_rules_dir()
    try:
        if not pack_files(target):  # "ok" over nothing would pass a typo'd folder in CI
            raise UsageError(f"{target}: no rule packs found (no .yaml or .yml file below it)")
        problems = check_dir(target)
    except CleanerError as exc:
        fail(str(exc), 2)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        fail(f"{len(problems)} problem(s) in {target}", 2)
    typer.echo(f"ok: {target}", err=True)
