"""The whole-page HTML blocks (cleaner/html/pageblocks.py) and the tree model over them."""

from __future__ import annotations

import math

from cleaner.html import blockmodel
from cleaner.html.pageblocks import (
    FEATURE_NAMES,
    Reference,
    page_features,
    segment_page,
    words,
)
from cleaner.html.parse import parse_html
from cleaner.options import Options
from cleaner.text.stopwords import stopwords

STORY = " ".join(
    f"The council said on Tuesday that the new bridge over the river would open in spring, and that "
    f"traffic on the old one would be limited to buses and bicycles from then on, sentence {n}."
    for n in range(3)
)
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>T</title><style>p {{}}</style></head><body>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/about">About us</a></li></ul></nav>
<article class="post-content"><h1>The new bridge opens in spring</h1>
<p>{STORY}</p><p>{STORY.replace('council', 'mayor')}</p>
<p>Line one<br>line
two</p><pre>code line 1
code line 2</pre><div style="display:none">Hidden words here</div>
<script>var x = "never text";</script></article>
<footer class="site-footer"><p>Copyright 2025 Example News. All rights reserved.</p></footer>
</body></html>"""


def test_blocks_come_in_page_order_without_scripts_and_with_their_line_breaks():
    blocks = segment_page(parse_html(PAGE))
    texts = [b.text for b in blocks]
    assert texts[:4] == ["Home", "News", "Sport", "About us"]
    assert texts[4] == "The new bridge opens in spring"
    assert "Line one\nline two" in texts  # <br> breaks the line, a source newline is a space
    assert "code line 1\ncode line 2" in texts  # <pre> keeps its lines
    assert not any("never text" in t for t in texts)
    hidden = [b for b in blocks if b.text == "Hidden words here"]
    assert len(hidden) == 1 and hidden[0].frame.hidden
    assert texts[-1].startswith("Copyright 2025")


def test_a_page_the_parser_put_inside_a_menu_button_is_read_as_a_browser_shows_it():
    """`<button><div></button>`: libxml2 keeps the div open and the rest of the body inside the
    button; a browser closes both. A plain button's label still stays out."""
    page = f"""<html><body><header><a href="#main">Skip to content</a>
<button class="menu-button"><span>Menu</span><div class="inner"><div></button></header>
<article><h1>The new bridge opens in spring</h1><p>{STORY}</p></article>
<button class="load-more"><span>Load more</span></button></body></html>"""
    tree = parse_html(page)
    assert tree.find(".//article").getparent().tag != "body"  # the parser did nest it: the case is real
    texts = [b.text for b in segment_page(tree)]
    assert "The new bridge opens in spring" in texts and STORY in texts
    assert "Load more" not in texts


def test_feature_rows_have_one_value_per_name_and_carry_the_dom():
    tree = parse_html(PAGE)
    blocks = segment_page(tree)
    rows = page_features(tree, blocks, "https://example.com/news/bridge", stopwords("en"), Options())
    assert len(rows) == len(blocks) and all(len(r) == len(FEATURE_NAMES) for r in rows)
    column = {name: n for n, name in enumerate(FEATURE_NAMES)}
    home = rows[0]
    story = rows[[b.text for b in blocks].index(STORY)]
    assert home[column["in_nav"]] == 1.0 and home[column["anc_nav"]] == 1.0 and home[column["link_density"]] == 1.0
    assert story[column["anc_content"]] == 1.0 and story[column["in_article"]] == 1.0
    assert story[column["link_density"]] == 0.0 and story[column["stopword_density"]] > 0.3


def test_a_block_is_in_a_text_by_its_shingles_or_whole_short_run():
    reference = Reference.of("The quick brown fox jumps over the lazy dog.")
    assert reference.share(words("quick brown fox jumps")) == 1.0
    assert reference.share(words("quick brown fox sleeps")) == 0.0
    assert reference.share(words("lazy dog")) == 1.0
    assert reference.share(words("dog lazy")) == 0.0


def test_trees_are_walked_as_lightgbm_writes_them():
    dump = {"tree_info": [
        {"tree_structure": {"split_feature": 0, "threshold": 0.5, "decision_type": "<=",
                            "left_child": {"leaf_value": -1.0},
                            "right_child": {"split_feature": 1, "threshold": 2.0, "decision_type": "<=",
                                            "left_child": {"leaf_value": 0.5}, "right_child": {"leaf_value": 2.0}}}},
        {"tree_structure": {"leaf_value": 0.25}},
    ]}
    model = blockmodel.from_lightgbm(dump, ("a", "b"))
    got = blockmodel.predict(model, [(0.0, 9.0), (1.0, 1.0), (1.0, 3.0)])
    want = [1 / (1 + math.exp(-v)) for v in (-0.75, 0.75, 2.25)]
    assert [round(g, 9) for g in got] == [round(w, 9) for w in want]
    assert blockmodel.dumps(model) == blockmodel.dumps(blockmodel.from_lightgbm(dump, ("a", "b")))


def test_every_block_gets_a_decision_and_the_story_is_kept_the_menu_dropped():
    blocks = blockmodel.page_blocks(PAGE, "https://example.com/news/bridge", Options())
    assert blocks and all(b.decision is not None and b.decision.reason.name == "model.html-block" for b in blocks)
    by_text = {b.text: b for b in blocks}
    assert by_text[STORY].decision.kept and by_text[STORY].decision.category == "story"
    assert not by_text["Home"].decision.kept and by_text["Home"].decision.category == "navigation"
    assert by_text["Home"].position.startswith("body/nav.main-menu/ul/li")
    again = blockmodel.page_blocks(PAGE, "https://example.com/news/bridge", Options())
    assert again == blocks
