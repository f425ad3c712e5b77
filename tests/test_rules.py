"""Rule packs are data: every rule passes its own examples, and a bad pack file is refused by name.

A rule that fails its examples shows up here under its own id (`test_rule_examples[<rule id>]`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import Options, clean
from cleaner.cli import app
from cleaner.errors import RuleError
from cleaner.packs.rules import Rule, check_dir, load_rules, packaged_rules_dir

from .conftest import SEEDS

S000 = SEEDS / "000_217c230414dadc16.txt"
S001 = SEEDS / "001_b3fea67ff8ded212.txt"



def _packaged_rules() -> tuple[tuple[Rule, ...], str | None]:
    # A broken packaged pack must fail one test with its message, not abort collection.
    try:
        return load_rules(site_rules=True).all_rules(), None
    except RuleError as exc:
        return (), str(exc)


PACKAGED_RULES, LOAD_ERROR = _packaged_rules()


def test_packaged_packs_load() -> None:
    assert LOAD_ERROR is None, LOAD_ERROR


def test_packaged_packs_check_clean() -> None:
    assert check_dir(packaged_rules_dir()) == []


def test_packaged_packs_include_both_seed_sites() -> None:
    names = {site.name: site for site in load_rules(site_rules=True).sites}
    assert names["Responsible Statecraft"].matches_url("responsiblestatecraft.org")
    assert names["Iran International"].matches_url("www.iranintl.com".removeprefix("www."))
    assert load_rules(site_rules=False).sites == ()


@pytest.mark.parametrize("rule", PACKAGED_RULES, ids=lambda r: r.id)
def test_rule_examples(rule: Rule) -> None:
    # The schema asks for at least one example each way; a rule must never ship untested.
    assert rule.examples_match and rule.examples_no_match, f"{rule.id} has no examples"
    missed = [text for text in rule.examples_match if not rule.matches(text)]
    wrongly = [text for text in rule.examples_no_match if rule.matches(text)]
    assert not missed, f"{rule.id} ({rule.pack}) does not match {missed}"
    assert not wrongly, f"{rule.id} ({rule.pack}) matches its counter-examples {wrongly}"


def test_rule_ids_are_unique_and_dotted() -> None:
    ids = [rule.id for rule in PACKAGED_RULES]
    assert len(ids) == len(set(ids))
    assert all("." in i for i in ids)


# --- invalid packs ---------------------------------------------------------------------------

GOOD_RULE = """\
  - id: mine.drop-line
    category: boilerplate
    why: A line my own pages print that is never story text.
    exact: ["My own boilerplate line"]
    examples:
      match: ["My own boilerplate line"]
      no_match: ["A sentence of a story."]
"""


def pack_text(rules: str, header: str = "pack: mine.test\ndescription: A pack for the tests.\n") -> str:
    return header + "rules:\n" + rules


BAD_PACKS = {
    "missing-examples": (
        pack_text(
            "  - id: mine.no-examples\n    category: social\n    why: Has no examples at all, so it is untested.\n"
            "    exact: [follow us]\n"
        ),
        "examples",
    ),
    "bad-yaml": ("pack: mine.test\ndescription: [unclosed\nrules: [\n", "cannot read"),
    "unknown-field": (pack_text(GOOD_RULE.replace("    why:", "    colour: red\n    why:")), "colour"),
    "unknown-top-field": (pack_text(GOOD_RULE) + "extra: 1\n", "extra"),
    "unknown-category": (pack_text(GOOD_RULE.replace("boilerplate", "weather")), "category"),
    "bad-regex": (
        pack_text(GOOD_RULE.replace('exact: ["My own boilerplate line"]', "pattern: ['(unclosed']")),
        "pattern",
    ),
    # compiles alone, not as the rule's one regex "(?:(?i)my own)": refused at load, not mid-run
    "inline-flag": (
        pack_text(GOOD_RULE.replace('exact: ["My own boilerplate line"]', "pattern: ['(?i)my own']")),
        "pattern",
    ),
    "nested-quantifier": (
        pack_text(GOOD_RULE.replace('exact: ["My own boilerplate line"]', "pattern: ['(a+)+$']")),
        "catastrophic",
    ),
    "back-reference": (
        pack_text(GOOD_RULE.replace('exact: ["My own boilerplate line"]', r"pattern: ['(ab)\1']")),
        "back-reference",
    ),
    "duplicate-id": (pack_text(GOOD_RULE + GOOD_RULE), "mine.drop-line"),
    "duplicate-of-packaged-id": (pack_text(GOOD_RULE.replace("mine.drop-line", "newsletter.label")), "newsletter.label"),
    "python-object-tag": (
        "pack: !!python/object/apply:os.system ['echo pwned']\ndescription: x\nrules: []\n",
        "cannot read",
    ),
    "not-a-mapping": ("- just\n- a list\n", "top level"),
    "empty-file": ("", "top level"),
}


@pytest.mark.parametrize("case", sorted(BAD_PACKS))
def test_bad_pack_raises_rule_error_naming_file(case: str, tmp_path: Path) -> None:
    text, needle = BAD_PACKS[case]
    path = tmp_path / f"bad-{case}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules((str(tmp_path),))
    message = str(caught.value)
    assert f"bad-{case}.yaml" in message
    assert needle in message, message
    assert "\n" not in message


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "evil.yaml").write_text(
        f"pack: !!python/object/apply:os.system ['touch {marker}']\ndescription: x\nrules: []\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError):
        load_rules((str(tmp_path),))
    assert not marker.exists()


def test_missing_examples_field_is_named(tmp_path: Path) -> None:
    text = pack_text(GOOD_RULE.replace('      no_match: ["A sentence of a story."]\n', ""))
    (tmp_path / "half.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=r"half\.yaml: field rules/0/examples: 'no_match' is a required"):
        load_rules((str(tmp_path),))


def test_check_dir_reports_failing_examples(tmp_path: Path) -> None:
    text = pack_text(GOOD_RULE.replace('no_match: ["A sentence of a story."]', 'no_match: ["My own boilerplate line"]'))
    (tmp_path / "contradicts.yaml").write_text(text, encoding="utf-8")
    problems = check_dir(tmp_path)
    assert len(problems) == 1
    assert "contradicts.yaml" in problems[0] and "mine.drop-line" in problems[0]


def test_rules_dir_that_is_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="not a folder"):
        load_rules((str(tmp_path / "absent"),))


# --- the CLI -----------------------------------------------------------------------------

runner = CliRunner()


def test_cli_rules_check_good_dir(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(pack_text(GOOD_RULE), encoding="utf-8")
    result = runner.invoke(app, ["rules", "check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_cli_rules_check_packaged() -> None:
    result = runner.invoke(app, ["rules", "check"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", ["bad-yaml", "bad-regex", "inline-flag", "nested-quantifier", "python-object-tag", "missing-examples"])
def test_cli_rules_check_bad_dir(case: str, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(BAD_PACKS[case][0], encoding="utf-8")
    result = runner.invoke(app, ["rules", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    # One line for the file's problem (naming it), then the count.
    assert "bad.yaml" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("cleaner: 1 problem")


def test_cli_rules_check_missing_dir(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rules", "check", str(tmp_path / "absent")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not a folder" in result.stderr


# --- a user's own pack takes effect ----------------------------------------------------------

DROP_SEED_LINE = """\
  - id: mine.seed-000-statement
    category: boilerplate
    why: Proves that a user's pack is loaded and decides a block of a seed.
    prefix: ["In the statement, ISIS said two operatives"]
    examples:
      match: ["In the statement, ISIS said two operatives wearing explosive suicide belts had carried out the attack."]
      no_match: ["ISIS said in a statement on Telegram that it was behind the attack."]
"""

DROPPED = "In the statement, ISIS said two operatives"


def test_user_pack_takes_effect(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(pack_text(DROP_SEED_LINE), encoding="utf-8")
    plain = clean(S000.read_bytes())
    mine = clean(S000.read_bytes(), options=Options(rule_dirs=(str(tmp_path),)))
    assert DROPPED in plain.text
    assert DROPPED not in mine.text
    assert "mine.seed-000-statement" in mine.rules_fired
    # Only that paragraph went: the story around it is intact.
    assert mine.text == plain.text.replace(
        "In the statement, ISIS said two operatives wearing explosive suicide belts had carried out the attack.\n\n", ""
    )


def test_cli_rules_option_takes_effect(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(pack_text(DROP_SEED_LINE), encoding="utf-8")
    plain = runner.invoke(app, ["clean", str(S000)])
    mine = runner.invoke(app, ["clean", str(S000), "--rules", str(tmp_path)])
    assert plain.exit_code == 0 and mine.exit_code == 0, mine.output
    assert DROPPED in plain.stdout and DROPPED not in mine.stdout


# --- site packs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "site", "url"),
    [
        (S000, "Iran International", "https://www.iranintl.com/en/202401066446"),
        (S001, "Responsible Statecraft", "https://responsiblestatecraft.org/iran-bombing-soleimani/"),
    ],
)
def test_site_pack_found_by_fingerprint_and_by_url(seed: Path, site: str, url: str) -> None:
    by_fingerprint = clean(seed.read_bytes())
    by_url = clean(seed.read_bytes(), url=url)
    without = clean(seed.read_bytes(), options=Options(site_rules=False))
    assert by_fingerprint.metadata.site == site
    assert by_url.metadata.site == site
    assert by_url.metadata.url == url
    assert without.metadata.site is None
    # Site packs name cruft; they never change the story.
    assert by_fingerprint.text == by_url.text == without.text


def test_site_pack_rules_fire_only_with_site_rules() -> None:
    with_sites = clean(S001.read_bytes()).rules_fired
    without = clean(S001.read_bytes(), options=Options(site_rules=False)).rules_fired
    assert "responsiblestatecraft.qiosk-label" in with_sites
    assert not [r for r in without if r.startswith("responsiblestatecraft.")]


def test_url_of_another_site_beats_fingerprints() -> None:
    # A URL that a pack owns decides the site before any fingerprint is counted.
    other = clean(S001.read_bytes(), url="https://www.iranintl.com/en/x")
    assert other.metadata.site == "Iran International"


def test_fingerprints_need_min_hits() -> None:
    # A single shared RebelMouse line is not enough to call a page Responsible Statecraft.
    text = "Some headline of a story\n\n" + "A sentence of the story that runs on. " * 20 + "\n\nkeep readingShow less\n"
    assert clean(text).metadata.site is None

