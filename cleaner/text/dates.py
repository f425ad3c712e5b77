"""Find calendar dates in short lines of text, in the common formats of en, de, fr, es, it, pt, nl."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan janvier janv januar jän enero ene gennaio genn janeiro januari",
        "february feb février fevrier févr fevr februar febrero febbraio fevereiro fev februari",
        "march mar mars märz maerz marzo março marco maart mrt",
        "april apr avril abril aprile avr",
        "may mai mayo maggio maio mei",
        "june jun juin juni junio giugno junho",
        "july jul juillet juil juli julio luglio julho",
        "august aug août aout agosto ago augustus",
        "september sep sept septembre septiembre settembre setembro set",
        "october oct octobre oktober okt octubre ottobre outubro out",
        "november nov novembre noviembre novembro",
        "december dec décembre decembre dezember dez diciembre dic dicembre dezembro",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH = r"(?P<month>[a-zäéûç]{3,10})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.|º)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    # Year first with slashes or dots, zero-padded or not ('2025/4/29', '2024.03.05'): no
    # order but year-month-day writes the year first. Not inside a dotted version number.
    re.compile(rf"(?<![\d.]){_YEAR}[/.](?P<m>[01]?\d)[/.](?P<d>[0-3]?\d)\b(?!\.\d)"),
    re.compile(rf"\b{_MONTH} {_DAY},? {_YEAR}\b"),
    re.compile(rf"\b{_DAY} (?:de )?{_MONTH},? (?:de )?{_YEAR}\b"),
    re.compile(rf"\b(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)[/.]{_YEAR}\b"),
]
_MONTH_DAY = re.compile(rf"\b{_MONTH} {_DAY}\b")


def month_number(word: str) -> int:
    """1-12 for a month's name or abbreviation in any of the languages above ('Dec.' -> 12), else 0."""
    return _MONTHS.get(word.casefold().rstrip("."), 0)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().replace(",", ", ").split())


def find_date(text: str, prefer_day_first: bool = False) -> dt.date | None:
    """The first full date (day, month, year) in the text, or None."""
    folded = _fold(text)
    for pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            found = _to_date(match.groupdict(), prefer_day_first)
            if found:
                return found
    return None


def find_month_day(text: str, year: int) -> dt.date | None:
    """A date written without its year ("Jan. 4"), completed with the given year."""
    match = _MONTH_DAY.search(_fold(text))
    if not match:
        return None
    return _to_date({**match.groupdict(), "year": str(year)}, False)


def _to_date(parts: dict[str, str | None], prefer_day_first: bool) -> dt.date | None:
    year = int(parts["year"] or 0)
    if parts.get("m"):
        month, day = int(parts["m"]), int(parts["d"] or 0)
    elif parts.get("a"):
        first, second = int(parts["a"] or 0), int(parts["b"] or 0)
        # US order (month first) with slashes unless the first number cannot be a month; with
        # dots the day comes first wherever they are written ('10.2.2024' is 10 February in de).
        day_first = prefer_day_first or first > 12 or parts.get("sep") == "."
        month, day = (second, first) if day_first else (first, second)
    else:
        month = _MONTHS.get((parts.get("month") or "").rstrip("."), 0)
        day = int(parts["day"] or 0)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_share(text: str) -> float:
    """How much of a short line a date (and weekday or time) fills: 1.0 for 'Saturday, 01/06/2024'."""
    folded = _fold(text)
    for pattern in _PATTERNS:
        match = pattern.search(folded)
        if match and _to_date(match.groupdict(), False):
            rest = (folded[: match.start()] + folded[match.end():]).split()
            filler = [w for w in rest if _is_filler(w)]
            return 1.0 - (len(rest) - len(filler)) / max(1, len(folded.split()))
    return 0.0


_WEEKDAYS = set(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi "
    "samedi dimanche lunes martes miércoles jueves viernes sábado domingo "
    "published updated posted on am at le el de um à a.m. p.m. am pm est edt gmt utc cet".split()
)


def filler_word(word: str) -> bool:
    """A weekday, a time, or a date label's word ('Friday', 'Updated', '10:15')."""
    return _is_filler(word.casefold())


def _is_filler(word: str) -> bool:
    word = word.strip(",.|:-–—()")
    return not word or word in _WEEKDAYS or bool(re.fullmatch(r"\d{1,2}[:.h]\d\d", word))


def iso_or_none(value: dt.date | None, today: dt.date | None = None) -> str | None:
    """ISO date, refusing a date after `today` (a page cannot be published tomorrow); with no
    `today` (Options.reference_date None) no date is in the future: no clock is read."""
    if value is None:
        return None
    if today is not None and value > today:
        return None
    return value.isoformat()


def reference_day(options) -> dt.date | None:
    """Options.reference_date as a date, or None."""
    return dt.date.fromisoformat(options.reference_date) if options.reference_date else None
