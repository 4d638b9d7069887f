"""Where things live: shipped data inside the package, the user's store in the
platform's data folder (never next to the code)."""

from __future__ import annotations

import os
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import platformdirs

APP_NAME = "peer-matchmaker"
DB_ENV = "MATCHMAKER_DB"


def data_file(name: str) -> Traversable:
    """A file shipped in ``data/`` (``matchmaker.data`` once installed)."""
    return resources.files("matchmaker.data").joinpath(name)


def default_db_path() -> Path:
    """``MATCHMAKER_DB`` if set, else ``store.json`` in the user data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "store.json"
