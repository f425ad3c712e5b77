"""The page's meta tags and canonical link, and the text folding every topic compares by."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any, NamedTuple

# --- reading the page ---------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """One line, NFC, soft hyphens and zero-width characters out."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)  # meta contents escaped twice ('Full &#038; Part Time')
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    return _SPACE.sub(" ", text).strip()


def meta_tags(tree) -> dict[str, list[str]]:
    """name/property/itemprop (lower case) -> contents in page order."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = clean_text(element.get("content"))
        if key and value:
            found.setdefault(key, []).append(value)
    return found


def first_of(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


def canonical(tree) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and (link.get("href") or "").startswith("http"):
            return link.get("href").strip()
    return None



def fold(text: str | None) -> str:
    normal = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(re.sub(r"[\W_]+", " ", normal).split())


class Sourced(NamedTuple):
    """A value the page declares, and where it was found (meta-tag, json-ld, heading, ...)."""

    value: Any
    source: str
