"""The command line: a thin layer over the library. stdout is data only; messages go to stderr.

Exit codes: 0 done (an empty result is still a success), 1 some input failed, 2 usage error or a
bad rule file. A closed pipe (`| head`) ends quietly.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .batch import EngineConfig
from .engines import Fields, Settings
from .errors import CleanerError
from .options import Options
from .pipeline import clean as clean_source
from .render import explain_lines, render
from .rules import check_dir, load_rules, packaged_rules_dir
from .runner import run_batch

# -h as well as --help, on every command (child contexts inherit the setting).
HELP = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    context_settings=HELP,
    help="Strip boilerplate from web articles (HTML or plain-text page dumps).\n\n"
    "Example: curl -s https://example.org/story | cleaner clean - --format json | jq .metadata",
)
rules_app = typer.Typer(no_args_is_help=True, context_settings=HELP, help="Check and list rule packs.")
app.add_typer(rules_app, name="rules")


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"cleaner {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Print the version and exit.", is_eager=True, callback=_print_version)
    ] = False,
) -> None:
    pass  # the program's help is the app's help= above


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


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


def _with_limits(options: Options, timeout: float | None, max_bytes: int | None) -> Options:
    if timeout is not None:
        options = replace(options, timeout_seconds=timeout)
    if max_bytes is not None:
        options = replace(options, max_input_bytes=max_bytes)
    return options


def fail(message: str, code: int) -> None:
    typer.echo(f"cleaner: {message}", err=True)
    raise typer.Exit(code)


@app.command("clean")
def clean_command(
    path: Annotated[str, typer.Argument(help="A file, a folder (with -o), or - for stdin.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output folder (for a folder), or file (JSON Lines, WARC; default stdout).")] = None,
    fmt: FormatOpt = Format.text,
    url: Annotated[Optional[str], typer.Option("--url", help="The page's URL (picks the site pack).")] = None,
    input_kind: InputOpt = InputKind.auto,
    no_site_rules: NoSiteRulesOpt = False,
    rules: RulesOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="Every block's decision and reason, on stderr.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Batch: worker processes (default: all cores).")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Folder: redo inputs whose output is already done.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Batch: no progress bar.")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read JSON Lines (id, url, html or text); write JSON Lines.")] = False,
    id_field: Annotated[str, typer.Option("--id-field", help="JSON Lines: the id field.")] = "id",
    url_field: Annotated[str, typer.Option("--url-field", help="JSON Lines: the url field.")] = "url",
    html_field: Annotated[str, typer.Option("--html-field", help="JSON Lines: the HTML field.")] = "html",
    text_field: Annotated[str, typer.Option("--text-field", help="JSON Lines: the text-dump field.")] = "text",
    engine: Annotated[Engine, typer.Option("--engine", help="Batch: local process pool or a Dask cluster.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786).", envvar="CLEANER_SCHEDULER")] = None,
    timeout: Annotated[Optional[float], typer.Option("--timeout", help="Batch: seconds per document before it fails as timeout (default 60; 0: none).")] = None,
    max_bytes: Annotated[Optional[int], typer.Option("--max-bytes", help="Inputs larger than this many bytes fail as too-large (default 30,000,000).")] = None,
    learn: Annotated[bool, typer.Option("--learn", help="Folder: first learn a pack per site with 5+ pages (as cleaner learn).")] = False,
) -> None:
    """Clean one article, or a batch: a folder, a JSON Lines stream, a WARC file.

    Examples:
      cat page.txt | cleaner clean -
      cleaner clean page.html --format json | python -m json.tool
      cleaner clean pages/ -o cleaned/ --format json --jobs 4
      cleaner clean --jsonl - < pages.jsonl | jq -r .text | head
      cleaner clean crawl.warc.gz -o out.jsonl
    """
    try:
        options = _with_limits(make_options(rules, no_site_rules), timeout, max_bytes)
        if learn:
            options = _learn.learn_for_batch(path, options, input_kind.value, say=lambda note: typer.echo(note, err=True))
        settings = Settings(options, fmt.value, input_kind.value, Fields(id_field, url_field, html_field, text_field))
        summary = run_batch(
            path, output, settings, EngineConfig(engine.value, jobs, scheduler), jsonl=jsonl, force=force, progress=not quiet
        )
        if summary is not None:
            typer.echo(summary.line(), err=True)
            raise typer.Exit(1 if summary.failed else 0)
        source = _read_stdin(options.max_input_bytes) if path == "-" else _read_file(path, options.max_input_bytes)
        result = clean_source(source, url=url, input_format=input_kind.value, options=options)
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted; run the same command again to finish the rest", 130)
    except BrokenPipeError:  # the reader of a stream went away (`| head`): end quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0)
    if explain:
        typer.echo("\n".join(explain_lines(result)), err=True)
    _write_stdout(render(result, fmt.value))


def _read_file(path: str, limit: int | None = None) -> bytes:
    from .errors import InputError

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


def _read_stdin(limit: int) -> bytes:
    from .errors import InputError

    data = sys.stdin.buffer.read(limit + 1)  # never more than the limit in memory
    if len(data) > limit:
        raise InputError(f"too-large: stdin has more than {limit} bytes")
    return data


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
