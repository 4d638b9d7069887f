"""``export --all`` / ``import --all`` carry everything the community holds
(issue 28): with ``--private``, a season with walk-ins who joined on their
own, check-ins, personal codes (as hashes), locks, exclusions, wishes and
declines, timers, ratings with what went wrong, answers after the evening
and members kept apart is read into an empty store and exported again to
the same files; the copy works (the codes sign in, the pairs hold). Without
``--private`` none of the secrets or private answers are written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from matchmaker.core.community import WentWrong
from matchmaker.core.model import PairRule, Status
from matchmaker.core.profiles import Profile
from matchmaker.service.workspace import Workspace
from tests.helpers import stored
from tests.test_community import signups

SECRETS = ("codes", "pairs", "after", "token", "join_url")


def build_season(cli: Callable[..., object], write_csv: Callable[..., Path], db: Path) -> str:
    """Two evenings with all of it; Zoë's personal code."""
    file = signups(write_csv)
    for event in ("jan", "feb"):
        cli("import", file, "--event", event, "--db", db)
    workspace = Workspace.at(db)
    door = workspace.self_service("jan", arrive=True)
    zoe = door.save(Profile("Zoë", email="zoe@x.org"), None)  # joined on her own: a code
    assert zoe.code is not None
    door.join_token()  # the event's join link
    jan = workspace.session("jan")
    find = jan.find
    jan.check_in([find(n) for n in ("Ada", "Grace", "Alan", "Barbara", "Edsger", "Tim")])
    jan.set_rule(PairRule.LOCK, find("Ada"), find("Grace"))
    jan.set_rule(PairRule.EXCLUDE, find("Alan"), find("Tim"))
    door.wish(zoe.person.id, find("Ken"), PairRule.WISH)
    door.wish(find("Ken"), find("Linus"), PairRule.DECLINE)
    jan.pair_and_save(rounds=2)
    jan.start_timer(2, 15)
    door.rate(zoe.person.id, 1, 1, WentWrong.PACE)
    door.follow_up(zoe.person.id, "Host a table", "Coffee with Ken")
    cli("merge", "Ada", "Grace", "--apart", "--db", db)  # two people, never offered again
    feb = workspace.session("feb")
    feb.check_in([p.id for p in feb.event.people])
    feb.check_in([feb.find("Ken")], Status.GONE)
    feb.pair_and_save()
    feb.start_timer(1, 10)
    feb.pause_timer()
    return zoe.code


def pairs_by_name(workspace: Workspace, event: str) -> set[tuple[str, str, str]]:
    """The event's locks, exclusions, wishes and declines, by the names they join."""
    name = {p.id: p.name for p in workspace.people(event)}
    return {(c.rule, name[c.a], name[c.b]) for c in stored(workspace.store).constraints(event)}


def test_a_private_export_round_trips_everything_and_the_copy_works(
    cli, write_csv, tmp_path: Path
) -> None:
    db, copy = tmp_path / "store.json", tmp_path / "copy.json"
    code = build_season(cli, write_csv, db)
    first, second = tmp_path / "first", tmp_path / "second"
    assert cli("export", "--all", first, "--private", "--db", db).status == 0
    assert cli("import", "--all", first, "--db", copy).status == 0
    assert cli("export", "--all", second, "--private", "--db", copy).status == 0
    names = sorted(p.name for p in first.iterdir())
    for name in names:
        assert (first / name).read_text() == (second / name).read_text(), name
    season = json.loads((first / "season.json").read_text())
    jan = season["events"][0]
    assert {p["rule"] for p in jan["pairs"]} == {"lock", "exclude", "wish", "decline"}
    assert jan["timer"]["ends_at"] and season["events"][1]["timer"]["ends_at"] is None  # paused
    zoe = next(p for p in jan["people"] if p["profile"]["name"] == "Zoë")
    assert zoe["joined"] is True and zoe["status"] == "present"
    assert zoe["after"][0]["next"] == "Coffee with Ken"
    assert (
        zoe["codes"][0]["hash"].startswith("scrypt$")
        and code not in (first / "season.json").read_text()
    )
    restored = Workspace.at(copy)
    assert restored.self_service("jan").sign_in(code, "phone").name == "Zoë"  # the code works
    for event in ("jan", "feb"):
        was, now = Workspace.at(db).session(event).event, restored.session(event).event
        assert was.timer == now.timer
        assert [(p.name, p.status, p.joined) for p in was.people] == [
            (p.name, p.status, p.joined) for p in now.people
        ]
        assert pairs_by_name(Workspace.at(db), event) == pairs_by_name(restored, event)
    assert "Coffee with Ken" in cli("history", "--event", "jan", "--db", copy).out
    assert [m["apart"] for m in season["members"] if m["apart"]] == [[2], [1]]  # Ada, Grace


def shared_export(
    cli: Callable[..., object], write_csv: Callable[..., Path], tmp_path: Path
) -> Path:
    db, shared = tmp_path / "store.json", tmp_path / "shared"
    build_season(cli, write_csv, db)
    assert cli("export", "--all", shared, "--db", db).status == 0  # type: ignore[attr-defined]
    return shared


def test_a_shared_export_leaves_out_codes_pairs_answers_and_the_link(
    cli, write_csv, tmp_path: Path
) -> None:
    shared = shared_export(cli, write_csv, tmp_path)
    text = (shared / "season.json").read_text()
    season = json.loads(text)
    for event in season["events"]:
        assert not set(SECRETS) & set(event)
        assert all(not set(SECRETS) & set(p) for p in event["people"])
    assert "scrypt$" not in text and "Coffee with Ken" not in text
    copy = tmp_path / "copy.json"
    assert cli("import", "--all", shared, "--db", copy).status == 0  # still a community
    again = tmp_path / "again"
    cli("export", "--all", again, "--db", copy)
    assert (again / "season.json").read_text() == text


def test_a_version_1_export_is_still_read_and_a_broken_one_is_refused(
    cli, write_csv, tmp_path: Path
) -> None:
    shared = shared_export(cli, write_csv, tmp_path)
    season = json.loads((shared / "season.json").read_text())
    season["version"] = 1
    for event in season["events"]:
        del event["timer"]
        for person in event["people"]:
            del person["joined"]
    (shared / "season.json").write_text(json.dumps(season))
    assert cli("import", "--all", shared, "--db", tmp_path / "v1.json").status == 0
    del season["events"][0]["people"][0]["member"]
    (shared / "season.json").write_text(json.dumps(season))
    broken = cli("import", "--all", shared, "--db", tmp_path / "broken.json")
    assert broken.status == 2 and "is not a community as export --all writes it" in broken.err
    assert (
        not (tmp_path / "broken.json").exists()
        or "events" not in (tmp_path / "broken.json").read_text()
    )
