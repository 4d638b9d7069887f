"""What a transaction learns of a table without reading every row: the
facts found once for a table read whole are patched by the rows changed
since, and always agree with reading every row (``state.every_row``,
``top_id``, ``first_with``: a room saving one by one on 2,000 rows)."""

from __future__ import annotations

from typing import Any

from matchmaker.store.derived import derive, every_row, first_with, top_id


def has_member(row: dict[str, Any]) -> bool:
    return "member" in row


def test_next_id_is_as_tinydb_finds_it_after_rows_come_and_go() -> None:
    root = {"1": {}, "5": {}}
    assert top_id(root) == 5
    added = derive(root, {"7": {}})
    assert top_id(added) == 7
    top_gone = derive(added, {"7": None, "5": None})
    assert top_id(top_gone) == 1 == max(map(int, top_gone))  # TinyDB: the highest id left
    assert top_id(derive(root, {"1": None})) == 5
    assert top_id({}) == 0


def test_every_row_sees_a_row_mended_or_broken_since() -> None:
    root = {"1": {"member": 1}, "2": {}}
    assert not every_row(root, has_member)
    mended = derive(root, {"2": {"member": 2}})
    assert every_row(mended, has_member)
    assert not every_row(derive(mended, {"3": {}}), has_member)
    assert every_row(derive(root, {"2": None}), has_member)  # the one without left


def test_the_row_holding_a_value_is_found_where_it_is_now() -> None:
    root = {"1": {"keys": ["email:a@x"]}, "2": {"keys": ["name:bo"]}}
    assert first_with(root, "keys", "name:bo") == "2"
    moved = derive(root, {"1": {"keys": ["email:b@x"]}, "3": {"keys": ["email:a@x"]}})
    assert first_with(moved, "keys", "email:a@x") == "3"
    assert first_with(moved, "keys", "email:b@x") == "1"
    assert first_with(derive(root, {"2": None}), "keys", "name:bo") is None
    assert first_with(root, "keys", "name:nobody") is None
