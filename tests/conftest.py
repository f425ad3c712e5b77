"""Shared fixtures: paths to the project's seeds and to ../shared (absent on a user's clone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("CLEANER_SHARED", ROOT.parent / "shared"))
BENCH = Path(os.environ.get("CLEANER_BENCH", SHARED / "bench"))


@pytest.fixture
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def require_bench(name: str) -> Path:
    """The benchmark set's folder, or skip: a fresh clone has no ../shared."""
    path = BENCH / name
    if not path.is_dir():
        pytest.skip(f"benchmark set {path} is absent (set CLEANER_BENCH to its parent folder)")
    return path


@pytest.fixture
def hang_on(monkeypatch):
    """Make batch cleaning hang on a source that holds `marker`, to test time limits.

    A real slow page finishes under a limit on a fast enough machine (one did, in CI): a hang
    never does. Pool workers are forked from the test process (Linux), so they inherit it.
    """
    import multiprocessing
    import time

    import cleaner.batch.task as task

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the hang reaches pool workers only when they are forked from the test process")

    real_clean = task.clean

    def arm(marker: str) -> None:
        def hangs(source, **kwargs):
            head = source[:2000] if isinstance(source, str) else source[:2000].decode("utf-8", "replace")
            if marker in head:
                time.sleep(60)
            return real_clean(source, **kwargs)

        monkeypatch.setattr(task, "clean", hangs)

    return arm
