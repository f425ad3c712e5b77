"""`cleaner explain`: every block with its decision and reason, the metadata with its sources."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import clean
from cleaner.cli import app
from cleaner.errors import UsageError
from cleaner.report import explain_text, html_report, report_path, wants_colour

from .conftest import SEEDS

S001 = SEEDS / "001_b3fea67ff8ded212.txt"
HOSTILE = (
    "A Headline Of Some Hostile Page\n\n"
    "<script>alert('x')</script>\n\n"
    "This paragraph is long story text that the cleaner keeps, as it reads like prose with many words "
    "in it \x1b[31mand a terminal escape\x1b[0m inside & an ampersand.\n\n"
    "Share this article\n"
)


def invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def json_decisions(*args: str) -> list[dict]:
    return json.loads(invoke("clean", *args, "--format", "json").stdout)["decisions"]


def test_terminal_lists_every_block_in_order_with_reason() -> None:
    out = invoke("explain", str(S001)).stdout
    decisions = json_decisions(str(S001))
    block_lines = [line for line in out.splitlines() if line.startswith(("+ keep", "- drop"))]
    assert len(block_lines) == len(decisions)
    for line, d in zip(block_lines, decisions):
        assert line.startswith("+ keep" if d["action"] == "keep" else "- drop")
        fields = line.split()
        assert int(fields[2]) == d["index"] and fields[3] == d["category"]
        value = "" if d["value"] is None else f"={d['value']:g}"
        assert fields[4] == d["reason"] + value
    assert "\x1b[" not in out  # CliRunner's stdout is not a terminal: no colour
    # Metadata with where each field came from.
    assert re.search(r"^  title +Bombing of Soleimani .* \[heuristic\]$", out, re.M)
    assert re.search(r"^  language +en +\[langdetect\]$", out, re.M)
    assert re.search(r"^  authors +-$", out, re.M)


def test_colour_only_for_a_terminal() -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    assert wants_colour(Tty(), {}) is True
    assert wants_colour(Tty(), {"NO_COLOR": "1"}) is False
    assert wants_colour(object(), {}) is False
    coloured = explain_text(clean(S001.read_bytes()), color=True)
    follow = next(line for line in coloured.splitlines() if "Follow us on social" in line)
    assert "\x1b[2;9mFollow us on social" in follow  # dropped: dimmed and struck
    story = next(line for line in coloured.splitlines() if "A pair of explosions" in line)
    assert "\x1b[2" not in story  # kept: plain


def test_terminal_strips_control_characters() -> None:
    text = explain_text(clean(HOSTILE, input_format="text"))
    assert "\x1b" not in text and "[31mand a terminal escape" in text


class Collect(HTMLParser):
    """Every element's tag and attributes, and the text outside elements' markup."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data) -> None:
        self.text.append(data)


def parse(page: str) -> Collect:
    collector = Collect()
    collector.feed(page)
    return collector


def test_html_report_marks_blocks_and_escapes_page_text(tmp_path: Path) -> None:
    page = tmp_path / "hostile.txt"
    page.write_text(HOSTILE, encoding="utf-8")
    report = tmp_path / "report.html"
    invoke("explain", str(page), "--input", "text", "--html", str(report))
    text = report.read_text(encoding="utf-8")
    parsed = parse(text)
    assert not [t for t, _ in parsed.tags if t in ("script", "img", "link", "iframe")]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "<script>alert('x')</script>" in "".join(parsed.text)  # shown as text
    assert "&amp; an ampersand" in text
    marked = [a for t, a in parsed.tags if "data-action" in a]
    decisions = json_decisions(str(page), "--input", "text")
    assert [a["data-action"] for a in marked] == [d["action"] for d in decisions]
    dropped = [a for a in marked if a["data-action"] == "drop"]
    assert dropped and all(a["data-category"] for a in dropped)
    # The counts, the legend and the metadata panel are there.
    counts = next(a for t, a in parsed.tags if a.get("id") == "counts")
    assert int(counts["data-kept"]) == sum(d["action"] == "keep" for d in decisions)
    assert int(counts["data-dropped"]) == sum(d["action"] == "drop" for d in decisions)
    assert {a["data-category"] for t, a in parsed.tags if t == "li" and "data-category" in a} == {d["category"] for d in decisions}
    assert any(a.get("id") == "metadata" for _, a in parsed.tags)
    # Nothing to fetch: no URL in the page but the CSP's own words and no external reference.
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text)
    assert "default-src 'none'" in text


def test_reason_shown_on_each_dropped_block() -> None:
    result = clean(S001.read_bytes())
    page = html_report(result, name="s")
    for d in result.decisions:
        if d.action == "drop":
            assert f'data-index="{d.index}"' in page
    assert '<span class="reason">heur.teaser-unit=' in page
    assert '<span class="reason">responsiblestatecraft.follow-us</span>' in page


def test_report_is_deterministic() -> None:
    assert html_report(clean(S001.read_bytes()), name="a") == html_report(clean(S001.read_bytes()), name="a")


def test_folder_reports_and_index(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "a.txt").write_bytes(S001.read_bytes())
    (pages / "sub" / "<b>odd name.txt").write_text(HOSTILE, encoding="utf-8")
    (pages / "bad.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    out = tmp_path / "reports"
    result = CliRunner().invoke(app, ["explain", str(pages), "--html", str(out)])
    assert result.exit_code == 1  # one input failed, the others were written
    assert "bad.bin" in result.stderr
    assert (out / "a.txt.html").is_file() and (out / "sub" / "<b>odd name.txt.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    hrefs = [a["href"] for t, a in parse(index).tags if t == "a"]
    assert hrefs == ["a.txt.html", "sub/%3Cb%3Eodd%20name.txt.html"]
    assert "&lt;b&gt;odd name.txt" in index and "<b>odd" not in index
    assert 'data-status="error"' in index
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.txt.html", "index.html", "sub/<b>odd name.txt.html"]


def test_report_paths_stay_in_the_output_folder(tmp_path: Path) -> None:
    root = tmp_path / "in"
    assert report_path(root, root / "x" / "y.txt", tmp_path / "out") == (tmp_path / "out" / "x" / "y.txt.html").resolve()
    with pytest.raises(UsageError, match="would leave"):
        report_path(root, root / ".." / ".." / "etc" / "z.txt", tmp_path / "out")


def test_folder_without_html_prints_each_file(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "one.txt").write_bytes(S001.read_bytes())
    (pages / "two.txt").write_text(HOSTILE, encoding="utf-8")
    out = invoke("explain", str(pages)).stdout
    assert out.count("blocks,") == 2 and "one.txt:" in out and "two.txt:" in out


def test_stdin_and_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["explain", "-"], input=S001.read_bytes())
    assert result.exit_code == 0 and "stdin:" in result.stdout
    missing = CliRunner().invoke(app, ["explain", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "no such file" in missing.stderr and "Traceback" not in missing.output
    folder_target = CliRunner().invoke(app, ["explain", str(S001), "--html", str(tmp_path)])
    assert folder_target.exit_code == 2 and "is a folder" in folder_target.stderr
