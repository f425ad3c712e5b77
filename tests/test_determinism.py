"""Determinism: the same input gives byte-identical output every run, in every process, for any
PYTHONHASHSEED and any number of batch jobs.

Set iteration order changes with the hash seed, so a stage that iterates a set (or a dict built
from one) into its output would differ between processes while agreeing with itself in one.
Hence the subprocesses with PYTHONHASHSEED=0, 1 and random.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from cleaner import clean
from cleaner.render import render

from .badinputs import BY_NAME
from .conftest import BENCH, SEEDS, require_bench

HASH_SEEDS = ("0", "1", "random")


def run_cli(args: list[str], hash_seed: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args], capture_output=True, env=env, timeout=600, cwd=cwd
    )


def pages_folder(tmp_path: Path, with_bench: bool) -> Path:
    """The seeds, plus a few benchmark pages (HTML and text dumps) when ../shared is there."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    if with_bench:
        for name, sub, pattern in (
            ("scrapinghub", "html", "*.html"),
            ("wcxb-dev", "html", "*.html"),
            ("wcxb-dev", "text/innertext", "*.txt"),
        ):
            for page in sorted((require_bench(name) / sub).glob(pattern))[:2]:
                shutil.copy(page, folder / f"{name}-{page.name}")
    return folder


def outputs(out_dir: Path) -> dict[str, bytes]:
    """Every output file's bytes, and the manifest without its timings."""
    found = {
        str(p.relative_to(out_dir)): p.read_bytes()
        for p in sorted(out_dir.rglob("*"))
        if p.is_file() and p.name != "manifest.jsonl" and not p.name.startswith(".")
    }
    records = [json.loads(line) for line in (out_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        record.pop("seconds", None)
    found["manifest.jsonl"] = json.dumps(records, sort_keys=True).encode()
    return found


def test_same_input_same_output_in_one_process(seed_files) -> None:
    picked = ("utf16-bom", "mixed-encodings", "broken-html", "billion-laughs-doctype", "rtl-combining")
    sources = [p.read_bytes() for p in seed_files] + [BY_NAME[name].data(1.0) for name in picked]
    for source in sources:
        first = render(clean(source), "json")
        for _ in range(2):
            assert render(clean(source), "json") == first


def test_single_file_cli_is_identical_across_hash_seeds() -> None:
    seed = SEEDS / "001_b3fea67ff8ded212.txt"
    runs = [run_cli(["clean", str(seed), "--format", "json"], hash_seed) for hash_seed in HASH_SEEDS]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    assert runs[0].stdout and all(r.stdout == runs[0].stdout for r in runs)


def test_batch_is_identical_across_hash_seeds_and_job_counts(tmp_path: Path) -> None:
    """Seeds and six benchmark pages (when present) through the folder batch: 3 hash seeds, 1 and 2 jobs."""
    folder = pages_folder(tmp_path, with_bench=BENCH.is_dir())
    results = []
    for n, (hash_seed, jobs) in enumerate((("0", "1"), ("1", "2"), ("random", "2"))):
        out = tmp_path / f"out{n}"
        done = run_cli(["clean", str(folder), "-o", str(out), "--format", "json", "--jobs", jobs, "--quiet"], hash_seed)
        assert done.returncode == 0, done.stderr.decode()
        results.append(outputs(out))
    assert len(results[0]) == len(list(folder.iterdir())) + 1
    for other in results[1:]:
        assert other.keys() == results[0].keys()
        for name in results[0]:
            assert other[name] == results[0][name], name
