"""Usage errors as one line on stderr (`cleaner: No such option: --bogus`), exit code 2.

typer prints click's usage errors as a boxed panel of five or six lines; a tool called from
scripts owes its caller one line it can log. The top-level command group catches click's
errors where they arise (parsing its own arguments, or a subcommand's inside `invoke`) and
turns them into that line; `--help`, and a command called without arguments, still print help.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import typer
from typer.core import TyperGroup

try:  # typer >= 0.24 carries its own copy of click, whose exceptions are the ones raised
    from typer import _click as click
except ImportError:  # older typer: click itself
    import click  # type: ignore[no-redef]


@contextmanager
def one_line_errors() -> Iterator[None]:
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise
    except click.ClickException as exc:
        message = " ".join(exc.format_message().split())
        context = getattr(exc, "ctx", None)
        hint = f" (see: {context.command_path} --help)" if context is not None else ""
        typer.echo(f"cleaner: {message}{hint}", err=True)
        raise typer.Exit(exc.exit_code) from None


class OneLineErrorGroup(TyperGroup):
    """The `cleaner` group: its usage errors, and its subcommands', are one line."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with one_line_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with one_line_errors():
            return super().invoke(ctx)
