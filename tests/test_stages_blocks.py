"""measure (block features), classify (content score) and the block shapes of heuristics.py,
on hand-built documents."""

from __future__ import annotations

from cleaner.options import Options
from cleaner.select.features import measure
from cleaner.select.heuristics import (
    classify,
    looks_like_date_line,
    looks_like_headline,
    looks_like_keyword_run,
    looks_like_label,
    looks_like_prose,
    looks_like_section_label,
)

from .stagekit import PROSE, doc_of, run


def features(*texts: str, options: Options | None = None) -> list[dict[str, float]]:
    return [b.features for b in run(doc_of(list(texts), options=options), measure).blocks]


def test_prose_has_stopwords_and_a_sentence_end_a_menu_line_has_neither():
    prose, menu = features(PROSE[0], "World Politics Business Technology")
    assert prose["stopword_density"] > 0.3 and prose["ends_sentence"] == 1.0
    assert menu["stopword_density"] < prose["stopword_density"] and menu["ends_sentence"] == 0.0
    assert menu["title_case"] == 1.0 and prose["title_case"] < 0.3
    assert prose["words"] == len(PROSE[0].split())


def test_a_date_line_is_mostly_date():
    date, prose = features("Published March 3, 2021", PROSE[0])
    assert date["date_share"] >= 0.6
    assert prose["date_share"] == 0.0


def test_short_line_features_only_on_short_lines():
    short = "Posted 3 days ago"
    assert features(short)[0]["relative_time"] == 1.0
    long_line = "We met the mayor, who said it was done 3 days ago and that the town was glad of it, in the end."
    assert features(long_line)[0]["relative_time"] == 0.0
    # The bound is Options.short_line_max_words: lower it and the date line is not looked at.
    assert features("March 3, 2021")[0]["date_share"] > 0
    assert features("March 3, 2021", options=Options(short_line_max_words=2))[0]["date_share"] == 0.0


def test_comma_lists_comment_headers_and_clock_stamps():
    listing, header, stamp, sentence = features(
        "News, Sport, Weather, Travel",
        "joetoronto says:",
        "November 19, 2019 at 6:34 am",
        "He says: we will see.",
    )
    assert listing["comma_list"] == 1.0
    assert header["comment_header"] == 1.0
    assert stamp["clock_stamp"] == 1.0
    assert sentence["comment_header"] == 0.0 and sentence["comma_list"] == 0.0


def test_repeats_count_other_copies_after_folding():
    first, second, other = features("Share this article", "SHARE THIS ARTICLE:", "Print")
    assert first["repeats"] == 1.0 and second["repeats"] == 1.0
    assert other["repeats"] == 0.0


def test_glued_inline_texts_are_seen():
    glued, brand = features("Best Taco Spots In DetroitHoodline crunched the numbers", "The new MacBook is here")
    assert glued["glued"] == 1.0
    assert brand["glued"] == 0.0


def test_punctuation_inside_numbers_is_not_punctuation():
    price, sentence = features("$165.00 10:30 1,204", "One, two. Three!")
    assert price["punctuation_marks"] == 0.0
    assert sentence["punctuation_marks"] == 3.0


# --- classify -------------------------------------------------------------------------------------


def scored(*texts: str, fmt: str = "text") -> list[float]:
    return [b.features["content"] for b in run(doc_of(list(texts), fmt=fmt), measure, classify).blocks]


def test_story_paragraphs_score_above_menu_lines():
    scores = scored("Home", "World", "Subscribe", *PROSE, "Contact us", "Privacy")
    # Every paragraph of the story scores above every menu line, and reads as content.
    assert min(scores[3:7]) > 0.5
    assert max(scores[:3] + scores[7:]) < min(scores[3:7])
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_a_keyword_run_is_capped_however_long():
    cloud = " ".join(["library renovation council spring roof children books hours"] * 5)
    scores = scored(PROSE[0], cloud, PROSE[1])
    assert scores[1] <= Options().keyword_run_score
    block = run(doc_of([cloud]), measure).blocks[0]
    assert looks_like_keyword_run(block, Options())
    # Title-case header rows are not keyword runs.
    header = run(doc_of([cloud.title()]), measure).blocks[0]
    assert not looks_like_keyword_run(header, Options())


def test_classify_is_deterministic():
    assert scored(*PROSE, "Home") == scored(*PROSE, "Home")


# --- shapes ---------------------------------------------------------------------------------------


def blocks(*texts: str):
    return run(doc_of(list(texts)), measure).blocks


def test_headline_label_date_and_prose_shapes():
    options = Options()
    headline, label, crumb, date, prose, ended = blocks(
        "City Library Reopens After Renovation",
        "Local News",
        "News | World | Europe",
        "March 3, 2021",
        PROSE[0],
        "The council met.",
    )
    assert looks_like_headline(headline, options) and not looks_like_headline(ended, options)
    assert not looks_like_headline(date, options)  # a date line is not a headline
    assert looks_like_label(label, options) and looks_like_label(crumb, options)
    assert not looks_like_label(headline, options)
    assert looks_like_section_label(crumb, options) and not looks_like_section_label(label, options)
    assert looks_like_date_line(date, options) and not looks_like_date_line(headline, options)
    assert looks_like_prose(prose, options) and not looks_like_prose(headline, options)


def test_shape_bounds_are_options():
    (headline,) = blocks("City Library Reopens After Renovation")
    assert looks_like_headline(headline, Options())
    assert not looks_like_headline(headline, Options(title_max_words=4))
    (label,) = blocks("Local News Today")
    assert looks_like_label(label, Options())
    assert not looks_like_label(label, Options(label_max_words=2))
