"""Parsing a page, rendering it as the text a browser shows, and the page's declared language."""

from __future__ import annotations

import pytest
from lxml import etree, html
from trafilatura.utils import load_html

from cleaner import clean
from cleaner.html.innertext import render
from cleaner.html.parse import declared_language, parse_html
from cleaner.text.language import confirms


def rendered(markup: str):
    return render(html.fromstring(markup))


def test_blocks_take_lines_paragraphs_a_blank_line_and_inline_runs_together():
    page = rendered("<html><body><div>Menu<span>Item</span></div><h2>Head</h2><p>One <b>bold</b>\n word.</p>"
                    "<p>Two.</p><ul><li>a</li><li>b</li></ul>x<br>y</body></html>")
    assert page.text == "MenuItem\nHead\n\nOne bold word.\n\nTwo.\n\na\nb\nx\ny"


def test_what_a_browser_hides_is_left_out():
    page = rendered("<html><head><title>T</title></head><body><script>var x = 1;</script><style>p {}</style>"
                    "<p hidden>secret</p><div style='display: none'>gone</div><p>Shown.</p></body></html>")
    assert page.text == "Shown."


def test_text_libxml2_nests_inside_a_void_element_is_shown():
    # A broken page: libxml2 puts the story inside <img>; a browser shows it after the image.
    tree = html.fromstring("<html><body><p>Intro.</p><img src='a.png'></body></html>")
    tree.find(".//img").text = "The story after the image."
    assert render(tree).text == "Intro.\n\nThe story after the image."


def test_table_cells_are_tab_separated_and_pre_keeps_its_lines():
    page = rendered("<html><body><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"
                    "<pre>line 1\nline 2</pre><p>after</p></body></html>")
    assert page.text == "a\tb\nc\nline 1\nline 2\n\nafter"


def test_furniture_lines_are_numbered_but_not_a_page_sized_wrapper():
    page = rendered("<html><body><nav><a>Home</a> <a>News</a></nav><h1>Title</h1><p>Para one.</p>"
                    "<div class='comment-list'><p>Nice post</p></div><p>x <span class='share'>Share</span></p>"
                    "<footer>foot</footer></body></html>")
    lines = page.text.split("\n")
    assert [lines[n - 1] for n in sorted(page.furniture)] == ["Home News", "Nice post", "foot"]
    # A class word on an element holding most of the page marks nothing (broken markup).
    wrapped = rendered("<html><body><div class='sidebar'><p>" + "Story words here. " * 50 + "</p></div>"
                       "<p>short</p></body></html>")
    assert wrapped.furniture == frozenset()


def test_declared_language_is_the_primary_subtag():
    assert declared_language(html.fromstring("<html lang='pt-BR'><body><p>x</p></body></html>")) == "pt"
    assert declared_language(html.fromstring("<html lang='EN_us'><body><p>x</p></body></html>")) == "en"
    assert declared_language(html.fromstring("<html lang='{{ lang }}'><body><p>x</p></body></html>")) is None
    assert declared_language(html.fromstring("<html><body><p>x</p></body></html>")) is None


PORTUGUESE = ("A equipe do serviço registrou nesta manhã o arrombamento de dois dos cinco automóveis da unidade, "
              "e a polícia foi até o local para verificar os danos nos veículos que estavam sem as baterias.")
ENGLISH = ("The council met on Tuesday to discuss the budget, and the members voted to approve it after a "
           "long debate about the roads and the schools of the town and what they would cost.")


def test_a_declared_language_is_taken_only_when_the_text_reads_as_it():
    assert confirms("pt", PORTUGUESE, 0.15)
    assert not confirms("en", PORTUGUESE, 0.15)  # a template's stale lang="en"
    assert confirms("en", ENGLISH, 0.15)
    assert not confirms("ja", ENGLISH, 0.15)  # no stoplist: langdetect decides
    assert not confirms("en", "Too short to tell.", 0.15)


def test_the_language_source_is_reported():
    page = f"<html lang='en'><body><article><h1>Budget</h1><p>{ENGLISH}</p><p>{ENGLISH}</p></article></body></html>"
    stale = f"<html lang='en'><body><article><h1>Orçamento</h1><p>{PORTUGUESE}</p><p>{PORTUGUESE}</p></article></body></html>"
    declared, detected = clean(page, input_format="html").metadata, clean(stale, input_format="html").metadata
    assert (declared.language, declared.sources["language"]) == ("en", "html-lang")
    assert (detected.language, detected.sources["language"]) == ("pt", "langdetect")


@pytest.mark.parametrize("page", [
    "<!DOCTYPE html><html><body><p>Plain.</p></body></html>",
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
    "<html><body><p>XHTML.</p></body></html>",
    '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>Declared.</p></body></html>',
    "<html><body><p>A \x0bvertical tab and \x0c a form feed \ufffe.</p></body></html>",
    "<html/>\n<body><p>Self-closing html.</p></body>",
    "just some words, no markup at all",
    "<p>one fragment</p>",
    "<html><body></body></html>",
])
def test_parsing_gives_trafilaturas_tree(page):
    expected, got = load_html(page), parse_html(page)
    assert (expected is None) == (got is None)
    if expected is not None:
        assert etree.tostring(got) == etree.tostring(expected)


def test_stoplist_coverage_counts_every_token_as_a_token_by_token_count_does() -> None:
    import random
    from collections import Counter

    from cleaner.text.language import _covered
    from cleaner.text.stopwords import stopwords

    rng = random.Random(7)
    words = sorted(stopwords("en")) + sorted(stopwords("de")) + ["quay", "harbour", "council"]
    for _ in range(100):
        tokens = [rng.choice(words) for _ in range(rng.randint(0, 400))]
        for code in ("en", "de", "fr"):
            stops = stopwords(code)
            assert _covered(Counter(tokens), stops) == sum(t in stops for t in tokens)
