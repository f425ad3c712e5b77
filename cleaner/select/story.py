"""Select the main story: teaser units out, the best run of content blocks in, roles around it.

Order of work (each step a small function below):
1. teaser units: a headline, labels, a lede and a read-more marker in a row are another story;
2. story runs: a two-state Viterbi pass (story / other) over the content scores (a learned
   block model, heuristics.py), cut at boundary blocks ("More News");
3. the title is looked for just above the story; subtitle, date line, section label and a
   caption above the title take their roles;
4. every block still undecided is kept (in the story) or dropped with the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from cleaner.model import (
    Action,
    Block,
    Category,
    Decision,
    Document,
    Reason,
    Role,
    heuristic,
    learned,
)
from cleaner.packs.rules import normalize
from cleaner.select.features import content_words
from cleaner.select.heuristics import (
    looks_like_date_line,
    looks_like_headline,
    looks_like_label,
    looks_like_prose,
    looks_like_section_label,
)
from cleaner.text.code import looks_like_code
from cleaner.text.stopwords import stopwords


@dataclass(slots=True)
class Layout:
    """What select found, by block index."""

    story: set[int] = field(default_factory=set)
    captions: set[int] = field(default_factory=set)  # captions of this story, for metadata
    story_start: int = 0
    decisions: dict[int, tuple[Decision, Role | None]] = field(default_factory=dict)

    def set(self, index: int, action: Action, category: Category, reason: Reason, value: float | None = None, role: Role | None = None) -> None:
        self.decisions[index] = (Decision(action, category, reason, value), role)


def select(doc: Document) -> Document:
    blocks = doc.blocks
    if not blocks:
        return doc
    if doc.reading == "page":
        return _select_page(doc)
    layout = Layout()
    teasers = find_teaser_units(blocks, doc.options)
    for index in sorted(teasers):
        if blocks[index].decision is None:
            layout.set(index, "drop", "teaser", heuristic("teaser-unit"), _score(blocks[index]))
    for block in blocks:
        if block.decision is None and block.features["words"] == 0:
            # Punctuation or symbols alone ("&", "|"): never story, whatever surrounds them.
            layout.set(block.index, "drop", "boilerplate", heuristic("no-words"), 0.0)
    candidates = [b.index for b in blocks if _is_candidate(b) and b.index not in teasers and b.index not in layout.decisions]
    story = _html_story(blocks, candidates, doc.options) if doc.reading == "blocks" else _text_story(blocks, candidates, doc.options)
    start = _place_title(doc, story, layout)
    layout.story = {i for i in story if i >= start and i not in layout.decisions}
    layout.story_start = min(layout.story) if layout.story else len(blocks)
    _attach_captions(blocks, layout)
    return doc.with_blocks([_final(block, layout) for block in blocks])


def _select_page(doc: Document) -> Document:
    """The whole page's blocks (reading "page"): the story is what the block model kept and no
    rule dropped; title, date, section and subtitle roles are found around it as for trafilatura's
    blocks, and every other block is dropped with the model's probability as its value."""
    blocks = doc.blocks
    layout = Layout()
    if doc.options.html_page_teasers:
        for index in sorted(find_teaser_units(blocks, doc.options)):
            if blocks[index].decision is None:
                layout.set(index, "drop", "teaser", heuristic("teaser-unit"), _score(blocks[index]))
    for block in blocks:
        if block.decision is None and block.features["words"] == 0:
            layout.set(block.index, "drop", "boilerplate", heuristic("no-words"), 0.0)
    story = [b.index for b in blocks if b.features["html_kept"] and _is_candidate(b) and b.index not in layout.decisions]
    _place_title(doc, story, layout)
    # The model kept these blocks wherever they stand (a forum's posts, a listing's cards):
    # the title found above them takes its role but does not cut what comes before it.
    layout.story = {i for i in story if i not in layout.decisions}
    layout.story_start = min(layout.story) if layout.story else len(blocks)
    _attach_captions(blocks, layout)
    return doc.with_blocks([_final_page(block, layout) for block in blocks])


def _final_page(block: Block, layout: Layout) -> Block:
    """As `_final`, with the model as the decider of what no rule or role decided."""
    if block.index in layout.decisions or (block.decision is not None and (block.index in layout.story or not block.decision.kept)):
        return _final(block, layout)
    value = round(block.features["html_block"], 4)
    if block.index in layout.story:
        return _final(block, layout).decide(Decision("keep", "story", learned("html-block"), value))
    category: Category = "navigation" if block.features["html_nav"] else "boilerplate"
    return _final(block, layout).evolve(decision=Decision("drop", category, learned("html-block"), value))


def _is_candidate(block: Block) -> bool:
    return block.decision is None or (block.decision.kept and block.role is not None)


def _score(block: Block) -> float:
    return round(block.features.get("content", 0.0), 3)


# --- teaser units ---------------------------------------------------------------------------


def find_teaser_units(blocks: tuple[Block, ...], options) -> set[int]:
    """Blocks of other stories' teasers: [headline] [labels] lede... [read-more]."""
    markers = [b.index for b in blocks if b.decision and b.decision.category == "read-more"]
    found: set[int] = set()
    for marker in markers:
        unit = _teaser_unit(blocks, marker, options, several=len(markers) >= 2)
        found.update(unit)
    return found


def _teaser_unit(blocks, marker: int, options, several: bool) -> list[int]:
    lede: list[int] = []
    i = marker - 1
    while i >= 0 and len(lede) < options.teaser_window:
        block = blocks[i]
        if block.decision is None and looks_like_prose(block, options):
            lede.append(i)
        elif block.decision is None or block.decision.category == "read-more":
            break
        i -= 1
    if not lede or (not several and len(lede) > options.teaser_lone_max_lede):
        return []
    head: list[int] = []
    headline = False
    while i >= 0 and len(head) < options.teaser_max_head:
        block = blocks[i]
        if block.decision is not None:
            if block.decision.category in ("read-more",) or block.features.get("boundary"):
                break
        elif looks_like_headline(block, options):
            headline = True
        elif not (looks_like_label(block, options) or block.features.get("comma_list")):
            break
        head.append(i)
        i -= 1
    return head + lede if headline else []


# --- story runs -------------------------------------------------------------------------------


def _text_story(blocks: tuple[Block, ...], candidates: list[int], options) -> list[int]:
    """The story runs of the page's story segment (between boundary blocks), in order.

    Every run of that segment is kept, not only the longest: measured on ../shared/bench
    innertext dumps, scrapinghub F1 0.890 -> 0.904, wcxb-dev 0.726 -> 0.772 (multi-part
    pages). A short page may have no run strong enough to pay for two switches: then the
    blocks are taken one by one (no switching cost) rather than nothing returned.
    """
    segments = _story_segments(blocks, candidates, options.switch_cost, options.rule_dropped_score)
    if not any(segments):
        segments = _story_segments(blocks, candidates, 0.0, options.rule_dropped_score)
    if not any(segments):
        segments = [_lone_paragraph(blocks, candidates, options)]
    story = _pick_segment(blocks, segments, options.story_segment_share)
    story = _fill_gaps(blocks, candidates, story, options.gap_fill_score)
    story = _cut_thread(blocks, story, options)
    return story if _reads_as_story(blocks, story, options, options.dump_min_story_words) else []


def _reads_as_story(blocks: tuple[Block, ...], story: list[int], options, min_words: int) -> bool:
    """A dump's "story" of a few short lines and not one sentence (a footer's "Privacy policy
    (c) 2024 Example"), or of program code (a script the dump let through), is no story."""
    prose = [i for i in story if not looks_like_code(blocks[i].text)]
    words = sum(blocks[i].features["words"] for i in prose)
    return words >= min_words or any(_is_sentence_prose(blocks[i], options) for i in prose)


def _thread_marker(block: Block, kinds: tuple[str, ...]) -> bool:
    return any(block.features.get(kind, 0.0) > 0 for kind in kinds)


def _cut_thread(blocks: tuple[Block, ...], story: list[int], options) -> list[int]:
    """End the story where a thread starts: a comment's header ("joetoronto says:", "Alex on
    September 17, 2018 at 6:34 am said:") followed by more of them, after a story of some length.

    A forum page opens with its first post's header, so nothing of length stands before it and
    the thread is the story; a blog post has its article above the comments.
    """
    if not story or options.thread_min_headers <= 0:
        return story
    span = blocks[story[0] : story[-1] + 1]
    markers = [b.index for b in span if _thread_marker(b, options.thread_markers)]
    for position, first in enumerate(markers):
        if len(markers) - position < options.thread_min_headers:
            break
        if markers[position + options.thread_min_headers - 1] - first > options.thread_window:
            continue
        words = sum(blocks[i].features["words"] for i in story if i < first)
        if words >= options.thread_min_story_words:
            return [i for i in story if i < first]
        break  # a thread from the top: the page is the thread
    return story


def _fill_gaps(blocks: tuple[Block, ...], candidates: list[int], story: list[int], floor: float) -> list[int]:
    """Between the story's first and last block, a candidate scoring at least `floor` joins it
    (hysteresis: weaker evidence suffices inside the story than to start one)."""
    if not story or floor >= 1.0:
        return story
    first, last = story[0], story[-1]
    inside = {i for i in candidates if first <= i <= last and blocks[i].features["content"] >= floor}
    return sorted(inside | set(story))


def _lone_paragraph(blocks: tuple[Block, ...], candidates: list[int], options) -> list[int]:
    """A page whose every block scores low may still be one paragraph of prose (a dump of
    the story alone, or the cleaned text cleaned again): keep the best such block."""
    prose = [i for i in candidates if _is_sentence_prose(blocks[i], options)]
    if not prose:
        return []
    return [max(prose, key=lambda i: (blocks[i].features["content"], -i))]


def _pick_segment(blocks: tuple[Block, ...], segments: list[list[int]], share: float) -> list[int]:
    """The first segment with at least `share` of the richest one's words: a story comes before
    the 'Related' and 'More News' lists that boundary blocks open."""
    words = [sum(blocks[i].features["words"] for i in segment) for segment in segments]
    if not words or max(words) == 0:
        return []
    return next(seg for seg, count in zip(segments, words) if count >= share * max(words))


def _story_segments(blocks: tuple[Block, ...], candidates: list[int], switch: float, dropped_score: float) -> list[list[int]]:
    """Per segment, the candidate blocks the Viterbi pass labels story.

    Blocks a rule dropped between two candidates stay in the sequence as observations of
    non-story (score `dropped_score`): removing them would let the junk on either side of a
    share bar or a menu join into one run.
    """
    found: list[list[int]] = []
    wanted = set(candidates)
    for segment in _segments(blocks, candidates):
        span = [b for b in blocks[segment[0] : segment[-1] + 1] if b.index in wanted or _rule_dropped(b)]
        scores = [b.features["content"] if b.index in wanted else dropped_score for b in span]
        labels = viterbi(scores, switch)
        found.append([b.index for b, is_story in zip(span, labels) if is_story and b.index in wanted])
    return found


def _rule_dropped(block: Block) -> bool:
    """Dropped before any score was read: by a rule, or as the page's furniture."""
    return block.decision is not None and not block.decision.kept and block.decision.reason.by != "heuristic"


def _html_story(blocks: tuple[Block, ...], candidates: list[int], options) -> list[int]:
    """trafilatura already chose the main text: keep the candidates up to the first boundary.

    A page with no story at all (a menu, a footer) still gives trafilatura something to
    return; a "story" of a few short lines and not one sentence is no story.
    """
    segments = _segments(blocks, candidates)
    if not segments:
        return []
    story = max(segments, key=lambda s: (sum(blocks[i].features["words"] for i in s), -s[0]))
    words = sum(blocks[i].features["words"] for i in story)
    has_sentence = any(blocks[i].features["ends_sentence"] and looks_like_prose(blocks[i], options) for i in story)
    return story if has_sentence or words >= options.html_min_story_words else []


def _segments(blocks: tuple[Block, ...], candidates: list[int]) -> list[list[int]]:
    """Candidate indices cut wherever a boundary block or a teaser unit stands between them."""
    segments: list[list[int]] = []
    current: list[int] = []
    previous = -1
    for index in candidates:
        between = blocks[previous + 1 : index]
        if current and any(b.features.get("boundary") for b in between):
            segments.append(current)
            current = []
        current.append(index)
        previous = index
    if current:
        segments.append(current)
    return segments


def viterbi(scores: list[float], switch: float) -> list[bool]:
    """Most likely story/other labelling given each block's content probability."""
    if not scores:
        return []
    # The cost of each label per block: -log of its probability, the score kept in [0.02, 0.98].
    clipped = [min(0.98, max(0.02, p)) for p in scores]
    other = [-math.log(1.0 - p) for p in clipped]
    story = [-math.log(p) for p in clipped]
    # The two states written out (state 0: other, 1: story); min(stay, move) is stay when
    # stay <= move, as the back pointer says.
    back = [(0, 0)] * len(scores)
    cost0, cost1 = other[0], story[0] + switch
    for t in range(1, len(scores)):
        move0, move1 = cost1 + switch, cost0 + switch
        if cost0 <= move0:
            new0, back0 = cost0 + other[t], 0
        else:
            new0, back0 = move0 + other[t], 1
        if cost1 <= move1:
            new1, back1 = cost1 + story[t], 1
        else:
            new1, back1 = move1 + story[t], 0
        back[t] = (back0, back1)
        cost0, cost1 = new0, new1
    state = 0 if cost0 <= cost1 else 1
    labels = [False] * len(scores)
    for t in range(len(scores) - 1, -1, -1):
        labels[t] = bool(state)
        state = back[t][state]
    return labels


# --- title and the blocks around it ----------------------------------------------------------


def _place_title(doc: Document, story: list[int], layout: Layout) -> int:
    """Give title, subtitle, date, section and caption roles; return where the story starts."""
    blocks, options = doc.blocks, doc.options
    if not story:
        return 0
    start = story[0]
    title = _find_title(doc, start)
    if title is None:
        _roles_before_story(blocks, range(max(0, start - options.untitled_roles_window), start), layout, options, allow_subtitle=False)
        return start
    layout.set(title, "drop", "title", heuristic("title"), _title_score(blocks, title, start, options), "title")
    above = title - 1
    if above >= 0 and _caption_above_title(blocks[above], options):
        layout.set(above, "drop", "caption", heuristic("caption-above-title"), blocks[above].features["title_case"], "caption")
        layout.captions.add(above)
    # In HTML the page declares its standfirst (meta description); trafilatura's first
    # block after the title is the lede, however it ends ("HAYWARD, Calif. (AP) — The Latest").
    allow_subtitle = doc.page.format != "html"
    first_story = _roles_before_story(blocks, range(title + 1, len(blocks)), layout, options, allow_subtitle=allow_subtitle, title=blocks[title])
    if not allow_subtitle and first_story < len(blocks) and _is_description(blocks[first_story], doc):
        layout.set(first_story, "drop", "subtitle", heuristic("subtitle"), blocks[first_story].features["words"], "subtitle")
        first_story += 1
    return first_story


def _find_title(doc: Document, start: int) -> int | None:
    blocks, options = doc.blocks, doc.options
    if doc.page.format == "html":
        return _html_title(doc, start)
    # The story's first block may be its headline, or a label above it; but a title below a
    # first block that is a sentence of prose would cut that paragraph off the story.
    after = 1 if _is_sentence_prose(blocks[start], options) else 2
    window = range(max(0, start - options.title_window), min(len(blocks), start + after))
    vocabulary = _story_vocabulary(doc, start)
    scored = [
        (_title_score(blocks, i, start, options) + options.title_overlap_weight * _overlap(blocks[i], vocabulary, doc), -i, i)
        for i in window
        if _title_candidate(blocks[i], options)
    ]
    scored = [s for s in scored if s[0] >= options.title_min_score]
    return max(scored)[2] if scored else None


def _is_sentence_prose(block: Block, options) -> bool:
    return looks_like_prose(block, options) and block.features["ends_sentence"] > 0


def _story_vocabulary(doc: Document, start: int) -> set[str]:
    """Content words of the story's first blocks (about 300 words): a headline names them."""
    picked, size = [], 0
    options = doc.options
    for block in doc.blocks[start:]:
        if size >= options.title_vocabulary_words:
            break
        if block.decision is None and block.features.get("content", 0.0) >= options.title_vocabulary_min_content:
            picked.append(block.text)
            size += int(block.features["words"])
    return content_words(" ".join(picked), stopwords(doc.language))


def _overlap(block: Block, vocabulary: set[str], doc: Document) -> float:
    """Share of the line's content words that the story's opening uses too."""
    words = content_words(block.text, stopwords(doc.language))
    return len(words & vocabulary) / len(words) if words else 0.0


def _is_description(block: Block, doc: Document) -> bool:
    """The block repeats the page's declared description (its standfirst)."""
    if block.decision is not None or not doc.hints.description:
        return False
    text, description = normalize(block.text), normalize(doc.hints.description)
    return bool(text) and (text == description or (len(text) >= doc.options.description_prefix_min_chars and description.startswith(text)))


def _html_title(doc: Document, start: int) -> int | None:
    """With HTML the title comes from the page's metadata; a block that repeats it goes."""
    if not doc.hints.title:
        return None
    wanted = normalize(doc.hints.title)
    options = doc.options
    for block in doc.blocks[: start + options.html_title_window_after]:
        text = normalize(block.text)
        # Inside the page's title and most of it: "Reviews" is inside "Product Reviews | Site"
        # but is a heading of the story, not its title.
        if block.decision is None and text and text in wanted and len(text) >= options.html_title_min_cover * len(wanted):
            return block.index
    return None


def _title_candidate(block: Block, options) -> bool:
    if block.decision is not None and block.role != "title":
        return False
    return looks_like_headline(block, options) and not block.features["comma_list"] and not block.features["has_separator"]


def _title_score(blocks, index: int, start: int, options) -> float:
    block = blocks[index]
    f = block.features
    # A title printed twice (page heading and article heading) is a strong sign; a line
    # printed three times or more is template (share bars), not a title.
    if f["repeats"] == 1:
        score = options.title_repeat_bonus
    else:
        score = -options.title_template_penalty if f["repeats"] > 1 else 0.0
    score += options.title_case_bonus if f["title_case"] >= options.title_case_high else 0.0
    score -= options.title_long_penalty if f["words"] > options.title_long_words else 0.0
    score += 1.0 / (1 + max(0, start - index))
    following = _next_open(blocks, index)
    if following is not None:
        nxt = blocks[following]
        if looks_like_date_line(nxt, options) or nxt.role in ("byline", "date") or normalize(nxt.text) == normalize(block.text):
            score += options.title_date_below_bonus
    return round(score, 3)


def _next_open(blocks, index: int) -> int | None:
    for block in blocks[index + 1 :]:
        if block.decision is None or block.role is not None:
            return block.index
    return None


def _caption_above_title(block: Block, options) -> bool:
    f = block.features
    return (
        block.decision is None
        and f["words"] >= options.subtitle_min_words
        and f["title_case"] < options.title_case_high
        and not f["ends_sentence"]
        and not f["has_separator"]
    )


def _roles_before_story(blocks, indices, layout: Layout, options, allow_subtitle: bool, title: Block | None = None) -> int:
    """Walk from the title down: repeats, date, section label, subtitle; return the story start."""
    subtitle_seen = not allow_subtitle
    for i in indices:
        block = blocks[i]
        if block.decision is not None:
            if block.decision.kept:
                return i
            continue
        if title is not None and normalize(block.text) == normalize(title.text):
            layout.set(i, "drop", "title", heuristic("repeated-title"), block.features["repeats"])
        elif looks_like_date_line(block, options):
            layout.set(i, "drop", "date", heuristic("date-line"), block.features["date_share"], "date")
        elif looks_like_section_label(block, options):
            layout.set(i, "drop", "section-label", heuristic("section-label"), block.features["title_case"], "section")
        elif not subtitle_seen and _subtitle_shape(block, options):
            layout.set(i, "drop", "subtitle", heuristic("subtitle"), block.features["words"], "subtitle")
            subtitle_seen = True
        else:
            return i
    return indices.stop


def _subtitle_shape(block: Block, options) -> bool:
    f = block.features
    return options.subtitle_min_words <= f["words"] <= options.subtitle_max_words and not f["ends_sentence"]


# --- captions after the story, final decisions ------------------------------------------------


def _attach_captions(blocks: tuple[Block, ...], layout: Layout) -> None:
    """Captions and credits right below the story belong to it (kept in metadata, not text)."""
    if not layout.story:
        return
    for block in blocks[max(layout.story) + 1 :]:
        if block.role in ("caption", "credit") and block.decision is not None:
            layout.captions.add(block.index)
        else:
            break


def _final(block: Block, layout: Layout) -> Block:
    if block.role in ("caption", "credit") and block.index not in layout.captions:
        block = block.evolve(role=None)  # another story's picture: not this page's metadata
    if block.index in layout.decisions:
        decision, role = layout.decisions[block.index]
        return block.decide(decision, role)
    if block.index in layout.story:
        if block.decision is not None:  # a keep rule (an update note) inside the story
            return block
        return block.decide(Decision("keep", "story", heuristic("story-run"), _score(block)))
    if block.decision is not None and not block.decision.kept:
        return block
    where = "before" if block.index < layout.story_start else "after"
    category = "navigation" if where == "before" else "boilerplate"
    return block.evolve(decision=Decision("drop", category, heuristic(f"{where}-story"), _score(block)), role=None if block.role == "update-note" else block.role)
