"""Dates in short lines of text (cleaner/dates.py)."""

from __future__ import annotations

import datetime as dt

from cleaner.text.dates import find_date


def test_year_first_with_slashes_or_dots_unpadded():
    assert find_date("EcoFlow - 2025/4/29") == dt.date(2025, 4, 29)
    assert find_date("2024.03.05") == dt.date(2024, 3, 5)


def test_a_dotted_version_number_is_no_date():
    assert find_date("release v1.2025.3.4.5") is None


def test_dotted_dates_put_the_day_first_and_slashed_dates_the_month():
    assert find_date("Stand: 10.2.2024") == dt.date(2024, 2, 10)
    assert find_date("10/2/2024") == dt.date(2024, 10, 2)
    assert find_date("13/11/2025") == dt.date(2025, 11, 13)
