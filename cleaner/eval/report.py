"""The report of `cleaner eval`: cleaner beside trafilatura overall, by page type and fold, metadata
accuracy, the pages cleaner calls empty and the ones it loses most; its last line is the figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from cleaner.eval import metric
from cleaner.eval.dataset import PageRun

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
