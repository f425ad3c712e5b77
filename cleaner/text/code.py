"""Lines that read as program code (a script or a style sheet a dump let through), not prose."""

from __future__ import annotations

import re

# Each alternative is one sign of code. Prose may show one of them (a sentence quoting "<p>",
# a Greek question ending in ";"), so a line is code only with two or more.
_CODE_SIGN = re.compile(
    r"\b(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*=(?!=)"  # var x =
    r"|\bfunction\s*[\w$]*\s*\("  # function( / function name(
    r"|[\w$\])]\([^()\n]{0,200}\)\s*;"  # call(...);
    r"|[{}]"  # a brace
    r"|;\s*$"  # a line ending in a semicolon
    r"|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]{0,200})?/?>"  # a markup tag
)


# Every sign holds one of these characters ("=", "(", a brace, ";", "<"): a line with none of
# them has no sign, and is not searched (the search tries every alternative at every position).
_SIGN_CHARS = "=({};<"


def looks_like_code(text: str) -> bool:
    """Two or more signs of code: 'var x = 1; document.write(...);', 'body { margin: 0 }'."""
    if not any(char in text for char in _SIGN_CHARS):
        return False
    signs = _CODE_SIGN.finditer(text)
    return next(signs, None) is not None and next(signs, None) is not None
