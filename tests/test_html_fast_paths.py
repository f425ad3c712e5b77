"""The HTML model path's fast forms give exactly what their plain readings give: class/id concepts
found in one Aho-Corasick pass (html/pageblocks.py) against token by token."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.html.pageblocks import _CONCEPT_BIT, _EXACT, _SPLIT, CONCEPTS, _mark_bits


def token_by_token(lowered: str) -> int:
    """The concepts as the features were defined: every token, split on non-alphanumerics and
    split on spaces with hyphens and underscores taken out, matched word by word."""
    bits = 0
    for token in _SPLIT.split(lowered) + lowered.replace("-", "").replace("_", "").split():
        if not token:
            continue
        if token in _EXACT:
            bits |= _CONCEPT_BIT[_EXACT[token]]
        for name, words in CONCEPTS.items():
            if any(word in token for word in words):
                bits |= _CONCEPT_BIT[name]
    return bits


EXAMPLES = [
    "sr-only", "post-content entry-content clearfix", "navbar navbar-expand-lg", "ad-slot", "ads_top",
    "site_footer__legal", "c-article-body js-body", "adv", "a d", "comment-respond", "x:menu-item",
    "postbody", "überschrift nav", "headline--title", "read_next", "", "   ", "sponsored-content",
]


def test_known_class_names_get_the_same_concepts():
    for lowered in EXAMPLES:
        assert _mark_bits(lowered) == token_by_token(lowered), lowered


_PIECES = st.sampled_from(
    [w for words in CONCEPTS.values() for w in words] + list(_EXACT) + ["-", "_", " ", ":", "x", "1", "é", "--"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_ 0é:", max_size=6)), max_size=8))
def test_any_class_string_gets_the_same_concepts(pieces):
    lowered = "".join(pieces)
    assert _mark_bits(lowered) == token_by_token(lowered)
