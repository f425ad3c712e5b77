"""Title, authors, date and site name of an HTML page, from what the page declares about itself.

Sources, strongest first: JSON-LD (schema.org Article and friends), meta tags (Open Graph,
`article:*`, Dublin Core, `name=author`), marked-up elements (`<h1>`, `<time>`, `rel=author`,
`itemprop`, byline classes), and a date in the URL's path. Nothing is guessed from free text:
a page that declares no date gets none (htmldate's extensive search is what gave a date to 95%
of the undated pages of ../shared/bench/wcxb-dev).

Every function takes the parsed tree (lxml.html) and never changes it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from lxml import etree

from cleaner.options import Options
from cleaner.html.innertext import mark_words
from cleaner.urls import host_of
from cleaner.text.dates import find_date, reference_day

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
    meta = _meta_tags(tree)
    linked = _json_ld(tree)
    site = _site_name(meta, linked)
    declared_url = _first(meta, "og:url") or ""
    page_url = url or (declared_url if declared_url.startswith("http") else None) or _canonical(tree)
    title, title_source = _title(tree, meta, linked, site, page_url, options)
    headline = _headline(tree, title)
    byline = after_heading(headline, options)
    authors, authors_source = _authors(tree, meta, linked, byline, site, options)
    # No clock: without Options.reference_date only the page's own dates bound its date.
    today = today or reference_day(options) or dt.date.max
    date, date_source = _date(tree, meta, linked, headline, byline, page_url, today, options)
    return PageFacts(
        title=title,
        title_source=title_source,
        authors=authors,
        authors_source=authors_source,
        date=date,
        date_source=date_source,
        site=site,
        url=page_url,
        description=_first(meta, "og:description", "description", "twitter:description"),
        section=_first(meta, "article:section") or _ld_text(linked.articles, "articleSection"),
        tags=_tags(tree, meta, linked),
    )


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


def _meta_tags(tree) -> dict[str, list[str]]:
    """name/property/itemprop (lower case) -> contents in page order."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = clean_text(element.get("content"))
        if key and value:
            found.setdefault(key, []).append(value)
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


def _canonical(tree) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and (link.get("href") or "").startswith("http"):
            return link.get("href").strip()
    return None


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
_SITE_TYPES = {"website", "organization", "newsmediaorganization", "corporation", "localbusiness", "store"}


@dataclass(frozen=True, slots=True)
class LinkedData:
    articles: tuple[dict, ...] = ()  # story-like objects, stories before pages
    sites: tuple[dict, ...] = ()  # WebSite and Organization objects
    stories: tuple[dict, ...] = ()  # articles and posts only: what is dated by nature


def _json_ld(tree) -> LinkedData:
    objects: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        objects.extend(_ld_objects(data, 0))
    stories = [o for o in objects if _types(o) & (_ARTICLE_TYPES - _PAGE_TYPES)]
    pages = [o for o in objects if _types(o) & _PAGE_TYPES and o not in stories]
    dated = [o for o in objects if _types(o) & _DATED_TYPES]
    sites = [o for o in objects if _types(o) & _SITE_TYPES]
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


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _ld_text(objects, key: str) -> str | None:
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, list) and value and isinstance(value[0], str):
            value = value[0]
        if isinstance(value, str) and clean_text(value):
            return clean_text(value)
    return None


# --- site name ---------------------------------------------------------------------------------

# A site name longer than this is a tagline ("Acme — the best widgets since 1902" is cut at
# its separator first); checked on ../shared/bench/wcxb-dev og:site_name values.
_PIPE = re.compile(r"\s+\|\s+")
_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|•»]\s*")


def _site_name(meta, linked: LinkedData) -> str | None:
    name = _first(meta, "og:site_name", "application-name", "apple-mobile-web-app-title")
    if not name:
        for obj in linked.sites:
            if "website" in _types(obj) and isinstance(obj.get("name"), str) and clean_text(obj["name"]):
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


def fold(text: str | None) -> str:
    normal = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(re.sub(r"[\W_]+", " ", normal).split())


def _title(tree, meta, linked: LinkedData, site: str | None, url: str | None, options: Options) -> tuple[str | None, str]:
    declared = [
        t
        for t in (
            _ld_text(linked.articles, "headline"),
            _first(meta, "og:title"),
            _first(meta, "twitter:title"),
            _title_element(tree),
        )
        if t
    ]
    site_names = _site_words(site, url)
    headings = [h for h in _headings(tree, options) if not _names_site(h, site_names)]
    for heading in headings:
        if any(_agrees(heading, title, site_names) for title in declared):
            return _drop_site_parts(heading, site_names), "heading"
    # A theme that sets the title in an <h2> (and keeps <h1>s for the story's sections or the
    # site's name): the <h2> that prints a declared title, or its first part ('Story | Blog');
    # a later part is a section's name ('Installing with Vite - Installation').
    for heading in _subheadings(tree, options):
        wanted = fold(heading)
        if not _names_site(heading, site_names) and any(
            wanted in (fold(title), fold((_segments(title) or [title])[0])) for title in declared
        ):
            return heading, "heading"
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
        return _drop_site_parts(headings[0], site_names), "heading"
    if declared:
        return _strip_site(declared[0], site_names) or declared[0], "meta-tag"
    return (headings[0], "heading") if headings else (None, "meta-tag")


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


def _site_words(site: str | None, url: str | None) -> tuple[str, ...]:
    """Folded names the site goes by: its declared name and its host's name ('nytimes')."""
    names = [fold(site), fold(_TLD.sub("", site))] if site else []
    host = host_of(url)
    if host:
        parts = host.split(".")
        label = parts[-2] if len(parts) >= 2 else parts[0]
        names.append(label)
    return tuple(n for n in names if n)


_TLD = re.compile(r"\.(?:com|org|net|co\.uk|co|io|de|fr|uk|us|info)$", re.I)


def _names_site(text: str, site_names: tuple[str, ...]) -> bool:
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
    return any(fold(p) == wanted for p in parts if not _names_site(p, site_names))


def _strip_site(title: str, site_names: tuple[str, ...]) -> str:
    """'Story | Section | Site' -> 'Story': parts naming the site go, then the longest part is the story."""
    parts = _segments(title)
    if len(parts) < 2:
        return title.strip()
    kept = [
        p for n, p in enumerate(parts)
        if not _names_site(p, site_names) and not (n == len(parts) - 1 and _contains_site(p, site_names))
    ]
    if not kept:
        kept = [p for p in parts if not _names_site(p, site_names)] or parts
    return max(kept, key=lambda p: (len(fold(p)), -parts.index(p)))


def _drop_site_parts(heading: str, site_names: tuple[str, ...]) -> str:
    """A heading is cut at pipes only, where it repeats the <title>'s form ('Story | WRAL' ->
    'Story'); a dash or a colon in a heading is part of its wording."""
    parts = [p.strip() for p in _PIPE.split(heading) if p.strip()]
    kept = [p for p in parts if not _names_site(p, site_names)]
    return kept[0] if kept else heading


def _contains_site(part: str, site_names: tuple[str, ...]) -> bool:
    """A short part carrying the site's name ('Patagonia® Worn Wear', 'The Rust Blog')."""
    folded = fold(part)
    words = folded.split()
    return len(words) <= 4 and any(name and (name in folded or folded in name) for name in site_names)


# --- authors ------------------------------------------------------------------------------------

_BY = re.compile(r"^\s*(?:(?:written|posted|published|reviewed|edited|words|story|text|reported)\s+)?(?:by|von|par|por|di|door|de|av|af)\s*[:\-]?\s+", re.I)
_JOIN = re.compile(r"\s*(?:,|;|&|\||\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
# Words that make a byline a label or a link, not a name ("View more posts", "All articles").
# "Staff", "Desk", "Team" and "editors" stay allowed: "Resy Staff" and "TOI Lifestyle Desk" are
# how those newsrooms sign.
_LABEL_WORDS = frozenset(
    "view more posts post all articles read follow contact email share profile about author authors "
    "published updated comments comment reply login sign subscribe home menu search sponsored "
    "advertisement photo photos image video min minutes ago written contributors webmaster".split()
)
# A person's name has letters and no address, handle markup or long number.
_NOT_NAME = re.compile(r"https?:|www\.|@|\d{3,}|[<>{}=/]")
_LOGIN = re.compile(r"[^\W\d_]\.[^\W\d_]")


def _authors(tree, meta, linked: LinkedData, byline, site, options: Options) -> tuple[tuple[str, ...], str]:
    # The declared site name only: a personal site's host is often its author's name
    # (saraharberson.com), and that person's name is no site name.
    site_names = _site_words(site, None)
    people, organisations = _ld_authors(linked)
    meta_names = [v for key in _META_AUTHORS for v in meta.get(key, [])] + _labelled_author(meta)
    # Lazily, strongest first: the byline search walks the whole tree and most pages stop
    # before it.
    marks = _BylineMarks(tree)
    tiers = (
        # Never the site's name, even marked as a Person: on a personal blog it is right, but
        # a site name as author is the error that most needs ruling out (wcxb-dev: authors
        # 0.800 -> 0.794 for it).
        ("json-ld", lambda: people, site_names),
        ("json-ld", lambda: organisations, site_names),
        ("meta-tag", lambda: [v for v in meta_names if " " in v.strip()], site_names),
        ("byline", lambda: _signed(byline), site_names),
        *(("byline", partial(_byline_texts, marks, tier, options), site_names) for tier in (_marks_author, _marks_byline)),
        # One-word meta authors are often a login ("kffnirmitap"): a last resort.
        ("meta-tag", lambda: meta_names, site_names),
    )
    for source, raw, refused in tiers:
        names = _names(raw(), refused, options, one_element=source == "byline")
        if names:
            return names, source
    return (), "meta-tag"


_META_AUTHORS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
                 "citation_author", "byl", "twitter:creator")


_BY_LABEL = re.compile(r"^(?:(?:written|posted|published|words|story|text|reported)\s+)?(?:by|von|par|por|di|door)\s*:?$|^(?:author|autor|auteur)\s*:$", re.I)


def _signed(byline: tuple[str, ...]) -> list[str]:
    """'By' and the name after it, as a byline prints them under the title ('Written by | Emma Ryan')."""
    for n, text in enumerate(byline):
        if _BY_LABEL.match(text) and n + 1 < len(byline):
            return [byline[n + 1]]
        if _BY.match(text) and len(text.split()) <= 8:
            return [text]
    return []


def _labelled_author(meta) -> list[str]:
    """Twitter card pairs: twitter:label1 'Written by', twitter:data1 'Jane Doe' (WordPress SEO plugins)."""
    found = []
    for n in "1234":
        label = _first(meta, f"twitter:label{n}") or ""
        if re.search(r"written|author|autor|auteur|verfasst|geschrieben", label, re.I) and _first(meta, f"twitter:data{n}"):
            found.append(_first(meta, f"twitter:data{n}"))
    return found


def _ld_authors(linked: LinkedData) -> tuple[list[str], list[str]]:
    """Author names of the first story object that has some: (people, organisations)."""
    for obj in linked.articles:
        people: list[str] = []
        organisations: list[str] = []
        for key in ("author", "creator"):
            value = obj.get(key)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    organisations.append(item)  # untyped: treated like an organisation
                elif isinstance(item, dict) and isinstance(item.get("name"), str):
                    if not _types(item) & _SITE_TYPES:  # an Organization signs no story
                        (people if "person" in _types(item) else organisations).append(item["name"])
        if people or organisations:
            return people, organisations
    return [], []


# From the most specific mark to the most generic, as trafilatura's AUTHOR_XPATHS go; the first
# tier that yields a name wins. Comment threads and sidebars are no byline.
#   1. rel, id, class or itemprop 'author'; class containing author-name / authorName /
#      AuthorName; data-testid 'AuthorCard'.
#   2. an a, div, span, p, h3, h4, strong or address whose class contains byline, author,
#      submitted-by, posted-by or writer, or has the word username; itemprop containing author;
#      data-component containing Byline.
# Both were XPaths over every element (~5 ms each a page on wcxb-dev, most of what metadata
# cost). Every element they take has an attribute holding one of these pieces, and most pages
# hold few of them: the attribute values are read once (~1 ms), then one XPath looks for the
# pieces the page has, and the tiers sort the few elements it finds.
_MARK_PIECES = ("uthor", "yline", "submitted-by", "posted-by", "writer", "username")
_ATTRIBUTE_VALUES = etree.XPath("//@*", smart_strings=False)
_BYLINE_TAGS = frozenset(("a", "div", "span", "p", "h3", "h4", "strong", "address"))


def _marks_author(element) -> bool:
    get = element.get
    marks = get("class") or ""
    return (
        "author" in (get("rel"), get("id"), get("class"), get("itemprop"))
        or "author-name" in marks or "authorName" in marks or "AuthorName" in marks
        or get("data-testid") == "AuthorCard"
    )


def _marks_byline(element) -> bool:
    if element.tag not in _BYLINE_TAGS:
        return False
    marks = element.get("class") or ""
    return (
        any(piece in marks for piece in ("byline", "author", "submitted-by", "posted-by", "writer"))
        or "username" in marks.split()
        or "author" in (element.get("itemprop") or "")
        or "Byline" in (element.get("data-component") or "")
    )


class _BylineMarks:
    """The page's elements carrying an author or byline mark, found once, on first use."""

    def __init__(self, tree):
        self._tree = tree
        self._found: list | None = None

    def matching(self, tier) -> list:
        if self._found is None:
            self._found = _elements_with_pieces(self._tree)
        return [e for e in self._found if tier(e)]


def _elements_with_pieces(tree) -> list:
    values = "\n".join(_ATTRIBUTE_VALUES(tree))
    present = tuple(piece for piece in _MARK_PIECES if piece in values)
    return _pieces_xpath(present)(tree) if present else []


_PIECES_XPATHS: dict[tuple[str, ...], etree.XPath] = {}


def _pieces_xpath(pieces: tuple[str, ...]) -> etree.XPath:
    """Elements with an attribute holding one of the pieces, in page order (compiled once per set)."""
    if pieces not in _PIECES_XPATHS:
        test = " or ".join(f"contains(., '{piece}')" for piece in pieces)
        _PIECES_XPATHS[pieces] = etree.XPath(f"//@*[{test}]/parent::*")
    return _PIECES_XPATHS[pieces]


_NOT_BYLINE = frozenset(
    "comment comments commentlist sidebar related footer share sharing widget widgets replies".split()
)


def _byline_texts(marks: _BylineMarks, tier, options: Options) -> list[str]:
    """Texts of elements marked as the author, in page order."""
    found: list[str] = []
    for element in marks.matching(tier):
        if element.tag in ("meta", "link", "script", "style", "img", "body", "html", "article") or _inside_aside(element):
            continue
        named = element.find(".//*[@itemprop='name']")
        if named is not None and named.tag == "meta":
            text = clean_text(named.get("content"))
        else:
            text = clean_text(" ".join((named if named is not None else element).itertext()))
        if text and len(text) <= 120 and text not in found:
            found.append(text)
        if len(found) >= options.max_byline_elements:
            break
    return found


def _inside_aside(element) -> bool:
    """Inside a footer, sidebar, comment thread or related list: whole words of class and id
    ('comment-list', 'sidebar'), not parts of them ('js-replyNewMessageContainer' holds a forum's posts)."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("footer", "aside", "nav"):
            return True
        if not _NOT_BYLINE.isdisjoint(mark_words(ancestor)):
            return True
    return False


def _names(raw: list[str], refused: tuple[str, ...], options: Options, one_element: bool = False) -> tuple[str, ...]:
    names: list[str] = []
    for value in raw:
        value = clean_text(value)
        if not value or _NOT_NAME.search(value):
            continue
        for part in _JOIN.split(_BY.sub("", value)):
            name = part.strip(" .,:;|-–—()[]\"'")
            if ":" in name or (" " not in name and _LOGIN.search(name)):
                continue  # 'design: Scott McDaniel' is a credit line; 'andrew.keaveney' a login
            if _is_name(name, refused, options) and fold(name) not in {fold(n) for n in names}:
                names.append(name)
        if names and one_element:
            break  # the first element that names someone is the byline; the rest repeat or differ
    return tuple(names[: options.max_authors])


def _is_name(name: str, refused: tuple[str, ...], options: Options) -> bool:
    words = fold(name).split()
    if not words or len(words) > options.max_author_words or len(name) < 2:
        return False
    if any(w in _LABEL_WORDS for w in words):
        return False
    if refused and _names_site(name, refused):
        return False
    return any(ch.isalpha() for ch in name)


# --- date --------------------------------------------------------------------------------------

_META_DATES = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "publish-date", "publish_date", "publishdate", "pubdate", "date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "citation_publication_date", "citation_date", "article.published", "cxenseparse:recs:publishtime",
    # Less common names of the same field, as htmldate's DATE_ATTRIBUTES list them.
    "published", "published_at", "published_time", "published_date", "publication_date", "pub_date",
    "article:published", "article:published_date", "article.created", "article_date_original", "og:pubdate",
    "og:publish_date", "og:datepublished", "cxenseparse:publishtime", "shareaholic:article_published_time",
    "dc.created", "dc.date.created", "originalpublicationdate", "rnews:datepublished", "date_published",
)
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-([01]?\d)-([0-3]?\d)(?!\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/_-]([01]\d)[/_-]([0-3]\d)(?:/|[_-]|$)")


def _date(tree, meta, linked, headline, byline, url: str | None, today: dt.date, options: Options) -> tuple[str | None, str]:
    candidates = (
        # What the page's head declares, then what it prints by its headline, then its JSON-LD:
        # a JSON-LD datePublished is often the day the CMS entry was made, not a day the page
        # shows (wcxb-dev: a 2025 datePublished on a newsletter printed 'November 2, 2022');
        # readers, and wcxb-dev's truth, go by the printed date. JSON-LD first, meta second gave
        # date 0.789; meta, printed date, JSON-LD gives 0.831 with no page lost.
        ("meta-tag", lambda: [_first(meta, key) for key in _META_DATES]),
        # A publication date under the headline; else, on a page that prints only when it was
        # updated, that (wcxb-dev's truth takes it as the date: 'Last updated: Dec 4, 2025'
        # over a datePublished of November 25).
        ("byline", lambda: [] if _lists_dates(byline, today, options)
         else _dates_by_heading(byline, options) + _short_texts(byline, options)),
        # A WebPage's datePublished is when the page went up, which service and product pages
        # carry too: only a story's counts.
        ("json-ld", lambda: [_ld_text(linked.stories, "datePublished"), _ld_text(linked.stories, "dateCreated")]),
        ("time", lambda: _time_elements(tree)),
        ("url", lambda: [_url_date(url)]),
        ("byline", lambda: _dates_by_heading(_before_heading(headline, options), options)),
        ("htmldate", lambda: [_htmldate(tree, url, today)] if _is_story(meta, linked) else []),
        # Last: a WebPage's datePublished, on a page that declares and prints no other date
        # (a guide typed WebPage, a blog theme without Article markup). Above the byline tiers
        # it dated service pages; here it dates 2 more wcxb-dev pages right and no undated one.
        ("json-ld", lambda: [_ld_text(linked.articles, "datePublished")]),
    )
    # Nothing is published after the page was last changed: a date later than the declared
    # modification (a day's leeway for time zones) is another story's, a comment's, a widget's.
    latest = _last_modified(meta, linked, today, options)
    for source, values in candidates:
        for value in values():
            found = _day(value, latest)
            if found:
                return found, source
    return None, "meta-tag"


def _short_texts(texts: tuple[str, ...], options: Options) -> list[str]:
    return [t for t in texts if len(t.split()) <= options.date_line_max_words]


def _lists_dates(texts: tuple[str, ...], today: dt.date, options: Options) -> bool:
    """Several different days under the headline: a list of teasers or posts, not a byline
    (which prints one date, or two: published and updated)."""
    days = {_day(t, today) for t in _short_texts(texts, options)}
    return len(days - {None}) >= options.date_list_min_days


_META_MODIFIED = ("article:modified_time", "og:updated_time", "og:modified_time", "datemodified", "dcterms.modified")


def _last_modified(meta, linked: LinkedData, today: dt.date, options: Options) -> dt.date:
    """The latest day a date of the page may name: today, or the page's declared last change."""
    declared = [_day(v, today) for key in _META_MODIFIED for v in meta.get(key, [])[:1]]
    declared.append(_day(_ld_text(linked.articles, "dateModified"), today))
    days = [dt.date.fromisoformat(d) for d in declared if d]
    if not days:
        return today
    return min(today, max(days) + dt.timedelta(days=options.date_after_modified_days))


def _is_story(meta, linked: LinkedData) -> bool:
    """The page says it is a story (og:type article, a JSON-LD Article): dated by nature."""
    return (_first(meta, "og:type") or "").lower() == "article" or bool(linked.stories)


# htmldate's upper bound when Options.reference_date is None (it would read the clock).
HTMLDATE_LATEST = dt.datetime(2099, 12, 31)


def _htmldate(tree, url, today: dt.date):
    import htmldate
    latest = HTMLDATE_LATEST if today >= HTMLDATE_LATEST.date() else dt.datetime.combine(today, dt.time.max)
    try:
        return htmldate.find_date(tree, url=url, extensive_search=False, original_date=True, max_date=latest)
    except Exception:
        return None


def _dates_by_heading(texts: tuple[str, ...], options: Options) -> list[str]:
    """Short texts of the byline under the headline that are no update note, in page order.

    Only there: a date anywhere in the page is how undated pages got one (a listing's teasers,
    a footer's copyright year). 'Updated on | February 24, 2026' is when the page changed,
    not when the story came out.
    """
    found: list[str] = []
    for n, text in enumerate(texts):
        if len(text.split()) > options.date_line_max_words:
            continue
        if _UPDATED.search(text.casefold()):
            continue
        # The text before is this one's label ('Updated on' | 'May 2, 2024') unless it holds
        # a date of its own ('Aktualisiert am 05.03.2024' | 'Erschienen am 04.03.2024').
        before = texts[n - 1].casefold() if n else ""
        if _UPDATED.search(before) and not find_date(before):
            continue
        found.append(text)
    return found


_NO_TEXT = frozenset(("script", "style", "noscript", "template", "svg"))


def _following_texts(element):
    """Text pieces after `element` in page order (not its own), lazily: siblings first, then
    each ancestor's following siblings. An XPath following::text() would build them all."""
    node = element
    while node is not None and node.tag not in ("body", "html"):
        if node.tail:
            yield node.tail
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str) and sibling.tag not in _NO_TEXT:
                yield from sibling.itertext()
            if sibling.tail:
                yield sibling.tail
        node = node.getparent()


_UPDATED = re.compile(r"updated|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato|bijgewerkt")


def _first_heading(tree):
    """The article's first <h1>, else the page's."""
    heading = tree.find(".//article//h1")
    return heading if heading is not None else tree.find(".//h1")


def _headline(tree, title: str | None):
    """The heading that prints the page's title, else the first <h1>: a blog that sets its
    title in an <h2> (and <h1>s in the story) or a forum thread's <h2> topic."""
    if title:
        wanted = fold(title)
        for heading in tree.iter("h1", "h2"):
            if fold(" ".join(heading.itertext())) == wanted:
                return heading
    return _first_heading(tree)


def _before_heading(heading, options: Options) -> tuple[str, ...]:
    """The short texts right above the headline, nearest first (a date printed over a title)."""
    if heading is None:
        return ()
    texts: list[str] = []
    seen = 0
    node = heading
    while node is not None and node.tag not in ("body", "html") and seen < options.date_before_chars:
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str) or sibling.tag in _NO_TEXT:
                continue
            for piece in reversed(list(sibling.itertext())):
                text = clean_text(piece)
                if text:
                    texts.append(text)
                    seen += len(text)
            if seen >= options.date_before_chars:
                break
        node = node.getparent()
    return tuple(texts)


def after_heading(heading, options: Options) -> tuple[str, ...]:
    """The visible text pieces right after the headline, up to a window of characters."""
    if heading is None:
        return ()
    texts: list[str] = []
    seen = 0
    for piece in _following_texts(heading):
        text = clean_text(piece)
        if not text:
            continue
        texts.append(text)
        seen += len(text)
        if seen >= options.date_window_chars:
            break
    return tuple(texts)


# <time> elements and elements with itemprop datePublished/dateCreated, in page order: one
# walk of the tree (XPaths with a test on every element cost ~2.5 ms a page on wcxb-dev).
_TIME_MARKS = etree.XPath("//time | //@itemprop[.='datePublished' or .='dateCreated']/parent::*")


def _time_elements(tree) -> list[str]:
    """`<time datetime>` marked as the publication (pubdate, itemprop, a 'publish' or 'posted'
    class) or any itemprop=datePublished's content; else the first forum question's
    <time itemprop=dateCreated> (QAPage microdata, Stack Exchange: the question, then its
    answers); else the only <time> inside the one <article>."""
    elements = _TIME_MARKS(tree)
    published: list[str] = []
    created: list[str] = []
    for element in elements:
        itemprop = element.get("itemprop")
        if element.tag == "time":
            marks = element.get("class") or ""
            if itemprop == "dateCreated" and element.get("datetime") is not None:
                created.append(element.get("datetime"))
            if not (element.get("pubdate") is not None or itemprop == "datePublished" or "publish" in marks or "posted" in marks):
                continue
        elif itemprop != "datePublished":
            continue
        # In the element's own attribute order, as an XPath union of its attributes gives them.
        published.extend(v for k, v in element.attrib.items() if k == "datetime" or (k == "content" and itemprop == "datePublished"))
    if published or created:
        return published or created[:1]
    if any(element.tag == "time" for element in elements):
        articles = tree.findall(".//article")
        if len(articles) == 1:
            times = articles[0].xpath(".//time/@datetime")
            if len(times) == 1:
                return [str(times[0])]
    return []


def _url_date(url: str | None) -> str | None:
    if not url:
        return None
    match = _URL_DATE.search(urlsplit(url).path)
    return "-".join(match.groups()) if match else None


def _day(value: str | None, today: dt.date) -> str | None:
    """The ISO day a date string names; None for no date, an impossible one, or one in the future."""
    if not value:
        return None
    match = _ISO.search(value)
    if not match:
        found = find_date(value)
    else:
        try:
            found = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            found = None
    if found is None or found > today or found.year < 1990:
        return None
    return found.isoformat()


def _tags(tree, meta, linked: LinkedData) -> tuple[str, ...]:
    """article:tag metas, else JSON-LD keywords, else the page's tag links (href .../tag/...)."""
    tags = list(meta.get("article:tag", []))
    keywords = _ld_text(linked.articles, "keywords")
    if not tags and keywords:
        tags = [k.strip() for k in keywords.split(",")]
    if not tags:
        links = [a for a in tree.iter("a") if _is_tag_link(a)]
        tags = [clean_text(" ".join(a.itertext())) for a in links[:40]]
    seen: list[str] = []
    for tag in tags:
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen[:20])


def _is_tag_link(link) -> bool:
    """rel=tag or an href to a tag page (a loop over the links: 0.5 ms a page, the XPath 0.75)."""
    href = link.get("href") or ""
    return link.get("rel") == "tag" or "/tag/" in href or "/tags/" in href
