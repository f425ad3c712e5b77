"""Metadata read from small hand-made text dumps, through the whole pipeline (cleaner/text/headline.py
and the describe stage's dump rules)."""

from __future__ import annotations

from cleaner import clean
from cleaner.options import Options
from cleaner.text.headline import SIGNS

STORY = (
    "Tomatoes want six hours of sun a day, and a gardener who grows them in pots should water them "
    "every morning while the summer lasts, because the soil in a pot dries out far faster than a bed.\n\n"
    "Feed the tomatoes every two weeks once the first fruit sets, and pinch out the side shoots so that "
    "the plant puts its strength into the tomatoes rather than into leaves that only shade the fruit.\n\n"
    "When the nights turn cold, pick the green tomatoes that are left and let them ripen indoors on a "
    "windowsill, where they will colour within a week or two and taste nearly as good as the rest.\n"
)
MENU = "Home\nGarden\nKitchen\nShop\nAbout us\nContact\n\n"


def meta(text: str):
    return clean(text, input_format="text", options=Options()).metadata


def test_the_options_give_one_weight_per_title_sign():
    assert len(Options().dump_title_weights) == len(SIGNS)


def test_the_breadcrumbs_last_part_is_the_title_though_a_list_of_links_parts_it_from_the_story():
    # The select stage's title role looks only 25 blocks above the story and misses it.
    dump = (
        MENU + "Home > Blog > Growing Tomatoes in Pots\n\nGrowing Tomatoes in Pots\n\nOur Best Garden Advice\n\n"
        + "".join(f"Guide number {n}\n\n" for n in range(30)) + "Start here\n\n" + STORY
    )
    assert meta(dump).title == "Growing Tomatoes in Pots"


def test_the_line_above_the_byline_and_date_is_the_title():
    dump = (
        MENU + "How to Grow Tomatoes in Pots\n\nBy Jane Doe\n\nMarch 3, 2024\n\nShare this article\n\n"
        "Facebook\n\nTwitter\n\nEmail\n\nIn this guide\n\n" + STORY
    )
    assert meta(dump).title == "How to Grow Tomatoes in Pots"


def test_a_date_in_a_mixed_line_under_the_title_dates_the_page():
    # "Dec 26, 2025 • Jane Doe in Gardening" is no date line (the date is a third of it) and
    # takes no role; under the title it is the page's date.
    dump = MENU + "How to Grow Tomatoes in Pots\n\nDec 26, 2025 • Jane Doe in Gardening and Growing\n\n" + STORY
    assert meta(dump).date == "2025-12-26"


def test_a_date_far_below_the_title_does_not_date_the_page():
    filler = "".join(f"Guide number {n}\n\n" for n in range(12))
    dump = MENU + "How to Grow Tomatoes in Pots\n\n" + filler + STORY + "\nComments\n\nDec 26, 2025 • Jane Doe in Gardening and Growing\n"
    assert meta(dump).date is None


def test_the_name_after_an_author_label_alone_on_its_line_is_the_author():
    dump = MENU + "How to Grow Tomatoes in Pots\n\nWritten by\n\nJane Doe\n\nSenior Garden Editor\n\n" + STORY
    assert meta(dump).authors == ("Jane Doe",)


def test_a_bylines_date_and_reading_time_are_no_part_of_the_name():
    dump = MENU + "How to Grow Tomatoes in Pots\n\nBy Sarah Schwartz — November 18, 2025 6 min read\n\n" + STORY
    result = meta(dump)
    assert (result.authors, result.date) == (("Sarah Schwartz",), "2025-11-18")


def test_a_name_with_a_date_after_it_under_the_title_is_the_author():
    dump = MENU + "How to Grow Tomatoes in Pots\n\nFaith Katunga•Oct 20, 2025\n\n" + STORY
    assert meta(dump).authors == ("Faith Katunga",)


def test_a_forum_threads_starter_is_its_author():
    dump = MENU + "Best tomato varieties for pots?\n\nThread starter GreenThumb42\n\nStart date Jul 5, 2024\n\n" + STORY
    assert meta(dump).authors == ("GreenThumb42",)


def test_a_capitalised_label_before_a_date_is_no_name():
    dump = MENU + "How to Grow Tomatoes in Pots\n\nLast Updated March 3, 2024\n\nOriginally 12 May 2023\n\n" + STORY
    assert meta(dump).authors == ()


def test_trim_byline_cuts_at_a_month_but_not_at_a_name_before_a_number():
    from cleaner.text.dumpmeta import trim_byline

    assert trim_byline("By Sofia Gonzalez December 2, 2025") == "By Sofia Gonzalez"
    assert trim_byline("By George Michaelson on 19 Dec 2025") == "By George Michaelson"
    assert trim_byline("ByTrevor Jones") == "By Trevor Jones"
    assert trim_byline("Kyle Howells 2 min read") == "Kyle Howells"


def test_title_weights_of_the_wrong_length_are_refused_naming_the_field():
    import pytest

    from cleaner.errors import UsageError

    with pytest.raises(UsageError, match="dump_title_weights"):
        clean("A Title Here\n\n" + STORY, input_format="text", options=Options(dump_title_weights=(1.0, 2.0)))
