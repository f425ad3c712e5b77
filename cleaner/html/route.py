"""Which reading an HTML page gets: trafilatura's main text ("blocks") or the whole page's blocks
decided by the learned block model ("page", html/blockmodel.py).

The router decides before trafilatura runs, so a page sent to the model pays for trafilatura only
where the model keeps little and its reading is asked for a second opinion (`second_opinion`,
pipeline.clean: the reading that keeps more words wins).
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
    # "auto": every page goes to the model, and where it keeps little trafilatura's reading is
    # a second opinion (`second_opinion`). bench/route_html.py --no-thresholds, 5-fold CV by
    # site on wcxb-train, end to end (bag-of-words F1; trafilatura's default extraction 0.821):
    # trafilatura's blocks always 0.808, the model always 0.858, the model unless the page
    # declares an article (the router before this one) 0.845, the model where it keeps more
    # words than trafilatura's path 0.864 (both paths on every page: twice the CPU), the model
    # with the second opinion where it keeps under 100 words 0.863 (both paths on 3% of the
    # pages; every page type above trafilatura's; Options has the figures; with the model
    # retrained on menu buttons read open, 0.863 / 0.8655 for the model / the router). Keeping
    # trafilatura's reading on declared articles, each reading with the other as a second
    # opinion, gets 0.853 at 100 words and 0.861 at 800 (both paths on a third of the pages).
    # What the report sets say (nothing is chosen on them): wcxb-dev BoW 0.848 -> 0.859
    # (trafilatura 0.825), articles 0.919 -> 0.937 (0.933); but scrapinghub's 181 news pages
    # shingle F1 0.966 -> 0.935 (0.960): on news pages the model keeps other stories' teasers
    # after the story's end (tests/pages has the shape as a strict xfail; issue 13).
    return "page"


def second_opinion(start: Document, result) -> bool:
    """Run trafilatura's reading too: an HTML page the router gave the model ("auto"), where the
    model's reading kept under `Options.html_second_opinion_words` words."""
    return (start.page.format == "html" and start.options.html_reading == "auto"
            and len(result.text.split()) < start.options.html_second_opinion_words)


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
        # undecided, with the verdict as features; positional, as evolve's keyword lookups
        # cost more than the rest of this loop
        blocks.append(Block(block.index, block.text, block.kind, block.position, block.gap_before, features))
    return blocks
