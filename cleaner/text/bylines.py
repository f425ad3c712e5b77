"""A byline with its date line run into it: 'BY DANA WHITFIELDPUBLISHED: FEB 11, 2025'."""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.packs.rules import Rule

# What stands between the name and the date label once they are parted ("Jane Doe | Updated ...").
_JOINERS = " \t|·•–—-,;/"


def split_dated_byline(text: str, date_rules: Sequence[Rule]) -> tuple[str, str | None]:
    """The byline's name part and its date line, if from some letter on (glued to the name or
    after a space or a bar) the rest reads as a date line by `date_rules` (the rules giving the
    date role: "Published: Feb 11, 2025", "Aktualisiert am 5. März 2024"); else (text, None).

    The first such letter wins, so "LAST UPDATED ..." is cut before LAST, not UPDATED. A label
    glued to a name is found because the rules require a date after the label, not a word
    boundary before it."""
    if not date_rules:
        return text, None
    for start in range(1, len(text)):
        if not text[start].isalpha():
            continue
        rest = text[start:]
        if any(rule.matches(rest) for rule in date_rules):
            return text[:start].rstrip(_JOINERS), rest
    return text, None
