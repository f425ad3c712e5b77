"""`cleaner eval`: score cleaner and trafilatura on a benchmark set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from cleaner.cli.common import app, fail, write_stdout
from cleaner.errors import CleanerError, UsageError
from cleaner.eval.modes import Mode, Renderer


def say(message: str) -> None:
    typer.echo(message, err=True)


@app.command("eval")
def eval_command(
    dataset: Annotated[Path, typer.Argument(help="A benchmark set: html/, text/<renderer>/, truth/.")],
    mode: Annotated[Mode, typer.Option("--mode", help="Clean the HTML, or the text dumps.")] = Mode.html,
    renderer: Annotated[
        Renderer, typer.Option("--renderer", help="Which text dumps, in text mode.")
    ] = Renderer.innertext,
    out: Annotated[
        Optional[Path], typer.Option("--out", help="Keep cleaner's predictions here as <id>.txt.")
    ] = None,
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", help="Worker processes; default: every core.")
    ] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Only the first N pages (sorted ids).")] = None,
    worst: Annotated[int, typer.Option("--worst", help="How many losing pages to list.")] = 10,
    folds: Annotated[
        Optional[int],
        typer.Option(
            "--folds",
            help="Cross-validate the block model: K folds grouped by site, each cleaned with a model "
            "trained on the others' dumps (a training set only; needs numpy).",
        ),
    ] = None,
) -> None:
    """Score cleaner and trafilatura on a benchmark set (Scrapinghub shingles and WCXB bag of words).

    Prints a table, metadata accuracy where the truth has it, a table per page type, the pages cleaner calls empty where trafilatura finds text, the pages where cleaner loses most, and last a line `F1 0.xxx P 0.xxx R 0.xxx n N` with cleaner's figures.

    Examples:
      cleaner eval ../shared/bench/scrapinghub --mode html
      cleaner eval ../shared/bench/wcxb-dev --mode text --renderer innertext --out preds/ | tail -1
      cleaner eval ../shared/bench/wcxb-train --mode text --renderer innertext --folds 5
    """
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    try:
        if workers < 1:
            raise UsageError("--jobs must be at least 1")
        if limit is not None and limit < 1:
            raise UsageError("--limit must be at least 1")
        if folds is not None and folds < 2:
            raise UsageError("--folds must be at least 2")
        from cleaner.eval.evaluate import (
            evaluate,  # here: registering the command must not load it
        )

        done = evaluate(dataset, mode.value, renderer.value, out, workers, limit, max(0, worst), say=say, folds=folds)
        lines, runs, unscored = done.lines, done.runs, len(done.unscored)
    except CleanerError as exc:
        fail(str(exc), exc.exit_code)
    write_stdout("\n".join(lines) + "\n")
    failed = sum(1 for r in runs if r.error)
    if failed:
        say(f"cleaner: {failed} page(s) failed and scored as empty")
    if unscored:
        say(f"cleaner: {unscored} page(s) not scored (no usable truth file)")
    if failed or unscored:
        raise typer.Exit(1)
