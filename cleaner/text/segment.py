"""A text dump as Blocks, one a line; the tidying every block's text goes through."""

from __future__ import annotations

import re
from dataclasses import replace

from cleaner.model import Block, Document

# C0 and C1 control characters (U+0080-U+009F come from latin-1 fallbacks and stray bytes) and
# invisible zero-width ones.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Where the two substitutions below and str.split() read a line differently: the control
# characters they delete (the tab aside) and the whitespace str.split() knows and _SPACES does not
# (newlines, U+1680, U+2028, U+2029). A line with none of them, most lines, is tidied by split
# and join at C speed.
_NOT_SPLIT_SAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b\ufeff\u1680\u2028\u2029]")


def tidy(line: str) -> str:
    """One visible line: control characters out, runs of spaces (tabs, NBSP) as one space."""
    if _NOT_SPLIT_SAFE.search(line) is None:
        return " ".join(line.split())
    return _SPACES.sub(" ", _CONTROL.sub("", line)).strip()


def segment_dump(doc: Document, text: str) -> Document:
    """The dump's lines as blocks, at most `max_blocks` of them (a warning says where it was cut)."""
    options = doc.options
    long_lines: list[str] = []
    blocks = segment_text(text, options.max_blocks + 1, options.max_block_chars, options.max_line_pieces, long_lines)
    if long_lines:
        doc = replace(doc, warnings=doc.warnings + tuple(long_lines))
    if len(blocks) > options.max_blocks:
        cut = blocks[options.max_blocks].position
        blocks = blocks[: options.max_blocks]
        doc = replace(doc, warnings=doc.warnings + (f"too many blocks: the dump was cut at {cut} (max_blocks {options.max_blocks})",))
    return replace(doc, blocks=tuple(blocks), reading="dump")


def segment_text(
    text: str,
    limit: int | None = None,
    max_chars: int | None = None,
    max_pieces: int = 1,
    notes: list[str] | None = None,
) -> list[Block]:
    """Renderers give one paragraph or link a line; blank-line runs are kept as `gap_before`.

    Stops after `limit` blocks. A line longer than `max_chars` becomes up to `max_pieces`
    blocks, cut at sentence ends where it has them; what is left after them is cut, and
    `notes` says so (see Options)."""
    blocks: list[Block] = []
    gap = 0
    # tidy() of every line at once: neither pattern matches a newline, so the tidied text has
    # the same lines, each the tidied line before its strip(). A line longer than max_chars is
    # cut into pieces first, from its raw text, and each piece tidied.
    tidied = _SPACES.sub(" ", _CONTROL.sub("", text)).split("\n")
    for number, raw in enumerate(text.split("\n"), start=1):
        if limit is not None and len(blocks) >= limit:
            break
        if max_chars is None or len(raw) <= max_chars:
            pieces = [tidied[number - 1].strip()]
        else:
            pieces = [tidy(piece) for piece in pieces_of(raw, max_chars, max_pieces, number, notes)]
        for line in pieces:
            if not line:
                gap += 1
                continue
            blocks.append(Block(index=len(blocks), text=line, kind="line", position=f"line {number}", gap_before=gap))
            gap = 0
    return blocks


def pieces_of(line: str, max_chars: int, max_pieces: int, number: int, notes: list[str] | None) -> list[str]:
    """A line longer than max_chars as pieces that each end a sentence where one ends late enough."""
    pieces: list[str] = []
    rest = line
    while rest and len(pieces) < max_pieces:
        piece = _sentence_cut(rest, max_chars)
        pieces.append(piece)
        rest = rest[len(piece):]
    read = len(line) - len(rest)
    if notes is not None:
        cut = f", the last {len(rest):,} were cut" if rest.strip() else ""
        notes.append(
            f"line {number} has {len(line):,} characters (max_block_chars {max_chars:,}): "
            f"read as {len(pieces)} block(s) of its first {read:,}{cut}"
        )
    return pieces


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s")


def _sentence_cut(text: str, max_chars: int) -> str:
    """The head of text up to max_chars: after its last sentence end in the second half, else cut_text."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    last = None
    for last in _SENTENCE_END.finditer(head, max_chars // 2):
        pass
    return head[: last.end()] if last else cut_text(text, max_chars)


def cut_text(text: str, max_chars: int) -> str:
    """At most `max_chars` characters, cut at the last space when there is one near the end."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    space = head.rfind(" ", max_chars - 1000)
    return head[:space] if space > 0 else head
