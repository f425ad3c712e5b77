"""The stages, listed once and in order. Each is a pure function Document -> Document.

    load -> parse_page -> read_page_facts -> extract_main -> segment -> detect_language
         -> match_site -> annotate -> measure -> classify -> select -> describe
         -> (assemble Result) -> render

The three HTML stages pass a text dump by unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from cleaner.describe import describe
from cleaner.errors import InputError
from cleaner.html.blocks import parse_page, segment_html
from cleaner.html.extract import extract_main, read_page_facts
from cleaner.load import load, sniff
from cleaner.model import DecisionRecord, Document, Result
from cleaner.options import Options
from cleaner.packs.annotate import annotate, match_site
from cleaner.packs.rules import load_rules
from cleaner.select.features import measure
from cleaner.select.heuristics import classify
from cleaner.select.story import select
from cleaner.text.language import detect_language
from cleaner.text.segment import segment_dump

Stage = Callable[[Document], Document]


def segment(doc: Document) -> Document:
    """Stage: the page as blocks (html/blocks.py for HTML, text/segment.py for a dump)."""
    return segment_html(doc) if doc.page.format == "html" else segment_dump(doc, doc.page.text)


STAGES: tuple[Stage, ...] = (
    parse_page,
    read_page_facts,
    extract_main,
    segment,
    detect_language,
    match_site,
    annotate,
    measure,
    classify,
    select,
    describe,
)

# The stages before and from the one where an HTML page's reading is chosen (extract_main).
_BEFORE_READING = STAGES[: STAGES.index(extract_main)]
_FROM_READING = STAGES[STAGES.index(extract_main) :]


def clean(
    source: str | bytes,
    *,
    url: str | None = None,
    input_format: str = "auto",
    options: Options | None = None,
) -> Result:
    """Clean one article given as HTML or as a plain-text page dump."""
    start = document(source, url=url, input_format=input_format, options=options)
    read = run(start, _BEFORE_READING)
    result = assemble(run(read, _FROM_READING))
    from cleaner.html.route import second_opinion

    if second_opinion(start, result):
        # The router's second opinion (html/route.py): the block model kept little, so
        # trafilatura's reading runs too, and the reading that keeps more words is the answer.
        # Both readings start from the one parse and the page's facts: no stage changes the tree.
        other = assemble(run(replace(read, options=replace(read.options, html_reading="trafilatura")), _FROM_READING))
        if len(other.text.split()) > len(result.text.split()):
            return other
    return result


def document(
    source: str | bytes, *, url: str | None = None, input_format: str = "auto", options: Options | None = None
) -> Document:
    """The Document the first stage receives: the loaded page, the options and the rule packs.
    The call's own arguments are checked here, at the library's edge."""
    if options is None:
        options = Options()
    elif not isinstance(options, Options):
        raise InputError(f"options must be a cleaner.Options, not {type(options).__name__}")
    if url is not None and not isinstance(url, str):
        raise InputError(f"url must be a str or None, not {type(url).__name__}")
    page = load(source, url, input_format, options)
    rules = load_rules(options.rule_dirs, options.site_rules)
    warnings: tuple[str, ...] = ()
    if input_format == "text" and sniff(page.text) == "html":
        # Cleaned as asked, line by line, markup and all; but the caller should know.
        warnings = ("the input was given as text but looks like HTML; input_format='auto' or 'html' reads it as a page",)
    return Document(page=page, options=options, rules=rules, given_url=url, warnings=warnings)


def run(doc: Document, stages: tuple[Stage, ...]) -> Document:
    """The stages in order (all of STAGES, or its first few for a training script)."""
    for stage in stages:
        doc = stage(doc)
    return doc


def assemble(doc: Document) -> Result:
    kept = [b for b in doc.blocks if b.decision is not None and b.decision.kept]
    text = "\n\n".join(b.text for b in kept)
    records = tuple(
        # DecisionRecord's fields in order: index, text, kind, action, category, reason, value,
        # role, matched, decided_by (positional: a tenth of a dump's assembling time)
        DecisionRecord(b.index, b.text, b.kind, "keep", "story", "default", None, b.role, b.matched, "default")
        if (d := b.decision) is None
        else DecisionRecord(b.index, b.text, b.kind, d.action, d.category, d.reason.name, d.value, b.role, b.matched, d.reason.by)
        for b in doc.blocks
    )
    status = "ok" if text.strip() else "empty"
    return Result(text=text, metadata=doc.metadata, decisions=records, status=status, warnings=doc.warnings)
