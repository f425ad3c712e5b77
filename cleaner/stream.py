"""JSON Lines in, JSON Lines out: one result line per input document, in input order.

Input lines are `{"id", "url", "html"}` or `{"id", "url", "text"}` (field names configurable).
The parent only reads lines and writes results; parsing and cleaning happen in the workers. Each
result line is written and flushed as soon as it and every line before it are done, so the output
composes with `jq`, `head` and friends. A malformed line becomes an error record carrying its line
number, and the stream goes on. Blank lines are skipped (they still count as lines).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from .batch import JSON_ERRORS, TMP_SUFFIX, EngineConfig, Summary, make_engine
from .engines import TOO_LARGE, Settings, Task
from .errors import InputError, OutputError, UsageError
from .progress import Progress

_CHUNK = 1 << 20


def max_line_bytes(limit: int) -> int:
    """The longest input line worth parsing: JSON can spell one character in up to 6 bytes."""
    return 6 * limit + _CHUNK


def line_tasks(stream: BinaryIO, limit: int) -> Iterator[Task]:
    """One task per non-blank line, reading no line beyond `max_line_bytes` into memory."""
    longest = max_line_bytes(limit)
    seq = 0
    for number, line in enumerate(iter(lambda: stream.readline(longest + 1), b""), start=1):
        if len(line) > longest and not line.endswith(b"\n"):
            while True:  # skip the rest of a huge line without keeping it
                rest = stream.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Task(seq=seq, key=str(number), kind="line", error=TOO_LARGE)
            seq += 1
            continue
        if not line.strip():
            continue
        yield Task(seq=seq, key=str(number), kind="line", data=line)
        seq += 1


def run_stream(
    tasks: Iterable[Task],
    settings: Settings,
    engine: EngineConfig | None = None,
    *,
    output: Path | None = None,
    progress: bool = False,
    label: str = "cleaning",
) -> Summary:
    """Clean every task and write its JSON line, in input order, to stdout or to `output`."""
    start = time.monotonic()
    if output is None:
        summary = _write(tasks, settings, engine, sys.stdout.buffer, progress, label)
    else:
        summary = _write_file(tasks, settings, engine, output, progress, label)
    return Summary(summary.ok, summary.empty, summary.failed, seconds=time.monotonic() - start)


def _write_file(
    tasks: Iterable[Task], settings: Settings, engine: EngineConfig | None, output: Path, progress: bool, label: str
) -> Summary:
    """The whole output file or nothing: a temporary file beside it, renamed over it at the end."""
    if output.is_dir():
        raise UsageError(f"{output} is a folder: give the output file's name, e.g. -o out.jsonl")
    tmp = output.with_name(f".{output.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        sweep_temporary_beside(output)
        handle = open(tmp, "wb")
    except OSError as exc:  # a read-only folder, a file where a folder should be
        raise OutputError.of(output, exc) from None
    try:
        with handle:
            summary = _write(tasks, settings, engine, handle, progress, label)
        os.replace(tmp, output)
    finally:
        if tmp.exists():
            tmp.unlink()
    return summary


def sweep_temporary_beside(output: Path) -> None:
    for path in output.parent.glob(f".{output.name}.*{TMP_SUFFIX}"):
        if path.is_file():
            path.unlink()


def _write(
    tasks: Iterable[Task], settings: Settings, engine: EngineConfig | None, out: BinaryIO, progress: bool, label: str
) -> Summary:
    counts = {"ok": 0, "empty": 0, "error": 0}
    with make_engine(settings, engine or EngineConfig()) as pool, Progress(None, label=label, enabled=progress) as bar:
        for outcome in pool.run(tasks, ordered=True):
            out.write(outcome.output.encode("utf-8", JSON_ERRORS))
            out.flush()
            counts[outcome.status] += 1
            bar.advance()
    return Summary(ok=counts["ok"], empty=counts["empty"], failed=counts["error"])


def open_input(path: str) -> BinaryIO:
    """stdin for `-`, else the file; a missing file is the caller's input error."""
    if path == "-":
        return sys.stdin.buffer
    target = Path(path)
    if not target.is_file():
        raise InputError(f"{path}: no such file")
    return open(target, "rb")

