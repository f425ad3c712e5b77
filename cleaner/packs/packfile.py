"""A learned site pack as a file: its ids, its rules as rules/schema.json wants them, its YAML text
checked like any pack, and writing it (never through a link, never over a file without force)."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import yaml

from cleaner.errors import OutputError, RuleError, UsageError
from cleaner.files import write_atomic
from cleaner.packs.learn import Learned, TemplateLine
from cleaner.packs.rules import (
    DEFAULT_MAX_WORDS,
    Rule,
    compile_rule,
    example_failures,
    read_pack,
)

# --- the pack as a file ----------------------------------------------------------------------


def rule_id(pack: str, folded: str) -> str:
    """Named after the line itself, so learning again gives a line the same id."""
    digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:10]
    return f"{pack.replace('.', '-')}.template-{digest}"


# exact phrases and prefixes are at most this long in rules/schema.json
_PHRASE_MAX = 300


def rule_dict(learned: Learned, line: TemplateLine, number: int) -> dict:
    rule: dict = {
        "id": rule_id(learned.pack, line.folded),
        "category": "boilerplate",
        "why": f"Template line: printed on {line.pages} of {learned.pages} pages of {learned.name} (learned).",
    }
    if line.outside_story >= learned.boundary_share:
        # Above or below the story on (nearly) every page ("More from ...", a share bar): it ends
        # the story, so teasers of other stories beyond it are not read as more of the story. A
        # line inside the story (a donation box between paragraphs) must not cut it.
        rule["boundary"] = True
    if line.words > DEFAULT_MAX_WORDS:
        rule["max_words"] = line.words
    if len(line.text) <= _PHRASE_MAX:
        rule["exact"] = [line.text]
    else:  # a long footer paragraph: its head names it as well as the whole
        head = line.text[:250].rsplit(" ", 1)[0]
        rule["prefix"] = [head]
    counters = learned.counter_examples
    rule["examples"] = {
        "match": [line.text],
        "no_match": [counters[number % len(counters)]],
    }
    return rule


def pack_dict(learned: Learned) -> dict:
    """The pack in the shape of rules/schema.json (the order of keys is the order people read)."""
    site: dict = {"name": learned.name}
    if learned.domains:
        site["domains"] = list(learned.domains)
    if learned.fingerprints:
        site["fingerprints"] = list(learned.fingerprints)
        site["min_fingerprints"] = learned.min_fingerprints
    return {
        "pack": learned.pack,
        "description": (
            f"Learned by `cleaner learn` from {learned.pages} pages of {learned.name}: "
            f"{len(learned.lines)} template line(s) to drop"
            + (f", {learned.named} more left to the rules that already name them." if learned.named else ".")
        ),
        "site": site,
        "rules": [rule_dict(learned, line, n) for n, line in enumerate(learned.lines)],
    }


def dump_pack(data: dict) -> str:
    return "# Learned by cleaner learn; review before shipping it.\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False
    )


def check_pack_text(text: str, where: str) -> list[Rule]:
    """Validate a pack before it is written: the schema, the patterns and every rule's examples."""
    folder = Path(tempfile.mkdtemp(prefix="cleaner-learn-check-"))
    try:
        path = folder / "pack.yaml"
        path.write_text(text, encoding="utf-8")
        data = read_pack(path)
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
    rules = [compile_rule(raw, f"{where}: field rules/{n}", data["pack"]) for n, raw in enumerate(data["rules"])]
    problems = [p for rule in rules for p in example_failures(rule, where)]
    if problems:
        raise RuleError(problems[0])
    return rules


def write_pack(text: str, target: Path, *, force: bool = False) -> Path:
    """Write next to the target and rename over it; never through a symlink, never over a file without force."""
    if target.suffix not in (".yaml", ".yml"):
        raise UsageError(f"{target}: a rule pack file ends in .yaml")
    if target.is_symlink():
        raise UsageError(f"{target} is a symbolic link: refusing to write through it")
    if target.exists() and (target.is_dir() or not force):
        raise UsageError(f"{target} exists: give --force to replace it" if not target.is_dir() else f"{target} is a folder")
    try:
        write_atomic(target, text, overwrite=force)
    except FileExistsError:
        raise UsageError(f"{target} exists: give --force to replace it") from None
    except OSError as exc:  # a read-only folder, a file where a folder should be
        raise OutputError.of(target, exc) from None
    return target
