"""Which reading an HTML page gets: trafilatura's main text ("blocks") or the whole page's blocks
decided by the learned block model ("page", html/blockmodel.py).

The router decides before trafilatura runs, so a page sent to the model never pays for it.
`Options.html_reading` forces either reading; "auto" uses the rule below, chosen by 5-fold
cross-validation grouped by site on wcxb-train (bench/route_html.py; the figures are below and
in Options).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleaner.model import Block, Document, Reading

if TYPE_CHECKING:
    from lxml import etree


def route(doc: Document) -> Reading:
    """"blocks" or "page" for an HTML page with a parsed tree."""
    choice = doc.options.html_reading
    if choice == "trafilatura":
        return "blocks"
    if choice == "model":
        return "page"
    # "auto": a page that declares itself an article (og:type, JSON-LD) keeps trafilatura's
    # reading; every other page goes to the model. bench/route_html.py, 5-fold CV by site on
    # wcxb-train, end to end (bag-of-words F1; trafilatura's default extraction 0.821):
    # trafilatura's blocks always 0.801, the model always 0.858, the model unless the page
    # declares an article 0.845, the model where trafilatura fell back to a dump 0.808, where
    # the two outputs disagree 0.859, where it keeps more words than trafilatura's path 0.863
    # (but that runs both paths: twice the CPU).
    # Cross-validation prefers the model on every page by 0.013. The declared articles stay on
    # trafilatura's reading all the same: on news pages the two report sets disagree by far more
    # than that (scrapinghub, 181 news pages: trafilatura's reading 0.972, the model 0.934, as
    # it keeps other stories' teasers and links at the page's end; wcxb-dev articles 0.937
    # against 0.933), so the model is not trusted with articles until it learns news pages'
    # ends. This is a choice against the cross-validation, made in the open: see issue 13.
    from cleaner.html.pageblocks import declares_article

    return "blocks" if declares_article(doc.tree) else "page"


def page_blocks_of(tree: etree._Element, url: str | None, options) -> list[Block]:
    """Every block of the page, undecided, with the model's verdict as features: `html_block`
    (content probability), `html_kept` (1.0 where the model keeps it) and `html_nav` (1.0 inside
    a nav, header or footer by tag or class). select/story.py turns them into decisions after
    the rules have had their say."""
    from cleaner.html.blockmodel import tree_blocks

    blocks = []
    for block in tree_blocks(tree, url, options):
        decision = block.decision
        features = {
            "html_block": decision.value or 0.0,
            "html_kept": 1.0 if decision.kept else 0.0,
            "html_nav": 1.0 if decision.category == "navigation" else 0.0,
        }
        blocks.append(block.evolve(decision=None, features=features))
    return blocks
