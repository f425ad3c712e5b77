"""langdetect's 55 profiles as one hashed table on disk: a page reads only the n-grams it holds.

Parsing langdetect's JSON profiles (2.2 MB, 184,000 n-grams) was a fifth of a one-page run of
`cleaner clean` on a text dump, although a page meets a few thousand n-grams. This file holds the
same counts, grouped into BUCKETS by a CRC of the n-gram: a detector's lookup hashes the n-gram
and unmarshals that one small bucket. `build()` writes the table from the installed langdetect's
profiles (bench/build_langtable.py runs it; tests/test_startup.py checks the shipped table is what
it writes today and that detections equal langdetect's own); `LazyProbabilities` in langprofiles
turns the counts into probabilities with langdetect's own arithmetic, so every answer is the same.

Layout: MAGIC, the header's length (4 bytes, little-endian), the header (marshal: profile file
names, language names, each profile's n_words, the bucket offsets, 4-byte little-endian), then the buckets (marshal:
{n-gram: (profile, count, profile, count, ...)}, profiles numbered in file-name order).
"""

from __future__ import annotations

import json
import marshal
import os
import sys
import zlib
from array import array
from pathlib import Path

MAGIC = b"cleaner-langtable-1\n"
BUCKETS = 32768  # ~2.7 n-grams a bucket: a lookup unmarshals a few dozen bytes
TABLE = Path(__file__).resolve().parent.parent / "data" / "langprofiles.bin"


def bucket_of(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) % BUCKETS


def build(profiles_dir: str) -> bytes:
    """The table of every profile in langdetect's folder, as load_profile reads them."""
    files = sorted(n for n in os.listdir(profiles_dir) if not n.startswith(".") and os.path.isfile(os.path.join(profiles_dir, n)))
    langs, n_words = [], []
    buckets: list[dict[str, list[int]]] = [{} for _ in range(BUCKETS)]
    for number, name in enumerate(files):
        with open(os.path.join(profiles_dir, name), encoding="utf-8") as handle:
            profile = json.load(handle)
        langs.append(profile["name"])
        n_words.append(tuple(profile["n_words"]))
        for word, count in profile["freq"].items():
            buckets[bucket_of(word)].setdefault(word, []).extend((number, count))
    offsets = array("I", [0])
    if offsets.itemsize != 4:  # pragma: no cover - every platform cleaner runs on has a 4-byte "I"
        raise RuntimeError("array('I') is not 4 bytes here")
    blobs = []
    for bucket in buckets:
        blob = marshal.dumps({w: tuple(bucket[w]) for w in sorted(bucket)}, 4) if bucket else b""
        blobs.append(blob)
        offsets.append(offsets[-1] + len(blob))
    if sys.byteorder == "big":  # pragma: no cover - the table is little-endian everywhere
        offsets.byteswap()
    header = marshal.dumps((tuple(files), tuple(langs), tuple(n_words), offsets.tobytes()), 4)
    return MAGIC + len(header).to_bytes(4, "little") + header + b"".join(blobs)


class Table:
    """The shipped table, read whole (3 MB, a millisecond) and unmarshalled a bucket at a time."""

    def __init__(self, data: bytes):
        if not data.startswith(MAGIC):
            raise ValueError("not a cleaner langdetect table")
        start = len(MAGIC) + 4
        size = int.from_bytes(data[len(MAGIC) : start], "little")
        self.files, self.langs, self.n_words, raw = marshal.loads(data[start : start + size])
        self.offsets = array("I")
        self.offsets.frombytes(raw)
        if sys.byteorder == "big":  # pragma: no cover
            self.offsets.byteswap()
        self._data = memoryview(data)[start + size :]
        self._buckets: dict[int, dict[str, tuple[int, ...]]] = {}

    def counts(self, word: str) -> tuple[int, ...] | None:
        """(profile, count, ...) of an n-gram in profile-file-name order; None where no profile has it."""
        return self.bucket(bucket_of(word)).get(word)

    def bucket(self, number: int) -> dict[str, tuple[int, ...]]:
        bucket = self._buckets.get(number)
        if bucket is None:
            begin, end = self.offsets[number], self.offsets[number + 1]
            bucket = self._buckets[number] = marshal.loads(self._data[begin:end]) if end > begin else {}
        return bucket


def load() -> Table | None:
    """The shipped table, or None where it is missing (the profiles are then read as JSON)."""
    try:
        with open(TABLE, "rb") as handle:
            return Table(handle.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
