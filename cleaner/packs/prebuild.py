"""Writing cleaner/data/packs.json (packs/prebuilt.py reads it): the packaged packs read once by
the checked reader, with each pattern's required words. Run by bench/build_packs.py; kept apart
from the reader so that loading rules never imports what builds them."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from cleaner.packs.literals import required_from_tree as required
from cleaner.packs.rules import pack_files, read_pack


def build(rules_dir: Path) -> str:
    """packs.json for a rules/ folder: every pack's checked data and every pattern's words."""
    packs: dict[str, Any] = {}
    words: dict[str, list[str] | None] = {}
    for path in pack_files(rules_dir):
        raw = path.read_bytes()
        data = read_pack(path)
        packs[path.relative_to(rules_dir).as_posix()] = {"size": len(raw), "crc32": zlib.crc32(raw), "data": data}
        for rule in data["rules"]:
            for pattern in rule.get("pattern") or ():
                found = required(pattern)
                words[pattern] = None if found is None else sorted(found)
    return json.dumps({"packs": packs, "required": words}, ensure_ascii=False, sort_keys=True, indent=0) + "\n"
