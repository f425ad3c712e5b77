"""langdetect's Detector with its per-character loops written tighter: the same answers, faster.

A dump's language was a tenth of its cleaning time, most of it in Detector's pure-Python loops
over the sample's characters (`append`, `cleaning_text`, `_extract_ngrams`) and over the 55
languages (`_update_lang_prob`, `_normalize_prob`). Each method below does what langdetect's does
(langdetect 1.0.9), step for step and with the same float operations in the same order, so every
probability and every answer is the same (tests/test_startup.py compares the two on the bench
pages; bench/same_outputs.py compares every output). Only the bookkeeping differs: a character's
NGram.normalize is looked up once per process, runs of spaces are collapsed by one regex, and
the per-language loops are list comprehensions.
"""

from __future__ import annotations

import re

from langdetect.detector import Detector
from langdetect.utils.ngram import NGram

_SPACE_RUN = re.compile(" {2,}")
# NGram.normalize of each character met so far: at most one entry per distinct character.
_NORMALIZED: dict[str, str] = {}
# Whether the profiles know an n-gram (`in word_lang_prob_map`, a Python method of
# text/langprofiles.py that reads the table), per n-gram met; emptied when it grows past
# _MAX_MEMBERS, and kept for one map at a time.
_MEMBERS: dict[str, bool] = {}
_MEMBERS_OF: list[object] = [None]
_MAX_MEMBERS = 1 << 16  # a few MB at most; a page meets a few hundred new n-grams


class FastDetector(Detector):
    def append(self, text: str) -> None:
        # Detector.append keeps a space only after a character that is not one: runs of spaces
        # become one space, in the first max_text_length characters.
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        self.text += _SPACE_RUN.sub(" ", text[: self.max_text_length])

    def cleaning_text(self) -> None:
        # ASCII text has no character at or above U+0300: nothing to count against Latin.
        if self.text.isascii():
            return
        super().cleaning_text()

    def _extract_ngrams(self) -> list[str]:
        """NGram.add_char and the 1- to 3-grams Detector._extract_ngrams keeps, inlined."""
        table = self.word_lang_prob_map
        known = _members(table)
        normalized = _NORMALIZED
        result: list[str] = []
        append = result.append
        grams = " "
        capital = False
        for ch in self.text:
            norm = normalized.get(ch)
            if norm is None:
                norm = normalized[ch] = NGram.normalize(ch)
            ch = norm
            last = grams[-1]
            if last == " ":
                grams = " "
                capital = False
                if ch == " ":
                    continue  # add_char returns; the grams " " give nothing
            elif len(grams) >= 3:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capital = True
            else:
                capital = False
            if capital:
                continue
            # `known.get(w)`, else `w in table` remembered: written out, a call per n-gram costs
            # what the lookup saves
            if ch != " ":  # the 1-gram is grams[-1:], that is ch
                found = known.get(ch)
                if found is None:
                    found = known[ch] = ch in table
                if found:
                    append(ch)
            size = len(grams)
            if size >= 2:
                word = grams[-2:]
                found = known.get(word)
                if found is None:
                    found = known[word] = word in table
                if found:
                    append(word)
                if size >= 3:  # grams is never longer than 3
                    found = known.get(grams)
                    if found is None:
                        found = known[grams] = grams in table
                    if found:
                        append(grams)
        return result

    def _update_lang_prob(self, prob: list[float], word: str, alpha: float) -> bool:
        if word is None or word not in self.word_lang_prob_map:
            return False
        lang_prob_map = self.word_lang_prob_map[word]
        weight = alpha / self.BASE_FREQ
        prob[:] = [p * (weight + q) for p, q in zip(prob, lang_prob_map)]
        return True

    def _normalize_prob(self, prob: list[float]) -> float:
        sump = sum(prob)
        prob[:] = [p / sump for p in prob]
        return max(0.0, *prob)  # as the loop: a later value replaces the best only when greater


def _members(table: object) -> dict[str, bool]:
    """The remembered `word in table` answers for this table (see _MEMBERS)."""
    if _MEMBERS_OF[0] is not table or len(_MEMBERS) > _MAX_MEMBERS:
        _MEMBERS.clear()
        _MEMBERS_OF[0] = table
    return _MEMBERS
