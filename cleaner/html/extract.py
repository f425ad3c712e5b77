"""The page's own facts and its main text through trafilatura: two stages over one parse.

`read_page_facts` gathers what the page declares about itself (cleaner/html/meta.py: title,
authors, date, site; <html lang>; figure captions) into the Document's hints. `extract_main` runs
trafilatura: `html.meta.page_facts` only reads the tree, and trafilatura copies a tree it is given
before pruning it (trafilatura 2.3.1, `bare_extraction`), so one parse serves both. trafilatura runs
in its fast mode (no readability/jusText comparison) and without its metadata pass: on wcxb-dev
those two cost about half of its time, and `html.meta` reads the metadata better. Where the fast
result is short, the full cascade runs as a second opinion and the longer text wins; where it is
nothing or one lump, the page is read as a text dump instead (`reading` "dump": html/blocks.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from cleaner.model import Document, Hints
from cleaner.options import Options
from cleaner.text.segment import tidy

if TYPE_CHECKING:  # lxml, trafilatura and html.meta load with the first HTML page (bench/startup.py)
    from lxml import etree

    from cleaner.html.meta import PageFacts


def read_page_facts(doc: Document) -> Document:
    """Stage: the page's declared facts as hints, and its own URL where none was given."""
    if doc.tree is None:
        return doc
    from cleaner.html.meta import page_facts
    from cleaner.html.parse import declared_language

    facts = page_facts(doc.tree, doc.page.url, doc.options)
    page = doc.page if doc.page.url or not facts.url else replace(doc.page, url=facts.url)
    hints = _hints(facts, _figure_captions(doc.tree, doc.options.max_captions), declared_language(doc.tree))
    return replace(doc, page=page, hints=hints)


def extract_main(doc: Document) -> Document:
    """Stage: trafilatura's main text; where it found nothing or one lump, read the page whole.
    A page the router (html/route.py) gives to the block model skips trafilatura."""
    if doc.tree is None:
        return doc
    from cleaner.html.route import route

    if route(doc) == "page":
        return replace(doc, reading="page")
    body = _main_text(doc.tree, doc.page.url, doc.options)
    return replace(doc, reading="dump") if body is None else replace(doc, main=body)


def _main_text(tree, url: str | None, options: Options) -> etree._Element | None:
    """trafilatura's main text, or None when it is short, empty, or one lump (fast mode's
    last resort dumps the whole page as one paragraph): the caller then reads the whole page."""
    body = _run(tree, url, options, fast=True)
    if _length(body) >= options.html_fallback_chars and len(body) >= options.html_fallback_blocks:
        return body
    if body is None or len(body) < options.html_fallback_blocks:
        return None
    second = _run(tree, url, options, fast=False)
    return second if _length(second) > _length(body) else body


def _run(tree, url: str | None, options: Options, fast: bool) -> etree._Element | None:
    import trafilatura

    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=fast,
        include_comments=False,
        include_tables=options.include_tables,
        with_metadata=False,
    )
    return None if document is None else document.body


def _length(body: etree._Element | None) -> int:
    return 0 if body is None else sum(len(t.strip()) for t in body.itertext())


def _hints(facts: PageFacts, captions: tuple[str, ...], language: str | None) -> Hints:
    return Hints(
        title=facts.title,
        authors=facts.authors,
        date=facts.date,
        site=facts.site,
        categories=(facts.section,) if facts.section else (),
        tags=facts.tags,
        section=facts.section,
        description=facts.description,
        captions=captions,
        language=language,
        source="meta-tag",
        sources={"title": facts.title_source, "authors": facts.authors_source, "date": facts.date_source},
    )


def _figure_captions(tree, limit: int) -> tuple[str, ...]:
    """Captions of figures inside the article element when there is one, else of the whole
    page; at most `limit` (Options.max_captions)."""
    scope = tree.find(".//article") if tree.find(".//article") is not None else tree
    found: list[str] = []
    for element in scope.iter("figcaption"):
        text = " ".join(tidy(t) for t in element.itertext() if tidy(t))
        if text and text not in found:
            found.append(text)
        if len(found) >= limit:
            break
    return tuple(found)
