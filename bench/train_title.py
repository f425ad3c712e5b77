"""Fit Options.dump_title_weights: the weights of the signs cleaner/text/headline.py reads from a
text dump's headline-shaped lines to pick its metadata title.

    .venv/bin/python bench/train_title.py ../shared/bench/wcxb-train [--renderer innertext] [--jobs 2]

Each page's candidate lines (headline.title_candidates, after the whole pipeline) are one choice;
the truth title is the candidate equal to it after folding case and punctuation (the eval's
title match). A conditional logit (softmax over a page's candidates, L2) is fitted by gradient
descent; 5-fold cross-validation grouped by site (cleaner/eval/folds.py) prints the accuracy of
the fitted weights on the held-out pages (counting every page, also those whose truth is no
candidate) next to today's weights, then the weights fitted on all pages, rounded to 0.05, to
paste into Options. Fit only on wcxb-train.

Tried and not kept: two signs for listing and category pages, a result count or sort/filter
controls within three blocks below ("(24 products)", "Sort: Best Match") and a breadcrumb step
on the line above ("Camp Kitchen /"): held-out accuracy 0.436 with them, 0.438 without (innertext).
Only 0.681 of the pages have their truth title among the candidates; 0.77 have it as some line.
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from cleaner.eval.folds import assign_folds
from cleaner.eval.metric import fold
from cleaner.options import Options
from cleaner.pipeline import STAGES, document, run
from cleaner.text.headline import SIGNS, title_candidates

_L2 = 0.01
_STEPS = 3000
_RATE = 0.5


def page_choices(path: Path, truth_title: str) -> tuple[np.ndarray, np.ndarray]:
    doc = run(document(path.read_bytes(), input_format="text", options=Options()), STAGES)
    found = title_candidates(doc)
    want = fold(truth_title)
    signs = np.array([s for _, _, s in found], dtype=float).reshape(-1, len(SIGNS))
    right = np.array([fold(text) == want for _, text, _ in found], dtype=bool)
    return signs, right


def _load(args: tuple[str, str, str]) -> tuple[str, str | None, np.ndarray, np.ndarray]:
    root, renderer, page_id = args
    truth = json.loads((Path(root) / "truth" / f"{page_id}.json").read_text(encoding="utf-8"))
    signs, right = page_choices(Path(root) / "text" / renderer / f"{page_id}.txt", truth.get("title") or "")
    return page_id, truth.get("url"), signs, right


def fit(pages: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Softmax over each page's candidates; only pages with a right candidate teach."""
    usable = [(x, y) for x, y in pages if len(x) and y.any()]
    x = np.concatenate([p[0] for p in usable])
    target = np.concatenate([p[1] / p[1].sum() for p in usable])
    starts = np.cumsum([0] + [len(p[0]) for p in usable[:-1]])
    page = np.repeat(np.arange(len(usable)), [len(p[0]) for p in usable])
    w = np.zeros(len(SIGNS))
    for _ in range(_STEPS):
        s = x @ w
        s = s - np.maximum.reduceat(s, starts)[page]
        e = np.exp(s)
        p = e / np.add.reduceat(e, starts)[page]
        w -= _RATE * (_L2 * w + x.T @ (p - target) / len(usable))
    return w


def accuracy(pages: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> float:
    right = 0
    for x, y in pages:
        if len(x):
            scores = np.round(x @ w, 6)
            right += bool(y[int(np.argmax(scores))])  # first best, as headline.best_title_block
    return right / max(1, len(pages))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset")
    parser.add_argument("--renderer", default="innertext")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    root = Path(args.dataset)
    ids = sorted(p.stem for p in (root / "text" / args.renderer).glob("*.txt"))
    with ProcessPoolExecutor(args.jobs) as pool:
        loaded = list(pool.map(_load, [(str(root), args.renderer, i) for i in ids], chunksize=8))
    folds = assign_folds({pid: url for pid, url, _, _ in loaded}, 5)
    pages = {pid: (x, y) for pid, _, x, y in loaded}
    today = np.array(Options().dump_title_weights)
    held, held_today = [], []
    for k in range(5):
        train = [pages[p] for p in ids if folds[p] != k]
        test = [pages[p] for p in ids if folds[p] == k]
        w = fit(train)
        held.append(accuracy(test, w) * len(test))
        held_today.append(accuracy(test, today) * len(test))
        print(f"fold {k}: {len(test)} pages, fitted {accuracy(test, w):.3f}, Options {accuracy(test, today):.3f}")
    print(f"5-fold held-out title accuracy: fitted {sum(held) / len(ids):.3f}, Options {sum(held_today) / len(ids):.3f}")
    reachable = sum(1 for x, y in pages.values() if y.any()) / len(ids)
    print(f"pages whose truth title is a candidate: {reachable:.3f}")
    w = fit(list(pages.values()))
    print(f"all pages: fitted {accuracy(list(pages.values()), w):.3f}")
    for name, value in zip(SIGNS, w):
        print(f"  {name:<16} {value:+.3f}")
    print("dump_title_weights = (" + ", ".join(f"{round(v * 20) / 20:.2f}" for v in w) + ")")


if __name__ == "__main__":
    main()
