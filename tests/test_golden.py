"""Golden snapshots of what cleaner makes of the seeds and of the two hand-written HTML pages.

Update after an intended change, then READ the diff of golden/ before committing it:

    .venv/bin/python -m pytest --snapshot-update tests/test_golden.py

Each case writes two files under golden/test_golden/:
- `test_json[<case>].json`: status, metadata, the rule ids that fired, the story as a list of
  paragraphs (one a line, so a changed paragraph is a one-line diff), and every block's decision
  without its measured value (values move with every tuning; the decision is what matters);
- `test_text[<case>].txt`: the plain text exactly as `cleaner clean` prints it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from cleaner import Options, Result, clean
from cleaner.render import render

from .conftest import ROOT, SEEDS
from .syrupy_ext import GoldenJSONExtension, GoldenTextExtension

HTML = ROOT / "tests" / "html"

# case id -> (input file, site rules on)
CASES: dict[str, tuple[Path, bool]] = {
    "seed-000": (SEEDS / "000_217c230414dadc16.txt", True),
    "seed-000-no-site-rules": (SEEDS / "000_217c230414dadc16.txt", False),
    "seed-001": (SEEDS / "001_b3fea67ff8ded212.txt", True),
    "seed-001-no-site-rules": (SEEDS / "001_b3fea67ff8ded212.txt", False),
    "html-000": (HTML / "000_iranintl.html", True),
    "html-001": (HTML / "001_responsiblestatecraft.html", True),
}


@lru_cache(maxsize=None)
def result_of(case: str) -> Result:
    path, site_rules = CASES[case]
    return clean(path.read_bytes(), options=Options(site_rules=site_rules))


def decision_line(d) -> str:
    role = f" role={d.role}" if d.role else ""
    snippet = d.text if len(d.text) <= 80 else d.text[:77] + "..."
    return f"{d.index:>3} {d.action} {d.category} {d.reason}{role} | {snippet}"


def golden_record(case: str) -> dict:
    path, site_rules = CASES[case]
    result = result_of(case)
    return {
        "input": {"file": path.relative_to(ROOT).as_posix(), "site_rules": site_rules},
        "status": result.status,
        "warnings": list(result.warnings),
        "metadata": result.metadata.to_dict(),
        "rules_fired": result.rules_fired,
        "paragraphs": result.text.split("\n\n") if result.text else [],
        "decisions": [decision_line(d) for d in result.decisions],
    }


@pytest.fixture
def json_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(GoldenJSONExtension)


@pytest.fixture
def text_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(GoldenTextExtension)


@pytest.mark.parametrize("case", list(CASES))
def test_json(case: str, json_snapshot: SnapshotAssertion) -> None:
    assert golden_record(case) == json_snapshot


@pytest.mark.parametrize("case", list(CASES))
def test_text(case: str, text_snapshot: SnapshotAssertion) -> None:
    assert render(result_of(case), "text") == text_snapshot

