"""Cross-validation folds grouped by site: no site's pages in two folds, the same folds every run.

A page's site is its truth URL's host without `www.`, cut to the registrable part by a simple
rule (the last two labels, three under a two-letter country code whose second label is a generic
one such as `co.uk`, `com.au`): en.wikipedia.org and de.wikipedia.org share a template and must
not sit on both sides of a fold. A page without a URL is a site of its own.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping
from urllib.parse import urlsplit

_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gob"}


def site(url: str | None) -> str | None:
    """The registrable domain of a URL ('https://www.bbc.co.uk/news' -> 'bbc.co.uk'), or None."""
    try:
        host = (urlsplit(url or "").hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    labels = [label for label in host.split(".") if label]
    if not labels:
        return None
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def assign_folds(urls: Mapping[str, str | None], k: int) -> dict[str, int]:
    """Page id -> fold in 0..k-1. Sites, largest first (ties by name), each go whole to the fold
    with the fewest pages so far (ties to the lowest fold): balanced, grouped, deterministic."""
    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    groups = {page_id: site(url) or f"page:{page_id}" for page_id, url in urls.items()}
    sizes = Counter(groups.values())
    fold_of_site: dict[str, int] = {}
    load = [0] * k
    for name, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        fold = min(range(k), key=lambda f: (load[f], f))
        fold_of_site[name] = fold
        load[fold] += size
    return {page_id: fold_of_site[groups[page_id]] for page_id in sorted(urls)}
