"""Syrupy extensions that keep golden snapshots in the top-level `golden/` folder, one file a case.

Syrupy's default puts snapshots in `tests/__snapshots__/`; like Home Assistant's `tests/syrupy.py`
we override `dirname` so the goldens live beside `seeds/` where a reviewer looks for them. A
single-file extension nests each test module's files one level down
(`golden/test_golden/test_json[seed-000].json`); syrupy's unused-snapshot check relies on that.

The JSON is written by us, not by syrupy's JSONSnapshotExtension, so that it is exactly
`json.dumps(..., indent=2, ensure_ascii=False, sort_keys=True)` plus a final newline: the
same bytes a reviewer gets from `python -m json.tool`, and a diff a person can read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from syrupy.location import PyTestLocation

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class _GoldenDir(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(GOLDEN / test_location.basename)


class GoldenJSONExtension(_GoldenDir):
    """A dict, written as sorted, pretty-printed UTF-8 JSON."""

    file_extension = "json"

    def serialize(self, data: Any, **_: Any) -> str:  # type: ignore[override]
        return to_json(data)


class GoldenTextExtension(_GoldenDir):
    """A str, written as it is (the cleaned text, as `cleaner clean` prints it)."""

    file_extension = "txt"

    def serialize(self, data: Any, **_: Any) -> str:  # type: ignore[override]
        if not isinstance(data, str):
            raise TypeError(f"a text golden takes a str, not {type(data).__name__}")
        return data
