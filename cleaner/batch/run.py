"""Which kind of batch an input is (a folder, a JSON Lines stream, a WARC file) and running it.

The command line calls `run_batch`; a single page is not a batch and gets `None` back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.batch import warc
from cleaner.errors import UsageError

if TYPE_CHECKING:  # the folder and stream runners load only for a batch: one page needs neither
    from cleaner.batch.folder import EngineConfig, Summary
    from cleaner.batch.task import Settings


def run_batch(
    path: str,
    output: Path | None,
    settings: Settings,
    engine: EngineConfig,
    *,
    jsonl: bool = False,
    force: bool = False,
    progress: bool = True,
    fmt_given: bool = False,
) -> Summary | None:
    """`fmt_given`: the caller chose settings.fmt (a stream refuses any but json)."""
    limit = settings.options.max_input_bytes
    if jsonl:
        from cleaner.batch import stream

        _refuse_stream_format(settings.fmt, fmt_given)
        _refuse_overwrite(path, output)
        with stream.open_input(path) as source:
            tasks = stream.line_tasks(source, limit)
            return stream.run_stream(
                tasks, settings, engine, output=output, progress=progress, label="cleaning lines", resume=not force
            )
    if path == "-":
        return None
    target = Path(path)
    if target.is_dir():
        if output is None:
            raise UsageError(f"{path} is a folder: give an output folder with -o OUTDIR")
        from cleaner.batch import folder as batch

        return batch.run_folder(target, output, settings, engine, force=force, progress=progress)
    if target.is_file() and warc.is_warc(target):
        _refuse_stream_format(settings.fmt, fmt_given)
        _refuse_overwrite(path, output)
        from cleaner.batch import stream

        tasks = warc.record_tasks(target, limit)
        return stream.run_stream(
            tasks, settings, engine, output=output, progress=progress, label="cleaning WARC", resume=not force
        )
    return None


def _refuse_stream_format(fmt: str, given: bool) -> None:
    if given and fmt != "json":
        raise UsageError(
            f"--format {fmt} does not apply to a stream or WARC file: it writes JSON Lines "
            "(one result a line; `| jq -r .text` gives the text)"
        )


def _refuse_overwrite(path: str, output: Path | None) -> None:
    if output is not None and path != "-" and output.resolve() == Path(path).resolve():
        raise UsageError(f"-o {output} is the input itself: pick another output file")
