"""Language of the story text: langdetect, seeded so the answer never changes between runs."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache

from cleaner.model import Document
from cleaner.select.features import words_of
from cleaner.text.stopwords import STOPLIST_LANGUAGES, has_stoplist, stopwords


@lru_cache(maxsize=1)
def _factory():
    from cleaner.text.langprofiles import lazy_factory

    return lazy_factory()


def detect(text: str, *, trials: int, seed: int) -> tuple[str | None, float | None]:
    """Best language and its probability; (None, None) where nothing can be told."""
    if sum(ch.isalpha() for ch in text) < 20:
        return None, None
    from langdetect.lang_detect_exception import LangDetectException

    from cleaner.text.fastdetect import FastDetector

    factory = _factory()
    # factory.create(), with the Detector whose loops are tighter (text/fastdetect.py): the same
    # answers; create() still raises langdetect's own error for a factory with no profiles.
    detector = FastDetector(factory) if factory.langlist else factory.create()
    detector.n_trial = trials
    detector.seed = seed  # read by _detect_block before each run: same text, same answer
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, None
    return best.lang, round(best.prob, 2)


def sample(doc: Document, limit: int) -> str:
    """The longest blocks first, up to `limit` characters: they are the likeliest story text."""
    longest = sorted(doc.blocks, key=lambda b: (-len(b.text), b.index))
    picked, size = [], 0
    for block in longest:
        if size >= limit:
            break
        picked.append(block.text[: limit - size])
        size += len(picked[-1])
    return "\n".join(picked)


def detect_language(doc: Document) -> Document:
    options = doc.options
    text = sample(doc, options.language_sample_chars)
    declared = doc.hints.language
    if declared and confirms(declared, text, options.declared_language_min_stopwords):
        return replace(doc, language=declared, language_confidence=None, language_source="html-lang")
    language, confidence = detect(text, trials=options.language_trials, seed=options.language_seed)
    return replace(doc, language=language, language_confidence=confidence)


def confirms(language: str, text: str, min_share: float) -> bool:
    """The text reads as the declared language: at least `min_share` of its words are that
    language's stopwords, and no other stoplist covers more of them. A template's stale
    lang="en" over a Portuguese story is not confirmed (Portuguese covers more); a language
    without a stoplist never is."""
    if not has_stoplist(language):
        return False
    tokens = [t.casefold() for t in words_of(text)]
    if len(tokens) < 20:
        return False
    counts = Counter(tokens)  # each distinct word tried once per stoplist, not each token
    shares = {code: _covered(counts, stopwords(code)) for code in STOPLIST_LANGUAGES}
    return shares[language] >= min_share * len(tokens) and shares[language] == max(shares.values())


def _covered(counts: Counter[str], stops: frozenset[str]) -> int:
    """How many of the tokens counted are in the stoplist."""
    return sum(counts[word] for word in stops.intersection(counts))
