"""WARC files: HTML responses are cleaned in file order with the record's URL; the rest is skipped.

The WARC files are written here byte by byte (WARC/1.0, one gzip member per record for .warc.gz),
independent of the library that reads them.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.batch.warc import is_warc
from cleaner.cli import app

from .test_batch import html_page


def warc_record(url: str, payload: bytes, record_id: int, kind: str = "response") -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{record_id:012d}>\r\n"
        f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return head + payload + b"\r\n\r\n"


def http(body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK", extra: str = "") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def chunked(data: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(data[i : i + 500]), data[i : i + 500]) for i in range(0, len(data), 500)) + b"0\r\n\r\n"


def records() -> list[bytes]:
    page = lambda n: html_page(n).encode()  # noqa: E731
    return [
        warc_record("urn:warcinfo", b"software: test\r\n", 0, kind="warcinfo"),
        warc_record("https://example.org/news/1", b"GET /news/1 HTTP/1.1\r\n\r\n", 1, kind="request"),
        warc_record("https://example.org/news/1", http(page(1)), 2),
        warc_record("https://example.org/logo.png", http(b"\x89PNG\r\n\x1a\n....", "image/png"), 3),
        warc_record("https://example.org/gone", http(page(9), status="404 Not Found"), 4),
        # gzip content encoding inside chunked transfer encoding, as servers send it.
        warc_record(
            "https://example.org/news/2",
            http(b"", extra="Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n").replace(b"Content-Length: 0\r\n", b"")
            + chunked(gzip.compress(page(2))),
            5,
        ),
        # A URL that would escape any folder if it were ever used as a path: it never is.
        warc_record("../../../../etc/passwd", http(page(3), "application/xhtml+xml"), 6),
    ]


def write_warc(path: Path, compressed: bool) -> Path:
    with open(path, "wb") as handle:
        for record in records():
            handle.write(gzip.compress(record) if compressed else record)
    return path


EXPECTED = [
    ("<urn:uuid:00000000-0000-0000-0000-000000000002>", "https://example.org/news/1", "Story 1"),
    ("<urn:uuid:00000000-0000-0000-0000-000000000005>", "https://example.org/news/2", "Story 2"),
    ("<urn:uuid:00000000-0000-0000-0000-000000000006>", "../../../../etc/passwd", "Story 3"),
]


def check(lines: list[dict]) -> None:
    assert [(r["id"], r["url"]) for r in lines] == [(i, u) for i, u, _ in EXPECTED]
    for record, (_, _, story) in zip(lines, EXPECTED):
        assert record["status"] == "ok" and story in record["text"], record
        assert "library should stay open" in record["text"] and "Subscribe" not in record["text"]


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_warc_to_jsonl_file(tmp_path: Path, compressed: bool) -> None:
    crawl = write_warc(tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc"), compressed)
    out = tmp_path / "out" / "cleaned.jsonl"
    result = CliRunner().invoke(app, ["clean", str(crawl), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "3 ok, 0 empty, 0 failed" in result.stderr
    check([json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()])
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["out", "cleaned.jsonl", crawl.name])


def test_warc_found_by_content_and_written_to_stdout(tmp_path: Path) -> None:
    crawl = write_warc(tmp_path / "crawl.dat", compressed=True)
    assert is_warc(crawl) and not is_warc(Path(__file__))
    result = CliRunner().invoke(app, ["clean", str(crawl), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    check([json.loads(x) for x in result.stdout.splitlines()])


def test_warc_limits_and_refusals(tmp_path: Path) -> None:
    crawl = write_warc(tmp_path / "crawl.warc.gz", compressed=True)
    result = CliRunner().invoke(app, ["clean", str(crawl), "--max-bytes", "500", "-q"])
    assert result.exit_code == 1
    assert [json.loads(x)["error"] for x in result.stdout.splitlines()] == ["too-large"] * 3
    same = CliRunner().invoke(app, ["clean", str(crawl), "-o", str(crawl)])
    assert same.exit_code == 2 and "input itself" in same.stderr
    assert crawl.read_bytes()[:2] == b"\x1f\x8b"
    # A file cut in the middle of a gzip member ends with an error record, not a traceback.
    broken = tmp_path / "broken.warc.gz"
    data = crawl.read_bytes()
    broken.write_bytes(data[:200] + b"not gzip at all" * 50)
    cut = CliRunner().invoke(app, ["clean", str(broken)])
    assert cut.exit_code == 1
    assert json.loads(cut.stdout.splitlines()[-1])["error"].startswith("damaged WARC record")


# --- issue 11.3 case 5: a damaged record is reported, and the records after it are read ------------


def _members() -> list[bytes]:
    return [gzip.compress(record) for record in records()]


def _clean(path: Path) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(app, ["clean", str(path), "-q"])
    return result.exit_code, [json.loads(x) for x in result.stdout.splitlines()], result.stderr


def test_a_record_cut_mid_gzip_is_damaged_not_ok(tmp_path: Path) -> None:
    members = _members()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(b"".join(members[:-1]) + members[-1][: len(members[-1]) * 2 // 3])
    code, lines, stderr = _clean(cut)
    assert code == 1
    assert [(r["id"], r["status"]) for r in lines] == [(EXPECTED[0][0], "ok"), (EXPECTED[1][0], "ok"), (EXPECTED[2][0], "error")]
    assert lines[2]["error"].startswith("damaged WARC record: cut short") and lines[2]["url"] == EXPECTED[2][1]
    assert "2 ok, 0 empty, 1 failed" in stderr


def test_a_corrupt_record_loses_only_itself(tmp_path: Path) -> None:
    members = _members()
    damaged = bytearray(members[2])  # the first HTML response
    for at in range(len(damaged) // 2, len(damaged) // 2 + 40):
        damaged[at] ^= 0xFF
    corrupt = tmp_path / "corrupt.warc.gz"
    corrupt.write_bytes(b"".join(members[:2]) + bytes(damaged) + b"".join(members[3:]))
    code, lines, stderr = _clean(corrupt)
    assert code == 1
    assert lines[0]["status"] == "error" and lines[0]["error"].startswith("damaged WARC record: damaged gzip data")
    assert [(r["id"], r["status"]) for r in lines[1:]] == [(EXPECTED[1][0], "ok"), (EXPECTED[2][0], "ok")]
    assert all("library should stay open" in r["text"] for r in lines[1:])
    assert "2 ok, 0 empty, 1 failed" in stderr


def test_garbage_between_records_is_reported_once_and_reading_goes_on(tmp_path: Path) -> None:
    members = _members()
    noisy = tmp_path / "noisy.warc.gz"
    noisy.write_bytes(b"".join(members[:3]) + b"\x1f\x8b\x08" + b"garbage" * 30 + b"".join(members[3:]))
    code, lines, _ = _clean(noisy)
    assert [r["status"] for r in lines] == ["ok", "error", "ok", "ok"]
    assert [r["id"] for r in lines if r["status"] == "ok"] == [i for i, _, _ in EXPECTED]
