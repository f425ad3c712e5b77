"""A text dump's date and authors read around its title line (cleaner/text/headline.py finds it).

A dump keeps the page's header as lines: the title, then a byline and a date, often run
together with other words ("By Sarah Schwartz — November 18, 2025 6 min read", "Dec 26, 2025 •
Mahua Das in Project Management", "23.07.2025 · 6 min read"). Such lines are too mixed for a
date-line rule, but near the title they date the page.
"""

from __future__ import annotations

from cleaner.model import Block, Document
from cleaner.text.dates import find_date, iso_or_none, reference_day


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
