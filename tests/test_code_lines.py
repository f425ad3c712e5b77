"""cleaner.text.code: lines of program code are told from prose by two or more signs of code."""

from __future__ import annotations

import pytest

from cleaner.text.code import looks_like_code


@pytest.mark.parametrize(
    "line",
    [
        "var x = 1; document.write('<p>The council met.</p>');",
        "function track(event) {",
        "body { margin: 0 }",
        "if (ready) { start(); }",
        '<div class="menu"><a href="/">Home</a></div>',
    ],
)
def test_code_lines(line: str) -> None:
    assert looks_like_code(line)


@pytest.mark.parametrize(
    "line",
    [
        "Privacy policy \u00a9 2024 Example",
        "Use the <p> tag for a paragraph.",  # one sign only
        "Τι κάνεις;",  # a Greek question ends in a semicolon
        "He said: call me (maybe); then left.",
        "The council met on Tuesday evening to discuss the new budget.",
        "",
    ],
)
def test_prose_lines(line: str) -> None:
    assert not looks_like_code(line)
