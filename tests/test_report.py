"""``report``: the evening to send, on a real store through the real command
line — who came, each round's tables by name, the questions to ask, ratings,
the skills market, contacts only where consented; the attendees' version
without scores or ratings; HTML as one page with every text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from matchmaker.core.profiles import Profile
from matchmaker.service.workspace import DEMO_EVENT, Workspace

HOSTILE = '<script>alert("x")</script> "><img src=x onerror=alert(1)> [b]**Eve**'
SECRET = "eve.private@example.org"
ANSWER = "Only the organiser reads this answer."
NOTE = "Needs a quiet table <b>please</b>"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The demo event: 30 checked in (one of them hostile, with a private
    email), two saved rounds, one table rated 2 and one 5, and one leaver."""
    path = tmp_path / "store.json"
    workspace = Workspace.at(path)
    workspace.load_demo()
    session = workspace.session(DEMO_EVENT)
    session.save_profile(
        Profile(
            HOSTILE,
            email=SECRET,
            interests=("chess",),
            brings_me=ANSWER,
            problem=ANSWER,
            notes=NOTE,
        )
    )
    people = session.event.people
    session.check_in([p.id for p in (*people[:29], people[-1])])
    session.pair_and_save(avoid_clashes=True)
    session.pair_and_save(size=3)
    first, second = session.saved_rounds()[0].rounds[0].tables[:2]
    session.rate_table(1, [people[m].id for m in first.members[:2]], 2)
    session.rate_table(1, [people[m].id for m in second.members[:2]], 5)
    session.leave(people[3].id)
    return path


def report(cli, db: Path, *options: str) -> str:
    result = cli("report", "--event", DEMO_EVENT, "--db", db, *options)
    assert result.status == 0, result.err
    return result.out


def plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)  # the Markdown escapes undone


def test_the_organisers_report_names_every_table_and_its_rating(cli, db: Path) -> None:
    session = Workspace.at(db).session(DEMO_EVENT)
    text = plain(report(cli, db))
    assert text.startswith("# Peer Learning Night: the evening")
    assert "41 signed up, 29 checked in and here, 1 left." in text
    came = next(line for line in text.splitlines() if line.startswith("30 people: "))
    assert "Mateo García" in came  # went home, but came
    for seating in session.saved_rounds():
        (seated,) = seating.rounds
        assert f"## Round {seated.number}" in text
        for table in seated.tables:
            names = ", ".join(seating.name(m) for m in table.members)
            assert f"| {table.number} | {names} | {table.score} |" in text
    assert "2 ratings: 1 × 5/5, 1 × 2/5." in text
    assert re.search(r"\| 1 \| .+ \| \d+ \| 2/5 \|", text)
    assert "## Clashes seated" in text and "## Skills market" in text
    assert "| Topic | Want to learn | Can teach |" in text


def test_questions_to_ask_follow_the_tables_with_a_clash(cli, db: Path) -> None:
    session = Workspace.at(db).session(DEMO_EVENT)
    text = plain(report(cli, db, "--for", "attendees"))
    warned = [
        (seated.number, table, warning)
        for seating in session.saved_rounds()
        for seated in seating.rounds
        for table in seated.tables
        for warning in table.warnings
    ]
    assert warned  # the fixture seats at least one clash (groups of three)
    for _, table, warning in warned:
        who = " & ".join(warning.between)
        assert f"- Table {table.number}, {who}: {' '.join(warning.advice.split())}" in text


def test_contacts_only_of_those_who_consented(cli, db: Path) -> None:
    people = Workspace.at(db).people(DEMO_EVENT)
    came = {p.name for p in people if p.status.value != "signed-up"}
    for audience in ("organisers", "attendees"):
        text = plain(report(cli, db, "--for", audience))
        contacts = text[text.index("## Contacts") :]
        for person in people:
            email = person.profile.email
            if person.profile.share_contact and person.name in came:
                assert f"| {person.name} | {email} |" in contacts
            else:
                assert email not in text
        assert SECRET not in text


def test_the_attendees_report_has_no_scores_ratings_or_clash_labels(cli, db: Path) -> None:
    text = plain(report(cli, db, "--for", "attendees"))
    assert "| Table | People |" in text and "Score" not in text
    assert "/5" not in text and "## Ratings" not in text and "rated" not in text
    assert "## Clashes seated" not in text and "high ·" not in text
    assert "signed up" not in text  # the organisers' numbers stay with them
    assert "## Skills market" in text and "## Who came" in text


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_page_with_hostile_names_escaped(cli, db: Path) -> None:
    for audience in ("organisers", "attendees"):
        page = report(cli, db, "--format", "html", "--for", audience)
        parsed = Tags()
        parsed.feed(page)
        assert parsed.tags <= {
            "html", "head", "meta", "title", "style", "body", "main",
            "h1", "h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td",
        }  # fmt: skip
        assert "<script" not in page and "<img" not in page and "&lt;img src=x" in page
        assert HOSTILE in "".join(parsed.text)  # shown literally, as typed
        assert "http:" not in page and "https:" not in page  # nothing fetched from anywhere


def test_no_answer_in_anyones_words_is_in_either_report(cli, db: Path) -> None:
    """The report is built from names, tables, topics and consented contacts
    only: what people wrote in their own words stays out of it."""
    for audience in ("organisers", "attendees"):
        for form in ("markdown", "html"):
            text = plain(report(cli, db, "--for", audience, "--format", form))
            assert "Only the organiser" not in text


def test_private_notes_go_to_the_organisers_only(cli, db: Path) -> None:
    organisers = plain(report(cli, db))
    assert "## Notes (for the organisers only)" in organisers
    assert f"| {HOSTILE} | {NOTE} |" in organisers
    page = report(cli, db, "--format", "html")
    assert "Needs a quiet table &lt;b&gt;please&lt;/b&gt;" in page
    for form in ("markdown", "html"):
        attendees = report(cli, db, "--for", "attendees", "--format", form)
        assert "quiet table" not in attendees and "Notes" not in attendees


def test_markdown_shows_a_hostile_name_literally(cli, db: Path) -> None:
    text = report(cli, db)
    assert "\\*\\*Eve\\*\\*" in text and "\\[b\\]" in text and "\\<script\\>" in text
    assert HOSTILE in plain(text)


def test_bad_format_is_refused_with_exit_2(cli, db: Path) -> None:
    assert cli("report", "--event", DEMO_EVENT, "--db", db, "--format", "pdf").status == 2
    assert cli("report", "--event", DEMO_EVENT, "--db", db, "--for", "press").status == 2
