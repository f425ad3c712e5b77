"""The hand-written serialisers stay in step with the dataclasses they serialise."""

from __future__ import annotations

from dataclasses import fields

from cleaner import clean
from cleaner.model import DecisionRecord, Metadata

from .conftest import SEEDS


def test_decision_record_to_dict_has_every_field() -> None:
    result = clean((SEEDS / "001_b3fea67ff8ded212.txt").read_bytes())
    record = result.decisions[0]
    assert list(record.to_dict()) == [f.name for f in fields(DecisionRecord)]
    assert record.to_dict()["matched"] == list(record.matched)


def test_metadata_to_dict_has_every_field() -> None:
    assert set(Metadata().to_dict()) == {f.name for f in fields(Metadata)}
