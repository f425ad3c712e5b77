"""A parsed HTML page as the text a browser shows, line by line: what `innerText` gives.

When trafilatura finds little on a page (a product, listing or forum page more often than an
article), cleaner reads the whole page the way it reads a text dump. This renders the tree into
such a dump: block elements on lines of their own, a paragraph set off by a blank line, table
cells separated by tabs, inline elements running together, and what a browser does not show
(scripts, styles, hidden elements, the head) left out. No CSS is applied beyond inline styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

# Elements a browser does not render as text (media fallbacks and form controls too). Void
# elements (img, input, meta) are not among them: a broken page makes libxml2 nest the text that
# follows them inside them.
NOT_SHOWN = frozenset(
    "head script style template svg iframe object canvas audio video select datalist "
    "map textarea title noembed".split()
)
# display:block (or list-item, table parts) in the browser's default style sheet.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li listing "
    "main menu nav ol pre section summary ul table caption thead tbody tfoot tr noscript".split()
)
CELL_TAGS = frozenset(("td", "th"))
# Page furniture: never the story, whatever its lines read like. Not 'widget' (Blogger's post
# is a 'widget Blog') nor 'menu' (a broken page leaves its mobile menu open around the story);
# not <header> (an article's header holds its title) nor <form> (ASP.NET wraps the body in one).
_FURNITURE_TAGS = frozenset(("nav", "footer", "aside"))
_FURNITURE_WORDS = frozenset(
    "nav navbar navigation footer sidebar breadcrumb breadcrumbs comment comments commentlist "
    "related share sharing social newsletter cookie cookies".split()
)
_FURNITURE_MAX_SHARE = 0.5
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True, slots=True)
class Rendering:
    text: str
    furniture: frozenset[int]  # numbers (from 1) of the lines whose every word sits in page furniture


def render(tree: etree._Element) -> Rendering:
    """The page's visible text, one block to a line, blank lines where paragraphs part."""
    body = tree.find(".//body")
    parts: list[str | int] = []  # text, or how many line breaks a block boundary asks for
    flagged: set[int] = set()  # which parts are text inside page furniture
    opened: list[tuple[etree._Element, bool, bool]] = []  # shown elements: (element, pre, furniture)
    preformatted = furniture = 0
    root = body if body is not None else tree
    # Broken markup can leave a menu's element open around the whole page: furniture holds
    # less than this share of the page's text.
    furniture_limit = _FURNITURE_MAX_SHARE * len(root.text_content())
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if not tag or tag in NOT_SHOWN or _hidden(element):
                walker.skip_subtree()
                continue
            opened.append((element, tag == "pre", _is_furniture(element, tag, furniture_limit)))
            preformatted += opened[-1][1]
            furniture += opened[-1][2]
            _open(parts, tag)
            text = element.text
        else:
            if opened and opened[-1][0] is element:  # a skipped element ends without being opened
                _, pre, marked = opened.pop()
                preformatted -= pre
                furniture -= marked
                _close(parts, tag)
            text = element.tail
        if text:
            if furniture:
                flagged.add(len(parts))
            parts.append(_flow(text, preformatted))
    return _join(parts, flagged)


def _is_furniture(element: etree._Element, tag: str, limit: float) -> bool:
    """Navigation, footers, sidebars, share bars and comment threads, by tag or by a whole
    word of their class or id ('comment-list', 'sidebar'; not 'js-replyNewMessageContainer')."""
    if tag not in _FURNITURE_TAGS:
        if _FURNITURE_WORDS.isdisjoint(mark_words(element)):
            return False
    return len(element.text_content()) <= limit


def _hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style) and HIDDEN_STYLE.search(style) is not None


def _open(parts: list[str | int], tag: str) -> None:
    if tag == "p":
        parts.append(2)
    elif tag in BLOCK_TAGS:
        parts.append(1)
    elif tag in CELL_TAGS and parts and parts[-1] != 1:
        parts.append("\t")


def _close(parts: list[str | int], tag: str) -> None:
    if tag == "p":
        parts.append(2)
    elif tag in BLOCK_TAGS or tag == "br":
        parts.append(1)


def _flow(text: str, preformatted: int) -> str:
    return text if preformatted else _WHITESPACE.sub(" ", text)


def _join(parts: list[str | int], flagged: set[int]) -> Rendering:
    """Adjacent boundaries merge into the largest; none at either end. A line is furniture
    when every part of it with words is."""
    out: list[str] = []
    pending = 0
    line, line_flags = 1, []
    furniture: set[int] = set()
    for number, part in enumerate(parts):
        if isinstance(part, int):
            pending = max(pending, part)
        elif part.strip() or (part and not pending):
            if pending and out:
                if line_flags and all(line_flags):
                    furniture.add(line)
                out.append("\n" * pending)
                line, line_flags = line + pending, []
            pending = 0
            out.append(part)
            line += part.count("\n")  # preformatted text keeps its own line breaks
            if part.strip():
                line_flags.append(number in flagged)
    if line_flags and all(line_flags):
        furniture.add(line)
    return Rendering("".join(out), frozenset(furniture))


_MARK_WORDS = re.compile(r"[^a-z]+")


def mark_words(element) -> set[str]:
    """The whole words of an element's class and id, lower-case ('comment-list' gives 'comment'
    and 'list'; 'js-replyNewMessageContainer' gives no 'reply'): what page furniture and bylines
    are told by."""
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return set(_MARK_WORDS.split(marks)) - {""} if marks.strip() else set()
