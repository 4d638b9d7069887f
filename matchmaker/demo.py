"""The demo event: 40 fictional attendees shipped in ``data/demo.csv``."""

from __future__ import annotations

from pathlib import Path

from matchmaker.importer import read_csv
from matchmaker.paths import data_file
from matchmaker.store import Store

DEMO_EVENT = "Peer Learning Night"


def demo_csv() -> Path:
    return Path(str(data_file("demo.csv")))


def seed_demo(store: Store) -> str:
    """Put the demo event into ``store`` (updating it if present); returns its name."""
    store.upsert_people(DEMO_EVENT, read_csv(demo_csv()).profiles)
    return DEMO_EVENT
