"""Literal words a rule's pattern cannot match without: a cheap, exact pre-filter for annotate.

`required(pattern)` reads a regex's parse tree and returns a set of lower-case ASCII strings such
that any match of the pattern (with re.IGNORECASE) lies in a text whose `fold()` contains at least
one of them; None where no such set is found. A block whose folded head contains none of them
cannot match, so its rule is not tried: the outcome is exactly that of trying it.

Why it is exact: a literal run is cut at every character that is not ASCII, so the strings hold
ASCII only; under re.IGNORECASE an ASCII letter also matches a few other characters (K, the
Kelvin sign, matches k; long s matches s; dotless i and dotted capital I match i), and `fold` maps
each of those to its ASCII letter before lower-casing. No other character matches an ASCII one
(tests/test_startup.py checks this against every code point).

Compiling all ~160 rule patterns into combined filters took most of a one-page run's start-up;
reading their parse trees takes a few milliseconds, and each rule's own pattern is then the only
regex a block meets.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cleaner.packs import prebuilt

try:  # Python 3.11+
    import re._constants as sre_c  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# Characters that re.IGNORECASE matches to an ASCII letter, mapped to that letter; with
# ASCII upper case to lower case. Found by scanning every code point (see the test).
FOLD_EXTRA = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(65, 91)}, **FOLD_EXTRA})

_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", sre_c.MAX_REPEAT)}
_ATOMIC = getattr(sre_c, "ATOMIC_GROUP", None)
MIN_USEFUL = 2  # a set whose shortest string is shorter says little: none is better than "a"


def fold(text: str) -> str:
    return text.translate(_FOLD)


_LOWER_DIFFERS = tuple(FOLD_EXTRA)[:3]  # all but the Kelvin sign, which lower() makes "k" too


def fold_fast(text: str) -> str:
    """A string of text's length whose ASCII characters are exactly fold(text)'s, in the same
    places: what a search for the ASCII words of required() finds in it, it finds in fold(text).
    str.lower() does that in a tenth of translate's time on text that is not ASCII (dotted capital
    I becomes two characters, dotless i and long s stay as they are: those texts are folded);
    tests/test_startup.py checks every code point."""
    if any(char in text for char in _LOWER_DIFFERS):
        return fold(text)
    return text.lower()


@lru_cache(maxsize=1024)  # each site's matcher reads the generic patterns again
def required(pattern: str) -> frozenset[str] | None:
    known, words = prebuilt.required_words(pattern)  # a packaged pattern: read at build time
    if known:
        return words
    return required_from_tree(pattern)


def required_from_tree(pattern: str) -> frozenset[str] | None:
    """required() read from the pattern's parse tree."""
    try:
        found = _sequence(sre_parse.parse(pattern))
    except (re.error, RecursionError):  # a pattern it cannot read simply gets no pre-filter
        return None
    if found is None or min(len(s) for s in found) < MIN_USEFUL:
        return None
    return frozenset(found)


def _sequence(items) -> set[str] | None:
    """The best set any item of a sequence requires (every item of a sequence must match)."""
    options: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            options.append({"".join(run)})
            run.clear()

    for op, arg in items:
        if op == sre_c.LITERAL and arg < 128:
            run.append(chr(arg).lower())
            continue
        flush()
        found = _item(op, arg)
        if found:
            options.append(found)
    flush()
    return max(options, key=_strength) if options else None


def _item(op, arg) -> set[str] | None:
    if op == sre_c.SUBPATTERN:
        return _sequence(arg[-1])
    if _ATOMIC is not None and op == _ATOMIC:
        return _sequence(arg)
    if op == sre_c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _sequence(branch)
            if not found:
                return None  # one branch needs nothing: the alternation needs nothing
            union |= found
        return union
    if op in _REPEATS:
        low, _high, sub = arg
        return _sequence(sub) if low >= 1 else None
    return None  # classes, any, anchors, lookarounds, non-ASCII literals: nothing required


def _strength(found: set[str]) -> tuple[int, int]:
    return min(len(s) for s in found), -len(found)
