"""The hand-written serialisers stay in step with the dataclasses they serialise."""

from __future__ import annotations

from dataclasses import fields

from cleaner import Options, clean
from cleaner.model import DecisionRecord, Metadata

from .conftest import SEEDS


def test_decision_record_to_dict_has_every_field() -> None:
    result = clean((SEEDS / "001_b3fea67ff8ded212.txt").read_bytes())
    record = result.decisions[0]
    # decided_by is typed in the library; the JSON keeps its shape (the reason's name says it too).
    assert list(record.to_dict()) == [f.name for f in fields(DecisionRecord) if f.name != "decided_by"]
    assert record.to_dict()["matched"] == list(record.matched)


def test_reasons_know_who_decided() -> None:
    result = clean((SEEDS / "001_b3fea67ff8ded212.txt").read_bytes())
    by = {d.decided_by for d in result.decisions}
    assert {"rule", "heuristic"} <= by
    for d in result.decisions:
        assert d.reason.startswith("heur.") == (d.decided_by == "heuristic")
    assert all(r in {d.reason for d in result.decisions if d.decided_by == "rule"} for r in result.rules_fired)


def test_furniture_is_no_rule() -> None:
    page = (
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<div><p>Short words here.</p></div><footer>Footer links and legal words</footer></body></html>"
    )
    # Furniture is marked where trafilatura's reading falls back to the page rendered whole.
    result = clean(page, options=Options(html_reading="trafilatura"))
    markup = [d for d in result.decisions if d.decided_by == "markup"]
    assert markup and all(d.reason == "dom.furniture" for d in markup)
    assert "dom.furniture" not in result.rules_fired


def test_metadata_to_dict_has_every_field() -> None:
    assert set(Metadata().to_dict()) == {f.name for f in fields(Metadata)}
