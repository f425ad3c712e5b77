"""Loading: bytes are decoded the way the page was written, binary is refused by its kind, and
HTML is told from a text dump."""

from __future__ import annotations

import codecs
import gzip

import pytest

from cleaner import InputError, Options
from cleaner.load import decode, load, sniff

from .conftest import SEEDS

SMART = "“It’s done,” she said — café, £5, naïve."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SMART.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SMART.encode("utf-8"), "utf-8-sig"),
        (SMART.encode("utf-16"), "utf-16"),  # with its BOM
        (("Plain ASCII words in a dump. " * 4 + SMART).encode("utf-16-le"), "utf-16-le"),
        (SMART.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le-no-bom", "cp1252"],
)
def test_decode(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert used == encoding
    assert text.endswith(SMART)


def test_latin1_bytes_outside_cp1252_fall_back_to_latin1() -> None:
    # 0x81 and 0x8d have no character in cp1252; latin-1 maps every byte.
    data = "Ré\x81sumé \x8d".encode("latin-1")
    assert decode(data) == ("Ré\x81sumé \x8d", "latin-1")


def test_latin1_text_reads_right_through_cp1252() -> None:
    # cp1252 and latin-1 agree on 0xA0-0xFF, where latin-1 text lives.
    text, _ = decode("Le café de la señora coûte £3 à 20 °C.".encode("latin-1"))
    assert text == "Le café de la señora coûte £3 à 20 °C."


def test_declared_charset_wins_over_the_fallback() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
    text, used = decode(html.encode("cp1251"))
    assert used == "cp1251"
    assert "Привет, мир" in text


def test_unknown_declared_charset_is_ignored() -> None:
    html = '<meta charset="no-such-charset"><p>caf\xe9</p>'.encode("latin-1")
    text, used = decode(html)
    assert used == "cp1252" and "café" in text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "PNG"),
        (gzip.compress(b"<html><p>hello</p></html>", mtime=0), "gzip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04" + bytes(30), "ZIP"),
        (b"\xff\xd8\xff\xe0" + bytes(20), "JPEG"),
    ],
    ids=["png", "gzip", "pdf", "zip", "jpeg"],
)
def test_binary_is_refused_by_kind(data: bytes, kind: str) -> None:
    with pytest.raises(InputError, match=kind):
        decode(data)


def test_control_characters_are_refused() -> None:
    noise = bytes(range(1, 9)) * 200 + b"some words"
    with pytest.raises(InputError, match="control characters"):
        load(noise, None, "auto", Options())


def test_too_large_is_refused() -> None:
    with pytest.raises(InputError, match="too-large"):
        load(b"x" * 101, None, "auto", Options(max_input_bytes=100))


def test_not_str_or_bytes() -> None:
    with pytest.raises(InputError):
        load(12345, None, "auto", Options())  # type: ignore[arg-type]


def test_unknown_input_format() -> None:
    with pytest.raises(InputError, match="unknown input format"):
        load("text", None, "pdf", Options())


def test_line_endings_are_normalised() -> None:
    page = load(b"one\r\ntwo\rthree\n", None, "auto", Options())
    assert page.text == "one\ntwo\nthree\n"
    assert page.format == "text"


def test_str_input_keeps_its_text() -> None:
    page = load(SMART, "https://example.org/a", "auto", Options())
    assert page.text == SMART and page.encoding == "str" and page.url == "https://example.org/a"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("<!-- saved page -->\n<html lang='en'><head></head></html>", "html"),
        ("<div><p>one</p><p>two</p></div>", "html"),  # a fragment: three tags
        ("A dump that mentions the <p> tag once in a sentence about HTML.", "text"),
        ("Plain words only.\n\nAnother paragraph.", "text"),
    ],
)
def test_sniff(text: str, fmt: str) -> None:
    assert sniff(text) == fmt


def test_seeds_are_text_dumps() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        page = load(seed.read_bytes(), None, "auto", Options())
        assert page.format == "text" and page.encoding == "utf-8"


def test_forced_format_overrides_sniffing() -> None:
    assert load("<html><p>x</p></html>", None, "text", Options()).format == "text"
    assert load("plain words", None, "html", Options()).format == "html"
