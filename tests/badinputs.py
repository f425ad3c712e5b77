"""A corpus of bad inputs, made here (never downloaded): what a crawler brings back on a bad day.

Each case is a `BadInput` with a name, a generator of its bytes and a `scale`: the big cases take
a size parameter so CI can run a scaled-down version while `bench/pathological.py` runs the full
size. Generators are deterministic (seeded `random.Random`), so a failure reproduces.
"""

from __future__ import annotations

import gzip
import random
import struct
import zlib
from dataclasses import dataclass
from typing import Callable

PROSE = (
    "The council met on Tuesday evening to discuss the new budget, and most of the members "
    "agreed that the library should stay open on weekends for the rest of the year. "
)


@dataclass(frozen=True)
class BadInput:
    name: str
    make: Callable[[float], bytes]  # scale -> bytes; scale 1.0 is the full-size case
    # "small": cheap at full size. "large": full size only in the bench script and marked tests.
    size: str = "small"
    # What a caller may expect: "result" (a Result, any status), "empty" (status empty),
    # "error" (CleanerError), or "any" (a Result or a CleanerError).
    expect: str = "any"
    # Words the error message must contain when it is refused (lower case).
    error_words: tuple[str, ...] = ()

    def data(self, scale: float = 1.0) -> bytes:
        return self.make(scale)


def _html(body: str, head: str = "<title>A page</title>") -> str:
    return f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>\n"


# --- tiny and binary ----------------------------------------------------------------------------


def empty(_: float) -> bytes:
    return b""


def whitespace_only(_: float) -> bytes:
    return b" \n\t\r\n   \n\n\xc2\xa0\n" * 50


def png(_: float) -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def pdf(_: float) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def gzipped_html(_: float) -> bytes:
    return gzip.compress(_html(f"<p>{PROSE * 3}</p>").encode(), mtime=0)


def random_bytes(scale: float) -> bytes:
    rng = random.Random(7)
    return bytes(rng.getrandbits(8) for _ in range(max(64, int(200_000 * scale))))


def random_high_bytes(_: float) -> bytes:
    """Random bytes with no control characters at all: decodes as cp1252/latin-1 gibberish."""
    rng = random.Random(11)
    return bytes(rng.randrange(0xA0, 0x100) for _ in range(20_000))


# --- encodings ------------------------------------------------------------------------------------

SMART = "“Quoted,” she said — it’s the café’s naïve façade… €5 – ‘fine’."


def utf16_bom(_: float) -> bytes:
    return _html(f"<p>{PROSE}</p><p>{SMART}</p>").encode("utf-16")  # with BOM


def utf16_le_no_bom(_: float) -> bytes:
    return (PROSE + "\n\n" + SMART + "\n").encode("utf-16-le")


def utf16_be_no_bom(_: float) -> bytes:
    return (PROSE + "\n\n" + SMART + "\n").encode("utf-16-be")


def cp1252_smart_quotes(_: float) -> bytes:
    return (PROSE + "\n\n" + SMART + "\n").encode("cp1252")


def cp1252_html_declared(_: float) -> bytes:
    page = _html(f"<p>{PROSE}</p><p>{SMART}</p>", head="<meta charset='windows-1252'><title>x</title>")
    return page.encode("cp1252")


def latin1(_: float) -> bytes:
    return ("Ça coûte très cher à Zürich, señor. " + PROSE + "\n").encode("latin-1")


def mixed_encodings(_: float) -> bytes:
    """UTF-8 paragraphs with a cp1252 paragraph pasted in the middle: not valid UTF-8."""
    return (PROSE + SMART + "\n\n").encode("utf-8") + (SMART + "\n\n").encode("cp1252") + (PROSE + "\n").encode("utf-8")


def mojibake(_: float) -> bytes:
    """UTF-8 read as cp1252 and written back as UTF-8: 'â€œ' and 'Ã©' everywhere."""
    return (PROSE + SMART).encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")


def wrong_declared_charset(_: float) -> bytes:
    """Declares a charset Python does not know, and is not UTF-8."""
    page = _html(f"<p>{PROSE} {SMART}</p>", head="<meta charset='x-made-up-9'><title>x</title>")
    return page.encode("cp1252")


def declared_utf16_but_ascii(_: float) -> bytes:
    page = _html(f"<p>{PROSE}</p>", head="<meta charset='utf-16'><title>x</title>")
    return page.encode("ascii") + b"\xff"  # not valid UTF-8, so the declared charset is tried


def lone_surrogates_str(_: float) -> bytes:
    # Encoded with surrogatepass: the bytes are invalid UTF-8 (ED A0 80).
    return (PROSE + "\ud800 " + PROSE).encode("utf-8", "surrogatepass")


# --- control characters ---------------------------------------------------------------------------


def nul_bytes_few(_: float) -> bytes:
    return (PROSE + "\x00" + PROSE + "\x00\n\n" + PROSE).encode()


def nul_bytes_many(_: float) -> bytes:
    return b"\x00" * 10_000 + PROSE.encode()


_CONTROLS = "".join(chr(c) for c in range(0, 32) if chr(c) not in "\n\r\t")


def control_chars(_: float) -> bytes:
    """Every control character once, in a page of prose (a few per cent of the characters)."""
    return (PROSE * 3 + _CONTROLS + "\n\n" + PROSE * 3 + "\x7f\u200b\ufeff\n").encode()


def control_heavy(_: float) -> bytes:
    """Control characters everywhere: a binary format without a magic number."""
    return (_CONTROLS * 50 + PROSE).encode()


def html_with_controls(_: float) -> bytes:
    return _html(f"<p>{PROSE}\x01\x02\x0b\x0c</p><p>\x00{PROSE}</p>").encode()


# --- big and deep ---------------------------------------------------------------------------------


def huge_html(scale: float) -> bytes:
    """About 50 MB of HTML (scale 1.0): many articles' worth of paragraphs in divs."""
    target = int(50_000_000 * scale)
    unit = f"<div class='c'><h2>Section</h2><p>{PROSE * 4}</p><ul><li><a href='/x'>More</a></li></ul></div>\n"
    return _html(unit * max(1, target // len(unit))).encode()


def single_long_line(scale: float) -> bytes:
    """One line of about 10 MB: prose with no line break at all."""
    target = int(10_000_000 * scale)
    return (PROSE * max(1, target // len(PROSE))).encode()


def single_long_word(scale: float) -> bytes:
    """10 MB with no space: a base64 blob pasted as text."""
    return b"QUJD" * max(1, int(2_500_000 * scale))


def long_line_html(scale: float) -> bytes:
    target = int(10_000_000 * scale)
    return _html("<p>" + PROSE * max(1, target // len(PROSE)) + "</p>").encode()


def nested_divs(scale: float) -> bytes:
    depth = max(10, int(100_000 * scale))
    return _html("<div>" * depth + f"<p>{PROSE}</p>" + "</div>" * depth).encode()


def nested_unclosed(scale: float) -> bytes:
    depth = max(10, int(100_000 * scale))
    return _html("<div><span><b>" * depth + PROSE).encode()


def text_dump_lines(scale: float) -> bytes:
    """A text dump of 200,000 lines: a story, then menus and short lines, as renderers give them."""
    count = max(20, int(200_000 * scale))
    rng = random.Random(3)
    words = PROSE.split()
    lines = []
    for n in range(count):
        if n % 7 == 0:
            lines.append("")
        elif n % 3 == 0:
            lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(12, 40))) + ".")
        else:
            lines.append(f"Menu item {n % 50}")
    return ("\n".join(lines) + "\n").encode()


def many_tiny_blocks_html(scale: float) -> bytes:
    count = max(20, int(100_000 * scale))
    return _html("".join(f"<p>{PROSE if n % 10 == 0 else 'Item ' + str(n)}</p>" for n in range(count))).encode()


# --- hostile markup -------------------------------------------------------------------------------


def billion_laughs(_: float) -> bytes:
    """The XML entity-expansion bomb in a DOCTYPE: 10 levels of 10, a billion 'lol's if expanded."""
    levels = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    ]
    doctype = "<!DOCTYPE html [\n" + "\n".join(levels) + "\n]>\n"
    return (doctype + "<html><head><title>lol</title></head><body><p>&lol9;</p>" f"<p>{PROSE}</p></body></html>\n").encode()


def billion_laughs_xml(_: float) -> bytes:
    """The same bomb as an XML document (an XHTML page with an XML declaration)."""
    levels = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE lolz [\n' + "\n".join(levels) + "\n]>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>lol</title></head>'
        f"<body><p>&lol9;</p><p>{PROSE}</p></body></html>\n"
    ).encode()


def external_entity(_: float) -> bytes:
    """XXE: an entity naming a local file; it must never be read into the output."""
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        f"<html><body><p>&xxe;</p><p>{PROSE}</p></body></html>\n"
    ).encode()


def only_script(_: float) -> bytes:
    return ("<script>" + "var x = 1; document.write('<p>" + PROSE + "</p>');\n" * 200 + "</script>").encode()


def html_no_text(_: float) -> bytes:
    body = "<div><img src='a.png'><br><hr><span></span><div><div></div></div><table><tr><td></td></tr></table></div>" * 50
    return _html(body).encode()


def html_only_markup_noise(_: float) -> bytes:
    return _html("<p>&nbsp;</p><p>&#8203;</p><p> </p><p>&amp;</p><p>|</p>" * 200).encode()


def broken_html(_: float) -> bytes:
    return (f"<html><body><p>{PROSE}<div><table><tr><p>{PROSE}</td></span></body><p>after end</html></html><<<>>>").encode()


def many_attributes(_: float) -> bytes:
    attrs = " ".join(f"data-a{n}='{n}'" for n in range(20_000))
    return _html(f"<div {attrs}><p>{PROSE}</p></div>").encode()


def huge_comment_and_cdata(_: float) -> bytes:
    return _html("<!--" + "-" * 1_000_000 + f"--><p>{PROSE}</p><![CDATA[" + "x" * 100_000 + "]]>").encode()


def unclosed_comment(_: float) -> bytes:
    return _html(f"<p>{PROSE}</p><!-- never closed " + PROSE * 100).encode()


def huge_entity_numbers(_: float) -> bytes:
    return _html("<p>&#99999999999; &#x110000; &#0; &#xD800; &bogus; " + PROSE + "</p>").encode()


def text_that_looks_like_html(_: float) -> bytes:
    return ("if a < b and c > d then <p> is a tag\n\n" + PROSE + "\n<div>\n").encode()


def rtl_and_combining(_: float) -> bytes:
    text = "مرحبا بالعالم، هذا نص عربي طويل بما فيه الكفاية لاكتشاف اللغة. " * 5
    zalgo = "Z\u0351\u0352\u0353\u0354a\u0355\u0356l\u0357g\u0358o" * 200
    return (text + "\n\n" + zalgo + "\n\n" + "\u202e" + PROSE + "\n").encode()


def emoji_and_astral(_: float) -> bytes:
    return ("🎉🚀 " * 1000 + "\n\n" + "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 " * 200 + "\n\n" + PROSE + "\n").encode()


CASES: tuple[BadInput, ...] = (
    BadInput("empty", empty, expect="empty"),
    BadInput("whitespace-only", whitespace_only, expect="empty"),
    BadInput("png", png, expect="error", error_words=("binary", "png")),
    BadInput("pdf", pdf, expect="error", error_words=("binary", "pdf")),
    BadInput("gzip", gzipped_html, expect="error", error_words=("binary", "gzip")),
    BadInput("random-bytes", random_bytes, expect="error", error_words=("binary",)),
    BadInput("random-high-bytes", random_high_bytes),
    BadInput("utf16-bom", utf16_bom, expect="result"),
    BadInput("utf16-le-no-bom", utf16_le_no_bom, expect="result"),
    BadInput("utf16-be-no-bom", utf16_be_no_bom, expect="result"),
    BadInput("cp1252-smart-quotes", cp1252_smart_quotes, expect="result"),
    BadInput("cp1252-html-declared", cp1252_html_declared, expect="result"),
    BadInput("latin-1", latin1, expect="result"),
    BadInput("mixed-encodings", mixed_encodings, expect="result"),
    BadInput("mojibake", mojibake, expect="result"),
    BadInput("unknown-declared-charset", wrong_declared_charset, expect="result"),
    BadInput("declared-utf16-but-ascii", declared_utf16_but_ascii),
    BadInput("lone-surrogate-bytes", lone_surrogates_str, expect="result"),
    BadInput("nul-bytes-few", nul_bytes_few, expect="result"),
    BadInput("nul-bytes-many", nul_bytes_many, expect="error", error_words=("binary",)),
    BadInput("control-chars", control_chars, expect="result"),
    BadInput("control-heavy", control_heavy, expect="error", error_words=("binary", "control")),
    BadInput("html-with-controls", html_with_controls, expect="result"),
    BadInput("huge-html-50mb", huge_html, size="large"),
    BadInput("single-line-10mb", single_long_line, size="large"),
    BadInput("single-word-10mb", single_long_word, size="large"),
    BadInput("html-single-p-10mb", long_line_html, size="large"),
    BadInput("nested-divs-100k", nested_divs, size="large"),
    BadInput("nested-unclosed-100k", nested_unclosed, size="large"),
    BadInput("text-dump-200k-lines", text_dump_lines, size="large"),
    BadInput("html-100k-paragraphs", many_tiny_blocks_html, size="large"),
    BadInput("billion-laughs-doctype", billion_laughs),
    BadInput("billion-laughs-xml", billion_laughs_xml),
    BadInput("external-entity", external_entity),
    BadInput("only-script", only_script, expect="empty"),
    BadInput("html-no-text", html_no_text, expect="empty"),
    # Only "&" and "|" are left once &nbsp; and zero-width spaces go; select drops blocks
    # with no words (heur.no-words) since 00a5c2b. Only a sound Result is asked for here.
    BadInput("html-markup-noise", html_only_markup_noise, expect="result"),
    BadInput("broken-html", broken_html, expect="result"),
    BadInput("many-attributes", many_attributes),
    BadInput("huge-comment-cdata", huge_comment_and_cdata),
    BadInput("unclosed-comment", unclosed_comment),
    BadInput("bad-numeric-entities", huge_entity_numbers, expect="result"),
    BadInput("text-looks-like-html", text_that_looks_like_html, expect="result"),
    BadInput("rtl-combining", rtl_and_combining, expect="result"),
    BadInput("emoji-astral", emoji_and_astral, expect="result"),
)

BY_NAME = {case.name: case for case in CASES}
SMALL = tuple(c for c in CASES if c.size == "small")
LARGE = tuple(c for c in CASES if c.size == "large")
