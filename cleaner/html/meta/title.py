"""The site's name and the page's title, from meta tags, JSON-LD, <title> and the headings."""

from __future__ import annotations

import re

from cleaner.html.meta.linked import LinkedData, ld_text, types
from cleaner.html.meta.page import Sourced, clean_text, first_of, fold
from cleaner.options import Options
from cleaner.urls import host_of

# --- site name ---------------------------------------------------------------------------------

# A site name longer than this is a tagline ("Acme — the best widgets since 1902" is cut at
# its separator first); checked on ../shared/bench/wcxb-dev og:site_name values.
_PIPE = re.compile(r"\s+\|\s+")
_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|•»]\s*")


def read_site_name(meta, linked: LinkedData) -> str | None:
    name = first_of(meta, "og:site_name", "application-name", "apple-mobile-web-app-title")
    if not name:
        for obj in linked.sites:
            if "website" in types(obj) and isinstance(obj.get("name"), str) and clean_text(obj["name"]):
                name = clean_text(obj["name"])
                break
    if not name:
        for obj in linked.articles:
            publisher = obj.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                name = clean_text(publisher["name"])
                break
    if not name:
        return None
    # Without its tagline: 'Acme | News from Acme County' -> 'Acme'.
    return _SEPARATORS.split(name)[0].strip() or None


# --- title ---------------------------------------------------------------------------------------


def read_title(tree, meta, linked: LinkedData, site: str | None, url: str | None, options: Options) -> Sourced:
    declared = [
        t
        for t in (
            ld_text(linked.articles, "headline"),
            first_of(meta, "og:title"),
            first_of(meta, "twitter:title"),
            _title_element(tree),
        )
        if t
    ]
    site_names = site_words(site, url)
    headings = [h for h in _headings(tree, options) if not names_site(h, site_names)]
    for heading in headings:
        if any(_agrees(heading, title, site_names) for title in declared):
            return Sourced(_drop_site_parts(heading, site_names), "heading")
    # A theme that sets the title in an <h2> (and keeps <h1>s for the story's sections or the
    # site's name): the <h2> that prints a declared title, or its first part ('Story | Blog');
    # a later part is a section's name ('Installing with Vite - Installation').
    for heading in _subheadings(tree, options):
        wanted = fold(heading)
        if not names_site(heading, site_names) and any(
            wanted in (fold(title), fold((_segments(title) or [title])[0])) for title in declared
        ):
            return Sourced(heading, "heading")
    # A page's one <h1> is its title more often than its declared titles, which are written for
    # search results ("The 5 Best Kettles, Tested and Reviewed"): on wcxb-dev the first h1 is the
    # truth's title on 207 of 300 pages, og:title on 117. Not when the page has several
    # (a landing page's slogans) or the h1 reads as a sentence or a label.
    if (
        headings
        and len(headings) <= options.title_max_distinct_headings
        and _title_shaped(headings[0], declared, site_names)
        and (not declared or any(_shares_word(headings[0], title) for title in declared))
    ):
        return Sourced(_drop_site_parts(headings[0], site_names), "heading")
    if declared:
        return Sourced(_strip_site(declared[0], site_names) or declared[0], "meta-tag")
    return Sourced(headings[0], "heading") if headings else Sourced(None, "meta-tag")


def _shares_word(heading: str, title: str) -> bool:
    """Some word of four letters or more in both (a heading about something else shares none)."""
    return bool({w for w in fold(heading).split() if len(w) >= 4} & set(fold(title).split()))


def _title_shaped(heading: str, declared: list[str], site_names: tuple[str, ...]) -> bool:
    """Not a sentence, not the site's name as the last part of a declared title."""
    if heading.rstrip().endswith((".", ":", "!")) and not heading.rstrip().endswith("..."):
        return False
    for title in declared:
        parts = _segments(title)
        if len(parts) >= 2 and fold(parts[-1]) == fold(heading):
            return False
    return True


def _title_element(tree) -> str | None:
    for element in tree.iter("title"):
        text = clean_text(element.text_content())
        if text:
            return text
    return None


def _headings(tree, options: Options) -> list[str]:
    """The first h1s of the page, those inside its <article> or <main> first."""
    found: list[str] = []
    for scope in (".//article//h1", ".//main//h1", ".//h1"):
        for element in tree.iterfind(scope):
            # Parts joined by a space: '<span>News</span><br><span>Product</span>' is two words.
            text = clean_text(" ".join(element.itertext())).rstrip("¶# ").strip()
            if text and text not in found and len(text.split()) <= options.title_max_heading_words:
                found.append(text)
        if len(found) >= options.title_max_headings:
            break
    return found[: options.title_max_headings]


def _subheadings(tree, options: Options) -> list[str]:
    """The first <h2>s of the page, as _headings reads <h1>s."""
    found: list[str] = []
    for element in tree.iter("h2"):
        text = clean_text(" ".join(element.itertext())).rstrip("¶# ").strip()
        if text and text not in found and len(text.split()) <= options.title_max_heading_words:
            found.append(text)
        if len(found) >= options.title_max_headings:
            break
    return found


def site_words(site: str | None, url: str | None) -> tuple[str, ...]:
    """Folded names the site goes by: its declared name and its host's name ('nytimes')."""
    names = [fold(site), fold(_TLD.sub("", site))] if site else []
    host = host_of(url)
    if host:
        parts = host.split(".")
        label = parts[-2] if len(parts) >= 2 else parts[0]
        names.append(label)
    return tuple(n for n in names if n)


_TLD = re.compile(r"\.(?:com|org|net|co\.uk|co|io|de|fr|uk|us|info)$", re.I)


def names_site(text: str, site_names: tuple[str, ...]) -> bool:
    folded = fold(text)
    squeezed = folded.replace(" ", "")
    return bool(folded) and any(
        folded == name
        or squeezed == name.replace(" ", "")
        # the site's name less its trailing words ('Warren Averett' of 'Warren Averett CPAs & Advisors')
        or (len(folded.split()) >= 2 and name.startswith(folded + " "))
        for name in site_names
    )


def _segments(title: str) -> list[str]:
    return [s.strip() for s in _SEPARATORS.split(title) if s.strip()]


def _agrees(heading: str, title: str, site_names: tuple[str, ...]) -> bool:
    """The heading is the declared title, or one of its parts that is not the site's name."""
    wanted = fold(heading)
    if not wanted:
        return False
    if wanted == fold(title):
        return True
    parts = _segments(title)
    if len(parts) < 2:
        return fold(title).startswith(wanted) and len(wanted) >= 0.6 * len(fold(title))
    return any(fold(p) == wanted for p in parts if not names_site(p, site_names))


def _strip_site(title: str, site_names: tuple[str, ...]) -> str:
    """'Story | Section | Site' -> 'Story': parts naming the site go, then the longest part is the story."""
    parts = _segments(title)
    if len(parts) < 2:
        return title.strip()
    kept = [
        p for n, p in enumerate(parts)
        if not names_site(p, site_names) and not (n == len(parts) - 1 and _contains_site(p, site_names))
    ]
    if not kept:
        kept = [p for p in parts if not names_site(p, site_names)] or parts
    return max(kept, key=lambda p: (len(fold(p)), -parts.index(p)))


def _drop_site_parts(heading: str, site_names: tuple[str, ...]) -> str:
    """A heading is cut at pipes only, where it repeats the <title>'s form ('Story | WRAL' ->
    'Story'); a dash or a colon in a heading is part of its wording."""
    parts = [p.strip() for p in _PIPE.split(heading) if p.strip()]
    kept = [p for p in parts if not names_site(p, site_names)]
    return kept[0] if kept else heading


def _contains_site(part: str, site_names: tuple[str, ...]) -> bool:
    """A short part carrying the site's name ('Patagonia® Worn Wear', 'The Rust Blog')."""
    folded = fold(part)
    words = folded.split()
    return len(words) <= 4 and any(name and (name in folded or folded in name) for name in site_names)
