"""Choose the text path's selection thresholds by nested cross-validation on wcxb-train.

    python bench/tune_select.py [--bench ../shared/bench] [--jobs 2] \
        --grid switch_cost=0.4,0.8,1.2 --grid gap_fill_score=0.05,0.15

1. Folds grouped by site, as `cleaner eval --folds 5` makes them (`cleaner.eval.folds`).
2. Each fold's block content model is trained on the other folds' dumps (both renderers, as
   `cleaner eval --folds` trains it); every innertext dump of the fold is run through the stages
   up to `classify` with that model, once.
3. `select` and `describe` then run on that document once per grid point (the product of the
   values given; the first value of each is today's default when you list it first), and the
   page's bag-of-words F1 (the WCXB metric) and shingle F1 against the truth are kept.
4. Nested: for each fold, the point with the best mean bag-of-words F1 on the other four folds
   is scored on this fold. That out-of-fold mean is the figure a tuned setting may claim; the
   point best on all five folds is the one to put into Options.

Only wcxb-train is read: scrapinghub and wcxb-dev are report sets. Needs numpy (the model fit).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.eval import metric  # noqa: E402
from cleaner.eval.folds import assign_folds  # noqa: E402
from cleaner.options import Options  # noqa: E402
from cleaner.pipeline import STAGES, assemble, document, run  # noqa: E402
from cleaner.select import train  # noqa: E402
from cleaner.select.heuristics import classify  # noqa: E402

TRAINING_SET = "wcxb-train"
RENDERER = "innertext"
UP_TO_CLASSIFY = STAGES[: STAGES.index(classify) + 1]
AFTER_CLASSIFY = STAGES[STAGES.index(classify) + 1 :]


def parse_grid(specs: list[str]) -> list[dict]:
    """['a=1,2', 'b=x'] -> every combination as a dict of Options fields, typed as the field."""
    types = {f.name: type(getattr(Options(), f.name)) for f in fields(Options)}
    axes = []
    for spec in specs:
        name, _, values = spec.partition("=")
        if name not in types:
            sys.exit(f"--grid {spec}: Options has no field {name!r}")
        axes.append([(name, types[name](v)) for v in values.split(",")])
    return [dict(point) for point in itertools.product(*axes)] or [{}]


def page_scores(job: tuple[str, str, str, list[dict]]) -> tuple[str, list[tuple[float, float]]]:
    """(page id, [(bag-of-words F1, shingle F1) per grid point]) for one dump."""
    dump, truth_path, model_path, points = job
    truth = json.loads(Path(truth_path).read_text(encoding="utf-8")).get("articleBody") or ""
    base = Options(content_model=model_path)
    classified = run(document(Path(dump).read_bytes(), input_format="text", options=base), UP_TO_CLASSIFY)
    scores = []
    for point in points:
        doc = run(replace(classified, options=replace(base, **point)), AFTER_CLASSIFY)
        text = assemble(doc).text
        scores.append((metric.word_score(text, truth).f1, metric.overlap(text, truth).f1))
    return Path(dump).stem, scores


def fold_models(dataset: Path, ids: list[str], fold_of: dict[str, int], folder: Path, jobs: int) -> dict[int, str]:
    """Each fold's content model, trained on the other folds' dumps of both renderers."""
    pairs = train.dump_jobs(dataset, ids)
    owners = [Path(dump).stem for dump, _ in pairs]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(train.dump_rows, pairs, chunksize=8))
    paths = {}
    for fold in sorted(set(fold_of.values())):
        path = folder / f"fold-{fold}.json"
        train.write_model(train.fit([r for r, owner in zip(rows, owners) if fold_of[owner] != fold]), path)
        paths[fold] = str(path)
    return paths


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.environ.get("CLEANER_BENCH", str(ROOT.parent / "shared" / "bench")))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--grid", action="append", default=[], help="FIELD=v1,v2,... (repeatable)")
    args = parser.parse_args()
    dataset = Path(args.bench) / TRAINING_SET
    points = parse_grid(args.grid)
    urls = {p.stem: json.loads(p.read_text(encoding="utf-8")).get("url") for p in sorted((dataset / "truth").glob("*.json"))}
    fold_of = assign_folds(urls, args.folds)
    ids = sorted(urls)
    with tempfile.TemporaryDirectory(prefix="cleaner-tune-") as tmp:
        models = fold_models(dataset, ids, fold_of, Path(tmp), args.jobs)
        jobs = [(str(dataset / "text" / RENDERER / f"{i}.txt"), str(dataset / "truth" / f"{i}.json"), models[fold_of[i]], points)
                for i in ids if (dataset / "text" / RENDERER / f"{i}.txt").exists()]
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            scored = dict(pool.map(page_scores, jobs, chunksize=4))
    print(f"{len(scored)} {RENDERER} dumps of {TRAINING_SET}, {args.folds} folds by site, {len(points)} grid points")
    by_point = [mean(s[p][0] for s in scored.values()) for p in range(len(points))]
    for p, point in sorted(enumerate(points), key=lambda t: -by_point[t[0]]):
        shingle = mean(s[p][1] for s in scored.values())
        print(f"  BoW {by_point[p]:.4f}  shingle {shingle:.4f}  {point}")
    nested = []
    for fold in range(args.folds):
        inside = [i for i in scored if fold_of[i] != fold]
        best = max(range(len(points)), key=lambda p: (mean(scored[i][p][0] for i in inside), -p))
        held = [scored[i][best][0] for i in scored if fold_of[i] == fold]
        nested.extend(held)
        print(f"fold {fold}: chosen on the other folds {points[best]}, held-out BoW {mean(held):.4f}")
    print(f"nested CV BoW {mean(nested):.4f} (the first point, untuned: {mean(s[0][0] for s in scored.values()):.4f})")


if __name__ == "__main__":
    main()
