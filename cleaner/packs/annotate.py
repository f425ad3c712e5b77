"""Apply rule packs: pick the site pack (domain, else fingerprints), then decide blocks by rules."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from urllib.parse import urlsplit

from cleaner.model import Block, Decision, Document, rule_reason
from cleaner.packs.rules import MAX_MATCH_CHARS, Rule, RuleSet, SitePack, normalize


def match_site(doc: Document) -> Document:
    rules: RuleSet = doc.rules
    if not rules.sites:
        return doc
    host = _host(doc.page.url)
    if host:
        for site in rules.sites:
            if site.matches_url(host):
                return replace(doc, site=site)
    folded = {normalize(b.text) for b in doc.blocks}
    best: tuple[int, str, SitePack | None] = (0, "", None)
    for site in rules.sites:
        hits = site.fingerprint_hits(folded)
        if hits >= site.min_fingerprints and (hits, site.pack) > best[:2]:
            best = (hits, site.pack, site)
    return replace(doc, site=best[2]) if best[2] else doc


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""


def annotate(doc: Document) -> Document:
    """Decide every block that a rule names; the site pack's rules are tried before generic ones."""
    # A rule file's `inputs` names the blocks it was written for: `html`, trafilatura's blocks;
    # `text`, the lines of a dump (an HTML page read whole is read as a dump).
    matcher = _matcher(doc.rules, doc.site, "html" if doc.reading == "blocks" else "text")
    return doc.with_blocks([_annotate_block(block, matcher) for block in doc.blocks])


class Matcher:
    """The rules for one input kind and site, with cheap pre-filters in front of them.

    Trying every rule on every block was most of a text dump's cleaning time. An exact phrase
    is a dict lookup; all prefixes, and all patterns, are each one combined regex that says
    whether any of them can match. Only then are the rules tried one by one, in priority
    order, so the outcome is exactly that of trying them all.
    """

    def __init__(self, rules: list[Rule]):
        self.order = {rule.id: n for n, rule in enumerate(rules)}
        self.exact: dict[str, list[Rule]] = {}
        for rule in rules:
            for phrase in rule.exact:
                self.exact.setdefault(phrase, []).append(rule)
        self.prefix_rules = [r for r in rules if r.prefix]
        self.pattern_rules = [r for r in rules if r.pattern is not None]
        self.prefix_filter = _combine("^(?:" + "|".join(re.escape(p) for r in self.prefix_rules for p in r.prefix) + ")") if self.prefix_rules else None
        # Most patterns name short lines: a block longer than a rule's max_words is not tried
        # against its pattern at all. One tier per distinct limit holds the patterns that allow
        # at least that many words, so a long paragraph is searched for the few that allow it.
        self.tier_limits = sorted({r.max_words for r in self.pattern_rules})
        self.tiers = [_PatternFilter([r for r in self.pattern_rules if r.max_words >= limit]) for limit in self.tier_limits]

    def matching(self, text: str, folded: str, words: int) -> list[Rule]:
        candidates = list(self.exact.get(folded, ()))
        if self.prefix_rules and (self.prefix_filter is None or self.prefix_filter.search(folded)):
            candidates += self.prefix_rules
        tier = bisect.bisect_left(self.tier_limits, words)
        if tier < len(self.tiers) and self.tiers[tier].may_match(text[:MAX_MATCH_CHARS]):
            candidates += self.tiers[tier].rules
        unique = {rule.id: rule for rule in candidates}.values()
        return sorted((r for r in unique if r.matches(text, folded, words)), key=lambda r: self.order[r.id])


class _PatternFilter:
    """Whether any of some pattern rules can match: anchored patterns tried at the start of
    the block only (re.match), the others anywhere (one search over all of them together)."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        sources = [p for r in rules for p in r.pattern_sources]
        self.anchored = _combine("|".join(f"(?:{p[1:]})" for p in sources if p.startswith("^")))
        self.floating = _combine("|".join(f"(?:{p})" for p in sources if not p.startswith("^")))

    def may_match(self, head: str) -> bool:
        if self.anchored is None or self.floating is None:
            return True  # could not combine them: try every rule
        return bool(self.anchored.match(head) or self.floating.search(head))


_NEVER = re.compile(r"(?!)")


def _combine(pattern: str) -> re.Pattern[str] | None:
    """One regex for many; None (no pre-filter: try each rule) where they cannot be combined."""
    if not pattern:
        return _NEVER
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None


_MATCHERS: dict[tuple[int, str, str], tuple[RuleSet, Matcher]] = {}


def _matcher(rules: RuleSet, site: SitePack | None, input_format: str) -> Matcher:
    key = (id(rules), site.pack if site else "", input_format)
    cached = _MATCHERS.get(key)
    if cached is None or cached[0] is not rules:
        ordered = [r for r in (site.rules if site else ()) + rules.generic if r.applies_to(input_format)]
        cached = _MATCHERS[key] = (rules, Matcher(ordered))
    return cached[1]


def _annotate_block(block: Block, matcher: Matcher) -> Block:
    folded = normalize(block.text)
    words = len(block.text.split())
    matched = matcher.matching(block.text, folded, words)
    if not matched:
        return block
    first = matched[0]
    decision = Decision(first.action, first.category, rule_reason(first.id))  # type: ignore[arg-type]
    features = {**block.features, "boundary": 1.0} if first.boundary else block.features
    return block.decide(decision, first.role).evolve(matched=tuple(r.id for r in matched), features=features)
