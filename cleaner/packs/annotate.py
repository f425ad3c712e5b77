"""Apply rule packs: pick the site pack (domain, else fingerprints), then decide blocks by rules."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import replace
from functools import lru_cache

import ahocorasick

from cleaner.model import Block, Decision, Document, rule_reason
from cleaner.packs.literals import fold, fold_fast, required
from cleaner.packs.rules import MAX_MATCH_CHARS, Rule, RuleSet, SitePack, normalize
from cleaner.urls import host_of

try:  # Python 3.11+
    import re._constants as sre_c  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]


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
    found = matcher.matching_all([block.text for block in doc.blocks])
    return doc.with_blocks([_annotate_block(block, found[n]) if n in found else block for n, block in enumerate(doc.blocks)])


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
        # The page's heads go through the automaton joined by "\n": no word spans two heads
        # unless a word holds a "\n" itself, which no packaged pattern's required word does.
        self.joinable = not any(_JOIN in word for word in needing)
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


    def matching_all(self, texts: list[str]) -> dict[int, list[Rule]]:
        """matching() of every block, by position; blocks that no rule matches are left out."""
        folded = [normalize(text) for text in texts]
        words = [len(text.split()) for text in texts]
        candidates: dict[int, list[Rule]] = {}
        for n, key in enumerate(folded):
            hit = self.exact.get(key)
            if hit:
                candidates[n] = list(hit)
        if self.prefixes:
            for n, key in enumerate(folded):
                if key.startswith(self.prefixes):
                    candidates.setdefault(n, []).extend(self.prefix_rules)
        if self.words.kind == ahocorasick.AHOCORASICK:
            owners = self.owners
            for n, numbers in self._word_hits(texts).items():
                count = words[n]
                listed = candidates.setdefault(n, [])
                for number in numbers:
                    listed += [r for r in owners[number] if count <= r.max_words]
        matched: dict[int, list[Rule]] = {}
        for n, listed in candidates.items():
            text, key, count = texts[n], folded[n], words[n]
            hits = [r for r in {rule.id: rule for rule in listed}.values() if r.matches(text, key, count)]
            if hits:
                matched[n] = hits
        # A rule without required words matches where its pattern does (an exact phrase or a
        # prefix of it made it a candidate above): Rule.matches, its checks in that order.
        for rule in self.always:
            limit, search = rule.max_words, None
            for n, (text, key, count) in enumerate(zip(texts, folded, words)):
                if count > limit or not key:
                    continue
                if search is None:
                    pattern = rule.pattern
                    search = pattern.match if _anchored(rule.pattern_sources) else pattern.search  # type: ignore[union-attr]
                if search(text[:MAX_MATCH_CHARS]):
                    matched.setdefault(n, []).append(rule)
        order = self.order
        return {
            n: sorted({rule.id: rule for rule in hits}.values(), key=lambda r: order[r.id])
            for n, hits in sorted(matched.items())
        }

    def _word_hits(self, texts: list[str]) -> dict[int, set[int]]:
        """Per block, the numbers of the required words its folded head holds."""
        if not self.joinable:
            per_block = {n: {w for _end, w in self.words.iter(fold(text[:MAX_MATCH_CHARS]))} for n, text in enumerate(texts)}
            return {n: found for n, found in per_block.items() if found}
        starts, offset = [], 0
        heads = []
        for text in texts:
            head = text[:MAX_MATCH_CHARS]
            heads.append(head)
            starts.append(offset)
            offset += len(head) + 1
        hits: dict[int, set[int]] = {}
        for end, number in self.words.iter(fold_fast(_JOIN.join(heads))):
            hits.setdefault(bisect_right(starts, end) - 1, set()).add(number)
        return hits


_JOIN = "\n"


@lru_cache(maxsize=1024)
def _anchored(sources: tuple[str, ...]) -> bool:
    """Every one of the patterns starts with `^` (no MULTILINE): the joined pattern can match at
    the text's start only, so pattern.match answers as pattern.search, without trying every
    position of the text."""
    for source in sources:
        try:
            parsed = sre_parse.parse(source)
        except re.error:
            return False
        if parsed.state.flags & re.MULTILINE or not len(parsed) or parsed[0] != (sre_c.AT, sre_c.AT_BEGINNING):
            return False
    return True


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


def _annotate_block(block: Block, matched: list[Rule]) -> Block:
    """The block decided by the first of the rules that match it (Matcher.matching_all)."""
    first = matched[0]
    decision = Decision(first.action, first.category, rule_reason(first.id))  # type: ignore[arg-type]
    features = {**block.features, "boundary": 1.0} if first.boundary else block.features
    return block.decide(decision, first.role).evolve(matched=tuple(r.id for r in matched), features=features)
