"""Safety: hostile rule files and regexes are refused, cleaning never opens a socket, inputs stay.

Rule files are data from users: a pattern that can backtrack catastrophically or a YAML file that
expands to billions of items must be refused at load time with a message naming the file.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import RuleError, clean
from cleaner.packs.rules import MAX_MATCH_CHARS, check_dir, check_pattern, load_rules

from .conftest import ROOT

# --- regexes ------------------------------------------------------------------------------------

# Known evil shapes (OWASP ReDoS examples and friends), each with a text that makes it blow up.
EVIL = [
    r"(a+)+$",
    r"(a*)*b",
    r"(a|aa)+$",
    r"(.*a){20}",
    r"(\w+\s?)+$",
    r"^(a|a?)+$",
    r"(a|a)*$",
    r"(a{1,5})+$",
    r"(a?)+$",
    r"(a?){25}a{25}",
    r"(.*?,){11}P",
    r"^(\w+)*@",
    r"(a+|b+)*c",
    r".*.*x",
    r"a.*b.*c",
    r"\w+\s*\w+x",
    r".+ .+x",
    r"\w*\d*\w*x",
    r"(?=(a+)+)b",
    r"(x)\1",
]

# Shapes rule authors write, which must stay allowed.
SAFE = [
    r"^(?:read more|continue reading)\s*(?:[»›>→…:.]{1,3}|\.\.\.)?\s*$",
    r"\s*\w+\s*:\s*\w+",
    r".*x",
    r"^photo:.*\(.*\)$",
    r"^.*.*x",  # anchored: quadratic at worst
    r"(?:share|tweet|twitter){1,10}",
    r"^read more(?:\s*(?:keep reading|show less|show more|see more)){1,3}\W*$",
    r"(-?\d)+x",
    r"(\s|\S)*x",
    r"\bby (?:continuing to use|using) (?:this|our) site\b.{0,60}\b(?:cookies|agree)",
    r"\((?:photo|credit)?[^()]{0,40}(?:/|\bvia\b|getty|reuters)[^()]{0,80}\)\s*$",
    r"^[\w .'-]{2,50}\s?/\s?(?:getty images|afp|reuters)(?: via [\w .]{2,30})?\W*$",
]


@pytest.mark.parametrize("pattern", EVIL)
def test_evil_regex_is_refused(pattern: str) -> None:
    with pytest.raises(RuleError) as caught:
        check_pattern(pattern, "my-pack.yaml: field rules/0/pattern/0")
    message = str(caught.value)
    assert message.startswith("my-pack.yaml: field rules/0/pattern/0: ")
    assert "\n" not in message


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_regex_is_accepted_and_fast_on_hostile_text(pattern: str) -> None:
    compiled = check_pattern(pattern, "x")
    assert worst_search_seconds(compiled) < 2.0, pattern


def hostile_texts(pattern: str) -> list[str]:
    """Texts that almost match: runs of the pattern's own characters, cut at the match bound."""
    letters = sorted({ch for ch in pattern if ch.isalnum() or ch in " ,.:/-'()"}) or ["a"]
    texts = ["a" * MAX_MATCH_CHARS + "!", " ".join(["word"] * 500) + "!"]
    texts += [(ch * MAX_MATCH_CHARS) + "\x00" for ch in letters[:12]]
    texts.append(("".join(letters) * MAX_MATCH_CHARS)[:MAX_MATCH_CHARS] + "\x00")
    return [t[:MAX_MATCH_CHARS] for t in texts]


def worst_search_seconds(compiled: re.Pattern[str]) -> float:
    worst = 0.0
    for text in hostile_texts(compiled.pattern):
        # CPU time, not wall time: CI machines are shared, and a catastrophic pattern costs
        # seconds to hours here, so a generous bound still tells the two apart.
        start = time.process_time()
        compiled.search(text)
        worst = max(worst, time.process_time() - start)
    return worst


def test_every_packaged_pattern_is_fast_on_hostile_text() -> None:
    """The packaged packs pass the checker; check that the checker's promise holds for them."""
    slow = []
    for rule in load_rules((), True).all_rules():
        if rule.pattern is not None and worst_search_seconds(rule.pattern) > 1.0:
            slow.append(rule.id)
    assert not slow


def test_refused_shapes_really_are_slow() -> None:
    """The checker is not refusing for nothing: a refused shape takes long on a short text."""
    compiled = re.compile(r"(a|aa)+$")
    start = time.perf_counter()
    compiled.search("a" * 24 + "!")
    assert time.perf_counter() - start > 0.005


# --- hostile rule files -----------------------------------------------------------------------

GOOD_RULE = """
  - id: test.ok
    category: navigation
    why: a test rule
    exact: ["home"]
    examples: {match: ["Home"], no_match: ["A sentence about a home."]}
"""


def yaml_bomb(levels: int = 9) -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 9) + "]")
    return "pack: bomb\n" + "\n".join(lines) + f"\nrules: *lol{levels - 1}\n"


HOSTILE_PACKS = {
    "python-tag": ("pack: x\nrules: !!python/object/apply:os.system ['touch {marker}']\n", "constructor"),
    "python-name": ("pack: x\nrules: !!python/name:os.system\n", "constructor"),
    "alias-bomb": (yaml_bomb(), "aliases"),
    "alias-cycle": ("pack: x\nrules: &r [*r]\n", "aliases"),
    "deep-flow-nesting": ("pack: x\nrules: " + "[" * 50_000 + "]" * 50_000 + "\n", "levels deep"),
    "deep-block-nesting": ("pack: x\nrules:\n" + "".join(" " * n + "-\n" for n in range(1000)), "nested too deeply"),
    "huge-file": ("pack: x\nrules: []\n# " + "x" * 1_100_000 + "\n", "limit"),
    "not-utf8": (b"pack: x\nrules: [\xff\xfe]\n", "decode"),
    "evil-regex": (
        "pack: test.evil\ndescription: evil\nrules:\n  - id: test.evil\n    category: navigation\n    why: a pattern that backtracks\n"
        "    pattern: ['(a|aa)+$']\n    examples: {match: [aa], no_match: [b]}\n",
        "backtrack",
    ),
    "backreference": (
        "pack: test.ref\ndescription: backref\nrules:\n  - id: test.ref\n    category: navigation\n    why: a pattern with a back-reference\n"
        "    pattern: ['(a)\\1']\n    examples: {match: [aa], no_match: [b]}\n",
        "back-reference",
    ),
}


def write_pack(folder: Path, name: str, content: str | bytes, marker: Path) -> Path:
    path = folder / f"{name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content.replace("{marker}", str(marker)), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(HOSTILE_PACKS))
def test_hostile_rule_file_is_refused_naming_the_file(name: str, tmp_path: Path) -> None:
    content, words = HOSTILE_PACKS[name]
    marker = tmp_path / "code-ran"
    folder = tmp_path / "rules"
    folder.mkdir()
    path = write_pack(folder, name, content, marker)
    start = time.perf_counter()
    with pytest.raises(RuleError) as caught:
        load_rules((str(folder),), True)
    assert time.perf_counter() - start < 5
    message = str(caught.value)
    assert str(path) in message and words in message, message
    assert "\n" not in message
    assert not marker.exists()
    problems = check_dir(folder)
    assert len(problems) == 1 and str(path) in problems[0]


def test_yaml_anchors_within_bounds_still_work(tmp_path: Path) -> None:
    """Aliases are not banned: a pack may reuse a list, as long as it does not multiply."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "reuse.yaml").write_text(
        "pack: test.reuse\ndescription: reuse\nrules:\n  - id: reuse.home\n    category: navigation\n    why: phrases reused as examples\n"
        "    exact: &phrases [home, start page]\n    examples: {match: *phrases, no_match: [A home is nice.]}\n",
        encoding="utf-8",
    )
    assert check_dir(folder) == []
    assert "reuse.home" in {r.id for r in load_rules((str(folder),), True).generic}


def test_cli_refuses_hostile_rules_with_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "bomb.yaml").write_text(yaml_bomb(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "-", "--rules", str(folder)],
        input=b"<p>Hello there.</p>",
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.count("\n") == 1 and "bomb.yaml" in err and "Traceback" not in err
    assert done.stdout == b""


# --- no network ---------------------------------------------------------------------------------

REMOTE_PAGE = """<!DOCTYPE html>
<html><head>
<base href="http://example.invalid/">
<meta http-equiv="refresh" content="0; url=http://example.invalid/next">
<link rel="stylesheet" href="http://example.invalid/style.css">
<link rel="canonical" href="https://example.invalid/story">
<link rel="import" href="http://example.invalid/import.html">
<script src="https://example.invalid/app.js"></script>
<style>@import url("http://example.invalid/more.css");</style>
<title>A story with remote parts</title>
<meta property="og:image" content="https://example.invalid/a.png">
</head><body>
<article>
<h1>A story with remote parts</h1>
<img src="http://example.invalid/pixel.gif" srcset="http://example.invalid/a.png 2x">
<p>The council met on Tuesday evening to discuss the new budget, and most of the members agreed
that the library should stay open on weekends for the rest of the year.</p>
<iframe src="http://example.invalid/embed"></iframe>
<object data="http://example.invalid/x.swf"></object><embed src="http://example.invalid/y.swf">
<video src="http://example.invalid/v.mp4" poster="http://example.invalid/p.jpg"></video>
<p>They will vote again next month, after the public has had a chance to read the proposal and
to send the members their comments by mail or in person at the town hall.</p>
<svg><image href="http://example.invalid/i.svg"/></svg>
</article></body></html>
"""

XML_WITH_EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://example.invalid/xhtml1-strict.dtd">\n'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>'
    "<p>The council met on Tuesday evening to discuss the new budget for the library and the pool.</p>"
    "</body></html>\n"
)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to open a connection or resolve a name is recorded and refused."""
    # The HTML path's modules load on first use; at import urllib3 (through trafilatura) makes
    # a socket to ask the OS about IPv6, which is no network access: import them first.
    import trafilatura  # noqa: F401

    import cleaner.html.meta  # noqa: F401

    attempts: list[str] = []

    def refuse(name: str):
        def blocked(*args, **kwargs):
            attempts.append(f"{name}{args[:2]}")
            raise OSError(f"network access during cleaning: {name}")

        return blocked

    class BlockedSocket(socket.socket):  # a class, so `class SSLSocket(socket)` still imports
        def __init__(self, *args, **kwargs) -> None:
            refuse("socket.socket")(*args)

    for method in ("connect", "connect_ex", "sendto"):  # sockets made before the patch, too
        monkeypatch.setattr(socket.socket, method, refuse(f"socket.{method}"))
    monkeypatch.setattr(socket, "socket", BlockedSocket)
    for function in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, function, refuse(f"socket.{function}"))
    return attempts


@pytest.mark.parametrize(
    "page, url",
    [
        (REMOTE_PAGE, None),
        (REMOTE_PAGE, "https://example.invalid/story"),
        (XML_WITH_EXTERNAL_DTD, "http://example.invalid/"),
    ],
)
def test_cleaning_html_opens_no_socket(page: str, url: str | None, no_network: list[str]) -> None:
    result = clean(page.encode(), url=url)
    assert no_network == []
    assert result.status == "ok"
    assert "council met on Tuesday" in result.text


def test_cleaning_text_and_seeds_opens_no_socket(no_network: list[str]) -> None:
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        assert clean(seed.read_bytes()).status == "ok"
    assert clean("See http://example.invalid/x and www.example.invalid for more.\n").status in ("ok", "empty")
    assert no_network == []


def test_cli_opens_no_socket(tmp_path: Path) -> None:
    """The whole CLI in a child process: connections and name look-ups blocked before cleaner is
    imported, new sockets after (urllib3 makes one at import to ask the OS about IPv6)."""
    page = tmp_path / "page.html"
    page.write_text(REMOTE_PAGE, encoding="utf-8")
    guard = (
        "import socket, sys\n"
        "def blocked(*a, **k):\n"
        "    sys.stderr.write('NETWORK ATTEMPT\\n'); raise OSError('blocked')\n"
        "socket.socket.connect = socket.socket.connect_ex = socket.socket.sendto = blocked\n"
        "socket.create_connection = socket.getaddrinfo = socket.gethostbyname = blocked\n"
        "from cleaner.cli import main\n"
        "import trafilatura, cleaner.html.meta\n"  # imported when a page is HTML; urllib3 probes IPv6 then
        "class Blocked(socket.socket):\n"
        "    def __init__(self, *a, **k): blocked()\n"
        "socket.socket = Blocked\n"
        "sys.argv = ['cleaner', 'clean', sys.argv[1], '--format', 'json', '--url', 'https://example.invalid/s']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", guard, str(page)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert b"NETWORK ATTEMPT" not in done.stderr
    assert b"council met on Tuesday" in done.stdout


# --- YAML is loaded safely everywhere -------------------------------------------------------------


def test_no_unsafe_yaml_load_in_the_package() -> None:
    """Only yaml.safe_load / SafeLoader: an unsafe loader would run tags as code."""
    offenders = []
    for path in sorted((ROOT / "cleaner").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if re.search(r"yaml\.(?:load|load_all|unsafe_load|full_load)\s*\(|yaml\.(?:Unsafe|Full)?Loader\b|Loader\s*=\s*yaml\.Loader", code):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders


# --- inputs are never overwritten -----------------------------------------------------------------


def _folder_of_inputs(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    # Inputs whose names are what an output would be called.
    (folder / "page.json").write_bytes(b"<html><body><p>An input that is named like an output file.</p></body></html>")
    (folder / "sub" / "page.txt").write_bytes((ROOT / "seeds" / "000_217c230414dadc16.txt").read_bytes())
    (folder / "sub" / "page.md").write_bytes(b"A text dump named like a Markdown output.\n")
    return folder, {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, timeout=300)


def test_output_folder_that_is_the_input_folder_is_refused(tmp_path: Path) -> None:
    folder, before = _folder_of_inputs(tmp_path)
    done = _cli("clean", str(folder), "-o", str(folder), "--format", "json", "--quiet")
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode().count("\n") == 1 and b"Traceback" not in done.stderr
    after = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before


def test_output_folder_inside_the_input_folder_leaves_inputs_alone(tmp_path: Path) -> None:
    folder, before = _folder_of_inputs(tmp_path)
    out = folder / "cleaned"
    for _ in range(2):  # the rerun must not take the first run's outputs for inputs
        done = _cli("clean", str(folder), "-o", str(out), "--format", "json", "--quiet", "--jobs", "1")
        assert done.returncode == 0, done.stderr
    inputs_after = {
        str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file() and out not in p.parents
    }
    assert inputs_after == before
    records = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == len(before)
