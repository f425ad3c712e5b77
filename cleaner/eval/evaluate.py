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

import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from cleaner.batch.local import LocalEngine
from cleaner.batch.task import Settings
from cleaner.errors import CleanerError, InputError, OutputError, UsageError
from cleaner.eval import metric
from cleaner.eval.dataset import (
    CleanerRun,
    PageMeta,
    PageRun,
    Task,
    html_path,
    page_ids,
    pages_without_truth,
    read_html,
    read_truth,
)
from cleaner.eval.folds import assign_folds
from cleaner.eval.report import Header, report_lines
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
