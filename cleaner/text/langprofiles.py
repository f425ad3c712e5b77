"""langdetect's detector factory, loaded in a sixth of the time and answering exactly the same.

`langdetect.detector_factory.init_factory` reads 55 JSON profiles and then builds, for each of
their 184,000 n-grams, a list of 55 probabilities: 0.26 CPU-s, a fifth of a one-page run of
`cleaner clean`, although a page meets a few thousand of those n-grams. Here the profiles are
read the same way and in the same order (os.listdir, as langdetect does), and an n-gram's list
is computed when a detector first asks for it, with langdetect's own arithmetic
(`DetectorFactory.add_profile`), so every probability, and every answer, is the same
(tests/test_startup.py compares the two on the bench pages). Where cleaner ships a table of these
very profiles (cleaner.text.langtable), not even the JSON is parsed: TableProbabilities reads an
n-gram's counts from the table when a detector first asks for it.
"""

from __future__ import annotations

import json
import os

from cleaner.text import langtable


class LazyProbabilities:
    """The factory's `word_lang_prob_map`: what a Detector reads (`in` and `[]`) and nothing else."""

    def __init__(self, profiles: list[dict], size: int):
        self._profiles = [(p["freq"], p["n_words"]) for p in profiles]
        self._size = size
        self._known: dict[str, list[float]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self._known or any(word in freq for freq, _ in self._profiles)

    def __getitem__(self, word: str) -> list[float]:
        known = self._known.get(word)
        if known is not None:
            return known
        if word not in self:
            raise KeyError(word)
        probabilities = [0.0] * self._size
        length = len(word)
        if 1 <= length <= 3:
            for index, (freq, n_words) in enumerate(self._profiles):
                count = freq.get(word)
                if count is not None:
                    probabilities[index] = 1.0 * count / n_words[length - 1]
        self._known[word] = probabilities
        return probabilities


class TableProbabilities:
    """LazyProbabilities read from the shipped table (cleaner.text.langtable): the same lists."""

    def __init__(self, table: langtable.Table, order: list[int], size: int):
        self._table = table
        self._slot = {profile: index for index, profile in enumerate(order)}  # table's number -> langlist index
        self._n_words = [table.n_words[profile] for profile in order]
        self._size = size
        self._known: dict[str, list[float]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self._known or (isinstance(word, str) and self._table.counts(word) is not None)

    def __getitem__(self, word: str) -> list[float]:
        known = self._known.get(word)
        if known is not None:
            return known
        counts = self._table.counts(word)
        if counts is None:
            raise KeyError(word)
        probabilities = [0.0] * self._size
        length = len(word)
        if 1 <= length <= 3:
            for profile, count in zip(counts[::2], counts[1::2]):
                index = self._slot[profile]
                probabilities[index] = 1.0 * count / self._n_words[index][length - 1]
        self._known[word] = probabilities
        return probabilities


def lazy_factory():
    """A DetectorFactory equal to init_factory()'s, with its n-gram table built on demand."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    names = os.listdir(PROFILES_DIRECTORY)
    kept = [n for n in names if not n.startswith(".") and os.path.isfile(os.path.join(PROFILES_DIRECTORY, n))]
    table = langtable.load()
    if table is not None and sorted(kept) == list(table.files):
        # the shipped table of these very profiles: langdetect's order, nothing parsed up front
        position = {name: n for n, name in enumerate(table.files)}
        order = [position[name] for name in kept]
        factory = DetectorFactory()
        factory.langlist = [table.langs[n] for n in order]
        factory.word_lang_prob_map = TableProbabilities(table, order, len(names))
        return factory
    profiles = []
    for name in names:  # langdetect's order and its skips (load_profile)
        path = os.path.join(PROFILES_DIRECTORY, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as handle:
            profiles.append(json.load(handle))
    factory = DetectorFactory()
    factory.langlist = [p["name"] for p in profiles]
    factory.word_lang_prob_map = LazyProbabilities(profiles, len(names))
    return factory
