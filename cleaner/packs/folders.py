"""Learning from folders: one site's pack from a folder of its pages (`cleaner learn`), and a pack
per site for the pages of a batch (`cleaner clean DIR -o OUT --learn`)."""

from __future__ import annotations

import contextlib
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from cleaner.errors import CleanerError, UsageError
from cleaner.files import input_files
from cleaner.options import Options
from cleaner.packs.learn import (
    Learned,
    PageLines,
    learn,
    read_folder,
    read_page,
    required_pages,
)
from cleaner.packs.packfile import check_pack_text, dump_pack, pack_dict, write_pack
from cleaner.packs.rules import (
    RuleSet,
    load_rules,
    normalize,
)


@dataclass(frozen=True, slots=True)
class FolderPack:
    """What a folder taught: the template lines, the pack's YAML text, and warnings on its pages."""

    learned: Learned
    text: str
    warnings: list[str]


def learn_folder(root: Path, options: Options, *, name: str | None = None, input_format: str = "auto") -> FolderPack:
    """Learn a site pack from a folder of the site's pages."""
    pages, warnings = read_folder(root, options, input_format)
    groups = group_pages(pages, options)
    largest = max(groups, key=lambda g: len(g.pages), default=None)
    if largest is not None and len(groups) > 1 and len(largest.pages) < required_pages(len(pages), 0, options):
        # 40 pages of 40 sites once gave a pack for "one site" whose fingerprint was "Home".
        raise UsageError(
            f"{root}: {len(pages)} pages of {len(groups)} sites or templates (the largest, {largest.key}, has "
            f"{len(largest.pages)}): learning needs pages of one site that share its template"
        )
    learned = learn(pages, options, name=name, fallback_name=root.resolve().name or "learned site")
    if not learned.lines:
        raise UsageError(f"{root}: no line is printed on enough of the {learned.pages} pages to be template: nothing to learn")
    if not learned.domains and not learned.fingerprints:
        raise UsageError(
            f"{root}: neither a domain nor {options.learn_min_fingerprints} lines of a few words identify the site: "
            "a pack that matches no page would be written"
        )
    text = dump_pack(pack_dict(learned))
    check_pack_text(text, str(root))
    return FolderPack(learned, text, warnings)


# --- learning inside a batch: group the inputs by site -------------------------------------------


@dataclass(frozen=True, slots=True)
class Group:
    key: str  # the domain, or "fingerprint-N" for dumps grouped by shared lines
    pages: tuple[PageLines, ...]


def group_pages(pages: list[PageLines], options: Options) -> list[Group]:
    """By URL domain where a page names one; pages without (text dumps) by the lines they share."""
    by_host: dict[str, list[PageLines]] = {}
    loose: list[PageLines] = []
    for page in pages:
        if page.host:
            by_host.setdefault(page.host, []).append(page)
        else:
            loose.append(page)
    groups = [Group(host, tuple(members)) for host, members in sorted(by_host.items())]
    groups += [Group(f"fingerprint-{n}", tuple(members)) for n, members in enumerate(cluster_by_lines(loose, options), start=1)]
    return groups


def cluster_by_lines(pages: list[PageLines], options: Options) -> list[list[PageLines]]:
    """Greedy, in input order: a page joins the cluster whose first page shares most of its lines.

    Only lines seen on two or more of these pages count (a story's own lines say nothing about its
    site). Comparing with each cluster's first page keeps this linear in pages times sites.
    """
    sets = [{normalize(line) for line in page.lines} for page in pages]
    seen_on = Counter(folded for s in sets for folded in s)
    shared_sets = [frozenset(f for f in s if seen_on[f] >= 2 and len(f) >= 2) for s in sets]
    clusters: list[tuple[frozenset[str], list[PageLines]]] = []
    for page, lines in zip(pages, shared_sets):
        best, best_shared = None, 0
        for number, (seed, _) in enumerate(clusters):
            shared = len(lines & seed)
            enough = shared >= options.learn_group_min_shared and shared >= options.learn_group_min_overlap * min(len(lines), len(seed))
            if enough and shared > best_shared:
                best, best_shared = number, shared
        if best is None:
            clusters.append((lines, [page]))
        else:
            clusters[best][1].append(page)
    return [members for _, members in clusters]


@dataclass(frozen=True, slots=True)
class BatchPack:
    site: str
    path: Path
    pages: int
    lines: int


def learn_packs_for_batch(
    paths: list[Path], out_dir: Path, options: Options, input_format: str = "auto"
) -> tuple[list[BatchPack], list[str]]:
    """Learn one pack per site with enough pages among the inputs, written into out_dir.

    Returns the packs and notes for stderr (unreadable files, groups skipped and why). A site that
    already has a pack keeps it: a learned pack beside it would never be picked for its domain.
    """
    pages: list[PageLines] = []
    notes: list[str] = []
    for path in paths[: options.learn_max_batch_pages]:
        try:
            pages.append(read_page(path, str(path), options, input_format))
        except CleanerError as exc:
            notes.append(f"learn: {path}: skipped: {exc}")
    rules = load_rules(options.rule_dirs, True)
    packs: list[BatchPack] = []
    for group in group_pages(pages, options):
        if len(group.pages) < options.learn_batch_min_pages:
            continue
        known = _known_site(group, rules)
        if known:
            notes.append(f"learn: {group.key}: {len(group.pages)} pages, site pack {known} exists: not learned")
            continue
        learned = learn(list(group.pages), options, pack_prefix="learned",
                        name=None if not group.key.startswith("fingerprint-") else _group_name(group))
        if not learned.lines:
            notes.append(f"learn: {group.key}: {len(group.pages)} pages, no template line found")
            continue
        text = dump_pack(pack_dict(learned))
        check_pack_text(text, group.key)
        path = write_pack(text, out_dir / f"{learned.pack}.yaml", force=False)
        packs.append(BatchPack(site=learned.name, path=path, pages=len(group.pages), lines=len(learned.lines)))
        notes.append(f"learn: {learned.name}: {len(learned.lines)} template line(s) from {len(group.pages)} pages")
    return packs, notes


def _group_name(group: Group) -> str:
    return group.key if not group.pages[0].site_name else group.pages[0].site_name


def _known_site(group: Group, rules: RuleSet) -> str | None:
    """The pack already chosen for these pages: by domain, or by fingerprints on most pages."""
    for site in rules.sites:
        if group.key and "." in group.key and site.matches_url(group.key):
            return site.pack
    for site in rules.sites:
        hits = sum(site.fingerprint_hits({normalize(x) for x in page.lines}) >= site.min_fingerprints for page in group.pages)
        if site.fingerprints and hits * 2 > len(group.pages):
            return site.pack
    return None


@contextlib.contextmanager
def learned_options(paths: list[Path], options: Options, input_format: str = "auto") -> Iterator[tuple[Options, list[BatchPack], list[str]]]:
    """Options whose rule_dirs include packs learned from these inputs; the folder lives while open."""
    with tempfile.TemporaryDirectory(prefix="cleaner-learned-") as folder:
        packs, notes = learn_packs_for_batch(paths, Path(folder), options, input_format)
        if packs:
            options = replace(options, rule_dirs=options.rule_dirs + (folder,))
            load_rules(options.rule_dirs, options.site_rules)  # a clash of rule ids fails here, before cleaning
        yield options, packs, notes


@contextlib.contextmanager
def learn_for_batch(path: str, options: Options, input_format: str = "auto", say=lambda note: None) -> Iterator[Options]:
    """`cleaner clean DIR -o OUT --learn`: Options with packs learned from DIR's pages, while open.

    The packs live in a temporary folder until the batch is done (its workers read them by
    path); `say` receives one note per site learned or skipped.
    """
    root = Path(path)
    if path == "-" or not root.is_dir():
        raise UsageError("--learn needs a folder of pages: cleaner clean DIR -o OUT --learn")
    with learned_options(input_files(root), options, input_format) as (learned, _packs, notes):
        for note in notes:
            say(note)
        yield learned
