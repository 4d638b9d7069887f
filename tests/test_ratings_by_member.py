"""Ratings are kept by member (issue 28), so they follow a person through a
change of email and a merge of two members; a store that kept them by
email or name is read as it is and rewritten by member, whole, with the
next change that adds people."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from matchmaker.core.community import WentWrong
from matchmaker.service.workspace import Workspace

HEADER = ["name", "email", "orientation"]


def season(cli: Callable[..., object], write_csv: Callable[..., Path], db: Path) -> None:
    """January: Ada (her home email) rated her time with Bob 1, for the
    pace. February: Ada signed up with her work email, so a new member."""
    jan = [["Ada", "ada@home.org", "2"], ["Bob", "bob@x.org", "4"]]
    feb = [["Ada", "ada@work.org", "2"], ["Bob", "bob@x.org", "4"], ["Di", "di@x.org", "4"]]
    cli("import", write_csv(jan, header=HEADER, name="jan.csv"), "--event", "jan", "--db", db)
    cli("pair", "--event", "jan", "--save", "--db", db)
    jan_ada = next(p.id for p in Workspace.at(db).people("jan") if p.name == "Ada")
    Workspace.at(db).self_service("jan").rate(jan_ada, 1, 1, WentWrong.PACE)
    cli("import", write_csv(feb, header=HEADER, name="feb.csv"), "--event", "feb", "--db", db)


def feb_view(db: Path) -> tuple[set[frozenset[str]], dict[str, set[str]]]:
    """February as its planner sees it: pairs never to meet again, and each
    person's warning kinds raised."""
    event = Workspace.at(db).session("feb").event
    names = [p.name for p in event.people]
    never = {frozenset((names[a], names[b])) for a, b in event.never}
    wary = {names[i]: set(kinds) for i, kinds in event.wary}
    return never, wary


def test_a_rating_follows_a_merge_of_two_members(cli, write_csv, tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    season(cli, write_csv, db)
    never, wary = feb_view(db)
    assert never == set() and wary == {}  # two members, as far as we know
    assert (
        "(rated 1: never seated together again)"
        not in cli("history", "--event", "feb", "--db", db).out
    )
    assert cli("merge", "ada@home.org", "ada@work.org", "--db", db).status == 0
    never, wary = feb_view(db)
    assert never == {frozenset(("Ada", "Bob"))}  # her rating came along
    assert wary == {"Ada": {"process-vs-result"}}  # and what she said went wrong
    assert "Ada and Bob met at jan" in cli("history", "--event", "feb", "--db", db).out
    assert (
        "(rated 1: never seated together again)" in cli("history", "--event", "feb", "--db", db).out
    )
    stored = json.loads(db.read_text())
    assert [(r["first"], r["second"], r["by"]) for r in stored["ratings"].values()] == [
        (1, 2, 1)
    ]  # by member: no email in a rating


def test_a_store_that_kept_ratings_by_identity_is_read_and_rewritten_by_member(
    cli, write_csv, tmp_path: Path
) -> None:
    db = tmp_path / "store.json"
    season(cli, write_csv, db)
    cli("merge", "ada@home.org", "ada@work.org", "--db", db)
    before = feb_view(db)
    old = json.loads(db.read_text())  # as a store from before ratings were by member
    (row,) = old["ratings"].values()
    row |= {"first": "email:ada@home.org", "second": "email:bob@x.org"}
    row["by"] = "email:ada@home.org"
    db.write_text(json.dumps(old))
    written = db.read_bytes()
    assert feb_view(db) == before  # read as it is …
    assert "rated 1" in cli("history", "--event", "feb", "--db", db).out
    assert db.read_bytes() == written  # … without writing anything
    export = tmp_path / "export"
    assert cli("export", "--all", export, "--db", db).status == 0
    exported = json.loads((export / "season.json").read_text())["ratings"]
    assert [(r["first"], r["second"], r["by"]) for r in exported] == [(1, 2, 1)]
    more = write_csv([["Cy", "cy@x.org", "3"]], header=HEADER, name="more.csv")
    cli("import", more, "--event", "feb", "--db", db)  # the next change rewrites them
    (row,) = json.loads(db.read_text())["ratings"].values()
    assert (row["first"], row["second"], row["by"]) == (1, 2, 1)
    never, wary = feb_view(db)
    assert never == before[0] and wary == before[1]
