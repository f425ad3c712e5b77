"""What makes a one-page run start fast (bench/startup.py) without changing any answer.

- a text dump is cleaned without importing trafilatura, jusText, jsonschema or typer's heavy parts,
  and `cleaner clean` of one page without the batch runners, the learner or the report;
- the packaged packs read without checks give the data the checked reader gives;
- annotate's pre-filter (literal words through one automaton) picks exactly the rules that
  trying every rule picks;
- the lazily built langdetect factory answers exactly as langdetect's own.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys

import pytest

from cleaner.packs import literals, prebuild, prebuilt
from cleaner.packs.annotate import Matcher
from cleaner.packs.rules import (
    _trusted_pack,
    load_rules,
    normalize,
    pack_files,
    packaged_rules_dir,
    read_pack,
)

from .conftest import SEEDS, require_bench

S000 = SEEDS / "000_217c230414dadc16.txt"


def modules_after(work: str) -> tuple[str, set[str]]:
    """What a fresh interpreter prints doing `work`, and the modules it then has loaded."""
    probe = f"import json, sys; {work}; sys.stderr.write(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, set(json.loads(proc.stderr))


def test_a_text_dump_imports_nothing_it_does_not_need() -> None:
    _, loaded = modules_after(f"from cleaner import clean; clean(open({str(S000)!r}, 'rb').read())")
    for heavy in ("trafilatura", "justext", "jsonschema", "yaml", "lxml.html.clean", "dask", "fastwarc", "hypothesis"):
        assert heavy not in loaded, f"{heavy} imported for a text dump"


def test_one_page_through_the_command_line_loads_no_batch_learn_or_report_code() -> None:
    printed, loaded = modules_after(f"from cleaner.cli import app; app(['clean', {str(S000)!r}], standalone_mode=False)")
    assert printed.strip(), "the page was not cleaned"
    assert "cleaner.cli.learn" in loaded  # every command is still registered
    for heavy in ("cleaner.packs.learn", "cleaner.report", "cleaner.batch.stream", "cleaner.eval.evaluate", "multiprocessing", "concurrent.futures", "lxml",
                  "pydantic"):
        assert heavy not in loaded, f"{heavy} imported for one page"


def test_a_page_compiles_only_the_patterns_its_blocks_reach() -> None:
    work = (
        "from cleaner import clean; from cleaner.packs.rules import joined_pattern, load_rules; "
        "loaded = joined_pattern.cache_info().currsize; "
        f"clean(open({str(S000)!r}, 'rb').read()); "
        "print(loaded, joined_pattern.cache_info().currsize, sum(bool(r.pattern_sources) for r in load_rules().all_rules()))"
    )
    printed, _ = modules_after(work)
    at_load, after_page, with_patterns = map(int, printed.split())
    assert at_load == 0 and with_patterns >= 30  # 35 pattern rules (157 patterns) when written
    assert 0 < after_page < with_patterns / 2  # seed 000 reaches 11


def test_packaged_packs_read_fast_equal_the_checked_read(monkeypatch, tmp_path) -> None:
    files = pack_files(packaged_rules_dir())
    assert files
    for path in files:
        assert _trusted_pack(path) == read_pack(path), path
    prebuilt._table.cache_clear()
    monkeypatch.setattr(prebuilt, "PREBUILT", tmp_path / "absent.json")  # the YAML fast path
    try:
        for path in files:
            assert _trusted_pack(path) == read_pack(path), path
    finally:
        prebuilt._table.cache_clear()


def test_shipped_prebuilt_packs_are_what_the_yaml_gives_today() -> None:
    root = packaged_rules_dir()
    assert prebuilt.PREBUILT.read_text(encoding="utf-8") == prebuild.build(root), (
        "cleaner/data/packs.json is stale: run bench/build_packs.py"
    )
    for path in pack_files(root):
        assert prebuilt.pack_data(path, root) is not None, path  # every packaged pack comes pre-read
    for rule in load_rules().all_rules():
        for pattern in rule.pattern_sources:
            assert prebuilt.required_words(pattern) == (True, literals.required_from_tree(pattern))


def test_an_edited_packaged_pack_is_read_from_its_yaml(tmp_path) -> None:
    root = packaged_rules_dir()
    path = pack_files(root)[0]
    copy = tmp_path / path.relative_to(root)
    copy.parent.mkdir(parents=True)
    copy.write_bytes(path.read_bytes())
    assert prebuilt.pack_data(copy, tmp_path) == read_pack(path)
    copy.write_bytes(path.read_bytes() + b"\n# edited\n")  # any change, even a comment
    assert prebuilt.pack_data(copy, tmp_path) is None


def test_fold_covers_every_character_ignorecase_matches_to_ascii() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for char in re.findall(r"[\x00-\x7f]", every, re.IGNORECASE):
        if ord(char) < 128:
            continue
        matched = [a for a in map(chr, range(128)) if re.fullmatch(re.escape(a), char, re.IGNORECASE)]
        assert matched and all(literals.fold(char) == a.lower() for a in matched), hex(ord(char))


@pytest.mark.parametrize("pattern, text", [
    (r"^(?:by|von)\s+[A-Z]\w+", "BY Someone"),
    (r"\bshare (?:on|via) (?:facebook|x)\b", "Share on Facebook"),
    (r"^read (?:more|next)$", "READ MORE"),
    (r"kelvin", "\u212aELVIN"),
    (r"listen", "L\u0130STEN"),
    (r"is", "\u0131\u017f"),
])
def test_required_words_are_found_in_what_the_pattern_matches(pattern: str, text: str) -> None:
    assert re.search(pattern, text, re.IGNORECASE)
    needs = literals.required(pattern)
    assert needs is None or any(word in literals.fold(text) for word in needs)


def brute_force(rules, text: str) -> list[str]:
    folded, words = normalize(text), len(text.split())
    return [r.id for r in rules if r.matches(text, folded, words)]


def test_matcher_picks_what_trying_every_rule_picks() -> None:
    rules = load_rules()
    lines = [line for seed in sorted(SEEDS.glob("*.txt")) for line in seed.read_text(encoding="utf-8").splitlines()]
    for rule in rules.all_rules():  # every example, and each one shouted, cut and glued to another
        for text in rule.examples_match + rule.examples_no_match:
            lines += [text, text.upper(), text[: len(text) // 2], text + " " + random.Random(0).choice(lines)]
    lines += ["\u0130n \u0131t", "\u212a", "BY \u017fomeone", "x" * 5000]
    for site in (None,) + rules.sites:
        ordered = [r for r in (site.rules if site else ()) + rules.generic if r.applies_to("text")]
        matcher = Matcher(ordered)
        for line in lines:
            got = [r.id for r in matcher.matching(line, normalize(line), len(line.split()))]
            assert got == brute_force(ordered, line), line
        # all lines at once, as annotate asks: the same rules for each line, in the same order
        every = matcher.matching_all(lines)
        assert {n: [r.id for r in found] for n, found in every.items()} == {
            n: expected for n, expected in ((n, brute_force(ordered, line)) for n, line in enumerate(lines)) if expected
        }


def test_fold_fast_keeps_every_ascii_character_of_fold() -> None:
    # without dotted capital I, dotless i and long s, which make fold_fast fold: lower() is checked
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and c not in (0x130, 0x131, 0x17F))
    for chunk in (every[n : n + 4096] for n in range(0, len(every), 4096)):
        fast, folded = literals.fold_fast(chunk), literals.fold(chunk)
        assert len(fast) == len(folded)
        assert [(n, c) for n, c in enumerate(fast) if c.isascii()] == [(n, c) for n, c in enumerate(folded) if c.isascii()]
    for text in ("\u0130n \u0131t", "BY \u017fomeone", "\u212aELVIN \u00c9t\u00e9"):
        fast = literals.fold_fast(text)
        assert [(n, c) for n, c in enumerate(fast) if c.isascii()] == [(n, c) for n, c in enumerate(literals.fold(text)) if c.isascii()]


def test_lazy_langdetect_answers_as_langdetect() -> None:
    from langdetect import detector_factory

    from cleaner.text.language import _factory

    bench = require_bench("scrapinghub")
    texts = [p.read_text(encoding="utf-8", errors="replace")[:3000] for p in sorted((bench / "text" / "innertext").glob("*.txt"))[:40]]
    texts += [S000.read_text(encoding="utf-8"), "Ceci est un petit texte écrit en français, pour voir.", "ÄÖÜ ß 12"]
    detector_factory.init_factory()
    eager, lazy = detector_factory._factory, _factory()
    assert lazy.langlist == eager.langlist
    for text in texts:
        answers = []
        for factory in (eager, lazy):
            detector = factory.create()
            detector.seed = 0
            detector.n_trial = 7
            detector.append(text)
            answers.append([(p.lang, p.prob) for p in detector.get_probabilities()])
        assert answers[0] == answers[1]


def test_fast_detector_answers_as_langdetects_detector() -> None:
    from langdetect.detector import Detector

    from cleaner.text.fastdetect import FastDetector
    from cleaner.text.language import _factory

    bench = require_bench("scrapinghub")
    texts = [p.read_text(encoding="utf-8", errors="replace")[:3000] for p in sorted((bench / "text" / "innertext").glob("*.txt"))[:40]]
    texts += [
        S000.read_text(encoding="utf-8"), "Ceci est un petit texte écrit en français, pour voir.", "ÄÖÜ ß 12",
        "NASA  and   the    ESA  said   so  http://example.com/x  mail me@example.com  ",
        "Россия   и  Украина  заявили  в  понедельник  MOSCOW  (AP)",
        "東京都の新しい計画について  ひらがな  カタカナ  한국어 문장입니다  ㄅㄆㄇ",
        "Tiếng Việt có dấu: người Việt Nam sống ở Hà Nội và nói tiếng Việt mỗi ngày.",
        "Românii și țara lor: știri și informații despre economie.",
        "   " + "x" * 20 + "  ", "a" * 12000,
    ]
    factory = _factory()
    for text in texts:
        answers = []
        for detector in (Detector(factory), FastDetector(factory)):
            detector.seed = 0
            detector.n_trial = 3
            detector.append(text)
            try:
                answers.append([(p.lang, p.prob) for p in detector.get_probabilities()])
            except Exception as exc:  # noqa: BLE001 - the same error on both sides is an answer too
                answers.append([type(exc).__name__])
            answers.append(detector.text)
        assert answers[0] == answers[2] and answers[1] == answers[3], text[:60]


def test_shipped_langdetect_table_is_langdetects_profiles_and_gives_the_same_lists() -> None:
    from langdetect import detector_factory

    from cleaner.text import langtable
    from cleaner.text.langprofiles import TableProbabilities, lazy_factory

    shipped = langtable.Table(langtable.TABLE.read_bytes())
    fresh = langtable.Table(langtable.build(detector_factory.PROFILES_DIRECTORY))  # marshal's bytes vary, not its data
    stale = "cleaner/data/langprofiles.bin is stale: run bench/build_langtable.py"
    assert (shipped.files, shipped.langs, shipped.n_words) == (fresh.files, fresh.langs, fresh.n_words), stale
    for number in range(langtable.BUCKETS):
        assert shipped.bucket(number) == fresh.bucket(number), stale
    detector_factory.init_factory()
    eager, table = detector_factory._factory, lazy_factory()
    assert isinstance(table.word_lang_prob_map, TableProbabilities)  # the table, not the JSON fallback
    assert table.langlist == eager.langlist
    for word, probabilities in eager.word_lang_prob_map.items():
        assert word in table.word_lang_prob_map and table.word_lang_prob_map[word] == probabilities, word
    for absent in ("", " ", "zzqx", "\u2603\u2603", "ab\x00"):
        assert (absent in table.word_lang_prob_map) == (absent in eager.word_lang_prob_map)


_ARTICLE_PAGE = (
    "<html lang='en'><head><title>Harbour works</title></head><body><nav><a href='/'>Home</a></nav><main>"
    + "".join(f"<p>The harbour works continued through the winter, and the council said the new quay {i} "
              "would open in spring after the last of the stone was laid by the crews.</p>" for i in range(12))
    + "</main></body></html>"
)


def test_a_page_the_block_model_reads_alone_imports_no_trafilatura() -> None:
    """Only the router's second opinion, or a page lxml cannot read as it is, runs trafilatura."""
    printed, loaded = modules_after(f"from cleaner import clean; print(clean({_ARTICLE_PAGE!r}, input_format='html').text)")
    assert "quay 11" in printed
    assert "trafilatura" not in loaded


def test_the_copied_doctype_pattern_is_trafilaturas() -> None:
    from trafilatura.utils import DOCTYPE_TAG

    from cleaner.html.parse import DOCTYPE_TAG as ours

    assert (ours.pattern, ours.flags) == (DOCTYPE_TAG.pattern, DOCTYPE_TAG.flags)


def test_the_second_opinion_parses_the_page_once(monkeypatch) -> None:
    """Both readings start from one parse: the router's second opinion re-runs no earlier stage."""
    from cleaner import clean
    from cleaner.html import extract, parse

    parses, trafilatura_runs = [], []
    real_parse, real_main_text = parse.parse_html, extract._main_text
    monkeypatch.setattr(parse, "parse_html", lambda *a, **k: parses.append(1) or real_parse(*a, **k))
    monkeypatch.setattr(extract, "_main_text", lambda *a, **k: trafilatura_runs.append(1) or real_main_text(*a, **k))
    short = ("<html><head><title>Note</title></head><body><article>"
             "<p>The new quay opens in spring, the council said on Tuesday after a long winter of works.</p>"
             "<p>Crews laid the last of the stone last week, and the harbour master said boats may moor there.</p>"
             "</article></body></html>")
    result = clean(short, input_format="html")
    assert "quay opens" in result.text
    assert trafilatura_runs == [1]  # the model kept under 100 words: the second opinion ran
    assert parses == [1]
