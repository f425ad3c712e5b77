"""`cleaner eval DATASET_DIR`: score cleaner and trafilatura on a benchmark set, in one run.

A set is laid out as `html/<id>.html` (or `html/<id>.html.gz`), `text/<renderer>/<id>.txt` and
`truth/<id>.json` (`articleBody`; `title`, `author`, `date`, `url`, `page_type` where the set has
them). Every page is cleaned in the batch
engine's process pool (cleaner/batch/local.py) exactly as `cleaner clean DIR -o OUT --format text` would clean it, trafilatura
extracts the same page's HTML in the same worker, and both are scored with `cleaner.metric` (the Scrapinghub shingles and the WCXB bag of words), overall and
per page type. With `--folds K` the block model is cross-validated: pages are split into K folds by
site (`cleaner.eval.folds`), and each fold is cleaned with a model trained (`cleaner.select.train`) on the
dumps of the other folds only.
Results come back in sorted id order, so the report is the same for any number of jobs (timings
aside). The table is this command's data, so it goes to stdout; progress and failures go to stderr.
Its last line is always `F1 0.xxx P 0.xxx R 0.xxx n N` for cleaner.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from cleaner.batch.local import LocalEngine
from cleaner.batch.task import Settings
from cleaner.errors import CleanerError, InputError, OutputError, UsageError
from cleaner.eval import metric
from cleaner.eval.folds import assign_folds
from cleaner.eval.modes import Mode, Renderer  # noqa: F401 - the command line's choices, named here too
from cleaner.files import write_atomic
from cleaner.load import decode
from cleaner.options import Options
from cleaner.pipeline import clean
from cleaner.render import render

# A tiny page cleaned and extracted once per worker before any timing: rule packs, stoplists,
# langdetect's profiles and trafilatura's imports load on first use, and that cost belongs to
# neither extractor's per-page speed.
# lang="en": confirming a declared language reads every stoplist once per process, a one-time
# cost like trafilatura's and langdetect's loading, which the warm-up keeps out of the rates.
_WARM_UP_HTML = (
    "<html lang='en'><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
    + "".join(f"<p>Paragraph {n} is only here so that both extractors load what they need once.</p>" for n in (1, 2, 3))
    + "</article></body></html>"
)


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


# --- one page, in a worker -------------------------------------------------------------------


def warm_up() -> None:
    import trafilatura

    clean(_WARM_UP_HTML, input_format="html", options=Options())
    clean("Warm up.\n\nThis line is only here so the text path loads once too.", input_format="text")
    trafilatura.extract(_WARM_UP_HTML, include_comments=False)


def run_page(task: Task) -> PageRun:
    """Clean and extract one page and score both; CPU time is measured around each call only."""
    import trafilatura

    root = Path(task.dataset)
    truth = read_truth(root / "truth" / f"{task.page_id}.json")
    page_html = html_path(root, task.page_id)
    source_path = page_html if task.mode == "html" else root / "text" / task.renderer / f"{task.page_id}.txt"

    ours = _run_cleaner(source_path, task.mode, Options(content_model=task.content_model))
    output, error, status, meta, cleaner_cpu = ours.output, ours.error, ours.status, ours.meta, ours.cpu
    prediction = output.rstrip("\n") if output is not None else ""

    traf_text, traf_meta, traf_error = "", None, None
    started = time.process_time()
    try:
        html = decode(read_html(page_html))[0]
        traf_text = trafilatura.extract(html, include_comments=False) or ""
    except (OSError, EOFError, CleanerError) as exc:
        traf_error = str(exc)
        html = ""
    traf_cpu = time.process_time() - started
    # trafilatura's metadata is compared in html mode only, and only on a set whose truth has
    # some: it costs a second trafilatura pass, which is not counted in its speed.
    if task.mode == "html" and task.metadata:
        traf_meta = _trafilatura_meta(trafilatura.bare_extraction(html, with_metadata=True) if html else None)

    return PageRun(
        page_id=task.page_id,
        truth=truth,
        output=output,
        error=error,
        status=status,
        cleaner=metric.overlap(prediction, truth.body),
        trafilatura=metric.overlap(traf_text, truth.body),
        cleaner_words=metric.word_score(prediction, truth.body),
        trafilatura_words=metric.word_score(traf_text, truth.body),
        cleaner_meta=meta if task.metadata else None,
        trafilatura_meta=traf_meta,
        cleaner_cpu=cleaner_cpu,
        trafilatura_cpu=traf_cpu,
        trafilatura_error=traf_error,
    )


def _run_cleaner(path: Path, mode: str, options: Options) -> CleanerRun:
    started = time.process_time()
    try:
        source = read_html(path) if mode == "html" else path.read_bytes()
        result = clean(source, input_format=mode, options=options)
    except (OSError, EOFError) as exc:  # EOFError: a truncated .gz
        reason = getattr(exc, "strerror", None) or str(exc)
        return CleanerRun(None, f"cannot read {path.name}: {reason}", None, PageMeta(), time.process_time() - started)
    except CleanerError as exc:
        return CleanerRun(None, str(exc), None, PageMeta(), time.process_time() - started)
    cpu = time.process_time() - started
    meta = PageMeta(title=result.metadata.title, authors=result.metadata.authors, date=result.metadata.date)
    return CleanerRun(render(result, "text"), None, result.status, meta, cpu)


def _trafilatura_meta(document: object) -> PageMeta:
    if document is None:
        return PageMeta()
    author = getattr(document, "author", None)
    return PageMeta(
        title=getattr(document, "title", None),
        authors=(author,) if author else (),
        date=getattr(document, "date", None),
    )


def run_pages(tasks: Sequence[Task], jobs: int) -> Iterator[PageRun]:
    """Runs in task order, on the batch engine's workers."""
    with _mapper(jobs) as mapper:
        yield from mapper(run_page, tasks, on_error=_failed_page)


@dataclass(frozen=True, slots=True)
class _Job:
    """One call for the engine's workers, numbered for its place in the order."""

    seq: int
    work: Callable[[Any], Any]
    item: Any


@dataclass(frozen=True, slots=True)
class _Done:
    seq: int
    value: Any = None
    error: str | None = None


def _call(job: _Job, settings: Settings) -> _Done:
    return _Done(job.seq, job.work(job.item))


def _lost(job: _Job, error: str, seconds: float) -> _Done:
    """A job whose worker died (a crash in cleaner or trafilatura) or ran out of time."""
    return _Done(job.seq, error=f"{error} after {seconds:.1f} s")


@contextmanager
def _mapper(jobs: int):
    """An ordered `map` over the batch engine's workers, forked warm from this process."""
    warm_up()
    with LocalEngine(Settings(), jobs, None, work=_call, failure=_lost) as engine:

        def mapper(work, items, on_error=None):
            for done in engine.run((_Job(n, work, item) for n, item in enumerate(items)), ordered=True):
                if done.error is None:
                    yield done.value
                elif on_error is not None:
                    yield on_error(items[done.seq], done.error)
                else:
                    raise CleanerError(f"eval: a worker failed: {done.error}")

        yield mapper


def _failed_page(task: Task, error: str) -> PageRun:
    truth = read_truth(Path(task.dataset) / "truth" / f"{task.page_id}.json")
    nothing = metric.overlap("", truth.body)
    words = metric.word_score("", truth.body)
    return PageRun(
        page_id=task.page_id, truth=truth, output=None, error=f"crash: {error}", status=None, cleaner=nothing,
        trafilatura=nothing, cleaner_words=words, trafilatura_words=words, cleaner_meta=None,
        trafilatura_meta=None, cleaner_cpu=0.0, trafilatura_cpu=0.0, trafilatura_error=error,
    )


def cross_validated_runs(dataset: Path, tasks: Sequence[Task], fold_of: dict[str, int], jobs: int) -> Iterator[PageRun]:
    """Each fold's pages cleaned with a block model trained on the other folds' dumps (both
    renderers), fold by fold; the training rows of every page are measured once."""
    from cleaner.select import train

    try:
        import numpy  # noqa: F401 - training needs it; say so before any work
    except ImportError:
        raise UsageError("--folds trains the block model and needs numpy: pip install 'cleaner[train]'") from None
    ids = [task.page_id for task in tasks]
    jobs_rows = train.dump_jobs(dataset, ids)
    owners = [Path(dump).stem for dump, _ in jobs_rows]
    with _mapper(jobs) as mapper, tempfile.TemporaryDirectory(prefix="cleaner-folds-") as tmp:
        rows = list(mapper(train.dump_rows, jobs_rows))
        for fold in sorted(set(fold_of.values())):
            model = train.fit([r for r, owner in zip(rows, owners) if fold_of[owner] != fold])
            path = Path(tmp) / f"fold-{fold}.json"
            train.write_model(model, path)
            fold_tasks = [replace(t, content_model=str(path)) for t in tasks if fold_of[t.page_id] == fold]
            yield from mapper(run_page, fold_tasks, on_error=_failed_page)


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Accuracy:
    pages: int
    cleaner: int
    trafilatura: int | None

    def cells(self) -> str:
        traf = "-" if self.trafilatura is None else f"{_share(self.trafilatura, self.pages):.3f}"
        return f"{self.pages:>5}  {_share(self.cleaner, self.pages):>7.3f}  {traf:>11}"


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


@dataclass(frozen=True, slots=True)
class MetadataReport:
    title: Accuracy
    authors: Accuracy
    date: Accuracy
    undated: Accuracy  # pages whose truth has no date; counts are pages we gave a date anyway


def metadata_report(runs: Sequence[PageRun]) -> MetadataReport | None:
    scored = [r for r in runs if r.cleaner_meta is not None]
    if not scored:
        return None
    with_traf = all(r.trafilatura_meta is not None for r in scored)

    def accuracy(pages: list[PageRun], test) -> Accuracy:
        ours = sum(test(r.cleaner_meta, r.truth) for r in pages)
        theirs = sum(test(r.trafilatura_meta, r.truth) for r in pages) if with_traf else None
        return Accuracy(len(pages), ours, theirs)

    return MetadataReport(
        title=accuracy([r for r in scored if r.truth.title], lambda m, t: metric.title_match(m.title, t.title)),
        authors=accuracy([r for r in scored if r.truth.author], lambda m, t: metric.authors_match(m.authors, t.author)),
        date=accuracy([r for r in scored if r.truth.date], lambda m, t: metric.date_match(m.date, t.date)),
        undated=accuracy([r for r in scored if not r.truth.date], lambda m, t: metric.parse_day(m.date) is not None),
    )


@dataclass(frozen=True, slots=True)
class Header:
    dataset: str
    mode: str
    renderer: str
    jobs: int
    wall_seconds: float
    worst: int = 10
    # Pages that could not be scored: no truth file, or one that does not parse.
    unscored: tuple[str, ...] = ()
    # Page id -> fold, in a cross-validation run (`--folds K`).
    folds: dict[str, int] | None = field(default=None)


def report_lines(runs: Sequence[PageRun], header: Header) -> list[str]:
    """The whole report; its last line is cleaner's score in the fixed `F1 .. P .. R .. n N` form."""
    import trafilatura

    ours = metric.score([r.cleaner for r in runs])
    theirs = metric.score([r.trafilatura for r in runs])
    words_ours = metric.word_mean([r.cleaner_words for r in runs])
    words_theirs = metric.word_mean([r.trafilatura_words for r in runs])
    source = "html" if header.mode == "html" else f"text/{header.renderer}"
    cleaner_rate = _rate(len(runs), sum(r.cleaner_cpu for r in runs))
    traf_rate = _rate(len(runs), sum(r.trafilatura_cpu for r in runs))
    lines = [
        f"cleaner eval {header.dataset}: {len(runs)} pages, cleaner on {source}, trafilatura "
        f"{trafilatura.__version__} (include_comments=False) on html, {header.jobs} job(s)",
        "",
        f"{'':<24} {'shingles (Scrapinghub)':^20}  {'bag of words (WCXB)':^20}",
        f"{'extractor':<24} {'F1':>6} {'P':>6} {'R':>6}  {'F1':>6} {'P':>6} {'R':>6} {'pages/CPU-s':>12}",
        f"{'cleaner (' + source + ')':<24} {_triple(ours)}  {_triple(words_ours)} {cleaner_rate:>12.1f}",
        f"{'trafilatura (html)':<24} {_triple(theirs)}  {_triple(words_theirs)} {traf_rate:>12.1f}",
        "",
        "speed: pages per CPU-second of the worker processes, the extraction call only, workers warmed up"
        + (" (cleaner's figure includes its own trafilatura pass)" if header.mode == "html" else ""),
        f"time ratio cleaner/trafilatura: {_ratio(traf_rate, cleaner_rate)}; "
        f"wall clock {header.wall_seconds:.1f} s for both",
    ]
    meta = metadata_report(runs)
    if meta is not None:
        lines += ["", "metadata: accuracy over pages whose truth has the field (a missing answer is wrong)"]
        lines.append(f"{'field':<9} {'pages':>5}  {'cleaner':>7}  {'trafilatura':>11}")
        for name in ("title", "authors", "date"):
            lines.append(f"{name:<9} {getattr(meta, name).cells()}")
        lines.append(f"{'undated':<9} {meta.undated.cells()}   <- share given a date anyway (target <= 0.30)")
    if header.unscored:
        lines += ["", f"{len(header.unscored)} page(s) not scored, without a usable truth file: {', '.join(header.unscored)}"]
    lines.append("")
    if header.folds is not None:
        lines += fold_lines(runs, header.folds)
    lines += page_type_lines(runs)
    lines += [*empty_lines(runs), *worst_lines(runs, header.worst)]
    lines.append(
        f"bag-of-words F1 (WCXB metric, page mean): cleaner {words_ours.f1:.3f} "
        f"(P {words_ours.precision:.3f} R {words_ours.recall:.3f}), trafilatura {words_theirs.f1:.3f} "
        f"(P {words_theirs.precision:.3f} R {words_theirs.recall:.3f})"
    )
    lines.append(ours.line())
    return lines


def _triple(s: metric.Score | metric.WordScore) -> str:
    return f"{s.f1:>6.3f} {s.precision:>6.3f} {s.recall:>6.3f}"


def _group_table(title: str, label: str, groups: dict[str, list[PageRun]]) -> list[str]:
    """Pages, then shingle F1 and bag-of-words F1 of cleaner and trafilatura, per group."""
    width = max([len(label), *(len(name) for name in groups)])
    lines = [
        title,
        f"{label:<{width}} {'pages':>5}  {'cleaner F1':>10} {'traf F1':>8}  {'cleaner BoW':>11} {'traf BoW':>8}",
    ]
    for name, pages in groups.items():
        lines.append(
            f"{name:<{width}} {len(pages):>5}  {metric.score([r.cleaner for r in pages]).f1:>10.3f} "
            f"{metric.score([r.trafilatura for r in pages]).f1:>8.3f}  "
            f"{metric.word_mean([r.cleaner_words for r in pages]).f1:>11.3f} "
            f"{metric.word_mean([r.trafilatura_words for r in pages]).f1:>8.3f}"
        )
    return lines + [""]


def page_type_lines(runs: Sequence[PageRun]) -> list[str]:
    """A row per truth `page_type` (most pages first, then by name); nothing when the set has none."""
    groups: dict[str, list[PageRun]] = {}
    for run in runs:
        groups.setdefault(run.truth.page_type or "(none)", []).append(run)
    if set(groups) == {"(none)"}:
        return []
    ordered = dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))
    return _group_table("by page type (truth page_type): shingle F1, bag-of-words F1", "page type", ordered)


def fold_lines(runs: Sequence[PageRun], folds: dict[str, int]) -> list[str]:
    groups: dict[str, list[PageRun]] = {}
    for run in sorted(runs, key=lambda r: (folds[r.page_id], r.page_id)):
        groups.setdefault(f"fold {folds[run.page_id]}", []).append(run)
    count = len(groups)
    title = (
        f"cross-validation: {count} folds grouped by site; each fold cleaned with a block model "
        "trained on the other folds' dumps (both renderers)"
    )
    return _group_table(title, "fold", groups)


def empty_lines(runs: Sequence[PageRun]) -> list[str]:
    """Pages cleaner calls empty while trafilatura returns text: a page is empty only when
    nothing on it is content."""
    empties = [r for r in runs if r.status == "empty" and r.trafilatura.tp + r.trafilatura.fp > 0]
    return _page_list(
        empties,
        "page(s) where cleaner says empty and trafilatura returns text:",
        "no page where cleaner says empty and trafilatura returns text",
        f"{'page type':<13} {'truth words':>11} {'traf BoW F1':>11}",
        lambda r: f"{r.truth.page_type or '-':<13} {len(metric.tokens(r.truth.body)):>11} {r.trafilatura_words.f1:>11.3f}",
    )


def worst_lines(runs: Sequence[PageRun], limit: int) -> list[str]:
    losses = sorted(
        (r for r in runs if r.cleaner.f1 < r.trafilatura.f1),
        key=lambda r: (r.cleaner.f1 - r.trafilatura.f1, r.page_id),
    )[:limit]
    return _page_list(
        losses,
        "page(s) where cleaner loses most to trafilatura (per-page shingle F1):",
        "no page where cleaner loses to trafilatura",
        f"{'cleaner F1':>10} {'trafilatura F1':>14} {'cleaner P':>9} {'cleaner R':>9}",
        lambda r: f"{r.cleaner.f1:>10.3f} {r.trafilatura.f1:>14.3f} {_cell(r.cleaner.precision):>9} {_cell(r.cleaner.recall):>9}",
    )


def _page_list(pages: Sequence[PageRun], heading: str, nothing: str, columns: str, cells) -> list[str]:
    """A count and heading, then a row per page (its id, then `cells(run)`), or one line saying none."""
    if not pages:
        return [nothing, ""]
    width = max(len(r.page_id) for r in pages)
    lines = [f"{len(pages)} {heading}", f"{'id':<{width}} {columns}"]
    lines += [f"{r.page_id:<{width}} {cells(r)}" for r in pages]
    return lines + [""]


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _rate(pages: int, seconds: float) -> float:
    return pages / seconds if seconds > 0 else 0.0


def _ratio(traf_rate: float, cleaner_rate: float) -> str:
    if not cleaner_rate or not traf_rate:
        return "n/a"
    return f"{traf_rate / cleaner_rate:.2f}x (cleaner takes that many times trafilatura's CPU time per page)"


# --- writing predictions -----------------------------------------------------------------------


def write_prediction(out_dir: Path, page_id: str, text: str) -> None:
    """`<id>.txt` in out_dir, written atomically; an id that would leave out_dir is refused."""
    target = (out_dir / f"{page_id}.txt").resolve()
    if target.parent != out_dir.resolve():
        raise UsageError(f"page id {page_id!r} would write outside {out_dir}")
    write_atomic(target, text)


# --- the command -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evaluation:
    lines: list[str]  # the report
    runs: list[PageRun]
    unscored: tuple[str, ...]  # pages without a usable truth file, with the reason


def evaluate(
    dataset: Path,
    mode: str,
    renderer: str,
    out_dir: Path | None,
    jobs: int,
    limit: int | None,
    worst: int,
    say: Callable[[str], None] = lambda message: None,
    folds: int | None = None,
) -> Evaluation:
    ids = page_ids(dataset, mode, renderer)
    if limit is not None:
        ids = ids[:limit]
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"--out {out_dir} is a file: give a folder for the predictions")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError.of(out_dir, exc) from None
    unscored = [f"{page_id} (no truth file)" for page_id in pages_without_truth(dataset)]
    truths = {}
    for page_id in ids:
        try:
            truths[page_id] = read_truth(dataset / "truth" / f"{page_id}.json")
        except InputError as exc:
            say(f"cleaner: {exc}")
            unscored.append(f"{page_id} (unreadable truth)")
    for page_id in pages_without_truth(dataset):
        say(f"cleaner: {page_id}: no truth/{page_id}.json: not scored")
    ids = [page_id for page_id in ids if page_id in truths]
    with_metadata = any(truth.has_metadata for truth in truths.values())
    tasks = [Task(str(dataset), page_id, mode, renderer, with_metadata) for page_id in ids]
    jobs = max(1, min(jobs, len(tasks)))
    fold_of = None
    if folds is not None:
        if folds > len(ids):
            raise UsageError(f"--folds {folds}: only {len(ids)} pages")
        fold_of = assign_folds({page_id: truth.url for page_id, truth in truths.items()}, folds)
    progress = sys.stderr.isatty()
    runs: list[PageRun] = []
    started = time.perf_counter()
    produced = run_pages(tasks, jobs) if fold_of is None else cross_validated_runs(dataset, tasks, fold_of, jobs)
    for run in produced:
        runs.append(run)
        if run.error:
            say(f"cleaner: {run.page_id}: {run.error}")
        if run.trafilatura_error:
            say(f"cleaner: {run.page_id}: trafilatura: {run.trafilatura_error}")
        if out_dir is not None and run.output is not None:
            try:
                write_prediction(out_dir, run.page_id, run.output)
            except OSError as exc:
                raise OutputError.of(out_dir / f"{run.page_id}.txt", exc) from None
        if progress and len(runs) % 20 == 0:
            say(f"eval: {len(runs)}/{len(tasks)} pages")
    wall = time.perf_counter() - started
    runs.sort(key=lambda r: r.page_id)  # cross-validation runs come fold by fold
    header = Header(
        dataset=str(dataset), mode=mode, renderer=renderer, jobs=jobs, wall_seconds=wall, worst=worst,
        unscored=tuple(sorted(unscored)), folds=fold_of,
    )
    return Evaluation(report_lines(runs, header), runs, header.unscored)
