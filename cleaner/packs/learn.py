"""Learn a site's template lines from a folder of its pages, and write them as a site pack.

    read pages -> visible lines per page -> pages per line (once per page) -> lines on enough
    pages -> drop what a rule already names -> a pack in the rules/schema.json shape -> checked

A line is template when it is printed on many pages of one site: menus, footers, newsletter
boxes, "More News", teaser shells. Repetition is counted across pages, never within one: a
story that says the same phrase five times counts it once, so story text is never learned from
its own repeats. How many pages are enough is `Options.learn_min_share` and `learn_min_pages`.

HTML pages are segmented as a reader sees them (the text of every block element of the whole
page, not trafilatura's main text only), text dumps by their lines. Learning reads files; the
pack it writes is plain data that `cleaner rules check` validates like any other.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from cleaner.errors import CleanerError, InputError, UsageError
from cleaner.files import input_files
from cleaner.load import load
from cleaner.options import Options
from cleaner.packs.rules import (
    RuleSet,
    load_rules,
    normalize,
)
from cleaner.text.segment import segment_text, tidy
from cleaner.urls import host_of

# --- pages and their visible lines -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageLines:
    """One page as a list of visible lines, with what it says about its site."""

    name: str
    lines: tuple[str, ...]
    url: str | None = None
    site_name: str | None = None

    @property
    def host(self) -> str:
        return host_of(self.url)


def html_lines(document: str) -> list[str]:
    """The page's visible text, one line per block element: the renderer an HTML page read as a
    dump goes through (html/innertext.py), so learned lines are the lines cleaning will see."""
    from cleaner.html.parse import (
        parse_html,  # trafilatura loads with the first HTML page
    )

    root = parse_html(document)
    return [] if root is None else visible_lines(root)


def visible_lines(root) -> list[str]:
    from cleaner.html.innertext import render

    return [line for line in (tidy(raw) for raw in render(root).text.split("\n")) if line]


def site_hints(root) -> tuple[str | None, str | None]:
    """(url, site name) from the canonical link, og:url and og:site_name."""
    url = _first(root.xpath("//link[translate(@rel,'CANONICAL','canonical')='canonical']/@href"))
    url = url or _first(root.xpath("//meta[@property='og:url']/@content"))
    site = _first(root.xpath("//meta[@property='og:site_name']/@content"))
    return url, site


def _first(values: list) -> str | None:
    for value in values:
        value = tidy(str(value))
        if value:
            return value[:500]
    return None


def read_page(path: Path, name: str, options: Options, input_format: str = "auto") -> PageLines:
    """One file as visible lines; raises InputError for what cannot be read (binary, too large)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    page = load(data, None, input_format, options)
    if page.format == "html":
        from cleaner.html.parse import parse_html

        root = parse_html(page.text)
        if root is None:
            return PageLines(name=name, lines=())
        url, site = site_hints(root)
        return PageLines(name=name, lines=tuple(visible_lines(root)), url=url, site_name=site)
    return PageLines(name=name, lines=tuple(b.text for b in segment_text(page.text)))


def read_folder(root: Path, options: Options, input_format: str = "auto") -> tuple[list[PageLines], list[str]]:
    """The pages below a folder (at most `learn_max_pages`), and one warning per unreadable file."""
    pages: list[PageLines] = []
    warnings: list[str] = []
    for path in input_files(root)[: options.learn_max_pages]:
        try:
            pages.append(read_page(path, path.relative_to(root).as_posix(), options, input_format))
        except CleanerError as exc:
            warnings.append(f"{path}: skipped: {exc}")
    return pages, warnings


# --- template lines -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateLine:
    text: str  # the form most pages print
    folded: str  # cleaner.rules.normalize(text): what a rule compares
    pages: int  # on how many pages it appears (once per page however often it repeats there)
    words: int
    position: float  # mean relative position in its pages, for a pack that reads top to bottom
    outside_story: float = 0.0  # share of its pages where it stands before or after the page's own prose


def required_pages(total: int, words: int, options: Options) -> int:
    """How many pages must print a line for it to be template (see the Options notes)."""
    share = options.learn_prose_share if words > options.learn_prose_words else options.learn_min_share
    return max(options.learn_min_pages, math.ceil(share * total))


def find_template_lines(pages: list[PageLines], options: Options) -> list[TemplateLine]:
    """Lines printed on enough of the pages, in page order. Each page counts a line once."""
    folded_pages = [[(normalize(line), line) for line in page.lines] for page in pages]
    seen_on: Counter[str] = Counter()
    for folded_lines in folded_pages:
        seen_on.update({folded for folded, _ in folded_lines if len(folded) >= 2})
    forms: dict[str, Counter[str]] = {}
    positions: dict[str, list[float]] = {}
    outside: Counter[str] = Counter()
    for folded_lines in folded_pages:
        span = _story_span(folded_lines, seen_on, options)
        first_at: dict[str, int] = {}
        inside: set[str] = set()
        for number, (folded, line) in enumerate(folded_lines):
            if len(folded) >= 2:
                forms.setdefault(folded, Counter())[line] += 1
                first_at.setdefault(folded, number)
                if span is None or span[0] < number < span[1]:
                    inside.add(folded)
        for folded, number in first_at.items():
            positions.setdefault(folded, []).append(number / max(1, len(folded_lines)))
            # Outside only when every time the page prints it is: "Service" in the menu is also
            # the heading inside the story of the Service page (kubernetes.io).
            outside[folded] += folded not in inside
    found = []
    for folded, count in seen_on.items():
        text = min(forms[folded].items(), key=lambda item: (-item[1], item[0]))[0]
        words = len(text.split())
        if not _has_text(folded):
            continue
        if count >= required_pages(len(pages), words, options) and words <= options.learn_max_words:
            position = sum(positions[folded]) / len(positions[folded])
            found.append(TemplateLine(text, folded, count, words, round(position, 6), round(outside[folded] / count, 6)))
    return sorted(found, key=lambda t: (t.position, t.folded))


def _has_text(folded: str) -> bool:
    """A separator ("___", "* * *") is no template to learn: it carries no words, and the benchmark's
    metric counts "___" as a token, so dropping it only costs (sfgate.com: F1 1.000 -> 0.960)."""
    return any(c.isalnum() for c in folded)


def _story_span(folded_lines: list[tuple[str, str]], seen_on: Counter[str], options: Options) -> tuple[int, int] | None:
    """First and last of the page's own prose lines: sentences of some length no other page prints.

    A teaser's headline is printed on one page too, but it does not end like a sentence: counting
    it stretched the story over the links below it. Boundaries only outside this span: cutting at
    every template line not flanked by prose (a subheading, a code block) cost far more (htmltext
    dumps, 2-page domains: www.wday.ru F1 0.955 -> 0.610, against 0.972 this way).
    """
    own = [
        number for number, (folded, line) in enumerate(folded_lines)
        if seen_on[folded] == 1 and len(line.split()) >= options.content_min_words and line.rstrip().endswith(_SENTENCE_END)
    ]
    return (own[0], own[-1]) if own else None


def already_named(lines: list[TemplateLine], rules: RuleSet) -> tuple[list[TemplateLine], list[TemplateLine]]:
    """Split into (new, named): a line some rule already decides keeps that rule's category and role."""
    every = rules.all_rules()
    new, named = [], []
    for line in lines:
        (named if any(r.matches(line.text, line.folded, line.words) for r in every) else new).append(line)
    return new, named


# --- the pack -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Learned:
    pack: str
    name: str
    domains: tuple[str, ...]
    pages: int
    lines: tuple[TemplateLine, ...]  # the lines to drop
    named: int  # template lines left to the rules that already name them
    fingerprints: tuple[str, ...]
    min_fingerprints: int
    counter_examples: tuple[str, ...]
    boundary_share: float = 1.0


_DOMAIN = re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}$")
_SENTENCE_END = (".", "!", "?", '"', "”", "’")
_COUNTER_FALLBACK = "This sentence stands for the story text, which no learned template line may match."


def learn(
    pages: list[PageLines], options: Options, *, name: str | None = None, pack_prefix: str = "site", fallback_name: str = "learned site"
) -> Learned:
    """Find the template lines of one site's pages and what identifies the site."""
    if len(pages) < options.learn_min_pages:
        raise UsageError(f"{len(pages)} page(s): learning needs at least {options.learn_min_pages} pages of one site")
    lines = find_template_lines(pages, options)
    new, named = already_named(lines, load_rules(options.rule_dirs, True))
    domain = _majority(p.host for p in pages)
    domains = (domain,) if domain and _DOMAIN.match(domain) else ()
    site = name or _majority(p.site_name for p in pages if p.site_name) or (domains[0] if domains else None)
    site = site or fallback_name
    # Only site-specific lines: a line a generic rule names ("Newsletter") is on many sites, and
    # so is a one-word line ("Home"). Fewer than learn_min_fingerprints identify nothing: none.
    fingerprints = pick_fingerprints(new, len(pages), options)
    fingerprints = fingerprints if len(fingerprints) >= options.learn_min_fingerprints else ()
    return Learned(
        pack=pack_id(pack_prefix, domains[0] if domains else site),
        name=site,
        domains=domains,
        pages=len(pages),
        lines=tuple(new),
        named=len(named),
        fingerprints=fingerprints,
        min_fingerprints=options.learn_min_fingerprints,
        counter_examples=counter_examples(pages, {t.folded for t in lines}, options),
        boundary_share=options.learn_boundary_share,
    )


def _majority(values: Iterable[str]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def pick_fingerprints(lines: list[TemplateLine], total: int, options: Options) -> tuple[str, ...]:
    """Lines nearly every page prints, of a few words (one-word lines like "Home" are on every site)."""
    shortest = options.learn_fingerprint_min_chars
    usable = [
        t for t in lines
        if options.learn_fingerprint_min_words <= t.words <= options.learn_fingerprint_max_words and len(t.folded) >= shortest
    ]
    ranked = sorted(usable, key=lambda t: (-t.pages, -t.words, t.folded))
    return tuple(t.text for t in ranked[: options.learn_fingerprints])


def counter_examples(pages: list[PageLines], template: set[str], options: Options) -> tuple[str, ...]:
    """Real story lines: long lines printed on one page only, a few from each of the first pages."""
    seen_on: Counter[str] = Counter()
    for page in pages:
        seen_on.update({normalize(line) for line in page.lines})
    found: list[str] = []
    for page in pages:
        picked = 0
        for line in page.lines:
            folded = normalize(line)
            story_like = (
                options.learn_counter_min_words <= len(line.split())
                and len(line) <= options.learn_counter_max_chars
                and line.rstrip().endswith(_SENTENCE_END)
            )
            if seen_on[folded] == 1 and folded not in template and story_like:
                found.append(line)
                picked += 1
                if picked == options.learn_counter_per_page:
                    break
        if len(found) >= options.learn_counter_examples:
            break
    return tuple(found[: options.learn_counter_examples]) or (_COUNTER_FALLBACK,)


def pack_id(prefix: str, name: str) -> str:
    """`site.example.com` or `site.my-site`: the pack id pattern of rules/schema.json."""
    segments = []
    for segment in re.sub(r"[^a-z0-9.-]+", "-", name.lower()).split("."):
        segment = re.sub(r"-+", "-", segment).strip("-")
        if segment:
            segments.append(segment)
    return ".".join([prefix, *segments]) if segments else f"{prefix}.learned"
