"""The seeds come out as issue 2 asks, with and without site packs."""

from __future__ import annotations

import pytest

from cleaner import Options, clean

from .conftest import SEEDS

S000 = SEEDS / "000_217c230414dadc16.txt"
S001 = SEEDS / "001_b3fea67ff8ded212.txt"


@pytest.mark.parametrize("site_rules", [True, False])
def test_seed_000(site_rules: bool) -> None:
    result = clean(S000.read_bytes(), options=Options(site_rules=site_rules))
    meta = result.metadata
    assert meta.title == "US And Iran Agree ISIS Bombed Soleimani’s Memorial Event"
    assert meta.date == "2024-01-06"
    assert meta.language == "en"
    assert [c.text for c in meta.captions] == ["Damage to vehicles in the bomb attack in Iran on January 3, 2024"]
    assert result.text.startswith("Iran and the United States ironically concurred")
    assert result.text.rstrip().endswith("effectively hand them to authorities.")
    assert "More News" not in result.text
    assert "Damage to vehicles" not in result.text


@pytest.mark.parametrize("site_rules", [True, False])
def test_seed_001(site_rules: bool) -> None:
    result = clean(S001.read_bytes(), options=Options(site_rules=site_rules))
    meta, text = result.metadata, result.text
    assert meta.title == "Bombing of Soleimani mourners in Iran kills over 100 people"
    assert meta.subtitle.startswith("The attack is the latest indication")
    assert meta.section == "Reporting / QiOSK"
    assert text.startswith("UPDATE (Jan. 4 at 12:47 p.m.)")
    assert text.rstrip().endswith("instead of transiting the Suez Canal.")
    assert "Bombing of Soleimani mourners" not in text
    assert meta.captions[0].text == "Qassem Soleimani's gravesite."
    assert meta.captions[0].credit == "Mohammad Ali Marizad/ CC BY 4.0"
    for gone in ("Follow us on social", "Trump ASEAN", "Top photo credit", "Kuala Lumpur", "snapback",
                 "Venezuela", "keep reading", "LATEST", "QIOSK", "Newsletter", "Subscribe now", "Reporting | QiOSK"):
        assert gone not in text, gone
    assert meta.update_notes and meta.update_notes[0].startswith("UPDATE")


def test_story_text_same_without_site_rules() -> None:
    for seed in (S000, S001):
        with_sites = clean(seed.read_bytes()).text
        without = clean(seed.read_bytes(), options=Options(site_rules=False)).text
        assert with_sites == without


def test_a_dump_without_a_placed_title_still_has_its_date_line():
    # The date line stands above the title, parted from it by a time: no role takes it.
    story = "\n\n".join(
        f"The council met on Tuesday to discuss item {n} of the budget, and the members voted to approve it."
        for n in range(6)
    )
    dump = f"Home\nNews\nAndrew King\nMarch 3, 2024\n5:50 am\nCouncil approves the budget\n\n{story}\n\nAbout us"
    result = clean(dump, input_format="text")
    assert (result.metadata.date, result.metadata.sources["date"]) == ("2024-03-03", "date-line")
