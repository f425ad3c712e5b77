"""The values that flow through the pipeline: Page, Block, Decision, Document, Metadata, Result.

All are frozen dataclasses: a stage never mutates its input, it returns a new Document
(`dataclasses.replace`). Dicts held inside are never mutated after construction either.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # types only: the options and packs modules need nothing from here at run time
    from lxml import etree

    from cleaner.options import Options
    from cleaner.packs.rules import RuleSet, SitePack

Action = Literal["keep", "drop"]
Status = Literal["ok", "empty", "error"]
# What a block is taken for: "story" for kept story text, else the kind of cruft (rules/schema.json
# lists the categories a rule may give; "subtitle" and "teaser" come from heuristics too).
Category = Literal[
    "story", "advertising", "boilerplate", "byline", "caption", "comments", "cookie", "credit", "date",
    "legal", "navigation", "newsletter", "paywall", "read-more", "related-list", "section-label",
    "social", "subtitle", "tags", "teaser", "title", "update-note",
]
# A role feeds metadata, whatever the decision (a dropped title block is the title).
Role = Literal["title", "subtitle", "byline", "date", "section", "caption", "credit", "update-note", "tags"]
# Who decided: a rule of a pack, a heuristic (scores and shapes), the page's markup (the DOM), or
# a learned model over the whole page's blocks.
Decider = Literal["rule", "heuristic", "markup", "model"]
# How a page's blocks were made: "blocks", trafilatura's paragraphs, headings and list items of an
# HTML page; "dump", the lines of a text dump, or of an HTML page rendered whole because
# trafilatura found too little on it. Rules and heuristics read dump lines as text. "page": every
# block of an HTML page's DOM, each given a content probability by the whole-page block model
# (html/blockmodel.py); html/route.py picks it over trafilatura's blocks per page.
Reading = Literal["blocks", "dump", "page"]


@dataclass(frozen=True, slots=True)
class Page:
    """The decoded input and what is known about it before segmentation."""

    text: str
    format: Literal["html", "text"]
    url: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Reason:
    """Who decided a block, and by which name: a rule by its id (`newsletter.subscribe-prompt`), a
    heuristic as `heur.<name>`, the page's markup as `dom.<name>`, a model as `model.<name>`.
    Output shows the name."""

    by: Decider
    name: str

    def __str__(self) -> str:
        return self.name


def rule_reason(rule_id: str) -> Reason:
    return Reason("rule", rule_id)


def heuristic(name: str) -> Reason:
    reason = _HEURISTICS.get(name)
    if reason is None:  # a Reason is frozen: one per name is shared by every block it decides
        reason = _HEURISTICS[name] = Reason("heuristic", f"heur.{name}")
    return reason


_HEURISTICS: dict[str, Reason] = {}  # one entry per heuristic name in the code


def markup(name: str) -> Reason:
    return Reason("markup", f"dom.{name}")


def learned(name: str) -> Reason:
    return Reason("model", f"model.{name}")


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a block is kept or dropped: the rule or heuristic that decided, and the measured value."""

    action: Action
    category: Category
    reason: Reason
    value: float | None = None

    @property
    def kept(self) -> bool:
        return self.action == "keep"


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of text as a reader sees it: a paragraph, heading, list item, caption, dump line."""

    index: int
    text: str
    kind: str = "paragraph"
    position: str = ""
    gap_before: int = 0
    features: dict[str, float] = field(default_factory=dict)
    decision: Decision | None = None
    role: Role | None = None
    # Which rule ids matched, even where a stronger decision won (shown by --explain).
    matched: tuple[str, ...] = ()

    def decide(self, decision: Decision, role: Role | None = None) -> Block:
        return Block(
            self.index, self.text, self.kind, self.position, self.gap_before, self.features, decision,
            role if role is not None else self.role, self.matched,
        )

    def with_features(self, features: dict[str, float]) -> Block:
        """evolve(features=...), without the keyword lookups: measure and classify make one per block."""
        return Block(
            self.index, self.text, self.kind, self.position, self.gap_before, features, self.decision, self.role,
            self.matched,
        )

    def evolve(self, **changes: Any) -> Block:
        """`dataclasses.replace`, written out: stages make several new blocks per dump line, and
        replace's generic checks were a sixth of a text dump's cleaning time."""
        get = changes.get
        return Block(
            get("index", self.index), get("text", self.text), get("kind", self.kind),
            get("position", self.position), get("gap_before", self.gap_before),
            get("features", self.features), get("decision", self.decision), get("role", self.role),
            get("matched", self.matched),
        )

    @property
    def kept(self) -> bool:
        return self.decision is None or self.decision.kept


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    updated: str | None = None
    site: str | None = None
    section: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None
    language_confidence: float | None = None
    captions: tuple[Caption, ...] = ()
    update_notes: tuple[str, ...] = ()
    word_count: int = 0
    url: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        data["categories"] = list(self.categories)
        data["tags"] = list(self.tags)
        data["captions"] = [{"text": c.text, "credit": c.credit} for c in self.captions]
        data["update_notes"] = list(self.update_notes)
        data["sources"] = dict(sorted(self.sources.items()))
        return data


@dataclass(frozen=True, slots=True)
class Hints:
    """What the input told us beside its blocks (HTML meta tags, trafilatura's metadata)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    site: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    section: str | None = None
    description: str | None = None
    captions: tuple[str, ...] = ()  # figure captions of the page, in order
    language: str | None = None  # as the page declares it (<html lang>), lower-case primary subtag
    source: str = "trafilatura"
    sources: dict[str, str] = field(default_factory=dict)  # per field, where it differs from `source`


@dataclass(frozen=True, slots=True)
class Document:
    """Everything a stage needs: the page, its blocks, and what earlier stages found."""

    page: Page
    options: Options
    rules: RuleSet
    blocks: tuple[Block, ...] = ()
    site: SitePack | None = None
    language: str | None = None
    language_confidence: float | None = None
    language_source: str = "langdetect"
    hints: Hints = field(default_factory=Hints)
    given_url: str | None = None  # the URL the caller gave, to tell it from one found in the page
    metadata: Metadata = field(default_factory=Metadata)
    warnings: tuple[str, ...] = ()
    reading: Reading = "blocks"
    # An HTML page's parsed tree and trafilatura's main text, between parsing and segmentation
    # (html/blocks.py lets both go once the blocks are made).
    tree: etree._Element | None = None
    main: etree._Element | None = None

    def with_blocks(self, blocks: list[Block] | tuple[Block, ...]) -> Document:
        return replace(self, blocks=tuple(blocks))


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One block's decision as the Result reports it (page order)."""

    index: int
    text: str
    kind: str
    action: Action
    category: Category
    reason: str
    value: float | None
    role: Role | None
    matched: tuple[str, ...] = ()
    decided_by: Decider | Literal["default"] = "default"

    def to_dict(self) -> dict[str, Any]:
        # Written out rather than dataclasses.asdict: asdict deep-copies every value and was
        # ~30% of a --format json batch (bench/throughput.py profile).
        return {
            "index": self.index,
            "text": self.text,
            "kind": self.kind,
            "action": self.action,
            "category": self.category,
            "reason": self.reason,
            "value": self.value,
            "role": self.role,
            "matched": list(self.matched),
        }


@dataclass(frozen=True, slots=True)
class Result:
    text: str
    metadata: Metadata
    decisions: tuple[DecisionRecord, ...]
    status: Status
    warnings: tuple[str, ...] = ()

    @property
    def rules_fired(self) -> list[str]:
        """Rule ids (not heuristics, not the markup) that decided a block, sorted, once each."""
        return sorted({d.reason for d in self.decisions if d.decided_by == "rule"})

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "metadata": self.metadata.to_dict(),
            "decisions": [d.to_dict() for d in self.decisions],
            "status": self.status,
            "warnings": list(self.warnings),
        }
