"""A community, not one evening (issue 28): the same person across events
is one member, stores from before members get theirs, and a pair who sat
together at any event "met before" — the next event's plan keeps them apart
(fresh partners) or together where they rated it 4 or 5 (continue)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

from textual.widgets import Input

from matchmaker.core.community import WentWrong
from matchmaker.service.workspace import Workspace
from matchmaker.store.storage import load_document
from tests.helpers import stored

NAMES = ["Ada", "Grace", "Alan", "Barbara", "Edsger", "Tim", "Linus", "Ken", "Donald", "Frances"]
TOPICS = ["python", "sql", "cobol", "math", "web", "compilers", "python", "sql", "math", "web"]


def signups(write_csv: Callable[..., Path], name: str = "signups.csv") -> Path:
    rows = [
        {"name": n, "email": f"{n.lower()}@example.org", "interests": t}
        for n, t in zip(NAMES, TOPICS, strict=True)
    ]
    return write_csv(rows, header=["name", "email", "interests"], name=name)


def community(cli: Callable[..., object], db: Path) -> list[dict[str, object]]:
    out = cli("people", "--all", "--format", "json", "--db", db)
    assert out.status == 0, out.err  # type: ignore[attr-defined]
    people: list[dict[str, object]] = json.loads(out.out)["people"]  # type: ignore[attr-defined]
    return people


def pairs_of(document: dict) -> set[frozenset[str]]:
    return {
        frozenset(pair)
        for r in document["rounds"]
        for g in r["groups"]
        for pair in combinations(g["members"], 2)
    }


def test_the_same_signup_file_as_a_second_event_reuses_the_members(
    cli, write_csv, tmp_path: Path
) -> None:
    db, file = tmp_path / "store.json", signups(write_csv)
    assert cli("import", file, "--event", "jan", "--db", db).status == 0
    assert cli("import", file, "--event", "feb", "--db", db).status == 0
    people = community(cli, db)
    assert sorted(p["name"] for p in people) == sorted(NAMES)  # no duplicates
    assert all(p["events"] == ["jan", "feb"] for p in people)
    assert all(p["email"] == "" for p in people)  # consent rules as for one event
    table = cli("people", "--all", "--db", db).out
    assert "jan; feb" in table
    both = cli("people", "--all", "--event", "jan", "--db", db)
    assert both.status == 2 and "--event or --all" in both.err


def test_different_capitals_and_the_same_email_are_one_member(
    cli, write_csv, tmp_path: Path
) -> None:
    db = tmp_path / "store.json"
    header = ["name", "email", "share_contact"]
    jan = write_csv([["Ada Lovelace", "Ada@Example.org", "yes"]], header=header, name="jan.csv")
    feb = write_csv([["ada lovelace", "ADA@EXAMPLE.ORG", "yes"]], header=header, name="feb.csv")
    cli("import", jan, "--event", "jan", "--db", db)
    cli("import", feb, "--event", "feb", "--db", db)
    (person,) = community(cli, db)
    assert person["events"] == ["jan", "feb"]
    assert person["name"] == "ada lovelace"  # the latest answers
    csv_out = cli("people", "--all", "--format", "csv", "--db", db).out
    assert csv_out.splitlines()[0].endswith(",events")
    assert csv_out.splitlines()[1].endswith(",jan; feb")


def test_a_store_from_before_members_gets_one_member_per_identity(
    cli, write_csv, tmp_path: Path
) -> None:
    db, file = tmp_path / "store.json", signups(write_csv)
    cli("import", file, "--event", "jan", "--db", db)
    cli("import", file, "--event", "feb", "--db", db)
    old = json.loads(db.read_text())  # as a store written before members existed
    old.pop("members")
    for row in old["people"].values():
        row.pop("member")
    db.write_text(json.dumps(old))
    assert len(community(cli, db)) == len(NAMES)  # read without writing anything
    assert "members" not in json.loads(db.read_text())
    cli("import", file, "--event", "mar", "--db", db)  # adding people adopts them all, once
    document, _ = load_document(db) or ({}, None)
    members = {row["event"]: row["member"] for row in document["people"].values()}
    assert len(document["members"]) == len(NAMES) and len(members) == 3
    by_name: dict[str, set[int]] = {}
    for row in document["people"].values():
        by_name.setdefault(row["profile"]["name"], set()).add(row["member"])
    assert all(len(ids) == 1 for ids in by_name.values())
    assert [p["events"] for p in community(cli, db)] == [["jan", "feb", "mar"]] * len(NAMES)


def test_the_second_event_repeats_no_pair_who_met_before(cli, write_csv, tmp_path: Path) -> None:
    db, file = tmp_path / "store.json", signups(write_csv)
    cli("import", file, "--event", "jan", "--db", db)
    jan = cli("pair", "--event", "jan", "--rounds", "3", "--save", "--format", "json", "--db", db)
    met = pairs_of(json.loads(jan.out))
    assert len(met) == 15
    cli("import", file, "--event", "feb", "--db", db)
    feb = json.loads(
        cli("pair", "--event", "feb", "--rounds", "2", "--format", "json", "--db", db).out
    )
    assert not pairs_of(feb) & met
    # Today's behaviour, asked for: a window of 0 events lets them meet again.
    again = cli(
        "pair",
        "--event",
        "feb",
        "--fresh-events",
        "0",
        "--rounds",
        "3",
        "--format",
        "json",
        "--db",
        db,
    )
    assert pairs_of(json.loads(again.out)) & met


def test_continue_keeps_well_rated_pairs_and_says_when_they_met(
    cli, write_csv, tmp_path: Path
) -> None:
    db, file = tmp_path / "store.json", signups(write_csv)
    cli("import", file, "--event", "jan", "--db", db)
    jan = json.loads(cli("pair", "--event", "jan", "--save", "--format", "json", "--db", db).out)
    first, second = (g["members"] for g in jan["rounds"][0]["groups"][:2])
    cli("feedback", *first, "--event", "jan", "--round", "1", "--rating", "5", "--db", db)
    cli("feedback", *second, "--event", "jan", "--round", "1", "--rating", "3", "--db", db)
    cli("import", file, "--event", "feb", "--db", db)
    saved = cli(
        "pair", "--event", "feb", "--history", "continue", "--save", "--format", "json", "--db", db
    )
    groups = json.loads(saved.out)["rounds"][0]["groups"]
    kept = next(g for g in groups if set(first) <= set(g["members"]))
    month = time.strftime("%B %Y")
    assert kept["met_before"] == [f"{first[0]} and {first[1]} met at jan in {month} (rated 5)"]
    assert not any(set(second) <= set(g["members"]) for g in groups)  # only 4 or 5 continue
    assert (
        Workspace.at(db).session("feb").event.options.history == "continue"
    )  # kept with the event
    matches = cli("matches", first[0], "--event", "feb", "--top", "0", "--db", db).out
    assert f"* met at jan in {month} (rated 5)" in matches


async def test_the_board_says_when_a_pair_at_a_table_met_before(
    cli, write_csv, tmp_path: Path
) -> None:
    from matchmaker.ui.app import MatchmakerApp
    from matchmaker.ui.board import BoardScreen
    from matchmaker.widgets.round_table import RoundTable
    from tests.helpers import settle

    db, file = tmp_path / "store.json", signups(write_csv)
    cli("import", file, "--event", "jan", "--db", db)
    jan = json.loads(cli("pair", "--event", "jan", "--save", "--format", "json", "--db", db).out)
    first = jan["rounds"][0]["groups"][0]["members"]
    cli("feedback", *first, "--event", "jan", "--round", "1", "--rating", "4", "--db", db)
    cli("import", file, "--event", "feb", "--db", db)
    said = cli("history", "--event", "feb", "--policy", "continue", "--db", db).out
    assert said.startswith("feb: continue: pairs who rated their time 4 or 5 sit together again")
    met = f"met at jan in {time.strftime('%B %Y')} (rated 4)"
    assert any(f"  {a} and {b} {met}" in said for a, b in (first, first[::-1]))
    assert said.count(" met at jan ") == len(NAMES) // 2  # jan's one round
    app = MatchmakerApp(Workspace.at(db), "feb", export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        table = board.query_one(RoundTable)
        names = [[board.event.profiles[m].name for m in t.members] for t in table.seated.tables]
        row = next(r for r, members in enumerate(names) if set(first) <= set(members))
        table.move_cursor(row=row, column=1)
        await pilot.pause()
        detail = str(board.query_one("#detail").render())
        assert (
            f"* {first[0]} and {first[1]} met at jan in {time.strftime('%B %Y')} (rated 4)"
            in detail
        )


def test_likely_duplicates_are_offered_never_merged_and_the_organiser_decides(
    cli, write_csv, tmp_path: Path
) -> None:
    db, header = tmp_path / "store.json", ["name", "email"]
    jan = [["Ada Lovelace", "ada@home.org"], ["Bea Lee", "bea@lab.org"], ["Tim", "tim@a.org"]]
    feb = [["Ada Lovelace", "ada@work.org"], ["B. Lee", "b@lab.org"], ["Tom", "tom@b.org"]]
    cli("import", write_csv(jan, header=header, name="jan.csv"), "--event", "jan", "--db", db)
    cli("import", write_csv(feb, header=header, name="feb.csv"), "--event", "feb", "--db", db)
    listed = cli("people", "--all", "--db", db)
    assert len(community(cli, db)) == 6  # nobody merged silently
    offers = [line for line in listed.err.splitlines() if line.startswith("maybe one person")]
    assert offers == [
        "maybe one person: #1 Ada Lovelace (jan) and #4 Ada Lovelace (feb), names 100% alike: "
        "matchmaker merge '#1' '#4' [--apart]",
        "maybe one person: #2 Bea Lee (jan) and #5 B. Lee (feb), names 77% alike and the same "
        "email domain: matchmaker merge '#2' '#5' [--apart]",
    ]  # Tim and Tom: names 67% alike, other domains
    refused = cli("merge", "Ada Lovelace", "#4", "--db", db)
    assert refused.status == 2 and "names 2 members" in refused.err
    assert cli("merge", "ada@home.org", "#4", "--db", db).status == 0
    assert cli("merge", "#2", "b@lab.org", "--apart", "--db", db).status == 0
    people = community(cli, db)
    assert len(people) == 5
    assert next(p for p in people if p["name"] == "Ada Lovelace")["events"] == ["jan", "feb"]
    assert "maybe one person" not in cli("people", "--all", "--db", db).err
    mar = [jan[2], feb[2]]
    cli("import", write_csv(mar, header=header, name="mar.csv"), "--event", "mar", "--db", db)
    both = cli("merge", "Tim", "Tom", "--db", db)
    assert both.status == 2 and "Both are in 'mar'" in both.err


async def test_me_shows_a_returning_person_their_own_past_partners_and_nothing_else(
    cli, write_csv, tmp_path: Path
) -> None:
    from matchmaker.attendee.app import AttendeeApp, Mode
    from matchmaker.attendee.views import HistoryScreen

    db, header = tmp_path / "store.json", ["name", "email", "share_contact"]
    rows = [
        ["Ada", "ada@x.org", "yes"],
        ["Grace", "grace@x.org", "yes"],
        ["Alan", "alan@x.org", "no"],
        ["Barbara", "barbara@x.org", "no"],
    ]
    file = write_csv(rows, header=header)
    cli("import", file, "--event", "jan", "--db", db)
    jan = json.loads(
        cli("pair", "--event", "jan", "--rounds", "3", "--save", "--format", "json", "--db", db).out
    )
    met = next(
        r["round"]
        for r in jan["rounds"]
        for g in r["groups"]
        if {"Ada", "Grace"} == set(g["members"])
    )
    cli("feedback", "Ada", "Grace", "--event", "jan", "--round", met, "--rating", "5", "--db", db)
    jan_ids = {p.name: p.id for p in Workspace.at(db).people("jan")}
    Workspace.at(db).self_service("jan").follow_up(jan_ids["Ada"], "", "Coffee with Grace")
    Workspace.at(db).self_service("jan").follow_up(jan_ids["Grace"], "Grace's own plan", "")
    cli("import", file, "--event", "feb", "--db", db)
    service = Workspace.at(db).self_service("feb")
    ada = service.person(next(p.id for p in Workspace.at(db).people("feb") if p.name == "Ada"))
    app = AttendeeApp(service, Mode.OWN, person=ada)
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.click("#go-history")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        shown = "\n".join(str(s.render()) for s in app.screen.query("Static"))
    assert f"jan ({time.strftime('%B %Y')})" in shown
    assert f"round {met}: Grace (grace@x.org), rated 5" in shown
    assert shown.count("someone who keeps their name to themselves") == 2  # Alan, Barbara
    assert "Alan" not in shown and "Barbara" not in shown and "feb (" not in shown
    assert "Did you meet again? What next?\nCoffee with Grace" in shown  # her follow-up
    assert "Grace's own plan" not in shown and "contribute more" not in shown


def test_a_rating_of_1_for_pace_raises_that_persons_pace_warnings_at_the_next_event(
    cli, write_csv, tmp_path: Path
) -> None:
    db, header = tmp_path / "store.json", ["name", "email", "orientation"]
    rows = [["Ada", "ada@x.org", "2"], ["Bob", "bob@x.org", "4"], ["Cy", "cy@x.org", "2"]]
    rows.append(["Di", "di@x.org", "4"])
    file = write_csv(rows, header=header)
    cli("import", file, "--event", "jan", "--db", db)
    cli("pair", "--event", "jan", "--save", "--db", db)
    jan = Workspace.at(db).self_service("jan")
    ada = next(p.id for p in Workspace.at(db).people("jan") if p.name == "Ada")
    assert jan.rate(ada, 1, 1, WentWrong.PACE) == 1
    late = cli(
        "feedback", "Ada", "Bob", "--round", "1", "--rating", "4", "--reason", "pace", "--db", db
    )
    assert late.status == 2 and "after a rating of 2 or less" in late.err
    cli("import", file, "--event", "feb", "--db", db)

    def severities(person: str) -> dict[str, str]:
        out = cli("matches", person, "--event", "feb", "--top", "0", "--format", "json", "--db", db)
        return {
            m["name"]: w["severity"] + (" raised" if "Raised: Ada said" in w["message"] else "")
            for m in json.loads(out.out)["matches"]
            for w in m["warnings"]
        }

    assert severities("Ada") == {"Bob": "high raised", "Di": "high raised"}
    assert severities("Cy") == {"Bob": "medium", "Di": "medium"}  # only Ada's
    plan = json.loads(cli("pair", "--event", "feb", "--format", "json", "--db", db).out)
    ada_table = next(g for g in plan["rounds"][0]["groups"] if "Ada" in g["members"])
    assert [w["severity"] for w in ada_table["warnings"]] == ["high"]
    session = Workspace.at(db).session("feb")  # what attendees' pages are given: as it was
    feb_ada = session.find("Ada")
    assert {w.severity.value for m in session.matches(feb_ada, 0) for w in m.warnings} == {"medium"}


async def test_the_kiosk_asks_what_went_wrong_after_a_low_rating_and_the_questions_after(
    cli, write_csv, tmp_path: Path
) -> None:
    from matchmaker.attendee.app import AttendeeApp, Mode
    from matchmaker.attendee.views import FeedbackScreen

    db, file = tmp_path / "store.json", signups(write_csv)
    cli("import", file, "--event", "jan", "--db", db)
    cli("pair", "--event", "jan", "--save", "--db", db)
    service = Workspace.at(db).self_service("jan", arrive=True)
    ada = service.person(next(p.id for p in Workspace.at(db).people("jan") if p.name == "Ada"))
    app = AttendeeApp(service, Mode.OWN, person=ada)  # the kiosk shows the same screen
    async with app.run_test(size=(60, 50)) as pilot:
        await pilot.click("#go-feedback")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        labels = [str(label.render()) for label in app.screen.query("Label")]
        assert "How can I contribute more effectively?" in labels
        assert "Did you meet again? What next?" in labels
        app.screen.query_one("#rate-1").press()
        await pilot.pause()
        assert app.screen.query_one("#went-wrong").display
        app.screen.query_one("#wrong-pace").press()
        await pilot.pause()
        await pilot.click("#go-feedback")
        await pilot.pause()
        app.screen.query_one("#more", Input).value = "Bring my notes"
        app.screen.query_one("#next", Input).value = "We meet in March"
        app.screen.query_one("#send-answers").press()
        await pilot.pause()
    (rating,) = stored(Workspace.at(db).store).ratings(Workspace.at(db).people("jan"))
    assert (rating.rating, rating.reason, rating.by) == (1, "pace", "email:ada@example.org")
    said = cli("history", "--event", "jan", "--db", db).out
    assert "  Ada: Bring my notes / We meet in March" in said


def test_export_all_and_import_all_round_trip_a_season(cli, write_csv, tmp_path: Path) -> None:
    db, file = tmp_path / "store.json", signups(write_csv)
    for event in ("jan", "feb"):
        cli("import", file, "--event", event, "--db", db)
        cli("pair", "--event", event, "--rounds", "2", "--save", "--db", db)
    pair = Workspace.at(db).session("jan").event.rounds[0].names[0]
    cli(
        "feedback",
        *pair,
        "--event",
        "jan",
        "--round",
        "1",
        "--rating",
        "1",
        "--reason",
        "pace",
        "--db",
        db,
    )
    cli("remove", "Tim", "--event", "feb", "--db", db)  # saved rounds keep his name
    for private in ([], ["--private"]):
        first, second = tmp_path / f"first{private}", tmp_path / f"second{private}"
        assert cli("export", "--all", first, *private, "--db", db).status == 0
        copy = tmp_path / f"copy{private}.json"
        assert cli("import", "--all", first, "--db", copy).status == 0
        assert cli("export", "--all", second, *private, "--db", copy).status == 0
        names = sorted(p.name for p in first.iterdir())
        assert names == ["people.csv", "ratings.csv", "rounds.csv", "season.json"]
        for name in names:
            assert (first / name).read_text() == (second / name).read_text(), name
        assert community(cli, copy) == community(cli, db)
    season = json.loads((first / "season.json").read_text())
    assert [e["name"] for e in season["events"]] == ["jan", "feb"] and season["ratings"]
    public = (tmp_path / "first[]" / "people.csv").read_text()
    assert "@example.org" not in public and "notes" not in public.partition("\n")[0]
    assert "ada@example.org" in (first / "people.csv").read_text()
    again = cli("import", "--all", first, "--db", db)
    assert again.status == 2 and "empty store" in again.err
    restored = tmp_path / "copy['--private'].json"  # the history came along
    cli("import", file, "--event", "mar", "--db", restored)
    said = cli("history", "--event", "mar", "--db", restored).out
    assert "(rated 1: never seated together again)" in said
    assert said.count(" met at ") == 2 * 2 * len(NAMES) // 2 - 2  # but Tim's at feb: removed
