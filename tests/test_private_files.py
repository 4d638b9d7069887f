"""Private by default on disk: every file the store writes is for its user
alone (issue 26), personal codes are kept as slow salted hashes, and a
store damaged in any shape is reported with how to restore it."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from matchmaker.core.errors import UserError
from matchmaker.core.profiles import Profile
from matchmaker.service.session import export, write_file
from matchmaker.service.workspace import DEMO_EVENT, Workspace
from matchmaker.store import codes
from matchmaker.store.codes import SCRYPT_N, SCRYPT_P, SCRYPT_R
from matchmaker.store.match_book import book_path


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most systems give a user (files 0644 unless asked)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.attack
def test_the_store_and_every_file_beside_it_are_private(tmp_path: Path, usual_umask: None) -> None:
    """Measured: store, backups, lock, match book, tries file and exports were 0644."""
    # (the match book has since moved to the cache folder: test_serve_startup.py)
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.load_demo()
    workspace.create_event("Second")  # a second write makes a backup
    door = workspace.self_service(DEMO_EVENT, arrive=True)
    code = door.save(Profile("Zoë Park", interests=("chess",)), None).code
    assert code is not None
    door.sign_in(code, "192.0.2.7")  # the tries file
    assert workspace.refresh_book(DEMO_EVENT)
    made = export(tmp_path, "night", ".md", "# tables")
    written = write_file(tmp_path / "plan.csv", "name\nAda\n")
    files = sorted(p.name for p in tmp_path.iterdir())
    beside = ("", ".bak1", ".lock", ".tries", ".tries.lock")
    assert {f"store.json{end}" for end in beside} <= set(files)
    for path in tmp_path.iterdir():
        assert mode(path) == 0o600, (path.name, oct(mode(path)))
    book = book_path(workspace.store, DEMO_EVENT)  # in the cache folder, not beside the store
    assert mode(book) == 0o600 and mode(book.parent) == mode(book.parent.parent) == 0o700
    assert {made.name, written.name} <= set(files)


@pytest.mark.attack
def test_an_existing_files_mode_is_kept(tmp_path: Path, usual_umask: None) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.create_event("E")
    for name in ("store.json", "store.json.lock"):
        (tmp_path / name).chmod(0o640)
    shared = tmp_path / "plan.csv"
    shared.write_text("old")
    shared.chmod(0o644)
    workspace.create_event("F")
    write_file(shared, "new")
    assert [mode(tmp_path / n) for n in ("store.json", "store.json.lock")] == [0o640, 0o640]
    assert mode(tmp_path / "store.json.bak1") == 0o640  # the previous version, as it was
    assert mode(shared) == 0o644


# --- personal codes ----------------------------------------------------------------------------


def code_rows(workspace: Workspace) -> list[dict]:
    return list(json.loads(workspace.path.read_text(encoding="utf-8"))["codes"].values())


@pytest.mark.attack
def test_codes_are_kept_as_scrypt_hashes_salted_per_event(tmp_path: Path) -> None:
    workspace = Workspace.at(tmp_path / "store.json")
    for event in ("Night", "Day"):
        workspace.create_event(event)
    night, day = (workspace.self_service(e) for e in ("Night", "Day"))
    codes = [night.save(Profile(name), None).code for name in ("Ann", "Bea")]
    day_code = day.save(Profile("Cy"), None).code
    rows = code_rows(workspace)
    prefix = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$"
    assert all(row["hash"].startswith(prefix) for row in rows)
    text = workspace.path.read_text(encoding="utf-8")
    assert not any(code in text for code in [*codes, day_code] if code)
    salts = {row["event"]: set() for row in rows}
    for row in rows:
        salts[row["event"]].add(row["salt"])
    assert len(salts["Night"]) == 1 and salts["Night"].isdisjoint(salts["Day"])
    assert [night.sign_in(c or "", f"10.0.0.{n}").name for n, c in enumerate(codes)] == [
        "Ann",
        "Bea",
    ]
    assert day.sign_in(day_code or "", "10.0.0.9").name == "Cy"
    ann = day.sign_in(codes[0] or "", "10.0.0.8")  # a code of another event: its owner, back
    assert ann.name == "Ann" and [p.name for p in workspace.people("Day")] == ["Cy", "Ann"]
    with pytest.raises(UserError, match="not right"):
        day.sign_in("Z" * len(day_code or ""), "10.0.0.8")  # nobody's code, at any event


@pytest.mark.attack
def test_codes_stored_before_scrypt_sign_in_once_and_are_kept_as_scrypt_from_then(
    tmp_path: Path,
) -> None:
    """A store from before keeps one salted SHA-256 per code: accepted, and
    on its first right use kept as scrypt under the event's salt."""
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.create_event("Night")
    service = workspace.self_service("Night", arrive=True)
    newcomer = service.save(Profile("Bea"), None).code  # a scrypt code beside the old one
    person = service.save(Profile("Ann"), None).person
    document = json.loads(workspace.path.read_text(encoding="utf-8"))
    row = next(r for r in document["codes"].values() if r["person"] == person.id)
    row["salt"] = "0123456789abcdef"
    old_hash = hashlib.sha256(b"0123456789abcdef:ABCDEFGH").hexdigest()
    row["hash"] = old_hash
    workspace.path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserError, match="not right"):
        service.sign_in("ABCD-EFGX", "10.0.0.1")
    assert old_hash in workspace.path.read_text(encoding="utf-8")  # a wrong code changes nothing
    assert service.sign_in("abcd-efgh", "10.0.0.1").id == person.id
    rows = {r["person"]: r for r in code_rows(workspace)}
    assert rows[person.id]["hash"].startswith(f"scrypt${SCRYPT_N}$")
    assert rows[person.id]["salt"] == rows[service.sign_in(newcomer or "", "10.0.0.2").id]["salt"]
    assert old_hash not in workspace.path.read_text(encoding="utf-8")
    assert service.sign_in("ABCDEFGH", "10.0.0.3").id == person.id  # the same code, as scrypt


def test_codes_kept_at_an_earlier_cost_still_sign_in(tmp_path: Path) -> None:
    """scrypt's costs travel with each hash: a code kept at 2^14 (before
    the cost became 2^13) still signs in, beside codes kept at today's."""
    workspace = Workspace.at(tmp_path / "store.json")
    workspace.create_event("Night")
    service = workspace.self_service("Night")
    saved = service.save(Profile("Ann"), None)
    assert saved.code is not None and SCRYPT_N == 2**13
    document = json.loads(workspace.path.read_text(encoding="utf-8"))
    row = next(r for r in document["codes"].values() if r["person"] == saved.person.id)
    row["hash"] = codes._hash(row["salt"], saved.code, 2**14)
    workspace.path.write_text(json.dumps(document), encoding="utf-8")
    newcomer = service.save(Profile("Bea"), None)
    assert service.sign_in(saved.code, "10.0.0.1").id == saved.person.id
    assert service.sign_in(newcomer.code or "", "10.0.0.1").id == newcomer.person.id
    assert {r["hash"].split("$")[1] for r in code_rows(workspace)} == {"16384", "8192"}


# --- damaged stores and odd files ---------------------------------------------------------------


@pytest.mark.attack
def test_a_store_nested_thousands_deep_exits_2_untouched(cli, tmp_path: Path) -> None:
    """Measured: a RecursionError traceback and exit 1."""
    db = tmp_path / "s.json"
    db.write_bytes(b'{"meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    Path(f"{db}.bak1").write_text("{}")
    before = db.read_bytes()
    for args in (["people"], ["checkin", "Ada", "--event", "E"]):
        result = cli(*args, "--db", db)
        assert result.status == 2 and "Traceback" not in result.err, args
        assert "thousands deep" in result.err and "copy it over s.json to restore it" in result.err
    assert db.read_bytes() == before


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_imports(cli, tmp_path: Path, encoding: str) -> None:
    """Measured: "no name column" (the zero bytes were read as part of the names)."""
    path = tmp_path / "wide.csv"
    path.write_bytes("name,interests\nZoë,chess\nBo,go\n".encode(encoding))
    db = tmp_path / "s.json"
    result = cli("import", path, "--event", "E", "--db", db)
    assert result.status == 0 and "as UTF-16 (no byte-order mark)" in result.err
    assert [p.name for p in Workspace.at(db).people("E")] == ["Zoë", "Bo"]


def test_a_file_with_zero_bytes_is_refused_with_why(cli, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes("name\nAda\n".encode("utf-32-le"))  # no mark: zero bytes everywhere
    result = cli("import", path, "--db", tmp_path / "s.json")
    assert result.status == 2 and "zero bytes" in result.err and "CSV UTF-8" in result.err
