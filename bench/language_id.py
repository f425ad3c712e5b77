"""Language identification on the bench dumps: accuracy and time of the candidates; not a unit test.

    .venv/bin/python bench/language_id.py                 # scrapinghub + wcxb-dev innertext dumps
    .venv/bin/python bench/language_id.py --limit 100

No page of the bench names its language, so the reference is langdetect at its own defaults on
more text: the first 5,000 characters of the dump, 7 trials, seed 0. Each candidate reads what
cleaner's `detect_language` reads (the longest blocks up to `language_sample_chars`):
- `langdetect`: today's detector (seeded, `language_trials` trials), profiles built lazily;
- `py3langid`: if installed (it ships its model; needs numpy);
- `stopwords`: the stoplist covering most of the sample's words, if it covers at least
  `declared_language_min_stopwords` of them (jusText's stoplists, as `confirms` reads them);
- `stopwords+langdetect`: stopwords where they decide, langdetect where they do not.
fastText models in PyPI packages (fasttext-langdetect) download their model at run time: not a
candidate (no network while cleaning). Prints agreement with the reference, agreement with today's
detector (a different answer changes that page's output), per-call time, and one-off load time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.load import load  # noqa: E402
from cleaner.model import Document  # noqa: E402
from cleaner.options import Options  # noqa: E402
from cleaner.select.features import words_of  # noqa: E402
from cleaner.text.language import _factory, detect, sample  # noqa: E402
from cleaner.text.segment import segment  # noqa: E402
from cleaner.text.stopwords import STOPLIST_LANGUAGES, stopwords  # noqa: E402

BENCH = Path(os.environ.get("CLEANER_BENCH", ROOT.parent / "shared" / "bench"))
SETS = ("scrapinghub", "wcxb-dev")


def samples(limit: int | None, options: Options) -> list[tuple[str, str]]:
    """(whole dump, cleaner's language sample) for every innertext dump."""
    found = []
    for name in SETS:
        for path in sorted((BENCH / name / "text" / "innertext").glob("*.txt"))[:limit]:
            data = path.read_bytes()
            page = load(data, None, "text", options)
            doc = segment(Document(page=page, options=options, rules=None, given_url=None))
            found.append((page.text, sample(doc, options.language_sample_chars)))
    return found


def by_stopwords(text: str, min_share: float) -> str | None:
    tokens = [t.casefold() for t in words_of(text)]
    if len(tokens) < 20:
        return None
    shares = {code: sum(t in stopwords(code) for t in tokens) for code in STOPLIST_LANGUAGES}
    best = max(shares.values())
    leaders = [code for code, share in shares.items() if share == best]
    return leaders[0] if len(leaders) == 1 and best >= min_share * len(tokens) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="dumps per set")
    args = parser.parse_args()
    options = Options()
    pages = samples(args.limit, options)
    print(f"{len(pages)} innertext dumps of {', '.join(SETS)}")

    loads: dict[str, float] = {}
    start = time.process_time()
    _factory()
    loads["langdetect"] = time.process_time() - start
    start = time.process_time()
    for code in STOPLIST_LANGUAGES:
        stopwords(code)
    loads["stopwords"] = time.process_time() - start

    def today(text: str) -> str | None:
        return detect(text, trials=options.language_trials, seed=options.language_seed)[0]

    def stop(text: str) -> str | None:
        return by_stopwords(text, options.declared_language_min_stopwords)

    candidates = {"langdetect": today, "stopwords": stop, "stopwords+langdetect": lambda t: stop(t) or today(t)}
    try:
        start = time.process_time()
        import py3langid

        py3langid.classify("warm up the model")
        loads["py3langid"] = time.process_time() - start
        candidates["py3langid"] = lambda t: py3langid.classify(t)[0] if t.strip() else None
    except ImportError:
        print("py3langid not installed: skipped (pip install py3langid)")

    reference = [detect(whole[:5000], trials=7, seed=0)[0] for whole, _ in pages]
    print(f"reference languages: {dict(Counter(reference).most_common(8))}")
    answers_today = [today(s) for _, s in pages]
    print(f"{'candidate':22} {'= reference':>12} {'= today':>9} {'ms/page':>8} {'load s':>7}")
    for name, identify in candidates.items():
        start = time.process_time()
        answers = [identify(s) for _, s in pages]
        spent = time.process_time() - start
        right = sum(a == r for a, r in zip(answers, reference))
        same = sum(a == t for a, t in zip(answers, answers_today))
        load_s = loads.get(name, loads["langdetect"] + loads["stopwords"])
        print(f"{name:22} {right / len(pages):12.3f} {same:5}/{len(pages):<4}"
              f" {1000 * spent / len(pages):7.2f} {load_s:7.3f}")


if __name__ == "__main__":
    main()
