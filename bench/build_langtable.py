"""Write cleaner/data/langprofiles.bin, langdetect's profiles as the hashed table cleaner reads.

    .venv/bin/python bench/build_langtable.py

Run it when langdetect's profiles change; tests/test_startup.py fails until the shipped table is
what this writes from the installed langdetect.
"""

from __future__ import annotations

from langdetect.detector_factory import PROFILES_DIRECTORY

from cleaner.text import langtable

if __name__ == "__main__":
    data = langtable.build(PROFILES_DIRECTORY)
    langtable.TABLE.write_bytes(data)
    print(f"{langtable.TABLE.name}: {len(data)} bytes from {PROFILES_DIRECTORY}")
