"""An HTML page into Blocks: the bounded parse, then trafilatura's main text as blocks of their
kind, or, where trafilatura found too little, the page rendered as a browser shows it and read as a
text dump (its navigation, footer and sidebars dropped first)."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from cleaner.model import Block, Decision, Document, markup
from cleaner.text.segment import pieces_of, segment_dump, tidy

if TYPE_CHECKING:
    from lxml import etree


def parse_page(doc: Document) -> Document:
    """Stage: an HTML page's tree, bounded: at most `max_html_tags` tags, no tag with more than
    `max_tag_attributes` attributes, and below `max_html_depth` levels plain text (each cut says
    so in a warning). A text dump passes."""
    if doc.page.format != "html":
        return doc
    # Imported here, as in extract.py: a text dump never needs lxml or trafilatura, and a one-page
    # run of `cleaner clean` pays for every import at start-up (bench/startup.py).
    from cleaner.html.parse import parse_html

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
    notes: list[str] = []
    tree = parse_html(html, options.max_html_depth, notes)
    doc = replace(doc, warnings=doc.warnings + tuple(notes)) if notes else doc
    if tree is None:
        return replace(doc, warnings=doc.warnings + ("the HTML could not be parsed",))
    return replace(doc, tree=tree)


def segment_html(doc: Document) -> Document:
    """trafilatura's main text as blocks; where it found too little (`reading` is "dump"), the
    whole page's lines; where the router chose the block model (`reading` is "page"), every block
    of the page with the model's verdict. The tree and the main text are let go: no later stage reads them."""
    if doc.tree is None:
        return doc
    if doc.reading == "page":
        from cleaner.html.route import page_blocks_of

        blocks = page_blocks_of(doc.tree, doc.page.url, doc.options)
        if len(blocks) > doc.options.max_blocks:
            doc = replace(doc, warnings=doc.warnings + (
                f"too many blocks: the page was cut at {blocks[doc.options.max_blocks].position} "
                f"(max_blocks {doc.options.max_blocks})",))
            blocks = blocks[: doc.options.max_blocks]
        return replace(doc, blocks=tuple(blocks), tree=None, main=None)
    if doc.reading == "dump":
        from cleaner.html.innertext import render

        rendering = render(doc.tree)
        doc = _mark_furniture(segment_dump(doc, rendering.text), rendering.furniture)
        return replace(doc, tree=None, main=None)
    options = doc.options
    long_blocks: list[str] = []
    pieces = _blocks_from_tree(doc.main, options.max_block_chars, options.max_line_pieces, long_blocks)
    blocks = list(itertools.islice(pieces, options.max_blocks + 1))
    doc = replace(doc, warnings=doc.warnings + tuple(w.replace("line", "block", 1) for w in long_blocks))
    if len(blocks) > options.max_blocks:
        doc = replace(doc, warnings=doc.warnings + (
            f"too many blocks: the page was cut at {blocks[-1].position} (max_blocks {options.max_blocks})",))
        blocks = blocks[: options.max_blocks]
    return replace(doc, blocks=tuple(blocks), tree=None, main=None)


def _mark_furniture(doc: Document, furniture: frozenset[int]) -> Document:
    """Lines that came from a page's navigation, footer, sidebar or comments are dropped before
    any rule or heuristic reads them; they still part the story from what is around it."""
    if not furniture:
        return doc
    decision = Decision("drop", "navigation", markup("furniture"), 1.0)
    return doc.with_blocks([b.decide(decision) if _line_number(b) in furniture else b for b in doc.blocks])


def _line_number(block: Block) -> int:
    return int(block.position.removeprefix("line "))



# --- HTML --------------------------------------------------------------------------------

_KINDS = {
    "head": "heading", "p": "paragraph", "quote": "quote", "code": "code",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
    "blockquote": "quote", "pre": "code", "li": "list-item",
}


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


def _blocks_from_tree(body: etree._Element, max_chars: int, max_pieces: int = 1, notes: list[str] | None = None):
    index = 0
    for number, (path, kind, text) in enumerate(_walk(body, "body"), start=1):
        pieces = [text] if len(text) <= max_chars else pieces_of(text, max_chars, max_pieces, number, notes)
        for piece in pieces:
            piece = "\n".join(t for t in (tidy(part) for part in piece.split("\n")) if t)
            if piece:
                yield Block(index=index, text=piece, kind=kind, position=path)
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
