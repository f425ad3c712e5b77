"""Small hand-built documents for the stage tests: no bench data, no segmentation.

`doc_of` makes one Block per given text (or Block) in page order; `run` passes a Document
through named stages of the pipeline, so a test starts exactly where its stage does.
"""

from __future__ import annotations

from cleaner.model import Block, Decision, Document, Hints, Page, Reason
from cleaner.options import Options
from cleaner.packs.rules import RuleSet


def doc_of(
    items: list[str | Block],
    *,
    fmt: str = "text",
    options: Options | None = None,
    rules: RuleSet | None = None,
    hints: Hints | None = None,
    url: str | None = None,
) -> Document:
    blocks = []
    for index, item in enumerate(items):
        block = item if isinstance(item, Block) else Block(index=index, text=item)
        blocks.append(block.evolve(index=index))
    page = Page(text="\n".join(b.text for b in blocks), format=fmt, url=url)  # type: ignore[arg-type]
    return Document(
        page=page,
        blocks=tuple(blocks),
        options=options or Options(),
        rules=rules if rules is not None else RuleSet(generic=()),
        language="en",
        hints=hints or Hints(),
        reading="blocks" if fmt == "html" else "dump",  # as segmentation leaves a page of each kind
    )


def decided(text: str, category: str, reason: str, action: str = "drop", role: str | None = None) -> Block:
    """A block a rule has already decided (as annotate would leave it); `heur.` and `dom.` names
    stand for a heuristic's and the markup's decisions."""
    by = "heuristic" if reason.startswith("heur.") else "markup" if reason.startswith("dom.") else "rule"
    return Block(index=0, text=text).decide(Decision(action, category, Reason(by, reason)), role)  # type: ignore[arg-type]


def run(doc: Document, *stages) -> Document:
    for stage in stages:
        doc = stage(doc)
    return doc


# A few sentences of plain story prose, to stand for a story's paragraphs.
PROSE = (
    "The city council voted on Tuesday to reopen the old library after a renovation that took two years and cost more than expected.",
    "Residents had asked for the building to be saved, and the council agreed that it would be cheaper to repair it than to build a new one.",
    "The library will open its doors again in the spring, with longer hours and a new room for children who come in after school.",
    "Officials said that the work on the roof was the hardest part of the project, because the old beams had to be replaced one by one.",
)
