"""Author names from a byline: the one splitter the text dump's byline role and the HTML page's
byline elements both use.

A byline is its label ('By', 'Von', 'Written by') and then names parted by joiners (',', '&',
'and', 'und', ...). Each reading keeps its own label and joiner patterns, because what a dump's
line and a byline element hold differs ('Author:' lines in dumps; '|' between names in markup),
and its own test of what a name is; the splitting is this function's.
"""

from __future__ import annotations

import re


def byline_names(text: str, label: re.Pattern[str], joiners: re.Pattern[str], trim: str) -> list[str]:
    """The byline's parts after its label, parted at the joiners, each trimmed of `trim`
    (empty parts included: the caller's test of a name refuses them)."""
    return [part.strip(trim) for part in joiners.split(label.sub("", text).strip())]
