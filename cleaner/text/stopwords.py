"""Stopword lists per language, read from jusText's 100 stoplists (data files, not code)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

# langdetect's ISO codes to jusText's stoplist names.
_JUSTEXT_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "kn": "Kannada", "ko": "Korean", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi", "ne": "Nepali",
    "nl": "Dutch", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}


STOPLIST_LANGUAGES = tuple(sorted(_JUSTEXT_NAMES))


def has_stoplist(language: str) -> bool:
    return language in _JUSTEXT_NAMES


@lru_cache(maxsize=len(_JUSTEXT_NAMES) + 1)  # every list, and English for the rest
def stopwords(language: str | None) -> frozenset[str]:
    """The language's stoplist; English where the language is unknown or has no list."""
    name = _JUSTEXT_NAMES.get(language or "en", "English")
    return _stoplist(name) or _stoplist("English")


def _stoplist(name: str) -> frozenset[str]:
    """jusText's stoplist file, folded as a whole (what justext.get_stoplist gives, casefolded,
    at a fifth of the cost: reading all of them is part of confirming a declared language)."""
    try:
        data = (_justext_dir() / "stoplists" / f"{name}.txt").read_bytes()
    except OSError:
        return frozenset()
    return frozenset(word for word in data.decode("utf-8").casefold().splitlines() if word)


@lru_cache(maxsize=1)
def _justext_dir() -> Path:
    """jusText's package folder, found without importing it: its import pulls lxml.html.clean
    and urllib.request, a tenth of a one-page run's start-up, for files we only read."""
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("jusText is not installed")
    return Path(list(spec.submodule_search_locations)[0])
