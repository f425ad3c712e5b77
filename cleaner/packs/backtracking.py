"""Estimate how badly a regular expression can backtrack, before a rule file may use it.

Python's `re` is a backtracking engine. On a line that almost matches, `(a|aa)+$` or
`(a{1,5})+$` take exponential time and `.*.*x` or `a.*b.*c` cubic time: with the 2000
characters a rule reads (`rules.MAX_MATCH_CHARS`) that is hours, not microseconds. Rule files
are data from users, so every pattern is walked once (on sre's own parse tree) and refused when

- an unbounded repeat can split the same text in more ways on its second iteration than on its
  first (overlapping alternatives `(a|a?)+`, a variable part `(a{1,5})+`, `(\\w+\\s?)+`):
  exponential;
- the estimated number of ways to match, times the number of start positions for an unanchored
  pattern, exceeds `BUDGET`: repeats that can eat the same characters one after the other
  (`.*.*x`, `(.*a){20}`) multiply their lengths.

A character set is approximated by the characters of a sample alphabet it contains (Latin-1
and a few others), case-folded because rules match with IGNORECASE. The walk errs on the side of
refusing: a refused but harmless pattern can be rewritten with a bounded repeat (`.{0,60}`).
"""

from __future__ import annotations

try:  # Python 3.11+
    import re._constants as sre_c  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

import re
from functools import lru_cache

# Worst-case ways to match we accept: `.*x` unanchored on 2000 characters is 4e6 (~0.1 s in
# the worst case); the packaged credit pattern `\(...[^()]{0,40}...[^()]{0,80}\)` is 6.6e6.
BUDGET = 10_000_000
# A pattern whose walk needs more steps than this is refused as too complex to check.
MAX_STEPS = 50_000
# A bounded repeat above this count is treated as unbounded (as the nested-repeat check does).
UNBOUNDED_ABOVE = 100
_CAP = 10**40

_ALPHABET: tuple[str, ...] = tuple(chr(i) for i in range(256)) + tuple(
    "ĀāŁłŒœſΑαДжЖ\u0130\u0131\u1e9e\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac\u2028\u3000中あ\U0001d518"
)
_UNIVERSAL = frozenset(_ALPHABET)
_CATEGORY = {
    sre_c.CATEGORY_DIGIT: re.compile(r"\d"),
    sre_c.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre_c.CATEGORY_SPACE: re.compile(r"\s"),
    sre_c.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    sre_c.CATEGORY_WORD: re.compile(r"\w"),
    sre_c.CATEGORY_NOT_WORD: re.compile(r"\W"),
}
_SINGLE = {sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN}
_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT} | (
    {sre_c.POSSESSIVE_REPEAT} if hasattr(sre_c, "POSSESSIVE_REPEAT") else set()
)
_ATOMIC = getattr(sre_c, "ATOMIC_GROUP", None)
_START_ANCHORS = {sre_c.AT_BEGINNING, sre_c.AT_BEGINNING_STRING}

Live = tuple[tuple[frozenset[str], int], ...]  # repeats that may still be eating: (chars, ways)


class Refused(Exception):
    """The pattern can backtrack catastrophically; the message says which shape."""


def check(pattern: str, text_limit: int) -> None:
    """Raise Refused if matching `pattern` on `text_limit` characters can blow up."""
    parsed = sre_parse.parse(pattern)
    walk = _Walk(text_limit)
    walk.seq(parsed, ())
    starts = 1 if _anchored(parsed) else text_limit
    if walk.worst * starts > BUDGET:
        raise Refused(
            "repeats that can match the same characters one after the other "
            f"(about {_magnitude(walk.worst * starts)} steps on {text_limit} characters; "
            "bound them, e.g. .{0,60})"
        )


def _magnitude(value: int) -> str:
    return f"1e{len(str(value)) - 1}"


def _anchored(parsed) -> bool:
    for op, av in parsed:
        if op == sre_c.AT:
            return av in _START_ANCHORS
        if op == sre_c.SUBPATTERN:
            return _anchored(av[-1])
        return False
    return False


@lru_cache(maxsize=4096)
def _charset_of(op, av_key) -> frozenset[str]:
    return frozenset(ch for ch in _ALPHABET if any(_hit(op, av_key, v) for v in _variants(ch)))


def _variants(ch: str) -> tuple[str, ...]:
    return tuple({ch, *(v for v in (ch.lower(), ch.upper()) if len(v) == 1)})


def _hit(op, av, ch: str) -> bool:
    if op == sre_c.LITERAL:
        return ch == chr(av)
    if op == sre_c.NOT_LITERAL:
        return ch != chr(av)
    if op == sre_c.ANY:
        return True  # DOTALL or not: counting the newline too only refuses more
    negate = bool(av) and av[0][0] == sre_c.NEGATE
    found = False
    for kind, value in av[1:] if negate else av:
        if kind == sre_c.LITERAL and ch == chr(value):
            found = True
        elif kind == sre_c.RANGE and value[0] <= ord(ch) <= value[1]:
            found = True
        elif kind == sre_c.CATEGORY and value in _CATEGORY and _CATEGORY[value].match(ch):
            found = True
        elif kind not in (sre_c.LITERAL, sre_c.RANGE, sre_c.CATEGORY):
            found = True  # an item we do not model: assume it can match anything
        if found:
            break
    return found != negate


def charset(op, av) -> frozenset[str]:
    key = tuple(av) if isinstance(av, list) else av
    return _charset_of(op, key)


def _merge(*lives: Live) -> Live:
    best: dict[frozenset[str], int] = {}
    for live in lives:
        for chars, ways in live:
            best[chars] = max(ways, best.get(chars, 0))
    return tuple(best.items())


class _Walk:
    """Carry the repeats that may still be eating through the pattern, multiplying their ways."""

    def __init__(self, text_limit: int) -> None:
        self.n = text_limit
        self.worst = 1
        self.steps = 0

    def seq(self, items, live: Live) -> Live:
        for op, av in items:
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise Refused("too complex to check (too many nested or large bounded repeats)")
            live = self.item(op, av, live)
        return live

    def item(self, op, av, live: Live) -> Live:
        if op in _SINGLE:
            return self.consume(charset(op, av), 1, live, optional=False)
        if op in _REPEATS:
            return self.repeat(*av, live=live)
        if op == sre_c.SUBPATTERN:
            return self.seq(av[-1], live)
        if op == _ATOMIC:
            return self.seq(av, live)
        if op == sre_c.BRANCH:
            return self.branch(av[1], live)
        if op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            _Walk(self.n).seq(av[1], ())  # refuse a dangerous body; it does not eat characters
        return live  # anchors and other zero-width items

    def consume(self, chars: frozenset[str], ways: int, live: Live, optional: bool) -> Live:
        """One item that eats characters from `chars` in `ways` different lengths."""
        product = 1
        if ways > 1:
            before = max((w for c, w in live if c & chars), default=1)
            product = min(ways * before, _CAP)
            self.worst = max(self.worst, product)
        # A repeat still eating must be able to eat this item's characters, unless it can be skipped.
        survivors = live if optional else tuple(e for e in live if e[0] & chars)
        return _merge(survivors, ((chars, product),)) if ways > 1 else survivors

    def repeat(self, low: int, high: int, body, live: Live) -> Live:
        unbounded = high == sre_c.MAXREPEAT or high > UNBOUNDED_ABOVE
        if len(body) == 1 and body[0][0] in _SINGLE:
            top = self.n if unbounded else min(high, self.n)
            ways = max(1, top - min(low, top) + 1)
            return self.consume(charset(*body[0]), ways, live, optional=low == 0)
        if unbounded:
            self._refuse_growth(body)
        copies = 2 if unbounded else high
        for k in range(copies):
            taken = self.seq(body, live)
            live = taken if k < low else _merge(live, taken)
        return live

    def _refuse_growth(self, body) -> None:
        """Exponential: a second iteration multiplies the ways the first left."""
        walk = _Walk(self.n)
        after_one = walk.seq(body, ())
        once = walk.worst
        walk.seq(body, after_one)
        if walk.worst > once:
            raise Refused(
                "a repeat whose body can match the same text in several ways "
                "(overlapping alternatives or a variable part inside + or *)"
            )

    def branch(self, alternatives, live: Live) -> Live:
        ambiguous = _overlapping(alternatives)
        if ambiguous > 1:
            # Two ways through the branch double every path so far; an empty alternative can
            # stand next to anything, so it overlaps every repeat around it.
            empty = any(not alt for alt in alternatives)
            chars = _UNIVERSAL if empty else frozenset().union(*(_all_chars(alt) for alt in alternatives))
            live = self.consume(chars, ambiguous, live, optional=True)
        return _merge(*(self.seq(alt, live) for alt in alternatives))


def _all_chars(items) -> frozenset[str]:
    found: set[str] = set()
    for op, av in items:
        if op in _SINGLE:
            found |= charset(op, av)
        elif op in _REPEATS:
            found |= _all_chars(av[2])
        elif op == sre_c.SUBPATTERN:
            found |= _all_chars(av[-1])
        elif op == _ATOMIC:
            found |= _all_chars(av)
        elif op == sre_c.BRANCH:
            for alt in av[1]:
                found |= _all_chars(alt)
    return frozenset(found)


def _signature(items, size: int = 8) -> list[frozenset[str]]:
    """The character sets of an alternative's first fixed characters (stops at anything else)."""
    sig: list[frozenset[str]] = []
    for op, av in items:
        if len(sig) >= size:
            break
        if op in _SINGLE:
            sig.append(charset(op, av))
        elif op == sre_c.AT:
            continue
        elif op == sre_c.SUBPATTERN:
            inner = _signature(av[-1], size - len(sig))
            sig.extend(inner)
            break  # conservative: do not look past a group
        else:
            break
    return sig


def _overlapping(alternatives) -> int:
    """How many alternatives can start on the same text as another one (0 or 2+)."""
    sigs = [_signature(alt) for alt in alternatives]
    clash = set()
    for i, a in enumerate(sigs):
        for j in range(i + 1, len(sigs)):
            b = sigs[j]
            if all(x & y for x, y in zip(a, b)):
                clash.update((i, j))
    return len(clash)
