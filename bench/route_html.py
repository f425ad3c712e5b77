"""Choose the HTML router (cleaner/html/route.py) by 5-fold cross-validation grouped by site on
wcxb-train, end to end through the pipeline.

    python bench/route_html.py [--bench ../shared/bench] [--cache DIR] [--jobs 1]

1. Folds: `cleaner.eval.folds.assign_folds` over the truth URLs (as `cleaner eval --folds 5`).
   For each fold the whole-page block model is trained on the other four
   (`train_html_model.train`, the same two stages as the packaged model).
2. Every page is cleaned twice by `cleaner.clean`, as `cleaner eval --mode html` cleans it (no
   URL given): `html_reading="trafilatura"` (today's path) and `html_reading="model"` with its
   fold's model (out of fold). The page signals a router may read are recorded beside them.
3. Router variants are scored on those outputs (bag-of-words F1, the WCXB metric, and shingle F1,
   overall and per page type). A variant's threshold is chosen on the four training folds and
   applied to the fifth, so every figure is out of fold.

Needs lightgbm and numpy (`pip install lightgbm numpy`). Outputs are cached by the hash of the
code that made them; delete the cache to rerun.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import train_html_model  # noqa: E402

from cleaner import Options, clean  # noqa: E402
from cleaner.eval import metric  # noqa: E402
from cleaner.eval.evaluate import html_path, read_html  # noqa: E402
from cleaner.eval.folds import assign_folds  # noqa: E402
from cleaner.html import blockmodel  # noqa: E402
from cleaner.html.pageblocks import FEATURE_NAMES  # noqa: E402

FOLDS = 5
# The page outputs depend on all of cleaner but the router's own rule (both readings are forced).
_CODE = ("cleaner", "cleaner/data", "rules", "bench/train_html_model.py")
_NOT_CODE = ("route.py",)


def code_stamp() -> str:
    digest = hashlib.sha1()
    for name in _CODE:
        path = ROOT / name
        files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix in (".py", ".json", ".yaml")) if path.is_dir() else [path]
        for file in files:
            if file.name not in _NOT_CODE and "__pycache__" not in file.parts:
                digest.update(file.read_bytes())
    return digest.hexdigest()[:10]


_PAGE_COLUMNS = {name: FEATURE_NAMES.index(name) for name in FEATURE_NAMES if name.startswith(("page_", "ld_", "og_", "url_"))}


def signals_of(record: dict, blocks: str, model: str) -> dict[str, float]:
    """What a router may read: the page-level features of the model's rows, each path's words,
    and how far the two outputs agree (bag-of-words F1 of one against the other)."""
    row = record["rows"][0] if record["rows"] else [0.0] * len(FEATURE_NAMES)
    out = {name: row[column] for name, column in _PAGE_COLUMNS.items()}
    out["blocks_words"] = float(len(blocks.split()))
    out["model_words"] = float(len(model.split()))
    out["agreement"] = metric.word_score(model, blocks).f1 if blocks or model else 1.0
    return out


def fold_models(pages: list[dict], fold_of: dict[str, int], cache: Path) -> dict[int, str]:
    """Each fold's block model, trained on the other folds' pages, as a JSON file."""
    stamp = hashlib.sha1(Path(train_html_model.__file__).read_bytes()
                         + (ROOT / "cleaner/html/pageblocks.py").read_bytes()).hexdigest()[:10]
    paths = {}
    for fold in range(FOLDS):
        path = cache / f"route-fold{fold}-{stamp}.json"
        if not path.exists():
            model = train_html_model.train([p for p in pages if fold_of[p["id"]] != fold])
            path.write_text(blockmodel.dumps(model), encoding="utf-8")
            print(f"  trained fold {fold}", file=sys.stderr, flush=True)
        paths[fold] = str(path)
    return paths


@dataclass
class Page:
    id: str
    type: str
    fold: int
    truth: str
    traf: str  # trafilatura's default extraction (the baseline)
    blocks: str  # cleaner, html_reading="trafilatura"
    model: str  # cleaner, html_reading="model", out of fold
    reading: str  # the reading the trafilatura path ended in ("blocks" or "dump")
    signals: dict[str, float]
    cpu_blocks: float
    cpu_model: float
    title_blocks: str | None = None
    title_model: str | None = None
    # The model's reading at other content thresholds (Options.html_block_threshold).
    model_at: dict[float, str] | None = None


def clean_pages(bench: Path, records: list[dict], fold_of: dict[str, int], models: dict[int, str]) -> list[Page]:
    dataset = bench / "wcxb-train"
    pages = []
    for n, record in enumerate(records):
        html = read_html(html_path(dataset, record["id"]))
        started = time.process_time()
        ours = clean(html, input_format="html", options=Options(html_reading="trafilatura"))
        cpu_blocks = time.process_time() - started
        started = time.process_time()
        page = clean(html, input_format="html", options=Options(html_reading="model", html_block_model=models[fold_of[record["id"]]]))
        cpu_model = time.process_time() - started
        reading = "dump" if any(d.kind == "line" for d in ours.decisions) else "blocks"
        pages.append(Page(
            id=record["id"], type=record["type"], fold=fold_of[record["id"]], truth=record["truth"], traf=record["traf"],
            blocks=ours.text, model=page.text, reading=reading,
            signals=signals_of(record, ours.text, page.text), cpu_blocks=cpu_blocks, cpu_model=cpu_model,
            title_blocks=ours.metadata.title, title_model=page.metadata.title,
        ))
        if n % 100 == 0:
            print(f"  cleaned {n}/{len(records)}", file=sys.stderr, flush=True)
    return pages


THRESHOLDS = (0.5, 0.6, 0.7)


def clean_at_thresholds(bench: Path, pages: list[Page], models: dict[int, str]) -> None:
    dataset = bench / "wcxb-train"
    for n, page in enumerate(pages):
        html = read_html(html_path(dataset, page.id))
        page.model_at = {**(page.model_at or {}), 0.4: page.model}
        page.model_at[-1.0] = clean(html, input_format="html", options=Options(
            html_reading="model", html_block_model=models[page.fold], html_page_teasers=True)).text
        for threshold in THRESHOLDS:
            if threshold in page.model_at:
                continue
            options = Options(html_reading="model", html_block_model=models[page.fold], html_block_threshold=threshold)
            page.model_at[threshold] = clean(html, input_format="html", options=options).text
        if n % 100 == 0:
            print(f"  thresholds {n}/{len(pages)}", file=sys.stderr, flush=True)


def _article(page: Page) -> bool:
    return bool(page.signals["og_article"] or page.signals["ld_article"])


# --- router variants ----------------------------------------------------------------------------

Router = Callable[[Page, float], bool]  # True: the model's reading


def _page_signal(name: str) -> Callable[[Page], float]:
    return lambda page: page.signals.get(name, 0.0)


VARIANTS: dict[str, tuple[Router, tuple[float, ...]]] = {
    "trafilatura always": (lambda p, t: False, (0.0,)),
    "model always": (lambda p, t: True, (0.0,)),
    "model unless og/ld article": (lambda p, t: not (p.signals["og_article"] or p.signals["ld_article"]), (0.0,)),
    "model where trafilatura fell back to a dump": (lambda p, t: p.reading == "dump", (0.0,)),
    "model where the two disagree (BoW F1 < t)": (
        lambda p, t: p.signals["agreement"] < t, (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)),
    "model where its kept words / trafilatura path's > t": (
        lambda p, t: p.signals["model_words"] > t * max(1.0, p.signals["blocks_words"]), (1.0, 1.2, 1.5, 2.0, 3.0, 5.0)),
    "model, content threshold t": (lambda p, t: True, (0.4,) + THRESHOLDS),
    "model, threshold t on og/ld article pages": (lambda p, t: True, (0.4,) + THRESHOLDS),
    "model, teaser units dropped (t=1) or not (t=0)": (lambda p, t: True, (0.0, 1.0)),
    "model unless og/ld article, or disagree < t": (
        lambda p, t: not (p.signals["og_article"] or p.signals["ld_article"]) or p.signals["agreement"] < t,
        (0.0, 0.3, 0.5, 0.7, 0.9)),
    "model; trafilatura's path too where it keeps < t words, more words win": (
        lambda p, t: len(p.model.split()) < t, (25, 50, 100, 150, 200, 300, 400)),
    "trafilatura's path on og/ld articles, model elsewhere; the other too where one keeps < t words": (
        lambda p, t: _article(p), (0, 50, 100, 200, 400, 800)),
}
_SECOND_OPINION = VARIANTS["model; trafilatura's path too where it keeps < t words, more words win"][0]
_AT_THRESHOLD = VARIANTS["model, content threshold t"][0]
_AT_THRESHOLD_ARTICLES = VARIANTS["model, threshold t on og/ld article pages"][0]
_TEASERS = VARIANTS["model, teaser units dropped (t=1) or not (t=0)"][0]
_BY_DECLARATION = VARIANTS["trafilatura's path on og/ld articles, model elsewhere; the other too where one keeps < t words"][0]


def bow(pages: list[Page], texts: Callable[[Page], str]) -> float:
    return metric.word_mean([metric.word_score(texts(p), p.truth) for p in pages]).f1


def shingle(pages: list[Page], texts: Callable[[Page], str]) -> float:
    return metric.score([metric.overlap(texts(p), p.truth) for p in pages]).f1


def routed_text(router: Router, threshold: float) -> Callable[[Page], str]:
    if router is _AT_THRESHOLD:
        return lambda p: p.model_at[threshold]
    if router is _AT_THRESHOLD_ARTICLES:
        return lambda p: p.model_at[threshold] if _article(p) else p.model
    if router is _TEASERS:
        return lambda p: p.model_at[-1.0] if threshold else p.model
    if router is _SECOND_OPINION:  # as pipeline.clean: the reading with more words wins
        return lambda p: p.blocks if router(p, threshold) and len(p.blocks.split()) > len(p.model.split()) else p.model
    if router is _BY_DECLARATION:
        return lambda p: _second_opinion(*((p.blocks, p.model) if _article(p) else (p.model, p.blocks)), threshold)
    return lambda p: p.model if router(p, threshold) else p.blocks


def _second_opinion(first: str, second: str, threshold: float) -> str:
    """The first reading, or the second where the first keeps under `threshold` words and the
    second keeps more."""
    words = len(first.split())
    return second if words < threshold and len(second.split()) > words else first


def cross_validated(pages: list[Page], router: Router, thresholds: tuple[float, ...]) -> tuple[dict[str, str], list[float]]:
    """Per held-out fold, the threshold best on the other folds (bag-of-words F1), applied to it."""
    chosen: dict[str, str] = {}
    picks = []
    for fold in range(FOLDS):
        train = [p for p in pages if p.fold != fold]
        best = max(thresholds, key=lambda t: (round(bow(train, routed_text(router, t)), 6), -t))
        picks.append(best)
        for page in pages:
            if page.fold == fold:
                chosen[page.id] = routed_text(router, best)(page)
    return chosen, picks


def report(pages: list[Page]) -> None:
    types = sorted({p.type for p in pages}, key=lambda t: -sum(p.type == t for p in pages))
    head = f"{'router':<52}{'thresholds':>22} {'BoW':>6} {'shingle':>7} {'to model':>8}  " + " ".join(f"{t[:8]:>8}" for t in types)
    print(head)
    base = {t: bow([p for p in pages if p.type == t], lambda p: p.traf) for t in types}
    print(f"{'trafilatura default (baseline)':<52}{'':>22} {bow(pages, lambda p: p.traf):>6.3f} "
          f"{shingle(pages, lambda p: p.traf):>7.3f} {'':>8}  " + " ".join(f"{base[t]:>8.3f}" for t in types))
    for name, (router, thresholds) in VARIANTS.items():
        chosen, picks = cross_validated(pages, router, thresholds)
        text = lambda p: chosen[p.id]  # noqa: E731
        share = sum(chosen[p.id] is p.model and p.model is not p.blocks for p in pages) / len(pages)
        per_type = " ".join(f"{bow([p for p in pages if p.type == t], text):>8.3f}" for t in types)
        print(f"{name:<52}{','.join(f'{x:g}' for x in picks):>22} {bow(pages, text):>6.3f} {shingle(pages, text):>7.3f} "
              f"{share:>8.2f}  {per_type}")
    oracle = lambda p: max((p.blocks, p.model), key=lambda t: metric.word_score(t, p.truth).f1)  # noqa: E731
    print(f"{'oracle (best of the two per page: a bound)':<52}{'':>22} {bow(pages, oracle):>6.3f} {shingle(pages, oracle):>7.3f}")
    blocks_cpu = sum(p.cpu_blocks for p in pages) / len(pages)
    model_cpu = sum(p.cpu_model for p in pages) / len(pages)
    print(f"cpu per page: trafilatura path {1000 * blocks_cpu:.1f} ms, model path {1000 * model_cpu:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.environ.get("CLEANER_BENCH", str(ROOT.parent / "shared" / "bench")))
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "cleaner-html-model"))
    parser.add_argument("--pages", help="reuse this cache of cleaned pages (after a change that cannot move them)")
    parser.add_argument("--no-thresholds", action="store_true",
                        help="clean each page twice only (both readings), not at the other content thresholds")
    args = parser.parse_args()
    bench, cache = Path(args.bench), Path(args.cache)
    records = train_html_model.dataset(bench, "wcxb-train", cache)
    urls = {r["id"]: json.loads((bench / "wcxb-train" / "truth" / f"{r['id']}.json").read_text(encoding="utf-8")).get("url")
            for r in records}
    fold_of = assign_folds(urls, FOLDS)
    models = fold_models(records, fold_of, cache)
    path = Path(args.pages) if args.pages else cache / f"route-pages-{code_stamp()}.pickle"
    if path.exists():
        pages = pickle.loads(path.read_bytes())
    else:
        pages = clean_pages(bench, records, fold_of, models)
        path.write_bytes(pickle.dumps(pages))
    if args.no_thresholds:  # the variants that need the other content thresholds are left out
        for name in ("model, content threshold t", "model, threshold t on og/ld article pages",
                     "model, teaser units dropped (t=1) or not (t=0)"):
            VARIANTS.pop(name)
    elif pages[0].model_at is None or -1.0 not in pages[0].model_at:
        clean_at_thresholds(bench, pages, models)
        path.write_bytes(pickle.dumps(pages))
    print(f"wcxb-train, {len(pages)} pages, {FOLDS}-fold cross-validation grouped by site (cleaner.eval.folds); "
          "bag-of-words F1 per page type:")
    report(pages)


if __name__ == "__main__":
    main()
