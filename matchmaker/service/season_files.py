"""The files of ``export --all`` / ``import --all``: season.json, the whole
community (``store.season``), and the same as CSV for spreadsheets —
people.csv (the canonical columns with event, member and status),
rounds.csv and ratings.csv (people by member number)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from matchmaker.core.errors import UserError
from matchmaker.core.profiles import Profile
from matchmaker.render.spreadsheet import csv_text, profiles_csv
from matchmaker.service.session import write_file
from matchmaker.store.season import FORMAT, READS, VERSION

SEASON = "season.json"


def write_season(folder: Path, season: dict[str, Any], private: bool) -> list[Path]:
    """The season's files in ``folder`` (made if missing); their paths."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Cannot make the folder {folder}: {exc.strerror}.", field="output"
        ) from None
    events = season["events"]
    people = [(e["name"], p) for e in events for p in e["people"]]
    columns = {
        "event": [e for e, _ in people],
        "member": [p["member"] for _, p in people],
        "status": [p["status"] for _, p in people],
        "joined": ["yes" if p.get("joined") else "" for _, p in people],
    }
    profiles = [Profile.from_record(p["profile"]) for _, p in people]
    seats = [
        [e["name"], r["number"], t, s["member"] if s["member"] is not None else "", s["name"]]
        for e in events
        for r in e["rounds"]
        for t, table in enumerate(r["tables"], 1)
        for s in table
    ]
    rated = [
        [r["event"], r["round"], r["first"], r["second"], r["rating"], r["reason"], r["by"] or ""]
        for r in season["ratings"]
    ]
    files = {
        SEASON: json.dumps(season, ensure_ascii=False, indent=1) + "\n",
        "people.csv": profiles_csv(profiles, private, columns),
        "rounds.csv": csv_text(["event", "round", "table", "member", "name"], seats),
        "ratings.csv": csv_text(
            ["event", "round", "first", "second", "rating", "reason", "by"], rated
        ),
    }
    return [write_file(folder / name, text) for name, text in files.items()]


def read_season(folder: Path) -> dict[str, Any]:
    """season.json of an export, checked to be one."""
    path = folder / SEASON
    try:
        season = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path} does not exist: give the folder export --all wrote.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"Cannot read {path}: {exc}.", field="file") from None
    if not isinstance(season, dict) or season.get("format") != FORMAT:
        raise UserError(f"{path} is not a community exported by export --all.", field="file")
    if season.get("version") not in READS:
        raise UserError(f"{path} is version {season.get('version')!r}; this reads up to {VERSION}.")
    return season
