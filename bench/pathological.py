"""Time and peak memory of `clean` on each pathological input of tests/badinputs.py, full size.

Each case runs in its own child process, so peak memory (ru_maxrss) is that case's alone and a
hang is cut by --timeout. The baseline line is a tiny page: subtract it to see what a case adds.

    .venv/bin/python bench/pathological.py                 # every case, full size
    .venv/bin/python bench/pathological.py --only large    # the big ones only
    .venv/bin/python bench/pathological.py nested-divs-100k --scale 0.1
    .venv/bin/python bench/pathological.py --profile many-attributes   # cProfile top 25
    .venv/bin/python bench/pathological.py huge-html-50mb --max-input-bytes 100000000

Prints one line per case: name, input size, seconds, peak RSS in MB, and how it ended.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.badinputs import BY_NAME, CASES  # noqa: E402

BASELINE = "baseline"


def child(name: str, scale: float, profile: bool, max_input_bytes: int | None) -> None:
    """Run one case in this process and print a JSON line; called through --child."""
    import functools
    import resource

    from cleaner import CleanerError, Options
    from cleaner import clean as clean_default

    options = Options() if max_input_bytes is None else Options(max_input_bytes=max_input_bytes)
    clean = functools.partial(clean_default, options=options)

    if name == BASELINE:
        data = b"<html><body><p>" + b"A short paragraph of plain words. " * 10 + b"</p></body></html>"
    else:
        data = BY_NAME[name].data(scale)
    clean(b"<html><body><p>warm up the imports and the language profiles.</p></body></html>")
    start = time.perf_counter()
    try:
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            result = profiler.runcall(clean, data)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        else:
            result = clean(data)
        ended = f"{result.status} ({result.metadata.word_count} words, {len(result.decisions)} blocks)"
    except CleanerError as exc:
        ended = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"bytes": len(data), "seconds": seconds, "peak_mb": peak_mb, "ended": ended}))


def run_case(name: str, scale: float, timeout: float, profile: bool, max_input_bytes: int | None) -> dict:
    cmd = [sys.executable, __file__, "--child", name, "--scale", str(scale)] + (["--profile"] if profile else [])
    if max_input_bytes is not None:
        cmd += ["--max-input-bytes", str(max_input_bytes)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"bytes": 0, "seconds": timeout, "peak_mb": float("nan"), "ended": f"TIMEOUT after {timeout:.0f} s"}
    if profile:
        sys.stderr.write(done.stderr)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"bytes": 0, "seconds": float("nan"), "peak_mb": float("nan"), "ended": f"CRASH (exit {done.returncode}): {last}"}
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="case names (default: all)")
    parser.add_argument("--only", choices=("small", "large"), help="only small or only large cases")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the large cases (1.0 = full)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a case counts as hung")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 25 for each case")
    parser.add_argument("--max-input-bytes", type=int, help="raise Options.max_input_bytes (e.g. to time the 50 MB page)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.scale, args.profile, args.max_input_bytes)
        return
    names = args.names or [c.name for c in CASES if not args.only or c.size == args.only]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    print(f"{'case':28} {'MB in':>8} {'seconds':>8} {'peak MB':>8}  ended")
    worst_time = worst_mem = (0.0, "")
    for name in [BASELINE, *names]:
        scale = args.scale if name != BASELINE and BY_NAME[name].size == "large" else 1.0
        row = run_case(name, scale, args.timeout, args.profile, args.max_input_bytes)
        print(f"{name:28} {row['bytes'] / 1e6:8.2f} {row['seconds']:8.2f} {row['peak_mb']:8.0f}  {row['ended']}", flush=True)
        if name != BASELINE:
            worst_time = max(worst_time, (row["seconds"], name))
            worst_mem = max(worst_mem, (row["peak_mb"], name))
    print(f"worst time: {worst_time[0]:.2f} s ({worst_time[1]}); worst peak memory: {worst_mem[0]:.0f} MB ({worst_mem[1]})")


if __name__ == "__main__":
    main()
