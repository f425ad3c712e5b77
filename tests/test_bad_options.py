"""Bad options and bad outputs (issue 11, part 3): one line on stderr, a non-zero exit, nothing lost.

A usage error is one line (`cleaner: ...`) and exit 2, never click's boxed panel; a value out of
range is refused at the edge, in the CLI and in the library.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

from .conftest import SEEDS

S000 = SEEDS / "000_217c230414dadc16.txt"

runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def one_line(result, code: int) -> str:
    """Exactly one line on stderr, starting `cleaner: `, nothing on stdout, the given exit code."""
    assert result.exit_code == code, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cleaner: ") and "Traceback" not in result.stderr
    return lines[0]


# --- 9. usage errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, needle",
    [
        (("clean", "--bogus"), "no such option: --bogus"),
        (("clean",), "missing argument"),
        (("clean", str(S000), "--format", "xml"), "'xml'"),
        (("clean", "-o"), "requires an argument"),
        (("rules", "check", "a", "b"), "unexpected extra argument"),
        (("nosuch",), "no such command"),
    ],
    ids=["unknown-option", "missing-argument", "bad-choice", "option-without-value", "extra-argument", "unknown-command"],
)
def test_a_usage_error_is_one_line_and_exit_2(args: tuple[str, ...], needle: str) -> None:
    line = one_line(invoke(*args), 2)
    assert needle in line.lower()
    assert "╭" not in line and "Usage:" not in line


def test_a_usage_error_is_one_line_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "--bogus"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("cleaner: No such option: --bogus")


def test_help_still_prints_help() -> None:
    result = invoke("clean", "--help")
    assert result.exit_code == 0
    assert "--format" in result.stdout


# --- 8. values checked at the edge ------------------------------------------------------------


@pytest.mark.parametrize(
    "args, needle",
    [
        (("--max-bytes", "0"), "--max-bytes"),
        (("--max-bytes", "-1"), "--max-bytes"),
        (("--timeout", "-5"), "--timeout"),
        (("--jobs", "-3"), "--jobs"),
    ],
    ids=["max-bytes-0", "max-bytes-negative", "timeout-negative", "jobs-negative"],
)
def test_values_out_of_range_are_refused(tmp_path: Path, args: tuple[str, ...], needle: str) -> None:
    line = one_line(invoke("clean", SEEDS, "-o", tmp_path / "out", *args), 2)
    assert needle in line
    assert not (tmp_path / "out").exists()


def test_library_refuses_wrong_argument_types() -> None:
    from cleaner import InputError, clean

    with pytest.raises(InputError, match="url must be a str"):
        clean("A line of text.", url=5)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="options must be a cleaner.Options"):
        clean("A line of text.", options={})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "changes, needle",
    [
        ({"max_input_bytes": -5}, "max_input_bytes"),
        ({"max_input_bytes": 0}, "at least 1"),
        ({"timeout_seconds": -1.0}, "timeout_seconds"),
        ({"timeout_seconds": float("nan")}, "finite"),
        ({"stopwords_low": "0.2"}, "stopwords_low"),
        ({"max_blocks": True}, "max_blocks"),
        ({"site_rules": "no"}, "site_rules"),
        ({"rule_dirs": ["rules"]}, "tuple of str"),
    ],
)
def test_options_refuse_values_no_threshold_can_take(changes: dict, needle: str) -> None:
    from cleaner import CleanerError, Options

    with pytest.raises(CleanerError, match=needle):
        Options(**changes)


def test_options_accept_zero_where_zero_means_off() -> None:
    from cleaner import Options

    assert Options(timeout_seconds=0).timeout_seconds == 0
    assert Options(thread_min_headers=0).thread_min_headers == 0


# --- 1. outputs that cannot be written ---------------------------------------------------------
# Root ignores file modes, so the cases that must run everywhere put the output under a regular
# FILE (the kernel refuses that to root too) or make the first write fail in-process; the chmod
# cases run where permissions mean something.

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
JSONL = b'{"id": "a", "text": "The council met on Tuesday to discuss the budget for the library."}\n'


@pytest.fixture()
def afile(tmp_path: Path) -> Path:
    path = tmp_path / "afile"
    path.write_text("a regular file\n", encoding="utf-8")
    return path


def test_folder_run_into_a_path_below_a_file(afile: Path) -> None:
    line = one_line(invoke("clean", SEEDS, "-o", afile / "sub", "-q"), 1)
    assert "cannot write" in line and "afile" in line
    assert afile.read_text(encoding="utf-8") == "a regular file\n"


def test_stream_into_a_path_below_a_file(afile: Path) -> None:
    line = one_line(invoke("clean", "--jsonl", "-", "-o", afile / "x.jsonl", "-q", stdin=JSONL), 1)
    assert "cannot write" in line


def test_folder_run_into_a_read_only_folder_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first write into OUTDIR (its lock file) fails as it would in a read-only folder."""
    import builtins

    from cleaner.batch import folder as batch

    ro = tmp_path / "ro"
    ro.mkdir()

    def refusing_open(file, *args, **kwargs):
        if Path(file).parent == ro:
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(batch, "open", refusing_open, raising=False)
    line = one_line(invoke("clean", SEEDS, "-o", ro, "-q"), 1)
    assert line.startswith(f"cleaner: cannot write {ro}") and "Permission denied" in line


@pytest.mark.skipif(AS_ROOT or not hasattr(os, "geteuid"), reason="root writes into read-only folders")
@pytest.mark.parametrize("where", ["ro", "ro/sub", "ro/x.jsonl"])
def test_read_only_folder_with_chmod(tmp_path: Path, where: str) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        if where.endswith(".jsonl"):
            result = invoke("clean", "--jsonl", "-", "-o", tmp_path / where, "-q", stdin=JSONL)
        else:
            result = invoke("clean", SEEDS, "-o", tmp_path / where, "-q")
        assert "cannot write" in one_line(result, 1)
    finally:
        ro.chmod(0o755)


# --- 2. -o with one page -------------------------------------------------------------------------


def test_one_page_with_o_writes_the_file_in_its_format(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    result = invoke("clean", S000, "-o", target, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["status"] == "ok" and data["text"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]  # no temporary file left


def test_stdin_with_o_writes_what_stdout_would_get(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "s.txt"
    result = invoke("clean", "-", "-o", target, stdin=S000.read_bytes())
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == invoke("clean", S000).stdout


def test_one_page_with_o_refuses_a_folder_and_the_input_itself(tmp_path: Path, afile: Path) -> None:
    assert "is a folder" in one_line(invoke("clean", S000, "-o", tmp_path), 2)
    assert "the input itself" in one_line(invoke("clean", afile, "-o", afile, "--input", "text"), 2)
    assert afile.read_text(encoding="utf-8") == "a regular file\n"
    assert "cannot write" in one_line(invoke("clean", S000, "-o", afile / "x.txt"), 1)


# --- 10. rules check over a folder without packs ---------------------------------------------------


def test_rules_check_of_a_folder_without_packs_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a pack\n", encoding="utf-8")
    line = one_line(invoke("rules", "check", tmp_path), 2)
    assert "no rule packs found" in line
    packaged = invoke("rules", "check")
    assert packaged.exit_code == 0 and packaged.stderr.startswith("ok: ")


# --- 12. --input text on an HTML page --------------------------------------------------------------

HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Budget</title><style>body { color: red; }</style></head><body>"
    "<article><h1>Council keeps the library open</h1><p>The council met on Tuesday evening to discuss "
    "the new budget, and most members agreed that the library should stay open.</p></article></body></html>"
)


def test_html_cleaned_as_text_warns_in_the_result_and_on_stderr(tmp_path: Path) -> None:
    from cleaner import clean

    result = clean(HTML_PAGE, input_format="text")
    assert any("looks like HTML" in w for w in result.warnings), result.warnings
    assert not any("looks like HTML" in w for w in clean(HTML_PAGE).warnings)
    assert not any("looks like HTML" in w for w in clean(S000.read_bytes(), input_format="text").warnings)
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    cli = invoke("clean", page, "--input", "text")
    assert cli.exit_code == 0
    assert "cleaner: warning: the input was given as text but looks like HTML" in cli.stderr


# --- 6 and 13. what a folder walk meets besides files -----------------------------------------------


def _pages(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_bytes(S000.read_bytes())
    (root / "sub" / "b.txt").write_bytes(S000.read_bytes())
    return root


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_an_unreadable_subfolder_is_reported_like_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _pages(tmp_path / "pages")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == pages / "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root reads every folder; this one refuses
    result = invoke("clean", pages, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 1, result.output
    assert "1 ok, 0 empty, 1 failed" in result.stderr
    records = {r["path"]: r for r in _manifest(tmp_path / "out")}
    assert records["sub/"]["status"] == "error"
    assert records["sub/"]["error"] == "cannot read folder: Permission denied"
    assert records["a.txt"]["status"] == "ok"


@pytest.mark.skipif(AS_ROOT or not hasattr(os, "geteuid"), reason="root reads unreadable folders")
def test_an_unreadable_subfolder_with_chmod(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages")
    (pages / "sub").chmod(0)
    try:
        result = invoke("clean", pages, "-o", tmp_path / "out", "-q")
    finally:
        (pages / "sub").chmod(0o755)
    assert result.exit_code == 1
    assert {r["path"]: r["status"] for r in _manifest(tmp_path / "out")}["sub/"] == "error"


def test_an_earlier_runs_output_inside_the_input_is_left_out(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages")
    first = invoke("clean", pages, "-o", pages / "cleaned", "-q")  # OUTDIR inside the input
    assert first.exit_code == 0, first.output
    second = invoke("clean", pages, "-o", tmp_path / "out", "-q", "--format", "json")
    assert second.exit_code == 0, second.output
    assert "2 ok" in second.stderr and "left out 1 folder(s)" in second.stderr and "cleaned" in second.stderr
    assert sorted(r["path"] for r in _manifest(tmp_path / "out")) == ["a.txt", "sub/b.txt"]
    # A folder that merely holds a file named manifest.jsonl (not ours) is still read.
    (pages / "data").mkdir()
    (pages / "data" / "manifest.jsonl").write_text('{"name": "x"}\n', encoding="utf-8")
    third = invoke("clean", pages, "-o", tmp_path / "out3", "-q")
    assert "data/manifest.jsonl" in {r["path"] for r in _manifest(tmp_path / "out3")}


# --- 7. --format with a stream ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_format_other_than_json_is_refused_for_a_stream(fmt: str) -> None:
    line = one_line(invoke("clean", "--jsonl", "-", "--format", fmt, stdin=JSONL), 2)
    assert f"--format {fmt} does not apply" in line


def test_format_json_and_no_format_give_json_lines_for_a_stream() -> None:
    for extra in ((), ("--format", "json")):
        result = invoke("clean", "--jsonl", "-", "-q", *extra, stdin=JSONL)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["id"] == "a"


def test_format_text_is_refused_for_a_warc(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc"
    warc.write_bytes(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    assert "does not apply" in one_line(invoke("clean", warc, "--format", "text"), 2)
