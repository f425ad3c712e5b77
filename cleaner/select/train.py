"""Training the block content model: labelled rows from text dumps, and a deterministic fit.

Used by `bench/train_scorer.py` (the packaged weights) and by `cleaner eval --folds K` (one model
per cross-validation fold). Needs numpy (`pip install 'cleaner[train]'`); cleaning does not.

A block of a dump is labelled story when at least half of its 4-word shingles (lowercased), or,
for a block under four words, its whole token run, occur in the page's `articleBody`. Blocks that
a rule already dropped are left out: the model never scores them at run time either. A block
weighs the square root of its token count (the benchmark metric counts shingles), times the
page's weight.

The cards-page model (select/context.py) is fitted beside it on one row per dump: the page's
signs, labelled 1 where the truth's `page_type` is a listing or a collection.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from cleaner.pipeline import STAGES, document, run
from cleaner.select.features import measure
from cleaner.select.context import PAGE_NAMES
from cleaner.select.heuristics import FEATURE_NAMES, vectors_and_page

_TOKEN = re.compile(r"\w+")
# The dumps a model is trained on: both renderers' where a set has them.
RENDERERS = ("innertext", "htmltext")
# Ridge penalty on the standardised weights: keeps the 30-odd weights tame.
L2 = 1.0
# How much a page's length weighs in the fit (see `fit`).
PAGE_NORM = 0.0
# The truth's page types that are pages of cards, for the cards-page model.
CARDS_PAGE_TYPES = ("listing", "collection")


@dataclass(frozen=True, slots=True)
class Rows:
    """One page's training rows: a feature vector, a 0/1 label and a weight per block."""

    vectors: list[list[float]]
    labels: list[int]
    weights: list[float]
    page: tuple[float, ...] = ()  # the page's signs (PAGE_NAMES)
    cards: int = 0  # 1: the truth calls the page a listing or a collection


def block_rows(source: bytes, truth: str, fmt: str = "text", page_type: str | None = None) -> Rows:
    """Label and measure every block of one page as the pipeline sees it before `classify`."""
    truth_tokens = [t.lower() for t in _TOKEN.findall(truth or "")]
    truth_shingles = {tuple(truth_tokens[i : i + 4]) for i in range(len(truth_tokens) - 3)}
    truth_joined = " " + " ".join(truth_tokens) + " "
    doc = run(document(source, input_format=fmt), STAGES[: STAGES.index(measure) + 1])
    vectors, page = vectors_and_page(doc.blocks, doc.reading == "blocks", doc.options)
    rows = Rows([], [], [], page, int(page_type in CARDS_PAGE_TYPES))
    for block, vector in zip(doc.blocks, vectors):
        if block.decision is not None and not block.decision.kept:
            continue
        tokens = [t.lower() for t in _TOKEN.findall(block.text)]
        if not tokens:
            continue
        if len(tokens) >= 4:
            shingles = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
            label = sum(s in truth_shingles for s in shingles) / len(shingles) >= 0.5
        else:
            label = (" " + " ".join(tokens) + " ") in truth_joined
        rows.vectors.append(vector)
        rows.labels.append(int(label))
        rows.weights.append(math.sqrt(len(tokens)))
    return rows


def dump_rows(args: tuple[str, str]) -> Rows:
    """Rows of one text dump against its truth file, (dump path, truth path), as numpy arrays
    (a fifth of the memory of lists over a training set's 300,000 blocks); for process pools."""
    import numpy as np

    text_path, truth_path = args
    with open(truth_path, encoding="utf-8") as handle:
        record = json.load(handle)
    rows = block_rows(Path(text_path).read_bytes(), record.get("articleBody") or "", "text", record.get("page_type"))
    return Rows(
        np.array(rows.vectors, dtype=float).reshape(-1, len(FEATURE_NAMES)),
        np.array(rows.labels, dtype=float),
        np.array(rows.weights, dtype=float),
        rows.page,
        rows.cards,
    )


def dump_jobs(dataset: Path, page_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(dump, truth) pairs for every renderer's dump of these pages that exists, in id order."""
    jobs = []
    for page_id in page_ids:
        truth = dataset / "truth" / f"{page_id}.json"
        for renderer in RENDERERS:
            dump = dataset / "text" / renderer / f"{page_id}.txt"
            if dump.exists():
                jobs.append((str(dump), str(truth)))
    return jobs


def fit(pages: Sequence[Rows], l2: float = L2, page_norm: float = PAGE_NORM) -> dict:
    """A logistic regression over FEATURE_NAMES by Newton's method (IRLS): no random start, so
    the same rows give the same weights; rounded to 6 places so the file is byte-stable. Where
    the rows carry their pages' signs, the cards-page model is fitted too (one row per dump).

    A page's block weights are divided by their sum to the power `page_norm`: 0 lets a long page
    count by its length, 1 makes every page (every dump) count the same."""
    import numpy as np

    width = len(FEATURE_NAMES)
    X = np.vstack([np.asarray(p.vectors, dtype=float).reshape(-1, width) for p in pages] or [np.zeros((0, width))])
    y = np.concatenate([np.asarray(p.labels, dtype=float) for p in pages] or [np.zeros(0)])
    w = np.concatenate(
        [np.asarray(p.weights, dtype=float) / max(1.0, float(np.sum(p.weights))) ** page_norm for p in pages]
        or [np.zeros(0)]
    )
    if page_norm:  # back to the scale of one block, so that l2 means the same for any page_norm
        w *= len(w) / max(1e-9, float(w.sum())) if len(w) else 1.0
    model = {"features": list(FEATURE_NAMES), **_logistic(X, y, w, l2)}
    signed = [p for p in pages if len(p.page) == len(PAGE_NAMES)]
    if signed:
        P = np.array([p.page for p in signed], dtype=float)
        cards = np.array([p.cards for p in signed], dtype=float)
        model["cards_page"] = {"features": list(PAGE_NAMES), **_logistic(P, cards, np.ones(len(signed)), l2)}
    return model


def _logistic(X, y, w, l2: float) -> dict:
    """Bias, weights, mean and scale of a ridge logistic regression on standardised columns."""
    import numpy as np

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = np.hstack([np.ones((len(X), 1)), (X - mean) / scale])
    beta = np.zeros(Z.shape[1])
    penalty = np.full(Z.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):  # converges in a handful of steps
        p = 1.0 / (1.0 + np.exp(-np.clip(Z @ beta, -30, 30)))
        gradient = Z.T @ (w * (p - y)) + penalty * beta
        hessian = (Z * (w * p * (1 - p))[:, None]).T @ Z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return {
        "bias": round(float(beta[0]), 6),
        "weights": [round(float(b), 6) for b in beta[1:]],
        "mean": [round(float(m), 6) for m in mean],
        "scale": [round(float(s), 6) for s in scale],
    }


def write_model(model: dict, path: Path | str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(model, handle, indent=1)
        handle.write("\n")
