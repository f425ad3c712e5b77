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
    # "auto": every page to the model. bench/route_html.py, 5-fold CV by site on wcxb-train,
    # end to end (bag-of-words F1; trafilatura's default extraction 0.821): trafilatura's blocks
    # always 0.801, the model always 0.858, the model unless og:type or JSON-LD says article
    # 0.845, the model where trafilatura fell back to a dump 0.808, the model where the two
    # outputs disagree 0.859, the model where it keeps more words than trafilatura's path 0.863
    # (but that runs both paths: twice the CPU). The model's reading is also the cheaper one
    # on its own: trafilatura need not run.
    return "page"


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
