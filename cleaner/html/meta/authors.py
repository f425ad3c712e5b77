"""Author names: from JSON-LD, meta tags, a labelled byline, or elements marked as bylines."""

from __future__ import annotations

import re
from functools import lru_cache, partial

from lxml import etree

from cleaner.html.innertext import mark_words
from cleaner.html.meta.linked import SITE_TYPES, LinkedData, types
from cleaner.html.meta.page import Sourced, clean_text, first_of, fold
from cleaner.html.meta.title import names_site, site_words
from cleaner.options import Options
from cleaner.text.names import byline_names

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


def read_authors(tree, meta, linked: LinkedData, byline, site, options: Options) -> Sourced:
    # The declared site name only: a personal site's host is often its author's name
    # (saraharberson.com), and that person's name is no site name.
    site_names = site_words(site, None)
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
            return Sourced(names, source)
    return Sourced((), "meta-tag")


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
        label = first_of(meta, f"twitter:label{n}") or ""
        if re.search(r"written|author|autor|auteur|verfasst|geschrieben", label, re.I) and first_of(meta, f"twitter:data{n}"):
            found.append(first_of(meta, f"twitter:data{n}"))
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
                    if not types(item) & SITE_TYPES:  # an Organization signs no story
                        (people if "person" in types(item) else organisations).append(item["name"])
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


@lru_cache(maxsize=2 ** len(_MARK_PIECES))  # one per subset of the pieces: bounded
def _pieces_xpath(pieces: tuple[str, ...]) -> etree.XPath:
    """Elements with an attribute holding one of the pieces, in page order (compiled once per set)."""
    test = " or ".join(f"contains(., '{piece}')" for piece in pieces)
    return etree.XPath(f"//@*[{test}]/parent::*")


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
        for name in byline_names(value, _BY, _JOIN, " .,:;|-–—()[]\"'"):
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
    if refused and names_site(name, refused):
        return False
    return any(ch.isalpha() for ch in name)
