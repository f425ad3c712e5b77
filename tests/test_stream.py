"""JSON Lines streams: input order kept, ids and urls carried, bad lines recorded, output flushed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from cleaner.cli import app

from .conftest import ROOT, SEEDS
from .test_batch import html_page, slow_dump

S000 = SEEDS / "000_217c230414dadc16.txt"
S001 = SEEDS / "001_b3fea67ff8ded212.txt"
CLEANER = [sys.executable, "-m", "cleaner"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def line(**fields) -> bytes:
    return json.dumps(fields).encode() + b"\n"


def records(stdout: str) -> list[dict]:
    return [json.loads(x) for x in stdout.splitlines()]


def test_stream_keeps_order_ids_and_urls_and_goes_on_after_bad_lines() -> None:
    text0, text1 = S000.read_text(encoding="utf-8"), S001.read_text(encoding="utf-8")
    stdin = b"".join(
        [
            line(id="p1", url="https://example.org/1", html=html_page(1)),  # line 1
            line(id=2, text=text0),  # line 2
            b"{not json\n",  # line 3: malformed
            b"\n",  # line 4: blank, skipped
            b"[1, 2]\n",  # line 5: not an object
            line(id="no-body", url="https://example.org/x"),  # line 6: neither html nor text
            line(id="p3", url="https://example.org/3", html=html_page(3)),  # line 7
            line(id="t1", url=None, text=text1),  # line 8
            b"\xff\xfe garbage\n",  # line 9: not UTF-8
            b'{"id": "\\ud800", "text": "A lone surrogate in the id."}\n',  # line 10: still valid output
        ]
    )
    result = CliRunner().invoke(app, ["clean", "--jsonl", "-", "--jobs", "2"], input=stdin)
    assert result.exit_code == 1, result.output  # some lines failed
    out = records(result.stdout)
    assert [r["line"] for r in out] == [1, 2, 3, 5, 6, 7, 8, 9, 10]
    assert [r["id"] for r in out] == ["p1", 2, None, None, "no-body", "p3", "t1", None, "\ud800"]
    assert [r["status"] for r in out[:8]] == ["ok", "ok", "error", "error", "error", "ok", "ok", "error"]
    assert out[0]["url"] == "https://example.org/1" and out[5]["url"] == "https://example.org/3"
    assert "library should stay open" in out[0]["text"] and "Story 3" in out[5]["text"]
    assert out[1]["text"].startswith("Iran and the United States")
    assert "malformed JSON" in out[2]["error"] and "line 3" in out[2]["error"]
    assert "no 'html' or 'text' field" in out[4]["error"] and out[4]["url"] == "https://example.org/x"
    assert out[0]["metadata"]["title"] and "decisions" not in out[0]
    assert result.stderr.count("\n") == 1 and "4 failed" in result.stderr


def test_field_names_are_configurable_and_order_matches_one_job() -> None:
    stdin = b"".join(line(key=f"k{n}", link=f"https://example.org/{n}", body=html_page(n)) for n in range(6))
    args = ["clean", "--jsonl", "-", "--id-field", "key", "--url-field", "link", "--html-field", "body"]
    two = CliRunner().invoke(app, [*args, "--jobs", "2"], input=stdin)
    one = CliRunner().invoke(app, [*args, "--jobs", "1"], input=stdin)
    assert two.exit_code == 0, two.output
    assert [r["id"] for r in records(two.stdout)] == [f"k{n}" for n in range(6)]
    assert [r["url"] for r in records(two.stdout)] == [f"https://example.org/{n}" for n in range(6)]
    assert two.stdout == one.stdout  # byte-identical whatever the job count


def test_output_is_flushed_line_by_line() -> None:
    """The first result arrives while stdin is still open: the stream does not wait for the end."""
    process = subprocess.Popen(
        [*CLEANER, "clean", "--jsonl", "-", "--jobs", "1"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
    )
    try:
        process.stdin.write(line(id="first", html=html_page(1)))
        process.stdin.flush()
        first = json.loads(process.stdout.readline())
        assert first["id"] == "first" and first["status"] == "ok"
        process.stdin.write(line(id="second", html=html_page(2)))
        process.stdin.close()
        assert json.loads(process.stdout.readline())["id"] == "second"
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()


def test_head_closes_the_pipe_and_the_stream_ends_quietly(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(line(id=n, html=html_page(n)) for n in range(200)))
    start = time.monotonic()
    done = subprocess.run(
        f"{sys.executable} -m cleaner clean --jsonl {source} --jobs 2 | head -1",
        shell=True, capture_output=True, env=ENV, timeout=120,
    )
    assert time.monotonic() - start < 60
    assert json.loads(done.stdout)["id"] == 0
    assert done.stderr == b""  # no traceback, no message


def test_limits_in_a_stream_keep_the_record_id(tmp_path: Path, hang_on) -> None:
    # The CLI cuts a dump at 10,000 blocks, a third of a second of work: too close to the limit
    # to time out on every machine, so the slow record's cleaning hangs instead.
    hang_on("council vote mayor")
    stdin = b"".join(
        [
            line(id="big", url="https://example.org/big", html=html_page(1) * 1000),  # 0.86 MB
            line(id="slow", url="https://example.org/slow", text=slow_dump(100)),  # its cleaning hangs
            line(id="fine", html=html_page(2)),
        ]
    )
    source = tmp_path / "in.jsonl"
    source.write_bytes(stdin)
    out = tmp_path / "out.jsonl"
    args = ["clean", "--jsonl", str(source), "-o", str(out), "--timeout", "0.3", "--max-bytes", "600000"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 1, done.output
    assert done.stdout == ""
    got = records(out.read_text(encoding="utf-8"))
    assert [(r["id"], r["status"], r["error"]) for r in got] == [
        ("big", "error", "too-large"),
        ("slow", "error", "timeout"),
        ("fine", "ok", None),
    ]
    assert got[1]["url"] == "https://example.org/slow" and got[1]["line"] == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


# --- issue 11.3 case 14: Ctrl-C on --jsonl -o FILE, then the same command finishes the rest ------


def _stream_lines(n: int) -> bytes:
    text = S000.read_text(encoding="utf-8")
    return b"".join(line(id=f"doc-{i}", url=f"https://example.org/{i}", text=text) for i in range(n))


def _interrupted_after(tasks, n: int):
    for task in tasks:
        if task.seq == n:
            raise KeyboardInterrupt
        yield task


def test_an_interrupted_stream_to_a_file_resumes_where_it_stopped(tmp_path: Path) -> None:
    import io

    from cleaner.batch.folder import EngineConfig
    from cleaner.batch.stream import line_tasks, run_stream
    from cleaner.batch.task import Settings

    data = _stream_lines(6)
    out = tmp_path / "out.jsonl"
    settings = Settings()
    engine = EngineConfig(jobs=1)
    try:
        run_stream(_interrupted_after(line_tasks(io.BytesIO(data), 10**7), 3), settings, engine, output=out)
    except KeyboardInterrupt:
        pass
    assert not out.exists()  # no output file under its name until it is whole
    partial = tmp_path / ".out.jsonl.cleaner-partial"
    assert [json.loads(x)["id"] for x in partial.read_text(encoding="utf-8").splitlines()] == ["doc-0", "doc-1", "doc-2"]
    with partial.open("ab") as handle:  # a kill in the middle of a line
        handle.write(b'{"id":"doc-3","url":')

    summary = run_stream(line_tasks(io.BytesIO(data), 10**7), settings, engine, output=out)
    assert (summary.skipped, summary.ok) == (3, 3), summary
    whole = tmp_path / "whole.jsonl"
    run_stream(line_tasks(io.BytesIO(data), 10**7), settings, engine, output=whole)
    assert out.read_bytes() == whole.read_bytes()
    assert not partial.exists()

    # Another input under the same output name: lines that no longer match are redone.
    try:
        run_stream(_interrupted_after(line_tasks(io.BytesIO(data), 10**7), 2), settings, engine, output=out)
    except KeyboardInterrupt:
        pass
    changed = data.replace(b'"doc-1"', b'"other-1"')
    summary = run_stream(line_tasks(io.BytesIO(changed), 10**7), settings, engine, output=out)
    assert (summary.skipped, summary.ok) == (1, 5)
    assert [r["id"] for r in records(out.read_text(encoding="utf-8"))] == ["doc-0", "other-1", *[f"doc-{i}" for i in range(2, 6)]]


def test_the_interrupt_message_promises_a_rerun_only_where_one_finishes(tmp_path: Path, monkeypatch) -> None:
    from cleaner.cli import clean as clean_command

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(clean_command, "run_batch", interrupt)
    to_file = CliRunner().invoke(app, ["clean", "--jsonl", "-", "-o", str(tmp_path / "o.jsonl")], input=_stream_lines(1))
    assert to_file.exit_code == 130
    assert to_file.stderr == "cleaner: interrupted; run the same command again to finish the rest\n"
    to_stdout = CliRunner().invoke(app, ["clean", "--jsonl", "-"], input=_stream_lines(1))
    assert to_stdout.exit_code == 130
    assert to_stdout.stderr == "cleaner: interrupted\n"
