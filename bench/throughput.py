"""Throughput and memory of the batch runner on the benchmark pages; not a unit test.

    .venv/bin/python bench/throughput.py                       # the full run (10,000 documents)
    .venv/bin/python bench/throughput.py --docs 500 --memory-docs 200,1000   # a quick look
    .venv/bin/python bench/throughput.py --profile text        # cProfile of one text-mode run

Measures, in one run and on the same pages (../shared/bench, or --bench / CLEANER_BENCH):
- documents per second per core in text mode (text/innertext dumps) and in HTML mode (html/),
  with 1 and with 2 jobs, through the same local engine `cleaner clean --jsonl` uses, the
  page set repeated to reach --docs documents; the speedup from 1 to 2 jobs;
- trafilatura's own rate (`trafilatura.extract`, one process) on the same HTML;
- peak RSS (the parent and its largest worker) cleaning --memory-docs documents, each count in a
  fresh process: streaming means nothing grows with the size of the batch;
- per mode, the split of one process's CPU over the pipeline's stages (load, each of
  pipeline.STAGES, assembling the Result, rendering it), per document, on --split-docs documents.
Prints a table, then each target of issue 5 with its measured value. The machine's load average
is printed too: on a shared machine, figures move with it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.batch.local import LocalEngine  # noqa: E402
from cleaner.batch.task import Settings, Task  # noqa: E402
from cleaner.options import Options  # noqa: E402

DEFAULT_BENCH = Path(os.environ.get("CLEANER_BENCH", ROOT.parent / "shared" / "bench"))
SETS = ("scrapinghub", "wcxb-dev")


def pages(bench: Path, mode: str) -> list[bytes]:
    """Every page of both sets: text dumps (innertext) for text mode, HTML for html mode."""
    pattern = "text/innertext/*.txt" if mode == "text" else "html/*.html"
    found = [p.read_bytes() for name in SETS for p in sorted((bench / name).glob(pattern))]
    if not found:
        sys.exit(f"no {mode} pages under {bench}: give --bench or set CLEANER_BENCH")
    return found


def tasks(source: list[bytes], count: int) -> Iterator[Task]:
    """`count` tasks cycling over the pages, made one at a time (nothing grows with count)."""
    for seq, data in enumerate(islice(cycle(source), count)):
        yield Task(seq=seq, key=str(seq), kind="file", data=data)


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def clean_rate(source: list[bytes], mode: str, jobs: int, count: int) -> dict:
    """Wall-clock rate, and the rate per CPU-second of the workers (what a core does when it
    is not shared: on a busy machine the wall clock also counts other people's work)."""
    settings = Settings(Options(), "text", mode)  # the folder default; streams add only JSON
    failed, slowest = 0, 0.0
    workers_before = cpu(resource.RUSAGE_CHILDREN)
    with LocalEngine(settings, jobs, timeout=None) as engine:
        parent_before = cpu(resource.RUSAGE_SELF)
        start = time.perf_counter()
        for outcome in engine.run(tasks(source, count), ordered=True):
            failed += outcome.status == "error"
            slowest = max(slowest, outcome.seconds)
        seconds = time.perf_counter() - start
        parent = cpu(resource.RUSAGE_SELF) - parent_before
    workers = cpu(resource.RUSAGE_CHILDREN) - workers_before  # workers are joined by now
    return {
        "mode": mode, "jobs": jobs, "docs": count, "seconds": seconds, "rate": count / seconds,
        "cpu_rate": count / workers if workers else 0.0, "parent_ms": 1000 * parent / count, "failed": failed,
        "slowest": slowest,
    }


def trafilatura_rate(source: list[bytes], count: int) -> dict:
    import trafilatura

    trafilatura.extract(source[0])  # its own first-call loading is not part of the rate
    start, start_cpu = time.perf_counter(), time.process_time()
    for data in islice(cycle(source), count):
        trafilatura.extract(data, include_comments=False)
    seconds, used = time.perf_counter() - start, time.process_time() - start_cpu
    return {
        "mode": "trafilatura", "jobs": 1, "docs": count, "seconds": seconds, "rate": count / seconds,
        "cpu_rate": count / used, "parent_ms": 0.0, "failed": 0, "slowest": float("nan"),
    }


def memory_child(bench: Path, mode: str, jobs: int, count: int) -> None:
    """Run in a fresh process: clean `count` documents, print peak RSS of self and workers."""
    result = clean_rate(pages(bench, mode), mode, jobs, count)
    result["parent_mb"] = own_peak_kb() / 1024
    result["worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # forked, no exec
    print(json.dumps(result))


def own_peak_kb() -> float:
    """This process's peak RSS. Linux keeps ru_maxrss across exec (this process inherits the
    launching bench's peak), so read VmHWM, which starts afresh with the new program."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory(bench: Path, mode: str, jobs: int, count: int) -> dict:
    args = [sys.executable, __file__, "--bench", str(bench), "--_memory-child", mode, str(jobs), str(count)]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"the memory run of {count} documents failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def profile(bench: Path, mode: str, count: int) -> None:
    import cProfile
    import pstats

    from cleaner.batch.task import run_task, warm_up

    settings = Settings(Options(), "text", mode)  # as the rate runs: cleaning, not JSON encoding
    warm_up(settings)
    work = list(tasks(pages(bench, mode), count))
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for task in work:
        run_task(task, settings)
    profiler.disable()
    seconds = time.perf_counter() - start
    print(f"{count} {mode} documents in one process: {count / seconds:.1f} docs/s under cProfile")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(20)


def stage_split(source: list[bytes], mode: str, count: int) -> tuple[list[tuple[str, float]], float]:
    """CPU microseconds per document of each stage, in this process, and documents per CPU-second
    of the stages together: the stages run as pipeline.clean runs them, each one timed."""
    from cleaner.batch.task import warm_up
    from cleaner.pipeline import STAGES, assemble, document
    from cleaner.render import render

    settings = Settings(Options(), "text", mode)
    warm_up(settings)
    names = ["load"] + [stage.__name__ for stage in STAGES] + ["assemble", "render"]
    spent = [0] * len(names)
    clock = time.process_time_ns
    for data in islice(cycle(source), count):
        started = clock()
        doc = document(data, input_format=mode, options=settings.options)
        now = clock()
        spent[0] += now - started
        for n, stage in enumerate(STAGES, start=1):
            started = now
            doc = stage(doc)
            now = clock()
            spent[n] += now - started
        result = assemble(doc)
        spent[-2] += clock() - now
        now = clock()
        render(result, settings.fmt)
        spent[-1] += clock() - now
    total = sum(spent)
    return [(name, ns / 1000 / count) for name, ns in zip(names, spent)], count / (total / 1e9)


def print_split(mode: str, split: list[tuple[str, float]], rate: float, count: int) -> None:
    total = sum(us for _, us in split)
    print(f"\nCPU per stage, {mode} mode, one process, {count:,} documents ({rate:.1f} docs per CPU-s of the stages):")
    for name, us in split:
        print(f"  {name:<16} {us:>9.0f} µs/doc {100 * us / total:>5.1f} %")
    print(f"  {'all':<16} {total:>9.0f} µs/doc")


def row(r: dict) -> str:
    per_core = r["rate"] / r["jobs"]
    return (
        f"{r['mode']:<12} {r['jobs']:>4} {r['docs']:>7,} {r['seconds']:>9.1f} {r['rate']:>8.1f} {per_core:>12.1f}"
        f" {r['cpu_rate']:>12.1f} {r['parent_ms']:>10.2f} {r['slowest']:>9.2f} {r['failed']:>6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="folder holding scrapinghub/ and wcxb-dev/")
    parser.add_argument("--docs", type=int, default=10_000, help="documents per rate measurement")
    parser.add_argument("--memory-docs", default="1000,10000", help="document counts for peak RSS, comma-separated")
    parser.add_argument("--memory-mode", default="text", choices=("text", "html"))
    parser.add_argument("--memory-jobs", type=int, default=2)
    parser.add_argument("--modes", default="text,html")
    parser.add_argument("--jobs", default="1,2", help="job counts to measure, comma-separated")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--profile", choices=("text", "html"), help="only profile one mode in-process")
    parser.add_argument("--profile-docs", type=int, default=300)
    parser.add_argument("--split-docs", type=int, default=1000, help="documents for the per-stage CPU split (0: none)")
    parser.add_argument("--_memory-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args._memory_child:
        mode, jobs, count = args._memory_child
        memory_child(args.bench, mode, int(jobs), int(count))
        return
    if args.profile:
        profile(args.bench, args.profile, args.profile_docs)
        return

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cores: {os.cpu_count()}")
    print(
        f"{'mode':<12} {'jobs':>4} {'docs':>7} {'seconds':>9} {'docs/s':>8} {'docs/s/core':>12}"
        f" {'docs/cpu-s':>12} {'parent ms':>10} {'slowest s':>9} {'failed':>6}"
    )
    print(
        "  (docs/cpu-s: per CPU-second of the workers; parent ms: the parent's CPU per document;"
        " slowest s: the slowest document, wall clock)"
    )
    rates: dict[tuple[str, int], float] = {}
    cpu_rates: dict[tuple[str, int], float] = {}
    job_counts = [int(j) for j in args.jobs.split(",")]
    for mode in args.modes.split(","):
        source = pages(args.bench, mode)
        for jobs in job_counts:
            result = clean_rate(source, mode, jobs, args.docs)
            rates[(mode, jobs)] = result["rate"]
            cpu_rates[(mode, jobs)] = result["cpu_rate"]
            print(row(result), flush=True)
    if args.split_docs > 0:
        for mode in args.modes.split(","):
            split, stages_rate = stage_split(pages(args.bench, mode), mode, args.split_docs)
            print_split(mode, split, stages_rate, args.split_docs)
        print(flush=True)
    traf = None
    if not args.no_trafilatura and "html" in args.modes:
        traf = trafilatura_rate(pages(args.bench, "html"), min(args.docs, 2000))
        print(row(traf), flush=True)

    peaks = []
    for count in (int(n) for n in args.memory_docs.split(",") if n):
        peak = memory(args.bench, args.memory_mode, args.memory_jobs, count)
        peaks.append(peak)
        print(
            f"peak RSS, {args.memory_mode} mode, {args.memory_jobs} jobs, {count:>6,} docs: parent "
            f"{peak['parent_mb']:.0f} MB, largest worker {peak['worker_mb']:.0f} MB ({peak['rate']:.1f} docs/s)",
            flush=True,
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    print("\ntargets (issue 5):")
    if ("text", 1) in rates:
        print(f"  text mode >= 300 docs/s/core: {rates[('text', 1)]:.1f} (wall), {cpu_rates[('text', 1)]:.1f} (per CPU-s)")
    if ("html", 1) in rates and traf:
        print(
            f"  HTML mode >= trafilatura: {rates[('html', 1)]:.1f} vs {traf['rate']:.1f} docs/s on one core (wall), "
            f"{cpu_rates[('html', 1)]:.1f} vs {traf['cpu_rate']:.1f} (per CPU-s)"
        )
    for mode in args.modes.split(","):
        if (mode, 1) in rates and (mode, 2) in rates:
            print(f"  2 jobs >= 1.8 x 1 job ({mode}): {rates[(mode, 2)] / rates[(mode, 1)]:.2f} x")
    if len(peaks) >= 2:
        small, large = peaks[0], peaks[-1]
        total = lambda p: p["parent_mb"] + p["worker_mb"]  # noqa: E731
        print(
            f"  peak RSS at {large['docs']:,} <= 1.2 x at {small['docs']:,}: "
            f"{total(large):.0f} MB vs {total(small):.0f} MB = {total(large) / total(small):.2f} x"
        )


if __name__ == "__main__":
    main()
