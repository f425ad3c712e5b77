"""A progress bar with rate and ETA on stderr, shown only to a person at a terminal.

When stderr is not a terminal (a log file, CI, a pipe) nothing is drawn at all, so the only thing
on stderr is the batch's summary line. The bar is refreshed by the batch loop itself, not by a
background thread: the local engine forks workers, and forking while another thread holds a lock
can deadlock the child.
"""

from __future__ import annotations

import sys
import time
from typing import Any

_REFRESH_SECONDS = 0.1


class Progress:
    def __init__(self, total: int | None, *, label: str, enabled: bool) -> None:
        self.total = total
        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._drawn = 0.0

    def __enter__(self) -> Progress:
        if self.enabled:
            self._bar = _make_bar()
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def advance(self, count: int = 1) -> None:
        if self._bar is None:
            return
        self._bar.advance(self._task, count)
        now = time.monotonic()
        if now - self._drawn >= _REFRESH_SECONDS:
            self._drawn = now
            self._bar.refresh()

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _make_bar() -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import (
        Progress as RichProgress,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} docs/s" if speed else "-- docs/s")

    return RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        auto_refresh=False,
        transient=True,
    )
