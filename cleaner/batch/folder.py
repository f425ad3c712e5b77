"""Clean every file below a folder into an output folder: in parallel, atomically, resumably.

What a folder run promises, and how:
- Each output is written to a temporary file in its own folder, then renamed over the target
  (`os.replace`), so an output file that exists is complete.
- After each output lands, one line goes to `OUTDIR/.cleaner-journal.jsonl` (flushed, so it survives
  a SIGKILL of the run). A rerun reads `manifest.jsonl` and the journal, skips every input whose
  output exists and whose last record says ok or empty, and cleans the rest (`force` redoes all).
- At the end of every run `manifest.jsonl` is rewritten atomically from that state, one line per
  input (sorted by path), and the journal is removed: a killed run plus a rerun still ends with
  exactly one line per input. Temporary files a killed run left behind are swept at the start.
- An input is never overwritten: OUTDIR may not be the input folder, and no output path may be an
  input. No output lands outside OUTDIR. A lock file keeps two runs from sharing one OUTDIR.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from cleaner.batch.dask import DaskEngine
from cleaner.batch.local import LocalEngine
from cleaner.batch.progress import Progress
from cleaner.batch.task import Outcome, Settings, Task, default_jobs
from cleaner.errors import OutputError, UsageError
from cleaner.files import (
    MANIFEST,
    WalkNotes,
    input_files,
    sweep_temporary,
    write_atomic,
)
from cleaner.render import FORMATS

JOURNAL = ".cleaner-journal.jsonl"
LOCK = ".cleaner.lock"


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Which engine cleans a batch: `local` (a process pool of `jobs`) or `dask` (a scheduler)."""

    name: str = "local"
    jobs: int = 0  # 0: every core this process may use
    scheduler: str | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    ok: int
    empty: int
    failed: int
    skipped: int = 0
    seconds: float = 0.0
    where: str = ""
    set_aside: tuple[str, ...] = ()  # folders left out: an earlier run's output (its manifest)

    @property
    def done(self) -> int:
        return self.ok + self.empty

    def line(self) -> str:
        skipped = f", {self.skipped} already done" if self.skipped else ""
        where = f"; see {self.where}" if self.where and self.failed else ""
        total = self.ok + self.empty + self.failed + self.skipped
        aside = (
            f"; left out {len(self.set_aside)} folder(s) holding an earlier run's {MANIFEST}: {', '.join(self.set_aside)}"
            if self.set_aside else ""
        )
        return (
            f"cleaned {total} document(s) in {self.seconds:.1f} s: {self.ok} ok, {self.empty} empty, "
            f"{self.failed} failed{skipped}{where}{aside}"
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """One input of a folder run and where its output goes."""

    rel: str  # the input's path below the input folder, with / separators
    source: Path
    target: Path
    output: str  # the target's path below OUTDIR, with / separators


def make_engine(settings: Settings, config: EngineConfig) -> LocalEngine | DaskEngine:
    timeout = settings.options.timeout_seconds
    if config.name == "dask":
        return DaskEngine(settings, config.scheduler, timeout)
    if config.name != "local":
        raise UsageError(f"unknown engine {config.name!r}; use local or dask")
    return LocalEngine(settings, config.jobs or default_jobs(), timeout)


# --- planning -----------------------------------------------------------------------------


def output_path(root: Path, source: Path, out_dir: Path, fmt: str, keep_suffix: bool = False) -> Path:
    """The input's relative path with the extension replaced (or kept and extended), inside out_dir."""
    relative = source.relative_to(root)
    relative = relative.with_name(relative.name + FORMATS[fmt]) if keep_suffix else relative.with_suffix(FORMATS[fmt])
    return out_dir / relative


def plan(root: Path, out_dir: Path, fmt: str, notes: WalkNotes | None = None) -> list[Entry]:
    """Every input and its output path; refuses a plan that would overwrite an input or escape."""
    if fmt not in FORMATS:
        raise UsageError(f"a folder cannot be written as {fmt!r}; use {', '.join(FORMATS)}")
    root_real, out_real = root.resolve(), out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} exists and is not a folder")
    if out_real == root_real:
        raise UsageError(f"the output folder {out_dir} is the input folder: pick another one with -o")
    if root_real.is_relative_to(out_real):
        raise UsageError(f"the input folder {root} is inside the output folder {out_dir}")
    sources = input_files(root, exclude=out_real if out_real.is_relative_to(root_real) else None, notes=notes)
    targets = {s: output_path(root, s, out_dir, fmt) for s in sources}
    claimed: dict[Path, list[Path]] = {}
    for source, target in targets.items():
        claimed.setdefault(target, []).append(source)
    for target, owners in claimed.items():
        if len(owners) > 1:  # a.html and a.htm: both keep their own suffix (a.html.txt, a.htm.txt)
            for source in owners:
                targets[source] = output_path(root, source, out_dir, fmt, keep_suffix=True)
    if len(set(targets.values())) != len(targets):
        raise UsageError(f"two inputs below {root} would share one output path; rename one of them")
    inputs = {s.resolve() for s in sources}
    entries = []
    for source, target in targets.items():
        real = target.resolve()
        if real in inputs:
            raise UsageError(f"{target} would overwrite the input {source}: pick another output folder")
        if not real.is_relative_to(out_real) or real == out_real / MANIFEST:
            raise UsageError(f"{source}: its output path {target} would leave {out_dir}")
        rel = source.relative_to(root).as_posix()
        entries.append(Entry(rel, source, target, target.relative_to(out_dir).as_posix()))
    return entries


# --- state: manifest and journal ----------------------------------------------------------


def load_state(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The last record of each input from the manifest, then the journal of an unfinished run."""
    records: dict[str, dict[str, Any]] = {}
    for name in (MANIFEST, JOURNAL):
        path = out_dir / name
        if not path.is_file():
            continue
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue  # the last line of a journal a kill cut short
                if isinstance(record, dict) and isinstance(record.get("path"), str):
                    records[record["path"]] = record
    return records


def is_done(entry: Entry, record: dict[str, Any] | None) -> bool:
    return (
        record is not None
        and record.get("status") in ("ok", "empty")
        and record.get("output") == entry.output
        and entry.target.is_file()
    )


def manifest_record(entry: Entry, outcome: Outcome) -> dict[str, Any]:
    return {
        "path": entry.rel,
        "output": entry.output if outcome.status != "error" else None,
        "status": outcome.status,
        "error": outcome.error,
        "words_in": outcome.words_in,
        "words_out": outcome.words_out,
        "seconds": round(outcome.seconds, 4),
    }


# A file name that is not UTF-8 reaches JSON as lone surrogates (\udce9); written with
# backslashreplace they become the JSON escape "\udce9", which reads back as the same name.
JSON_ERRORS = "backslashreplace"


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    try:
        handle = open(out_dir / LOCK, "a")
    except OSError as exc:  # the first write into OUTDIR: a read-only folder fails here
        raise OutputError.of(out_dir, exc) from None
    with handle:
        # A POSIX record lock belongs to this process alone: forked workers do not inherit it
        # (as they would a flock), so it is gone the moment this process dies, however it dies.
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UsageError(f"{out_dir} is in use by another cleaner run") from None
        yield


# --- the run ------------------------------------------------------------------------------


def run_folder(
    root: Path,
    out_dir: Path,
    settings: Settings,
    engine: EngineConfig | None = None,
    *,
    force: bool = False,
    progress: bool = False,
) -> Summary:
    """Clean every file below root into out_dir; see the module's docstring for the promises."""
    start = time.monotonic()
    notes = WalkNotes()
    entries = plan(root, out_dir, settings.fmt, notes)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a read-only parent, a file where a folder should be
        raise OutputError.of(out_dir, exc) from None
    with _locked(out_dir):
        sweep_temporary(out_dir)
        state = {} if force else load_state(out_dir)
        records = {e.rel: state[e.rel] for e in entries if not force and is_done(e, state.get(e.rel))}
        todo = [e for e in entries if e.rel not in records]
        skipped = len(records)
        by_key = {e.rel: e for e in todo}
        counts = {"ok": 0, "empty": 0, "error": 0}
        tasks = (Task(seq=i, key=e.rel, kind="file", path=str(e.source)) for i, e in enumerate(todo))
        journal_path = out_dir / JOURNAL
        with make_engine(settings, engine or EngineConfig()) as pool, open(journal_path, "a", encoding="utf-8", errors=JSON_ERRORS) as journal:
            with Progress(len(todo), label=f"cleaning {root}", enabled=progress) as bar:
                for outcome in pool.run(tasks, ordered=False):
                    record = _land(by_key[outcome.key], outcome)
                    counts[record["status"]] += 1
                    journal.write(json.dumps(record, ensure_ascii=False) + "\n")
                    journal.flush()
                    records[record["path"]] = record
                    bar.advance()
        # A folder that cannot be read fails as a file that cannot be read does: in the manifest.
        unreadable = [_folder_record(rel, error) for rel, error in notes.unreadable]
        final = sorted([records[e.rel] for e in entries] + unreadable, key=lambda r: r["path"])
        write_atomic(out_dir / MANIFEST, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in final), JSON_ERRORS)
        journal_path.unlink(missing_ok=True)
    return Summary(
        ok=counts["ok"],
        empty=counts["empty"],
        failed=counts["error"] + len(unreadable),
        skipped=skipped,
        seconds=time.monotonic() - start,
        where=str(out_dir / MANIFEST),
        set_aside=tuple(notes.set_aside),
    )


def _folder_record(rel: str, error: str) -> dict[str, Any]:
    return {"path": rel.rstrip("/") + "/", "output": None, "status": "error", "error": error,
            "words_in": None, "words_out": None, "seconds": 0.0}


def _land(entry: Entry, outcome: Outcome) -> dict[str, Any]:
    """Put one outcome in place (its output, or no stale output for an error) and record it."""
    if outcome.status == "error":
        entry.target.unlink(missing_ok=True)  # an older run's output no longer matches the input
        return manifest_record(entry, outcome)
    try:
        write_atomic(entry.target, outcome.output)
    except OSError as exc:
        failure = Outcome(outcome.seq, outcome.key, "error", f"cannot write output: {exc.strerror or exc}", None, None, outcome.seconds, "")
        return manifest_record(entry, failure)
    return manifest_record(entry, outcome)
