"""Title, authors, date and site name read from small hand-written pages (cleaner/htmlmeta.py)."""

from __future__ import annotations

import datetime as dt
import json

from lxml import html as lxml_html

from cleaner import Options, clean
from cleaner.html.meta import page_facts

TODAY = dt.date(2025, 6, 1)


def facts(head: str = "", body: str = "", url: str | None = None):
    tree = lxml_html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return page_facts(tree, url, Options(), today=TODAY)


def ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --- title ------------------------------------------------------------------------------------


def test_title_drops_the_site_suffix_of_og_title():
    found = facts('<meta property="og:title" content="Rates rise again | The Daily Post">'
                  '<meta property="og:site_name" content="The Daily Post">')
    assert found.title == "Rates rise again"


def test_title_drops_a_site_prefix_named_by_the_host():
    found = facts("<title>Todoist | A To-Do List to Organize Your Work</title>", url="https://todoist.com/")
    assert found.title == "A To-Do List to Organize Your Work"


def test_title_prefers_the_h1_that_agrees_with_the_declared_title():
    found = facts("<title>Rates rise again - Business - The Daily Post</title>",
                  "<header><h1>The Daily Post</h1></header><article><h1>Rates rise again</h1></article>")
    assert found.title == "Rates rise again"
    assert found.title_source == "heading"


def test_title_takes_the_one_h1_over_a_search_engine_title():
    found = facts('<meta property="og:title" content="Best Kettles 2025, Tested and Reviewed">',
                  "<h1>Perfect Your Pour: The Best Gooseneck Kettles</h1>")
    assert found.title == "Perfect Your Pour: The Best Gooseneck Kettles"


def test_title_ignores_an_h1_that_is_a_sentence_or_about_something_else():
    found = facts("<title>Cybersecurity Consulting Services | Acme</title>",
                  "<h1>Elevate maturity and move from reactive to ready</h1>")
    assert found.title == "Cybersecurity Consulting Services"


def test_title_from_an_h2_that_prints_the_declared_title():
    found = facts("<title>What do people love about Rust? | Rust Blog</title>",
                  "<header><h2>What do people love about Rust?</h2></header><p>Text.</p>"
                  "<h1>But what they love is the sense of empowerment</h1><p>More.</p>")
    assert (found.title, found.title_source) == ("What do people love about Rust?", "heading")


def test_title_is_no_h2_naming_a_section():
    found = facts('<meta property="og:title" content="Installing with Vite - Installation">',
                  "<h1>Get started with Tailwind CSS</h1><h2>Installation</h2>")
    assert found.title == "Get started with Tailwind CSS"


def test_title_keeps_the_dash_inside_a_heading():
    found = facts("<title>Workout trends of 2024 | Today</title>",
                  "<h1>The most popular workout of 2024 — and five trends for 2025</h1>")
    assert found.title == "The most popular workout of 2024 — and five trends for 2025"


def test_title_unescapes_entities_written_twice():
    found = facts('<meta property="og:title" content="Full &amp;#038; Part Time Programs">')
    assert found.title == "Full & Part Time Programs"


# --- authors ------------------------------------------------------------------------------------


def test_authors_from_json_ld_people():
    found = facts(ld({"@type": "NewsArticle", "headline": "X",
                      "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "Sam Roe"}]}))
    assert found.authors == ("Jane Doe", "Sam Roe")
    assert found.authors_source == "json-ld"


def test_an_organisation_in_json_ld_is_no_author():
    found = facts(ld({"@type": "Article", "author": {"@type": "Organization", "name": "Acme Corp"}}))
    assert found.authors == ()


def test_the_site_name_is_never_an_author():
    found = facts('<meta name="author" content="The Daily Post"><meta property="og:site_name" content="The Daily Post">')
    assert found.authors == ()
    assert found.site == "The Daily Post"


def test_byline_labels_are_refused_and_prefixes_stripped():
    found = facts(body='<article><h1>Story</h1><a class="author" href="/a">View more posts</a>'
                       '<span class="byline">By Jane Doe and Sam Roe</span></article>')
    assert found.authors == ("Jane Doe", "Sam Roe")


def test_written_by_label_then_the_name_under_the_title():
    found = facts(body="<h1>Best Website Builders</h1><div><span>Written by</span> <a>Emma Ryan</a></div>")
    assert found.authors == ("Emma Ryan",)
    assert found.authors_source == "byline"


def test_byline_marks_from_the_most_specific_to_the_most_generic():
    # rel=author (tier 1) wins over a byline class earlier in the page (tier 2).
    found = facts(body='<div class="post-byline">By Sam Roe</div><h1>Story</h1><a rel="author" href="/j">Jane Doe</a>')
    assert found.authors == ("Jane Doe",)
    # The word 'username' in a class, not a part of another word; a comment's author is no byline.
    found = facts(body='<h1>Thread</h1><div class="comments"><span class="author">Max Mustermann</span></div>'
                       '<p class="usernames-list">Al Bo</p><strong class="post username">Erika Muster</strong>')
    assert found.authors == ("Erika Muster",)
    # A page with no such mark at all.
    assert facts(body="<h1>Story</h1><p>Text.</p>").authors == ()


def test_a_login_name_in_meta_author_is_a_last_resort():
    found = facts('<meta name="author" content="jdoe42">', '<span class="byline">By Jane Doe</span>')
    assert found.authors == ("Jane Doe",)


# --- date ----------------------------------------------------------------------------------------


def test_date_from_json_ld_date_published():
    found = facts(ld({"@type": "BlogPosting", "datePublished": "2024-03-05T10:00:00+01:00",
                      "dateModified": "2025-01-01"}))
    assert found.date == "2024-03-05"
    assert found.date_source == "json-ld"


def test_date_from_article_published_time():
    found = facts('<meta property="article:published_time" content="2023-11-30T08:00:00Z">')
    assert found.date == "2023-11-30"


def test_date_from_a_less_common_meta_name():
    found = facts('<meta name="published" content="July 17, 2024">')
    assert (found.date, found.date_source) == ("2024-07-17", "meta-tag")


def test_a_future_date_is_refused():
    found = facts('<meta property="article:published_time" content="2031-01-01T00:00:00Z">')
    assert found.date is None


def test_a_webpage_date_is_no_story_date():
    # Service and product pages carry a WebPage datePublished: when the page went up; a
    # date they print wins over it.
    found = facts(ld({"@type": "WebPage", "datePublished": "2022-02-02"}), "<h1>Our services</h1><p>May 3, 2023</p>")
    assert found.date == "2023-05-03"


def test_a_webpage_date_dates_a_page_with_no_other_date():
    found = facts(ld({"@type": "WebPage", "datePublished": "2022-02-02"}))
    assert (found.date, found.date_source) == ("2022-02-02", "json-ld")


def test_date_printed_under_the_title():
    found = facts(body="<h1>In the garden</h1><p>By Olive Ryan</p><p>March 4, 2024</p><p>Long text.</p>")
    assert found.date == "2024-03-04"
    assert found.date_source == "byline"


def test_an_update_note_under_the_title_is_not_the_publication_date():
    found = facts(body="<h1>Story</h1><span>Updated on</span><span>February 24, 2025</span>"
                       "<span>Published</span><span>March 1, 2024</span>")
    assert found.date == "2024-03-01"


def test_an_update_line_is_no_label_for_the_publication_line_after_it():
    found = facts(body="<h1>Die Wahl</h1><p>Von Max Mustermann</p><p>Aktualisiert am 05.03.2024</p>"
                       "<p>Erschienen am 04.03.2024</p><p>Text.</p>")
    assert found.date == "2024-03-04"
    found = facts(body="<h1>Story</h1><p>Updated Jan 5, 2024</p><p>Published Jan 4, 2024</p><p>Text.</p>")
    assert found.date == "2024-01-04"


def test_a_page_that_prints_only_its_update_is_dated_by_it():
    found = facts(body="<h1>Story</h1><span>Last updated:</span><span>February 24, 2025</span><p>Text.</p>")
    assert found.date == "2025-02-24"


def test_the_date_printed_by_the_headline_beats_a_json_ld_date():
    # A CMS's datePublished is often the day the entry was made, not a day the page shows.
    found = facts(ld({"@type": "Article", "datePublished": "2025-06-12"}),
                  "<h1>Fitness protocol</h1><p>November 2, 2022</p><p>Text of the newsletter.</p>")
    assert (found.date, found.date_source) == ("2022-11-02", "byline")


def test_a_printed_update_beats_a_json_ld_date_the_page_does_not_print():
    found = facts(ld({"@type": "BlogPosting", "datePublished": "2024-03-06", "dateModified": "2025-04-19"}),
                  "<h1>Analytics guide</h1><p>Last updated on April 19, 2025</p><p>Text.</p>")
    assert found.date == "2025-04-19"


def test_a_declared_publication_time_beats_a_printed_update():
    found = facts('<meta property="article:published_time" content="2024-10-15T18:50:03Z">',
                  "<h1>Review</h1><span>Updated on June 18, 2025</span><p>Text.</p>")
    assert (found.date, found.date_source) == ("2024-10-15", "meta-tag")


def test_a_forum_question_is_dated_by_its_creation():
    found = facts(body='<h1>How to back up my system?</h1><div><time itemprop="dateCreated" datetime="2010-10-16 21:58:06Z">'
                       '15 years ago</time></div><div><time itemprop="dateCreated" datetime="2011-01-02 10:00:00Z"></time></div>')
    assert (found.date, found.date_source) == ("2010-10-16", "time")


def test_the_byline_is_read_under_the_heading_that_prints_the_title():
    # A blog that sets its title in an <h2> and uses <h1>s inside the story.
    found = facts("<title>What people love about Rust</title>",
                  "<header><h2>What people love about Rust</h2></header><div>Dec. 19, 2024</div>"
                  "<div>By Niko Matsakis</div><div><p>Text.</p><h1>Empowerment</h1><p>More text.</p></div>")
    assert found.date == "2024-12-19"
    assert found.authors == ("Niko Matsakis",)


def test_date_from_marked_time_elements():
    assert facts(body='<h1>Story</h1><p>By Jo</p><time datetime="2024-01-09">Jan 10</time>'
                      '<div class="x"><time class="entry-published" datetime="2024-02-03T10:00">Feb 3</time></div>').date == "2024-02-03"
    assert facts(body='<h1>Story</h1><span itemprop="datePublished" content="2023-07-08"></span>').date == "2023-07-08"
    # The one <time> of the one <article>; several unmarked ones date nothing.
    assert facts(body='<article><h1>S</h1><p>Text.</p><time datetime="2022-05-06">then</time></article>').date == "2022-05-06"
    assert facts(body='<h1>S</h1><time datetime="2022-05-06"></time><time datetime="2022-05-07"></time>').date is None


def test_no_date_later_than_the_page_declares_its_last_change():
    modified = '<meta property="article:modified_time" content="2019-02-19T10:00:00Z">'
    # A teaser's date printed under the title, a month after the page last changed.
    assert facts(modified, "<h1>Jan's blog</h1><p>March 31, 2019</p><p>Text.</p>").date is None
    # A day later is a time zone's doing.
    assert facts(modified, "<h1>Jan's blog</h1><p>February 20, 2019</p><p>Text.</p>").date == "2019-02-20"


def test_a_list_of_dated_teasers_under_the_heading_dates_nothing():
    found = facts(body="<h1>Artificial Intelligence</h1><ul><li>Mon, 2 Mar 2025</li><li>Tue, 3 Mar 2025</li>"
                       "<li>Wed, 4 Mar 2025</li></ul>")
    assert found.date is None
    # Published and updated: a byline's two dates.
    found = facts(body="<h1>Story</h1><p>Published Mar 2, 2025</p><p>Updated Mar 4, 2025</p>")
    assert found.date == "2025-03-02"


def test_date_from_the_url_path():
    found = facts(url="https://example.org/2024/05/17/a-story/")
    assert found.date == "2024-05-17"
    assert found.date_source == "url"


def test_an_undated_page_gets_no_date():
    found = facts("<title>Blue Mug | Shop</title>",
                  "<h1>Blue Mug</h1><p>A mug. 12 oz.</p><footer>© 2024 Shop</footer>")
    assert found.date is None


# --- through the pipeline ------------------------------------------------------------------------


PAGE = """<html><head><title>Rates rise again | The Daily Post</title>
<meta property="og:site_name" content="The Daily Post">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-02-03T09:00:00Z">
</head><body><nav><a href="/">Home</a></nav><article><h1>Rates rise again</h1>
<p>The central bank raised its rates again on Thursday, the third time this year, citing prices.</p>
<p>Economists had expected the move after a long run of strong figures for wages and for rents.</p>
<p>The decision was taken unanimously, and the bank said that further rises could not be excluded.</p>
</article></body></html>"""


def test_metadata_of_a_page_through_clean():
    result = clean(PAGE, input_format="html")
    meta = result.metadata
    assert (meta.title, meta.authors, meta.date, meta.site) == ("Rates rise again", ("Jane Doe",), "2024-02-03", "The Daily Post")
    assert meta.sources["title"] == "heading" and meta.sources["date"] == "meta-tag"
    assert "third time this year" in result.text


def test_a_person_named_like_the_site_is_refused_too():
    found = facts('<meta property="og:site_name" content="Heart Foundation">'
                  + ld({"@type": "Article", "author": {"@type": "Person", "name": "Heart Foundation"}}))
    assert found.authors == ()


def test_credit_lines_and_logins_are_no_names_but_a_credential_keeps_its_name():
    assert facts('<meta name="author" content="content: Acme, design: Scott Day">').authors == ()
    assert facts(ld({"@type": "Article", "author": "andrew.keaveney"})).authors == ()
    assert facts('<meta name="author" content="Genevieve Carlton, Ph.D.">').authors == ("Genevieve Carlton",)


def test_date_printed_over_the_title():
    found = facts(body="<main><div><span>Dec 12, 2024</span></div><h1>Story title here</h1><p>Text of it.</p></main>")
    assert found.date == "2024-12-12"


# --- no clock (issue 11.3 case 15) ----------------------------------------------------------------

DATED_PAGE = (
    "<!DOCTYPE html><html><head><title>Council keeps the library open</title>"
    '<meta property="og:type" content="article">'
    '<meta property="article:published_time" content="2024-03-05T09:00:00Z"></head><body><article>'
    "<h1>Council keeps the library open</h1><p>March 5, 2024</p>"
    + "<p>The council met on Tuesday evening to discuss the new budget, and most of the members agreed "
    "that the library should stay open on weekends for the rest of the year.</p>" * 3
    + "</article></body></html>"
)
DATED_DUMP = (
    "Home\nNews\n\nCouncil keeps the library open\n\nBy Jane Doe\nMarch 5, 2024\n\n"
    + "The council met on Tuesday evening to discuss the new budget, and most of the members agreed "
    "that the library should stay open on weekends for the rest of the year.\n\n" * 3
)


def test_output_does_not_depend_on_the_clock(monkeypatch) -> None:
    """The same page on another day gives the same output: a clock set to 2000 would make 2024
    'the future' if anything read it (cleaner itself, or htmldate's default bound)."""
    import htmldate.validators

    from cleaner.render import render

    def outputs() -> list[str]:
        return [render(clean(DATED_PAGE), "json"), render(clean(DATED_DUMP, input_format="text"), "json")]

    now = outputs()

    class FrozenDate(dt.date):
        @classmethod
        def today(cls):
            return cls(2000, 1, 1)

    class FrozenDateTime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2000, 1, 1, 12, 0)

    monkeypatch.setattr(dt, "date", FrozenDate)
    monkeypatch.setattr(dt, "datetime", FrozenDateTime)
    monkeypatch.setattr(htmldate.validators, "datetime", FrozenDateTime)
    assert outputs() == now
    assert [json.loads(o)["metadata"]["date"] for o in now] == ["2024-03-05", "2024-03-05"]


def test_reference_date_refuses_later_dates_and_is_checked() -> None:
    import pytest

    from cleaner import CleanerError

    early = Options(reference_date="2024-01-01")
    assert clean(DATED_PAGE, options=early).metadata.date is None
    assert clean(DATED_DUMP, input_format="text", options=early).metadata.date is None
    assert clean(DATED_PAGE, options=Options(reference_date="2024-03-05")).metadata.date == "2024-03-05"
    with pytest.raises(CleanerError, match="reference_date"):
        Options(reference_date="yesterday")
