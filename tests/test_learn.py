"""`cleaner learn`: template lines of one site's pages become a site pack; story lines never do.

The pages are made here: twenty text dumps of one invented site that share a template (menu,
promos, footer, a donation box inside the story) around twenty different stories. The truth of each
page is its story, so the F1 of cleaning with and without the learned pack can be compared.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cleaner import Options, clean
from cleaner.cli import app
from cleaner.errors import UsageError
from cleaner.packs.folders import cluster_by_lines, learn_folder, learned_options
from cleaner.packs.learn import PageLines, find_template_lines, html_lines, read_folder
from cleaner.packs.packfile import write_pack
from cleaner.packs.rules import check_dir, load_rules, normalize

# --- the synthetic site ------------------------------------------------------------------------

HEADER = ["Skip to main content", "The Riverside Chronicle", "Home", "News", "Sports", "Opinion",
          "Culture", "Subscribe for $1 a week", "Search"]
DONATE = ("Support local journalism: become a member of the Riverside Chronicle today and help us keep "
          "reporting on the stories that matter to the valley.")
FOOTER = ["Share this story", "Facebook", "Twitter", "Email", "More from The Riverside Chronicle"]
NEWSLETTER = "Get the Morning Briefing from the Riverside Chronicle in your inbox every weekday."
CLOSING = [
    "The Riverside Chronicle is an independent, nonprofit newsroom serving the river valley since 1921.",
    "About Us", "Contact the Newsroom", "Privacy Policy", "Terms of Service",
    "© 2024 Riverside Chronicle Media. All rights reserved.",
]
SECTIONS = ["Local News", "Schools", "Environment", "Business"]
AUTHORS = ["By Maria Gonzalez", "By Tom Becker", "By Aisha Rahman", "By Peter Olsen", "By Grace Liu"]
# A sentence several stories print (on 6 of 20 pages): common, but story text, never template.
COMMON = "Officials did not respond to requests for comment before publication."

_SUBJECTS = ["The city council", "A group of parents", "The county health board", "Local farmers",
             "The school district", "Volunteers from the east side", "The mayor's office", "Residents near the dam",
             "A regional bank", "The water authority", "Shop owners downtown", "The planning commission"]
_VERBS = ["approved", "questioned", "delayed", "welcomed", "challenged", "reviewed", "funded", "opposed"]
_OBJECTS = ["a plan to rebuild the old bridge", "new limits on groundwater pumping", "a study of flood risk",
            "the budget for next year's road repairs", "a proposal to close two rural clinics",
            "a grant for after-school reading programs", "the expansion of the bus line to the airport",
            "rules for short-term rentals along the river"]
_TAILS = ["after a long public hearing on Tuesday night", "despite objections from neighbors",
          "in a vote that surprised many observers", "following months of negotiations with the state",
          "citing rising costs and a shortage of workers", "with a promise to revisit the issue in spring"]
_DETAILS = ["The decision affects about {n} households in the valley.",
            "Supporters said the change could save nearly {n} thousand dollars a year.",
            "Critics noted that a similar effort failed {k} years ago.",
            "More than {n} people signed a petition about the issue last month.",
            "The next meeting is scheduled for the {k}th of the month at the library."]


def story(n: int) -> tuple[str, list[str]]:
    """Headline and paragraphs of story n: deterministic, different for every n."""
    rng = random.Random(n)
    subject, verb, obj = rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS)
    headline = f"{subject} {verb} {obj.split(' ', 1)[1]} (story {n})".replace("  ", " ")
    paragraphs = []
    for p in range(rng.randint(5, 8)):
        s1 = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}."
        s2 = rng.choice(_DETAILS).format(n=rng.randint(12, 990), k=rng.randint(2, 28))
        paragraphs.append(f"{s1} {s2} This was paragraph {p + 1} of report number {n}.")
    if n % 3 == 0:
        paragraphs.insert(2, COMMON)
    if n == 7:  # one story repeats a phrase many times: repetition within one page is not template
        paragraphs += ["The vote was unanimous."] * 4
    return headline, paragraphs


def page(n: int) -> tuple[str, str]:
    """(text dump, truth) of page n."""
    headline, paragraphs = story(n)
    teasers = [story(m)[0] for m in ((n + 1) % 20 + 100, (n + 2) % 20 + 100, (n + 5) % 20 + 100)]
    body = paragraphs[:3] + ([DONATE] if n % 10 != 9 else []) + paragraphs[3:]  # on 18 of 20 pages
    lines = (HEADER + [SECTIONS[n % 4], headline, AUTHORS[n % 5], f"March {n + 1}, 2024"] + body + FOOTER
             + teasers + ([NEWSLETTER] if n % 4 != 3 else []) + CLOSING)  # newsletter on 15 of 20
    return "\n\n".join(lines) + "\n", "\n".join(paragraphs)


TEMPLATE = HEADER + [DONATE, NEWSLETTER] + FOOTER + CLOSING


def make_site(folder: Path, count: int = 20) -> dict[str, str]:
    """Write `count` dumps into folder; return the truth by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for n in range(count):
        text, body = page(n)
        (folder / f"page-{n:02d}.txt").write_text(text, encoding="utf-8")
        truth[f"page-{n:02d}.txt"] = body
    return truth


def html_page(n: int) -> str:
    """Page n as HTML: the same template in nav, article and footer, with canonical URL and site name."""
    import html

    headline, paragraphs = story(n)
    body = paragraphs[:3] + ([DONATE] if n % 10 != 9 else []) + paragraphs[3:]
    esc = html.escape
    return (
        "<!DOCTYPE html><html><head><title>" + esc(headline) + " | The Riverside Chronicle</title>"
        f'<link rel="canonical" href="https://www.riverside.example/news/story-{n}">'
        '<meta property="og:site_name" content="The Riverside Chronicle"></head><body>'
        "<nav><ul>" + "".join(f"<li><a href='/x'>{esc(x)}</a></li>" for x in HEADER) + "</ul></nav>"
        f"<article><h1>{esc(headline)}</h1><p class=byline>{AUTHORS[n % 5]}</p>"
        + "".join(f"<p>{esc(x)}</p>" for x in body)
        + "</article><aside><h2>More from The Riverside Chronicle</h2><ul>"
        + "".join(f"<li><a href='/y'>{esc(story(m)[0])}</a></li>" for m in (n + 101, n + 102))
        + "</ul></aside><footer>" + "".join(f"<p>{esc(x)}</p>" for x in CLOSING) + "</footer></body></html>"
    )


# --- scoring (cleaner.metric: the Scrapinghub shingle metric) ----------------------------------


def f1(folder: Path, truth: dict[str, str], options: Options) -> float:
    from cleaner.eval.metric import overlap, score

    overlaps = [overlap(clean((folder / name).read_bytes(), options=options).text, body) for name, body in truth.items()]
    return score(overlaps).f1


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("riverside") / "pages"
    return folder, make_site(folder)


# --- tests ----------------------------------------------------------------------------------------


def test_template_lines_found_story_lines_not(site) -> None:
    folder, truth = site
    taught = learn_folder(folder, Options())
    learned, text, warnings = taught.learned, taught.text, taught.warnings
    assert warnings == []
    learned_text = {t.folded for t in learned.lines}
    story_lines = {normalize(line) for body in truth.values() for line in body.split("\n")}
    assert not learned_text & story_lines, "a story line was learned"
    assert normalize(COMMON) not in learned_text and normalize("The vote was unanimous.") not in learned_text
    # Every line of the template is found; the ones a rule already names are left to that rule
    # (they keep its category and role), the rest are learned.
    found = {t.folded for t in find_template_lines(read_folder(folder, Options())[0], Options())}
    assert {normalize(line) for line in TEMPLATE} <= found
    assert learned_text and learned_text <= found and len(learned_text) + learned.named == len(found)
    every_rule = load_rules((), True).all_rules()
    assert not [t.text for t in learned.lines if any(r.matches(t.text) for r in every_rule)]
    # Lines on fewer than half the pages (a section, an author, a teaser) are not template.
    for line in SECTIONS + AUTHORS:
        assert normalize(line) not in learned_text, line
    data = yaml.safe_load(text)
    assert data["site"]["name"] == "pages"  # no URL, no --site: the folder's name
    assert data["site"]["fingerprints"] and {normalize(f) for f in data["site"]["fingerprints"]} <= found
    assert 1 <= data["site"]["min_fingerprints"] <= len(data["site"]["fingerprints"])
    assert all(rule["category"] == "boilerplate" for rule in data["rules"])
    no_match = {x for rule in data["rules"] for x in rule["examples"]["no_match"]}
    assert no_match and {normalize(x) for x in no_match} <= story_lines


def test_repetition_within_one_page_is_not_template() -> None:
    story_page = PageLines("a", tuple(["Same phrase here."] * 10 + ["Other"]))
    others = [PageLines(str(n), (f"line {n}", "Menu")) for n in range(5)]
    found = {t.folded for t in find_template_lines([story_page, *others], Options())}
    assert found == {"menu"}
    # Long prose needs nearly every page: on 4 of 6 pages (67%) a 45-word line is not learned.
    prose = " ".join(["word"] * 45)
    pages = [PageLines(str(n), (prose, "Menu") if n < 4 else ("Menu",)) for n in range(6)]
    assert {t.folded for t in find_template_lines(pages, Options())} == {"menu"}
    # A separator line carries no words: never learned, however often it repeats.
    pages = [PageLines(str(n), ("___", "* * *", "Menu")) for n in range(4)]
    assert {t.folded for t in find_template_lines(pages, Options())} == {"menu"}


def test_boundaries_only_for_lines_outside_the_story() -> None:
    """A line the menu prints that is also a heading inside the story must not cut the story."""
    def lines(n: int) -> tuple[str, ...]:
        prose = [f"Story sentence {k} of page {n} has enough words to read as prose here." for k in range(2)]
        return ("Home", "Pods", prose[0], "Pods", "Note:", prose[1], "More stories", f"Teaser headline {n} without a stop")

    found = {t.folded: t for t in find_template_lines([PageLines(str(n), lines(n)) for n in range(4)], Options())}
    assert found["pods"].outside_story == 0 and found["note"].outside_story == 0
    assert found["home"].outside_story == 1 and found["more stories"].outside_story == 1


def test_cli_writes_a_pack_rules_check_accepts(site, tmp_path: Path) -> None:
    folder, _ = site
    target = tmp_path / "rules" / "sites" / "riverside.yaml"
    runner = CliRunner()
    result = runner.invoke(app, ["learn", str(folder), "-o", str(target), "--site", "The Riverside Chronicle"])
    assert result.exit_code == 0, result.output
    assert target.is_file() and check_dir(target.parent) == []
    assert runner.invoke(app, ["rules", "check", str(target.parent)]).exit_code == 0
    first = target.read_bytes()
    again = runner.invoke(app, ["learn", str(folder), "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.output
    assert target.read_bytes() == first
    forced = runner.invoke(app, ["learn", str(folder), "-o", str(target), "--force", "--site", "The Riverside Chronicle"])
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() == first  # deterministic
    few = tmp_path / "few"
    few.mkdir()
    for name in ("page-00.txt", "page-01.txt"):
        (few / name).write_bytes((folder / name).read_bytes())
    refused = runner.invoke(app, ["learn", str(few)])
    assert refused.exit_code == 2 and "at least 3 pages" in refused.stderr and refused.stdout == ""


def test_refuses_symlink_and_wrong_suffix(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("x", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(outside)
    with pytest.raises(UsageError):
        write_pack("pack: x\n", link, force=True)
    assert outside.read_text(encoding="utf-8") == "x"
    with pytest.raises(UsageError):
        write_pack("pack: x\n", tmp_path / "pack.txt")


def test_learned_pack_drops_template_and_keeps_f1(site, tmp_path: Path) -> None:
    folder, truth = site
    rules = tmp_path / "rules"
    text = learn_folder(folder, Options()).text
    write_pack(text, rules / "riverside.yaml")
    without = f1(folder, truth, Options())
    with_pack = f1(folder, truth, Options(rule_dirs=(str(rules),)))
    assert with_pack >= without - 0.005, (with_pack, without)
    result = clean((folder / "page-03.txt").read_bytes(), options=Options(rule_dirs=(str(rules),)))
    by_text = {d.text: d for d in result.decisions}
    on_page = [line for line in TEMPLATE if line in by_text]  # page 3 has no newsletter box
    assert len(on_page) == len(TEMPLATE) - 1
    for line in on_page:  # every template line goes, by a learned rule or one that already named it
        assert by_text[line].action == "drop", line
    assert sum(".template-" in d.reason for d in result.decisions) >= 3
    assert COMMON in result.text and all(p in result.text for p in story(3)[1])
    # Learned lines below the story end it (the teasers below are not read as story); a learned
    # line inside the story (the donation box) does not.
    boundary = {normalize(r["exact"][0]): r.get("boundary", False) for r in yaml.safe_load(text)["rules"] if "exact" in r}
    below = {normalize(line) for line in FOOTER + CLOSING} & set(boundary)
    assert below and all(boundary[line] for line in below)
    assert not boundary.get(normalize(DONATE), False)
    teaser = story(104)[0]
    assert by_text[teaser].action == "drop"


def test_html_lines_read_the_whole_visible_page() -> None:
    document = (
        "<html><head><title>T</title><style>p{}</style></head><body><nav><a>Home</a> <a>News</a></nav>"
        "<div hidden>secret</div><script>var x = 1;</script><p>Hello <b>big</b> world</p>"
        "<ul><li>One</li><li>Two</li></ul><footer>Footer text<br>line two</footer></body></html>"
    )
    assert html_lines(document) == ["Home News", "Hello big world", "One", "Two", "Footer text", "line two"]


def test_html_pages_name_their_site(tmp_path: Path) -> None:
    folder = tmp_path / "html"
    folder.mkdir()
    for n in range(6):
        (folder / f"p{n}.html").write_text(html_page(n), encoding="utf-8")
    taught = learn_folder(folder, Options())
    learned, text = taught.learned, taught.text
    assert learned.domains == ("riverside.example",) and learned.name == "The Riverside Chronicle"
    assert learned.pack == "site.riverside.example"
    learned_text = {t.folded for t in learned.lines}
    assert normalize(DONATE) in learned_text and normalize(CLOSING[0]) in learned_text
    assert not learned_text & {normalize(p) for n in range(6) for p in story(n)[1]}
    rules = tmp_path / "rules"
    write_pack(text, rules / "riverside.yaml")
    page = html_page(3)
    with_pack = clean(page, options=Options(rule_dirs=(str(rules),)))
    assert DONATE not in with_pack.text and with_pack.metadata.site == "The Riverside Chronicle"
    assert all(p in with_pack.text for p in story(3)[1])


def test_dumps_of_two_sites_are_grouped_apart(tmp_path: Path) -> None:
    a = [PageLines(f"a{n}", ("Alpha Menu", "Alpha News", "Alpha Sports", "Alpha Footer", "Alpha Legal", "Alpha Contact", f"story a{n}")) for n in range(6)]
    b = [PageLines(f"b{n}", ("Beta Home", "Beta World", "Beta Games", "Beta Footer", "Beta Terms", "Beta Jobs", f"story b{n}")) for n in range(6)]
    mixed = [page for pair in zip(a, b) for page in pair]
    clusters = cluster_by_lines(mixed, Options())
    assert [sorted(p.name[0] for p in c) for c in clusters] == [["a"] * 6, ["b"] * 6]


def test_batch_learns_per_site(site, tmp_path: Path) -> None:
    folder, _ = site
    paths = sorted(folder.glob("*.txt"))
    html_folder = tmp_path / "html"
    html_folder.mkdir()
    for n in range(5):
        (html_folder / f"p{n}.html").write_text(html_page(n), encoding="utf-8")
    with learned_options(sorted(html_folder.iterdir()) + paths, Options()) as (_, packs, notes):
        # One pack by domain (HTML, canonical URL), one by shared lines (the dumps have no URL).
        assert sorted((p.site, p.pages) for p in packs) == [("The Riverside Chronicle", 5), ("fingerprint-1", 20)], notes
    with learned_options(paths, Options()) as (options, packs, notes):
        assert len(packs) == 1 and packs[0].pages == 20, notes
        assert len(options.rule_dirs) == 1 and Path(options.rule_dirs[0]).is_dir()
        result = clean(paths[0].read_bytes(), options=options)
        assert any(d.reason.startswith("learned-") for d in result.decisions)
    assert not Path(options.rule_dirs[0]).exists()  # the learned packs do not outlive the batch
    with learned_options(paths[:4], Options()) as (options, packs, _):
        assert packs == [] and options.rule_dirs == ()  # four pages are too few to learn from


def test_clean_folder_with_learn_flag(site, tmp_path: Path) -> None:
    folder, truth = site
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(folder), "-o", str(out), "--format", "json", "--learn"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "page-03.json").read_text(encoding="utf-8"))
    dropped = {d["text"]: d["reason"] for d in data["decisions"] if d["action"] == "drop"}
    assert ".template-" in dropped[DONATE]


# --- issue 11.3 case 11: pages that share no template are refused; packs are 0644 -------------------

SITES = [f"site{n:02d}.example" for n in range(40)]


def _other_site_page(n: int) -> str:
    """Page n of site n: its own menu and footer, and the 'Home' line every site prints."""
    headline, paragraphs = story(n)
    host = SITES[n]
    return (
        f"<!DOCTYPE html><html><head><title>{headline}</title>"
        f'<link rel="canonical" href="https://{host}/story"></head><body>'
        f"<nav><a href='/'>Home</a> <p>Home</p><p>{host} front page</p><p>Sections of {host}</p></nav>"
        f"<article><h1>{headline}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"
        f"<footer><p>Home</p><p>About {host}</p></footer></body></html>"
    )


def test_pages_of_forty_sites_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for n in range(40):
        (folder / f"page-{n:02d}.html").write_text(_other_site_page(n), encoding="utf-8")
    result = CliRunner().invoke(app, ["learn", str(folder), "-o", str(tmp_path / "mixed.yaml")])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "40 pages of 40 sites" in lines[0] and "one site" in lines[0]
    assert not (tmp_path / "mixed.yaml").exists()


def test_dumps_of_forty_sites_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "dumps"
    folder.mkdir()
    for n in range(40):
        headline, paragraphs = story(n)
        text = f"Home\nNews\nSport\n\n{headline}\n\n" + "\n\n".join(paragraphs) + f"\n\nHome\nAbout site {n}\n"
        (folder / f"page-{n:02d}.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["learn", str(folder)])
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1, result.stderr


def test_fingerprints_are_never_one_word_lines_and_need_three() -> None:
    from cleaner.packs.learn import TemplateLine, pick_fingerprints

    lines = [TemplateLine("Home", "home", 20, 1, 0.1, 1.0), TemplateLine("Sport", "sport", 20, 1, 0.2, 1.0),
             TemplateLine("About the Riverside Chronicle", "about the riverside chronicle", 19, 4, 0.9, 1.0)]
    assert pick_fingerprints(lines, 20, Options()) == ("About the Riverside Chronicle",)
    assert pick_fingerprints(lines[:2], 20, Options()) == ()  # "Home" is on every site


def test_learned_pack_file_is_0644_like_other_outputs(site, tmp_path: Path) -> None:
    import os

    folder, _ = site
    target = tmp_path / "riverside.yaml"
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(app, ["learn", str(folder), "-o", str(target)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert target.stat().st_mode & 0o777 == 0o644
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["site"]["min_fingerprints"] >= 3
    assert all(len(f.split()) >= 2 for f in data["site"]["fingerprints"])
