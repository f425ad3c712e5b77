"""The whole HTML page as text blocks in page order, each with DOM, text and page features.

A block is the text a block-level element holds directly (a paragraph, heading, list item, table
row, pre, caption, or the loose text of a div-like container between its child blocks). Inline
elements run into their block; <br> is a line break inside it. What a browser never shows
(scripts, styles, the head, form controls) is left out; hidden elements are kept but marked,
so the model decides about them too.

Features (`FEATURE_NAMES`, one float each):
- the block's own element: tag group, depth, class/id concepts (nav, footer, comment, ...) of the
  element and of any ancestor, ancestor tags (article, main, nav, li, table, ...), repeated
  sibling structure (how many siblings share the element's tag+class: cards, posts, rows);
- its text (`cleaner.features.measure_block`: words, stopword density in the page's language,
  punctuation, capitals, digits, dates ...) and link density;
- context: the previous and next blocks' main features, and sums over the blocks sharing the
  element's parent and grandparent (a post, a card, a section);

trafilatura's verdict (is the block in its fast-mode output, by shingles) was a feature: 5-fold
CV on wcxb-train gave bag-of-words F1 0.848 with it, 0.845 without, for 27 ms a page (its fast
mode alone is 60% of its default extraction): it does not pay for its time, and is left out.
- page: words, blocks, link share, and page-type hints from
  schema.org types, og:type and URL words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

import ahocorasick
from lxml import etree

from cleaner.html.innertext import BLOCK_TAGS, CELL_TAGS, HIDDEN_STYLE, NOT_SHOWN
from cleaner.model import Block
from cleaner.options import Options
from cleaner.select.features import measure_page_block
from cleaner.text.segment import tidy

# What the innertext renderer leaves out, and form controls' text too; what starts a block there,
# and a <p> too (the renderer sets a paragraph off with a blank line instead).
_NOT_SHOWN = NOT_SHOWN | {"option", "button"}
# Elements a button never holds by the HTML standard. libxml2, unlike a browser, does not close a
# button's open divs at </button>: on a page with `<button><div></button>` the rest of the body
# ends up inside the button (Dotdash Meredith's sites: the article under a menu button). A button
# that holds any of these is read as the container it has become.
_NOT_IN_BUTTONS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "article", "section", "main",
                   "header", "footer", "nav", "aside", "form", "blockquote", "figure", "pre")
_BOUNDARY = BLOCK_TAGS | {"p"}
_CELLS = CELL_TAGS
_BREAK = "\u2028"  # what a <br> adds to a block's text (source line breaks become spaces)
_SPLIT = re.compile(r"[^a-z0-9]+")

# Tag groups of the block's own element (one-hot).
_TAG_GROUPS = TAG_GROUP = {
    "p": "p", "h1": "h1", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
    "li": "li", "dd": "li", "dt": "li", "tr": "row", "td": "row", "th": "row",
    "pre": "pre", "blockquote": "quote", "figcaption": "caption", "caption": "caption",
}
TAG_GROUPS = ("p", "h1", "h", "li", "row", "pre", "quote", "caption", "div")

# Ancestor tags worth a flag of their own.
ANCESTOR_TAGS = ("article", "main", "nav", "footer", "header", "aside", "form", "li", "table",
                 "blockquote", "pre", "figure", "a", "section", "dl", "h")

# Class/id concepts: a token (class and id split on non-alphanumerics) carries a concept when it
# contains one of these words; `_EXACT` words only as whole tokens.
CONCEPTS = {
    "nav": ("nav", "menu", "breadcrumb", "pagination", "pager", "toolbar", "skip"),
    "footer": ("footer", "copyright", "legal", "bottom"),
    "header": ("header", "masthead", "topbar", "banner"),
    "comment": ("comment", "disqus", "respond"),
    "share": ("share", "social", "sharing", "follow", "facebook", "twitter", "print", "email"),
    "related": ("related", "recommend", "popular", "trending", "recirc", "readnext", "more", "also", "next", "prev"),
    "sidebar": ("sidebar", "aside", "widget", "rail"),
    "content": ("content", "article", "post", "entry", "body", "text", "story", "main", "prose", "rich"),
    "meta": ("meta", "byline", "author", "date", "time", "tag", "categor"),
    "modal": ("modal", "popup", "cookie", "consent", "newsletter", "subscri", "signup", "overlay", "gdpr", "login"),
    "title": ("title", "headline", "heading"),
    "product": ("product", "price", "descr", "spec", "detail", "feature", "sku", "cart", "buy"),
    "card": ("card", "item", "teaser", "tile", "grid", "list", "feed"),
    "code": ("code", "highlight", "syntax", "example", "snippet"),
    "forum": ("forum", "message", "thread", "answer", "question", "topic", "reply", "postbody", "discussion"),
    "hidden": ("hidden", "hide", "sronly", "visually", "screenreader", "offscreen", "collapse", "dropdown"),
}
_EXACT = {"ad": "ad", "ads": "ad", "adv": "ad", "advert": "ad", "advertisement": "ad", "advertising": "ad",
          "adsbygoogle": "ad", "dfp": "ad", "sponsor": "ad", "sponsored": "ad", "promo": "ad", "promoted": "ad",
          "sr": "hidden", "only": "hidden"}
CONCEPT_NAMES = tuple(CONCEPTS) + ("ad",)
_CONCEPT_BIT = CONCEPT_BIT = {name: 1 << n for n, name in enumerate(CONCEPT_NAMES)}

# Page-type hints: schema.org @type values, og:type, and URL path words.
_LD_TYPES = {
    "product": ("product", "offer", "aggregateoffer"),
    "forum": ("discussionforumposting", "qapage", "question", "answer", "comment", "socialmediaposting"),
    "article": ("article", "newsarticle", "blogposting", "report", "techarticle"),
    "listing": ("itemlist", "collectionpage", "searchresultspage", "breadcrumblist"),
    "service": ("organization", "localbusiness", "service", "webpage", "faqpage", "howto"),
}
_LD_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"([A-Za-z]+)"')
_URL_WORDS = {
    "forum": ("forum", "thread", "topic", "questions", "community", "discussion", "board", "viewtopic", "t/"),
    "product": ("product", "shop", "store", "item", "/p/", "dp/"),
    "docs": ("docs", "documentation", "api", "reference", "manual", "guide", "wiki", "learn"),
    "listing": ("category", "categories", "tag/", "tags", "collections", "archive", "search", "list", "events"),
    "article": ("blog", "news", "article", "story", "20"),
}

_CONTEXT = ("log_words", "link_density", "stopword_density", "punct_rate", "ends_sentence", "tag_p", "tag_h", "tag_li")


def concept_bits(element: etree._Element) -> int:
    """Concepts of the element's class and id: each split on non-alphanumerics, and each word
    also with its hyphens and underscores taken out ('sr-only' gives 'sr', 'only', 'sronly')."""
    marks = element.get("class"), element.get("id")
    if marks[0] is None and marks[1] is None:
        return 0
    bits = _MARK_BITS.get(marks)
    if bits is None:
        bits = _mark_bits(f"{marks[0] or ''} {marks[1] or ''}".lower())
        if len(_MARK_BITS) < 100_000:
            _MARK_BITS[marks] = bits
    return bits


_MARK_BITS: dict[tuple[str | None, str | None], int] = {}


def _mark_bits(lowered: str) -> int:
    """The concepts of the tokens of `lowered` (split on non-alphanumerics, and split on spaces
    with hyphens and underscores taken out). Every concept word is lower-case letters only, so a
    word inside some token is a word found in `lowered` itself or in `lowered` without its
    hyphens and underscores: one Aho-Corasick pass over each finds them all, overlapping ones
    too (tests/test_pageblocks_speed.py holds this to the token-by-token reading)."""
    joined = lowered.replace("-", "").replace("_", "")
    bits = 0
    for _, concept in _CONCEPT_WORDS.iter(f"{lowered} {joined}"):
        bits |= concept
    for token in _EXACT.keys() & (set(_SPLIT.split(lowered)) | set(joined.split())):
        bits |= _CONCEPT_BIT[_EXACT[token]]
    return bits


def _concept_words() -> ahocorasick.Automaton:
    words: dict[str, int] = {}
    for name, concept_words in CONCEPTS.items():
        for word in concept_words:
            if not re.fullmatch("[a-z]+", word):
                raise ValueError(f"concept word {word!r}: only lower-case letters keep _mark_bits exact")
            words[word] = words.get(word, 0) | _CONCEPT_BIT[name]
    automaton = ahocorasick.Automaton()
    for word, bits in words.items():
        automaton.add_word(word, bits)
    automaton.make_automaton()
    return automaton


_CONCEPT_WORDS = _concept_words()


@dataclass(slots=True)
class _Frame:
    element: etree._Element
    tag: str
    parent: _Frame | None
    depth: int
    own_bits: int
    bits: int  # own and every ancestor's
    tags: int  # bitmask over ANCESTOR_TAGS, own included
    hidden: bool
    repeat: int  # siblings (self included) sharing this element's tag and class
    max_repeat: int  # largest `repeat` along the ancestor chain
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0


@dataclass(slots=True)
class PageBlock:
    text: str
    frame: _Frame
    link_chars: int
    index: int = 0
    features: dict[str, float] = field(default_factory=dict)


_ANCESTOR_BIT = ANCESTOR_BIT = {tag: 1 << n for n, tag in enumerate(ANCESTOR_TAGS)}
for _h in ("h1", "h2", "h3", "h4", "h5", "h6"):
    _ANCESTOR_BIT[_h] = _ANCESTOR_BIT["h"]
_LINK_BIT = _ANCESTOR_BIT["a"]


def _is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style) and HIDDEN_STYLE.search(style) is not None


def _repeat(element: etree._Element, cache: dict) -> int:
    parent = element.getparent()
    if parent is None or len(parent) == 1:  # an only child (a fifth of all frames): no count needed
        return 1
    counts = cache.get(parent)
    if counts is None:
        counts = Counter((c.tag, c.get("class")) for c in parent if isinstance(c.tag, str))
        cache[parent] = counts
    return counts[(element.tag, element.get("class"))]


def _holds_the_page(button: etree._Element) -> bool:
    return len(button) > 0 and next(button.iter(*_NOT_IN_BUTTONS), None) is not None


def segment_page(tree: etree._Element, max_chars: int = 20_000) -> list[PageBlock]:
    """Every visible text block of the page's body, in page order."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    blocks: list[PageBlock] = []
    repeat_cache: dict = {}
    frames: list[_Frame] = []
    links = preformatted = 0

    def flush(frame: _Frame) -> None:
        if frame.parts:
            text = "".join(frame.parts)
            if _BREAK in text or "\n" in text:  # <br>, or a line of preformatted text
                text = "\n".join(t for t in (tidy(line) for line in text.replace(_BREAK, "\n").split("\n")) if t)
            else:
                text = tidy(text)
            if text:
                blocks.append(PageBlock(text=text[:max_chars], frame=frame, link_chars=frame.link_chars))
            frame.parts = []
            frame.link_chars = 0

    def add(text: str | None) -> None:
        if text and frames:
            if "\n" in text and not preformatted:
                text = text.replace("\r\n", " ").replace("\n", " ")  # source line breaks are spaces
            frame = frames[-1]
            frame.parts.append(text)
            if links:
                frame.link_chars += len(text.strip())

    # The loop runs twice per element of the page: text is added only where there is some, and
    # what the end of an element needs is kept with it when it starts (its tag among it).
    walker = etree.iterwalk(root, events=("start", "end"))
    opened: list[tuple[etree._Element, bool, bool, str]] = []  # (element, is a frame, is a link, tag)
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if not isinstance(tag, str):
                walker.skip_subtree()
                if element.tail:
                    add(element.tail)  # a comment's tail is text of the block around it
                continue
            if tag in _NOT_SHOWN and not (tag == "button" and _holds_the_page(element)):
                walker.skip_subtree()
                continue
            tag = tag.lower()
            boundary = tag in _BOUNDARY or (tag in _CELLS and any(
                isinstance(c.tag, str) and c.tag in _BOUNDARY for c in element))
            is_link = tag == "a"
            if boundary:
                parent = frames[-1] if frames else None
                own = concept_bits(element)
                repeat = _repeat(element, repeat_cache)
                if parent is not None:
                    if parent.parts:
                        flush(parent)
                    frames.append(_Frame(
                        element, tag, parent, len(frames), own, own | parent.bits,
                        _ANCESTOR_BIT.get(tag, 0) | parent.tags | (_LINK_BIT if links else 0),
                        parent.hidden or _is_hidden(element), repeat, max(repeat, parent.max_repeat), [],
                    ))
                else:
                    frames.append(_Frame(
                        element, tag, None, 0, own, own, _ANCESTOR_BIT.get(tag, 0) | (_LINK_BIT if links else 0),
                        _is_hidden(element), repeat, max(repeat, 1), [],
                    ))
            elif tag == "br":
                add(_BREAK)
            elif tag in _CELLS:
                add("\t")
            elif frames and not frames[-1].hidden and _is_hidden(element):
                walker.skip_subtree()  # a hidden inline element inside visible text
                if element.tail:
                    add(element.tail)
                continue
            opened.append((element, boundary, is_link, tag))
            if is_link:
                links += 1
            if tag == "pre":
                preformatted += 1
            if element.text:
                add(element.text)
        else:
            if not opened or opened[-1][0] is not element:
                continue
            _, boundary, is_link, tag = opened.pop()
            if is_link:
                links -= 1
            if tag == "pre":
                preformatted -= 1
            if boundary:
                frame = frames.pop()
                if frame.parts:
                    flush(frame)
            elif tag in _CELLS:
                add("\t")
            if element.tail:
                add(element.tail)
    for index, block in enumerate(blocks):
        block.index = index
    return blocks


def element_path(frame: _Frame, known: dict[int, str] | None = None) -> str:
    """Where the block's element is, for `cleaner explain`: 'body/div.main/p'; a class shows its first word.
    `known` keeps the paths made so far, by frame id, for a page whose frames are all alive: its
    blocks share ancestors, and each ancestor's path is then made once."""
    known = {} if known is None else known
    chain = []
    while frame is not None and id(frame) not in known:
        chain.append(frame)
        frame = frame.parent
    path = known[id(frame)] if frame is not None else ""
    for frame in reversed(chain):
        first = (frame.element.get("class") or "").split()
        part = f"{frame.tag}.{first[0]}" if first else frame.tag
        path = f"{path}/{part}" if path else part
        known[id(frame)] = path
    return path


# --- features -------------------------------------------------------------------------------


def _base_names() -> tuple[str, ...]:
    text = ("words", "log_words", "stopword_density", "title_case", "upper_share", "ends_sentence", "digit_share",
            "date_share", "repeats", "has_separator", "comma_list", "glued", "relative_time", "comment_header",
            "punct_rate", "clock_stamp", "avg_word_len", "lines")
    dom = ("depth", "link_density", "all_link", "hidden", "repeat", "log_max_repeat", "position", "char_position",
)
    return (text + dom + tuple(f"tag_{g}" for g in TAG_GROUPS) + tuple(f"in_{t}" for t in ANCESTOR_TAGS)
            + tuple(f"own_{c}" for c in CONCEPT_NAMES) + tuple(f"anc_{c}" for c in CONCEPT_NAMES))


BASE_NAMES = _base_names()
_SCALAR_NAMES = BASE_NAMES[: BASE_NAMES.index(f"tag_{TAG_GROUPS[0]}")]
_DOM_VECTORS: dict[tuple[str, int, int, int], list[float]] = {}


def _dom_vector(frame: _Frame) -> list[float]:
    """Tag group, ancestor tags, own and inherited class/id concepts as 0/1 (cached by value)."""
    key = (_TAG_GROUPS.get(frame.tag, "div"), frame.tags, frame.own_bits, frame.bits)
    vector = _DOM_VECTORS.get(key)
    if vector is None:
        vector = ([float(g == key[0]) for g in TAG_GROUPS]
                  + [float(bool(frame.tags & _ANCESTOR_BIT[t])) for t in ANCESTOR_TAGS]
                  + [float(bool(frame.own_bits & _CONCEPT_BIT[c])) for c in CONCEPT_NAMES]
                  + [float(bool(frame.bits & _CONCEPT_BIT[c])) for c in CONCEPT_NAMES])
        if len(_DOM_VECTORS) < 100_000:
            _DOM_VECTORS[key] = vector
    return vector
_GROUP_NAMES = ("words", "blocks", "link_density", "stopword_density", "punct_rate")
PAGE_NAMES = ("page_log_words", "page_log_blocks", "page_link_share", "page_articles", "page_repeat_share", "page_content_share", "page_comment_share") + tuple(
    f"ld_{t}" for t in _LD_TYPES) + ("og_article", "og_product") + tuple(f"url_{t}" for t in _URL_WORDS)
FEATURE_NAMES = (BASE_NAMES
                 + tuple(f"prev_{n}" for n in _CONTEXT) + tuple(f"next_{n}" for n in _CONTEXT)
                 + tuple(f"prev2_{n}" for n in _CONTEXT[:3]) + tuple(f"next2_{n}" for n in _CONTEXT[:3])
                 + tuple(f"parent_{n}" for n in _GROUP_NAMES) + tuple(f"grand_{n}" for n in _GROUP_NAMES)
                 + PAGE_NAMES)


_TOKEN = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased `\\w+` tokens, as the bag-of-words metric counts them."""
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True, slots=True)
class Reference:
    """A text to look blocks up in: its 4-word shingles, and its tokens joined for short runs."""

    shingles: frozenset[tuple[str, ...]]
    joined: str
    size: int

    @classmethod
    def of(cls, text: str) -> Reference:
        tokens = words(text)
        return cls(frozenset(zip(tokens, tokens[1:], tokens[2:], tokens[3:])), f" {' '.join(tokens)} ", len(tokens))

    def share(self, tokens: list[str]) -> float:
        """The share of the block's 4-word shingles found in the text; a block under four words
        counts as found (1.0) when its whole token run occurs there."""
        if len(tokens) >= 4:
            found = sum(s in self.shingles for s in zip(tokens, tokens[1:], tokens[2:], tokens[3:]))
            return found / (len(tokens) - 3)
        return 1.0 if tokens and f" {' '.join(tokens)} " in self.joined else 0.0


def page_features(tree: etree._Element, blocks: list[PageBlock], url: str | None,
                  stops: frozenset[str], options: Options) -> list[list[float]]:
    """One row of `FEATURE_NAMES` per block (the text features' bounds are the options', as the
    model was trained with them)."""
    counts = Counter(b.text.casefold() for b in blocks)
    total_chars = sum(len(b.text) for b in blocks) or 1
    n = len(blocks) or 1
    rows: list[dict[str, float]] = []
    seen_chars = 0
    for block in blocks:
        frame = block.frame
        probe = Block(index=block.index, text=block.text)
        f = measure_page_block(probe, stops, counts[block.text.casefold()] - 1, options)
        del f["gap_before"]
        count = f["words"]
        f["punct_rate"] = f.pop("punctuation_marks") / max(1.0, count)
        f["avg_word_len"] = len(block.text) / max(1.0, count)
        f["lines"] = float(block.text.count("\n") + 1)
        f["depth"] = float(frame.depth)
        f["link_density"] = block.link_chars / max(1, len(block.text))
        f["all_link"] = 1.0 if block.link_chars >= 0.9 * len(block.text) else 0.0
        f["hidden"] = 1.0 if frame.hidden else 0.0
        f["repeat"] = math.log(frame.repeat)
        f["log_max_repeat"] = math.log(frame.max_repeat)
        f["position"] = block.index / n
        f["char_position"] = seen_chars / total_chars
        seen_chars += len(block.text)
        group = _TAG_GROUPS.get(frame.tag, "div")
        f["tag_p"], f["tag_h"], f["tag_li"] = float(group == "p"), float(group == "h"), float(group == "li")
        f["anc_content"] = float(bool(frame.bits & _CONCEPT_BIT["content"]))
        f["anc_talk"] = float(bool(frame.bits & (_CONCEPT_BIT["comment"] | _CONCEPT_BIT["forum"])))
        block.features = f
        rows.append(f)
    page = _page_level(tree, blocks, rows, url)
    groups = (_group_sums(blocks, rows, 1), _group_sums(blocks, rows, 2))
    empty = dict.fromkeys(_CONTEXT, 0.0)
    # itemgetter picks a row's values in C: a list comprehension per name group cost more.
    scalars, context, near = itemgetter(*_SCALAR_NAMES), itemgetter(*_CONTEXT), itemgetter(*_CONTEXT[:3])
    out: list[list[float]] = []
    for i, f in enumerate(rows):
        prev = rows[i - 1] if i > 0 else empty
        nxt = rows[i + 1] if i + 1 < len(rows) else empty
        prev2 = rows[i - 2] if i > 1 else empty
        nxt2 = rows[i + 2] if i + 2 < len(rows) else empty
        out.append([
            *scalars(f), *_dom_vector(blocks[i].frame), *context(prev), *context(nxt), *near(prev2), *near(nxt2),
            *groups[0][i], *groups[1][i], *page,
        ])
    return out


def _group_sums(blocks: list[PageBlock], rows: list[dict[str, float]], up: int) -> list[list[float]]:
    """Per block: words, blocks, link density, stopword density and punctuation rate of all the
    blocks under the block element's ancestor `up` levels up (word-weighted)."""
    keys = []
    for block in blocks:
        frame = block.frame
        for _ in range(up):
            frame = frame.parent if frame.parent is not None else frame
        keys.append(id(frame.element))
    sums: dict[int, list[float]] = {}
    for key, f in zip(keys, rows):
        s = sums.setdefault(key, [0.0, 0.0, 0.0, 0.0, 0.0])
        w = f["words"]
        s[0] += w
        s[1] += 1
        s[2] += f["link_density"] * w
        s[3] += f["stopword_density"] * w
        s[4] += f["punct_rate"] * w
    out = []
    for key in keys:
        s = sums[key]
        w = max(1.0, s[0])
        out.append([math.log1p(s[0]), math.log1p(s[1]), s[2] / w, s[3] / w, s[4] / w])
    return out


def declared_types(tree) -> tuple[set[str], str]:
    """The schema.org @types of the page's JSON-LD (lower-case) and its og:type."""
    ld_types: set[str] = set()
    og = ""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            ld_types.update(t.lower() for t in _LD_TYPE.findall(script.text))
    for meta in tree.iter("meta"):
        if meta.get("property") == "og:type":
            og = (meta.get("content") or "").lower()
            break
    return ld_types, og


def _page_level(tree, blocks, rows, url) -> list[float]:
    total = sum(f["words"] for f in rows) or 1.0
    ld_types, og = declared_types(tree)
    path = (url or "").lower().split("://", 1)[-1]
    path = path.split("/", 1)[1] if "/" in path else ""
    out = [
        math.log1p(total), math.log1p(len(blocks)),
        sum(f["link_density"] * f["words"] for f in rows) / total,
        math.log1p(sum(1 for _ in tree.iter("article"))),
        sum(f["words"] for f in rows if f["log_max_repeat"] >= math.log(3)) / total,
        sum(f["words"] for f in rows if f["anc_content"]) / total,
        sum(f["words"] for f in rows if f["anc_talk"]) / total,
    ]
    out += [1.0 if ld_types.intersection(names) else 0.0 for names in _LD_TYPES.values()]
    out += [1.0 if "article" in og else 0.0, 1.0 if "product" in og else 0.0]
    out += [1.0 if any(w in path for w in words_) else 0.0 for words_ in _URL_WORDS.values()]
    return out

