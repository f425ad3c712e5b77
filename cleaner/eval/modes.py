"""What `cleaner eval` scores: the choices its command line offers, kept apart from the
evaluation itself so that registering the command does not import it (bench/startup.py)."""

from __future__ import annotations

from enum import Enum


class Mode(str, Enum):
    html = "html"
    text = "text"


class Renderer(str, Enum):
    innertext = "innertext"
    htmltext = "htmltext"
