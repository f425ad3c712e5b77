"""A text dump's date and authors read around its title line (cleaner/text/headline.py finds it).

A dump keeps the page's header as lines: the title, then a byline and a date, often run
together with other words ("By Sarah Schwartz — November 18, 2025 6 min read", "Dec 26, 2025 •
Mahua Das in Project Management", "23.07.2025 · 6 min read"). Such lines are too mixed for a
date-line rule, but near the title they date the page. The same goes for names: the line after an author label
alone ('Written by'), a forum's 'Thread starter X', a name with a date after it; and a byline's
name part ends where its date, separator or reading time begins.
"""

from __future__ import annotations

import re

from cleaner.model import Block, Document
from cleaner.text.dates import filler_word, find_date, iso_or_none, month_number, reference_day


def date_near_title(doc: Document, title: Block | None) -> str | None:
    """The first date in a short line from the title line down (Options.dump_date_below blocks),
    then up (Options.dump_date_above); without a title, from the story's first block."""
    blocks, options = doc.blocks, doc.options
    anchor = title.index if title is not None else next((b.index for b in blocks if b.decision and b.decision.kept), None)
    if anchor is None:
        return None
    below = range(anchor, min(len(blocks), anchor + options.dump_date_below + 1))
    above = range(anchor - 1, max(-1, anchor - 1 - options.dump_date_above), -1)
    today = reference_day(options)
    for index in (*below, *above):
        text = blocks[index].text
        if len(text.split()) <= options.dump_date_line_max_words:
            found = iso_or_none(find_date(text), today)
            if found:
                return found
    return None


# What ends the name part of a byline: a date, a separator, 'on <date>', a reading time, a
# role after a comma is kept (the eval and readers take 'Jane Doe, MD' as one name).
_NAME_STOP = re.compile(
    r"\s+(?:on|am|le|el|il|op|em)\s+(?=\S*\d)|\s*[—–•·⋅●|/]\s*|\s+-\s+|\s+(?:updated|published|posted|last updated)\b"
    r"|\s+\d|\s+(?P<month>[^\W\d_]{3,9})\.?\s+(?=\d)",
    re.I,
)
# A label run into the name ('ByTrevor Jones', 'Authors:Aniruddha Roy') and a joining word
# left at the end once the date is cut off ('Bryon Powell on').
_GLUED_LABEL = re.compile(r"^(By|BY|Authors?:|AUTHORS?:)(?=[A-ZÀ-ÖØ-Þ])")
_TRAILING_JOIN = re.compile(r"\s+(?:on|at|am|le|el|il|op|em|in)$", re.I)
# Forum and Q&A labels before the first poster's name.
_STARTER = re.compile(r"^(?:thread starter|started by|asked by|question by)\s*:?\s+", re.I)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|[A-ZÀ-ÖØ-Þ]\.|(?:de|da|del|della|van|von|der|den|la|le|bin|al|di|du|dos|das|ter))$")


# Words a name line never holds: labels and furniture that are capitalised like names.
_NOT_NAME = frozenset(
    "by posted updated published share reviewed expert member author authors written staff editor editors "
    "comments comment reply read more home menu search login sign subscribe follow last latest originally "
    "update answered asked edited new top".split()
)


def trim_byline(text: str) -> str:
    """A byline's name part: 'By George Michaelson on 19 Dec 2025' -> 'By George Michaelson'."""
    text = _GLUED_LABEL.sub(r"\1 ", text.strip())
    cut, match = None, _NAME_STOP.search(text)
    while match and cut is None:
        if not match.group("month") or month_number(match.group("month")):
            cut = match.start()
        else:  # a word before a number that is no month ('Howells 2 min read'): look on
            match = _NAME_STOP.search(text, match.start() + 1)
    name = text[:cut].strip() if cut else text
    return _TRAILING_JOIN.sub("", name)


def name_shaped(text: str, options) -> bool:
    """Two to Options.max_author_words words, each a capitalised word or a name particle."""
    words = text.split()
    return (
        options.dump_author_min_words <= len(words) <= options.max_author_words
        and all(_NAME_WORD.match(w) and not month_number(w) and w.casefold() not in _NOT_NAME for w in words)
        and words[0][0].isupper()
        and not text.isupper()
    )


def authors_near_title(doc: Document, title: Block | None, label: re.Pattern[str]) -> str | None:
    """A byline the rules did not read, near the title line: the line after an author label
    alone ('By', 'Written by'), a name-shaped line with a date line beside it, or the name
    before a date in one line ('Faith Katunga•Oct 20, 2025'). Returns the byline text (name
    part only), for the caller's splitter; None when nothing near the title reads as one."""
    blocks, options = doc.blocks, doc.options
    if title is None:
        return None
    low = max(0, title.index - options.dump_author_above)
    high = min(len(blocks), title.index + options.dump_author_below + 1)
    for index in (*range(title.index + 1, high), *range(title.index - 1, low - 1, -1)):
        block = blocks[index]
        text = block.text.strip()
        if "byline.author-label" in block.matched:
            name = _name_after_label(blocks, index, options)
            if name:
                return name
            continue
        if label.match(text) or _STARTER.match(text):
            name = trim_byline(_STARTER.sub("", label.sub("", text)))
            if name_shaped(name, options) or _user_name(name, options):
                return name
            continue
        name = trim_byline(text)
        if name != text and find_date(text) is not None and (name_shaped(name.title(), options) or _user_name(name, options)):
            return name
        if name == text and name_shaped(text, options) and (
            _date_beside(blocks, index) or 0 < index - title.index <= options.dump_author_bare_window
        ):
            return text
    # An author label alone on its line anywhere on the page ('Written by', then the name).
    for block in blocks:
        if "byline.author-label" in block.matched:
            name = _name_after_label(blocks, block.index, options)
            if name:
                return name
    return None


def _name_after_label(blocks, index: int, options) -> str | None:
    if index + 1 >= len(blocks):
        return None
    name = trim_byline(blocks[index + 1].text.strip())
    return name if name_shaped(name, options) or _user_name(name, options) else None


def _date_beside(blocks, index: int) -> bool:
    for near in (index - 1, index + 1):
        if 0 <= near < len(blocks) and len(blocks[near].text.split()) <= 12 and find_date(blocks[near].text):
            return True
    return False


def _user_name(text: str, options) -> bool:
    """A one-word name: 'Kev', 'hayley.p', 'Matt_Brooks' (no month, weekday, label or common word)."""
    return (
        len(text.split()) == 1
        and len(text) >= options.dump_author_min_chars
        and text[0].isalpha()
        and not month_number(text)
        and not filler_word(text)
        and text.casefold() not in _NOT_NAME
    )
