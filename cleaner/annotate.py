"""Apply rule packs: pick the site pack (domain, else fingerprints), then decide blocks by rules."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from .model import Block, Decision, Document
from .rules import Rule, RuleSet, SitePack, normalize


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
    rules: RuleSet = doc.rules
    candidates = [r for r in (doc.site.rules if doc.site else ()) + rules.generic if r.applies_to(doc.page.format)]
    return doc.with_blocks([_annotate_block(block, candidates) for block in doc.blocks])


def _annotate_block(block: Block, candidates: list[Rule]) -> Block:
    folded = normalize(block.text)
    words = len(block.text.split())
    matched = [rule for rule in candidates if rule.matches(block.text, folded, words)]
    if not matched:
        return block
    first = matched[0]
    decision = Decision(first.action, first.category, first.id)  # type: ignore[arg-type]
    features = {**block.features, "boundary": 1.0} if first.boundary else block.features
    return replace(block.decide(decision, first.role), matched=tuple(r.id for r in matched), features=features)
