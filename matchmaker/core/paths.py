"""Where things live: shipped data inside the package, the user's store in the
platform's data folder (never next to the code), what can be computed again
in the platform's cache folder (never beside the store)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable

APP_NAME = "peer-matchmaker"
DB_ENV = "MATCHMAKER_DB"


def data_file(name: str) -> Traversable:
    """A file shipped in ``data/`` (``matchmaker.data`` once installed)."""
    from importlib import resources  # here: what only reads the store never loads it

    return resources.files("matchmaker.data").joinpath(name)


def default_db_path() -> Path:
    """``MATCHMAKER_DB`` if set, else ``store.json`` in the user data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # here: a command given its store never loads it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "store.json"


def cache_dir() -> Path:
    """The user's cache folder for Peer Matchmaker (``$XDG_CACHE_HOME`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cached_for(store: Path, kind: str, suffix: str) -> Path:
    """A file of ``kind`` worked out from the store at ``store``, in the
    cache folder, named by a digest of the store's path (no name on disk)."""
    digest = hashlib.sha256(str(store.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / kind / f"{digest}{suffix}"


def make_private_folders(path: Path) -> None:
    """The folders of a file in the cache folder, the user's alone like the store."""
    for folder in (path.parent.parent, path.parent):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
