"""What every command shares: the typer app, the options defined once, reading inputs, writing
stdout, and turning a library error into one line and an exit code.

Exit codes: 0 done (an empty result is still a success), 1 some input failed, 2 usage error or a
bad rule file. A closed pipe (`| head`) ends quietly.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from cleaner.cli.usage import OneLineErrorGroup
from cleaner.errors import InputError
from cleaner.load import INPUT_FORMATS
from cleaner.options import Options
from cleaner.packs.rules import load_rules
from cleaner.render import FORMATS

# -h as well as --help, on every command (child contexts inherit the setting).
HELP = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    cls=OneLineErrorGroup,
    add_completion=False,
    no_args_is_help=True,
    context_settings=HELP,
    help="Strip boilerplate from web articles (HTML or plain-text page dumps).\n\n"
    "Example: curl -s https://example.org/story | cleaner clean - --format json | jq .metadata",
)



def _print_version(value: bool) -> None:
    if value:
        from cleaner import __version__

        typer.echo(f"cleaner {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Print the version and exit.", is_eager=True, callback=_print_version)
    ] = False,
) -> None:
    pass  # the program's help is the app's help= above


Format = Enum("Format", {name: name for name in FORMATS}, type=str)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


InputKind = Enum("InputKind", {name: name for name in INPUT_FORMATS}, type=str)


RulesOpt = Annotated[
    Optional[list[Path]],
    typer.Option("--rules", help="A folder of your own rule packs (every .yaml below it); repeatable."),
]
NoSiteRulesOpt = Annotated[bool, typer.Option("--no-site-rules", help="Use generic rules and heuristics only.")]
FormatOpt = Annotated[
    Optional[Format],
    typer.Option("--format", "-f", help="Output: text (default), markdown or json; a stream or WARC writes JSON Lines."),
]
InputOpt = Annotated[InputKind, typer.Option("--input", help="Input kind; auto sniffs HTML from text.")]
UrlOpt = Annotated[Optional[str], typer.Option("--url", help="The page's URL (picks the site pack).")]


def make_options(rules: list[Path] | None, no_site_rules: bool) -> Options:
    dirs = tuple(str(p) for p in rules or ())
    options = Options(site_rules=not no_site_rules, rule_dirs=dirs)
    load_rules(options.rule_dirs, options.site_rules)  # a bad pack fails here, before any input
    return options


def with_limits(options: Options, timeout: float | None, max_bytes: int | None) -> Options:
    if timeout is not None:
        options = replace(options, timeout_seconds=timeout)
    if max_bytes is not None:
        options = replace(options, max_input_bytes=max_bytes)
    return options


def fail(message: str, code: int) -> NoReturn:
    typer.echo(f"cleaner: {message}", err=True)
    raise typer.Exit(code)


def read_file(path: str, limit: int | None = None) -> bytes:
    target = Path(path)
    if not target.exists():
        raise InputError(f"{path}: no such file")
    if not target.is_file():
        raise InputError(f"{path}: not a regular file")
    try:
        size = target.stat().st_size
        if limit is not None and size > limit:  # refuse before reading: a 4 GB file stays on disk
            raise InputError(f"{path}: too-large: {size} bytes (limit {limit})")
        return target.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None


def read_stdin(limit: int) -> bytes:
    data = sys.stdin.buffer.read(limit + 1)  # never more than the limit in memory
    if len(data) > limit:
        raise InputError(f"too-large: stdin has more than {limit} bytes")
    return data


def read_input(path: str, limit: int) -> bytes:
    """A file's bytes, or stdin's for `-`."""
    return read_stdin(limit) if path == "-" else read_file(path, limit)


def write_stdout(data: str) -> None:
    try:
        sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_closed_pipe()


def quiet_closed_pipe() -> NoReturn:
    """The reader went away (`| head`): end quietly, as Unix tools do."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise typer.Exit(0)
