"""The packaged rule packs pre-read: their data as JSON, and each pattern's required words.

A one-page run used to import PyYAML, parse the 17 packaged packs and parse the parse tree of
every one of their ~160 patterns (literals.required) before cleaning anything: a fifth of a run
on a text dump (bench/startup.py). cleaner/data/packs.json holds what those steps give, written
by bench/build_packs.py (packs/prebuild.py) from rules/ with the checked reader (read_pack: schema, YAML bounds,
pattern safety). A pack is taken from it only while its YAML file has the size and CRC-32 it had
then, so an edited pack is read from its YAML again; tests/test_startup.py checks the shipped
file is what the script writes today. `cleaner rules check` and a user's packs still read YAML.
"""

from __future__ import annotations

import json
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

PREBUILT = Path(__file__).resolve().parent.parent / "data" / "packs.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    try:
        with open(PREBUILT, encoding="utf-8") as handle:
            table = json.load(handle)
    except (OSError, ValueError):
        return {"packs": {}, "required": {}}
    return table if isinstance(table, dict) else {"packs": {}, "required": {}}


def pack_data(path: Path, rules_dir: Path) -> dict[str, Any] | None:
    """A packaged pack's data, or None where the file is not the one pre-read."""
    entry = _table().get("packs", {}).get(path.relative_to(rules_dir).as_posix())
    if entry is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if len(raw) != entry["size"] or zlib.crc32(raw) != entry["crc32"]:
        return None
    return entry["data"]


def required_words(pattern: str) -> tuple[bool, frozenset[str] | None]:
    """(known, words): literals.required(pattern) as pre-computed for a packaged pattern."""
    table = _table().get("required", {})
    if pattern not in table:
        return False, None
    found = table[pattern]
    return True, None if found is None else frozenset(found)
