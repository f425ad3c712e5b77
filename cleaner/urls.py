"""A URL's host, as rule packs and page metadata compare it: lower-case, without `www.`."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str | None) -> str:
    """'https://www.Example.org/a' and 'example.org/a' give 'example.org'; a relative path
    ('/news/a', 'news/a') or an unreadable URL gives ''."""
    if not url:
        return ""
    if "//" not in url:
        first = url.split("/", 1)[0]
        if "." not in first or " " in first:
            return ""
        url = "//" + url
    try:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""
