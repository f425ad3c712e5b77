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
