"""Split a page into Blocks: a text dump by its lines, HTML through trafilatura's XML tree."""

from __future__ import annotations

import re
from dataclasses import replace

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from .model import Block, Document, Hints

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def tidy(line: str) -> str:
    """One visible line: control characters out, runs of spaces (tabs, NBSP) as one space."""
    return _SPACES.sub(" ", _CONTROL.sub("", line)).strip()


def segment(doc: Document) -> Document:
    if doc.page.format == "html":
        return segment_html(doc)
    return doc.with_blocks(segment_text(doc.page.text))


def segment_text(text: str) -> list[Block]:
    """Renderers give one paragraph or link a line; blank-line runs are kept as `gap_before`."""
    blocks: list[Block] = []
    gap = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = tidy(raw)
        if not line:
            gap += 1
            continue
        blocks.append(Block(index=len(blocks), text=line, kind="line", position=f"line {number}", gap_before=gap))
        gap = 0
    return blocks


# --- HTML --------------------------------------------------------------------------------

_KINDS = {"head": "heading", "p": "paragraph", "quote": "quote", "code": "code"}


def segment_html(doc: Document) -> Document:
    options = doc.options
    tree = load_html(doc.page.text)
    if tree is None:
        return replace(doc, blocks=(), warnings=doc.warnings + ("the HTML could not be parsed",))
    # Read what trafilatura discards (figure captions, the section meta tag) before it
    # prunes the tree in place.
    captions, section = _figure_captions(tree), _meta(tree, "article:section")
    extracted = trafilatura.bare_extraction(
        tree,
        url=doc.page.url,
        include_comments=False,
        include_tables=options.include_tables,
        with_metadata=True,
    )
    if extracted is None or extracted.body is None:
        return replace(doc, blocks=(), warnings=doc.warnings + ("trafilatura found no main text",))
    blocks = list(_blocks_from_tree(extracted.body))
    hints = Hints(
        title=extracted.title or None,
        authors=tuple(a.strip() for a in (extracted.author or "").split(";") if a.strip()),
        date=extracted.date or None,
        site=extracted.sitename or None,
        categories=tuple(extracted.categories or ()),
        tags=tuple(extracted.tags or ()),
        section=section,
        description=extracted.description or None,
        captions=captions,
    )
    page = doc.page if doc.page.url or not extracted.url else replace(doc.page, url=extracted.url)
    return replace(doc, page=page, blocks=tuple(blocks), hints=hints)


def _blocks_from_tree(body: etree._Element):
    index = 0
    for path, kind, text in _walk(body, "body"):
        text = "\n".join(t for t in (tidy(part) for part in text.split("\n")) if t)
        if text:
            yield Block(index=index, text=text, kind=kind, position=path)
            index += 1


def _walk(element: etree._Element, path: str):
    for number, child in enumerate(element, start=1):
        tag = child.tag if isinstance(child.tag, str) else ""
        where = f"{path}/{tag}[{number}]"
        if tag == "list":
            for n, item in enumerate(child.iterfind("item"), start=1):
                yield f"{where}/item[{n}]", "list-item", _text(item)
        elif tag == "table":
            for n, row in enumerate(child.iterfind(".//row"), start=1):
                cells = [" ".join(_text(cell).split()) for cell in row.iterfind("cell")]
                yield f"{where}/row[{n}]", "table-row", "\t".join(c for c in cells if c)
        elif tag in ("div", "quote") and len(child) and child[0].tag in ("p", "list", "head"):
            yield from _walk(child, where)
        elif tag in _KINDS:
            yield where, _KINDS[tag], _text(child)


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


def _meta(tree, prop: str) -> str | None:
    for element in tree.iter("meta"):
        if element.get("property") == prop or element.get("name") == prop:
            value = tidy(element.get("content") or "")
            if value:
                return value
    return None
