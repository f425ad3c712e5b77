"""Write cleaner/data/packs.json, the packaged rule packs pre-read (cleaner.packs.prebuilt).

    .venv/bin/python bench/build_packs.py

Run it after editing rules/; until then an edited pack is read from its YAML again, and
tests/test_startup.py fails until the shipped file is what this writes.
"""

from __future__ import annotations

from cleaner.packs import prebuild, prebuilt
from cleaner.packs.rules import packaged_rules_dir

if __name__ == "__main__":
    text = prebuild.build(packaged_rules_dir())
    prebuilt.PREBUILT.write_text(text, encoding="utf-8")
    print(f"{prebuilt.PREBUILT.name}: {len(text)} characters from {packaged_rules_dir()}")
