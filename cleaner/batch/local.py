"""The local engine: a pool of worker processes, each taking one task at a time.

The parent knows when each task started, so a document that runs past the time limit is ended by
killing its worker (SIGKILL always works, even inside C code such as lxml or a regex) and starting
a fresh one: a pathological page becomes an `error` record with the message `timeout`, never a
stuck pool. `cleaner eval` runs its page scoring on the same pool.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Any, Callable, Iterable, Iterator

from cleaner.batch.task import TIMEOUT, Reorder, Settings, failed, run_task, warm_up

# --- the local engine ---------------------------------------------------------------------


# What a worker does with one task: `run_task` for a batch; `cleaner eval` scores a page. Its
# result carries the task's `seq` (the engine puts results back in input order by it).
Work = Callable[[Any, Settings], Any]
# The result of a task whose worker died or ran out of time: (task, error, seconds) -> result.
Failure = Callable[[Any, str, float], Any]


def _worker_main(conn: Any, settings: Settings, parent: int, work: Work) -> None:
    """A worker: one task in, one outcome out, until the parent closes the pipe or dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    _settle_collector()
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
        conn.send(work(task, settings))


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
    def __init__(self, ctx: Any, settings: Settings, work: Work) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, settings, os.getpid(), work), daemon=True)
        self.process.start()
        child.close()
        self.task: Any = None
        self.started = 0.0

    def give(self, task: Any) -> None:
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
    """A pool of worker processes, each cleaning one document at a time under a time limit.

    The one process pool of the project: batches run `run_task` in it, `cleaner eval` its own
    scoring of a page (`work`, with `failure` for a task whose worker died or timed out)."""

    def __init__(
        self, settings: Settings, jobs: int, timeout: float | None, *, work: Work = run_task, failure: Failure | None = None
    ) -> None:
        self.settings = settings
        self.work = work
        self.failure: Failure = failure or (lambda task, error, seconds: failed(task, error, seconds, settings.fields))
        self.jobs = max(1, jobs)
        self.timeout = timeout if timeout and timeout > 0 else None
        import multiprocessing  # here: a one-page run of `cleaner clean` never starts a pool

        methods = multiprocessing.get_all_start_methods()
        # fork starts a worker in milliseconds with the rules and language profiles already
        # loaded, which matters when a timeout replaces one; elsewhere spawn is what there is.
        self.ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.workers: list[_Worker] = []

    def __enter__(self) -> LocalEngine:
        warm_up(self.settings)
        self.workers = [_Worker(self.ctx, self.settings, self.work) for _ in range(self.jobs)]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            if exc[0] is None and worker.task is None:
                worker.stop()
            else:
                worker.kill()
        self.workers = []

    def run(self, tasks: Iterable[Any], *, ordered: bool) -> Iterator[Any]:
        """Outcomes of all tasks: in input order when `ordered`, else as they finish."""
        source = iter(tasks)
        exhausted = False
        reorder = Reorder()
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

    def _give(self, worker: _Worker, task: Any) -> None:
        try:
            worker.give(task)
        except OSError:  # it died while idle (the OOM killer, a stray signal): replace it
            worker.kill()
            fresh = _Worker(self.ctx, self.settings, self.work)
            self.workers[self.workers.index(worker)] = fresh
            fresh.give(task)

    def _collect(self, busy: list[_Worker]) -> list[Any]:
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
                    outcomes.append(self.failure(task, error, now - worker.started))
            elif self.timeout is not None and now - worker.started >= self.timeout:
                worker.kill()
                outcomes.append(self.failure(task, TIMEOUT, now - worker.started))
            else:
                continue
            self.workers[index] = _Worker(self.ctx, self.settings, self.work)
        return outcomes


# A worker's youngest generation is collected every this many allocations (CPython: 700).
WORKER_GC_THRESHOLD = 20_000


def _settle_collector() -> None:
    """In a worker (its own process: the caller's collector is left alone), what it inherited
    from warm-up (rules, models, profiles) is frozen out of the cycle collector's walks, and its
    youngest objects are collected less often: a page allocates hundreds of thousands of
    short-lived objects, few of them in cycles. 481 HTML pages of scrapinghub + wcxb-dev cleaned
    in one process, three rounds alternating: 31.1 pages/CPU-s as CPython ships, 32.8 frozen,
    33.7 frozen with this threshold; text dumps 85-90 in every setting. Outputs cannot change."""
    import gc

    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, 10, 10)
