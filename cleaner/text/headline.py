"""A text dump's title for the metadata: the best of the headline-shaped lines around the story.

The select stage gives one block the title role while it places the story (story.py); that
choice also decides where the story starts, so it looks only a little way above the story. The
metadata title is read here, once the story is placed, from a wider window and with signs the
role search does not weigh: the line a breadcrumb ends with ("Home > Blog > Title" then "Title"),
the line a "Title | Site" line begins with, a byline or date line just below, the line printed
twice in a row, and the role's own choice. Each candidate line gets the weighted sum of these
signs (weights in Options.dump_title_weights, fitted on wcxb-train by bench/train_title.py) and
the best line is the title. The block roles and the text output do not change.
"""

from __future__ import annotations

import re

from cleaner.errors import UsageError
from cleaner.model import Block, Document
from cleaner.select.features import content_of, content_words, words_of
from cleaner.text.stopwords import stopwords

# Separators of a breadcrumb ("Home > Blog > Title", "Blog / Guides / Title").
_CRUMB = re.compile(r"\s*(?:>|»|›|/|\||→|::)\s*")
# A site name after a title ("Title | Site", "Title - Site").
_SITE_SUFFIX = re.compile(r"\s+[|–—\-·•:]\s+")
_LONE_SEPARATOR = {"/", ">", "»", "›", "|", "→"}
_END_PUNCT = (".", ":", ";", ",")
# A reading-time label ("6 min read") sits with the byline, under the title.
_READING_TIME = re.compile(r"^\W*\d{1,3}\s*(?:-|‑)?\s*min(?:ute)?s?\.?(?:\s+read)?\W*$", re.I)

# The signs, in the order of Options.dump_title_weights.
SIGNS = (
    "role",  # the select stage gave it the title role
    "near_above",  # 1 / (1 + blocks between it and the story's first block), above the story
    "first_kept",  # the story's first block
    "below",  # below the story's first block
    "one_word",  # a single word
    "long",  # more than Options.title_long_words words
    "title_case",  # at least Options.title_case_high of its words capitalised
    "twice",  # printed twice on the page
    "template",  # printed three times or more
    "doubled",  # the same line right above or below
    "crumb_tail",  # the last part of a breadcrumb nearby
    "after_separator",  # right after a lone separator line ("/")
    "site_prefix",  # another line is this one and a site suffix ("Title | Site")
    "meta_below",  # a byline, a date line or a reading time within the next blocks
    "overlap",  # share of its content words the story's opening uses
    "rule_dropped",  # a rule dropped it (menu, share bar, newsletter)
    "question",  # ends with a question mark
    "upper",  # written in capitals
    "topic",  # share of its content words that Options.dump_title_topic_blocks other blocks use
    "meta_above",  # a date line or byline right above
    "mid_length",  # four words or more
    "after_menu",  # the blocks right above are menu items (three words or fewer)
    "prose_below",  # the next block is a paragraph of prose
    "kept",  # the story keeps it
    "part",  # a line's part before or after a site separator ("Title | Site", "Site - Title")
)


def dump_title(doc: Document) -> str | None:
    """The metadata title of a text dump, or None when no line has a headline's shape."""
    found = best_title(doc)
    return found[1] if found is not None else None


def best_title(doc: Document) -> tuple[Block, str] | None:
    """The title's line and its text (the line, or its part before or after a site separator)."""
    weights = doc.options.dump_title_weights
    if len(weights) != len(SIGNS):
        raise UsageError(f"Options.dump_title_weights: want {len(SIGNS)} weights, one per sign of cleaner/text/headline.py, not {len(weights)}")
    best: tuple[float, Block, str] | None = None
    for block, text, signs in title_candidates(doc):
        score = round(sum(w * s for w, s in zip(weights, signs)), 6)
        if best is None or score > best[0]:
            best = (score, block, text)
    return (best[1], best[2]) if best is not None else None


def title_candidates(doc: Document) -> list[tuple[Block, str, tuple[float, ...]]]:
    """Every headline-shaped line in the window around the story, and each part of one around a
    site separator, with its signs."""
    blocks, options = doc.blocks, doc.options
    if not blocks:
        return []
    start = next((b.index for b in blocks if b.decision and b.decision.kept), None)
    if start is None:  # nothing kept: no story to title (the title role, if any, still stands)
        return []
    low = max(0, start - options.dump_title_window_above)
    high = min(len(blocks), start + options.dump_title_window_below + 1)
    folded = [words_of(b.text.casefold()) for b in blocks]  # each block's words, found once
    keys = [" ".join(words) for words in folded]  # _key of every block
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    crumb_tails = _crumb_tails(blocks, low, high, options)
    site_prefixes = _site_prefixes(blocks, low, high, options)
    vocabulary = _story_vocabulary(doc, start)
    spread = _word_spread(blocks, folded, doc)
    found = []
    for index in range(low, high):
        block = blocks[index]
        if not _headline_shape(block.text, block, options):
            continue
        texts = [(block.text.strip(), 0.0)]
        for match in _SITE_SUFFIX.finditer(block.text):
            for piece in (block.text[: match.start()], block.text[match.end() :]):
                piece = piece.strip()
                if piece and _headline_shape(piece, block, options) and all(piece != t for t, _ in texts):
                    texts.append((piece, 1.0))
        for text, part in texts:
            found.append((block, text, _signs(doc, block, text, part, start, keys, counts, crumb_tails, site_prefixes, vocabulary, spread)))
    return found


def _signs(doc, block, text, part, start, keys, counts, crumb_tails, site_prefixes, vocabulary, spread) -> tuple[float, ...]:
    blocks, options, index = doc.blocks, doc.options, block.index
    key = _key(text)
    words = len(text.split())
    content = content_words(text, stopwords(doc.language))
    letters = [c for c in text if c.isalpha()]
    return (
        1.0 if block.role == "title" else 0.0,
        1.0 / (1 + start - index) if index < start else 0.0,
        1.0 if index == start else 0.0,
        1.0 if index > start else 0.0,
        1.0 if words == 1 else 0.0,
        1.0 if words > options.title_long_words else 0.0,
        1.0 if block.features.get("title_case", 0.0) >= options.title_case_high else 0.0,
        1.0 if counts.get(key, 0) == 2 else 0.0,
        1.0 if counts.get(key, 0) >= 3 else 0.0,
        1.0 if (index > 0 and keys[index - 1] == key) or (index + 1 < len(blocks) and keys[index + 1] == key) else 0.0,
        1.0 if any(i != index and abs(i - index) <= options.dump_title_crumb_distance for i in crumb_tails.get(key, ())) else 0.0,
        1.0 if index > 0 and blocks[index - 1].text.strip() in _LONE_SEPARATOR else 0.0,
        1.0 if any(i != index for i in site_prefixes.get(key, ())) else 0.0,
        1.0 if _meta_below(blocks, index, options) else 0.0,
        len(content & vocabulary) / len(content) if content else 0.0,
        1.0 if block.decision is not None and block.decision.reason.by == "rule" and block.role is None else 0.0,
        1.0 if text.endswith("?") else 0.0,
        1.0 if len(letters) >= 4 and all(c.isupper() for c in letters) else 0.0,
        sum(1 for w in content if spread.get(w, 0) > options.dump_title_topic_blocks) / len(content) if content else 0.0,
        1.0 if _meta_near(blocks[max(0, index - options.dump_title_meta_window) : index], options) else 0.0,
        1.0 if words >= 4 else 0.0,
        1.0 if index >= 3 and all(len(b.text.split()) <= 3 for b in blocks[index - 3 : index]) else 0.0,
        1.0 if index + 1 < len(blocks) and blocks[index + 1].features.get("words", 0) >= options.content_min_words and blocks[index + 1].features.get("ends_sentence", 0) else 0.0,
        1.0 if block.decision is not None and block.decision.kept else 0.0,
        part,
    )
    return found


def _key(text: str) -> str:
    return " ".join(words_of(text.casefold()))


def _headline_shape(text: str, block: Block, options) -> bool:
    text = text.strip()
    words = len(text.split())
    return (
        1 <= words <= options.title_max_words
        and not text.endswith(_END_PUNCT)
        and block.features.get("date_share", 0.0) < options.label_max_date_share
        and any(c.isalpha() for c in text)
        and text not in _LONE_SEPARATOR
    )


def _crumb_tails(blocks, low: int, high: int, options) -> dict[str, list[int]]:
    """The last part of each breadcrumb-like line ('Home > Blog > Title' -> 'title')."""
    tails: dict[str, list[int]] = {}
    for block in blocks[max(0, low - options.dump_title_crumb_distance) : high + options.dump_title_crumb_distance]:
        if len(block.text.split()) > options.breadcrumb_max_words + options.title_max_words:
            continue
        parts = [p for p in _CRUMB.split(block.text) if p.strip()]
        if len(parts) >= 2:
            tails.setdefault(_key(parts[-1]), []).append(block.index)
    return tails


def _site_prefixes(blocks, low: int, high: int, options) -> dict[str, list[int]]:
    """What stands before a site suffix in each line ('Title | Site' -> 'title')."""
    prefixes: dict[str, list[int]] = {}
    for block in blocks:
        if len(block.text.split()) > options.title_max_words + options.breadcrumb_max_words:
            continue
        for match in _SITE_SUFFIX.finditer(block.text):
            prefixes.setdefault(_key(block.text[: match.start()]), []).append(block.index)
    return prefixes


def _meta_below(blocks, index: int, options) -> bool:
    return _meta_near(blocks[index + 1 : index + 1 + options.dump_title_meta_window], options)


def _meta_near(blocks, options) -> bool:
    for block in blocks:
        if block.role in ("byline", "date") or block.features.get("date_share", 0.0) >= options.date_line_min_share:
            return True
        if _READING_TIME.match(block.text):
            return True
    return False


def _story_vocabulary(doc: Document, start: int) -> set[str]:
    picked, size = [], 0
    for block in doc.blocks[start:]:
        if size >= doc.options.title_vocabulary_words:
            break
        if block.decision is not None and block.decision.kept:
            picked.append(block.text)
            size += len(block.text.split())
    return content_words(" ".join(picked), stopwords(doc.language))


def _word_spread(blocks, folded: list[list[str]], doc: Document) -> dict[str, int]:
    """In how many blocks each content word stands. `folded` holds each block's casefolded
    words: for ASCII text they are its content words' source (casefold is lower there)."""
    spread: dict[str, int] = {}
    stops = stopwords(doc.language)
    for block, words in zip(blocks, folded):
        content = content_of(words, stops) if block.text.isascii() else content_words(block.text, stops)
        for word in content:
            spread[word] = spread.get(word, 0) + 1
    return spread
