"""`cleaner clean`: one page to stdout, or a batch (a folder, a JSON Lines stream, a WARC file)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Optional

import typer

from cleaner.batch.folder import EngineConfig
from cleaner.batch.run import run_batch
from cleaner.batch.task import Fields, Settings
from cleaner.cli.common import (
    Engine,
    Format,
    FormatOpt,
    InputKind,
    InputOpt,
    NoSiteRulesOpt,
    RulesOpt,
    UrlOpt,
    app,
    fail,
    make_options,
    quiet_closed_pipe,
    read_input,
    with_limits,
    write_stdout,
)
from cleaner.errors import CleanerError, OutputError, UsageError
from cleaner.files import write_atomic
from cleaner.pipeline import clean as clean_source
from cleaner.render import explain_lines, render


@app.command("clean")
def clean_command(
    path: Annotated[str, typer.Argument(help="A file, a folder (with -o), or - for stdin.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output folder (for a folder), or file (one page, JSON Lines, WARC; default stdout).")] = None,
    fmt: FormatOpt = None,
    url: UrlOpt = None,
    input_kind: InputOpt = InputKind.auto,
    no_site_rules: NoSiteRulesOpt = False,
    rules: RulesOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="Every block's decision and reason, on stderr.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Batch: worker processes (default, 0: all cores).")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Folder, or stream with -o: redo inputs whose output is already done.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Batch: no progress bar.")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read JSON Lines (id, url, html or text); write JSON Lines.")] = False,
    id_field: Annotated[str, typer.Option("--id-field", help="JSON Lines: the id field.")] = "id",
    url_field: Annotated[str, typer.Option("--url-field", help="JSON Lines: the url field.")] = "url",
    html_field: Annotated[str, typer.Option("--html-field", help="JSON Lines: the HTML field.")] = "html",
    text_field: Annotated[str, typer.Option("--text-field", help="JSON Lines: the text-dump field.")] = "text",
    engine: Annotated[Engine, typer.Option("--engine", help="Batch: local process pool or a Dask cluster.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786).", envvar="CLEANER_SCHEDULER")] = None,
    timeout: Annotated[Optional[float], typer.Option("--timeout", min=0, help="Batch: seconds per document before it fails as timeout (default 60; 0: none).")] = None,
    max_bytes: Annotated[Optional[int], typer.Option("--max-bytes", min=1, help="Inputs larger than this many bytes fail as too-large (default 30,000,000).")] = None,
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
        options = with_limits(make_options(rules, no_site_rules), timeout, max_bytes)
        fmt_value = (fmt or Format.text).value
        with contextlib.ExitStack() as learned:
            if learn:  # the learned packs live until the batch is done
                from cleaner.packs.folders import (
                    learn_for_batch,  # here: lxml and the learner only for --learn
                )

                say = lambda note: typer.echo(note, err=True)  # noqa: E731
                options = learned.enter_context(learn_for_batch(path, options, input_kind.value, say=say))
            settings = Settings(options, fmt_value, input_kind.value, Fields(id_field, url_field, html_field, text_field))
            summary = run_batch(
                path, output, settings, EngineConfig(engine.value, jobs, scheduler), jsonl=jsonl, force=force,
                progress=not quiet, fmt_given=fmt is not None,
            )
        if summary is not None:
            typer.echo(summary.line(), err=True)
            raise typer.Exit(1 if summary.failed else 0)
        source = read_input(path, options.max_input_bytes)
        result = clean_source(source, url=url, input_format=input_kind.value, options=options)
        for warning in result.warnings:
            typer.echo(f"cleaner: warning: {warning}", err=True)
        if explain:
            typer.echo("\n".join(explain_lines(result)), err=True)
        if output is not None:  # one page to a file: the whole file or nothing
            _write_output(path, output, render(result, fmt_value))
            return
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    except OSError as exc:  # an output that cannot be written where no code above said so
        fail(str(OutputError.of(output or "output", exc)), OutputError.exit_code)
    except KeyboardInterrupt:
        # True only where the work done is kept: a folder's outputs, a stream's partial -o file.
        fail("interrupted; run the same command again to finish the rest" if output is not None else "interrupted", 130)
    except BrokenPipeError:  # the reader of a stream went away (`| head`): end quietly
        quiet_closed_pipe()
    write_stdout(render(result, fmt_value))


def _write_output(path: str, output: Path, data: str) -> None:
    """One page's output to a file, atomically; never over the input, never into a folder."""
    if output.is_dir():
        raise UsageError(f"-o {output} is a folder: for one page give the output file's name")
    if path != "-" and output.resolve() == Path(path).resolve():
        raise UsageError(f"-o {output} is the input itself: pick another output file")
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise OutputError.of(output, exc) from None
