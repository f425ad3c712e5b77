"""Every threshold in one place, each with a note on where its value came from."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import date

from cleaner.errors import UsageError


@dataclass(frozen=True, slots=True)
class Options:
    # --- rules ---------------------------------------------------------------------------
    site_rules: bool = True
    rule_dirs: tuple[str, ...] = field(default=())

    # --- input ---------------------------------------------------------------------------
    # Larger inputs are refused as too-large: the biggest benchmark page is 2.6 MB of HTML.
    max_input_bytes: int = 30_000_000
    # A batch ends a document that runs longer than this (an `error` record, `timeout`) by
    # killing its worker; 0 turns the limit off. The slowest of the 962 benchmark pages and
    # dumps took 1.2 s alone, 3.8 s on a loaded machine (bench/throughput.py), so 60 s stops
    # only what would never finish.
    timeout_seconds: float = 60.0
    # Bounds on what one page may cost (bench/pathological.py measures them). Per block the
    # pipeline spends ~1 ms, and trafilatura ~0.2 ms per tag (counted as '<'): the largest
    # benchmark text dump has 1,858 lines and the most tagged benchmark page 21,646 '<', while a
    # 200,000-line dump took > 5 min and a page of 200,000 tags 90 s. Past these the page is cut
    # (a warning says where) rather than refused: a story sits at the top of its page.
    max_blocks: int = 10_000
    max_html_tags: int = 50_000
    # Below this depth of nesting an HTML page is read as plain text (its tags stripped), so no
    # recursive walk of the tree nears Python's limit; the deepest scrapinghub page is 50
    # elements deep, libxml2 stops at 256 without huge_tree (cleaner/htmlparse.py).
    max_html_depth: int = 200
    # libxml2 checks each attribute of a tag against the others: 20,000 attributes on one
    # <div> took 11 s to clean, 40,000 take 3 s per parse. Past this many (a real tag has a
    # few dozen) the tag loses its attributes before parsing.
    max_tag_attributes: int = 1_000
    # A block longer than this is cut at a space: a 10 MB one-line dump took 19 s of per-
    # character features; the longest line of a benchmark text dump has 32,951 characters.
    max_block_chars: int = 100_000
    # A longer line is read as at most this many blocks, cut at sentence ends, and the rest is
    # cut with a warning: one piece cut mid-sentence read as navigation (a 115,000-character
    # line of prose came out empty), and 10 MB of pieces would cost those 19 s again.
    # single-line-10mb (tests/badinputs.py): 0.66 s with one piece, about twice with two.
    max_line_pieces: int = 2
    # Share of control characters (not tab/newline) above which bytes are taken for binary.
    # Real text has ~0; the seeds and all 481 benchmark pages have none.
    binary_control_ratio: float = 0.05

    # --- language ------------------------------------------------------------------------
    # langdetect reads at most this many characters of the longest blocks, with this many
    # trials. On the 481 ../shared/bench innertext dumps, against langdetect on 5,000
    # characters with its default 7 trials: 600/3 agrees on 99.6% at 3.6 ms a page, 400/2 on
    # 99.6% at 2.9 ms, 200/2 on 99.6% at 2.1 ms (loaded machine; /tmp script in the commit).
    language_sample_chars: int = 400
    language_trials: int = 2
    language_seed: int = 0
    # An HTML page's own <html lang> is taken (langdetect skipped) when at least this share of
    # the sample's words are that language's stopwords (story text has 30-50%) and no other
    # stoplist covers more. On the 481 ../shared/bench pages, against langdetect on 5,000
    # characters with 7 trials: 0.10 takes 380 and 0.15 takes 379, wrong on none (without the
    # no-other-covers-more check 0.10 took 423 and was wrong on one, lang="de" over English);
    # 41 pages declare nothing.
    declared_language_min_stopwords: float = 0.15

    # --- block heuristics ----------------------------------------------------------------
    # Weights of the block content model (JSON); None means the packaged
    # cleaner/data/content_model.json that bench/train_scorer.py writes.
    content_model: str | None = None
    # A block of at least this many words that ends like a sentence reads as story text
    # (jusText's LENGTH_LOW is 70 characters, about 12 words; lower here because dumps put
    # one short paragraph a line).
    content_min_words: int = 10
    # Stopword density at or above which such a block reads as prose (teaser ledes, lone
    # paragraphs); jusText's STOPWORDS_LOW is 0.30, lower here for terse news copy.
    stopwords_low: float = 0.20
    # Share of capitalised words (stopwords aside) above which a short block reads as a
    # headline or a label: 0.75 tells "US And Iran Agree ISIS ..." (1.0) from a caption
    # in sentence case (0.5).
    title_case_high: float = 0.75
    # A headline is between these many words. The upper bound: of the 1,055 titles in
    # ../shared/bench/wcxb-train truth, 3 have more than 25 words (the longest 39) and 133 fewer
    # than 3 (counted with str.split; the 25 itself was set in the first pipeline, unmeasured).
    title_min_words: int = 3
    # The title is looked for among this many blocks above the story, and gains this weight
    # times the share of its content words that the story's opening uses (wcxb-dev innertext
    # title accuracy 0.253 -> 0.317 with 25 and 4.0; 12 and 2.0 gave 0.293).
    title_window: int = 25
    title_overlap_weight: float = 4.0
    title_max_words: int = 25
    # The text title search keeps the best-scoring line only when it scores at least this
    # (a line of 0.0 has nothing of a title about it; not measured, set in the first pipeline).
    title_min_score: float = 1.0
    # Title score terms (cleaner/select/story.py `_title_score`), set by hand in the first
    # pipeline and not fitted: a line printed twice (page heading and article heading) gains
    # title_repeat_bonus; three times or more is template (a share bar) and loses
    # title_template_penalty (that rule: commit fcee7e6, share-bar lines had won seed-like pages'
    # title slot); title case gains title_case_bonus; more than title_long_words words loses
    # title_long_penalty (27 of the 1,055 wcxb-train truth titles are longer than 15 words); a
    # date line, byline or repeat right below gains title_date_below_bonus.
    title_repeat_bonus: float = 2.0
    title_template_penalty: float = 1.0
    title_case_bonus: float = 1.0
    title_long_words: int = 15
    title_long_penalty: float = 1.0
    title_date_below_bonus: float = 1.0
    # The story's opening the title is compared with: blocks scoring at least
    # title_vocabulary_min_content (the model's neutral 0.5), up to about this many words (a
    # few paragraphs). Set with title_overlap_weight in commit 2bfd19b; only the window and
    # weight were varied then, these two were not.
    title_vocabulary_words: int = 300
    title_vocabulary_min_content: float = 0.5
    # With no title found, a date line or section label is looked for in this many blocks
    # above the story (a byline block sits right above it; not measured, first pipeline).
    untitled_roles_window: int = 3
    # A subtitle (standfirst) is a sentence-like block right after the title, at least this long.
    subtitle_min_words: int = 6
    # ... and at most this long: a standfirst is one or two sentences. Not measured (the
    # benchmark truth has no subtitle); chosen as 60 in the first pipeline so that a lede of
    # three sentences without a final stop is still not taken for one.
    subtitle_max_words: int = 60
    # The story is the first segment (between boundary blocks such as "Related") holding at
    # least this share of the richest segment's story words. Measured on ../shared/bench
    # innertext: 0.5 gave scrapinghub F1 0.898, 1.0 (the richest segment) 0.901; wcxb-dev
    # 0.773 both.
    # Re-checked on wcxb-train, the fit set, with the content model trained out of fold
    # (bench/tune_select.py, bag-of-words F1 of innertext dumps, 5 folds by site): 1.0 with
    # switch_cost 0.8 gives 0.8061, and the grid is flat: switch_cost 0.4 / 1.2 / 1.6 give
    # 0.8043 / 0.8030 / 0.8061, share 0.5 0.8063, share 0.0 (every segment) 0.7747. Chosen on
    # four folds and scored on the fifth, tuning these two gives 0.8042 against 0.8061: the
    # report-set figures above carry no gain, and both values stay.
    story_segment_share: float = 1.0
    # The content score a rule-dropped block counts as in the story/other pass (0.5 would be
    # neutral). innertext F1, scrapinghub / wcxb-dev: 0.5 -> 0.904 / 0.772, 0.2 -> 0.907 /
    # 0.773, 0.05 -> 0.905 / 0.772.
    rule_dropped_score: float = 0.2
    # Cost, in nats, of switching between story and other in the Viterbi pass. innertext F1
    # scrapinghub / wcxb-dev (with gap filling at 0.1): 1.0 0.916 / 0.799, 2.0 0.912 /
    # 0.797, 3.0 0.913 / 0.791. Re-measured with the comment-thread cut and keyword runs
    # (fast scorer, innertext / htmltext, scrapinghub then wcxb-dev): 0.6 0.921 / 0.913,
    # 0.808 / 0.827; 0.8 0.922 / 0.916, 0.807 / 0.827; 1.0 0.921 / 0.914, 0.804 / 0.826;
    # 1.3 0.917 / 0.915, 0.805 / 0.826.
    switch_cost: float = 0.8
    # Inside the story's span (first to last story block) a block needs only this content
    # score to be kept. innertext F1 scrapinghub / wcxb-dev: off 0.907 / 0.772, 0.3 0.909 /
    # 0.791, 0.15 0.912 / 0.796, 0.05 0.912 / 0.798, 0.0 0.912 / 0.797.
    # Re-checked on wcxb-train as story_segment_share is (bench/tune_select.py): 0.1 gives
    # 0.8061, 0.0 0.8058, 0.2 0.8065, 0.35 at most 0.803; rule_dropped_score 0.05 / 0.5 give
    # 0.8060 / 0.8059, dump_min_story_words 100 (at 0.2) 0.8061. Chosen on four folds and
    # scored on the fifth, tuning the three together gives 0.8025 against 0.8061: they stay.
    gap_fill_score: float = 0.1
    # A comment thread ends the story: this many comment headers ("joetoronto says:") within
    # thread_window blocks, after at least thread_min_story_words of story (a forum's thread,
    # which opens with a header, stays). 0 turns the cut off. A marker is a comment header, a
    # line ending in a clock time or a relative time ("2 days ago"). `cleaner eval` F1, innertext
    # scrapinghub / wcxb-dev: off 0.916 / 0.804, on 0.921 / 0.808 (htmltext 0.902 -> 0.908 /
    # 0.823 -> 0.826); fast scorer, headers only 0.918 / 0.799, without relative times
    # 0.921 / 0.801, 2 headers 0.921 / 0.800, 50 or 200 story words 0.921 / 0.801 and 0.800.
    # Off since the model is fitted on wcxb-train: its 5-fold cross-validation by site
    # (innertext, fold models from bench/train_scorer.py's fit) gives shingle F1 0.800 -> 0.804,
    # bag-of-words 0.797 -> 0.803, forum 0.667 -> 0.740, article 0.915 -> 0.913, with 3 -> 0:
    # in WCXB's truth a forum's posts and a Q&A page's answers are the content.
    thread_min_headers: int = 0
    thread_window: int = 30
    # A dump's story with no sentence of prose and fewer words than this, not counting lines of
    # program code, is no story (cleaner/select/story.py `_reads_as_story`; a footer's "Privacy
    # policy (c) 2024 Example" or a script line had become one-block stories with the model
    # fitted on wcxb-train). 5-fold cross-validation by site on wcxb-train innertext, shingle /
    # bag-of-words F1 (pages changed): 0 (off) 0.804 / 0.803; 8 the same (none); 15 0.804 /
    # 0.804 (2); 30 0.805 / 0.804 (4); 50 0.806 / 0.805 (8: three empty truths now right,
    # five pages that scored at most 0.15 emptied; per type BoW listing 0.628 -> 0.641,
    # product 0.491 -> 0.503, collection 0.547 -> 0.558, the others unchanged); 100 0.808 /
    # 0.805 (15), but product pages scoring 0.49 are emptied (product BoW 0.491 -> 0.489).
    dump_min_story_words: int = 50
    thread_min_story_words: int = 100
    thread_markers: tuple[str, ...] = ("comment_header", "clock_stamp", "relative_time")
    # A block of at least this many words without one comma or stop (a tag cloud, a keyword
    # list) scores at most keyword_run_score. On the 962 ../shared/bench dumps, 89% of the
    # words in such lines of >= 30 words are not story (>= 15 words: 73%). Table header rows
    # (title case) and rows of figures (digits) are not keyword runs: without those two
    # conditions wcxb-dev htmltext lost 0.26 and 0.14 F1 on two table pages. `cleaner eval` F1
    # htmltext scrapinghub 0.909 -> 0.914 (a tag cloud had been taken for the story), the
    # other three figures unchanged.
    keyword_run_min_words: int = 30
    keyword_run_score: float = 0.2
    keyword_run_title_case: float = 0.5
    keyword_run_digit_share: float = 0.1
    # A short line in title case, a lede and a read-more link within this many blocks form
    # a teaser unit.
    teaser_window: int = 8
    # With a single read-more marker on the page, a lede of more than this many paragraphs is
    # the story itself ending in "Read more", not a teaser; above a lede, at most
    # teaser_max_head headline and label lines belong to its unit. Neither measured: set in the
    # first pipeline (a teaser is a headline, a label or two and a one- to three-line lede).
    teaser_lone_max_lede: int = 3
    teaser_max_head: int = 6

    # --- block shapes (cleaner/select/heuristics.py) ---------------------------------------
    # A line with at least this share of its words in a date is not a headline or a label,
    # and with date_line_min_share or more it is a date line ("Updated: March 3, 2021 10:15").
    # Both set in the first pipeline, not measured.
    label_max_date_share: float = 0.5
    date_line_min_share: float = 0.6
    # A section label is at most this many words ("World", "Local News"), or a breadcrumb
    # with separators ("News | World | Europe") of at most breadcrumb_max_words. Not measured.
    label_max_words: int = 3
    breadcrumb_max_words: int = 6

    # --- block features (cleaner/select/features.py) --------------------------------------
    # These define features the content model was trained on: changing one means retraining
    # cleaner/data/content_model.json with bench/train_scorer.py, then measuring.
    # Date patterns, comma lists, relative times and clock stamps are looked for in lines of at
    # most this many words (a date line or stamp is short; skipping longer lines also saves most
    # of the date patterns' cost, commit fcee7e6). Set in the first pipeline, not varied.
    short_line_max_words: int = 12
    # A short line without a final stop and with at least this many commas is a list ("News,
    # Sport, Weather"). Not measured.
    comma_list_min_commas: int = 2
    # A comment header ("Alex on September 17, 2018 at 6:34 am said:") is at most this long
    # (commit 0fcec4e; not varied, the thread cut's figures were measured with it).
    comment_header_max_words: int = 16
    # The model's prose_around feature counts neighbours that read as prose: at least this many
    # words, this stopword density, a final stop (commit 5961c51, the model's first training;
    # not varied separately).
    prose_around_min_words: int = 10
    prose_around_stopwords: float = 0.25
    # A dump the cards-page model (select/context.py, fitted with the content model on
    # wcxb-train's page types) calls a listing or collection with at least this probability has
    # its blocks' content log-odds moved up by cards_page_score_shift: its cards' short titles
    # and blurbs are content. Chosen by 5-fold cross-validation by site on wcxb-train innertext
    # (per-page BoW F1 of 1,054 dumps, fold models refitted, a scratch copy of `cleaner eval
    # --folds 5`): shift 0 / 0.8 / 1.2 at 0.5 gave 0.805 / 0.811 / 0.811, and 0.8 at 0.35 gave
    # 0.812; a shift of 0.8 for every page gave 0.803 (articles lose). 0.0 turns the guess off.
    cards_page_min_probability: float = 0.35
    cards_page_score_shift: float = 0.8

    # --- HTML ----------------------------------------------------------------------------
    # An HTML page whose story has no sentence of prose and fewer words than this has no
    # story (a menu-only page). The smallest truth articleBody in ../shared/bench has 18
    # words, in sentences; scrapinghub and wcxb-dev html F1 are unchanged by this check.
    html_min_story_words: int = 15
    # trafilatura keeps table text (its own default): a story's table (a schedule, figures)
    # is story text. Not measured against False; left at trafilatura's default.
    include_tables: bool = True
    # A block is the HTML page's title (dropped, its role taken) when it lies at most this many
    # blocks below the story's start and covers at least html_title_min_cover of the declared
    # title's characters: a "Reviews" heading inside "Product Reviews | Site" is the story's
    # (commit 62ce0de, scrapinghub html F1 0.971 -> 0.972; the 3 is from the first pipeline).
    html_title_window_after: int = 3
    html_title_min_cover: float = 0.6
    # The first block after the title is the subtitle when it repeats the declared description,
    # or is a prefix of it of at least this many characters (a shorter prefix is a phrase, not a
    # standfirst cut short; commit 7e81af2, the 40 not varied).
    description_prefix_min_chars: int = 40
    # Figure captions kept in metadata: at most this many (a gallery has hundreds, and metadata
    # is not the place for them; not measured, commit 5961c51).
    max_captions: int = 12
    # trafilatura runs in its fast mode. Where that finds fewer blocks than html_fallback_blocks
    # (nothing, or one lump: fast mode's last resort is the whole page as one paragraph), the
    # page is read as a text dump (domtext.py); where it finds several blocks but fewer
    # characters than html_fallback_chars, its full cascade (readability, jusText, recall
    # retry) runs as a second opinion. bare_extraction alone, wcxb-dev / scrapinghub F1: fast
    # 0.807 / 0.962, full 0.820 / 0.960, fast with the cascade as fallback at 250 chars 0.812 /
    # 0.965, 500 0.821 / 0.965, 1000 0.823 / 0.962, 2000 0.820 / 0.962. Whole pipeline, lumps
    # and empties read as dumps instead of through the cascade: 0.823 -> 0.826 / 0.972 -> 0.966
    # (25 / 4 pages), and the cascade's time saved.
    html_fallback_chars: int = 500
    html_fallback_blocks: int = 2
    # HTML metadata (cleaner/htmlmeta.py). The title is the first of this many <h1>s that
    # agrees with a declared title (og:title, JSON-LD headline, <title>); else the page's h1
    # when it has at most title_max_distinct_headings of them (wcxb-dev title 0.803 -> 0.820
    # with that second rule); a longer "h1" is a paragraph styled as one.
    title_max_headings: int = 3
    title_max_distinct_headings: int = 2
    title_max_heading_words: int = 40
    # Author names: at most this many, of at most this many words each, read from at most this
    # many byline elements (wcxb-dev truth: at most 4 names, of at most 3 words). A text dump's
    # byline names (describe.py) use the same word bound.
    max_authors: int = 6
    max_author_words: int = 5
    max_byline_elements: int = 4
    # A date printed within this many characters of text after the first <h1>, in a text of at
    # most this many words, is the story's date when nothing declares one (wcxb-dev date
    # 0.633 -> 0.771 with the byline and htmldate tiers, undated pages dated 0.157 -> 0.239).
    date_window_chars: int = 300
    date_line_max_words: int = 12
    # ... or within this many characters above it (a date printed over the title; wcxb-dev
    # date 0.777 -> 0.789, undated pages dated 0.239 -> 0.246; 150 gives the same).
    date_before_chars: int = 80
    # A text dump whose title search placed no date line: the date line nearest the story's
    # first block, up to this many blocks above it, then this many inside. wcxb-dev dumps (both
    # renderers), date 0.193 -> 0.470, undated pages given a date 0.022 -> 0.037; 10 / 3 gives
    # 0.446, 40 / 10 gives 0.476 but dates 0.049 of the undated.
    date_line_window_above: int = 25
    date_line_window_inside: int = 5
    # A date more than this many days after the page's declared last change (article:
    # modified_time, dateModified) is refused: time zones move a day by one (wcxb-dev has two
    # pages published a day after their UTC modification); more is another story's date
    # (undated pages given a date 0.254 -> 0.246, date unchanged).
    date_after_modified_days: int = 1
    # The day the page was fetched, as an ISO date ("2025-06-30"): a date after it is refused as
    # in the future. None (the default) reads no clock, so a page gives the same metadata on
    # every day it is cleaned (the clock had made output depend on the day); a date is then
    # refused only after the page's own declared last change (date_after_modified_days), and
    # htmldate's search stops at 2099-12-31. Give the crawl date (a WARC record's WARC-Date)
    # to refuse dates after it too. On the 1,055 wcxb-train pages (html) this default and the
    # day of the change give the same date on every page (616 dated, 461 right).
    reference_date: str | None = None
    # A byline prints one date, or two (published, updated); this many different days under
    # the headline are a listing's teasers and date nothing (wcxb-dev: one listing page, and
    # one blog's front page, no dated page has three).
    date_list_min_days: int = 3

    # A text dump's metadata title (cleaner/text/headline.py): the best-scoring headline-shaped
    # line from dump_title_window_above blocks above the story's first block to
    # dump_title_window_below below it; a breadcrumb's last part counts within
    # dump_title_crumb_distance blocks, a byline or date line within dump_title_meta_window
    # blocks below. The weights, one per sign in headline.SIGNS, are fitted on the wcxb-train
    # innertext dumps by bench/train_title.py (conditional logit, 5-fold grouped by site:
    # held-out title accuracy 0.438, against 0.324 for the select stage's title role alone).
    dump_title_window_above: int = 40
    dump_title_window_below: int = 10
    dump_title_crumb_distance: int = 10
    dump_title_meta_window: int = 3
    dump_title_topic_blocks: int = 3
    dump_title_weights: tuple[float, ...] = (
        0.75, 1.05, 0.40, -1.45, -0.70, 0.15, 0.25, -0.55, -0.10, 1.15, 1.40, 0.05,
        0.35, 1.80, 2.25, -0.80, 0.40, -0.40, 1.30, 0.25, 1.45, 0.55, 0.80, -1.00, -0.15,
    )

    # A text dump's date (cleaner/text/dumpmeta.py): the first date in a line of at most
    # dump_date_line_max_words words, from the metadata title's line down dump_date_below
    # blocks, then up dump_date_above; it comes last, after the date and byline roles and the
    # date line nearest the story. wcxb-train innertext (grid of 3-10 below, 16-30 words, 0-6
    # above; in-sample): date 0.500 -> 0.615, undated pages given a date 0.086 -> 0.101
    # (first of all 0.626, before the nearest date line 0.619; but a line that reads as a
    # date line should win over a mixed one).
    dump_date_below: int = 8
    dump_date_above: int = 3
    dump_date_line_max_words: int = 25

    # A text dump's authors when no byline role names any (cleaner/text/dumpmeta.py): looked for
    # from the metadata title's line dump_author_below blocks down, then dump_author_above up;
    # a bare name line has at least dump_author_min_words words.
    dump_author_below: int = 6
    dump_author_above: int = 2
    dump_author_min_words: int = 2
    dump_author_bare_window: int = 0
    dump_author_min_chars: int = 3

    # --- learning a site's template (cleaner learn, clean --learn) -------------------------
    # A line is template when at least this share of a site's pages print it, and at least
    # learn_min_pages of them: two stories quoting one phrase are not a template, and a site's
    # menus and footers are on every page (on the synthetic 20-page template set, every chrome
    # line is on >= 85% of pages and no story line on more than one).
    learn_min_share: float = 0.5
    learn_min_pages: int = 3
    # A line longer than this (DEFAULT_MAX_WORDS of rules.py: longer is prose, not chrome) is
    # learned only when nearly every page prints it (a long legal footer), never at 50%.
    learn_prose_words: int = 40
    learn_prose_share: float = 0.9
    # Longer lines are never learned (the schema's max_words is 400).
    learn_max_words: int = 400
    # Pages read per learning folder, and per batch: bounds time and memory (line sets in RAM).
    learn_max_pages: int = 500
    learn_max_batch_pages: int = 20_000
    # In a batch, a site is learned only with this many pages: with a 0.5 share, a line must
    # then be on 3 distinct pages, and fewer pages give too few stories to tell story from chrome.
    learn_batch_min_pages: int = 5
    # Text dumps without a URL join a group when they share this many repeated lines with the
    # group's first page, and this share of the smaller page's repeated lines.
    learn_group_min_shared: int = 5
    learn_group_min_overlap: float = 0.3
    # Fingerprints written to a learned pack, and how many a dump must show to match it.
    learn_fingerprints: int = 6
    learn_min_fingerprints: int = 3
    # Fingerprints are lines of this many words and at least learn_fingerprint_min_chars
    # characters folded: one-word lines like "Home" are on every site (commit 45a661c, not
    # measured).
    learn_fingerprint_min_words: int = 2
    learn_fingerprint_max_words: int = 12
    learn_fingerprint_min_chars: int = 3
    # Story lines recorded as counter-examples (lines the pack must not drop): at most this
    # many, at most learn_counter_per_page from one page (so several pages give some), each of
    # at least learn_counter_min_words words and at most learn_counter_max_chars characters,
    # ending like a sentence (a story sentence, short enough to read in a pack; commit 45a661c,
    # not measured).
    learn_counter_examples: int = 6
    learn_counter_per_page: int = 2
    learn_counter_min_words: int = 12
    learn_counter_max_chars: int = 300
    # A learned line outside the story (before its first or after its last own line) on this
    # share of its pages ends the story (a boundary): without it, dropping "More from X" joined
    # the teasers below to the story run
    # (synthetic 20-page template set, tests/test_learn.py: F1 0.947 without the pack, 0.929
    # with it but no boundaries, 1.000 with them).
    learn_boundary_share: float = 0.9

    # --- the whole-page HTML block model (cleaner/html/blockmodel.py) -------------------------
    # Its trees (None: cleaner/data/html_block_model.json, which bench/train_html_model.py writes
    # from wcxb-train). A block is content at this probability or more; a switch cost above 0
    # smooths the decisions with a Viterbi pass. 5-fold CV by domain on wcxb-train, bag-of-words
    # F1 at threshold 0.3 / 0.4 / 0.5 / 0.6 without smoothing: 0.848 / 0.852 / 0.848 / 0.842;
    # at 0.4 with a switch cost of 0.5 / 1.0 / 2.0: 0.849 / 0.847 / 0.833 (first feature set).
    # Two stages (blockmodel.STACK_NAMES), threshold 0.35 / 0.4 / 0.45 / 0.5: 0.857 / 0.860 /
    # 0.860 / 0.859.
    html_block_model: str | None = None
    html_block_threshold: float = 0.4
    html_block_switch: float = 0.0
    # Which reading an HTML page gets (html/route.py): "trafilatura" (its main text as blocks),
    # "model" (the whole page's blocks decided by the block model), or "auto" (the router).
    # bench/route_html.py, 5-fold CV by site on wcxb-train, end to end, bag-of-words F1
    # (trafilatura's default extraction 0.821): trafilatura's blocks 0.808, the model 0.863,
    # the model unless the page declares an article 0.847, the model where it keeps more words
    # than trafilatura's path 0.863 (both paths on every page: twice the CPU); "auto" is the
    # model with trafilatura's reading as a second opinion where the model keeps little (below).
    # (Figures of the model retrained with menu buttons read open; before it, the model 0.858.)
    # The content threshold above, end to end on the
    # same folds: 0.4 / 0.5 / 0.6 / 0.7 picked 0.4 in every fold; a higher threshold on pages
    # that declare an article (og:type, JSON-LD) did not pay (0.858 either way).
    html_reading: str = "auto"
    # "auto" gives every page to the model, and where its reading keeps fewer words than this,
    # trafilatura's reading runs too and the one with more words wins (pipeline.clean).
    # bench/route_html.py, same CV, bag-of-words F1 with the second opinion under 25 / 50 / 100 /
    # 150 / 200 / 300 / 400 words: 0.8655 / 0.8654 / 0.8655 / 0.8654 / 0.8658 / 0.8654 / 0.8653,
    # on 1.5 / 1.9 / 2.6 / 4.7 / 6.4 / 10 / 14% of the pages (model always 0.863): flat, so the
    # cheap 100 stays (chosen at 100 when the model was 0.858, and again flat then). At 100,
    # per page type (trafilatura's default in brackets): article 0.948 (0.936), service 0.848
    # (0.769), forum 0.799 (0.705), listing 0.735 (0.600), product 0.619 (0.604), collection
    # 0.709 (0.576), documentation 0.924 (0.909); shingle F1 0.853 (0.811).
    html_second_opinion_words: int = 100
    # In the model's reading, drop teaser units (headline, labels, lede, "keep reading":
    # select/story.py) as on trafilatura's blocks. Off: same CV, bag-of-words F1 0.858 off,
    # 0.857 on (listing 0.724 / 0.721, service 0.847 / 0.842, product 0.616 / 0.613).
    html_page_teasers: bool = False

    def __post_init__(self) -> None:
        """Refuse a value no threshold can take, naming the field: a negative size, a share of
        "0.5" (a str), max_input_bytes=0 (every input would fail as too-large)."""
        for spec in fields(self):
            problem = _problem(spec.name, spec.type, getattr(self, spec.name))
            if problem:
                raise UsageError(f"Options.{spec.name}: {problem}")
        if self.html_reading not in ("auto", "trafilatura", "model"):
            raise UsageError(f"Options.html_reading: want auto, trafilatura or model, not {self.html_reading!r}")
        if self.reference_date is not None:
            try:
                date.fromisoformat(self.reference_date)
            except ValueError:
                raise UsageError(f"Options.reference_date: want an ISO date (2025-06-30), not {self.reference_date!r}") from None


def _problem(name: str, kind: object, value: object) -> str | None:
    kind = str(kind)
    if kind == "bool":
        return None if isinstance(value, bool) else f"want True or False, not {value!r}"
    if kind in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind == "int" and not isinstance(value, int)):
            return f"want a number ({kind}), not {value!r}"
        if not math.isfinite(value) or value < 0:
            return f"must be a finite number >= 0, not {value!r}"
        if name.startswith("max_") and value < 1:
            return f"must be at least 1, not {value!r}"
        return None
    if kind == "str | None":
        return None if value is None or isinstance(value, str) else f"want a str or None, not {value!r}"
    if kind.startswith("tuple[str"):
        ok = isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        return None if ok else f"want a tuple of str, not {value!r}"
    return None
