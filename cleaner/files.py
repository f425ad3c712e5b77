"""Files, one home for each job: writing a whole file or nothing, listing the input files below a
folder, and sweeping the temporary files a killed run left behind. Batches, reports, learned
packs, eval predictions and one-page outputs all write through `write_atomic`."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

# A temporary file is `.NAME.PID.cleaner-tmp` beside its target: a name no input or output has,
# which a sweep can tell from everything else in the folder.
TMP_SUFFIX = ".cleaner-tmp"
MANIFEST = "manifest.jsonl"


def write_atomic(target: Path, data: str, errors: str = "strict", *, overwrite: bool = True) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename over it (or, with
    overwrite=False, a link that fails if the target appeared meanwhile: FileExistsError).
    The file gets the umask's usual mode (0644), as any file a user writes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        with open(tmp, "w", encoding="utf-8", errors=errors, newline="") as handle:
            handle.write(data)
        if overwrite:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def sweep_temporary(folder: Path, pattern: str = "*") -> int:
    """Remove the temporary files a killed run left in folder (only ours), for targets matching
    `pattern` ("*": every target below folder; a file name: that file's own, beside it)."""
    found = folder.rglob(f".{pattern}{TMP_SUFFIX}") if pattern == "*" else folder.glob(f".{pattern}.*{TMP_SUFFIX}")
    removed = 0
    for path in found:
        if path.is_file():
            path.unlink()
            removed += 1
    return removed


@dataclass(slots=True)
class WalkNotes:
    """What a walk of the input folder met besides files: nothing is left out unsaid."""

    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (folder below root, error)
    set_aside: list[str] = field(default_factory=list)  # folders holding an earlier run's manifest


def input_files(root: Path, exclude: Path | None = None, notes: WalkNotes | None = None) -> list[Path]:
    """Every visible file below root, sorted, leaving out hidden files and folders, `exclude`
    and any folder that holds a cleaner manifest (an earlier run's output inside the input).
    Folders that cannot be read, and folders left out, are written to `notes`."""
    notes = notes if notes is not None else WalkNotes()

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        rel = where.relative_to(root).as_posix() if where.is_relative_to(root) else str(where)
        notes.unreadable.append((rel, f"cannot read folder: {exc.strerror or exc}"))

    found = []
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (exclude is None or (here / d).resolve() != exclude))
        for d in [d for d in dirs if holds_manifest(here / d)]:
            dirs.remove(d)
            notes.set_aside.append((here / d).relative_to(root).as_posix())
        found.extend(here / f for f in files if not f.startswith(".") and (here / f).is_file())
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def holds_manifest(folder: Path) -> bool:
    """The folder holds a manifest.jsonl whose first line is one of ours ({"path", "status", ...})."""
    try:
        with open(folder / MANIFEST, encoding="utf-8", errors="replace") as handle:
            first = handle.readline(65536)
    except OSError:
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and {"path", "status", "output"} <= set(record)
