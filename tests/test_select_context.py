"""Page-wide signals of the content model (select/context.py) and the cards-page shift in classify."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cleaner.options import Options
from cleaner.select.context import CONTEXT_NAMES, PAGE_NAMES, page_context
from cleaner.select.features import measure
from cleaner.select.heuristics import FEATURE_NAMES, _prose, classify, content_model

from .stagekit import PROSE, doc_of, run

CARDS = [line for n in range(6) for line in (f"Hakutsuru Product {n}", "Junmai Daiginjo", f"${n + 20}.00", "Shop Now")]
MENU = ["Home", "News", "Sport", "Weather", "Travel", "Culture", "Food", "Money"] * 3


def context_of(items: list[str]):
    doc = run(doc_of(items), measure)
    return page_context(doc.blocks, [_prose(b, doc.options) > 0 for b in doc.blocks], doc.options)


def column(rows, name: str) -> list[float]:
    return [row[CONTEXT_NAMES.index(name)] for row in rows]


def test_cards_repeat_their_shape_with_a_period_a_menu_line_after_line():
    cards = context_of(CARDS).rows
    menu = context_of(MENU).rows
    middle = len(CARDS) // 2
    # Four-line cards: a line's shape comes back four lines on, rarely on the next line.
    assert column(cards, "card_period")[middle] == 1.0
    assert column(cards, "same_shape_next")[middle] < 0.5
    # A menu's one-word lines all have one shape: it repeats on the very next line.
    assert column(menu, "same_shape_next")[len(MENU) // 2] == 1.0


def test_paragraphs_of_prose_are_no_cards_and_sit_near_prose():
    rows = context_of(list(PROSE) * 2).rows
    assert column(rows, "card_period") == [0.0] * len(rows)
    assert column(rows, "prose_near") == [1.0] * len(rows)  # the first and the last too
    assert all(row[CONTEXT_NAMES.index("page_prose_share")] == 1.0 for row in rows)


def test_page_signs_tell_a_page_of_prices_from_a_story():
    cards = dict(zip(PAGE_NAMES, context_of(CARDS).page))
    story = dict(zip(PAGE_NAMES, context_of(list(PROSE)).page))
    assert cards["with_currency"] == pytest.approx(0.25) and story["with_currency"] == 0.0
    assert cards["prose_share"] == 0.0 and story["prose_share"] == 1.0
    assert len(FEATURE_NAMES) == len(content_model().weights)


def test_a_page_the_model_calls_cards_gets_its_scores_shifted_and_says_so():
    doc = run(doc_of(CARDS), measure)
    guessed = classify(doc)
    probability = guessed.blocks[0].features["cards_page"]
    assert 0.0 < probability < 1.0
    # The shift applies where the guess reaches the threshold, and never where it is off.
    on = classify(replace(doc, options=Options(cards_page_min_probability=0.0, cards_page_score_shift=2.0)))
    off = classify(replace(doc, options=Options(cards_page_score_shift=0.0)))
    for a, b in zip(on.blocks, off.blocks):
        assert a.features["content"] > b.features["content"] or b.features["content"] >= 0.99


def test_training_fits_the_cards_page_model_from_page_types():
    np = pytest.importorskip("numpy")
    from cleaner.select import train

    width = len(FEATURE_NAMES)
    rows = [
        train.Rows(np.zeros((2, width)) + n, np.array([0.0, 1.0]), np.ones(2), tuple(float(n == k) for k in range(len(PAGE_NAMES))), int(n % 2))
        for n in range(4)
    ]
    model = train.fit(rows)
    assert model["cards_page"]["features"] == list(PAGE_NAMES)
    assert len(model["cards_page"]["weights"]) == len(PAGE_NAMES)
    assert model == train.fit(rows)  # no random start: the same rows, the same weights
