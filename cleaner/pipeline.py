"""The stages, listed once and in order. Each is a pure function Document -> Document.

    load -> segment -> detect_language -> match_site -> annotate -> measure -> classify
         -> select -> describe -> (assemble Result) -> render
"""

from __future__ import annotations

from typing import Callable

from .annotate import annotate, match_site
from .describe import describe
from .errors import InputError
from .features import measure
from .heuristics import classify
from .language import detect_language
from .load import load, sniff
from .model import DecisionRecord, Document, Result
from .options import Options
from .rules import load_rules
from .segment import segment
from .select import select

Stage = Callable[[Document], Document]

STAGES: tuple[Stage, ...] = (
    segment,
    detect_language,
    match_site,
    annotate,
    measure,
    classify,
    select,
    describe,
)


def clean(
    source: str | bytes,
    *,
    url: str | None = None,
    input_format: str = "auto",
    options: Options | None = None,
) -> Result:
    """Clean one article given as HTML or as a plain-text page dump."""
    if options is None:
        options = Options()
    elif not isinstance(options, Options):
        raise InputError(f"options must be a cleaner.Options, not {type(options).__name__}")
    if url is not None and not isinstance(url, str):
        raise InputError(f"url must be a str or None, not {type(url).__name__}")
    if input_format not in ("auto", "text", "html"):
        raise InputError(f"unknown input format {input_format!r}; use auto, text or html")
    page = load(source, url, input_format, options)
    rules = load_rules(options.rule_dirs, options.site_rules)
    warnings: tuple[str, ...] = ()
    if input_format == "text" and sniff(page.text) == "html":
        # Cleaned as asked, line by line, markup and all; but the caller should know.
        warnings = ("the input was given as text but looks like HTML; input_format='auto' or 'html' reads it as a page",)
    doc = Document(page=page, options=options, rules=rules, given_url=url, warnings=warnings)
    for stage in STAGES:
        doc = stage(doc)
    return assemble(doc)


def assemble(doc: Document) -> Result:
    kept = [b for b in doc.blocks if b.decision is not None and b.decision.kept]
    text = "\n\n".join(b.text for b in kept)
    records = tuple(
        DecisionRecord(
            index=b.index,
            text=b.text,
            kind=b.kind,
            action=b.decision.action if b.decision else "keep",
            category=b.decision.category if b.decision else "story",
            reason=b.decision.reason if b.decision else "default",
            value=b.decision.value if b.decision else None,
            role=b.role,
            matched=b.matched,
        )
        for b in doc.blocks
    )
    status = "ok" if text.strip() else "empty"
    return Result(text=text, metadata=doc.metadata, decisions=records, status=status, warnings=doc.warnings)
