"""Apply rule packs: pick the site pack (domain, else fingerprints), then decide blocks by rules."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

import ahocorasick

from cleaner.model import Block, Decision, Document, rule_reason
from cleaner.packs.literals import fold, required
from cleaner.packs.rules import MAX_MATCH_CHARS, Rule, RuleSet, SitePack, normalize
from cleaner.urls import host_of


def match_site(doc: Document) -> Document:
    rules: RuleSet = doc.rules
    if not rules.sites:
        return doc
    host = host_of(doc.page.url)
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


def annotate(doc: Document) -> Document:
    """Decide every block that a rule names; the site pack's rules are tried before generic ones."""
    # A rule file's `inputs` names the blocks it was written for: `html`, trafilatura's blocks;
    # `text`, the lines of a dump (an HTML page rendered whole is read as a dump; the block
    # model's blocks of a page are HTML elements).
    matcher = _matcher(doc.rules, doc.site, "text" if doc.reading == "dump" else "html")
    return doc.with_blocks([_annotate_block(block, matcher) for block in doc.blocks])


class Matcher:
    """The rules for one input kind and site, with cheap pre-filters in front of them.

    Trying every rule on every block was most of a text dump's cleaning time. An exact phrase
    is a dict lookup; the prefixes are one str.startswith; a pattern rule is tried only on a
    block no longer than its max_words whose head holds one of the literal words its pattern
    requires (literals.required), all of which one Aho-Corasick pass finds. Only then are the
    rules tried one by one, in priority order, so the outcome is exactly that of trying them all.
    Nothing here compiles a regex: building it costs a few milliseconds of a one-page run.
    """

    def __init__(self, rules: list[Rule]):
        self.order = {rule.id: n for n, rule in enumerate(rules)}
        self.exact: dict[str, list[Rule]] = {}
        for rule in rules:
            for phrase in rule.exact:
                self.exact.setdefault(phrase, []).append(rule)
        self.prefix_rules = [r for r in rules if r.prefix]
        self.prefixes = tuple(p for r in self.prefix_rules for p in r.prefix)
        self.pattern_rules = [r for r in rules if r.pattern_sources]  # .pattern would compile them
        self.always: list[Rule] = []  # pattern rules without a required word: tried by length alone
        self.words = ahocorasick.Automaton()
        needing: dict[str, list[Rule]] = {}
        for rule in self.pattern_rules:
            needs = _required(rule)
            if needs is None:
                self.always.append(rule)
            for word in needs or ():
                needing.setdefault(word, []).append(rule)
        self.owners = list(needing.values())
        for number, word in enumerate(needing):
            self.words.add_word(word, number)
        if needing:
            self.words.make_automaton()

    def matching(self, text: str, folded: str, words: int) -> list[Rule]:
        candidates = list(self.exact.get(folded, ()))
        if self.prefixes and folded.startswith(self.prefixes):
            candidates += self.prefix_rules
        candidates += [r for r in self.always if words <= r.max_words]
        if self.words.kind == ahocorasick.AHOCORASICK:
            for number in {n for _end, n in self.words.iter(fold(text[:MAX_MATCH_CHARS]))}:
                candidates += [r for r in self.owners[number] if words <= r.max_words]
        unique = {rule.id: rule for rule in candidates}.values()
        return sorted((r for r in unique if r.matches(text, folded, words)), key=lambda r: self.order[r.id])


def _required(rule: Rule) -> frozenset[str] | None:
    """Words one of which any match of the rule's patterns contains; None: no such words."""
    union: set[str] = set()
    for source in rule.pattern_sources:
        needs = required(source)
        if needs is None:
            return None
        union |= needs
    return frozenset(union)


# Matchers by rule set, site pack and input kind, most recently used last: a batch meets one per
# site pack it matches, a few dozen at most; the bound keeps a long-lived process that loads many
# rule sets from holding every one.
_MATCHERS: OrderedDict[tuple[int, str, str], tuple[RuleSet, Matcher]] = OrderedDict()
_MAX_MATCHERS = 64


def _matcher(rules: RuleSet, site: SitePack | None, input_format: str) -> Matcher:
    key = (id(rules), site.pack if site else "", input_format)
    cached = _MATCHERS.get(key)
    if cached is None or cached[0] is not rules:
        ordered = [r for r in (site.rules if site else ()) + rules.generic if r.applies_to(input_format)]
        cached = _MATCHERS[key] = (rules, Matcher(ordered))
        if len(_MATCHERS) > _MAX_MATCHERS:
            _MATCHERS.popitem(last=False)
    _MATCHERS.move_to_end(key)
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
