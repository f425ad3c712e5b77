"""A long fuzzing run by hand: the strategies and properties of tests/test_fuzz.py, many examples.

    .venv/bin/python bench/fuzz_long.py                       # 1,000 examples per property
    .venv/bin/python bench/fuzz_long.py --examples 5000 --seed 7
    .venv/bin/python bench/fuzz_long.py --only html-made-of-words

Unlike CI (derandomized, 100-150 examples), each run draws new examples from --seed and also
checks idempotence on every input, where it is known not to hold in general: those failures
are printed as minimal examples (after hypothesis shrinks them) for a human to judge.
Prints one line per property: examples run (shrinking included), seconds, and "ok" or each
distinct failure with its minimal input.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests import test_fuzz as fuzz  # noqa: E402


def _bytes_made_of_blocks(data: bytes) -> None:
    result = fuzz.clean_or_error(data)
    if result is not None:
        fuzz.assert_made_of_blocks(result)


def _random_text(source: str) -> None:
    fuzz.check_text(source)
    fuzz.clean_or_error(source)


PROPERTIES: dict[str, tuple[st.SearchStrategy, Callable[[object], None]]] = {
    "text-made-of-lines": (fuzz.text_dumps(), fuzz.check_text),
    "random-text": (fuzz.random_text, _random_text),
    "random-bytes": (st.binary(max_size=2000), _bytes_made_of_blocks),
    "html-made-of-words": (fuzz.html_pages(), fuzz.check_html),
    "idempotent-prose-dumps": (fuzz.prose_dumps, lambda s: fuzz.check_idempotent(fuzz.check_text(s))),
    "idempotent-prose-html": (fuzz.prose_pages, lambda p: fuzz.check_idempotent(fuzz.check_html(p))),
    # Known not to hold in general (see tests/test_fuzz.py): reported, for a human to judge.
    "idempotent-any-dump": (fuzz.text_dumps(), lambda s: fuzz.check_idempotent(fuzz.check_text(s))),
    "idempotent-any-html": (fuzz.html_pages(), lambda p: fuzz.check_idempotent(fuzz.check_html(p))),
}


def run(name: str, examples: int, seed: int) -> tuple[int, float, str]:
    strategy, check = PROPERTIES[name]
    count = 0

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(strategy)
    def prop(value) -> None:
        nonlocal count
        count += 1
        check(value)

    prop = __import__("hypothesis").seed(seed)(prop)
    start = time.perf_counter()
    try:
        prop()
        found = "ok"
    except Exception as exc:  # a property failed: hypothesis has shrunk it to a minimal example
        found = "FAILED: " + " | ".join(_describe(e) for e in getattr(exc, "exceptions", [exc]))
    return count, time.perf_counter() - start, found


def _describe(exc: BaseException) -> str:
    """The assertion and the minimal input hypothesis attached to it (its __notes__)."""
    notes = " ".join(n for n in getattr(exc, "__notes__", []) if not n.startswith("Explanation"))
    return " ".join(f"{type(exc).__name__}: {exc} {notes}".split())[:800]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=1000, help="examples per property")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", action="append", choices=sorted(PROPERTIES), help="run only these properties")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # trafilatura logs every unparsable page
    warnings.filterwarnings("ignore")
    total = 0
    for name in args.only or list(PROPERTIES):
        count, seconds, found = run(name, args.examples, args.seed)
        total += count
        print(f"{name:24} {count:6d} examples {seconds:7.1f} s  {found}", flush=True)
    print(f"total: {total} examples (seed {args.seed})")


if __name__ == "__main__":
    main()
