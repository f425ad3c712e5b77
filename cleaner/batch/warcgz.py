"""The gzip members of a .warc.gz, one at a time, so that one damaged record loses only itself.

A .warc.gz is a run of gzip members, one per record. Read as one gzip stream (as FastWARC does),
a record cut short by the end of the file came out `ok` with part of its text, and a damaged
member stopped the reading there: every record after it was lost. Here each member is
decompressed on its own and handed to the WARC reader as a stream of its own; a member that
ends early or does not decompress is marked `damage`, and reading goes on at the next gzip
header after it.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

_CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b\x08"


class Members:
    """The compressed file, positioned at gzip member starts."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.buffer = b""  # compressed bytes read from raw and not yet used
        self.exhausted = False
        self.after_damage = False

    def fill(self) -> bool:
        if self.exhausted:
            return False
        more = self.raw.read(_CHUNK)
        if not more:
            self.exhausted = True
            return False
        self.buffer += more
        return True

    def next_member(self) -> Member | None:
        """The member starting at the next gzip header, or None at the end of the file."""
        while True:
            at = self.buffer.find(GZIP_MAGIC)
            if at >= 0:
                # Right where the last member ended, or found by looking through damaged data
                # (where a stray header may be no member at all).
                found = Member(self, resumed=at > 0 or self.after_damage)
                self.buffer = self.buffer[at:]
                self.after_damage = False
                return found
            self.buffer = self.buffer[-(len(GZIP_MAGIC) - 1):]  # a header split across reads
            if not self.fill():
                return None


class Member:
    """One member's decompressed bytes as a readable stream; `damage` says why it ended early."""

    def __init__(self, members: Members, resumed: bool = False) -> None:
        self.members = members
        self.resumed = resumed  # found by looking for a gzip header, not where one member ended
        self.inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.out = bytearray()
        self.done = False
        self.damage: str | None = None
        self.produced = 0

    def read(self, size: int = -1) -> bytes:
        want = size if size is not None and size >= 0 else None
        while not self.done and (want is None or len(self.out) < want):
            self._step(_CHUNK if want is None else max(want - len(self.out), _CHUNK))
        if want is None or want >= len(self.out):
            data, self.out = bytes(self.out), bytearray()
        else:
            data = bytes(self.out[:want])
            del self.out[:want]
        return data

    def tell(self) -> int:  # FastWARC asks where a record starts
        return self.produced - len(self.out)

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def _step(self, room: int) -> None:
        members = self.members
        if not members.buffer and not members.fill():
            self.done = True
            self.damage = "cut short: the file ends inside this record's gzip member"
            return
        try:
            data = self.inflate.decompress(members.buffer, room)
        except zlib.error as exc:
            self.done = True
            self.damage = f"damaged gzip data: {exc}"
            members.buffer = members.buffer[1:]  # look for the next member after this header
            members.after_damage = True
            return
        self.out += data
        self.produced += len(data)
        if self.inflate.eof:
            members.buffer = self.inflate.unused_data
            self.done = True
        else:
            members.buffer = self.inflate.unconsumed_tail
