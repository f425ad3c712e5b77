"""Bad inputs (tests/badinputs.py): each gives a Result or a clear CleanerError, in bounded time.

Through the library: a `Result` whose parts agree (text made of kept blocks, JSON that encodes),
or a `CleanerError` with a one-line message. Through the CLI: data and exit 0 (an empty result
is a success), or one line on stderr and exit 1, never a traceback. Through a folder batch: the
run goes on past every bad file and the manifest records each one.

The big cases run at full size where that is cheap (a 10 MB line, 100,000 nested divs) and with
the Options bounds lowered where the full-size cost is the pipeline's per-block work (a
200,000-line dump is cut at `max_blocks` either way). bench/pathological.py gives full-size
times and peak memory with the default Options.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import CleanerError, InputError, Options, Result, clean
from cleaner.cli import app
from cleaner.html.blocks import _strip_attribute_floods
from cleaner.render import render
from cleaner.text.segment import cut_text, segment_text

from .badinputs import BY_NAME, CASES, LARGE, PROSE, SMALL, BadInput

# Scale of the big cases in the per-case tests: each runs in well under a second.
CI_SCALE = 0.01
# No single bad input may take longer than this (generous: CI shares 2 cores).
TIME_LIMIT = 20.0

runner = CliRunner()


def run(case: BadInput, scale: float, options: Options | None = None) -> Result | CleanerError:
    data = case.data(scale)
    start = time.perf_counter()
    try:
        outcome: Result | CleanerError = clean(data, options=options)
    except CleanerError as exc:
        outcome = exc
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_LIMIT, f"{case.name}: {elapsed:.1f} s"
    return outcome


def assert_sound(result: Result) -> None:
    """A Result whose parts agree and that every renderer can write as UTF-8."""
    assert result.status in ("ok", "empty")
    kept = [d.text for d in result.decisions if d.action == "keep"]
    assert result.text == "\n\n".join(kept)
    assert (result.status == "empty") == (not result.text.strip())
    for fmt in ("text", "markdown", "json", "jsonl"):
        rendered = render(result, fmt)
        rendered.encode("utf-8")  # no lone surrogates reach the output
    assert json.loads(render(result, "json"))["status"] == result.status
    for decision in result.decisions:
        assert decision.text.strip() and "\x00" not in decision.text


def assert_clear_error(case: BadInput, error: CleanerError) -> None:
    message = str(error)
    assert message and "\n" not in message and len(message) < 300, message
    assert "Traceback" not in message
    for word in case.error_words:
        assert word in message.lower(), (case.name, message)


def check_expectation(case: BadInput, outcome: Result | CleanerError) -> None:
    if isinstance(outcome, CleanerError):
        assert case.expect in ("error", "any"), f"{case.name} was refused: {outcome}"
        assert_clear_error(case, outcome)
        return
    assert case.expect != "error", f"{case.name} should be refused, got status {outcome.status}"
    assert_sound(outcome)
    if case.expect == "empty":
        assert outcome.status == "empty", (case.name, outcome.text[:200])


@pytest.mark.parametrize("case", SMALL, ids=lambda c: c.name)
def test_small_bad_input(case: BadInput) -> None:
    check_expectation(case, run(case, 1.0))


@pytest.mark.parametrize("case", LARGE, ids=lambda c: c.name)
def test_large_bad_input_scaled_down(case: BadInput) -> None:
    check_expectation(case, run(case, CI_SCALE))


def test_corpus_is_what_the_issue_lists() -> None:
    names = set(BY_NAME)
    for wanted in (
        "empty", "whitespace-only", "png", "pdf", "gzip", "random-bytes", "utf16-bom", "utf16-le-no-bom",
        "cp1252-smart-quotes", "latin-1", "mixed-encodings", "mojibake", "nul-bytes-few", "control-chars",
        "huge-html-50mb", "single-line-10mb", "nested-divs-100k", "billion-laughs-doctype", "only-script",
        "html-no-text", "text-dump-200k-lines",
    ):
        assert wanted in names
    assert len(CASES) == len(names)


# --- what the bad inputs must and must not produce ---------------------------------------------


def test_encodings_decode_to_the_same_text() -> None:
    """UTF-16 (with and without BOM), cp1252 and declared charsets all read the smart quotes."""
    for name in ("utf16-bom", "utf16-le-no-bom", "utf16-be-no-bom", "cp1252-smart-quotes", "cp1252-html-declared"):
        result = run(BY_NAME[name], 1.0)
        assert isinstance(result, Result)
        texts = " ".join(d.text for d in result.decisions)
        assert "“Quoted,” she said — it’s the café’s naïve façade… €5" in texts, name


def test_latin1_and_mixed_encodings_keep_their_letters() -> None:
    latin = run(BY_NAME["latin-1"], 1.0)
    assert isinstance(latin, Result)
    assert "Ça coûte très cher à Zürich, señor." in " ".join(d.text for d in latin.decisions)
    mixed = run(BY_NAME["mixed-encodings"], 1.0)
    assert isinstance(mixed, Result)
    assert "council met on Tuesday" in " ".join(d.text for d in mixed.decisions)


def test_entity_bombs_are_not_expanded_and_files_not_read() -> None:
    for name in ("billion-laughs-doctype", "billion-laughs-xml", "external-entity"):
        result = run(BY_NAME[name], 1.0)
        assert isinstance(result, Result)
        everything = " ".join(d.text for d in result.decisions)
        assert "lollollol" not in everything, name
        assert "root:" not in everything, name  # /etc/passwd was not pulled in
        assert "council met on Tuesday" in everything, name
        assert result.metadata.title != "lol" * 10


def test_nul_and_control_characters_never_reach_the_output() -> None:
    for name in ("nul-bytes-few", "html-with-controls"):
        result = run(BY_NAME[name], 1.0)
        assert isinstance(result, Result)
        for decision in result.decisions:
            assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in decision.text), name


def test_lone_surrogates_in_a_str_input_render_as_utf8() -> None:
    result = clean(PROSE + "\ud800\udfff broken " + PROSE)
    assert_sound(result)


def test_str_input_has_the_size_limit_too() -> None:
    with pytest.raises(InputError, match="too-large"):
        clean("x" * 101, options=Options(max_input_bytes=100))


# --- the bounds in Options (segment.py) -----------------------------------------------------------


def test_cut_text_cuts_at_a_space_near_the_limit() -> None:
    assert cut_text("short", 10) == "short"
    cut = cut_text("word " * 1000, 2002)
    assert len(cut) <= 2002 and cut.endswith("word") and not cut.endswith(" ")
    assert cut_text("x" * 5000, 100) == "x" * 100  # no space: a hard cut


def test_segment_text_stops_at_the_limit_and_cuts_long_lines() -> None:
    text = "\n".join(f"line {n}" for n in range(100)) + "\n" + "y " * 500
    blocks = segment_text(text, limit=10)
    assert [b.text for b in blocks] == [f"line {n}" for n in range(10)]
    last = segment_text(text, max_chars=50)[-1]
    assert len(last.text) <= 50 and last.position == "line 101"
    assert [b.text for b in segment_text(text)] == [b.text for b in segment_text(text, limit=None)]


def test_a_dump_past_max_blocks_is_cut_with_a_warning() -> None:
    data = BY_NAME["text-dump-200k-lines"].data(1.0)  # full size: 200,000 lines, 9.5 MB
    start = time.perf_counter()
    result = clean(data, options=Options(max_blocks=500))
    assert time.perf_counter() - start < TIME_LIMIT
    assert len(result.decisions) == 500
    assert any("too many blocks" in w and "max_blocks 500" in w for w in result.warnings)
    assert_sound(result)


def test_a_page_past_max_html_tags_is_cut_with_a_warning() -> None:
    data = BY_NAME["html-100k-paragraphs"].data(1.0)  # full size: 100,000 paragraphs, 200,000 tags
    start = time.perf_counter()
    result = clean(data, options=Options(max_html_tags=2_000))
    assert time.perf_counter() - start < TIME_LIMIT
    assert any("too many tags" in w for w in result.warnings)
    assert 0 < len(result.decisions) <= 1_000
    assert_sound(result)


def test_html_blocks_are_capped_by_max_blocks() -> None:
    result = clean(BY_NAME["html-100k-paragraphs"].data(0.02), options=Options(max_blocks=100))
    assert len(result.decisions) == 100
    assert any("too many blocks" in w for w in result.warnings)


def test_attribute_floods_are_stripped_before_parsing() -> None:
    flood = " ".join(f"data-a{n}='{n}'" for n in range(3000))
    page, count = _strip_attribute_floods(f"<p>a</p><div {flood}><p>b</p><img {flood}/>", 1000)
    assert count == 2 and page == "<p>a</p><div><p>b</p><img/>"
    svg = "<path d='" + "M 1 2 L 3 4 " * 100 + "'/>"  # a long tag, few attributes: untouched
    assert _strip_attribute_floods(svg, 1000) == (svg, 0)
    result = run(BY_NAME["many-attributes"], 1.0)
    assert isinstance(result, Result) and "council met on Tuesday" in result.text
    assert any("attributes" in w for w in result.warnings)


@pytest.mark.parametrize(
    "name", ["single-line-10mb", "single-word-10mb", "html-single-p-10mb", "nested-divs-100k", "nested-unclosed-100k"]
)
def test_full_size_cases_that_are_cheap(name: str) -> None:
    """Full size with the default Options: each under a second here (bench/pathological.py)."""
    outcome = run(BY_NAME[name], 1.0)
    assert isinstance(outcome, Result)
    assert_sound(outcome)
    assert all(len(d.text) <= Options().max_block_chars for d in outcome.decisions)


def test_the_50mb_page_is_refused_as_too_large() -> None:
    outcome = run(BY_NAME["huge-html-50mb"], 1.0)
    assert isinstance(outcome, InputError) and str(outcome).startswith("too-large:")


def test_peak_memory_of_the_big_cases_stays_bounded() -> None:
    """In a fresh process: the 10 MB cases and 100,000 divs together stay under 1 GB."""
    code = (
        "import resource, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from tests.badinputs import BY_NAME\n"
        "from cleaner import clean\n"
        "for name in ('single-line-10mb', 'single-word-10mb', 'html-single-p-10mb', 'nested-divs-100k'):\n"
        "    clean(BY_NAME[name].data(1.0))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) < 1024, f"peak {done.stdout.strip()} MB"


# --- through the CLI ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", SMALL, ids=lambda c: c.name)
def test_cli_on_bad_input(case: BadInput, tmp_path: Path) -> None:
    source = tmp_path / "input.bin"
    source.write_bytes(case.data(1.0))
    before = source.read_bytes()
    result = runner.invoke(app, ["clean", str(source), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        data = json.loads(result.stdout)
        assert data["status"] in ("ok", "empty")
        assert case.expect != "error"
    else:
        assert result.exit_code == 1 and case.expect in ("error", "any"), result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("cleaner: "), result.stderr
        assert result.stdout == ""
    assert source.read_bytes() == before  # the input is never touched


@pytest.mark.parametrize("name", ["empty", "png", "random-bytes", "utf16-bom", "only-script"])
def test_cli_on_bad_input_from_stdin(name: str) -> None:
    case = BY_NAME[name]
    result = runner.invoke(app, ["clean", "-"], input=case.data(1.0))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if case.expect == "error":
        assert result.exit_code == 1 and result.stderr.count("\n") == 1 and result.stdout == ""
    else:
        assert result.exit_code == 0, result.stderr


def test_cli_refuses_a_file_over_the_limit_before_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with open(big, "wb") as handle:  # sparse: 2 GB on paper, nothing on disk
        handle.truncate(2_000_000_000)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = runner.invoke(app, ["clean", str(big)])
    assert result.exit_code == 1
    assert "too-large" in result.stderr and result.stderr.count("\n") == 1
    growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert growth_mb < 100


# --- through a folder batch -----------------------------------------------------------------------


def test_a_batch_of_bad_inputs_goes_on_and_records_each(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    cases = list(SMALL) + [replace(c, make=lambda s, c=c: c.make(CI_SCALE)) for c in LARGE]
    for n, case in enumerate(cases):
        (folder / f"{n:02d}-{case.name}.html").write_bytes(case.data(1.0))
    inputs_before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = runner.invoke(app, ["clean", str(folder), "-o", str(out), "--format", "json", "--jobs", "1", "--quiet"])
    assert "Traceback" not in result.stderr, result.stderr
    refused = [c for c in cases if c.expect == "error"]
    assert result.exit_code == 1, result.stderr  # some inputs failed, the batch finished
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(cases)
    by_path = {r["path"]: r for r in records}
    for n, case in enumerate(cases):
        record = by_path[f"{n:02d}-{case.name}.html"]
        if case.expect == "error":
            assert record["status"] == "error" and record["error"] and "\n" not in record["error"]
        elif case.expect in ("result", "empty"):
            assert record["status"] in ("ok", "empty"), record
            output = out / record["output"]
            assert json.loads(output.read_text(encoding="utf-8"))["status"] == record["status"]
    assert sum(r["status"] == "error" for r in records) >= len(refused)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == inputs_before


def test_batch_turns_a_slow_page_into_timeout_and_a_big_one_into_too_large(tmp_path: Path, hang_on) -> None:
    """The batch runner's bounds on the pathological pages: error records, and the rest goes on."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    # 9.5 MB, cut at 10,000 blocks: 0.7 s of work here, too close to the 0.2 s limit to time out
    # on every machine, so its cleaning hangs instead.
    hang_on("Menu item 1\nMenu item 2\n")
    (folder / "dump.txt").write_bytes(BY_NAME["text-dump-200k-lines"].data(1.0))
    (folder / "huge.html").write_bytes(BY_NAME["huge-html-50mb"].data(0.3))  # 15 MB
    (folder / "good.txt").write_bytes(PROSE.encode() * 3 + b"\n\n" + PROSE.encode() * 2)
    args = ["clean", str(folder), "-o", str(out), "--jobs", "1", "--quiet", "--timeout", "0.2", "--max-bytes", "12000000"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.stderr
    records = {
        r["path"]: r for r in map(json.loads, (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines())
    }
    assert records["dump.txt"]["status"] == "error" and records["dump.txt"]["error"] == "timeout"
    assert records["huge.html"]["status"] == "error" and records["huge.html"]["error"] == "too-large"
    assert records["good.txt"]["status"] == "ok"


# --- issue 11.3 case 4: deep nesting and very long lines are cleaned or warned about, never silent --


def _nested(depth: int) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Deep</title></head><body>" + "<div>" * depth
        + f"<p>{PROSE * 3}</p>" + "</div>" * depth + "</body></html>"
    )


@pytest.mark.parametrize("depth", [300, 1500])
def test_html_nested_past_libxml2s_default_limit_keeps_its_text(depth: int) -> None:
    result = clean(_nested(depth))
    assert result.status == "ok" and "council met on Tuesday" in result.text
    assert any("nested deeper than 200 levels" in w for w in result.warnings), result.warnings


def test_html_nested_past_2048_levels_says_text_was_lost() -> None:
    result = clean(_nested(3000))
    assert any("nested deeper than 2048 levels" in w for w in result.warnings), result.warnings


def test_a_line_of_prose_longer_than_max_block_chars_is_story_with_a_warning() -> None:
    line = PROSE * 900  # 148,500 characters on one line
    result = clean(line, input_format="text")
    assert result.status == "ok"
    assert result.text.split() == line.split()  # nothing lost: two pieces, both kept
    assert all(d.category != "navigation" for d in result.decisions)
    assert any("line 1 has 148,500 characters" in w for w in result.warnings), result.warnings


def test_what_is_cut_from_a_very_long_line_is_said() -> None:
    result = clean(PROSE * 3000, input_format="text", options=Options(max_line_pieces=1))
    assert "council met on Tuesday" in result.text and result.text.rstrip().endswith(".")
    assert any("were cut" in w for w in result.warnings), result.warnings
