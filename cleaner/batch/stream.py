"""JSON Lines in, JSON Lines out: one result line per input document, in input order.

Input lines are `{"id", "url", "html"}` or `{"id", "url", "text"}` (field names configurable).
The parent only reads lines and writes results; parsing and cleaning happen in the workers. Each
result line is written and flushed as soon as it and every line before it are done, so the output
composes with `jq`, `head` and friends. A malformed line becomes an error record carrying its line
number, and the stream goes on. Blank lines are skipped (they still count as lines).
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from cleaner.batch.folder import JSON_ERRORS, EngineConfig, Summary, make_engine
from cleaner.batch.progress import Progress
from cleaner.batch.task import TOO_LARGE, Settings, Task, _ids_of_line
from cleaner.errors import InputError, OutputError, UsageError
from cleaner.files import sweep_temporary

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
    resume: bool = True,
) -> Summary:
    """Clean every task and write its JSON line, in input order, to stdout or to `output`.

    With `output`, a run cut short is finished by the same call again (`resume`, see
    `_write_file`); resume=False redoes every line."""
    start = time.monotonic()
    if output is None:
        summary = _write(tasks, settings, engine, sys.stdout.buffer, progress, label)
    else:
        summary = _write_file(tasks, settings, engine, output, progress, label, resume)
    return Summary(summary.ok, summary.empty, summary.failed, summary.skipped, seconds=time.monotonic() - start)


def _write_file(
    tasks: Iterable[Task],
    settings: Settings,
    engine: EngineConfig | None,
    output: Path,
    progress: bool,
    label: str,
    resume: bool = True,
) -> Summary:
    """The whole output file or nothing under its name: lines go, flushed one by one, to a
    partial file beside it (`.NAME.cleaner-partial`), renamed over `output` at the end.

    A run cut short (Ctrl-C, a kill) leaves the partial file. The same command again keeps its
    complete lines as long as they answer the same inputs in the same order (line number, id
    and url of a stream line; record id of a WARC record), and cleans only what follows."""
    if output.is_dir():
        raise UsageError(f"{output} is a folder: give the output file's name, e.g. -o out.jsonl")
    partial = output.with_name(f".{output.name}{PARTIAL_SUFFIX}")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        sweep_temporary(output.parent, output.name)
        handle = open(partial, "r+b" if resume and partial.is_file() else "w+b")
    except OSError as exc:  # a read-only folder, a file where a folder should be
        raise OutputError.of(output, exc) from None
    with handle:
        earlier = _complete_lines(handle)
        kept: list[int] = []
        todo = _after_done(tasks, earlier, handle, settings, kept)
        summary = _write(todo, settings, engine, handle, progress, label)
    os.replace(partial, output)
    return Summary(summary.ok, summary.empty, summary.failed, skipped=len(kept))


PARTIAL_SUFFIX = ".cleaner-partial"


def _complete_lines(handle: BinaryIO) -> list[tuple[int, dict]]:
    """(end offset, record) of each whole JSON line of a partial output, the file cut after them."""
    found: list[tuple[int, dict]] = []
    offset = 0
    handle.seek(0)
    for line in handle:
        try:
            record = json.loads(line) if line.endswith(b"\n") else None
        except ValueError:
            record = None
        if not isinstance(record, dict):
            break  # a line a kill cut short: it and what follows are redone
        offset += len(line)
        found.append((offset, record))
    handle.seek(offset)
    handle.truncate()
    return found


def _after_done(
    tasks: Iterable[Task], earlier: list[tuple[int, dict]], handle: BinaryIO, settings: Settings, kept: list[int]
) -> Iterator[Task]:
    """The tasks whose line is not already in the partial output; the first task that does
    not match its earlier line cuts the partial output there (the input changed)."""
    tasks = iter(tasks)
    matched = 0
    for task in tasks:
        if matched == len(earlier) or not _answers(earlier[matched][1], task, settings):
            break
        kept.append(task.seq)
        matched += 1
    else:
        task = None
    if matched < len(earlier):
        handle.seek(earlier[matched - 1][0] if matched else 0)
        handle.truncate()
    if task is not None:  # numbered from 0 again: the engine puts outcomes in seq order
        yield replace(task, seq=task.seq - matched)
        yield from (replace(rest, seq=rest.seq - matched) for rest in tasks)


def _answers(record: dict, task: Task, settings: Settings) -> bool:
    if task.kind == "line":
        doc_id, url = _ids_of_line(task, settings.fields)
        return record.get("line") == int(task.key) and record.get("id") == doc_id and record.get("url") == url
    return record.get("id") == task.doc_id and record.get("url") == task.url


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

