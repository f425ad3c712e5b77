"""Decode the input and tell HTML from a text dump. Binary data is refused here, with its kind."""

from __future__ import annotations

import codecs
import re

from cleaner.errors import InputError
from cleaner.model import Page
from cleaner.options import Options

# Magic numbers of formats people feed a cleaner by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "an executable"),
    (b"WARC/", "a WARC file (clean it as a batch: cleaner clean FILE.warc -o OUT)"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.I)
# An XHTML page may open with an XML declaration (<?xml version="1.0"?>) before its doctype.
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"<(?:p|div|span|a|meta|title|script|br|table|article|section|li|h[1-6])\b[^>]*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


# What a caller may say an input is; "auto" sniffs.
INPUT_FORMATS = ("auto", "text", "html")


def load(source: str | bytes, url: str | None, input_format: str, options: Options) -> Page:
    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use auto, text or html")
    if isinstance(source, bytes):
        if len(source) > options.max_input_bytes:
            raise InputError(f"too-large: {len(source)} bytes (limit {options.max_input_bytes})")
        text, encoding = decode(source)
    elif isinstance(source, str):
        # A str has at least one byte per character: the same limit, counted without encoding.
        if len(source) > options.max_input_bytes:
            raise InputError(f"too-large: {len(source)} characters (limit {options.max_input_bytes} bytes)")
        # Lone surrogates (from surrogateescape, or a JSON "\ud800") cannot be written as UTF-8.
        text, encoding = _without_surrogates(source), "str"
    else:
        raise InputError(f"cannot clean a {type(source).__name__}; give str or bytes")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_binary_text(text, options)
    fmt = sniff(text) if input_format == "auto" else input_format
    return Page(text=text, format=fmt, url=url, encoding=encoding)


def _without_surrogates(source: str) -> str:
    try:
        source.encode("utf-8")  # C speed; a regex pass over the page cost 0.7 ms
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", source)
    return source


def decode(data: bytes) -> tuple[str, str]:
    """BOM, then strict UTF-8, then the HTML's declared charset, then cp1252 / latin-1.

    A page that is not valid UTF-8 but declares it (or declares nothing) is read as UTF-8 with
    replacement characters only when it is mostly UTF-8 (a stray cp1252 paragraph); a page
    whose high bytes are all invalid UTF-8 is cp1252 whatever it claims."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary input: this looks like {kind}, not a web page or text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared and declared != "utf-8":
        return data.decode(declared, errors="replace"), declared
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> bool:
    """At least as many valid UTF-8 multi-byte characters as stray high bytes."""
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    valid = _UTF8_MULTIBYTE.findall(data)
    stray = high - sum(len(v) for v in valid)
    return bool(valid) and len(valid) >= stray


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows a NUL in every other byte of its ASCII characters."""
    head = data[:4000]
    if len(head) < 8:
        return None
    even_nuls = head[0::2].count(0) / len(head[0::2])
    odd_nuls = head[1::2].count(0) / len(head[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:20000])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _refuse_binary_text(text: str, options: Options) -> None:
    sample = text[:20000]
    if not sample:
        return
    controls = len(_CONTROL.findall(sample))
    if controls / len(sample) > options.binary_control_ratio:
        raise InputError("binary input: too many control characters for a web page or text")


def sniff(text: str) -> str:
    head = text[:5000]
    if _HTML_START.match(head):
        return "html"
    return "html" if len(_HTML_TAG.findall(head)) >= 3 else "text"
