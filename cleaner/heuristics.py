"""Heuristics over measured blocks: a content score per block, and the shapes no rule names.

Every function here is pure and looks at features only; `select.py` uses them in page order.
"""

from __future__ import annotations

import math
from dataclasses import replace

from .model import Block, Document

# Weights of the content score (a logistic function of the block's features). Hand-set from
# jusText's thresholds (length ~70 chars, stopword density 0.30) and checked on the seeds and
# on ../shared/bench (`cleaner eval`); the note beside each says what it encodes.
CONTENT_WEIGHTS: dict[str, float] = {
    "bias": -2.0,
    "log_words": 1.6,  # longer blocks are likelier prose; centred at 8 words below
    "stopword_density": 6.0,  # prose is full of function words; menus and labels are not
    "ends_sentence": 1.2,  # story paragraphs end with terminal punctuation
    "short_title_case": -1.5,  # Short Lines In Title Case are headlines and menu items
    "comma_list": -2.0,  # "iran, china, russia": tags and alt texts
    "short_separator": -2.0,  # "Reporting | QiOSK": breadcrumbs and labels
    "date_share": -3.0,  # a date line is metadata, not story
    "repeats": -1.5,  # a line the page prints twice is template or a repeated title
}
_LOG_WORDS_CENTRE = math.log1p(8)
_STOPWORDS_CENTRE = 0.25


def content_score(features: dict[str, float]) -> float:
    w = CONTENT_WEIGHTS
    words = features["words"]
    short = words <= 15
    z = (
        w["bias"]
        + w["log_words"] * (features["log_words"] - _LOG_WORDS_CENTRE)
        + w["stopword_density"] * (features["stopword_density"] - _STOPWORDS_CENTRE)
        + w["ends_sentence"] * features["ends_sentence"]
        + w["short_title_case"] * max(0.0, features["title_case"] - 0.6) * short
        + w["comma_list"] * features["comma_list"]
        + w["short_separator"] * features["has_separator"] * (words <= 8)
        + w["date_share"] * features["date_share"]
        + w["repeats"] * (features["repeats"] > 0)
    )
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def classify(doc: Document) -> Document:
    blocks = [
        replace(b, features={**b.features, "content": round(content_score(b.features), 4)})
        for b in doc.blocks
    ]
    return doc.with_blocks(blocks)


# --- block shapes --------------------------------------------------------------------------


def looks_like_headline(block: Block, options) -> bool:
    """A short line without a final full stop: a headline, a teaser title, a menu item."""
    f = block.features
    return (
        options.title_min_words <= f["words"] <= options.title_max_words
        and not block.text.rstrip().endswith((".", ":", ";", ","))
        and f["date_share"] < 0.5
    )


def looks_like_label(block: Block) -> bool:
    """A section label: one to three words, or a short breadcrumb with separators."""
    f = block.features
    if f["words"] <= 3 and not f["ends_sentence"] and f["date_share"] < 0.5:
        return True
    return f["has_separator"] > 0 and f["words"] <= 6


def looks_like_date_line(block: Block) -> bool:
    return block.features["date_share"] >= 0.6


def looks_like_section_label(block: Block, options) -> bool:
    f = block.features
    return f["has_separator"] > 0 and f["words"] <= 6 and f["title_case"] >= options.title_case_high


def looks_like_prose(block: Block, options) -> bool:
    f = block.features
    return f["words"] >= options.content_min_words and f["stopword_density"] >= options.stopwords_low
