"""Train the block content model from ../shared/bench text dumps, reproducibly; cross-validate.

    python bench/train_scorer.py [--bench ../shared/bench] [--out cleaner/data/content_model.json]

Each block of a dump (both renderers) is labelled story when most of its 4-word shingles (or,
for a block under four words, its whole token run) occur in the page's `articleBody`. A
logistic regression over `cleaner.heuristics.FEATURE_NAMES` is fitted by Newton's method
(deterministic: no random initialisation), blocks weighted by the square root of their length
since the benchmark metric counts shingles. Cross-validation: trained on one set, the
pipeline's F1 is measured on the other with `cleaner.metric` (printed), then the final model
is fitted on both sets and written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Options, clean  # noqa: E402
from cleaner.pipeline import STAGES, document, run  # noqa: E402
from cleaner.select.features import measure  # noqa: E402
from cleaner.select.heuristics import FEATURE_NAMES, feature_vectors  # noqa: E402

TOKEN = re.compile(r"\w+")
SETS = ("scrapinghub", "wcxb-dev")
RENDERERS = ("innertext", "htmltext")
L2 = 1.0  # ridge penalty on standardised weights; keeps the 30-odd weights tame


def page_rows(args: tuple[str, str, str]) -> tuple[list[list[float]], list[int], list[float]]:
    text_path, truth_path, fmt = args
    truth = json.load(open(truth_path, encoding="utf-8"))["articleBody"] or ""
    truth_tokens = [t.lower() for t in TOKEN.findall(truth)]
    truth_shingles = {tuple(truth_tokens[i : i + 4]) for i in range(len(truth_tokens) - 3)}
    truth_joined = " " + " ".join(truth_tokens) + " "
    doc = run(document(open(text_path, "rb").read(), input_format=fmt), STAGES[: STAGES.index(measure) + 1])
    vectors = feature_vectors(doc.blocks, fmt == "html", doc.options)
    rows, labels, weights = [], [], []
    for block, vector in zip(doc.blocks, vectors):
        if block.decision is not None and not block.decision.kept:
            continue  # rules decide these; the model never sees them at run time either
        tokens = [t.lower() for t in TOKEN.findall(block.text)]
        if not tokens:
            continue
        if len(tokens) >= 4:
            shingles = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
            label = sum(s in truth_shingles for s in shingles) / len(shingles) >= 0.5
        else:
            label = (" " + " ".join(tokens) + " ") in truth_joined
        rows.append(vector)
        labels.append(int(label))
        weights.append(math.sqrt(len(tokens)))
    return rows, labels, weights


def dataset(bench: Path, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    jobs = []
    for name in names:
        for truth in sorted((bench / name / "truth").glob("*.json")):
            for renderer in RENDERERS:
                text = bench / name / "text" / renderer / f"{truth.stem}.txt"
                if text.exists():
                    jobs.append((str(text), str(truth), "text"))
    X, y, w = [], [], []
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        for rows, labels, weights in pool.map(page_rows, jobs, chunksize=8):
            X.extend(rows)
            y.extend(labels)
            w.extend(weights)
    return np.array(X, dtype=float), np.array(y, dtype=float), np.array(w, dtype=float)


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> dict:
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = np.hstack([np.ones((len(X), 1)), (X - mean) / scale])
    beta = np.zeros(Z.shape[1])
    penalty = np.full(Z.shape[1], L2)
    penalty[0] = 0.0
    for _ in range(50):  # Newton / IRLS: converges in a handful of steps
        p = 1.0 / (1.0 + np.exp(-np.clip(Z @ beta, -30, 30)))
        gradient = Z.T @ (w * (p - y)) + penalty * beta
        hessian = (Z * (w * p * (1 - p))[:, None]).T @ Z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return {
        "features": list(FEATURE_NAMES),
        "bias": round(float(beta[0]), 6),
        "weights": [round(float(b), 6) for b in beta[1:]],
        "mean": [round(float(m), 6) for m in mean],
        "scale": [round(float(s), 6) for s in scale],
    }


def _page_overlap(args: tuple[str, str, str]):
    from cleaner.eval.metric import overlap

    text_path, truth_path, model_path = args
    body = json.load(open(truth_path, encoding="utf-8"))["articleBody"] or ""
    pred = clean(Path(text_path).read_bytes(), input_format="text", options=Options(content_model=model_path)).text
    return overlap(pred, body)


def pipeline_f1(bench: Path, name: str, model_path: str) -> str:
    from cleaner.eval.metric import score

    jobs = [
        (str(bench / name / "text" / "innertext" / f"{t.stem}.txt"), str(t), model_path)
        for t in sorted((bench / name / "truth").glob("*.json"))
    ]
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        result = score(list(pool.map(_page_overlap, jobs, chunksize=8)))
    return f"F1 {result.f1:.3f} P {result.precision:.3f} R {result.recall:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.environ.get("CLEANER_BENCH", str(ROOT.parent / "shared" / "bench")))
    parser.add_argument("--out", default=str(ROOT / "cleaner" / "data" / "content_model.json"))
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    args = parser.parse_args()
    bench = Path(args.bench)
    data = {name: dataset(bench, (name,)) for name in SETS}
    report = {}
    if not args.no_cv:
        for train, test in ((SETS[0], SETS[1]), (SETS[1], SETS[0])):
            model = fit(*data[train])
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
                json.dump(model, handle)
            report[f"train {train} -> test {test}"] = pipeline_f1(bench, test, handle.name)
            os.unlink(handle.name)
            print(f"cv: trained on {train}, innertext on {test}: {report[f'train {train} -> test {test}']}", flush=True)
    X = np.vstack([data[n][0] for n in SETS])
    y = np.concatenate([data[n][1] for n in SETS])
    w = np.concatenate([data[n][2] for n in SETS])
    model = fit(X, y, w)
    model["trained_on"] = {n: int(len(data[n][1])) for n in SETS}
    model["cross_validation"] = report
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(model, handle, indent=1)
        handle.write("\n")
    print(f"wrote {args.out}: {len(y)} blocks, {int(y.sum())} story")
    for name, weight in sorted(zip(FEATURE_NAMES, model["weights"]), key=lambda t: -abs(t[1])):
        print(f"  {name:<18} {weight:+.3f}")


if __name__ == "__main__":
    main()
