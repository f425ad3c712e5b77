"""Gradient-boosted trees walked for every block of a page at once, with numpy.

The trees are the plain lists html/blockmodel.py reads (split feature, threshold, left and right
child, a negative child -k-1 being leaf k). Here they become flat arrays, and every (tree, block)
pair steps down one level per numpy operation: the pairs still inside a tree go on, the ones at a
leaf drop out. A block's score adds its leaves' values tree after tree, in the trees' order, as
a walk in plain Python adds them, so the sums are the same floats to the last bit.

Only the block model's pages import this module (and numpy): a page that keeps trafilatura's
reading, or a text dump, never loads it (bench/startup.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Forest:
    roots: np.ndarray  # per tree: its first node, or -k-1 where the tree is leaf k alone
    feature: np.ndarray  # per node
    threshold: np.ndarray  # per node: x <= threshold goes left
    children: np.ndarray  # two per node, right then left; -k-1 is leaf k (numbered over all trees)
    values: np.ndarray  # per leaf


def forest(trees: list[dict]) -> Forest:
    roots: list[int] = []
    feature: list[int] = []
    threshold: list[float] = []
    children: list[int] = []
    values: list[float] = []
    for tree in trees:
        first_node, first_leaf = len(feature), len(values)

        def where(child: int) -> int:
            return first_node + child if child >= 0 else child - first_leaf

        roots.append(first_node if tree["feature"] else -first_leaf - 1)
        feature.extend(tree["feature"])
        threshold.extend(tree["threshold"])
        for left, right in zip(tree["left"], tree["right"]):
            children += (where(right), where(left))
        values.extend(tree["values"])
    return Forest(
        roots=np.array(roots, dtype=np.intp),
        feature=np.array(feature, dtype=np.intp),
        threshold=np.array(threshold, dtype=np.float64),
        children=np.array(children, dtype=np.intp),
        values=np.array(values, dtype=np.float64),
    )


def raw_scores(trees: Forest, rows: np.ndarray) -> list[float]:
    """Per row (a 2-D float array, one row per block), the sum of its leaf values over the trees."""
    count, width = rows.shape
    flat = rows.ravel()
    # one entry per (tree, row), tree-major: entry t * count + r
    at = np.repeat(trees.roots, count)
    offset = np.tile(np.arange(0, count * width, width, dtype=np.intp), len(trees.roots))
    moving = np.flatnonzero(at >= 0)
    node = at[moving]
    while moving.size:
        left = flat[offset[moving] + trees.feature[node]] <= trees.threshold[node]
        node = trees.children[2 * node + left]
        at[moving] = node
        inside = node >= 0
        moving, node = moving[inside], node[inside]
    leaves = trees.values[-at - 1].reshape(len(trees.roots), count)
    raw = np.zeros(count, dtype=np.float64)
    for tree_values in leaves:  # tree after tree: the same additions, in the same order
        raw += tree_values
    return raw.tolist()
