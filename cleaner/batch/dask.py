"""The Dask engine: the same tasks on a Dask distributed cluster."""

from __future__ import annotations

import sys
import time
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from cleaner.batch.task import (
    TIMEOUT,
    Outcome,
    Reorder,
    Settings,
    Task,
    failed,
    run_task,
    warm_up,
)
from cleaner.errors import UsageError

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
        self.client.run(warm_up, self.settings)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def run(self, tasks: Iterable[Any], *, ordered: bool) -> Iterator[Any]:
        from distributed import wait as dask_wait

        client = self.client
        threads = max(1, sum(client.nthreads().values()))
        settings = client.scatter(self.settings, broadcast=True)
        window = 2 * threads
        reorder = Reorder()
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
        from concurrent.futures import CancelledError

        from distributed import KilledWorker

        outcomes = []
        now = time.monotonic()
        for item in list(flight):
            future, task, started = item
            if future.done():
                try:
                    outcomes.append(future.result())
                # run_task itself never raises: what comes back is the cluster losing the task (a
                # worker killed again and again, a cancelled future, a closed connection).
                except (KilledWorker, CancelledError, OSError) as exc:
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
                self.client.run(warm_up, self.settings)  # the restarted one has a new address
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
