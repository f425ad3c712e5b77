"""Does a change leave every output as it was? Cleans every page of ../shared/bench (HTML and both
text renderers), as text and as JSON, and records each output's digest; a second run compares.

    .venv/bin/python bench/same_outputs.py record before.jsonl        # on the old code
    .venv/bin/python bench/same_outputs.py compare before.jsonl       # on the new code: differences

`compare` prints one line per differing output and ends with `N outputs, D differ`; it exits 1
when any differs. Digests, not outputs, are kept: the pages are others' work and stay in
../shared. `--sets` picks the benchmark folders (default: all three); `--bench` or CLEANER_BENCH
points at the benchmark folder.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Options, clean  # noqa: E402
from cleaner.render import render  # noqa: E402

DEFAULT_BENCH = Path(os.environ.get("CLEANER_BENCH", ROOT.parent / "shared" / "bench"))
SETS = ("scrapinghub", "wcxb-dev", "wcxb-train")
RENDERERS = ("innertext", "htmltext")


def inputs(bench: Path, sets: list[str]) -> Iterator[tuple[str, str, bytes]]:
    """(key, input kind, bytes) for every page: its HTML, then each text dump."""
    for name in sets:
        for path in sorted((bench / name / "html").glob("*.html*")):
            page_id = path.name.split(".")[0]
            data = path.read_bytes()
            yield f"{name}/html/{page_id}", "html", gzip.decompress(data) if path.suffix == ".gz" else data
        for renderer in RENDERERS:
            for path in sorted((bench / name / "text" / renderer).glob("*.txt")):
                yield f"{name}/{renderer}/{path.stem}", "text", path.read_bytes()


def digests(bench: Path, sets: list[str]) -> Iterator[dict[str, str]]:
    options = Options()
    for key, kind, data in inputs(bench, sets):
        result = clean(data, input_format=kind, options=options)
        yield {
            "key": key,
            "text": hashlib.sha256(render(result, "text").encode()).hexdigest(),
            "json": hashlib.sha256(render(result, "json").encode()).hexdigest(),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--sets", nargs="+", default=list(SETS))
    args = parser.parse_args()
    if not args.bench.is_dir():
        sys.exit(f"no benchmark folder at {args.bench}: give --bench or set CLEANER_BENCH")
    if args.action == "record":
        with args.file.open("w") as out:
            for count, row in enumerate(digests(args.bench, args.sets), 1):
                out.write(json.dumps(row) + "\n")
        print(f"{count} pages recorded in {args.file}")
        return
    before = {row["key"]: row for row in map(json.loads, args.file.read_text().splitlines())}
    outputs = differ = 0
    for row in digests(args.bench, args.sets):
        old = before.pop(row["key"], None)
        for fmt in ("text", "json"):
            outputs += 1
            if old is None or old[fmt] != row[fmt]:
                differ += 1
                print(f"differs: {row['key']} ({fmt})")
    for key in sorted(before):
        print(f"missing now: {key}")
    print(f"{outputs} outputs, {differ} differ")
    sys.exit(1 if differ or before else 0)


if __name__ == "__main__":
    main()
