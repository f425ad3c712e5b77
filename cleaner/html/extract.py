"""The main text of a parsed HTML page through trafilatura, and the page's own metadata.

One parse serves both: `htmlmeta.page_facts` only reads the tree, and trafilatura copies a tree
it is given before pruning it (trafilatura 2.3.1, `bare_extraction`). trafilatura runs in its fast
mode (no readability/jusText comparison) and without its metadata pass: on wcxb-dev those two
cost about half of its time, and `htmlmeta` reads the metadata better. Where the fast result is
short, the full cascade runs as a second opinion and the longer text wins; where it is nothing
or one lump, the caller reads the whole page as a text dump instead (segment.py, domtext.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from lxml import etree

from cleaner.html.meta import PageFacts, page_facts
from cleaner.model import Hints
from cleaner.options import Options


@dataclass(frozen=True, slots=True)
class Extraction:
    body: etree._Element | None  # trafilatura's XML body, None when it found nothing
    hints: Hints
    url: str | None  # the page's own URL (og:url, canonical) when it declares one


def extract(tree, url: str | None, options: Options, captions: tuple[str, ...] = ()) -> Extraction:
    facts = page_facts(tree, url, options)
    body = _main_text(tree, url or facts.url, options)
    return Extraction(body=body, hints=_hints(facts, captions, declared_language(tree)), url=facts.url)


def declared_language(tree) -> str | None:
    """The primary subtag of <html lang> (or xml:lang), lower-case: 'pt-BR' gives 'pt'."""
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or tree.get("xml:lang") or ""
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


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
