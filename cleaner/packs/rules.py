"""Rule packs: YAML data validated against rules/schema.json, compiled once, matched per block.

A rule never runs code. Its patterns are regular expressions that are checked before use
(no nested unbounded repeats, no back-references) and are only ever matched against the first
`MAX_MATCH_CHARS` characters of a block, so no rule file can make matching blow up.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from cleaner.errors import RuleError
from cleaner.packs import backtracking, prebuilt

if TYPE_CHECKING:
    import yaml

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

MAX_MATCH_CHARS = 2000  # a boilerplate line is short; longer blocks are matched on their head
MAX_PATTERN_CHARS = 400
# Bounds on a rule pack file, checked before its data is built: the largest packaged pack is
# 19 KB and 840 YAML nodes (navigation.yaml), so these leave room for big site packs and stop YAML bombs.
MAX_PACK_BYTES = 1_000_000
MAX_PACK_NODES = 200_000
MAX_PACK_DEPTH = 64  # the packaged packs nest flow collections ([ ], { }) 1 level deep
DEFAULT_MAX_WORDS = 40  # a rule never fires on a block longer than this unless it says so

_WS = re.compile(r"\s+")
_EDGE_PUNCT = " \t\u00a0:|-–—•·»›>«‹<*#…/\\,;!?.()[]{}\"'“”‘’"


@lru_cache(maxsize=4096)  # site matching, annotate and measure each fold every block
def normalize(text: str) -> str:
    """Fold a block for phrase comparison: NFKC, casefold, one space, no edge punctuation."""
    if text.isascii():
        # ASCII is its own NFKC form and casefolds as lower(); printable ASCII holds no
        # whitespace but " ", so without "  " there is nothing for _WS to replace.
        text = text.lower()
        return (text if "  " not in text and text.isprintable() else _WS.sub(" ", text)).strip(_EDGE_PUNCT)
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
    pattern_sources: tuple[str, ...] = ()  # the rule's regexes one by one (annotate's pre-filter)
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

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The rule's regexes as one, compiled when a block first gets past annotate's pre-filter
        to it: a one-page run meets a few of the ~160 packaged patterns (bench/startup.py)."""
        return joined_pattern(self.pattern_sources) if self.pattern_sources else None

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

    def all_rules(self) -> tuple[Rule, ...]:
        return self.generic + tuple(r for s in self.sites for r in s.rules)


# --- loading -------------------------------------------------------------------------------


def packaged_rules_dir() -> Path:
    """The rules/ folder shipped in the wheel, or the checkout's top-level rules/ folder."""
    inside = resources.files("cleaner").joinpath("rules")
    if inside.is_dir():
        return Path(str(inside))
    checkout = Path(__file__).resolve().parents[2] / "rules"
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
    import yaml  # here: the packaged packs come pre-read (prebuilt), a user's pack needs it

    try:
        data = _safe_yaml(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot read rule pack: {_one_line(exc)}") from None
    except RecursionError:
        raise RuleError(f"{path}: cannot read rule pack: nested too deeply") from None
    import jsonschema  # here: a run over the packaged packs alone never validates (_trusted_pack)

    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(_schema()).iter_errors(data)
    )
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise RuleError(f"{path}: field {where}: {_one_line(error.message)}")
    return data


def _trusted_pack(path: Path, rules_dir: Path | None = None) -> dict[str, Any]:
    """A pack shipped with cleaner, read without the checks a user's pack gets (schema, YAML
    bounds, pattern safety): the tests run every one of them on the packaged packs
    (tests/test_rules.py checks `cleaner rules check` passes on them and that this reads the same
    data), and skipping them is most of a one-page run's start-up (bench/startup.py). Taken
    pre-read from cleaner/data/packs.json while the file is unchanged (prebuilt)."""
    data = prebuilt.pack_data(path, rules_dir or packaged_rules_dir())
    if data is not None:
        return data
    import yaml

    # libyaml's parser where PyYAML was built with it: the same documents, 12x faster to read.
    fast_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as handle:
        loader = fast_loader(handle)  # a safe loader: plain data, never a tag that runs code
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()


def _safe_yaml(path: Path) -> Any:
    """yaml.safe_load with the bounds a hostile file could otherwise break (PyYAML has none).

    safe_load never runs code, but aliases share nodes: 340 bytes of nested `*alias` lists load
    in a millisecond and expand to 3e9 items the moment anything walks them (schema validation,
    compiling). So the file's size, its bracket nesting and its node count with every alias
    expanded are bounded before the data is built.
    """
    size = path.stat().st_size
    if size > MAX_PACK_BYTES:
        raise RuleError(f"{path}: rule pack is {size} bytes (limit {MAX_PACK_BYTES}); split it")
    import yaml

    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    depth = _flow_depth(text)
    if depth > MAX_PACK_DEPTH:
        raise RuleError(f"{path}: rule pack nests [ ] or {{ }} {depth} levels deep (limit {MAX_PACK_DEPTH})")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        expanded = _expanded_size(node, {})
        if expanded > MAX_PACK_NODES:
            raise RuleError(
                f"{path}: rule pack expands to more than {MAX_PACK_NODES} YAML nodes "
                "(aliases that multiply, as in a billion-laughs file, or that refer to themselves)"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


# Quoted scalars (where brackets are text) and comments, then the flow brackets themselves.
_YAML_FLOW = re.compile(r"""(?<![^\s\[{,:])'[^']*'|(?<![^\s\[{,:])"(?:[^"\\]|\\.)*"|(?<!\S)#[^\n]*|[\[\]{}]""")


def _flow_depth(text: str) -> int:
    """Deepest nesting of flow collections, read without YAML: PyYAML's scanner is quadratic
    in it (1,000 nested `[` take 3 s) before its recursive composer gives up."""
    depth = deepest = 0
    for match in _YAML_FLOW.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth = max(0, depth - 1)
    return deepest


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes in the tree with every alias copied out (memoised: linear in the node graph)."""
    import yaml

    known = memo.get(id(node))
    if known is not None:
        return known
    memo[id(node)] = MAX_PACK_NODES + 1  # a node reached again while being counted: a cycle
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    total = min(total, MAX_PACK_NODES + 1)
    memo[id(node)] = total
    return total


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())[:300]


def check_pattern(pattern: str, where: str) -> re.Pattern[str]:
    """Compile a rule's regex after refusing shapes that can backtrack catastrophically."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise RuleError(f"{where}: pattern longer than {MAX_PATTERN_CHARS} characters")
    try:
        parsed = sre_parse.parse(pattern)
        _refuse_dangerous(parsed, where, inside_repeat=False)
        backtracking.check(pattern, MAX_MATCH_CHARS)
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RuleError(f"{where}: invalid pattern {pattern!r}: {exc}") from None
    except backtracking.Refused as exc:
        raise RuleError(f"{where}: pattern {pattern!r} can backtrack catastrophically: {exc}") from None


def _check_joined(patterns: tuple[str, ...], where: str) -> None:
    """The rule's patterns as the one regex it matches with: each compiles alone, but a flag such
    as `(?i)` inside one is an error once they are joined."""
    try:
        joined_pattern(patterns)
    except re.error as exc:
        raise RuleError(f"{where}: field pattern: the patterns do not compile together: {exc}") from None


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


def compile_rule(raw: dict[str, Any], where: str, pack: str, checked: bool = True) -> Rule:
    patterns = tuple(raw.get("pattern") or ())
    if checked:  # a user's pack: every pattern is checked, and their union compiled, here at load
        for number, pattern in enumerate(patterns):
            check_pattern(pattern, f"{where}: field pattern/{number}")
        if patterns:
            _check_joined(patterns, where)
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
        pattern_sources=patterns,
        examples_match=tuple(examples["match"]),
        examples_no_match=tuple(examples["no_match"]),
        pack=pack,
    )


@lru_cache(maxsize=None)  # one entry per rule that a block has reached: bounded by the packs
def joined_pattern(sources: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in sources), re.IGNORECASE)


def _compile_pack(path: Path, data: dict[str, Any], checked: bool = True) -> tuple[list[Rule], SitePack | None]:
    rules = [
        compile_rule(raw, f"{path}: field rules/{n}", data["pack"], checked)
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
    packaged = packaged_rules_dir()
    files: list[Path] = pack_files(packaged)
    trusted = len(files)  # the packaged packs come first
    for directory in extra_dirs:
        files.extend(pack_files(Path(directory)))
    generic: list[Rule] = []
    sites: list[SitePack] = []
    seen: dict[str, Path] = {}
    for number, path in enumerate(files):
        if number < trusted:
            rules, site = _compile_pack(path, _trusted_pack(path, packaged), checked=False)
        else:
            rules, site = _compile_pack(path, read_pack(path))
        for rule in rules + list(site.rules if site else ()):
            if rule.id in seen:
                raise RuleError(f"{path}: rule id {rule.id} is already used in {seen[rule.id]}")
            seen[rule.id] = path
        generic.extend(rules)
        if site is not None and site_rules:
            sites.append(site)
    return RuleSet(generic=tuple(generic), sites=tuple(sites), files=tuple(str(p) for p in files))


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
