"""The heading that prints the title, and the short texts just before and after it (the byline)."""

from __future__ import annotations

import re

from cleaner.html.meta.page import clean_text, fold
from cleaner.options import Options

_NO_TEXT = frozenset(("script", "style", "noscript", "template", "svg"))


def _following_texts(element):
    """Text pieces after `element` in page order (not its own), lazily: siblings first, then
    each ancestor's following siblings. An XPath following::text() would build them all."""
    node = element
    while node is not None and node.tag not in ("body", "html"):
        if node.tail:
            yield node.tail
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str) and sibling.tag not in _NO_TEXT:
                yield from sibling.itertext()
            if sibling.tail:
                yield sibling.tail
        node = node.getparent()


UPDATED = re.compile(r"updated|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato|bijgewerkt")


def _first_heading(tree):
    """The article's first <h1>, else the page's."""
    heading = tree.find(".//article//h1")
    return heading if heading is not None else tree.find(".//h1")


def find_headline(tree, title: str | None):
    """The heading that prints the page's title, else the first <h1>: a blog that sets its
    title in an <h2> (and <h1>s in the story) or a forum thread's <h2> topic."""
    if title:
        wanted = fold(title)
        for heading in tree.iter("h1", "h2"):
            if fold(" ".join(heading.itertext())) == wanted:
                return heading
    return _first_heading(tree)


def before_heading(heading, options: Options) -> tuple[str, ...]:
    """The short texts right above the headline, nearest first (a date printed over a title)."""
    if heading is None:
        return ()
    texts: list[str] = []
    seen = 0
    node = heading
    while node is not None and node.tag not in ("body", "html") and seen < options.date_before_chars:
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str) or sibling.tag in _NO_TEXT:
                continue
            for piece in reversed(list(sibling.itertext())):
                text = clean_text(piece)
                if text:
                    texts.append(text)
                    seen += len(text)
            if seen >= options.date_before_chars:
                break
        node = node.getparent()
    return tuple(texts)


def after_heading(heading, options: Options) -> tuple[str, ...]:
    """The visible text pieces right after the headline, up to a window of characters."""
    if heading is None:
        return ()
    texts: list[str] = []
    seen = 0
    for piece in _following_texts(heading):
        text = clean_text(piece)
        if not text:
            continue
        texts.append(text)
        seen += len(text)
        if seen >= options.date_window_chars:
            break
    return tuple(texts)


# <time> elements and elements with itemprop datePublished/dateCreated, in page order: one
# walk of the tree (XPaths with a test on every element cost ~2.5 ms a page on wcxb-dev).
