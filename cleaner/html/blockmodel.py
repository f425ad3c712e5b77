"""The learned whole-page block model: gradient-boosted trees read from data.

bench/train_html_model.py trains the trees with LightGBM on wcxb-train and writes them as plain
lists (cleaner/data/html_block_model.json); this module only reads and walks them (plain Python
for a process's first pages, then html/treewalk.py with numpy; no LightGBM). The content
probabilities then go through the same two-state Viterbi pass select.py uses for text dumps.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaner.html.pageblocks import (
    ANCESTOR_BIT,
    CONCEPT_BIT,
    FEATURE_NAMES,
    TAG_GROUP,
    PageBlock,
    element_path,
    page_features,
    segment_page,
)
from cleaner.html.parse import declared_language, parse_html
from cleaner.model import Block, Decision, learned
from cleaner.options import Options
from cleaner.select.story import viterbi
from cleaner.text.stopwords import stopwords

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "html_block_model.json"
# How kept and dropped blocks are chosen from the probabilities (Options, where the CV figures are).
DEFAULT_SETTINGS = {"threshold": Options().html_block_threshold, "switch": Options().html_block_switch}


@dataclass(frozen=True, slots=True)
class PageRows:
    blocks: tuple[PageBlock, ...]
    texts: tuple[str, ...]
    rows: tuple[tuple[float, ...], ...]


def page_rows(html: str, url: str | None, options: Options) -> PageRows:
    """Parse, segment and measure a page: one feature row per block, in page order."""
    tree = parse_html(html)
    if tree is None:
        return PageRows((), (), ())
    return tree_rows(tree, url, options)


def tree_rows(tree, url: str | None, options: Options) -> PageRows:
    """Segment and measure an already parsed page (the pipeline's `Document.tree`)."""
    blocks, rows = _measured(tree, url, options)
    return PageRows(tuple(blocks), tuple(b.text for b in blocks), tuple(tuple(r) for r in rows))


def _measured(tree, url: str | None, options: Options) -> tuple[list[PageBlock], list[list[float]]]:
    """The page's blocks and their feature rows as made (lists: the pipeline's path skips
    tree_rows' copy into tuples, 0.17 s for the 159 model pages of scrapinghub + wcxb-dev)."""
    blocks = segment_page(tree)
    if not blocks:
        return [], []
    return blocks, page_features(tree, blocks, url, stopwords(declared_language(tree)), options)


# --- trees ------------------------------------------------------------------------------------


def from_lightgbm(dump: dict, names: tuple[str, ...]) -> dict:
    """LightGBM's `dump_model()` as flat lists per tree: split feature, threshold, left and
    right child (a negative child -k-1 is leaf k), and leaf values."""
    trees = []
    for info in dump["tree_info"]:
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        values: list[float] = []

        def visit(node: dict) -> int:
            if "leaf_value" in node or "split_feature" not in node:
                values.append(float(node.get("leaf_value", 0.0)))
                return -len(values)
            if node.get("decision_type", "<=") != "<=":
                raise ValueError("only numeric <= splits are supported")
            at = len(feature)
            feature.append(int(node["split_feature"]))
            threshold.append(float(node["threshold"]))
            left.append(0)
            right.append(0)
            left[at] = visit(node["left_child"])
            right[at] = visit(node["right_child"])
            return at

        visit(info["tree_structure"])
        trees.append({"feature": feature, "threshold": threshold, "left": left, "right": right, "values": values})
    return {"features": list(names), "trees": trees}


def dumps(model: dict) -> str:
    """The model as JSON text, byte-identical for the same trees."""
    return json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n"


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict:
    model = json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURE_NAMES:
        raise ValueError("the HTML block model was trained on other features; retrain it")
    return model


# Stage two reads stage one's probabilities around the block: its own, its two neighbours on
# each side, word-weighted means over 5 and 15 blocks each side, and the page's mean, share of
# blocks at 0.5 or more, and maximum. CV bag-of-words F1 0.855 with one stage, 0.860 with two.
STACK_NAMES = ("p", "p_prev", "p_next", "p_prev2", "p_next2", "p_near", "p_around", "p_page", "p_page_share", "p_page_max")
_WORDS = FEATURE_NAMES.index("words")


def stack_features(probabilities: list[float], rows) -> list[list[float]]:
    p = probabilities
    weights = [row[_WORDS] for row in rows]
    n = len(p)
    total = sum(weights) or 1.0
    page_mean = sum(a * b for a, b in zip(p, weights)) / total
    share = sum(1 for a in p if a >= 0.5) / max(1, n)
    top = max(p) if p else 0.0
    weighted = [a * b for a, b in zip(p, weights)]
    # prefix sums for the windows
    cum_pw, cum_w = [0.0], [0.0]
    for a, b in zip(weighted, weights):
        cum_pw.append(cum_pw[-1] + a)
        cum_w.append(cum_w[-1] + b)

    def window(i: int, reach: int) -> float:
        lo, hi = max(0, i - reach), min(n, i + reach + 1)
        return (cum_pw[hi] - cum_pw[lo]) / ((cum_w[hi] - cum_w[lo]) or 1.0)

    return [[p[i], p[i - 1] if i else 0.0, p[i + 1] if i + 1 < n else 0.0, p[i - 2] if i > 1 else 0.0,
             p[i + 2] if i + 2 < n else 0.0, window(i, 5), window(i, 15), page_mean, share, top] for i in range(n)]


def probabilities(model: dict, rows) -> list[float]:
    """Content probability of every block: stage one, then stage two over stage one's around it."""
    if not len(rows):
        return []
    fast = _numpy_pays(len(rows))
    if not fast:
        first = predict(model, rows, fast)
        if "stack" not in model:
            return first
        return predict(model["stack"], [list(row) + extra for row, extra in zip(rows, stack_features(first, rows))], fast)
    import numpy as np

    matrix = np.asarray(rows, dtype=np.float64)
    first = predict(model, matrix, fast)
    if "stack" not in model:
        return first
    return predict(model["stack"], np.hstack([matrix, np.array(stack_features(first, rows), dtype=np.float64)]), fast)


def predict(model: dict, rows, fast: bool | None = None) -> list[float]:
    """Content probability of every row (one stage): with numpy, html/treewalk.py walks the trees
    for all rows at once; else in plain Python, each node splitting the list of rows that reach
    it. Both add the same leaf values in the same order: the same floats (tested)."""
    if not len(rows):
        return []
    if fast is None:
        fast = _numpy_pays(len(rows))
    if fast:
        import numpy as np

        from cleaner.html.treewalk import raw_scores

        raw = raw_scores(_forest(model), np.asarray(rows, dtype=np.float64))
    else:
        raw = _raw_scores(model, rows)
    return [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, r)))) for r in raw]


# Importing numpy costs a process about 0.075 CPU-s (bench/startup.py on a model-routed
# scrapinghub page: 0.34 s without it, 0.41-0.43 s with it); the plain walk costs about 33 us a
# row more (2.19 s against 0.75 s for the 43,893 rows of the 159 model pages of scrapinghub +
# wcxb-dev). So a process walks its first rows in plain Python and takes numpy once it has
# walked this many (or when numpy is loaded anyway): a one-page run never imports it, a folder
# run pays for it once. The answers are the same either way.
NUMPY_AFTER_ROWS = 2000
_ROWS_WALKED = [0]


def _numpy_pays(count: int) -> bool:
    _ROWS_WALKED[0] += count
    return _ROWS_WALKED[0] > NUMPY_AFTER_ROWS or "numpy" in sys.modules


def _raw_scores(model: dict, rows) -> list[float]:
    """The plain-Python walk: per tree, each node splits the rows that reach it."""
    columns = list(zip(*rows))
    raw = [0.0] * len(rows)
    everyone = list(range(len(rows)))
    for tree in model["trees"]:
        feature, threshold, left, right, values = tree["feature"], tree["threshold"], tree["left"], tree["right"], tree["values"]
        if not feature:
            value = values[0]
            raw = [r + value for r in raw]
            continue
        stack = [(0, everyone)]
        while stack:
            node, members = stack.pop()
            column, cut = columns[feature[node]], threshold[node]
            low = [i for i in members if column[i] <= cut]
            high = [i for i in members if column[i] > cut] if len(low) < len(members) else []
            for child, group in ((left[node], low), (right[node], high)):
                if not group:
                    continue
                if child < 0:
                    value = values[-child - 1]
                    for i in group:
                        raw[i] += value
                else:
                    stack.append((child, group))
    return raw


_FORESTS: dict[int, tuple[dict, object]] = {}


def _forest(model: dict):
    """The model's trees as treewalk's arrays, made once per loaded model."""
    from cleaner.html.treewalk import forest

    held = _FORESTS.get(id(model))
    if held is None or held[0] is not model:
        held = (model, forest(model["trees"]))
        if len(_FORESTS) >= 8:
            _FORESTS.clear()
        _FORESTS[id(model)] = held
    return held[1]


def decide(model: dict, rows, threshold: float = 0.5, switch: float = 0.0) -> list[bool]:
    """Which blocks are content."""
    return smooth(probabilities(model, rows), threshold, switch)


def smooth(probabilities: list[float], threshold: float, switch: float) -> list[bool]:
    """Content where the probability reaches `threshold`; through a Viterbi pass (centred on the
    threshold) when `switch` > 0."""
    if switch > 0:
        shift = math.log(threshold / (1 - threshold))
        shifted = [1.0 / (1.0 + math.exp(-(math.log(max(p, 1e-9) / max(1 - p, 1e-9)) - shift))) for p in probabilities]
        return viterbi(shifted, switch)
    return [p >= threshold for p in probabilities]


# --- the pipeline's view: every block of the page with a decision ------------------------------

_KINDS = {"p": "paragraph", "h1": "heading", "h": "heading", "li": "list-item", "row": "table-row",
          "pre": "code", "quote": "quote", "caption": "caption", "div": "paragraph"}
_NAVIGATION = CONCEPT_BIT["nav"] | CONCEPT_BIT["footer"] | CONCEPT_BIT["header"]
_NAVIGATION_TAGS = ANCESTOR_BIT["nav"] | ANCESTOR_BIT["footer"]


def page_blocks(html: str, url: str | None, options: Options) -> tuple[Block, ...]:
    """The page's blocks, each decided by the model: kept as `story`, or dropped as `navigation`
    (inside a nav, header or footer by tag or class) or `boilerplate`; the reason is
    `model.html-block` and the value the block's content probability."""
    tree = parse_html(html)
    return () if tree is None else tree_blocks(tree, url, options)


def tree_blocks(tree, url: str | None, options: Options) -> tuple[Block, ...]:
    """`page_blocks` of an already parsed page."""
    segmented, rows = _measured(tree, url, options)
    if not rows:
        return ()
    model = load_model(options.html_block_model)
    scores = probabilities(model, rows)
    keep = smooth(scores, options.html_block_threshold, options.html_block_switch)
    blocks = []
    paths: dict[int, str] = {}
    reason = learned("html-block")  # one for the page: a Reason is an immutable value
    for index, (block, probability, kept) in enumerate(zip(segmented, scores, keep)):
        frame = block.frame
        if kept:
            decision = Decision("keep", "story", reason, round(probability, 4))
        else:
            navigation = frame.bits & _NAVIGATION or frame.tags & _NAVIGATION_TAGS
            decision = Decision("drop", "navigation" if navigation else "boilerplate", reason, round(probability, 4))
        kind = _KINDS[TAG_GROUP.get(frame.tag, "div")]
        blocks.append(Block(index=index, text=block.text, kind=kind, position=element_path(frame, paths), decision=decision))
    return tuple(blocks)
