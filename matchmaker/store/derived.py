"""Tables derived from a table read whole, and what is known of them.

Rows are shared and never changed (``state.py``): a transaction's change
makes a new table (``derive``) that shares every other row. Such a table
remembers its ``root`` (the table read whole) and the rows ``changed``
since, so a follower (``roster.py``) compares only those. It also carries
forward what was found out about the table it came from — its highest id,
the rows failing a test, an index of a field — patched by the change
alone, so that a room saving one by one on a table of 2,000 rows never
reads every row on each save. Each fact always equals what reading every
row would give (``tests/test_known_tables.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Rows = Mapping[str, Any]
Test = Callable[[Any], bool]


class DerivedTable(dict[str, Any]):
    """A table made from a table read whole (its ``root``) by changing the
    rows ``changed``; ``facts``: what is known of it (see the top)."""

    root: dict[str, Any]
    changed: frozenset[str]
    facts: dict[Any, Any]


# Facts of tables read whole, by the table (kept while it is): a plain dict
# takes no attributes.
_ROOT_FACTS: dict[int, tuple[Rows, dict[Any, Any]]] = {}
_ROOTS_AT_MOST = 16


def _facts(rows: Rows) -> dict[Any, Any]:
    if isinstance(rows, DerivedTable):
        return rows.facts
    known = _ROOT_FACTS.get(id(rows))
    if known is None or known[0] is not rows:
        if len(_ROOT_FACTS) >= _ROOTS_AT_MOST:
            _ROOT_FACTS.clear()
        known = _ROOT_FACTS[id(rows)] = (rows, {})
    return known[1]


def derive(base: dict[str, Any], changes: Mapping[str, Any]) -> DerivedTable:
    """``base`` with these rows changed (``None``: removed); ``base`` is left
    as it is. What was known of ``base`` is patched for the new table."""
    table = DerivedTable(base)
    for key, row in changes.items():
        if row is None:
            table.pop(key, None)
        else:
            table[key] = row
    if isinstance(base, DerivedTable):
        table.root, table.changed = base.root, base.changed | changes.keys()
    else:
        table.root, table.changed = base, frozenset(changes)
    table.facts = {}
    for what, fact in list(_facts(base).items()):  # another thread may add one meanwhile
        patched = _patch(what, fact, base, changes)
        if patched is not None:
            table.facts[what] = patched
    return table


def _patch(what: Any, fact: Any, base: Rows, changes: Mapping[str, Any]) -> Any:
    """``fact`` of ``base`` after ``changes``; None: work it out again when asked."""
    kind = what[0]
    if kind == "top":
        if any(row is None and key == str(fact) for key, row in changes.items()):
            return None  # the top row went: as TinyDB does, the highest id left
        return max([fact, *(int(k) for k, row in changes.items() if row is not None)])
    if kind == "failing":
        test: Test = what[1]
        now = {k for k, row in changes.items() if row is not None and not test(row)}
        return (fact - changes.keys()) | now
    field, index = what[1], dict(fact)
    for key in changes:
        for value in base[key][field] if key in base else ():
            if index.get(value) == key:
                del index[value]
    for key, row in changes.items():
        for value in row[field] if row is not None else ():
            index.setdefault(value, key)
    return index


def may_differ(old: Rows, new: Rows) -> frozenset[str] | None:
    """The rows in which two versions of a table may differ, when both come
    from the same table read whole; else None (compare them all)."""
    roots = [t.root if isinstance(t, DerivedTable) else t for t in (old, new)]
    if roots[0] is not roots[1]:
        return None
    changed = [t.changed for t in (old, new) if isinstance(t, DerivedTable)]
    return frozenset().union(*changed)


def _known(rows: Rows, what: Any, work: Callable[[Rows], Any]) -> Any:
    facts = _facts(rows)
    if what not in facts:
        facts[what] = work(rows)
    return facts[what]


def top_id(rows: Rows) -> int:
    """The table's highest document id (0 when empty), as TinyDB finds it."""
    top: int = _known(rows, ("top",), lambda r: max(map(int, r), default=0))
    return top


def every_row(rows: Rows, test: Test) -> bool:
    """Whether ``test`` holds for every row of the table."""
    failing = _known(
        rows, ("failing", test), lambda r: frozenset(k for k, row in r.items() if not test(row))
    )
    return not failing


def first_with(rows: Rows, field: str, value: str) -> str | None:
    """The key of the first row whose list ``field`` holds ``value``
    (None: none does)."""
    index = _known(
        rows,
        ("index", field),
        lambda r: {v: k for k, row in reversed(list(r.items())) for v in row[field]},
    )
    found: str | None = index.get(value)
    return found
