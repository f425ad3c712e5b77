"""`cleaner learn`: a site pack from a folder of the site's pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from cleaner.cli.common import (
    InputKind,
    InputOpt,
    RulesOpt,
    app,
    fail,
    make_options,
    write_stdout,
)
from cleaner.errors import CleanerError, UsageError


@app.command("learn")
def learn_command(
    directory: Annotated[Path, typer.Argument(help="A folder of pages of one site (HTML or text dumps).")],
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="Write the pack here (e.g. rules/sites/example.com.yaml); default: stdout.")] = None,
    site: Annotated[Optional[str], typer.Option("--site", help="The site's name (default: og:site_name or the domain).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing pack file.")] = False,
    input_kind: InputOpt = InputKind.auto,
    rules: RulesOpt = None,
) -> None:
    """Learn a site pack: lines printed on at least half of a site's pages (and 3 or more).

    Lines a rule already names are left to it; story lines (printed on one page) become the
    pack's counter-examples. Review the pack, then use it with --rules or put it in rules/sites.

    Examples:
      cleaner learn pages/example.com/ -o my-rules/example.com.yaml
      cleaner rules check my-rules/ && cleaner clean pages/example.com/ -o out/ --rules my-rules/
    """
    from cleaner.packs.folders import (
        learn_folder,  # here: `cleaner clean` never loads the learner
    )
    from cleaner.packs.packfile import write_pack

    try:
        if not directory.is_dir():
            raise UsageError(f"{directory}: not a folder of pages")
        options = make_options(rules, False)
        taught = learn_folder(directory, options, name=site, input_format=input_kind.value)
        learned, text, warnings = taught.learned, taught.text, taught.warnings
        for warning in warnings:
            typer.echo(f"cleaner: {warning}", err=True)
        if output is not None:
            write_pack(text, output, force=force)
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    summary = (
        f"learned {len(learned.lines)} template line(s) from {learned.pages} pages of {learned.name}"
        f" ({learned.named} left to existing rules)"
    )
    if output is None:
        write_stdout(text)
        typer.echo(summary, err=True)
    else:
        typer.echo(f"{summary}: wrote {output}", err=True)
