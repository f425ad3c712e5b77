"""Metadata from the roles blocks took, the page's hints (HTML), and the site pack."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from cleaner.model import Block, Caption, Document, Metadata
from cleaner.select.heuristics import looks_like_date_line
from cleaner.text.bylines import split_dated_byline
from cleaner.text.dumpmeta import authors_near_title, date_near_title, trim_byline
from cleaner.text.headline import best_title
from cleaner.text.dates import find_date, find_month_day, iso_or_none, reference_day
from cleaner.text.names import byline_names

_BYLINE_PREFIX = re.compile(
    r"^\s*(?:by|von|par|por|di|door|de|written by|words by|story by|posted by|published by|submitted by"
    r"|authors?|autor(?:in)?|auteure?s?|autore)\s*[:\-]?\s+",
    re.I,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b)\s*", re.I)
_TRAILING_CREDIT = re.compile(r"\s*\(([^()]{3,160})\)\s*$")
_CREDIT_PREFIX = re.compile(r"^\s*(?:top\s+)?(?:photo|image|picture|foto|bild|crédit|credit)s?(?:\s+credit)?\s*:\s*", re.I)
_TRAILING_AGENCY = re.compile(
    r"(?<=[.!?])\s+([\w .'-]{2,40}\s?/\s?(?:getty images|afp|reuters|ap|epa|dpa|shutterstock|[\w .'-]{2,30}))\s*$", re.I
)
_TITLE_SUFFIX = re.compile(r"\s+[|–—\-:·•]\s+[^|–—\-:·•]{2,60}$")


def describe(doc: Document) -> Document:
    blocks = doc.blocks
    meta: dict[str, object] = {}
    sources: dict[str, str] = {}

    def put(name: str, value: object, source: str) -> None:
        if value not in (None, "", (), []) and name not in meta:
            meta[name] = value
            sources[name] = source

    by_role = _by_role(blocks)
    hints = doc.hints
    # The rules that read a line as a date line ("Published: Feb 11, 2025") also find one glued
    # to a byline ("BY DANA WHITFIELDPUBLISHED: FEB 11, 2025").
    site_rules = doc.site.rules if doc.site else ()
    date_rules = tuple(r for r in (*doc.rules.generic, *site_rules) if r.role == "date" and r.applies_to(doc.page.format))
    bylines = [split_dated_byline(b.text, date_rules) for b in by_role.get("byline", [])]
    today = reference_day(doc.options)

    def role_source(role: str) -> str:
        return _source_of(by_role.get(role, []))

    def hint_source(name: str) -> str:
        return hints.sources.get(name, hints.source)

    # An HTML page's own declarations (JSON-LD, meta tags, its <h1>) come before what the
    # blocks' roles suggest; a text dump has only the roles.
    from_page = [
        ("title", _strip_site_suffix(hints.title, hints.site), hint_source("title")),
        ("authors", hints.authors, hint_source("authors")),
        ("date", iso_or_none(find_date(hints.date), today) if hints.date else None, hint_source("date")),
    ]
    dump_title = best_title(doc) if doc.page.format == "text" else None
    if dump_title is not None:
        put("title", dump_title[1], "heuristic")
    from_roles = [
        ("title", _first_text(by_role, "title"), role_source("title")),
        ("authors", _authors([trim_byline(name) if doc.page.format == "text" else name for name, _ in bylines], doc.options), role_source("byline")),
        ("date", _date(by_role.get("date", []), today), role_source("date")),
        ("date", _date_of_lines([line for _, line in bylines if line], today), role_source("byline")),
    ]
    for name, value, source in from_page + from_roles if doc.page.format == "html" else from_roles + from_page:
        put(name, value, source)
    if doc.page.format == "text":
        nearby = authors_near_title(doc, dump_title[0] if dump_title else None, _BYLINE_PREFIX)
        put("authors", _authors([nearby] if nearby else [], doc.options), "heuristic")
    if doc.page.format == "text":
        put("date", _date_near_story(blocks, doc.options), "date-line")
        put("date", date_near_title(doc, dump_title[0] if dump_title else None), "heuristic")
    put("subtitle", _first_text(by_role, "subtitle"), role_source("subtitle"))
    put("site", doc.site.name if doc.site else None, "rule")
    put("site", hints.site, hint_source("site"))
    sections = _sections(by_role.get("section", []))
    put("section", " / ".join(sections), role_source("section"))
    put("section", hints.section, "meta-tag")
    put("categories", sections, role_source("section"))
    put("categories", hints.categories, hints.source)
    put("tags", hints.tags, hints.source)
    pictures = by_role.get("caption", []) + by_role.get("credit", [])
    put("captions", _captions(pictures), _source_of(pictures))
    put("captions", tuple(_split_credit(c, False) for c in hints.captions), "page")
    notes = tuple(b.text for b in by_role.get("update-note", []) if b.kept)
    put("update_notes", notes, role_source("update-note"))
    put("updated", _updated(notes, meta.get("date"), today), role_source("update-note"))
    put("language", doc.language, doc.language_source)
    put("language_confidence", doc.language_confidence, doc.language_source)
    put("url", doc.page.url, "input" if doc.page.url == doc.given_url else "page")
    text_words = sum(len(b.text.split()) for b in blocks if b.decision and b.decision.kept)
    metadata = Metadata(word_count=text_words, sources=sources, **meta)  # type: ignore[arg-type]
    return replace(doc, metadata=metadata)


def _by_role(blocks: tuple[Block, ...]) -> dict[str, list[Block]]:
    roles: dict[str, list[Block]] = {}
    for block in blocks:
        if block.role:
            roles.setdefault(block.role, []).append(block)
    return roles


def _first_text(by_role: dict[str, list[Block]], role: str) -> str | None:
    found = by_role.get(role)
    return found[0].text if found else None


def _strip_site_suffix(title: str | None, site: str | None) -> str | None:
    """'Story | Site Name' -> 'Story' when the suffix is the site's name."""
    if not title:
        return None
    match = _TITLE_SUFFIX.search(title)
    if match and site and site.casefold() in match.group(0).casefold():
        return title[: match.start()].strip()
    return title.strip()


def _authors(bylines: list[str], options) -> tuple[str, ...]:
    names: list[str] = []
    for byline in bylines:
        for name in byline_names(byline, _BYLINE_PREFIX, _AUTHOR_SPLIT, " .,:;|"):
            if name and name not in names and len(name.split()) <= options.max_author_words:
                names.append(name)
    return tuple(names)


def _date(blocks: list[Block], today: dt.date | None) -> str | None:
    return _date_of_lines([block.text for block in blocks], today)


def _date_of_lines(lines: list[str], today: dt.date | None) -> str | None:
    for line in lines:
        found = iso_or_none(find_date(line), today)
        if found:
            return found
    return None


def _date_near_story(blocks: tuple[Block, ...], options) -> str | None:
    """A dump's date line that no title placed: the one nearest the story's first block,
    looking a little way above it first (where a byline's date stands), then just inside."""
    start = next((b.index for b in blocks if b.decision and b.decision.kept), None)
    if start is None:
        return None
    above = range(start - 1, max(-1, start - 1 - options.date_line_window_above), -1)
    inside = range(start, min(len(blocks), start + options.date_line_window_inside))
    return _date([blocks[i] for i in (*above, *inside) if looks_like_date_line(blocks[i], options)], reference_day(options))


def _sections(blocks: list[Block]) -> tuple[str, ...]:
    """Labels of the first section line ('Reporting | QiOSK' -> ('Reporting', 'QiOSK'))."""
    if not blocks:
        return ()
    parts = re.split(r"\s+[|•·›»/>]\s+", blocks[0].text)
    return tuple(p.strip() for p in parts if p.strip())


def _source_of(blocks: list[Block]) -> str:
    """'heuristic' or 'rule', after what decided the first of these blocks."""
    if not blocks or blocks[0].decision is None:
        return "heuristic"
    return "heuristic" if blocks[0].decision.reason.by == "heuristic" else "rule"


def _captions(blocks: list[Block]) -> tuple[Caption, ...]:
    return tuple(_split_credit(b.text, b.role == "credit") for b in sorted(blocks, key=lambda b: b.index))


def _split_credit(text: str, is_credit_line: bool) -> Caption:
    """'Caption. (Name/Agency)' or 'Caption. Name/Agency' -> text and credit."""
    text = _CREDIT_PREFIX.sub("", text).strip()
    match = _TRAILING_CREDIT.search(text) or _TRAILING_AGENCY.search(text)
    if match:
        return Caption(text=text[: match.start()].strip(), credit=match.group(1).strip())
    return Caption(text="", credit=text) if is_credit_line else Caption(text=text, credit=None)


def _updated(notes: tuple[str, ...], date: object, today: dt.date | None) -> str | None:
    for note in notes:
        found = find_date(note)
        if found is None and isinstance(date, str):
            found = find_month_day(note, int(date[:4]))
        if found:
            return iso_or_none(found, today)
    return None
