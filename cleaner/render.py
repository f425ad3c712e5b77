"""Turn a Result into text, Markdown or JSON. The JSON is stable: sorted where order is free."""

from __future__ import annotations

import json

from cleaner.model import Result

# The output formats, each with the file extension a folder run gives its outputs.
FORMATS = {"text": ".txt", "markdown": ".md", "json": ".json"}


def render(result: Result, fmt: str, *, explain: bool = False) -> str:
    if fmt == "text":
        return result.text + ("\n" if result.text else "")
    if fmt == "markdown":
        return to_markdown(result)
    if fmt == "json":
        return json.dumps(to_json_dict(result, explain=True), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return json.dumps(to_json_dict(result, explain=explain), ensure_ascii=False, separators=(",", ":")) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def to_json_dict(result: Result, *, explain: bool = True) -> dict:
    data = result.to_dict()
    if not explain:
        data.pop("decisions")
    return data


def to_markdown(result: Result) -> str:
    meta = result.metadata
    parts = []
    if meta.title:
        parts.append(f"# {meta.title}")
    if meta.subtitle:
        parts.append(f"*{meta.subtitle}*")
    byline = ", ".join(x for x in (", ".join(meta.authors), meta.date or "") if x)
    if byline:
        parts.append(f"_{byline}_")
    kinds = {d.index: d.kind for d in result.decisions}
    for decision in result.decisions:
        if decision.action != "keep":
            continue
        text = decision.text
        if kinds[decision.index] == "heading":
            parts.append(f"## {text}")
        elif kinds[decision.index] == "list-item":
            parts.append(f"- {text}")
        elif kinds[decision.index] == "quote":
            parts.append("> " + text.replace("\n", "\n> "))
        else:
            parts.append(text)
    return "\n\n".join(parts) + "\n" if parts else ""


def explain_lines(result: Result) -> list[str]:
    """One line per block: keep/drop, category, reason (=value), role, and the text's start."""
    lines = []
    for d in result.decisions:
        value = "" if d.value is None else f"={d.value:g}"
        role = f" role={d.role}" if d.role else ""
        mark = "+" if d.action == "keep" else "-"
        snippet = d.text if len(d.text) <= 70 else d.text[:67] + "..."
        lines.append(f"{mark} {d.index:>3} {d.category:<14} {d.reason}{value}{role} | {snippet}")
    return lines
