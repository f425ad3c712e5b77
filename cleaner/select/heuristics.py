"""Heuristics over measured blocks: a content score per block, and the shapes no rule names.

Every function here is pure and looks at features only; `select.py` uses them in page order.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import add, itemgetter, mul, sub, truediv
from pathlib import Path

from cleaner.model import Block, Document
from cleaner.select.context import CONTEXT_NAMES, PAGE_NAMES, page_context

# The content score is a logistic model over the block's features and its neighbours'. Its
# weights are data (cleaner/data/content_model.json), trained reproducibly by
# bench/train_scorer.py on ../shared/bench/wcxb-train and cross-validated there by site
# (`cleaner eval ../shared/bench/wcxb-train --mode text --folds 5`).
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "content_model.json"


@dataclass(frozen=True, slots=True)
class ContentModel:
    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    # The guess that a dump is a page of cards (a listing, a collection), over the page's signs
    # (select/context.py PAGE_NAMES); None in a model file without it.
    cards: ContentModel | None = None

    def score(self, vector: list[float] | tuple[float, ...], shift: float = 0.0) -> float:
        # z = bias, then z += w * (x - m) / s feature by feature: the same float operations in
        # the same order as that loop, run by map and reduce in C (a tenth of classify's time).
        # `shift` moves the log-odds (a page of cards: classify).
        terms = map(truediv, map(mul, self.weights, map(sub, vector, self.mean)), self.scale)
        z = reduce(add, terms, self.bias) + shift
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=4)
def content_model(path: str | None = None) -> ContentModel:
    with open(path or MODEL_PATH, encoding="utf-8") as handle:
        data = json.load(handle)
    return _model_of(data)


def _model_of(data: dict) -> ContentModel:
    return ContentModel(
        names=tuple(data["features"]),
        weights=tuple(data["weights"]),
        bias=float(data["bias"]),
        mean=tuple(data["mean"]),
        scale=tuple(data["scale"]),
        cards=_model_of(data["cards_page"]) if "cards_page" in data else None,
    )


_OWN = ("log_words", "stopword_density", "title_case", "upper_share", "ends_sentence", "digit_share",
        "date_share", "has_separator", "comma_list", "glued", "relative_time")
FEATURE_NAMES: tuple[str, ...] = (
    _OWN
    + ("repeated", "gap_before", "position", "position_sq", "near_longest", "relative_length",
       "starts_lower", "starts_bullet", "chars_per_word", "is_html")
    + tuple(f"prev_{n}" for n in ("log_words", "stopword_density", "ends_sentence"))
    + tuple(f"next_{n}" for n in ("log_words", "stopword_density", "ends_sentence"))
    + ("prose_around",)
    + CONTEXT_NAMES
)


def vectors_and_page(
    blocks: tuple[Block, ...] | list[Block], is_html: bool, options
) -> tuple[list[list[float]], tuple[float, ...]]:
    """One vector per block, in FEATURE_NAMES order (its own features and its neighbours'), and
    the page's signs (select/context.py PAGE_NAMES)."""
    count = len(blocks)
    if not count:
        return [], (0.0,) * len(PAGE_NAMES)
    features = [b.features for b in blocks]
    longest = max(range(count), key=lambda i: (features[i]["words"], -i))
    most_words = max(1.0, features[longest]["words"])
    # prose_around: the share of prose among up to three blocks on either side. Prose is 0 or 1,
    # so sums of it are whole numbers, read from running totals exactly as summed one by one.
    totals = [0.0]
    prose = [_prose(b, options) for b in blocks]
    for p in prose:
        totals.append(totals[-1] + p)
    measured = page_context(blocks, [p > 0 for p in prose], options)
    context = measured.rows
    own = [list(_OWN_OF(f)) for f in features]
    around3 = [_AROUND_OF(f) for f in features]
    html = 1.0 if is_html else 0.0
    vectors = []
    for i, block in enumerate(blocks):
        f = features[i]
        words = f["words"]
        prev = around3[i - 1] if i else _NONE
        nxt = around3[i + 1] if i + 1 < count else _NONE
        text = block.text.lstrip()
        low, high = max(0, i - 3), min(count, i + 4)
        size = (i - low) + (high - i - 1)
        first = text[:1]
        vector = own[i]
        vector += (
            1.0 if f["repeats"] > 0 else 0.0,
            min(3.0, f["gap_before"]),
            i / count,
            (i / count) ** 2,
            math.exp(-abs(i - longest) / 10.0),
            words / most_words,
            1.0 if first.islower() else 0.0,
            1.0 if first in "•-*–·►▸" else 0.0,
            min(20.0, len(text) / max(1.0, words)),
            html,
        )
        vector += prev
        vector += nxt
        vector.append(((totals[i] - totals[low]) + (totals[high] - totals[i + 1])) / size if size else 0.0)
        vector += context[i]
        vectors.append(vector)
    return vectors, measured.page


_EMPTY = {"log_words": 0.0, "stopword_density": 0.0, "ends_sentence": 0.0}
_OWN_OF = itemgetter(*_OWN)
_AROUND_OF = itemgetter("log_words", "stopword_density", "ends_sentence")  # a neighbour's, in that order
_NONE = _AROUND_OF(_EMPTY)


def _prose(block: Block, options) -> float:
    f = block.features
    return (
        1.0
        if f["words"] >= options.prose_around_min_words
        and f["stopword_density"] >= options.prose_around_stopwords
        and f["ends_sentence"]
        else 0.0
    )


def classify(doc: Document) -> Document:
    if doc.reading == "page":
        # The whole-page block model already scored every block (html/route.py).
        return doc.with_blocks([b.with_features({**b.features, "content": b.features["html_block"]}) for b in doc.blocks])
    model = content_model(doc.options.content_model)
    options = doc.options
    is_html = doc.reading == "blocks"
    vectors, page = vectors_and_page(doc.blocks, is_html, options)
    # A dump that reads as a page of cards (a listing, a collection) keeps more of its short
    # lines: their scores' log-odds move up by cards_page_score_shift (Options).
    cards = model.cards.score(page) if model.cards is not None and not is_html and vectors else 0.0
    shift = options.cards_page_score_shift if cards >= options.cards_page_min_probability else 0.0
    blocks = [
        b.with_features({**b.features, "cards_page": round(cards, 4), "content": round(_capped(b, model.score(v, shift), options), 4)})
        for b, v in zip(doc.blocks, vectors)
    ]
    return doc.with_blocks(blocks)


def _capped(block: Block, score: float, options) -> float:
    """A long run of words without a single comma or stop is a tag cloud or a keyword list, not
    prose, however long: it may stay inside a story (gap filling) but not carry one."""
    if looks_like_keyword_run(block, options):
        return min(score, options.keyword_run_score)
    return score


def looks_like_keyword_run(block: Block, options) -> bool:
    """Many words, no punctuation, mostly lower case and few digits: a table's header row
    ("Ranking Business School Previous US News Ranking ...") is in title case, a row of
    figures or seasons ("2025-26 2024-25 ...") is digits."""
    f = block.features
    return (
        f["words"] >= options.keyword_run_min_words
        and f.get("punctuation_marks", 1.0) == 0
        and f["title_case"] < options.keyword_run_title_case
        and f["digit_share"] < options.keyword_run_digit_share
    )


# --- block shapes --------------------------------------------------------------------------


def looks_like_headline(block: Block, options) -> bool:
    """A short line without a final full stop: a headline, a teaser title, a menu item."""
    f = block.features
    return (
        options.title_min_words <= f["words"] <= options.title_max_words
        and not block.text.rstrip().endswith((".", ":", ";", ","))
        and f["date_share"] < options.label_max_date_share
    )


def looks_like_label(block: Block, options) -> bool:
    """A section label: one to three words, or a short breadcrumb with separators."""
    f = block.features
    if f["words"] <= options.label_max_words and not f["ends_sentence"] and f["date_share"] < options.label_max_date_share:
        return True
    return f["has_separator"] > 0 and f["words"] <= options.breadcrumb_max_words


def looks_like_date_line(block: Block, options) -> bool:
    return block.features["date_share"] >= options.date_line_min_share


def looks_like_section_label(block: Block, options) -> bool:
    f = block.features
    return f["has_separator"] > 0 and f["words"] <= options.breadcrumb_max_words and f["title_case"] >= options.title_case_high


def looks_like_prose(block: Block, options) -> bool:
    f = block.features
    return f["words"] >= options.content_min_words and f["stopword_density"] >= options.stopwords_low
