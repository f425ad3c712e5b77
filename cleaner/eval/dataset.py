"""A benchmark set on disk: its pages, their truth, and the values one page's evaluation yields."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from cleaner.errors import InputError, UsageError
from cleaner.eval import metric


@dataclass(frozen=True, slots=True)
class Truth:
    body: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    page_type: str | None = None

    @property
    def has_metadata(self) -> bool:
        return bool(self.title or self.author or self.date)


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    dataset: str
    page_id: str
    mode: str
    renderer: str
    # The set's truth has metadata (on any page): score it on every page.
    metadata: bool = False
    # Weights of the block model to clean with (Options.content_model); None: the packaged ones.
    content_model: str | None = None


@dataclass(frozen=True, slots=True)
class CleanerRun:
    """cleaner's side of one page: its text output (None on failure), the error, status, metadata, CPU."""

    output: str | None
    error: str | None
    status: str | None
    meta: PageMeta
    cpu: float


@dataclass(frozen=True, slots=True)
class PageRun:
    """One page's outcome. `output` is what `cleaner clean --format text` writes (None on failure)."""

    page_id: str
    truth: Truth
    output: str | None
    error: str | None
    status: str | None  # cleaner's Result.status; None when it failed
    cleaner: metric.Overlap
    trafilatura: metric.Overlap
    cleaner_words: metric.WordScore
    trafilatura_words: metric.WordScore
    cleaner_meta: PageMeta | None
    trafilatura_meta: PageMeta | None
    cleaner_cpu: float
    trafilatura_cpu: float
    trafilatura_error: str | None = None


# --- reading the set -------------------------------------------------------------------------


def page_ids(dataset: Path, mode: str, renderer: str) -> list[str]:
    """Sorted ids of the pages that have truth; the set's layout is checked here, once."""
    truth_dir = dataset / "truth"
    if not dataset.is_dir():
        raise UsageError(f"{dataset}: no such folder")
    if not truth_dir.is_dir() or not (dataset / "html").is_dir():
        raise UsageError(f"{dataset}: not a benchmark set (want html/<id>.html and truth/<id>.json)")
    if mode == "text" and not (dataset / "text" / renderer).is_dir():
        raise UsageError(f"{dataset}: no text/{renderer}/ folder of page dumps")
    ids = sorted(p.stem for p in truth_dir.glob("*.json"))
    if not ids:
        raise UsageError(f"{truth_dir}: no truth files")
    return ids


def pages_without_truth(dataset: Path) -> list[str]:
    """Ids of pages in html/ that have no truth file: they cannot be scored, and are said so."""
    truth = {p.stem for p in (dataset / "truth").glob("*.json")}
    return sorted(p.stem for p in (dataset / "html").glob("*.html") if p.stem not in truth)


def read_truth(path: Path) -> Truth:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    except ValueError as exc:  # a truncated or otherwise broken file (UnicodeDecodeError too)
        raise InputError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: a JSON object is expected, not {type(data).__name__}")
    return Truth(
        body=data.get("articleBody") or "",
        title=data.get("title") or None,
        author=data.get("author") or None,
        date=data.get("date") or None,
        url=data.get("url") or None,
        page_type=data.get("page_type") or None,
    )


def html_path(dataset: Path, page_id: str) -> Path:
    """`html/<id>.html`, or `html/<id>.html.gz` where the set keeps its pages compressed."""
    plain = dataset / "html" / f"{page_id}.html"
    packed = plain.with_name(plain.name + ".gz")
    return packed if not plain.exists() and packed.exists() else plain


def read_html(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data
