"""Show every decision: a terminal listing and a self-contained HTML report (`cleaner explain`).

Both read only a `Result`: every block in page order with its action, category, the rule id or
heuristic that decided (and the measured value), then the metadata with the source of each field.

Pages are hostile. In the terminal, control characters of the page never reach the screen (an
escape sequence in a block could rewrite the terminal); in HTML every piece of page text goes
through `html.escape`, and the page carries a Content-Security-Policy that forbids scripts and
every network fetch, so even a missed escape could not run code or call out.
"""

from __future__ import annotations

import html
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from cleaner.errors import CleanerError, UsageError
from cleaner.files import input_files, write_atomic
from cleaner.model import DecisionRecord, Metadata, Result

# --- shared -----------------------------------------------------------------------------------

# C0/C1 controls except tab and newline: ESC starts terminal escape sequences.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

METADATA_FIELDS = (
    "title", "subtitle", "authors", "date", "updated", "site", "section", "categories",
    "language", "language_confidence", "captions", "update_notes", "word_count", "url",
)


def safe_text(text: str) -> str:
    """Page text fit for a terminal: no control characters."""
    return _CONTROLS.sub("", text)


def decided_by(record: DecisionRecord) -> str:
    """The rule id or heuristic, with the measured value where a heuristic decided."""
    return record.reason if record.value is None else f"{record.reason}={record.value:g}"


def metadata_rows(meta: Metadata) -> list[tuple[str, str, str]]:
    """(field, value as text, source) for every metadata field, empty ones as ''."""
    data = meta.to_dict()
    rows = []
    for name in METADATA_FIELDS:
        rows.append((name, _field_text(data.get(name)), meta.sources.get(name, "")))
    return rows


def _field_text(value: object) -> str:
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):  # a caption
                credit = f" (credit: {item['credit']})" if item.get("credit") else ""
                parts.append(f"{item['text']}{credit}")
            else:
                parts.append(str(item))
        return "; ".join(parts)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True, slots=True)
class Counts:
    kept: int
    dropped: int
    by_category: tuple[tuple[str, int, int], ...]  # (category, kept, dropped), sorted by name

    @property
    def total(self) -> int:
        return self.kept + self.dropped


def counts(result: Result) -> Counts:
    kept: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for d in result.decisions:
        (kept if d.action == "keep" else dropped)[d.category] += 1
    names = sorted(set(kept) | set(dropped))
    return Counts(
        kept=sum(kept.values()),
        dropped=sum(dropped.values()),
        by_category=tuple((n, kept[n], dropped[n]) for n in names),
    )


# --- terminal -------------------------------------------------------------------------------

_DIM_STRIKE = "\x1b[2;9m"
_DIM = "\x1b[2m"
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


def explain_text(result: Result, *, name: str = "", color: bool = False) -> str:
    """Every block in page order (dropped ones dimmed and struck when `color`), then metadata."""
    c = counts(result)
    head = f"{name}: " if name else ""
    lines = [f"{head}{c.total} blocks, {c.kept} kept, {c.dropped} dropped (status {result.status})"]
    width = max((len(decided_by(d)) for d in result.decisions), default=10)
    for d in result.decisions:
        role = f" role={d.role}" if d.role else ""
        text = safe_text(d.text).replace("\n", " / ")
        mark = "+ keep" if d.action == "keep" else "- drop"
        info = f"{mark} {d.index:>4} {d.category:<14} {decided_by(d):<{width}}{role}"
        if not color:
            lines.append(f"{info} | {text}")
        elif d.action == "keep":
            lines.append(f"{_BOLD}{info}{_RESET} | {text}")
        else:
            lines.append(f"{_DIM}{info} | {_RESET}{_DIM_STRIKE}{text}{_RESET}")
    lines.append("")
    lines.append("metadata (field, value, source):")
    for field_name, value, source in metadata_rows(result.metadata):
        shown = safe_text(value).replace("\n", " / ") if value else "-"
        lines.append(f"  {field_name:<20} {shown}" + (f"  [{source}]" if source else ""))
    lines.append("")
    lines.append("counts by category (kept, dropped):")
    for category, kept, dropped in c.by_category:
        lines.append(f"  {category:<14} {kept:>4} {dropped:>4}")
    for warning in result.warnings:
        lines.append(f"warning: {safe_text(warning)}")
    return "\n".join(lines) + "\n"


# --- HTML -----------------------------------------------------------------------------------

# A fixed colour per known category, so reports of different pages read alike; any other
# category gets a hue from a CRC of its name (stable across runs, unlike hash()).
_CATEGORY_COLOURS = {
    "story": "#2e7d32", "title": "#1565c0", "subtitle": "#1976d2", "byline": "#5e35b1",
    "date": "#6a1b9a", "section-label": "#8e24aa", "update-note": "#00838f",
    "teaser": "#ef6c00", "navigation": "#6d4c41", "boilerplate": "#757575",
    "related-list": "#f4511e", "read-more": "#fb8c00", "newsletter": "#c62828",
    "social": "#ad1457", "advertising": "#d81b60", "cookie": "#795548", "comments": "#3949ab",
    "credit": "#00897b", "caption": "#43a047", "paywall": "#b71c1c", "legal": "#546e7a",
    "tags": "#7cb342",
}


def category_colour(category: str) -> str:
    if category in _CATEGORY_COLOURS:
        return _CATEGORY_COLOURS[category]
    return f"hsl({zlib.crc32(category.encode('utf-8')) % 360}, 55%, 42%)"


_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
.wrap { max-width: 980px; margin: 0 auto; padding: 0 1rem 1rem; }
header h1 { font-size: 1.3rem; margin: 1rem 0 .2rem; word-break: break-all; }
.counts { font-size: 1rem; margin: .2rem 0 .8rem; }
.counts b.k { color: #2e7d32; } .counts b.d { color: #b71c1c; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem .9rem; padding: 0; list-style: none; font-size: .85rem; }
.legend li { display: flex; align-items: center; gap: .3rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; }
table.meta { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1rem; width: 100%; }
table.meta th, table.meta td { text-align: left; vertical-align: top; padding: .15rem .5rem; border-bottom: 1px solid #e0e0e0; }
table.meta td.src { color: #666; white-space: nowrap; }
table.meta td.empty { color: #aaa; }
.toggle { font-size: .85rem; margin: .4rem 0 .4rem .3rem; }
#hide-dropped:checked ~ main .block[data-action="drop"] { display: none; }
.block { margin: .35rem 0; padding: .35rem .6rem; border-left: 5px solid var(--c); background: #fff; border-radius: 3px; }
.block .why { font: .75rem/1.3 ui-monospace, monospace; color: #555; margin-bottom: .15rem; }
.block .why .cat { color: var(--c); font-weight: 600; }
.block .txt { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.block[data-action="keep"] .txt { color: #111; }
.block[data-action="drop"] { background: #f1f1f1; }
.block[data-action="drop"] .txt { color: #8a8a8a; text-decoration: line-through; text-decoration-color: #bbb; font-size: .9rem; }
.block[data-kind="heading"] .txt { font-weight: 600; }
.badge { display: inline-block; padding: 0 .3rem; border-radius: 3px; font-weight: 700; color: #fff; }
.badge.keep { background: #2e7d32; } .badge.drop { background: #9e9e9e; }
.warn { color: #b71c1c; font-size: .85rem; }
table.index { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.index th, table.index td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #e0e0e0; }
table.index td.num { text-align: right; font-variant-numeric: tabular-nums; }
footer { color: #777; font-size: .75rem; margin-top: 1.5rem; }
"""

# No script, no fetch of anything: the report works from a file:// URL with the network off.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<div class=\"wrap\">\n{body}</div>\n</body>\n</html>\n"
    )


def html_report(result: Result, *, name: str = "") -> str:
    """One self-contained HTML page: counts, legend, metadata, then every block in page order."""
    c = counts(result)
    title = f"cleaner explain: {name}" if name else "cleaner explain"
    parts = [
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="counts" id="counts" data-kept="{c.kept}" data-dropped="{c.dropped}" data-total="{c.total}">'
        f'{c.total} blocks: <b class="k">{c.kept} kept</b>, <b class="d">{c.dropped} dropped</b>'
        f" &middot; status {_e(result.status)} &middot; {result.metadata.word_count} words kept</p>",
        _legend(c),
    ]
    parts += [f'<p class="warn">warning: {_e(w)}</p>' for w in result.warnings]
    parts.append("</header>")
    parts.append(_metadata_panel(result.metadata))
    parts.append('<input type="checkbox" id="hide-dropped"><label class="toggle" for="hide-dropped">hide dropped blocks</label>')
    parts.append('<main id="blocks">')
    parts += [_block(d) for d in result.decisions]
    parts.append("</main>")
    parts.append("<footer>Made by cleaner explain. Kept blocks are the story; dropped ones are struck through, "
                 "each with the rule id or heuristic (and measured value) that dropped it.</footer>")
    return _page(title, "\n".join(parts) + "\n")


def _legend(c: Counts) -> str:
    items = [
        f'<li data-category="{_e(cat)}"><span class="swatch" style="background:{category_colour(cat)}"></span>'
        f"{_e(cat)} <small>({kept} kept, {dropped} dropped)</small></li>"
        for cat, kept, dropped in c.by_category
    ]
    return '<ul class="legend" id="legend">' + "".join(items) + "</ul>"


def _metadata_panel(meta: Metadata) -> str:
    rows = []
    for field_name, value, source in metadata_rows(meta):
        cell = f"<td>{_e(value)}</td>" if value else '<td class="empty">&ndash;</td>'
        rows.append(f"<tr><th>{_e(field_name)}</th>{cell}<td class=\"src\">{_e(source)}</td></tr>")
    return (
        '<aside id="metadata"><table class="meta"><thead><tr><th>field</th><th>value</th><th>source</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></aside>"
    )


def _block(d: DecisionRecord) -> str:
    role = f" &middot; role {_e(d.role)}" if d.role else ""
    also = [m for m in d.matched if m != d.reason]
    matched = f" &middot; also matched {_e(', '.join(also))}" if also else ""
    return (
        f'<section class="block" data-action="{_e(d.action)}" data-category="{_e(d.category)}" '
        f'data-index="{d.index}" data-kind="{_e(d.kind)}" style="--c:{category_colour(d.category)}">'
        f'<div class="why"><span class="badge {_e(d.action)}">{_e(d.action)}</span> #{d.index} '
        f'<span class="cat">{_e(d.category)}</span> &middot; <span class="reason">{_e(decided_by(d))}</span>{role}{matched}</div>'
        f'<p class="txt">{_e(d.text)}</p></section>'
    )


# --- a folder of reports ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportEntry:
    source: str  # the input's path relative to the folder
    report: str  # the report's path relative to the output folder ('' when the input failed)
    status: str
    kept: int = 0
    dropped: int = 0
    title: str = ""
    error: str = ""


def report_path(root: Path, source: Path, out_dir: Path) -> Path:
    """`a/b.txt` -> OUT/a/b.txt.html (the suffix is kept so a.txt and a.html never collide)."""
    relative = source.relative_to(root)
    target = (out_dir / relative.parent / (relative.name + ".html")).resolve()
    if not target.is_relative_to(out_dir.resolve()):
        raise UsageError(f"{source}: report path would leave {out_dir}")
    return target


def index_page(entries: list[ReportEntry], *, root_name: str) -> str:
    rows = []
    for entry in entries:
        if entry.report:
            href = quote(entry.report, safe="/")
            link = f'<a href="{_e(href)}">{_e(entry.source)}</a>'
        else:
            link = _e(entry.source)
        detail = _e(entry.error) if entry.error else _e(entry.title)
        rows.append(
            f'<tr data-status="{_e(entry.status)}"><td>{link}</td><td>{_e(entry.status)}</td>'
            f'<td class="num">{entry.kept}</td><td class="num">{entry.dropped}</td><td>{detail}</td></tr>'
        )
    failed = sum(e.status == "error" for e in entries)
    body = (
        f"<header><h1>cleaner explain: {_e(root_name)}</h1>"
        f'<p class="counts">{len(entries)} input(s), {failed} failed</p></header>\n'
        '<main><table class="index"><thead><tr><th>input</th><th>status</th><th>kept</th>'
        f"<th>dropped</th><th>title or error</th></tr></thead><tbody>{''.join(rows)}</tbody></table></main>\n"
    )
    return _page(f"cleaner explain: {root_name}", body)


def write_folder_reports(root: Path, out_dir: Path, explain_one) -> list[ReportEntry]:
    """One report per input below root, then OUT/index.html; one bad input never stops the rest.

    `explain_one(path) -> Result` cleans one input (the CLI passes its options in).
    """
    entries: list[ReportEntry] = []
    for source in input_files(root):
        relative = source.relative_to(root).as_posix()
        try:
            target = report_path(root, source, out_dir)
            result = explain_one(source)
        except CleanerError as exc:
            entries.append(ReportEntry(source=relative, report="", status="error", error=str(exc)))
            continue
        write_atomic(target, html_report(result, name=relative))
        c = counts(result)
        entries.append(ReportEntry(
            source=relative,
            report=target.relative_to(out_dir.resolve()).as_posix(),
            status=result.status,
            kept=c.kept,
            dropped=c.dropped,
            title=result.metadata.title or "",
        ))
    write_atomic(out_dir.resolve() / "index.html", index_page(entries, root_name=root.name))
    return entries


def wants_colour(stream, environ) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (no-color.org)."""
    if environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
