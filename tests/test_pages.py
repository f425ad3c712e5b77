"""The page corpus: small pages this project wrote, one folder per case, each with what a
right answer is (see tests/pages/README.md for how to add one).

    tests/pages/<slug>/input.txt | input.html   the page (a text dump or HTML)
    tests/pages/<slug>/expected.json            about, paragraphs, title, authors, date,
                                                rules_fired
                                                (optional: url, xfail)

A case whose expected answer cleaner does not give yet carries `"xfail": "issue N: why"`: the
test then runs as a strict xfail, so it turns red the day the fix lands and the mark must go.

Draft an expected.json from the current output (then READ it and correct what is wrong):

    .venv/bin/python tests/test_pages.py <slug> [url] > tests/pages/<slug>/expected.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cleaner import Result, clean

PAGES = Path(__file__).resolve().parent / "pages"
FIELDS = ("title", "authors", "date")


def input_of(case: Path) -> Path:
    found = sorted(p for p in case.iterdir() if p.name in ("input.txt", "input.html"))
    if len(found) != 1:
        raise ValueError(f"{case}: needs exactly one of input.txt or input.html")
    return found[0]


def cleaned(case: Path, url: str | None) -> Result:
    path = input_of(case)
    kind = "html" if path.suffix == ".html" else "text"
    return clean(path.read_bytes(), url=url, input_format=kind)


def answer(result: Result) -> dict:
    """What a case compares: the text (one paragraph an item, as cleaner separates them by a blank
    line), three metadata fields, the rule ids that decided blocks."""
    meta = result.metadata
    return {
        "paragraphs": result.text.split("\n\n") if result.text else [],
        "title": meta.title,
        "authors": list(meta.authors),
        "date": meta.date,
        "rules_fired": result.rules_fired,
    }


def expected_of(case: Path) -> dict:
    path = case / "expected.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def cases() -> list:
    params = []
    for case in sorted(p for p in PAGES.iterdir() if p.is_dir()):
        expected = expected_of(case)
        marks = [pytest.mark.xfail(strict=True, reason=expected["xfail"])] if expected.get("xfail") else []
        params.append(pytest.param(case, expected, id=case.name, marks=marks))
    return params


@pytest.mark.parametrize(("case", "expected"), cases())
def test_page(case: Path, expected: dict) -> None:
    assert expected, f"{case.name} has no expected.json: draft one with tests/test_pages.py {case.name}, then correct it"
    got = answer(cleaned(case, expected.get("url")))
    want = {key: expected[key] for key in got}
    assert got["paragraphs"] == want["paragraphs"]  # first: a wrong paragraph reads best alone
    assert got == want


def test_every_case_is_complete() -> None:
    for case in sorted(p for p in PAGES.iterdir() if p.is_dir()):
        expected = expected_of(case)
        input_of(case)
        missing = {"paragraphs", "rules_fired", *FIELDS} - set(expected)
        assert not missing, f"{case.name}/expected.json lacks {sorted(missing)}"
        assert expected.get("about"), f"{case.name}/expected.json: say in 'about' what the case is about"


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: tests/test_pages.py <slug> [url]")
    url = sys.argv[2] if len(sys.argv) == 3 else None
    draft = {"about": "", **({"url": url} if url else {}), **answer(cleaned(PAGES / sys.argv[1], url))}
    print(json.dumps(draft, ensure_ascii=False, indent=2))
