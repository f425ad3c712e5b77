"""The HTML model path's fast forms give exactly what their plain readings give: class/id concepts
found in one Aho-Corasick pass (html/pageblocks.py) against token by token, and the trees walked
for all blocks at once (html/treewalk.py, numpy) or node by node in plain Python against one
block at a time; and numpy stays out of one-page runs."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.html import blockmodel
from cleaner.html.pageblocks import _CONCEPT_BIT, _EXACT, _SPLIT, CONCEPTS, _mark_bits

from .conftest import ROOT
from .test_startup import modules_after


def token_by_token(lowered: str) -> int:
    """The concepts as the features were defined: every token, split on non-alphanumerics and
    split on spaces with hyphens and underscores taken out, matched word by word."""
    bits = 0
    for token in _SPLIT.split(lowered) + lowered.replace("-", "").replace("_", "").split():
        if not token:
            continue
        if token in _EXACT:
            bits |= _CONCEPT_BIT[_EXACT[token]]
        for name, words in CONCEPTS.items():
            if any(word in token for word in words):
                bits |= _CONCEPT_BIT[name]
    return bits


EXAMPLES = [
    "sr-only", "post-content entry-content clearfix", "navbar navbar-expand-lg", "ad-slot", "ads_top",
    "site_footer__legal", "c-article-body js-body", "adv", "a d", "comment-respond", "x:menu-item",
    "postbody", "überschrift nav", "headline--title", "read_next", "", "   ", "sponsored-content",
]


def test_known_class_names_get_the_same_concepts():
    for lowered in EXAMPLES:
        assert _mark_bits(lowered) == token_by_token(lowered), lowered


_PIECES = st.sampled_from(
    [w for words in CONCEPTS.values() for w in words] + list(_EXACT) + ["-", "_", " ", ":", "x", "1", "é", "--"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_ 0é:", max_size=6)), max_size=8))
def test_any_class_string_gets_the_same_concepts(pieces):
    lowered = "".join(pieces)
    assert _mark_bits(lowered) == token_by_token(lowered)


def walk_one_by_one(model: dict, row) -> float:
    """One row through every tree, node by node, its leaf values added in the trees' order."""
    raw = 0.0
    for tree in model["trees"]:
        if not tree["feature"]:
            raw += tree["values"][0]
            continue
        node = 0
        while node >= 0:
            node = tree["left"][node] if row[tree["feature"][node]] <= tree["threshold"][node] else tree["right"][node]
        raw += tree["values"][-node - 1]
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, raw))))


@pytest.mark.parametrize("fast", [True, False])
def test_the_shipped_trees_score_every_row_as_a_walk_one_row_at_a_time(fast, monkeypatch):
    model = blockmodel.load_model()
    width = len(model["features"])
    used = sorted({(f, t) for tree in model["trees"] for f, t in zip(tree["feature"], tree["threshold"])})
    rng = random.Random(13)
    rows = [[rng.choice((0.0, 1.0, rng.random() * 10)) for _ in range(width)] for _ in range(300)]
    for row in rows[:100]:  # values on the thresholds themselves: `<=` goes left
        for f, t in rng.sample(used, 40):
            row[f] = t
    assert blockmodel.predict(model, rows, fast) == [walk_one_by_one(model, row) for row in rows]  # exact floats
    first = blockmodel.predict(model, rows, fast)
    stacked = [list(r) + s for r, s in zip(rows, blockmodel.stack_features(first, rows))]
    monkeypatch.setattr(blockmodel, "_numpy_pays", lambda count: fast)
    assert blockmodel.probabilities(model, rows) == [walk_one_by_one(model["stack"], row) for row in stacked]
    assert blockmodel.predict(model, rows[:1], fast) == [walk_one_by_one(model, rows[0])]
    assert blockmodel.predict(model, [], fast) == [] and blockmodel.probabilities(model, []) == []


@pytest.mark.parametrize("fast", [True, False])
def test_a_tree_that_is_one_leaf_adds_its_value(fast):
    model = {"trees": [{"feature": [], "threshold": [], "left": [], "right": [], "values": [0.5]},
                       {"feature": [1], "threshold": [2.0], "left": [-1], "right": [-2], "values": [-1.0, 1.0]}]}
    rows = [(0.0, 2.0), (0.0, 2.5)]
    assert blockmodel.predict(model, rows, fast) == [walk_one_by_one(model, r) for r in rows]


MODEL_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Events</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/events">Events</a></li></ul></nav>
<main><h1>Current exhibitions</h1>""" + "".join(
    f"<div class='card'><h2>Exhibition {n}</h2><p>Paintings and drawings from the collection, room {n}, "
    f"open every day from ten until six.</p></div>" for n in range(12)) + "</main></body></html>"


def test_one_page_of_the_model_never_imports_numpy_and_a_run_of_many_takes_it():
    work = ("from cleaner import clean; from cleaner.html import blockmodel; import sys; "
            f"page = {MODEL_PAGE!r}; r = clean(page); print('cleaner.html.blockmodel' in sys.modules, 'numpy' in sys.modules); "
            "blockmodel._ROWS_WALKED[0] = blockmodel.NUMPY_AFTER_ROWS; again = clean(page); "
            "print('numpy' in sys.modules, again.text == r.text)")
    printed, loaded = modules_after(work)
    assert printed.split() == ["True", "False", "True", "True"]  # the model read it, without numpy; then with it
    assert "cleaner.html.treewalk" in loaded


def test_a_page_that_keeps_trafilaturas_reading_never_imports_numpy():
    page = ROOT / "tests" / "html" / "000_iranintl.html"
    printed, loaded = modules_after(
        f"from cleaner import clean; r = clean(open({str(page)!r}, 'rb').read()); print(len(r.text))")
    assert int(printed) > 0
    assert "cleaner.html.pageblocks" in loaded  # the router read the page's declared type
    assert "numpy" not in loaded and "cleaner.html.treewalk" not in loaded


def test_block_paths_made_once_per_ancestor_are_the_paths_made_alone():
    from cleaner.html.parse import parse_html
    from cleaner.html.pageblocks import element_path, segment_page

    page = ROOT / "tests" / "html" / "001_responsiblestatecraft.html"
    blocks = segment_page(parse_html(page.read_text(encoding="utf-8")))
    assert len(blocks) > 20
    known: dict[int, str] = {}
    shared = [element_path(b.frame, known) for b in blocks]
    assert shared == [element_path(b.frame) for b in blocks]
    assert all(p.startswith("body") for p in shared) and len(set(shared)) > 5


def test_a_remembered_measurement_is_measure_blocks_and_each_caller_owns_its_copy() -> None:
    from cleaner.model import Block
    from cleaner.options import Options
    from cleaner.select.features import measure_block, measure_page_block
    from cleaner.text.stopwords import stopwords

    options, stops = Options(), stopwords("en")
    block = Block(index=3, text="The council said on Tuesday that the quay opens in spring.")
    first = measure_page_block(block, stops, 0, options)
    assert first == measure_block(block, stops, 0, options)
    first["words"] = -1.0  # page_features edits its row in place
    again = measure_page_block(block, stops, 0, options)
    assert again == measure_block(block, stops, 0, options)
    assert measure_page_block(block, stops, 2, options)["repeats"] == 2.0  # the repeat count is in the key


# --- tidy's fast path (text/segment.py): split and join, where that reads the line as the two substitutions do ---

# Every character str.split() takes for whitespace, controls, zero-width ones, and letters.
_TIDY_ALPHABET = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "ab\x00\x01\x7f\x9f\u200b\ufeffé\u2029"


@settings(max_examples=5000, deadline=None)
@given(st.text(alphabet=_TIDY_ALPHABET, max_size=12))
def test_tidy_fast_path_equals_the_two_substitutions(line: str) -> None:
    from cleaner.text.segment import _CONTROL, _SPACES, tidy

    assert tidy(line) == _SPACES.sub(" ", _CONTROL.sub("", line)).strip()


def test_parsed_elements_are_html_elements_chosen_without_python_lookups() -> None:
    """The parser's class lookup is lxml's C one: every element (forms and inputs too) is a plain
    HtmlElement, with text_content() and the rest that trafilatura and the meta readers call."""
    from lxml.html import HtmlElement

    from cleaner.html.parse import parse_html

    tree = parse_html(
        "<html><body><form><label>Name</label><input value='x'><textarea>t</textarea>"
        "<select><option>o</option></select></form><p>Some text here.</p></body></html>"
    )
    kinds = {type(element) for element in tree.iter()}
    assert kinds == {HtmlElement}
    assert tree.find(".//form").text_content() == "Nameto"
