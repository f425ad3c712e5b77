"""The command line as a user meets it: data on stdout, one-line errors on stderr, exit codes.

Most cases go through typer's CliRunner (in-process, fast); a few run the real `cleaner` entry
point in a subprocess, where only a real process shows whether a traceback reaches the terminal.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

from .conftest import ROOT, SEEDS

S000 = SEEDS / "000_217c230414dadc16.txt"
S001 = SEEDS / "001_b3fea67ff8ded212.txt"

METADATA_KEYS = {
    "title", "subtitle", "authors", "date", "updated", "site", "section", "categories", "language",
    "language_confidence", "captions", "update_notes", "word_count", "url", "sources",
}

runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def assert_one_line_error(result, code: int | None = None) -> str:
    """A user error: non-zero exit, exactly one line on stderr, nothing on stdout, no traceback."""
    assert result.exit_code != 0, result.output
    if code is not None:
        assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cleaner: ")
    assert "Traceback" not in result.stderr
    return lines[0]


# --- formats ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [S000, S001], ids=["000", "001"])
def test_json_has_the_required_keys(seed: Path) -> None:
    result = invoke("clean", str(seed), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"text", "metadata", "decisions", "status"} <= set(data)
    assert METADATA_KEYS <= set(data["metadata"])
    meta = data["metadata"]
    assert isinstance(meta["authors"], list) and isinstance(meta["categories"], list)
    assert all(set(c) == {"text", "credit"} for c in meta["captions"])
    assert data["status"] == "ok"
    assert meta["language"] == "en"
    assert data["text"] and meta["word_count"] == len(data["text"].split())
    # decisions: every block, in page order, each with its action and reason
    indexes = [d["index"] for d in data["decisions"]]
    assert indexes == sorted(indexes) and len(indexes) == len(set(indexes))
    assert all(d["action"] in ("keep", "drop") and d["reason"] for d in data["decisions"])


def test_json_is_pretty_and_ends_with_newline() -> None:
    out = invoke("clean", str(S001), "--format", "json").stdout
    assert out.endswith("}\n")
    assert "\n  \"metadata\"" in out
    assert "’" in out  # ensure_ascii=False: the page's apostrophes stay readable


def test_text_is_the_story() -> None:
    result = invoke("clean", str(S000))
    assert result.exit_code == 0
    assert result.stdout.startswith("Iran and the United States ironically concurred")
    assert result.stdout.endswith("effectively hand them to authorities.\n")
    assert result.stderr == ""


def test_markdown() -> None:
    result = invoke("clean", str(S001), "--format", "markdown")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# Bombing of Soleimani mourners in Iran kills over 100 people\n")
    assert "*The attack is the latest indication" in out
    assert "UPDATE (Jan. 4 at 12:47 p.m.)" in out
    assert out.rstrip().endswith("instead of transiting the Suez Canal.")
    assert out.count("Bombing of Soleimani mourners") == 1


@pytest.mark.parametrize("seed", [S000, S001], ids=["000", "001"])
def test_stdin_equals_path(seed: Path) -> None:
    by_path = invoke("clean", str(seed), "--format", "json")
    by_pipe = invoke("clean", "-", "--format", "json", stdin=seed.read_bytes())
    assert by_pipe.exit_code == 0, by_pipe.output
    assert by_pipe.stdout == by_path.stdout


def test_explain_goes_to_stderr_only() -> None:
    plain = invoke("clean", str(S001), "--format", "json")
    explained = invoke("clean", str(S001), "--format", "json", "--explain")
    assert explained.exit_code == 0
    assert explained.stdout == plain.stdout
    json.loads(explained.stdout)
    lines = explained.stderr.splitlines()
    blocks = len(json.loads(plain.stdout)["decisions"])
    assert len(lines) == blocks
    assert lines[0].startswith("- ") and "Follow us on social" in lines[0]
    assert any(line.startswith("+ ") and "heur." in line for line in lines)


def test_explain_with_text_format_keeps_stdout_the_story() -> None:
    explained = invoke("clean", str(S000), "--explain")
    assert explained.stdout == invoke("clean", str(S000)).stdout
    assert "More News" in explained.stderr and "More News" not in explained.stdout


def test_url_option_fills_metadata_url() -> None:
    url = "https://responsiblestatecraft.org/iran-bombing-soleimani/"
    data = json.loads(invoke("clean", str(S001), "--format", "json", "--url", url).stdout)
    assert data["metadata"]["url"] == url
    assert data["metadata"]["site"] == "Responsible Statecraft"


def test_no_site_rules_keeps_the_story() -> None:
    with_sites = json.loads(invoke("clean", str(S001), "--format", "json").stdout)
    without = json.loads(invoke("clean", str(S001), "--format", "json", "--no-site-rules").stdout)
    assert with_sites["text"] == without["text"]
    assert with_sites["metadata"]["site"] == "Responsible Statecraft"
    assert without["metadata"]["site"] is None


def test_input_text_forces_a_dump(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>one</p><p>two</p><div>three</div>\n" + S000.read_text(encoding="utf-8"), encoding="utf-8")
    forced = invoke("clean", str(page), "--input", "text", "--format", "json")
    assert forced.exit_code == 0, forced.output
    assert any(d["text"].startswith("<p>") for d in json.loads(forced.stdout)["decisions"])


# --- bad input ----------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("image.png", PNG, "PNG"),
        ("page.html.gz", gzip.compress(S000.read_bytes(), mtime=0), "gzip"),
    ],
)
def test_binary_input_is_one_line_error(tmp_path: Path, name: str, data: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    line = assert_one_line_error(invoke("clean", str(path)), code=1)
    assert needle in line


def test_binary_on_stdin_is_one_line_error() -> None:
    assert "PNG" in assert_one_line_error(invoke("clean", "-", stdin=PNG), code=1)


def test_missing_path(tmp_path: Path) -> None:
    line = assert_one_line_error(invoke("clean", str(tmp_path / "nope.txt")), code=1)
    assert "nope.txt" in line


def test_directory_without_output(tmp_path: Path) -> None:
    line = assert_one_line_error(invoke("clean", str(SEEDS)), code=2)
    assert "-o" in line


def test_invalid_rule_pack(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("pack: mine.x\ndescription: broken\nrules:\n  - id: [\n", encoding="utf-8")
    line = assert_one_line_error(invoke("clean", str(S000), "--rules", str(tmp_path)), code=2)
    assert "broken.yaml" in line


def test_rules_option_not_a_folder(tmp_path: Path) -> None:
    line = assert_one_line_error(invoke("clean", str(S000), "--rules", str(tmp_path / "absent")), code=2)
    assert "absent" in line


# --- empty results are a success -----------------------------------------------------------

NO_STORY_PAGES = {
    "empty": b"",
    "blank-lines": b"\n\n   \n\t\n",
    "menu-dump": b"Home\nNews\nSport\nWeather\n\nAbout us\nContact\nPrivacy policy\nTerms of use\n\n\xc2\xa9 2024 Example Media\n",
    "menu-html": (
        b"<!doctype html><html><head><title>Example</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
        b"<li><a href='/news'>News</a></li><li><a href='/about'>About us</a></li></ul></nav>"
        b"<footer><a href='/privacy'>Privacy policy</a> \xc2\xa9 2024 Example</footer></body></html>"
    ),
}


@pytest.mark.parametrize("case", sorted(NO_STORY_PAGES))
def test_no_story_is_status_empty_exit_0(tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.txt"
    path.write_bytes(NO_STORY_PAGES[case])
    result = invoke("clean", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "empty"
    assert data["text"] == ""


def test_no_story_text_format_prints_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = invoke("clean", str(path))
    assert result.exit_code == 0
    assert result.stdout == ""


# --- legacy encodings ------------------------------------------------------------------------

LEGACY_STORY = """\
Town council “reopens” the old library

Monday, 03/04/2024

The town council voted on Monday evening to reopen the old library on Mill Street, a building that has stood empty since the flood of 2019 and that many residents had given up on.

“We owe it to the children of this town,” said the mayor, who had campaigned on the promise. “It’s the first thing I wanted to do, and it’s done.”

The café on the ground floor will be run by a local cooperative, and the reading room upstairs will stay open until nine o’clock on weekdays, the council’s statement said.

Residents who spoke at the meeting welcomed the plan, although some asked why it had taken almost five years and cost more than the £2 million first announced by the previous council.

Work on the roof and the heating is expected to start in the spring, and the council hopes to open the doors to the public before the end of the year.

Newsletter

Subscribe now to our weekly round-up of local news.
"""


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encoding_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = LEGACY_STORY
    if encoding == "latin-1":
        # latin-1 has no curly quotes: the same story as an older latin-1 page would carry it.
        text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    data = text.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data)
    result = invoke("clean", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["status"] == "ok"
    story = out["text"]
    assert "café" in story and "£2 million" in story
    if encoding == "cp1252":
        assert "“We owe it to the children of this town,”" in story
        assert "It’s the first thing" in story
        assert out["metadata"]["title"] == "Town council “reopens” the old library"
    else:
        assert '"We owe it to the children of this town,"' in story
    assert story.startswith("The town council voted on Monday evening")
    assert "Subscribe now" not in story and "Newsletter" not in story
    assert "\ufffd" not in result.stdout


# --- folder mode -------------------------------------------------------------------------------


def test_folder_to_output_folder(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_bytes(S000.read_bytes())
    (src / "sub" / "b.page.txt").write_bytes(S001.read_bytes())
    out = tmp_path / "out"
    result = invoke("clean", str(src), "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    # The batch runner may add its own bookkeeping (a manifest); the outputs are what issue 2 fixes:
    # the input's relative path with the extension replaced.
    assert (out / "a.json").is_file() and (out / "sub" / "b.page.json").is_file()
    assert not (out / "a.txt").exists() and not (out / "sub" / "b.page.txt").exists()
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["text"].startswith("Iran and the United States")


def test_seeds_folder_as_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("clean", str(SEEDS), "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    for seed in (S000, S001):
        target = out / (seed.stem + ".json")
        assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
            invoke("clean", str(seed), "--format", "json").stdout
        )


# --- the real entry points, in a subprocess ---------------------------------------------------


def run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(args, input=stdin, capture_output=True, cwd=ROOT, env=env, timeout=120)


def test_python_dash_m_help() -> None:
    proc = run([sys.executable, "-m", "cleaner", "--help"])
    assert proc.returncode == 0, proc.stderr
    assert b"clean" in proc.stdout and b"rules" in proc.stdout


def test_console_script_pipe_and_errors(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("cleaner")
    if not script.exists():
        pytest.skip(f"no console script beside {sys.executable}")
    piped = run([str(script), "clean", "-", "--format", "json"], stdin=S001.read_bytes())
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["metadata"]["title"] == "Bombing of Soleimani mourners in Iran kills over 100 people"
    png = tmp_path / "x.png"
    png.write_bytes(PNG)
    for args, code in (
        ([str(script), "clean", str(png)], 1),
        ([str(script), "clean", str(tmp_path / "missing.txt")], 1),
        ([str(script), "clean", str(SEEDS)], 2),
    ):
        proc = run(args)
        assert proc.returncode == code, proc.stderr
        assert proc.stdout == b""
        assert len(proc.stderr.decode().splitlines()) == 1, proc.stderr
        assert b"Traceback" not in proc.stderr

