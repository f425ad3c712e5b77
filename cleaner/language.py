"""Language of the story text: langdetect, seeded so the answer never changes between runs."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .model import Document


@lru_cache(maxsize=1)
def _factory():
    from langdetect import detector_factory

    detector_factory.init_factory()
    return detector_factory._factory


def detect(text: str, *, trials: int, seed: int) -> tuple[str | None, float | None]:
    """Best language and its probability; (None, None) where nothing can be told."""
    if sum(ch.isalpha() for ch in text) < 20:
        return None, None
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
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
    language, confidence = detect(
        sample(doc, options.language_sample_chars),
        trials=options.language_trials,
        seed=options.language_seed,
    )
    return replace(doc, language=language, language_confidence=confidence)
