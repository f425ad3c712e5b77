"""`cleaner explain`: every block's decision, in the terminal or as a self-contained HTML report."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from cleaner.cli.common import (
    InputKind,
    InputOpt,
    NoSiteRulesOpt,
    RulesOpt,
    UrlOpt,
    app,
    fail,
    make_options,
    read_file,
    read_input,
    write_stdout,
)
from cleaner.errors import CleanerError, UsageError
from cleaner.files import input_files, write_atomic
from cleaner.model import Result
from cleaner.pipeline import clean


@app.command("explain")
def explain_command(
    path: Annotated[str, typer.Argument(help="A file, a folder, or - for stdin.")],
    html_out: Annotated[Optional[Path], typer.Option(
        "--html", help="Write a self-contained HTML report here (a folder input: a folder of reports and index.html).")] = None,
    url: UrlOpt = None,
    input_kind: InputOpt = InputKind.auto,
    no_site_rules: NoSiteRulesOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Show every block's decision, the rule or heuristic that made it, and the metadata's sources.

    Examples:
      cleaner explain page.txt | less -R
      cleaner explain page.html --html report.html && chromium report.html
      cleaner explain pages/ --html reports/   # reports/index.html links one report per page
    """
    from cleaner.report import (  # here: only explain needs them
        explain_text,
        html_report,
        wants_colour,
        write_folder_reports,
    )

    try:
        options = make_options(rules, no_site_rules)

        def explain_one(source: Path) -> Result:
            return clean(read_file(str(source), options.max_input_bytes), url=url, input_format=input_kind.value, options=options)

        if path != "-" and Path(path).is_dir():
            root = Path(path)
            if html_out is None:
                color = wants_colour(sys.stdout, os.environ)
                failed = 0
                for source in input_files(root):
                    name = source.relative_to(root).as_posix()
                    try:
                        write_stdout(explain_text(explain_one(source), name=name, color=color) + "\n")
                    except CleanerError as exc:
                        typer.echo(f"cleaner: {source}: {exc}", err=True)
                        failed += 1
                raise typer.Exit(1 if failed else 0)
            if html_out.exists() and not html_out.is_dir():
                raise UsageError(f"{html_out} is a file: a folder input needs --html OUTDIR")
            entries = write_folder_reports(root, html_out, explain_one)
            failed = sum(e.status == "error" for e in entries)
            for entry in entries:
                if entry.error:
                    typer.echo(f"cleaner: {entry.source}: {entry.error}", err=True)
            typer.echo(f"wrote {len(entries) - failed} report(s) and {html_out / 'index.html'}: {failed} failed", err=True)
            raise typer.Exit(1 if failed else 0)
        source = read_input(path, options.max_input_bytes)
        result = clean(source, url=url, input_format=input_kind.value, options=options)
        name = "stdin" if path == "-" else Path(path).name
        if html_out is not None:
            if html_out.is_dir():
                raise UsageError(f"{html_out} is a folder: give a file name for the report")
            write_atomic(html_out, html_report(result, name=name))
            typer.echo(f"wrote {html_out}", err=True)
            return
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    write_stdout(explain_text(result, name=name, color=wants_colour(sys.stdout, os.environ)))
