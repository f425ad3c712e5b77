"""Page-wide signals for the content model: what a block's own words and its three neighbours
cannot show.

A listing's or a shop's cards are runs of short lines whose shapes repeat with a period (title,
type, price, "Shop now"; title, type, price, ...); a menu repeats one shape line after line. A
product page's description is short lines around little prose, and a page with little prose
overall is one where short lines carry the content. These are measured once per page here and
read by `heuristics.vectors_and_page`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cleaner.model import Block

# How far (in blocks) the shape of a line is compared with the lines around it.
SHAPE_WINDOW = 8
# The periods a card can have, in lines: a card is two to six lines.
CARD_PERIODS = (2, 3, 4, 5, 6)
CONTEXT_NAMES: tuple[str, ...] = (
    "same_shape_next", "card_period", "page_prose_share", "short_in_thin_page",
    "prose_near",
)
# The page's own signs, for the guess that it is a page of cards (a listing or a collection):
# the cards-page model (cleaner/data/content_model.json "cards_page", fitted with the block model
# by select/train.py) reads them.
PAGE_NAMES: tuple[str, ...] = (
    "prose_share", "one_to_three_words", "short_lines", "card_period", "same_shape_next",
    "log_blocks", "log_words", "with_digits", "with_currency",
)
_CURRENCY = ("$", "€", "£", "¥", "₹")


@dataclass(frozen=True, slots=True)
class PageContext:
    """Per block, the values of CONTEXT_NAMES in that order."""

    rows: list[tuple[float, ...]]
    page: tuple[float, ...]  # PAGE_NAMES, in that order


def _shape(block: Block) -> tuple:
    """A line's coarse shape: its length class, whether it ends a sentence, starts in capitals,
    holds a digit."""
    f = block.features
    words = f["words"]
    size = 0 if words <= 1 else 1 if words <= 3 else 2 if words <= 7 else 3 if words <= 15 else 4
    text = block.text.lstrip()
    return (size, f["ends_sentence"] > 0, text[:1].isupper(), f["digit_share"] > 0)


def _window_shares(shapes: list[tuple], period: int) -> list[float]:
    """Per line i, the share of the lines j in [i - SHAPE_WINDOW, i + SHAPE_WINDOW) (those with a
    line `period` further on) whose shape equals that line's: running totals, one pass."""
    count = len(shapes)
    totals = [0]
    for j in range(count - period):
        totals.append(totals[-1] + (shapes[j] == shapes[j + period]))
    last = count - period  # lines j < last have a partner
    shares = []
    for i in range(count):
        low, high = max(0, i - SHAPE_WINDOW), min(last, i + SHAPE_WINDOW)
        shares.append((totals[high] - totals[low]) / (high - low) if high > low else 0.0)
    return shares


def page_context(blocks, is_prose: list[bool], options) -> PageContext:
    count = len(blocks)
    # A paragraph of prose is no card's line: its shape is its own index, equal to no other.
    shapes = [(i,) if prose else _shape(b) for i, (b, prose) in enumerate(zip(blocks, is_prose))]
    words = [b.features["words"] for b in blocks]
    total = sum(words) or 1.0
    prose_share = sum(w for w, p in zip(words, is_prose) if p) / total
    short_max = options.short_line_max_words
    # Distance to the nearest prose block before and after, in blocks (prose_near: one over the
    # nearer; a page's first or last paragraph has prose on its other side).
    before = [math.inf] * count
    last = -math.inf
    for i in range(count):
        before[i] = i - last
        if is_prose[i]:
            last = i
    after = [math.inf] * count
    nxt = math.inf
    for i in range(count - 1, -1, -1):
        after[i] = nxt - i
        if is_prose[i]:
            nxt = i
    same_next = _window_shares(shapes, 1)
    card = [max(shares) for shares in zip(*(_window_shares(shapes, p) for p in CARD_PERIODS))] if count else []
    rows = []
    for i in range(count):
        rows.append((
            same_next[i],
            card[i],
            prose_share,
            (1.0 - prose_share) if words[i] <= short_max else 0.0,
            1.0 / min(before[i], after[i]),
        ))
    return PageContext(rows, _page_signs(blocks, words, prose_share, rows))


def _page_signs(blocks, words: list[float], prose_share: float, rows: list[tuple[float, ...]]) -> tuple[float, ...]:
    count = len(blocks)
    if not count:
        return (0.0,) * len(PAGE_NAMES)
    return (
        prose_share,
        sum(1 for w in words if w <= 3) / count,
        sum(1 for w in words if w <= 12) / count,
        sum(r[1] for r in rows) / count,
        sum(r[0] for r in rows) / count,
        math.log1p(count),
        math.log1p(sum(words)),
        sum(1 for b in blocks if b.features["digit_share"] > 0) / count,
        sum(1 for b in blocks if any(c in b.text for c in _CURRENCY)) / count,
    )
