"""Parse a decoded page as trafilatura's `load_html` does, without one of its costs.

`load_html` first deletes every character XML forbids (control characters, U+FFFE, U+FFFF) with
a regex over the whole page: 1.3 of its 4 ms on a scrapinghub page, and almost never needed. Here a
C-speed check looks for them first; a page that has any, or that parses oddly, goes through
`load_html` itself, so the tree is always the one trafilatura would build.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring

# trafilatura.utils.DOCTYPE_TAG (2.3.1), copied: importing trafilatura costs a one-page run
# 0.17 CPU-s, and a page the block model reads never runs it (bench/startup.py). A test checks
# the copy against trafilatura's; `load_html`, the rare path below, is imported where it is used.
DOCTYPE_TAG = re.compile("^< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)

# trafilatura's HTML_PARSER, with huge_tree: libxml2 otherwise stops at 256 levels of nesting
# and drops everything below (a page of 300 nested divs came out empty); with it, 2048.
HTML_PARSER = HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
)
# Every element an HtmlElement, chosen in C: lxml.html's own lookup is a Python call each time an
# element is first touched (some 1,800 a page, 0.3 ms), only to give forms and inputs classes of
# their own that nothing here (nor trafilatura) uses.
HTML_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
))

# What trafilatura's INVALID_XML_CHARS names below U+0080, as UTF-8 bytes (never part of a
# multi-byte sequence).
_FORBIDDEN_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))


def parse_html(html: str, max_depth: int | None = None, notes: list[str] | None = None) -> HtmlElement | None:
    """The page's tree; nested deeper than `max_depth`, the elements below read as plain text
    (see Options.max_html_depth). What was lost or flattened is said in `notes`."""
    notes = notes if notes is not None else []
    tree = _parse(html, notes)
    if tree is not None and max_depth is not None:
        _flatten_below(tree, max_depth, notes)
    return tree


def _flatten_below(tree: HtmlElement, max_depth: int, notes: list[str]) -> None:
    """Elements at max_depth keep their text and lose the tags below them (scripts and styles
    go whole): Python code that walks a tree by recursion stays far from its limit."""
    deep = tree.xpath("/".join(["*"] * max_depth))  # C-speed: no element-by-element walk
    for element in deep:
        etree.strip_elements(element, "script", "style", with_tail=False)
        etree.strip_tags(element, "*")
    if deep:
        notes.append(f"the HTML is nested deeper than {max_depth} levels: below that it was read as plain text")


def load_html(html: str) -> HtmlElement | None:
    """trafilatura's own parse, for the pages the fast path below leaves to it."""
    from trafilatura.utils import load_html as trafilatura_load_html

    return trafilatura_load_html(html)


def _parse(html: str, notes: list[str]) -> HtmlElement | None:
    if _has_forbidden_characters(html):
        return load_html(html)
    beginning = html[:50].lower()
    if "doctype" in beginning:
        # libxml2 misreads an XHTML doctype with a URL in it (trafilatura's repair_faulty_html)
        first_line, newline, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", first_line, count=1) + newline + rest
    if any("<html" in line and line.endswith("/>") for line in html[:4096].splitlines()[:4]):
        return load_html(html)  # a self-closing <html/>: trafilatura repairs it
    try:
        tree = fromstring(html, parser=HTML_PARSER)
    except (ValueError, etree.LxmlError):  # an encoding declaration, or worse: trafilatura's own path
        return load_html(html)
    if any("Excessive depth" in str(error.message) for error in HTML_PARSER.error_log):  # this parse's log
        notes.append("the HTML is nested deeper than 2048 levels: text below that depth is lost")
    if tree is None or len(tree) < 1:
        return load_html(html)
    if "html" not in beginning and len(tree) < 2:
        return None  # trafilatura's test for data that is not HTML at all
    return tree


def _has_forbidden_characters(html: str) -> bool:
    raw = html.encode("utf-8", "surrogatepass")
    return len(raw.translate(None, _FORBIDDEN_BYTES)) != len(raw) or "\ufffe" in html or "\uffff" in html


def declared_language(tree) -> str | None:
    """The primary subtag of <html lang> (or xml:lang), lower-case: 'pt-BR' gives 'pt'."""
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or tree.get("xml:lang") or ""
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None
