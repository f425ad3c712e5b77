"""annotate and match_site on hand-built documents, with a tiny RuleSet and with the packaged rules."""

from __future__ import annotations

from cleaner.packs.annotate import annotate, match_site
from cleaner.packs.rules import RuleSet, SitePack, compile_rule, load_rules

from .stagekit import PROSE, doc_of, run


def rule(rule_id: str, category: str, **fields) -> dict:
    return {"id": rule_id, "category": category, "why": "test", "examples": {"match": [], "no_match": []}, **fields}


SUBSCRIBE = compile_rule(rule("t.subscribe", "newsletter", exact=["Subscribe to our newsletter"]), "test", "t")
MORE = compile_rule(rule("t.more", "related-list", exact=["More stories"], boundary=True), "test", "t")
BYLINE = compile_rule(rule("t.by", "byline", role="byline", pattern=[r"^By [A-Z]\w+ [A-Z]\w+$"]), "test", "t")
HTML_ONLY = compile_rule(rule("t.html-only", "navigation", exact=["Skip to content"], inputs="html"), "test", "t")
BROAD = compile_rule(rule("t.broad", "boilerplate", prefix=["subscribe"]), "test", "t")
TINY = RuleSet(generic=(SUBSCRIBE, MORE, BYLINE, HTML_ONLY, BROAD))


def test_a_rule_decides_its_block_and_leaves_the_rest_undecided():
    doc = run(doc_of([PROSE[0], "SUBSCRIBE to our newsletter!", "By Jane Doe", PROSE[1]], rules=TINY), annotate)
    first, prompt, byline, last = doc.blocks
    assert first.decision is None and last.decision is None
    assert (prompt.decision.action, prompt.decision.category, prompt.decision.reason.name) == ("drop", "newsletter", "t.subscribe")
    assert byline.role == "byline" and byline.decision.reason.name == "t.by"


def test_every_matching_rule_is_recorded_and_the_first_in_order_decides():
    (prompt,) = run(doc_of(["Subscribe to our newsletter"], rules=TINY), annotate).blocks
    assert prompt.matched == ("t.subscribe", "t.broad")
    assert prompt.decision.reason.name == "t.subscribe"
    swapped = RuleSet(generic=(BROAD, SUBSCRIBE))
    (again,) = run(doc_of(["Subscribe to our newsletter"], rules=swapped), annotate).blocks
    assert again.decision.reason.name == "t.broad"


def test_a_boundary_rule_marks_the_block_for_select():
    (block,) = run(doc_of(["More stories"], rules=TINY), annotate).blocks
    assert block.features.get("boundary") == 1.0


def test_an_html_only_rule_does_not_touch_a_text_dump():
    (text_block,) = run(doc_of(["Skip to content"], rules=TINY), annotate).blocks
    (html_block,) = run(doc_of(["Skip to content"], rules=TINY, fmt="html"), annotate).blocks
    assert text_block.decision is None
    assert html_block.decision.reason.name == "t.html-only"


SITE = SitePack(
    pack="site.example",
    name="Example Daily",
    domains=("example.org",),
    fingerprints=frozenset({"example daily", "the example newsroom"}),
    min_fingerprints=2,
    rules=(compile_rule(rule("site.example.more", "related-list", exact=["Subscribe to our newsletter"]), "test", "site"),),
)
WITH_SITE = RuleSet(generic=TINY.generic, sites=(SITE,))


def test_a_site_is_matched_by_domain_and_its_rules_come_first():
    doc = run(doc_of(["Subscribe to our newsletter"], rules=WITH_SITE, url="https://www.example.org/a/story"), match_site, annotate)
    assert doc.site is SITE
    assert doc.blocks[0].decision.reason.name == "site.example.more"


def test_a_dump_without_url_is_matched_by_enough_fingerprints():
    one = run(doc_of(["Example Daily", *PROSE], rules=WITH_SITE), match_site)
    two = run(doc_of(["Example Daily", *PROSE, "The Example Newsroom"], rules=WITH_SITE), match_site)
    assert one.site is None
    assert two.site is SITE
    other = run(doc_of(["Example Daily", "The Example Newsroom"], rules=WITH_SITE, url="https://news.other.net/x"), match_site)
    assert other.site is SITE  # an unknown domain falls back to fingerprints


def test_packaged_rules_name_cookie_banners_newsletter_prompts_and_bylines():
    rules = load_rules()
    doc = run(
        doc_of([
            "We use cookies to improve your experience on our site.",
            "Accept all cookies",
            "Sign up for our newsletter",
            "By Jane Doe",
            PROSE[0],
        ], rules=rules),
        annotate,
    )
    categories = [b.decision.category if b.decision else None for b in doc.blocks]
    assert categories == ["cookie", "cookie", "newsletter", "byline", None]
    assert doc.blocks[3].role == "byline"
