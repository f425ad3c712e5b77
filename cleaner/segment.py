"""Split a page into Blocks: a text dump by its lines, HTML through trafilatura's XML tree."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .model import Block, Decision, Document

if TYPE_CHECKING:
    from lxml import etree

# C0 and C1 control characters (U+0080-U+009F come from latin-1 fallbacks and stray bytes) and
# invisible zero-width ones.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def tidy(line: str) -> str:
    """One visible line: control characters out, runs of spaces (tabs, NBSP) as one space."""
    return _SPACES.sub(" ", _CONTROL.sub("", line)).strip()


def segment(doc: Document) -> Document:
    if doc.page.format == "html":
        return segment_html(doc)
    return _segment_dump(doc, doc.page.text)


def _segment_dump(doc: Document, text: str) -> Document:
    options = doc.options
    blocks = segment_text(text, options.max_blocks + 1, options.max_block_chars)
    if len(blocks) > options.max_blocks:
        cut = blocks[options.max_blocks].position
        blocks = blocks[: options.max_blocks]
        doc = replace(doc, warnings=doc.warnings + (f"too many blocks: the dump was cut at {cut} (max_blocks {options.max_blocks})",))
    return replace(doc, blocks=tuple(blocks), dump=True)


def _mark_furniture(doc: Document, furniture: frozenset[int]) -> Document:
    """Lines that came from a page's navigation, footer, sidebar or comments are dropped before
    any rule or heuristic reads them; they still part the story from what is around it."""
    if not furniture:
        return doc
    decision = Decision("drop", "navigation", "dom.furniture", 1.0)
    return doc.with_blocks([b.decide(decision) if _line_number(b) in furniture else b for b in doc.blocks])


def _line_number(block: Block) -> int:
    return int(block.position.removeprefix("line "))


def segment_text(text: str, limit: int | None = None, max_chars: int | None = None) -> list[Block]:
    """Renderers give one paragraph or link a line; blank-line runs are kept as `gap_before`.

    Stops after `limit` blocks, and cuts a line longer than `max_chars` (see Options)."""
    blocks: list[Block] = []
    gap = 0
    start = 0
    number = 0
    while start <= len(text) and (limit is None or len(blocks) < limit):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        raw, start, number = text[start:end], end + 1, number + 1
        line = tidy(raw if max_chars is None else cut_text(raw, max_chars))
        if not line:
            gap += 1
            continue
        blocks.append(Block(index=len(blocks), text=line, kind="line", position=f"line {number}", gap_before=gap))
        gap = 0
    return blocks


def cut_text(text: str, max_chars: int) -> str:
    """At most `max_chars` characters, cut at the last space when there is one near the end."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    space = head.rfind(" ", max_chars - 1000)
    return head[:space] if space > 0 else head


# --- HTML --------------------------------------------------------------------------------

_KINDS = {
    "head": "heading", "p": "paragraph", "quote": "quote", "code": "code",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
    "blockquote": "quote", "pre": "code", "li": "list-item",
}


def segment_html(doc: Document) -> Document:
    # Imported here: a text dump never needs lxml or trafilatura, and a one-page run of
    # `cleaner clean` pays for every import at start-up (bench/startup.py).
    from .domtext import render
    from .htmlextract import extract
    from .htmlparse import parse_html

    options = doc.options
    html = doc.page.text
    cut_at = _nth(html, "<", options.max_html_tags + 1)
    if cut_at >= 0:
        html = html[:cut_at]
        doc = replace(doc, warnings=doc.warnings + (
            f"too many tags: the page was cut at character {cut_at} (max_html_tags {options.max_html_tags})",))
    html, flooded = _strip_attribute_floods(html, options.max_tag_attributes)
    if flooded:
        doc = replace(doc, warnings=doc.warnings + (
            f"{flooded} tag(s) with more than {options.max_tag_attributes} attributes lost them",))
    tree = parse_html(html)
    if tree is None:
        return replace(doc, blocks=(), warnings=doc.warnings + ("the HTML could not be parsed",))
    extracted = extract(tree, doc.page.url, options, captions=_figure_captions(tree))
    page = doc.page if doc.page.url or not extracted.url else replace(doc.page, url=extracted.url)
    doc = replace(doc, page=page, hints=extracted.hints)
    if extracted.body is None:
        # Little or nothing found, or the whole page in one lump: read the page as a text dump.
        rendering = render(tree)
        return _mark_furniture(_segment_dump(doc, rendering.text), rendering.furniture)
    blocks = list(itertools.islice(_blocks_from_tree(extracted.body, options.max_block_chars), options.max_blocks + 1))
    if len(blocks) > options.max_blocks:
        doc = replace(doc, warnings=doc.warnings + (
            f"too many blocks: the page was cut at {blocks[-1].position} (max_blocks {options.max_blocks})",))
        blocks = blocks[: options.max_blocks]
    return replace(doc, blocks=tuple(blocks))


# A tag long enough to hold a flood of attributes, and where one attribute starts inside it
# (values count too: an SVG path loses its attributes, which no text needs).
_LONG_TAG = re.compile(r"<([a-zA-Z][^\s<>/]{0,40})(\s[^<>]{2000,})>")
_ATTRIBUTE_START = re.compile(r"\s[^\s=>/\"']")


def _strip_attribute_floods(html: str, limit: int) -> tuple[str, int]:
    """The page with every tag of more than `limit` attributes reduced to its bare name."""
    flooded = 0

    def bare(match: re.Match[str]) -> str:
        nonlocal flooded
        body = match.group(2)
        if len(_ATTRIBUTE_START.findall(body)) <= limit:
            return match.group(0)
        flooded += 1
        return f"<{match.group(1)}{'/' if body.rstrip().endswith('/') else ''}>"

    return _LONG_TAG.sub(bare, html), flooded


def _nth(text: str, needle: str, n: int) -> int:
    """Where the n-th `needle` is (n >= 1), or -1 when there are fewer."""
    if text.count(needle) < n:
        return -1
    at = -1
    for _ in range(n):
        at = text.find(needle, at + 1)
    return at


def _blocks_from_tree(body: etree._Element, max_chars: int):
    index = 0
    for path, kind, text in _walk(body, "body"):
        text = "\n".join(t for t in (tidy(part) for part in cut_text(text, max_chars).split("\n")) if t)
        if text:
            yield Block(index=index, text=text, kind=kind, position=path)
            index += 1


def _walk(element: etree._Element, path: str):
    """(path, kind, text) of every block under a container.

    trafilatura's XML has p, head, list/item, table/row/cell, quote and code; where its output
    comes from a fallback it can also hold plain HTML (div, h2, ul/li, blockquote), nested
    deeply: a child holding blocks is walked into, and inline text between a container's blocks
    ('Lead words <b>bold</b><p>...') is a paragraph of its own.
    """
    run = [element.text or ""]
    for number, child in enumerate(element, start=1):
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and (tag in _BLOCK_TAGS or tag == "code"):
            if "".join(run).strip():
                yield f"{path}/text()[{number}]", "paragraph", "".join(run)
            yield from _block(child, f"{path}/{tag}[{number}]")
            run = [child.tail or ""]
        else:
            run.append((_text(child) if tag else "") + (child.tail or ""))
    if "".join(run).strip():
        yield f"{path}/text()", "paragraph", "".join(run)


def _block(child: etree._Element, where: str):
    tag = child.tag
    if tag in _LIST_ITEMS:
        for n, item in enumerate(child.iterfind(_LIST_ITEMS[tag]), start=1):
            yield f"{where}/item[{n}]", "list-item", _text(item)
    elif tag == "table":
        for n, row in enumerate(child.iterfind(".//row"), start=1):
            cells = [" ".join(_text(cell).split()) for cell in row.iterfind("cell")]
            yield f"{where}/row[{n}]", "table-row", "\t".join(c for c in cells if c)
    elif _holds_blocks(child):
        yield from _walk(child, where)
    else:
        yield where, _KINDS.get(tag, "paragraph"), _text(child)


# Containers whose children are blocks of their own, in trafilatura's XML and in plain HTML
# (not <code>: inside a paragraph it is inline).
_BLOCK_TAGS = frozenset(
    "p head list table quote div section article main ul ol dl h1 h2 h3 h4 h5 h6 pre blockquote "
    "figure header footer aside form".split()
)
_LIST_ITEMS = {"list": "item", "ul": "li", "ol": "li"}


def _holds_blocks(element: etree._Element) -> bool:
    return element.tag not in _LIST_ITEMS and element.tag != "table" and any(
        isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in element
    )


def _text(element: etree._Element) -> str:
    """The element's text with <lb/> as a line break."""
    parts: list[str] = []
    for node in element.iter():
        if node.tag == "lb":
            parts.append("\n")
        elif node is not element and node.tag in ("list", "p", "head"):
            parts.append("\n")
        if node.text and node.tag != "lb":
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts)


# Captions of figures inside the article element when there is one, else of the whole page;
# at most this many (a gallery page has hundreds, and metadata is not the place for them).
MAX_CAPTIONS = 12


def _figure_captions(tree) -> tuple[str, ...]:
    scope = tree.find(".//article") if tree.find(".//article") is not None else tree
    found: list[str] = []
    for element in scope.iter("figcaption"):
        text = " ".join(tidy(t) for t in element.itertext() if tidy(t))
        if text and text not in found:
            found.append(text)
        if len(found) >= MAX_CAPTIONS:
            break
    return tuple(found)
