"""Where documents get cleaned in a batch: a guarded local process pool, or a Dask cluster.

Every batch input (a file of a folder, a line of a JSON Lines stream, a WARC record) becomes a
`Task`; `run_task` turns it into an `Outcome` and is the one function both engines run, so the
same inputs give byte-identical outputs whichever engine cleans them.

The local engine is a pool of worker processes that each take one task at a time. The parent knows
when each task started, so a document that runs past the time limit is ended by killing its worker
(SIGKILL always works, even inside C code such as lxml or a regex) and starting a fresh one: a
pathological page becomes an `error` record with the message `timeout`, never a stuck pool.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

from cleaner.errors import CleanerError, UsageError
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


def run_task(task: Task, settings: Settings) -> Outcome:
    """Clean one document. The one per-document guard of the project: nothing escapes it."""
    start = time.perf_counter()
    doc_id, url = task.doc_id, task.url
    try:
        source, url, doc_id, input_format = _document(task, settings)
        result = clean(source, url=url, input_format=input_format, options=settings.options)
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


def _document(task: Task, settings: Settings) -> tuple[bytes | str, str | None, Any, str]:
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
    return data, task.url, task.doc_id, input_format


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


def _document_of_line(task: Task, settings: Settings) -> tuple[str, str | None, Any, str]:
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
        return value, url, record.get(fields.id), chosen
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


class _Reorder:
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


# --- the local engine ---------------------------------------------------------------------


def _worker_main(conn: Any, settings: Settings, parent: int) -> None:
    """A worker: one task in, one outcome out, until the parent closes the pipe or dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    # stdout carries the parent's data (a JSON Lines stream) and stderr only its summary: a
    # library that prints, or warns, in a worker must not land in either.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    os.close(quiet)
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(run_task(task, settings))


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this worker if the parent dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # the ppid check in the worker loop still ends it


class _Worker:
    def __init__(self, ctx: Any, settings: Settings) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, settings, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


class LocalEngine:
    """A pool of worker processes, each cleaning one document at a time under a time limit."""

    def __init__(self, settings: Settings, jobs: int, timeout: float | None) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self.timeout = timeout if timeout and timeout > 0 else None
        import multiprocessing  # here: a one-page run of `cleaner clean` never starts a pool

        methods = multiprocessing.get_all_start_methods()
        # fork starts a worker in milliseconds with the rules and language profiles already
        # loaded, which matters when a timeout replaces one; elsewhere spawn is what there is.
        self.ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.workers: list[_Worker] = []

    def __enter__(self) -> LocalEngine:
        _warm_up(self.settings)
        self.workers = [_Worker(self.ctx, self.settings) for _ in range(self.jobs)]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            if exc[0] is None and worker.task is None:
                worker.stop()
            else:
                worker.kill()
        self.workers = []

    def run(self, tasks: Iterable[Task], *, ordered: bool) -> Iterator[Outcome]:
        """Outcomes of all tasks: in input order when `ordered`, else as they finish."""
        source = iter(tasks)
        exhausted = False
        reorder = _Reorder()
        # How far dispatch may run ahead of the oldest unfinished task: bounds what waits
        # in memory behind one slow document when output must keep input order.
        window = 8 * self.jobs + 8
        dispatched = 0
        while True:
            for worker in self.workers:
                if worker.task is not None or exhausted:
                    continue
                if ordered and dispatched - reorder.next >= window:
                    break
                task = next(source, None)
                if task is None:
                    exhausted = True
                    break
                self._give(worker, task)
                dispatched += 1
            busy = [w for w in self.workers if w.task is not None]
            if not busy:
                if exhausted:
                    return
                continue
            for outcome in self._collect(busy):
                if ordered:
                    yield from reorder.push(outcome)
                else:
                    yield outcome

    def _give(self, worker: _Worker, task: Task) -> None:
        try:
            worker.give(task)
        except OSError:  # it died while idle (the OOM killer, a stray signal): replace it
            worker.kill()
            fresh = _Worker(self.ctx, self.settings)
            self.workers[self.workers.index(worker)] = fresh
            fresh.give(task)

    def _collect(self, busy: list[_Worker]) -> list[Outcome]:
        """Wait for the first outcomes; replace workers that ran out of time or died."""
        from multiprocessing.connection import wait

        wait_for = None
        if self.timeout is not None:
            first_deadline = min(w.started for w in busy) + self.timeout
            wait_for = max(0.0, first_deadline - time.monotonic())
        ready = set(wait([w.conn for w in busy], timeout=wait_for))
        outcomes = []
        now = time.monotonic()
        for index, worker in enumerate(self.workers):
            task = worker.task
            if task is None:
                continue
            if worker.conn in ready:
                try:
                    outcomes.append(worker.conn.recv())
                    worker.task = None
                    continue
                except (EOFError, OSError):
                    worker.kill()
                    code = worker.process.exitcode
                    error = f"worker died (signal {-code})" if code and code < 0 else "worker died"
                    outcomes.append(failed(task, error, now - worker.started, self.settings.fields))
            elif self.timeout is not None and now - worker.started >= self.timeout:
                worker.kill()
                outcomes.append(failed(task, TIMEOUT, now - worker.started, self.settings.fields))
            else:
                continue
            self.workers[index] = _Worker(self.ctx, self.settings)
        return outcomes


_WARM_UP_TEXT = (
    "The council voted on Tuesday to keep the library open for another year.\n\n"
    "Residents had asked for longer opening hours, and the mayor said the budget would allow it.\n\n"
    "Read more"
)


def _warm_up(settings: Settings) -> None:
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


# --- the Dask engine ----------------------------------------------------------------------


class DaskEngine:
    """The same tasks on a Dask distributed cluster; the client reads inputs and writes outputs.

    Workers need the `cleaner` package installed but no shared file system: the client sends each
    document's bytes and gets its rendered output back. A Dask task cannot be interrupted, so a
    document past the time limit is recorded as `timeout`, its future cancelled, and the worker
    running it restarted through its nanny (where it has one).
    """

    def __init__(self, settings: Settings, address: str | None, timeout: float | None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise UsageError("--engine dask needs the dask extra: pip install 'cleaner[dask]'") from None
        if not address:
            raise UsageError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        self.settings = settings
        self.timeout = timeout if timeout and timeout > 0 else None
        self._client_class = Client
        self.address = address
        self.client: Any = None

    def __enter__(self) -> DaskEngine:
        try:
            # How long to try is dask's own setting (distributed.comm.timeouts.connect).
            self.client = self._client_class(self.address)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {self.address}: {exc}") from None
        # A fresh worker spends over a second loading rules and models on its first document:
        # load them up front, so that time never counts against a document's time limit.
        self.client.run(_warm_up, self.settings)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def run(self, tasks: Iterable[Task], *, ordered: bool) -> Iterator[Outcome]:
        from distributed import wait as dask_wait

        client = self.client
        threads = max(1, sum(client.nthreads().values()))
        settings = client.scatter(self.settings, broadcast=True)
        window = 2 * threads
        reorder = _Reorder()
        flight: deque[list[Any]] = deque()  # [future, task, started or None]
        source = iter(tasks)
        exhausted = False
        while True:
            while not exhausted and len(flight) < window:
                task = next(source, None)
                if task is None:
                    exhausted = True
                    break
                limit = self.settings.options.max_input_bytes
                future = client.submit(run_task, _with_data(task, limit), settings, pure=False)
                # A task's clock starts when a thread is free for it, as tasks run in order.
                started = time.monotonic() if len(flight) < threads else None
                flight.append([future, task, started])
            if not flight:
                return
            wait_for = None
            if self.timeout is not None:
                first = min((item[2] for item in flight if item[2] is not None), default=time.monotonic())
                wait_for = max(0.01, first + self.timeout - time.monotonic())
            try:
                dask_wait([item[0] for item in flight], timeout=wait_for, return_when="FIRST_COMPLETED")
            except TimeoutError:
                pass
            for outcome in self._harvest(flight, threads):
                if ordered:
                    yield from reorder.push(outcome)
                else:
                    yield outcome

    def _harvest(self, flight: deque[list[Any]], threads: int) -> list[Outcome]:
        outcomes = []
        now = time.monotonic()
        for item in list(flight):
            future, task, started = item
            if future.done():
                try:
                    outcomes.append(future.result())
                except Exception as exc:  # noqa: BLE001 - a worker lost for good: record, go on
                    outcomes.append(failed(task, f"cluster error: {type(exc).__name__}: {exc}", 0.0, self.settings.fields))
            elif self.timeout is not None and started is not None and now - started >= self.timeout:
                self._abandon(future)
                outcomes.append(failed(task, TIMEOUT, now - started, self.settings.fields))
            else:
                continue
            flight.remove(item)
        for item in flight:
            if item[2] is None and sum(1 for x in flight if x[2] is not None) < threads:
                item[2] = now
        return outcomes

    def _abandon(self, future: Any) -> None:
        """Cancel a task past its time and restart the worker stuck in it, if it has a nanny."""
        holders = [addr for addr, keys in self.client.processing().items() if future.key in keys]
        future.cancel()
        if holders:
            try:
                self.client.restart_workers(holders, timeout=60)
                self.client.run(_warm_up, self.settings)  # the restarted one has a new address
            except (ValueError, TimeoutError, OSError) as exc:
                print(f"cleaner: could not restart Dask worker {holders}: {exc}", file=sys.stderr)


def _with_data(task: Task, limit: int) -> Task:
    """A file task carries its bytes to the cluster: workers need not see the client's disk."""
    if task.data is not None or task.path is None:
        return task
    path = Path(task.path)
    try:
        size = path.stat().st_size
    except OSError:
        return task  # the worker reports it cannot read the file
    task = replace(task, size=size)
    if size > limit:
        return task  # not worth sending: the worker says too-large from `size`
    try:
        return replace(task, data=path.read_bytes(), path=None)
    except OSError:
        return task
