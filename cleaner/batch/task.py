"""One document of a batch: a `Task` in, an `Outcome` out.

Every batch input (a file of a folder, a line of a JSON Lines stream, a WARC record) becomes a
`Task`; `run_task` turns it into an `Outcome` and is the one function every engine runs, so the
same inputs give byte-identical outputs whichever engine cleans them. It is the project's one
per-document guard: whatever a document does, it becomes a record.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator, Literal

from cleaner.errors import CleanerError
from cleaner.options import Options
from cleaner.pipeline import clean
from cleaner.render import render, to_json_dict

TaskKind = Literal["file", "line", "record"]
TIMEOUT = "timeout"
TOO_LARGE = "too-large"


@dataclass(frozen=True, slots=True)
class Fields:
    """Names of the fields of a JSON Lines input record (configurable on the command line)."""

    id: str = "id"
    url: str = "url"
    html: str = "html"
    text: str = "text"


@dataclass(frozen=True, slots=True)
class Settings:
    """What every task of one batch shares; sent once to each worker."""

    options: Options = field(default_factory=Options)
    fmt: str = "text"  # a folder's per-file output format; streams always write JSON lines
    input_format: str = "auto"
    fields: Fields = field(default_factory=Fields)


@dataclass(frozen=True, slots=True)
class Task:
    """One document of a batch. `seq` is its position in the input (for ordered output)."""

    seq: int
    key: str  # folder: relative path; stream: line number; WARC: record id
    kind: TaskKind
    path: str | None = None  # read by the worker when `data` is None
    data: bytes | None = None
    size: int | None = None  # known size in bytes, checked before anything is read
    url: str | None = None
    doc_id: Any = None
    error: str | None = None  # what the reader already knows is wrong (a cut WARC, a huge line)


@dataclass(frozen=True, slots=True)
class Outcome:
    seq: int
    key: str
    status: str  # ok | empty | error
    error: str | None
    words_in: int | None
    words_out: int | None
    seconds: float
    output: str  # folder: the file's content; stream and WARC: one JSON line


# --- the work of one document -------------------------------------------------------------


class _TooLarge(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Source:
    """What a task asks to clean: its bytes or text, url, id and input format."""

    source: bytes | str
    url: str | None
    doc_id: Any
    input_format: str


def run_task(task: Task, settings: Settings) -> Outcome:
    """Clean one document. The one per-document guard of the project: nothing escapes it."""
    start = time.perf_counter()
    doc_id, url = task.doc_id, task.url
    try:
        found = _document(task, settings)
        doc_id, url = found.doc_id, found.url
        result = clean(found.source, url=url, input_format=found.input_format, options=settings.options)
        output = _render(task, settings, result, doc_id, url)
    except _TooLarge:
        error = TOO_LARGE
    except CleanerError as exc:
        error = str(exc)
    except Exception as exc:  # noqa: BLE001 - the batch runner's one guard: record, go on
        error = f"internal error: {type(exc).__name__}: {exc}"
    else:
        return Outcome(
            seq=task.seq,
            key=task.key,
            status=result.status,
            error=None,
            words_in=sum(len(d.text.split()) for d in result.decisions),
            words_out=len(result.text.split()),
            seconds=time.perf_counter() - start,
            output=output,
        )
    return failed(task, error, time.perf_counter() - start, settings.fields, doc_id=doc_id, url=url)


def failed(
    task: Task, error: str, seconds: float, fields: Fields, *, doc_id: Any = None, url: str | None = None
) -> Outcome:
    """The error outcome of a task, with its error record where the output is a stream."""
    if task.kind == "line" and doc_id is None and url is None:
        doc_id, url = _ids_of_line(task, fields)
    doc_id = task.doc_id if doc_id is None else doc_id
    url = task.url if url is None else url
    output = ""
    if task.kind != "file":
        record = _head(task, doc_id, url) | {"status": "error", "error": error}
        output = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    return Outcome(task.seq, task.key, "error", error, None, None, seconds, output)


def _document(task: Task, settings: Settings) -> Source:
    """The source to clean, its url, id and input format; raises for what cannot be cleaned."""
    from cleaner.errors import InputError

    limit = settings.options.max_input_bytes
    if task.error == TOO_LARGE or (task.size is not None and task.size > limit):
        raise _TooLarge()
    if task.error is not None:
        raise InputError(task.error)
    if task.kind == "line":
        return _document_of_line(task, settings)
    data = task.data
    if data is None:
        assert task.path is not None
        data = _read(Path(task.path), limit)
    if len(data) > limit:
        raise _TooLarge()
    input_format = "html" if task.kind == "record" else settings.input_format
    return Source(data, task.url, task.doc_id, input_format)


def _read(path: Path, limit: int) -> bytes:
    from cleaner.errors import InputError

    try:
        if path.stat().st_size > limit:
            raise _TooLarge()
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # a file that grew since stat is still bounded
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise _TooLarge()
    return data


def _document_of_line(task: Task, settings: Settings) -> Source:
    from cleaner.errors import InputError

    fields = settings.fields
    try:
        record = json.loads(task.data or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"line {task.key}: malformed JSON: {exc}") from None
    if not isinstance(record, dict):
        raise InputError(f"line {task.key}: a JSON object is expected, not {type(record).__name__}")
    url = record.get(fields.url)
    if url is not None and not isinstance(url, str):
        raise InputError(f"line {task.key}: field {fields.url!r} is not a string")
    for name, input_format in ((fields.html, "html"), (fields.text, "text")):
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"line {task.key}: field {name!r} is not a string")
        if len(value) > settings.options.max_input_bytes or (
            # A str can be up to 4 bytes a character: count bytes only where it matters.
            len(value) * 4 > settings.options.max_input_bytes
            and len(value.encode("utf-8", "surrogatepass")) > settings.options.max_input_bytes
        ):
            raise _TooLarge()
        chosen = input_format if settings.input_format == "auto" else settings.input_format
        return Source(value, url, record.get(fields.id), chosen)
    raise InputError(f"line {task.key}: no {fields.html!r} or {fields.text!r} field")


def _ids_of_line(task: Task, fields: Fields) -> tuple[Any, str | None]:
    """The id and url of a line whose document failed outside the worker (a timeout)."""
    try:
        record = json.loads(task.data or b"")
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(record, dict):
        return None, None
    url = record.get(fields.url)
    return record.get(fields.id), url if isinstance(url, str) else None


def _head(task: Task, doc_id: Any, url: str | None) -> dict[str, Any]:
    head: dict[str, Any] = {"id": doc_id, "url": url}
    if task.kind == "line":
        head["line"] = int(task.key)
    return head


def _render(task: Task, settings: Settings, result: Any, doc_id: Any, url: str | None) -> str:
    if task.kind == "file":
        return render(result, settings.fmt)
    # A stream carries no decisions: drop them before they are turned into dicts (8% of the time).
    data = to_json_dict(replace(result, decisions=()), explain=False)
    record = _head(task, doc_id, url) | {"status": data.pop("status"), "error": None} | data
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- ordering -----------------------------------------------------------------------------


class Reorder:
    """Yields outcomes in `seq` order; holds the ones that finished early."""

    def __init__(self) -> None:
        self.next = 0
        self.held: dict[int, Outcome] = {}

    def push(self, outcome: Outcome) -> Iterator[Outcome]:
        self.held[outcome.seq] = outcome
        while self.next in self.held:
            yield self.held.pop(self.next)
            self.next += 1


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_WARM_UP_TEXT = (
    "The council voted on Tuesday to keep the library open for another year.\n\n"
    "Residents had asked for longer opening hours, and the mayor said the budget would allow it.\n\n"
    "Read more"
)


def warm_up(settings: Settings) -> None:
    """Load rules, models and language profiles once in the parent, so forked workers start warm.

    The first document a fresh process cleans takes over a second of such loading; with fork,
    every worker (and every replacement after a timeout) inherits it instead.
    """
    page = "<html><head><title>Library</title></head><body><article>%s</article></body></html>" % "".join(
        f"<p>{p}</p>" for p in _WARM_UP_TEXT.split("\n\n")
    )
    for n, (sample, kind) in enumerate(((page, "html"), (_WARM_UP_TEXT, "text"))):
        # Through the guard: a pipeline that fails here fails per document later, with a record.
        run_task(Task(seq=n, key="warm-up", kind="file", data=sample.encode()), replace(settings, input_format=kind))
