"""The scoring functions on tiny hand-made cases, with the numbers worked out by hand."""

from __future__ import annotations

from collections import Counter

import pytest

from cleaner.eval import metric
from cleaner.eval.metric import Day, Overlap

# --- shingles ---------------------------------------------------------------------------------


def test_tokens_are_unicode_word_runs_with_case_kept() -> None:
    assert metric.tokens("Café-über, straße 42!") == ["Café", "über", "straße", "42"]
    assert metric.tokens(None) == []


def test_shingles_are_four_token_runs() -> None:
    assert metric.shingles("a b c d e") == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})


def test_short_text_is_one_shingle_and_empty_text_none() -> None:
    assert metric.shingles("hello, world") == Counter({("hello", "world"): 1})
    assert metric.shingles("a b c d") == Counter({("a", "b", "c", "d"): 1})
    assert metric.shingles("  ...  ") == Counter()


def test_identical_text_scores_one() -> None:
    o = metric.overlap("The cat sat on the mat.", "The cat sat on the mat")
    assert o == Overlap(tp=3, fp=0, fn=0)
    assert (o.precision, o.recall, o.f1) == (1.0, 1.0, 1.0)


def test_disjoint_text_scores_zero() -> None:
    o = metric.overlap("one two three four", "five six seven eight")
    assert o == Overlap(tp=0, fp=1, fn=1)
    assert (o.precision, o.recall, o.f1) == (0.0, 0.0, 0.0)


def test_partial_overlap() -> None:
    # truth a..f has 3 shingles (abcd, bcde, cdef); the prediction a..e has 2, both in the truth.
    o = metric.overlap("a b c d e", "a b c d e f")
    assert o == Overlap(tp=2, fp=0, fn=1)
    assert o.precision == 1.0
    assert o.recall == pytest.approx(2 / 3)
    assert o.f1 == pytest.approx(0.8)  # 2 * 1 * 2/3 / (5/3)
    # One wrong word in the middle breaks every shingle that spans it: 2 of 6 survive.
    o = metric.overlap("a b c d X f g h i", "a b c d e f g h i")
    assert o == Overlap(tp=2, fp=4, fn=4)
    assert o.precision == pytest.approx(1 / 3)


def test_case_matters_as_in_the_benchmark() -> None:
    assert metric.overlap("Hello world", "hello world").tp == 0


def test_short_texts() -> None:
    assert metric.overlap("hello world", "Hello: world?".replace("H", "h")) == Overlap(1, 0, 0)
    # A one-word prediction against a two-word truth: different whole-text shingles.
    assert metric.overlap("hello", "hello world") == Overlap(tp=0, fp=1, fn=1)
    # A short prediction inside a long truth is not a match: its one shingle has 2 tokens.
    assert metric.overlap("a b", "a b c d e").tp == 0


def test_multiset_duplicates_count_once_each() -> None:
    # The prediction repeats the truth: abcd, bcda, cdab, dabc, abcd -> abcd twice.
    o = metric.overlap("a b c d a b c d", "a b c d")
    assert o == Overlap(tp=1, fp=4, fn=0)
    assert o.precision == pytest.approx(0.2)
    assert o.recall == 1.0
    # The truth has abcd twice and the prediction once: one match, one missed.
    o = metric.overlap("a b c d", "a b c d a b c d")
    assert o == Overlap(tp=1, fp=0, fn=4)


def test_empty_prediction_costs_recall_only() -> None:
    empty = metric.overlap("", "a b c d")
    assert empty == Overlap(tp=0, fp=0, fn=1)
    assert empty.precision is None and empty.recall == 0.0 and empty.f1 == 0.0
    perfect = metric.overlap("a b c d e", "a b c d e")
    s = metric.score([perfect, empty])
    assert s.precision == 1.0  # the empty page is left out of mean precision
    assert s.recall == 0.5
    assert s.f1 == pytest.approx(2 / 3)
    assert s.n == 2


def test_empty_truth_costs_precision_only() -> None:
    o = metric.overlap("some words here", "")
    assert o.precision == 0.0 and o.recall is None
    s = metric.score([o, metric.overlap("a b c d", "a b c d")])
    assert (s.precision, s.recall) == (0.5, 1.0)


def test_both_empty_is_left_out_of_both_means() -> None:
    o = metric.overlap("", "")
    assert o.precision is None and o.recall is None and o.f1 == 1.0
    s = metric.score([o, metric.overlap("a b c d e", "a b c d e f")])
    assert s.precision == 1.0 and s.recall == pytest.approx(2 / 3) and s.n == 2


def test_f1_is_of_the_means_not_the_mean_of_f1s() -> None:
    # Page 1: 2 predicted shingles, all in a truth of 4: P 1, R 0.5.  Page 2 the other way round.
    page1 = metric.overlap("a b c d e", "a b c d e f g")
    page2 = metric.overlap("a b c d e f g", "a b c d e")
    assert (page1.precision, page1.recall) == (1.0, 0.5)
    assert (page2.precision, page2.recall) == (0.5, 1.0)
    s = metric.score([page1, page2])
    assert s.precision == s.recall == 0.75
    assert s.f1 == 0.75  # the mean of the two page F1s would be 2/3
    assert s.line() == "F1 0.750 P 0.750 R 0.750 n 2"


def test_score_of_nothing_is_zero_not_a_crash() -> None:
    assert metric.score([]).line() == "F1 0.000 P 0.000 R 0.000 n 0"


# --- bag of words (WCXB) ------------------------------------------------------------------------


def test_word_score_lowercases_and_counts_duplicates() -> None:
    s = metric.word_score("The the cat", "the Cat sat")
    # pred {the:2, cat:1}, truth {the:1, cat:1, sat:1}: shared 2 of 3 each way.
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)


def test_word_score_empty_conventions() -> None:
    assert metric.word_score("", "") == metric.WordScore(1.0, 1.0, 1.0)
    assert metric.word_score("words", "") == metric.WordScore(0.0, 0.0, 0.0)
    assert metric.word_score("", "words") == metric.WordScore(0.0, 0.0, 0.0)


def test_word_score_ignores_punctuation_and_order_and_folds_unicode_case() -> None:
    s = metric.word_score("Straße, ÉTÉ! 2024", "2024 été -- straße")
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    # pred {a, b, c, d}, truth {a, b, e}: shared 2; P 2/4, R 2/3, F1 2PR/(P+R) = 4/7.
    s = metric.word_score("a b c d", "b a e")
    assert (s.precision, s.recall) == (pytest.approx(0.5), pytest.approx(2 / 3))
    assert s.f1 == pytest.approx(4 / 7)


def test_word_mean_is_the_mean_of_page_f1s_not_the_f1_of_the_means() -> None:
    pages = [metric.word_score("a", "a b c d"), metric.word_score("a b c d", "a")]
    # Each page: P/R 1 and 1/4 -> F1 0.4; the means of P and R are 0.625 each, whose F1 is 0.625.
    assert metric.word_mean(pages).f1 == pytest.approx(0.4)
    assert metric.word_mean(pages).precision == pytest.approx(0.625)


def test_word_mean_averages_every_page() -> None:
    m = metric.word_mean([metric.word_score("a b", "a b"), metric.word_score("", "a")])
    assert (m.precision, m.recall, m.f1) == (0.5, 0.5, 0.5)


# --- metadata -----------------------------------------------------------------------------------


def test_title_folds_case_punctuation_and_space() -> None:
    assert metric.title_match("US and Iran:  agree — ISIS bombed", "US And Iran Agree ISIS Bombed")
    assert not metric.title_match("US And Iran Agree | Example News", "US And Iran Agree")
    assert not metric.title_match(None, "Title")
    assert not metric.title_match("", "")


@pytest.mark.parametrize(
    ("truth", "names"),
    [
        ("Jillian Kubala, MS, RD", ("jillian kubala",)),
        ("Genevieve Carlton, Ph.D.", ("genevieve carlton",)),
        ("Tracy Parker, Dietitian", ("tracy parker",)),
        ("Jared Newman and Sam Singleton", ("jared newman", "sam singleton")),
        ("Linny and Peter", ("linny", "peter")),
        ("John A. Alic, David C. Mowery, Edward S. Rubin", ("john a alic", "david c mowery", "edward s rubin")),
        ("By Dr. Andrew Huberman", ("andrew huberman",)),
        ("Paramita (Guha) Ghosh", ("paramita guha ghosh",)),
        ("A. Writer; B. Writer", ("a writer", "b writer")),
        ("", ()),
    ],
)
def test_split_names(truth: str, names: tuple[str, ...]) -> None:
    assert metric.split_names(truth) == names


def test_authors_every_truth_name_in_any_order() -> None:
    truth = "Jared Newman and Sam Singleton"
    assert metric.authors_match(["Sam Singleton", "Jared Newman"], truth)
    assert metric.authors_match(["Jared Newman; Sam Singleton; Ed Extra"], truth)
    assert not metric.authors_match(["Jared Newman"], truth)
    assert not metric.authors_match([], "Jane Doe")
    assert metric.authors_match(["JANE DOE"], "Jane Doe, MD")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-12-19", Day(2025, 12, 19)),
        ("2025-12-19T23:30:00-05:00", Day(2025, 12, 19)),
        ("2025/1/5", Day(2025, 1, 5)),
        ("2003-11", Day(2003, 11)),
        ("2019", Day(2019)),
        ("December 19, 2025", Day(2025, 12, 19)),
        ("Published 5th Jan 2024", Day(2024, 1, 5)),
        ("2025-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_day(text: str | None, day: Day | None) -> None:
    assert metric.parse_day(text) == day


def test_date_same_calendar_day_at_the_truths_precision() -> None:
    assert metric.date_match("2025-12-19T08:00:00+00:00", "2025-12-19")
    assert not metric.date_match("2025-12-18", "2025-12-19")
    assert metric.date_match("2003-11-02", "2003-11")
    assert not metric.date_match("2003-12-02", "2003-11")
    assert not metric.date_match("2003", "2003-11-02")  # we said less than the truth
    assert not metric.date_match(None, "2025-12-19")
