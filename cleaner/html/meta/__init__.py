"""Title, authors, date, site name and tags of an HTML page, from what the page declares about itself.

Sources, strongest first: JSON-LD (schema.org Article and friends), meta tags (Open Graph,
`article:*`, Dublin Core, `name=author`), marked-up elements (`<h1>`, `<time>`, `rel=author`,
`itemprop`, byline classes), and a date in the URL's path. Nothing is guessed from free text:
a page that declares no date gets none (htmldate's extensive search is what gave a date to 95%
of the undated pages of ../shared/bench/wcxb-dev).

Every function takes the parsed tree (lxml.html) and never changes it. One module a topic: page
(meta tags, text), linked (JSON-LD), title (and the site's name), headline (the heading that
prints the title and the text around it), authors, dates, tags.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cleaner.html.meta.authors import read_authors
from cleaner.html.meta.dates import read_date
from cleaner.html.meta.headline import after_heading, find_headline
from cleaner.html.meta.linked import json_ld, ld_text
from cleaner.html.meta.page import canonical, first_of, meta_tags
from cleaner.html.meta.tags import read_tags
from cleaner.html.meta.title import read_site_name, read_title
from cleaner.options import Options
from cleaner.text.dates import reference_day

# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the page says about itself; each field with where it came from."""

    title: str | None = None
    title_source: str = "meta-tag"
    authors: tuple[str, ...] = ()
    authors_source: str = "meta-tag"
    date: str | None = None
    date_source: str = "meta-tag"
    site: str | None = None
    url: str | None = None
    description: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()


def page_facts(tree, url: str | None, options: Options, today: dt.date | None = None) -> PageFacts:
    meta = meta_tags(tree)
    linked = json_ld(tree)
    site = read_site_name(meta, linked)
    declared_url = first_of(meta, "og:url") or ""
    page_url = url or (declared_url if declared_url.startswith("http") else None) or canonical(tree)
    title, title_source = read_title(tree, meta, linked, site, page_url, options)
    headline = find_headline(tree, title)
    byline = after_heading(headline, options)
    authors, authors_source = read_authors(tree, meta, linked, byline, site, options)
    # No clock: without Options.reference_date only the page's own dates bound its date.
    today = today or reference_day(options) or dt.date.max
    date, date_source = read_date(tree, meta, linked, headline, byline, page_url, today, options)
    return PageFacts(
        title=title,
        title_source=title_source,
        authors=authors,
        authors_source=authors_source,
        date=date,
        date_source=date_source,
        site=site,
        url=page_url,
        description=first_of(meta, "og:description", "description", "twitter:description"),
        section=first_of(meta, "article:section") or ld_text(linked.articles, "articleSection"),
        tags=read_tags(tree, meta, linked),
    )
