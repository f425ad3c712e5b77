"""The page's linked data (JSON-LD): its articles, web pages and site, as schema.org types."""

from __future__ import annotations

import json
from dataclasses import dataclass

from cleaner.html.meta.page import clean_text

_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "techarticle", "scholarlyarticle", "report", "review",
    "socialmediaposting", "discussionforumposting", "liveblogposting", "medicalwebpage", "howto", "recipe",
    "qapage", "question", "posting", "webpage", "aboutpage", "faqpage", "itempage", "product", "event", "course",
    "videoobject", "podcastepisode", "creativework",
}
_DATED_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "techarticle", "scholarlyarticle", "report",
    "socialmediaposting", "discussionforumposting", "liveblogposting", "posting",
}
# Page types that are about the page rather than its story: used after the article types.
_PAGE_TYPES = {"webpage", "aboutpage", "faqpage", "itempage", "collectionpage", "searchresultspage"}
SITE_TYPES = {"website", "organization", "newsmediaorganization", "corporation", "localbusiness", "store"}


@dataclass(frozen=True, slots=True)
class LinkedData:
    articles: tuple[dict, ...] = ()  # story-like objects, stories before pages
    sites: tuple[dict, ...] = ()  # WebSite and Organization objects
    stories: tuple[dict, ...] = ()  # articles and posts only: what is dated by nature


def json_ld(tree) -> LinkedData:
    objects: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        objects.extend(_ld_objects(data, 0))
    stories = [o for o in objects if types(o) & (_ARTICLE_TYPES - _PAGE_TYPES)]
    pages = [o for o in objects if types(o) & _PAGE_TYPES and o not in stories]
    dated = [o for o in objects if types(o) & _DATED_TYPES]
    sites = [o for o in objects if types(o) & SITE_TYPES]
    return LinkedData(articles=tuple(stories + pages), sites=tuple(sites), stories=tuple(dated))


def _ld_objects(data, depth: int):
    """Every object of a JSON-LD document: top level, lists, @graph and mainEntity (not deeper)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from _ld_objects(data[key], depth + 1)


def types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def ld_text(objects, key: str) -> str | None:
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, list) and value and isinstance(value[0], str):
            value = value[0]
        if isinstance(value, str) and clean_text(value):
            return clean_text(value)
    return None
