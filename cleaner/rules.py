"""Rule packs: YAML data validated against rules/schema.json, compiled once, matched per block.

A rule never runs code. Its patterns are regular expressions that are checked before use
(no nested unbounded repeats, no back-references) and are only ever matched against the first
`MAX_MATCH_CHARS` characters of a block, so no rule file can make matching blow up.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import jsonschema
import yaml

from .errors import RuleError

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

MAX_MATCH_CHARS = 2000  # a boilerplate line is short; longer blocks are matched on their head
MAX_PATTERN_CHARS = 400
DEFAULT_MAX_WORDS = 40  # a rule never fires on a block longer than this unless it says so

_WS = re.compile(r"\s+")
_EDGE_PUNCT = " \t\u00a0:|-–—•·»›>«‹<*#…/\\,;!?.()[]{}\"'“”‘’"


def normalize(text: str) -> str:
    """Fold a block for phrase comparison: NFKC, casefold, one space, no edge punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WS.sub(" ", text).strip(_EDGE_PUNCT)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    why: str
    action: str = "drop"
    role: str | None = None
    boundary: bool = False
    inputs: str = "any"
    max_words: int = DEFAULT_MAX_WORDS
    exact: frozenset[str] = frozenset()
    prefix: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    pack: str = ""

    def matches(self, text: str, folded: str | None = None, words: int | None = None) -> bool:
        folded = normalize(text) if folded is None else folded
        words = len(text.split()) if words is None else words
        if words > self.max_words or not folded:
            return False
        if folded in self.exact:
            return True
        if any(folded.startswith(p) for p in self.prefix):
            return True
        return bool(self.pattern and self.pattern.search(text[:MAX_MATCH_CHARS]))

    def applies_to(self, input_format: str) -> bool:
        return self.inputs in ("any", input_format)


@dataclass(frozen=True, slots=True)
class SitePack:
    pack: str
    name: str
    domains: tuple[str, ...] = ()
    fingerprints: frozenset[str] = frozenset()
    min_fingerprints: int = 2
    rules: tuple[Rule, ...] = ()
    path: str = ""

    def matches_url(self, host: str) -> bool:
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def fingerprint_hits(self, folded_blocks: Iterable[str]) -> int:
        return len(self.fingerprints.intersection(folded_blocks))


@dataclass(frozen=True, slots=True)
class RuleSet:
    generic: tuple[Rule, ...]
    sites: tuple[SitePack, ...] = ()
    files: tuple[str, ...] = ()
    _exact_index: dict[str, tuple[Rule, ...]] = field(default_factory=dict, repr=False)

    def all_rules(self) -> tuple[Rule, ...]:
        return self.generic + tuple(r for s in self.sites for r in s.rules)


# --- loading -------------------------------------------------------------------------------


def packaged_rules_dir() -> Path:
    """The rules/ folder shipped in the wheel, or the checkout's top-level rules/ folder."""
    inside = resources.files("cleaner").joinpath("rules")
    if inside.is_dir():
        return Path(str(inside))
    checkout = Path(__file__).resolve().parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleError("the packaged rules/ folder is missing from this installation")


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    with open(packaged_rules_dir() / "schema.json", encoding="utf-8") as handle:
        return json.load(handle)


def pack_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise RuleError(f"{directory}: not a folder of rule packs")
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def read_pack(path: Path) -> dict[str, Any]:
    """Parse and validate one pack file; every error names the file and the field."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot read rule pack: {_one_line(exc)}") from None
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(_schema()).iter_errors(data)
    )
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise RuleError(f"{path}: field {where}: {_one_line(error.message)}")
    return data


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())[:300]


def check_pattern(pattern: str, where: str) -> re.Pattern[str]:
    """Compile a rule's regex after refusing shapes that can backtrack catastrophically."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise RuleError(f"{where}: pattern longer than {MAX_PATTERN_CHARS} characters")
    try:
        parsed = sre_parse.parse(pattern)
        _refuse_dangerous(parsed, where, inside_repeat=False)
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RuleError(f"{where}: invalid pattern {pattern!r}: {exc}") from None


_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}
_POSSESSIVE = getattr(sre_parse, "POSSESSIVE_REPEAT", None)


def _refuse_dangerous(parsed: Any, where: str, inside_repeat: bool) -> None:
    for op, arg in parsed:
        if op == sre_parse.GROUPREF or op == sre_parse.GROUPREF_EXISTS:
            raise RuleError(f"{where}: back-references are not allowed in rule patterns")
        if op in _REPEATS or op == _POSSESSIVE:
            low, high, sub = arg
            unbounded = high == sre_parse.MAXREPEAT or high > 100
            if inside_repeat and unbounded:
                raise RuleError(f"{where}: nested unbounded repeat (catastrophic backtracking)")
            _refuse_dangerous(sub, where, inside_repeat or unbounded)
        elif op == sre_parse.SUBPATTERN:
            _refuse_dangerous(arg[-1], where, inside_repeat)
        elif op == sre_parse.BRANCH:
            for branch in arg[1]:
                _refuse_dangerous(branch, where, inside_repeat)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            _refuse_dangerous(arg[1], where, inside_repeat)


def compile_rule(raw: dict[str, Any], where: str, pack: str) -> Rule:
    patterns = raw.get("pattern") or []
    joined = "|".join(f"(?:{p})" for p in patterns)
    for number, pattern in enumerate(patterns):
        check_pattern(pattern, f"{where}: field pattern/{number}")
    examples = raw["examples"]
    return Rule(
        id=raw["id"],
        category=raw["category"],
        why=raw["why"],
        action=raw.get("action", "drop"),
        role=raw.get("role"),
        boundary=bool(raw.get("boundary", False)),
        inputs=raw.get("inputs", "any"),
        max_words=int(raw.get("max_words", DEFAULT_MAX_WORDS)),
        exact=frozenset(normalize(p) for p in raw.get("exact", [])),
        prefix=tuple(normalize(p) for p in raw.get("prefix", [])),
        pattern=re.compile(joined, re.IGNORECASE) if joined else None,
        examples_match=tuple(examples["match"]),
        examples_no_match=tuple(examples["no_match"]),
        pack=pack,
    )


def _compile_pack(path: Path, data: dict[str, Any]) -> tuple[list[Rule], SitePack | None]:
    rules = [
        compile_rule(raw, f"{path}: field rules/{n}", data["pack"])
        for n, raw in enumerate(data["rules"])
    ]
    site = data.get("site")
    if site is None:
        return rules, None
    return [], SitePack(
        pack=data["pack"],
        name=site["name"],
        domains=tuple(site.get("domains", [])),
        fingerprints=frozenset(normalize(f) for f in site.get("fingerprints", [])),
        min_fingerprints=int(site.get("min_fingerprints", 2)),
        rules=tuple(rules),
        path=str(path),
    )


def load_rules(extra_dirs: tuple[str, ...] = (), site_rules: bool = True) -> RuleSet:
    """Every pack of the packaged rules/ plus the user's folders, validated and compiled."""
    return _load_rules(tuple(str(Path(d).resolve()) for d in extra_dirs), site_rules)


@lru_cache(maxsize=8)
def _load_rules(extra_dirs: tuple[str, ...], site_rules: bool) -> RuleSet:
    files: list[Path] = pack_files(packaged_rules_dir())
    for directory in extra_dirs:
        files.extend(pack_files(Path(directory)))
    generic: list[Rule] = []
    sites: list[SitePack] = []
    seen: dict[str, Path] = {}
    for path in files:
        rules, site = _compile_pack(path, read_pack(path))
        for rule in rules + list(site.rules if site else ()):
            if rule.id in seen:
                raise RuleError(f"{path}: rule id {rule.id} is already used in {seen[rule.id]}")
            seen[rule.id] = path
        generic.extend(rules)
        if site is not None and site_rules:
            sites.append(site)
    index: dict[str, list[Rule]] = {}
    for rule in generic:
        for phrase in rule.exact:
            index.setdefault(phrase, []).append(rule)
    return RuleSet(
        generic=tuple(generic),
        sites=tuple(sites),
        files=tuple(str(p) for p in files),
        _exact_index={k: tuple(v) for k, v in index.items()},
    )


def check_dir(directory: Path) -> list[str]:
    """Validate every pack below a folder and run its examples; return the problems found."""
    problems: list[str] = []
    for path in pack_files(directory):
        try:
            data = read_pack(path)
            rules, site = _compile_pack(path, data)
        except RuleError as exc:
            problems.append(str(exc))
            continue
        for rule in rules + list(site.rules if site else ()):
            problems.extend(example_failures(rule, str(path)))
    return problems


def example_failures(rule: Rule, where: str) -> list[str]:
    failures = [
        f"{where}: {rule.id} does not match its example {text!r}"
        for text in rule.examples_match
        if not rule.matches(text)
    ]
    failures += [
        f"{where}: {rule.id} matches its counter-example {text!r}"
        for text in rule.examples_no_match
        if rule.matches(text)
    ]
    return failures
