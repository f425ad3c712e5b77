"""Clean every file below a folder into an output folder, keeping relative paths."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import CleanerError, UsageError
from .options import Options
from .pipeline import clean
from .render import render

EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json"}


@dataclass(frozen=True, slots=True)
class Summary:
    done: int
    empty: int
    failed: int

    def line(self) -> str:
        return f"cleaned {self.done} file(s): {self.empty} empty, {self.failed} failed"


def input_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def output_path(root: Path, source: Path, out_dir: Path, fmt: str) -> Path:
    """The input's relative path with the extension replaced, never outside out_dir."""
    relative = source.relative_to(root).with_suffix(EXTENSIONS[fmt])
    target = (out_dir / relative).resolve()
    if not target.is_relative_to(out_dir.resolve()):
        raise UsageError(f"{source}: output path would leave {out_dir}")
    return target


def run_folder(root: Path, out_dir: Path, fmt: str, options: Options, input_format: str = "auto") -> Summary:
    done = empty = failed = 0
    for source in input_files(root):
        target = output_path(root, source, out_dir, fmt)
        try:
            result = clean(source.read_bytes(), input_format=input_format, options=options)
        except CleanerError as exc:
            print(f"cleaner: {source}: {exc}", file=__import__("sys").stderr)
            failed += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(render(result, fmt), encoding="utf-8")
        tmp.replace(target)
        done += 1
        empty += result.status == "empty"
    return Summary(done=done, empty=empty, failed=failed)
