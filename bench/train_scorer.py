"""Train the block content model on wcxb-train's text dumps, reproducibly.

    python bench/train_scorer.py [--bench ../shared/bench] [--out cleaner/data/content_model.json]

Rows and fit are `cleaner.select.train`'s (both renderers' dumps, blocks labelled by the truth's
shingles, a logistic regression by Newton's method: no random start, weights rounded, so a rerun
writes the same bytes), and beside it the cards-page model (one row per dump, labelled by the
truth's page_type: listing or collection; select/context.py). Only wcxb-train is read: scrapinghub and wcxb-dev are report sets.
Choose variants by cross-validation inside wcxb-train, grouped by site:

    cleaner eval ../shared/bench/wcxb-train --mode text --renderer innertext --folds 5
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.select import train  # noqa: E402
from cleaner.select.heuristics import FEATURE_NAMES  # noqa: E402

TRAINING_SET = "wcxb-train"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.environ.get("CLEANER_BENCH", str(ROOT.parent / "shared" / "bench")))
    parser.add_argument("--out", default=str(ROOT / "cleaner" / "data" / "content_model.json"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    dataset = Path(args.bench) / TRAINING_SET
    ids = sorted(p.stem for p in (dataset / "truth").glob("*.json"))
    jobs = train.dump_jobs(dataset, ids)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(train.dump_rows, jobs, chunksize=8))
    model = train.fit(rows)
    blocks = sum(len(r.labels) for r in rows)
    model["trained_on"] = {TRAINING_SET: {"pages": len(ids), "dumps": len(jobs), "blocks": blocks}}
    train.write_model(model, args.out)
    story = int(sum(r.labels.sum() for r in rows))
    print(f"wrote {args.out}: {len(jobs)} dumps, {blocks} blocks, {story} story")
    for name, weight in sorted(zip(FEATURE_NAMES, model["weights"]), key=lambda t: -abs(t[1])):
        print(f"  {name:<24} {weight:+.3f}")
    cards = model["cards_page"]
    print(f"cards-page model, bias {cards['bias']:+.3f}:")
    for name, weight in zip(cards["features"], cards["weights"]):
        print(f"  {name:<24} {weight:+.3f}")


if __name__ == "__main__":
    main()
