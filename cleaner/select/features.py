"""Measure each block: length, stopword density, title case, sentence ending, dates, repeats.

`measure` only records numbers; `classify` (heuristics.py) turns them into a content score.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from cleaner.model import Block, Document
from cleaner.packs.rules import normalize
from cleaner.text.dates import date_share
from cleaner.text.stopwords import stopwords

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# _WORD on ASCII text: there [^\W_] is a letter or digit, and ’ never occurs (a fifth faster).
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’»)\]]*$")
# _SENTENCE_END as two sets: the closers a sentence may end in after its mark, and the marks.
_CLOSERS = "'\"”’»)]"
_MARKS = frozenset(".!?…。！？")


def words_of(text: str) -> list[str]:
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


def content_words(text: str, stops: frozenset[str]) -> set[str]:
    """The text's casefolded words of three letters or more that are not stopwords: what a
    headline and its story share. ASCII text is lower-cased once (casefold is lower there and
    moves no word's bounds)."""
    if text.isascii():
        return content_of(words_of(text.lower()), stops)
    return content_of([t.casefold() for t in words_of(text)], stops)


def content_of(folded: list[str], stops: frozenset[str]) -> set[str]:
    """`content_words` of words already casefolded."""
    return {w for w in set(folded) - stops if len(w) > 2}


def ends_sentence(text: str) -> bool:
    """_SENTENCE_END.search(text) on a block's text (no newline at its end): the text, its
    closing quotes and brackets taken off its end, ends in a sentence mark. No mark is a closer,
    so the closers the pattern allows after the mark are exactly the trailing run of them."""
    if text.endswith("\n"):
        return _SENTENCE_END.search(text) is not None
    return text.rstrip(_CLOSERS)[-1:] in _MARKS


def word_counts(tokens: list[str], stops: frozenset[str]) -> tuple[int, int, int]:
    """Stopwords; other words starting with a letter; and how many of those are capitalised
    (one pass: this ran twice per block, casefolding every word each time)."""
    stop_count = content = capitalised = 0
    for token in tokens:
        if token.casefold() in stops:
            stop_count += 1
        elif token[0].isalpha():
            content += 1
            capitalised += token[0].isupper()
    return stop_count, content, capitalised


# Inline elements run together by a renderer: a teaser's headline glued to its lede
# ("Spots In DetroitHoodline crunched"). Camel-case brands ("MacBook") are single short words,
# so a glue needs a long lowercase run before the capital.
_GLUED = re.compile(r"[a-z]{4}[A-Z][a-z]{2}")
_RELATIVE_TIME = re.compile(
    r"\b(?:\d+|an?|one)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\b(?:vor\s+\d+\s+(?:minuten|stunden|tagen|wochen|monaten|jahren)|il y a\s+\d+|hace\s+\d+)\b",
    re.I,
)
# A comment's header: "joetoronto says:", "Alex on September 17, 2018 at 6:34 am said:",
# "Max schrieb:". Story lines that quote someone end in the quote, not in the verb and a colon.
_COMMENT_HEADER = re.compile(
    r"\b(?:says|said|wrote|replied|schrieb|sagt|meint|dit|a écrit|escribió|dice|disse|scrive|ha scritto|schreef|zegt)\s*:\s*$",
    re.I,
)
# A short line ending in a clock time: a comment's or a post's stamp ("November 19, 2019 at 6:34 am").
_CLOCK_STAMP = re.compile(r"\b(?:at|um|à|a las|alle|às|om)\s+\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?)?\W*$", re.I)
# Commas, stops, colons, semicolons, question and exclamation marks: prose carries one every
# ten to twenty words, a tag cloud or a keyword list none. A run ("...", "?!") is one mark,
# and marks inside a number ("$165.00", "10:30", "1,204") are none.
_PUNCTUATION = re.compile(r"(?<!\d)[,.;:!?…،、。，！？]+|[,.;:!?…،、。，！？]+(?!\d)")
_HAS_DIGIT = re.compile(r"\d")
_SEPARATOR = re.compile(r"\s[|•·›»/]\s|\s>\s")


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))
_ASCII_DIGITS = b"0123456789"
_ASCII_MARKS = b",.;:!?"  # the ASCII characters of _PUNCTUATION
_ASCII_SEPARATORS = b"|/>"  # the ASCII characters of _SEPARATOR but whitespace


def _char_counts(text: str) -> tuple[int, int, int]:
    """Letters, upper-case letters and digits. ASCII text is counted by deleting bytes (one C
    pass each, about a tenth of the time); other text with map() over str methods."""
    if text.isascii():
        raw = text.encode("ascii")
        size = len(raw)
        return (size - len(raw.translate(None, _ASCII_LETTERS)), size - len(raw.translate(None, _ASCII_UPPER)),
                size - len(raw.translate(None, _ASCII_DIGITS)))
    return sum(map(str.isalpha, text)), sum(map(str.isupper, text)), sum(map(str.isdigit, text))


def measure_block(block: Block, stops: frozenset[str], repeats: int, options) -> dict[str, float]:
    text = block.text
    tokens = words_of(text)
    count = len(tokens)
    stop_count, content, capitalised = word_counts(tokens, stops)
    letters, upper, digits = _char_counts(text)
    ends = ends_sentence(text)
    # A date needs digits; skipping the date patterns elsewhere saves most of their cost. In
    # ASCII text \d is 0-9, which _char_counts counted.
    short = count <= options.short_line_max_words
    ascii_text = text.isascii()
    dated = short and (digits > 0 if ascii_text else _HAS_DIGIT.search(text) is not None)
    # In ASCII text a punctuation mark is one of ,.;:!? and a separator needs | / or >: a line
    # with none of them is not searched. _GLUED needs an ASCII capital, which `upper` counted.
    marks = separators = True
    if ascii_text:
        raw = text.encode("ascii")
        marks = len(raw.translate(None, _ASCII_MARKS)) < len(raw)
        separators = len(raw.translate(None, _ASCII_SEPARATORS)) < len(raw)
    return {
        "words": float(count),
        "log_words": math.log1p(count),
        "stopword_density": stop_count / count if count else 0.0,
        "title_case": capitalised / content if content else 0.0,  # among words not stopwords
        "upper_share": upper / letters if letters else 0.0,
        "ends_sentence": 1.0 if ends else 0.0,
        "digit_share": digits / max(1, len(text)),
        "date_share": date_share(text) if dated else 0.0,
        "repeats": float(repeats),
        "gap_before": float(block.gap_before),
        "has_separator": 1.0 if separators and _SEPARATOR.search(text) else 0.0,
        "comma_list": 1.0 if short and text.count(",") >= options.comma_list_min_commas and not ends else 0.0,
        "glued": 1.0 if upper and _GLUED.search(text) else 0.0,
        # Each pattern below is tried only where the text holds what any match of it needs: a
        # digit or "ago" (any case); a colon; a digit.
        "relative_time": 1.0 if short and (dated or "ago" in text.lower()) and _RELATIVE_TIME.search(text) else 0.0,
        "comment_header": 1.0 if count <= options.comment_header_max_words and ":" in text and _COMMENT_HEADER.search(text) else 0.0,
        "punctuation_marks": float(len(_PUNCTUATION.findall(text))) if marks else 0.0,
        "clock_stamp": 1.0 if dated and _CLOCK_STAMP.search(text) else 0.0,
    }


# measure_block's answers for the blocks of the HTML page being cleaned (see measure_page_block).
_MEASURED: dict[tuple, tuple[dict[str, float], frozenset[str], object]] = {}
_MEASURED_MAX = 4096  # a page has a few hundred blocks; the store is emptied when it fills


def measure_page_block(block: Block, stops: frozenset[str], repeats: int, options) -> dict[str, float]:
    """`measure_block`, remembered: a page read whole (Document.reading "page") is measured by
    the block model's features (html/pageblocks.py) and again by the measure stage, with the
    same text, stoplist, repeat count and options for most blocks. The key holds the stoplist's
    and the options' identities, and the entry holds the objects themselves, so no other object
    can take those identities while the entry stands. Every caller gets its own copy."""
    key = (block.text, repeats, block.gap_before, id(stops), id(options))
    hit = _MEASURED.get(key)
    if hit is None:
        if len(_MEASURED) >= _MEASURED_MAX:
            _MEASURED.clear()
        hit = _MEASURED[key] = (measure_block(block, stops, repeats, options), stops, options)
    return dict(hit[0])


def measure(doc: Document) -> Document:
    stops = stopwords(doc.language)
    folded = [normalize(b.text) for b in doc.blocks]
    counts = Counter(folded)
    measured = measure_page_block if doc.reading == "page" else measure_block
    blocks = []
    for block, key in zip(doc.blocks, folded):
        features = measured(block, stops, counts[key] - 1, doc.options)
        if block.features:  # a rule's mark (annotate's "boundary"): first, as {**old, **new} puts it
            features = {**block.features, **features}
        blocks.append(block.with_features(features))
    return doc.with_blocks(blocks)
