"""The "page" reading of an HTML page (every block decided by the whole-page block model) and the
router that picks it over trafilatura's main text (cleaner/html/route.py)."""

from __future__ import annotations

import pytest

from cleaner import Options, clean
from cleaner.errors import UsageError
from tests.test_html_blockmodel import PAGE, STORY


def test_the_page_reading_decides_every_block_and_keeps_the_story():
    result = clean(PAGE, input_format="html", options=Options(html_reading="model"))
    texts = [d.text for d in result.decisions]
    # Every block of the page is there, menu and footer included, each with its decision.
    assert texts[:4] == ["Home", "News", "Sport", "About us"]
    assert any("Copyright 2025" in t for t in texts)
    assert all(d.action == "drop" for d in result.decisions if d.text in ("Home", "News", "Sport", "About us"))
    story = [d for d in result.decisions if d.action == "keep"]
    assert story and all(d.reason == "model.html-block" and d.decided_by == "model" for d in story)
    assert all(0.0 <= d.value <= 1.0 for d in story)
    assert STORY in result.text and "Copyright" not in result.text and "Home" not in result.text


def test_rules_still_decide_the_blocks_they_name():
    result = clean(PAGE, input_format="html", options=Options(html_reading="model"))
    footer = [d for d in result.decisions if "Copyright 2025" in d.text]
    assert footer and footer[0].action == "drop" and footer[0].decided_by == "rule"
    assert "legal-footer" in footer[0].reason and footer[0].reason in result.rules_fired


def test_the_trafilatura_reading_is_unchanged_by_the_model():
    forced = clean(PAGE, input_format="html", options=Options(html_reading="trafilatura"))
    assert not any(d.reason == "model.html-block" for d in forced.decisions)
    assert "Home" not in [d.text for d in forced.decisions]  # trafilatura's blocks only


def test_an_unknown_reading_is_refused():
    with pytest.raises(UsageError, match="html_reading"):
        Options(html_reading="both")


def test_the_page_reading_is_deterministic():
    first = clean(PAGE, input_format="html", options=Options(html_reading="model")).to_dict()
    assert clean(PAGE, input_format="html", options=Options(html_reading="model")).to_dict() == first


def test_the_router_sends_a_page_to_the_model_by_default_and_trafilatura_does_not_run(monkeypatch):
    import trafilatura

    def refuse(*args, **kwargs):
        raise AssertionError("trafilatura ran on a page the router gave to the model")

    monkeypatch.setattr(trafilatura, "bare_extraction", refuse)
    result = clean(PAGE, input_format="html")
    assert any(d.reason == "model.html-block" for d in result.decisions)
    assert STORY in result.text


def _spy_trafilatura(monkeypatch) -> list[int]:
    import trafilatura

    calls: list[int] = []
    original = trafilatura.bare_extraction

    def spy(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    return calls


def test_where_the_model_keeps_little_trafilatura_gives_a_second_opinion_and_more_words_win(monkeypatch):
    calls = _spy_trafilatura(monkeypatch)
    # The model keeps the story (about 150 words): under a bar of 10,000 words, trafilatura
    # runs too, and the answer is the reading that keeps more words.
    options = Options(html_second_opinion_words=10_000)
    result = clean(PAGE, input_format="html", options=options)
    assert calls
    model = clean(PAGE, input_format="html", options=Options(html_reading="model"))
    trafilatura = clean(PAGE, input_format="html", options=Options(html_reading="trafilatura"))
    longer = max((model, trafilatura), key=lambda r: len(r.text.split()))
    assert result.text == longer.text and len(result.text.split()) >= len(model.text.split())


def test_a_forced_reading_or_a_bar_of_zero_asks_no_second_opinion(monkeypatch):
    calls = _spy_trafilatura(monkeypatch)
    clean(PAGE, input_format="html", options=Options(html_reading="model", html_second_opinion_words=10_000))
    clean(PAGE, input_format="html", options=Options(html_second_opinion_words=0))
    assert not calls
