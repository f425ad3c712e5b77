"""Train the whole-page HTML block model on wcxb-train, cross-validate it by domain, report.

    python bench/train_html_model.py [--bench ../shared/bench] [--out cleaner/data/html_block_model.json]
                                     [--cache DIR] [--no-cv] [--report]

Needs lightgbm and numpy (training only; `cleaner.html.blockmodel` reads the written trees in
pure Python). Every page of wcxb-train is segmented by `cleaner.html.pageblocks`; a block is
labelled content when at least half of its 4-word shingles (a block under four words: its whole
token run) occur in the truth's `articleBody`. Shingles, not a bag of words: a menu item's words
("Home", "News") are in most truths, their runs in page order are not. Blocks are weighted by their
words over the square root of the page's words: the metric counts words but averages pages.

Two stages: the second sees the first's probabilities of the blocks around each block, computed
out of fold inside the training pages.

Cross-validation: 5 folds by domain (the truth URL's host without "www.", folds by a SHA-1 of it,
so the split is fixed), the model trained on four folds keeps blocks of the fifth; the kept text is
scored with shingle F1 and bag-of-words F1 (`cleaner.metric`) beside trafilatura's default
extraction (`trafilatura.extract(html, include_comments=False)`) of the same pages, per page type.
Then the model is trained on all of wcxb-train and written (deterministic: one thread, fixed seed,
trees written as plain lists); `--report` scores it on wcxb-dev and scrapinghub (report only).

Tried and not kept: where the main story is, as features (the maximum-sum run of prose blocks
and each block's place and distance from it, prose words before and after, related-list headers
("More news", rules/generic/related-list.yaml) since the run ended, link density of the ten blocks
either side: 16 features), and stage one's kept run and kept words before and after in stage two
(7 more): this script's CV 0.861 against 0.859 (0.858 with the first alone, 0.859 with the second
alone), but end to end (bench/route_html.py) the model always 0.856 against 0.858 and with the
router's second opinion 0.862 against 0.863. A cut of the model's story at the first related-list
header after 50 kept words: 0.856 on every page, 0.859 on declared articles only (0.859 without).

Tried and not kept (CV bag-of-words F1 of the two-stage model, 0.859 as kept): page-type
probabilities from a page-level classifier (out-of-fold accuracy 0.73) added to stage two 0.856
at threshold 0.4, 0.859 at 0.45; stage two with 200 trees 0.858; one stage weighted by words over
the page's words 0.851 or over the truth's 0.851 (0.855 as kept); trafilatura's verdict as a
feature +0.003 for 27 ms a page; a Viterbi pass (Options.html_block_switch) below no smoothing.

Tried and not kept (bench/route_html.py --no-thresholds, end to end): inline elements with only
aria-hidden="true" read as visible (a card's second link, which a browser shows): all blocks then
hold 0.937 of collection truths' words (0.924), but the router scores 0.8652 against 0.8655
(collection 0.697 against 0.709).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from cleaner.eval import metric  # noqa: E402
from cleaner.html import blockmodel  # noqa: E402
from cleaner.html.pageblocks import FEATURE_NAMES, Reference, words  # noqa: E402
from cleaner.load import decode  # noqa: E402
from cleaner.options import Options  # noqa: E402

FOLDS = 5
SEED = 13
LABEL_SHARE = 0.5
PARAMS = {
    "objective": "binary", "learning_rate": 0.1, "num_leaves": 31, "min_data_in_leaf": 50,
    "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
    "seed": SEED, "deterministic": True, "num_threads": 1, "verbose": -1, "force_row_wise": True,
}
ROUNDS = 120
# Stage one: fewer, larger steps (it runs on every page before stage two).
STAGE_ONE = {**PARAMS, "learning_rate": 0.2}
STAGE_ONE_ROUNDS = 60


def domain(url: str) -> str:
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    return host.removeprefix("www.")


def fold_of(name: str) -> int:
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % FOLDS


def read_page(path: Path) -> str:
    raw = path.read_bytes()
    return decode(gzip.decompress(raw) if path.suffix == ".gz" else raw)[0]


def page_record(html_path: Path, truth_path: Path) -> dict:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    body = truth.get("articleBody") or ""
    html = read_page(html_path)
    started = time.process_time()
    page = blockmodel.page_rows(html, truth.get("url"), Options())
    ours = time.process_time() - started
    started = time.process_time()
    try:
        traf = trafilatura.extract(html, include_comments=False) or ""
    except Exception:  # noqa: BLE001 - trafilatura failing on a page is a page it scores 0 on
        traf = ""
    traf_cpu = time.process_time() - started
    reference = Reference.of(body)
    labels, weights = [], []
    for text in page.texts:
        tokens = words(text)
        labels.append(1 if reference.share(tokens) >= LABEL_SHARE else 0)
        weights.append(len(tokens))
    return {
        "id": truth_path.stem, "domain": domain(truth.get("url") or ""), "type": truth.get("page_type") or "article",
        "rows": page.rows, "texts": page.texts, "labels": labels, "weights": weights, "truth": body,
        "traf": traf, "cpu": ours, "traf_cpu": traf_cpu,
    }


def dataset(bench: Path, name: str, cache: Path) -> list[dict]:
    cache.mkdir(parents=True, exist_ok=True)
    stamp = hashlib.sha1(Path(blockmodel.__file__).with_name("pageblocks.py").read_bytes()).hexdigest()[:10]
    path = cache / f"{name}-{stamp}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    pages = []
    truths = sorted((bench / name / "truth").glob("*.json"))
    for n, truth in enumerate(truths):
        html = bench / name / "html" / f"{truth.stem}.html"
        html = html if html.exists() else html.with_name(f"{truth.stem}.html.gz")
        pages.append(page_record(html, truth))
        if n % 100 == 0:
            print(f"  {name}: {n}/{len(truths)}", file=sys.stderr, flush=True)
    path.write_bytes(pickle.dumps(pages))
    return pages


def arrays(pages: list[dict]):
    import numpy as np

    X = np.array([row for p in pages for row in p["rows"]], dtype=np.float64).reshape(-1, len(FEATURE_NAMES))
    y = np.array([label for p in pages for label in p["labels"]], dtype=np.float64)
    w = np.array([wt / max(1.0, sum(p["weights"])) ** 0.5 for p in pages for wt in p["weights"]], dtype=np.float64)
    return X, y, w


def fit(pages: list[dict], params: dict, rounds: int, stack: dict[str, list[list[float]]] | None = None) -> dict:
    import lightgbm as lgb
    import numpy as np

    X, y, w = arrays(pages)
    names = FEATURE_NAMES
    if stack is not None:
        X = np.hstack([X, np.array([r for p in pages for r in stack[p["id"]]], dtype=np.float64)])
        names = FEATURE_NAMES + blockmodel.STACK_NAMES
    booster = lgb.train(params, lgb.Dataset(X, y, weight=w, feature_name=list(names)), num_boost_round=rounds)
    return blockmodel.from_lightgbm(booster.dump_model(), names)


def train(pages: list[dict]) -> dict:
    """Stage one on the pages; stage two on stage one's probabilities out of fold (each fold's
    pages scored by a stage one trained on the other folds present), so that stage two learns
    from probabilities like those it will see on new pages."""
    first = fit(pages, STAGE_ONE, STAGE_ONE_ROUNDS)
    folds = sorted({fold_of(p["domain"]) for p in pages})
    stack: dict[str, list[list[float]]] = {}
    for fold in folds:
        inner = fit([p for p in pages if fold_of(p["domain"]) != fold], STAGE_ONE, STAGE_ONE_ROUNDS)
        for page in pages:
            if fold_of(page["domain"]) == fold:
                stack[page["id"]] = blockmodel.stack_features(blockmodel.predict(inner, page["rows"]), page["rows"])
    first["stack"] = fit(pages, PARAMS, ROUNDS, stack)
    return first


def kept_text(model: dict, page: dict, **settings) -> str:
    started = time.process_time()
    keep = blockmodel.decide(model, page["rows"], **settings)
    page["model_cpu"] = time.process_time() - started
    return "\n".join(text for text, k in zip(page["texts"], keep) if k)


def score_lines(pages: list[dict], predictions: dict[str, str]) -> list[str]:
    by_type: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        by_type[page["type"]].append(page)
    lines = [f"{'type':<14}{'n':>5}  {'bow model':>9} {'bow traf':>9}  {'shingle model':>13} {'shingle traf':>12}"]
    for name, group in sorted(by_type.items(), key=lambda kv: -len(kv[1])) + [("all", pages)]:
        bow_m = metric.word_mean([metric.word_score(predictions[p["id"]], p["truth"]) for p in group]).f1
        bow_t = metric.word_mean([metric.word_score(p["traf"], p["truth"]) for p in group]).f1
        sh_m = metric.score([metric.overlap(predictions[p["id"]], p["truth"]) for p in group]).f1
        sh_t = metric.score([metric.overlap(p["traf"], p["truth"]) for p in group]).f1
        lines.append(f"{name:<14}{len(group):>5}  {bow_m:>9.3f} {bow_t:>9.3f}  {sh_m:>13.3f} {sh_t:>12.3f}")
    ours = sum(p["cpu"] for p in pages)
    trees = sum(p.get("model_cpu", 0.0) for p in pages)
    theirs = sum(p["traf_cpu"] for p in pages)
    lines.append(f"cpu per page: parse, segment, features {1000 * ours / len(pages):.1f} ms + trees "
                 f"{1000 * trees / len(pages):.1f} ms; trafilatura default {1000 * theirs / len(pages):.1f} ms")
    return lines


def cross_validate(pages: list[dict], settings: dict) -> dict[str, str]:
    predictions: dict[str, str] = {}
    for fold in range(FOLDS):
        held = [p for p in pages if fold_of(p["domain"]) == fold]
        model = train([p for p in pages if fold_of(p["domain"]) != fold])
        for page in held:
            predictions[page["id"]] = kept_text(model, page, **settings)
        print(f"  fold {fold}: {len(held)} pages", file=sys.stderr, flush=True)
    return predictions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.environ.get("CLEANER_BENCH", str(ROOT.parent / "shared" / "bench")))
    parser.add_argument("--out", default=str(ROOT / "cleaner" / "data" / "html_block_model.json"))
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "cleaner-html-model"))
    parser.add_argument("--no-cv", action="store_true")
    parser.add_argument("--report", action="store_true", help="score the written model on wcxb-dev and scrapinghub")
    args = parser.parse_args()
    bench, cache = Path(args.bench), Path(args.cache)
    pages = dataset(bench, "wcxb-train", cache)
    settings = blockmodel.DEFAULT_SETTINGS
    if not args.no_cv:
        print("5-fold cross-validation on wcxb-train, grouped by domain:")
        for line in score_lines(pages, cross_validate(pages, settings)):
            print(line)
    model = train(pages)
    Path(args.out).write_text(blockmodel.dumps(model), encoding="utf-8")
    print(f"wrote {args.out}: {len(model['trees'])} + {len(model['stack']['trees'])} trees over "
          f"{len(FEATURE_NAMES)} + {len(blockmodel.STACK_NAMES)} features")
    if args.report:
        for name in ("wcxb-dev", "scrapinghub"):
            report = dataset(bench, name, cache)
            print(f"report set {name} (nothing fitted on it):")
            for line in score_lines(report, {p["id"]: kept_text(model, p, **settings) for p in report}):
                print(line)


if __name__ == "__main__":
    main()
