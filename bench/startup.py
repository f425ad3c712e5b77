"""Start-up cost of one page through `cleaner clean -`, beside `trafilatura < page`; not a unit test.

    .venv/bin/python bench/startup.py                 # both pairs, median of 5
    .venv/bin/python bench/startup.py --runs 9 --page ../shared/bench/scrapinghub/html/X.html

A pipe-first tool is called once per file by shell loops and other programs, so what counts is the
whole process: CPU seconds (user + sys, from getrusage(RUSAGE_CHILDREN) around each run) of
`cleaner clean -` and of trafilatura's own command line, both reading the same page on stdin, run
alternately in the same run of this script (the machine's load moves both alike). One warm-up run
of each is not counted (it writes the .pyc caches, as installing a wheel does: PYTHONDONTWRITEBYTECODE
is dropped from the children's environment, or the editable checkout's modules would be compiled
from source on every run while trafilatura's come compiled from pip). Prints each pair's medians and their ratio;
issue 11's target is a ratio <= 1.0 for an HTML page and for a seed text dump.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(os.environ.get("CLEANER_BENCH", ROOT.parent / "shared" / "bench"))
DEFAULT_HTML = "scrapinghub/html/042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.html"
DEFAULT_SEED = ROOT / "seeds" / "000_217c230414dadc16.txt"
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_of(command: list[str], page: Path) -> float:
    """CPU seconds of one whole process reading `page` on stdin."""
    before = children_cpu()
    with open(page, "rb") as stdin:
        proc = subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    spent = children_cpu() - before
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} < {page} failed: {proc.stderr.decode(errors='replace')[-500:]}")
    return spent


def pair(page: Path, runs: int, cleaner: list[str], trafilatura: list[str]) -> tuple[float, float]:
    cpu_of(cleaner, page), cpu_of(trafilatura, page)  # warm-up: .pyc caches, page cache
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(cpu_of(cleaner, page))
        theirs.append(cpu_of(trafilatura, page))
    return statistics.median(ours), statistics.median(theirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command per page (median)")
    parser.add_argument("--page", type=Path, default=BENCH / DEFAULT_HTML, help="the HTML page")
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="the text dump")
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    cleaner = [str(bindir / "cleaner"), "clean", "-"]
    trafilatura = [str(bindir / "trafilatura")]
    for what, path in (("html", args.page), ("seed", args.seed)):
        if not path.is_file():
            sys.exit(f"{path}: no such page (give --page/--seed or set CLEANER_BENCH)")
    print(f"load average {os.getloadavg()[0]:.2f}; CPU s (user+sys) of the whole process, median of {args.runs}")
    ratios = []
    for what, path in (("html", args.page), ("seed", args.seed)):
        ours, theirs = pair(path, args.runs, cleaner, trafilatura)
        ratios.append(ours / theirs)
        print(f"{what:5} {path.name[:40]:40}  cleaner clean - {ours:6.3f}  trafilatura {theirs:6.3f}  ratio {ours / theirs:5.2f}")
    print("target ratio <= 1.0:", "met" if max(ratios) <= 1.0 else "not met")


if __name__ == "__main__":
    main()
