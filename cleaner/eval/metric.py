"""Scoring an extraction against a benchmark's truth: pure functions, no I/O.

Text (the Scrapinghub article-extraction-benchmark metric, re-implemented from its description and
checked against its `evaluate.py`):
- tokens are `\\w+` runs (Unicode, case kept); shingles are runs of 4 consecutive tokens, counted as
  a multiset; a text of 1 to 3 tokens is one shingle (all its tokens); an empty text has none.
- per page: tp = shared shingles (multiset intersection), fp = predicted only, fn = truth only.
  precision = tp / (tp + fp), recall = tp / (tp + fn).
- precision is averaged over the pages whose prediction has shingles, recall over the pages whose
  truth has shingles: an empty prediction costs recall only, an empty truth costs precision only.
- F1 is the harmonic mean of the two averages (not the average of per-page F1s).

Bag of words (the WCXB metric): lowercased `\\w+` tokens as a multiset; per page P, R and F1, each
averaged over all pages; an empty truth scores 1 when the prediction is empty too, else 0.

Metadata (issue 3, part 3): a title matches when equal after folding case, punctuation and
whitespace; authors match when every truth name is among the predicted names; a date matches when
it names the same calendar day (at the truth's precision when the truth gives only a month).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


# --- text: Scrapinghub shingles ----------------------------------------------------------------


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of `size`-token runs; a shorter non-empty text is one shingle of all its tokens."""
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


@dataclass(frozen=True, slots=True)
class Overlap:
    """Shingle counts of one page: shared (tp), predicted only (fp), truth only (fn)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        """None when the prediction has no shingles: such a page is left out of mean precision."""
        if self.tp + self.fp == 0:
            return None
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """None when the truth has no shingles: such a page is left out of mean recall."""
        if self.tp + self.fn == 0:
            return None
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """This page's own F1, for ranking pages (the benchmark's F1 is of the means, see `score`).

        As upstream scores one page: both empty is perfect, one side empty is 0.
        """
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return harmonic(self.precision or 0.0, self.recall or 0.0)


def overlap(prediction: str | None, truth: str | None, size: int = SHINGLE_SIZE) -> Overlap:
    pred, true = shingles(prediction, size), shingles(truth, size)
    tp = sum((pred & true).values())
    return Overlap(tp=tp, fp=sum(pred.values()) - tp, fn=sum(true.values()) - tp)


@dataclass(frozen=True, slots=True)
class Score:
    f1: float
    precision: float
    recall: float
    n: int

    def line(self) -> str:
        return f"F1 {self.f1:.3f} P {self.precision:.3f} R {self.recall:.3f} n {self.n}"


def harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b > 0 else 0.0


def mean(values: Iterable[float]) -> float:
    """Mean of the values; 0.0 for none (upstream would fail: every page was left out)."""
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def score(overlaps: Sequence[Overlap]) -> Score:
    precision = mean(o.precision for o in overlaps if o.precision is not None)
    recall = mean(o.recall for o in overlaps if o.recall is not None)
    return Score(f1=harmonic(precision, recall), precision=precision, recall=recall, n=len(overlaps))


# --- text: WCXB bag of words ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WordScore:
    precision: float
    recall: float
    f1: float


def word_score(prediction: str | None, truth: str | None) -> WordScore:
    pred = Counter(tokens((prediction or "").lower()))
    true = Counter(tokens((truth or "").lower()))
    if not true:
        return WordScore(1.0, 1.0, 1.0) if not pred else WordScore(0.0, 0.0, 0.0)
    if not pred:
        return WordScore(0.0, 0.0, 0.0)
    shared = sum((pred & true).values())
    precision, recall = shared / sum(pred.values()), shared / sum(true.values())
    return WordScore(precision, recall, harmonic(precision, recall))


def word_mean(scores: Sequence[WordScore]) -> WordScore:
    """WCXB averages P, R and F1 separately over every page."""
    return WordScore(
        precision=mean(s.precision for s in scores),
        recall=mean(s.recall for s in scores),
        f1=mean(s.f1 for s in scores),
    )


# --- metadata ------------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")
# Leading words that are no part of the name itself ("By Jane Doe", "Dr. Jane Doe").
_NAME_PREFIXES = ("by", "dr", "prof", "mr", "mrs", "ms")
# Several names in one truth string are joined by these ("Jared Newman and Sam Singleton").
_NAME_JOINERS = re.compile(r"\s+(?:and|und|et|y)\s+|\s*[;&|/]\s*|\s+\+\s+", re.I)


def fold(text: str | None) -> str:
    """Case, punctuation and whitespace folded away: 'The  Title!' -> 'the title'."""
    normal = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_NON_WORD.sub(" ", normal).split())


def title_match(prediction: str | None, truth: str) -> bool:
    return bool(prediction) and fold(prediction) == fold(truth)


def split_names(text: str | None) -> tuple[str, ...]:
    """The person names in an author string, folded.

    Seen in wcxb-dev truth: names joined by 'and' ('Linny and Peter') or by commas
    ('John A. Alic, David C. Mowery, Edward S. Rubin'), and credentials after a comma
    ('Jillian Kubala, MS, RD', 'Genevieve Carlton, Ph.D.', 'Tracy Parker, Dietitian'). Every
    comma part there that is a name has two words or more, so a one-word comma part after the
    first is taken for a credential and dropped.
    """
    names: list[str] = []
    for group in _NAME_JOINERS.split(text or ""):
        parts = [part for part in group.split(",") if fold(part)]
        for index, part in enumerate(parts):
            if index > 0 and len(part.split()) < 2:
                continue
            name = _strip_prefixes(fold(part))
            if name and name not in names:
                names.append(name)
    return tuple(names)


def _strip_prefixes(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0] in _NAME_PREFIXES:
        words = words[1:]
    return " ".join(words)


def authors_match(predicted: Iterable[str], truth: str) -> bool:
    """Every truth name is among the predicted names, in any order; extra names are allowed."""
    wanted = split_names(truth)
    found = {name for author in predicted for name in split_names(author)}
    return bool(wanted) and all(name in found for name in wanted)


_ISO_DAY = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")
_YEAR_ONLY = re.compile(r"^\s*(\d{4})\s*$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
         "aug august", "sep sept september", "oct october", "nov november", "dec december"),
        start=1,
    )
    for name in names.split()
}
_WRITTEN_DAY = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4}))|(?:([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))")


@dataclass(frozen=True, slots=True)
class Day:
    """A calendar date at the precision it was given: month and day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None


def parse_day(text: str | None) -> Day | None:
    """ISO dates and datetimes (the day as written, no time-zone shift), 'YYYY/MM/DD', 'YYYY-MM',
    'YYYY', and English 'December 19, 2025' / '19 Dec 2025'. None when nothing valid is found."""
    if not text:
        return None
    match = _ISO_DAY.match(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        return _valid(year, month, day)
    match = _YEAR_ONLY.match(text)
    if match:
        return Day(int(match.group(1)))
    match = _WRITTEN_DAY.search(text.casefold())
    if match:
        day, month, year = match.group(1, 2, 3) if match.group(1) else match.group(5, 4, 6)
        if month in _MONTHS:
            return _valid(int(year), _MONTHS[month], int(day))
    return None


def _valid(year: int | None, month: int | None, day: int | None) -> Day | None:
    try:
        dt.date(year or 0, month or 1, day or 1)
    except ValueError:
        return None
    return Day(year or 0, month, day)


def date_match(prediction: str | None, truth: str) -> bool:
    """Same calendar day; a truth given to the month (or year) only needs that much to agree."""
    want, got = parse_day(truth), parse_day(prediction)
    if want is None or got is None:
        return False
    for wanted, found in ((want.year, got.year), (want.month, got.month), (want.day, got.day)):
        if wanted is None:
            return True
        if wanted != found:
            return False
    return True
