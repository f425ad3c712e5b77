"""`cleaner eval` on a tiny hand-written set, and on ten pages of the real benchmark."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import Options, clean
from cleaner.cli import app
from cleaner.eval.dataset import html_path, read_html
from cleaner.eval.folds import assign_folds, site
from cleaner.render import render

from .conftest import require_bench

LAST_LINE = re.compile(r"^F1 (\d\.\d{3}) P (\d\.\d{3}) R (\d\.\d{3}) n (\d+)$")
BOW_LINE = re.compile(r"^bag-of-words F1 \(WCXB metric, page mean\): cleaner \d\.\d{3} .* trafilatura \d\.\d{3} ")

STORY = [
    "The town council voted on Tuesday to rebuild the old stone bridge over the river, ending a "
    "debate that had divided residents for more than three years.",
    "Engineers said the bridge, built in 1871, could no longer carry delivery lorries safely and "
    "that repairs would cost almost as much as a new crossing of the same design.",
    "Work is expected to start in the spring and to last eighteen months, during which a "
    "temporary footbridge will keep the two halves of the market connected for shoppers.",
]
PAGES = {
    "p1": ("Council votes to rebuild the old stone bridge", "Jane Doe", "2024-03-05"),
    "p2": ("Bridge works start in spring", None, None),
    "p3": (None, None, None),
}
# Two pages of one site under two host names, one of another: a fold holds p1 and p2 together.
URLS = {"p1": "https://www.town.example/a", "p2": "https://news.town.example/b", "p3": "https://other.example/c"}
TYPES = {"p1": "article", "p2": "article", "p3": "forum"}


def _html(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title} | Town News</title></head>"
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer><p>Subscribe to our newsletter for more news.</p><p>© Town News</p></footer></body></html>"
    )


def make_set(root: Path) -> Path:
    for sub in ("html", "text/innertext", "truth"):
        (root / sub).mkdir(parents=True)
    for index, (page_id, (title, author, date)) in enumerate(sorted(PAGES.items())):
        paragraphs = STORY[index:] + STORY[:index]
        heading = title or "A page without metadata in its truth"
        (root / "html" / f"{page_id}.html").write_text(_html(heading, paragraphs), encoding="utf-8")
        dump = "Home\nNews\nSport\n\n" + heading + "\n\n" + "\n\n".join(paragraphs) + "\n\nSubscribe to our newsletter for more news.\n"
        (root / "text" / "innertext" / f"{page_id}.txt").write_text(dump, encoding="utf-8")
        truth = {"id": page_id, "articleBody": "\n\n".join(paragraphs), "title": title, "author": author, "date": date,
                 "url": URLS[page_id], "page_type": TYPES[page_id]}
        (root / "truth" / f"{page_id}.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def fake_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_set(tmp_path_factory.mktemp("bench") / "tiny")


def run_eval(*args: str):
    result = CliRunner().invoke(app, ["eval", *args])
    return result


def test_html_mode_prints_the_table_and_ends_with_the_score_line(fake_set: Path, tmp_path: Path) -> None:
    out = tmp_path / "preds"
    result = run_eval(str(fake_set), "--mode", "html", "--jobs", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").split("\n")
    match = LAST_LINE.match(lines[-1])
    assert match, lines[-1]
    assert match.group(4) == "3"
    assert BOW_LINE.match(lines[-2]), lines[-2]
    assert any(line.startswith("cleaner (html) ") for line in lines)
    assert any(line.startswith("trafilatura (html) ") for line in lines)
    assert any(line.startswith("time ratio cleaner/trafilatura: ") for line in lines)
    # Metadata: the truth has 2 titles, 1 author, 1 date, and 2 pages without a date.
    rows = {line.split()[0]: line.split() for line in lines if re.match(r"^(title|authors|date|undated) ", line)}
    assert [rows[k][1] for k in ("title", "authors", "date", "undated")] == ["2", "1", "1", "2"]
    assert all(re.fullmatch(r"\d\.\d{3}", rows[k][3]) for k in rows)  # trafilatura's column is filled
    # --out keeps exactly what `cleaner clean --format text` writes.
    assert sorted(p.name for p in out.iterdir()) == ["p1.txt", "p2.txt", "p3.txt"]
    source = (fake_set / "html" / "p1.html").read_bytes()
    expected = render(clean(source, input_format="html", options=Options()), "text")
    assert (out / "p1.txt").read_text(encoding="utf-8") == expected
    assert "newsletter" not in expected  # a sanity check that something was cleaned at all


def test_text_mode_cleans_the_dumps_and_scores_only_cleaners_metadata(fake_set: Path, tmp_path: Path) -> None:
    out = tmp_path / "preds"
    result = run_eval(str(fake_set), "--mode", "text", "--renderer", "innertext", "--jobs", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").split("\n")
    assert LAST_LINE.match(lines[-1]), lines[-1]
    assert any(line.startswith("cleaner (text/innertext) ") for line in lines)
    title_row = next(line for line in lines if line.startswith("title "))
    assert title_row.split()[-1] == "-"  # no trafilatura metadata from a text dump
    dump = (fake_set / "text" / "innertext" / "p2.txt").read_bytes()
    expected = render(clean(dump, input_format="text", options=Options()), "text")
    assert (out / "p2.txt").read_text(encoding="utf-8") == expected


def test_limit_and_jobs_keep_the_report_the_same(fake_set: Path) -> None:
    one = run_eval(str(fake_set), "--jobs", "1", "--limit", "2")
    two = run_eval(str(fake_set), "--jobs", "2", "--limit", "2")
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.stdout.rstrip().split("\n")[-1].endswith(" n 2")

    def steady(text: str) -> list[str]:  # everything but timings and the job count
        return [line for line in text.split("\n") if not re.search(r"CPU|wall clock|job\(s\)|^cleaner \(|^trafilatura \(", line)]

    assert steady(one.stdout) == steady(two.stdout)


def test_a_folder_that_is_not_a_benchmark_set_is_a_usage_error(tmp_path: Path) -> None:
    result = run_eval(str(tmp_path), "--jobs", "1")
    assert result.exit_code == 2
    assert "not a benchmark set" in result.stderr
    assert result.stdout == ""


def test_text_mode_needs_the_renderers_dumps(fake_set: Path) -> None:
    result = run_eval(str(fake_set), "--mode", "text", "--renderer", "htmltext", "--jobs", "1")
    assert result.exit_code == 2
    assert "text/htmltext" in result.stderr


def test_ten_scrapinghub_pages() -> None:
    bench = require_bench("scrapinghub")
    result = run_eval(str(bench), "--mode", "html", "--limit", "10", "--jobs", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").split("\n")
    match = LAST_LINE.match(lines[-1])
    assert match, lines[-1]
    assert match.group(4) == "10"
    f1, precision, recall = (float(match.group(i)) for i in (1, 2, 3))
    assert 0.0 < f1 <= 1.0 and 0.0 < precision <= 1.0 and 0.0 < recall <= 1.0
    # scrapinghub's truth has no metadata: no metadata table.
    assert not any(line.startswith("metadata:") for line in lines)


# --- issue 11.3: what cannot be scored is said, counted, and never a traceback ---------------


def _copy_set(fake_set: Path, target: Path) -> Path:
    import shutil

    return Path(shutil.copytree(fake_set, target))


def test_a_page_without_truth_is_reported_and_counted(fake_set: Path, tmp_path: Path) -> None:
    dataset = _copy_set(fake_set, tmp_path / "set")
    (dataset / "truth" / "p2.json").unlink()
    result = run_eval(str(dataset), "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "p2: no truth/p2.json: not scored" in result.stderr
    assert "1 page(s) not scored" in result.stderr
    assert "1 page(s) not scored, without a usable truth file: p2 (no truth file)" in result.stdout
    assert LAST_LINE.match(result.stdout.splitlines()[-1]).group(4) == "2"  # p1 and p3 still scored


def test_a_truncated_truth_file_is_one_line_and_the_rest_is_scored(fake_set: Path, tmp_path: Path) -> None:
    dataset = _copy_set(fake_set, tmp_path / "set")
    truth = dataset / "truth" / "p1.json"
    truth.write_text(truth.read_text(encoding="utf-8")[:40], encoding="utf-8")
    result = run_eval(str(dataset), "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    assert "p1.json: not valid JSON" in result.stderr
    assert "p1 (unreadable truth)" in result.stdout
    assert LAST_LINE.match(result.stdout.splitlines()[-1]).group(4) == "2"


def test_out_that_is_a_file_is_one_line(fake_set: Path, tmp_path: Path) -> None:
    afile = tmp_path / "preds"
    afile.write_text("not a folder\n", encoding="utf-8")
    result = run_eval(str(fake_set), "--jobs", "1", "--out", str(afile))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"cleaner: --out {afile} is a file: give a folder for the predictions"]
    under = run_eval(str(fake_set), "--jobs", "1", "--out", str(afile / "sub"))
    assert under.exit_code == 1, under.output
    assert len(under.stderr.splitlines()) == 1 and "cannot write" in under.stderr
    assert afile.read_text(encoding="utf-8") == "not a folder\n"


# --- gzipped pages, page types, empty pages, cross-validation -------------------------------------


def _steady(text: str) -> list[str]:
    """The report without timings, the job count and the set's path."""
    return [line for line in text.split("\n") if not re.search(r"CPU|wall clock|job\(s\)|^cleaner \(|^trafilatura \(", line)]


def test_gzipped_pages_score_as_the_plain_ones(fake_set: Path, tmp_path: Path) -> None:
    packed = tmp_path / "packed"
    shutil.copytree(fake_set, packed)
    for page in sorted((packed / "html").glob("*.html")):
        page.with_name(page.name + ".gz").write_bytes(gzip.compress(page.read_bytes()))
        page.unlink()
    plain = run_eval(str(fake_set), "--mode", "html", "--jobs", "1")
    gz = run_eval(str(packed), "--mode", "html", "--jobs", "1")
    assert plain.exit_code == gz.exit_code == 0, gz.output
    assert _steady(gz.stdout) == _steady(plain.stdout)
    assert LAST_LINE.match(gz.stdout.rstrip("\n").split("\n")[-1]).group(4) == "3"
    assert read_html(html_path(packed, "p1")) == (fake_set / "html" / "p1.html").read_bytes()


def test_a_table_per_page_type_with_both_metrics(fake_set: Path) -> None:
    result = run_eval(str(fake_set), "--mode", "html", "--jobs", "1")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.stdout.split("\n") if re.match(r"^(article|forum) ", line)}
    assert [rows["article"][1], rows["forum"][1]] == ["2", "1"]
    assert all(re.fullmatch(r"\d\.\d{3}", cell) for row in rows.values() for cell in row[2:6])
    header = next(line for line in result.stdout.split("\n") if line.startswith("extractor "))
    assert header.split()[1:7] == ["F1", "P", "R", "F1", "P", "R"]  # shingles, then bag of words


def test_pages_cleaner_calls_empty_while_trafilatura_finds_text_are_listed(fake_set: Path, tmp_path: Path) -> None:
    emptied = tmp_path / "emptied"
    shutil.copytree(fake_set, emptied)
    (emptied / "text" / "innertext" / "p3.txt").write_text("Home\nNews\nSport\n", encoding="utf-8")
    result = run_eval(str(emptied), "--mode", "text", "--jobs", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    at = lines.index("1 page(s) where cleaner says empty and trafilatura returns text:")
    assert lines[at + 2].split()[:2] == ["p3", "forum"]
    plain = run_eval(str(fake_set), "--mode", "text", "--jobs", "1")
    assert "no page where cleaner says empty and trafilatura returns text" in plain.stdout.split("\n")


def test_site_is_the_registrable_domain() -> None:
    assert site("https://www.bbc.co.uk/news/x") == "bbc.co.uk"
    assert site("https://en.wikipedia.org/wiki/A") == site("https://de.wikipedia.org/wiki/B") == "wikipedia.org"
    assert site("http://Example.COM:8080/") == "example.com"
    assert site("not a url") is None and site(None) is None


def test_folds_keep_each_site_whole_balanced_and_fixed() -> None:
    urls = {f"{n:03d}": f"https://s{n % 7}.example{n % 11}.org/{n}" for n in range(60)}
    urls["lone"] = None
    folds = assign_folds(urls, 5)
    assert sorted(folds) == sorted(urls)
    by_site: dict[str, set[int]] = {}
    for page_id, fold in folds.items():
        by_site.setdefault(site(urls[page_id]) or page_id, set()).add(fold)
    assert all(len(f) == 1 for f in by_site.values())  # no site in two folds
    sizes = sorted(Counter(folds.values()).values())
    assert len(sizes) == 5 and sizes[-1] - sizes[0] <= max(Counter(site(u) for u in urls.values()).values())
    assert assign_folds(dict(reversed(list(urls.items()))), 5) == folds  # input order does not matter
    with pytest.raises(ValueError):
        assign_folds(urls, 1)


def test_cross_validation_cleans_each_fold_with_a_model_trained_on_the_others(fake_set: Path) -> None:
    pytest.importorskip("numpy")
    result = run_eval(str(fake_set), "--mode", "text", "--jobs", "1", "--folds", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").split("\n")
    assert LAST_LINE.match(lines[-1]).group(4) == "3"
    folds = {line.split()[1]: line.split()[2] for line in lines if re.match(r"^fold \d ", line)}
    assert folds == {"0": "2", "1": "1"}  # p1 and p2 share a site: one fold
    again = run_eval(str(fake_set), "--mode", "text", "--jobs", "1", "--folds", "2")
    assert _steady(again.stdout) == _steady(result.stdout)
    assert run_eval(str(fake_set), "--folds", "1").exit_code == 2
