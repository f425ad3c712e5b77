"""The command line: a thin layer over the library. stdout is data only; messages go to stderr.

Exit codes: 0 done (an empty result is still a success), 1 some input failed, 2 usage error or a
bad rule file. A closed pipe (`| head`) ends quietly.
"""

from __future__ import annotations

import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import batch
from .errors import CleanerError, UsageError
from .options import Options
from .pipeline import clean as clean_source
from .render import explain_lines, render
from .rules import check_dir, load_rules, packaged_rules_dir

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Strip boilerplate from web articles (HTML or plain-text page dumps).\n\n"
    "Example: curl -s https://example.org/story | cleaner clean - --format json | jq .metadata",
)
rules_app = typer.Typer(no_args_is_help=True, help="Check and list rule packs.")
app.add_typer(rules_app, name="rules")


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class InputKind(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"


# Shared options, defined once.
RulesOpt = Annotated[
    Optional[list[Path]],
    typer.Option("--rules", help="A folder of your own rule packs (every .yaml below it); repeatable."),
]
NoSiteRulesOpt = Annotated[bool, typer.Option("--no-site-rules", help="Use generic rules and heuristics only.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output: text, markdown or json.")]
InputOpt = Annotated[InputKind, typer.Option("--input", help="Input kind; auto sniffs HTML from text.")]


def make_options(rules: list[Path] | None, no_site_rules: bool) -> Options:
    dirs = tuple(str(p) for p in rules or ())
    options = Options(site_rules=not no_site_rules, rule_dirs=dirs)
    load_rules(options.rule_dirs, options.site_rules)  # a bad pack fails here, before any input
    return options


def fail(message: str, code: int) -> None:
    typer.echo(f"cleaner: {message}", err=True)
    raise typer.Exit(code)


@app.command("clean")
def clean_command(
    path: Annotated[str, typer.Argument(help="A file, a folder (with -o), or - for stdin.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output folder (for a folder input).")] = None,
    fmt: FormatOpt = Format.text,
    url: Annotated[Optional[str], typer.Option("--url", help="The page's URL (picks the site pack).")] = None,
    input_kind: InputOpt = InputKind.auto,
    no_site_rules: NoSiteRulesOpt = False,
    rules: RulesOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="Every block's decision and reason, on stderr.")] = False,
) -> None:
    """Clean one article (or every file below a folder).

    Examples:
      cat page.txt | cleaner clean -
      cleaner clean page.html --format json | python -m json.tool
      cleaner clean pages/ -o cleaned/ --format json
    """
    try:
        options = make_options(rules, no_site_rules)
        if path != "-" and Path(path).is_dir():
            if output is None:
                raise UsageError(f"{path} is a folder: give an output folder with -o OUTDIR")
            summary = batch.run_folder(Path(path), output, fmt.value, options, input_kind.value)
            typer.echo(summary.line(), err=True)
            raise typer.Exit(1 if summary.failed else 0)
        source = sys.stdin.buffer.read() if path == "-" else _read_file(path)
        result = clean_source(source, url=url, input_format=input_kind.value, options=options)
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    if explain:
        typer.echo("\n".join(explain_lines(result)), err=True)
    _write_stdout(render(result, fmt.value))


def _read_file(path: str) -> bytes:
    from .errors import InputError

    target = Path(path)
    if not target.exists():
        raise InputError(f"{path}: no such file")
    if not target.is_file():
        raise InputError(f"{path}: not a regular file")
    try:
        return target.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None


def _write_stdout(data: str) -> None:
    try:
        sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): end quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0)


@rules_app.command("check")
def rules_check(
    directory: Annotated[Optional[Path], typer.Argument(help="A folder of packs; default: the packaged rules.")] = None,
) -> None:
    """Validate every pack below a folder and run each rule's examples.

    Example: cleaner rules check my-rules/ && cleaner clean page.txt --rules my-rules/
    """
    target = directory or packaged_rules_dir()
    try:
        problems = check_dir(target)
    except CleanerError as exc:
        fail(str(exc), 2)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        fail(f"{len(problems)} problem(s) in {target}", 2)
    typer.echo(f"ok: {target}", err=True)


# Commands that live beside their code register themselves here.
from . import learn as _learn, report as _report  # noqa: E402

_report.register(app)
_learn.register(app)

from .evaluate import register as _register_eval  # noqa: E402

_register_eval(app)

def main() -> None:
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app()


if __name__ == "__main__":
    main()
