"""describe: metadata from the roles blocks took and from the page's hints, on hand-built documents."""

from __future__ import annotations

import pytest

from cleaner.describe import describe
from cleaner.model import Block, Decision, Hints, heuristic, rule_reason
from cleaner.options import Options
from cleaner.packs.rules import load_rules
from cleaner.select.features import measure

from .stagekit import PROSE, doc_of, run

STORY = Decision("keep", "story", heuristic("story-run"))


def role(text: str, name: str, reason: str = "heur.title", action: str = "drop") -> Block:
    decider = heuristic(reason.removeprefix("heur.")) if reason.startswith("heur.") else rule_reason(reason)
    return Block(index=0, text=text).decide(Decision(action, name, decider), name)  # type: ignore[arg-type]


def kept(text: str) -> Block:
    return Block(index=0, text=text).decide(STORY)


def described(items, **kwargs):
    return run(doc_of(items, **kwargs), measure, describe).metadata


def test_title_authors_and_date_come_from_roles_in_a_text_dump():
    meta = described([
        role("City Library Reopens", "title"),
        role("By Jane Doe and John Smith", "byline", reason="byline.by-name"),
        role("March 3, 2021", "date", reason="heur.date-line"),
        kept(PROSE[0]),
        kept(PROSE[1]),
    ])
    assert meta.title == "City Library Reopens"
    assert meta.authors == ("Jane Doe", "John Smith")
    assert meta.date == "2021-03-03"
    assert meta.sources["title"] == "heuristic" and meta.sources["authors"] == "rule"
    assert meta.word_count == len(PROSE[0].split()) + len(PROSE[1].split())


def test_a_name_longer_than_max_author_words_is_no_author():
    items = [role("By Jane Doe and The Friends Of The City Library", "byline", reason="byline.by-name"), kept(PROSE[0])]
    assert described(items).authors == ("Jane Doe",)
    assert described(items, options=Options(max_author_words=6)).authors == ("Jane Doe", "The Friends Of The City Library")


def test_html_hints_come_before_roles_and_a_text_dump_roles_before_hints():
    hints = Hints(title="Declared Title | Daily Paper", site="Daily Paper", authors=("Ann Lee",), date="2020-01-02")
    items = [role("Block Title", "title"), role("By Jane Doe", "byline", reason="byline.by-name"), kept(PROSE[0])]
    html = described(items, fmt="html", hints=hints)
    assert (html.title, html.authors, html.date) == ("Declared Title", ("Ann Lee",), "2020-01-02")
    assert html.site == "Daily Paper"
    text = described(items, fmt="text", hints=hints)
    assert (text.title, text.authors) == ("Block Title", ("Jane Doe",))


def test_a_dump_without_a_placed_date_takes_the_date_line_nearest_the_story():
    items = [
        "Posted January 5, 2019",  # farther from the story than the other date line
        *["Menu line"] * 3,
        "Updated March 3, 2021",
        kept(PROSE[0]),
        kept(PROSE[1]),
    ]
    assert described(items).date == "2021-03-03"
    # (the search around the title, text/dumpmeta.py, turned off too)
    off = Options(date_line_window_above=0, date_line_window_inside=1, dump_date_below=0, dump_date_above=0)
    assert described(items, options=off).date is None


def test_captions_are_split_from_their_credits():
    items = [
        kept(PROSE[0]),
        role("The reading room after the renovation. (Jane Doe/Reuters)", "caption", reason="heur.caption-above-title"),
        role("Photo: John Smith", "credit", reason="credit.photo"),
    ]
    captions = described(items).captions
    assert [(c.text, c.credit) for c in captions] == [
        ("The reading room after the renovation.", "Jane Doe/Reuters"),
        ("", "John Smith"),
    ]


def test_section_labels_become_section_and_categories():
    meta = described([role("News | Local", "section", reason="heur.section-label"), kept(PROSE[0])])
    assert meta.section == "News / Local"
    assert meta.categories == ("News", "Local")


def test_an_update_note_dates_the_update():
    note = Block(index=0, text="Updated on March 5, 2021 with the council's reply.").decide(
        Decision("keep", "update-note", rule_reason("update-note.updated")), "update-note")
    meta = described([role("March 3, 2021", "date", reason="heur.date-line"), kept(PROSE[0]), note])
    assert meta.update_notes == ("Updated on March 5, 2021 with the council's reply.",)
    assert meta.updated == "2021-03-05"


def test_nothing_kept_describes_nothing():
    meta = described(["Menu", "Home"])
    assert meta.title is None and meta.authors == () and meta.word_count == 0


def _generic_rules():
    return load_rules(site_rules=False)


@pytest.mark.parametrize(
    ("byline", "authors", "date"),
    [
        ("BY DANA WHITFIELDPUBLISHED: FEB 11, 2025", ("DANA WHITFIELD",), "2025-02-11"),
        ("BY KORIN MILLERPUBLISHED: JAN 29, 2025", ("KORIN MILLER",), "2025-01-29"),
        ("By Jane Doe | Updated: March 5, 2024", ("Jane Doe",), "2024-03-05"),
        ("Von Anna MüllerAktualisiert am 05.03.2024, 12:30 Uhr", ("Anna Müller",), "2024-03-05"),
        ("Par Jean Dupont Publié le 5 mars 2024", ("Jean Dupont",), "2024-03-05"),
    ],
)
def test_a_date_line_glued_to_a_byline_is_split_off_and_dates_the_page(byline, authors, date):
    items = [role(byline, "byline", reason="byline.by-name"), kept(PROSE[0])]
    meta = described(items, rules=_generic_rules())
    assert (meta.authors, meta.date) == (authors, date)
    assert meta.sources["date"] == "rule"  # the byline's rule, as for its names


def test_a_byline_without_a_date_line_keeps_its_names_and_gives_no_date():
    items = [role("By Jane Doe and John Smith, Associated Press", "byline", reason="byline.by-name"), kept(PROSE[0])]
    meta = described(items, rules=_generic_rules())
    assert meta.authors == ("Jane Doe", "John Smith", "Associated Press")
    assert meta.date is None


def test_a_date_role_comes_before_a_date_in_the_byline():
    items = [
        role("By Jane Doe Updated: March 5, 2024", "byline", reason="byline.by-name"),
        role("March 3, 2021", "date", reason="heur.date-line"),
        kept(PROSE[0]),
    ]
    meta = described(items, rules=_generic_rules())
    assert (meta.authors, meta.date) == (("Jane Doe",), "2021-03-03")


def test_one_splitter_serves_both_readings() -> None:
    import re

    from cleaner.text.names import byline_names

    label = re.compile(r"^\s*by\s+", re.I)
    joiners = re.compile(r"\s*(?:,|&|\band\b)\s*", re.I)
    assert byline_names("By Ann Lee, Bo Chan and Cy Dee.", label, joiners, " .") == ["Ann Lee", "Bo Chan", "Cy Dee"]
    assert byline_names("  Ann Lee ", label, joiners, " .") == ["Ann Lee"]
