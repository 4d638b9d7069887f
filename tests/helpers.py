"""Small helpers for tests that set up or inspect a store directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matchmaker.store.database import Store


class _OneShot:
    def __init__(self, store: Store):
        self.store = store

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            with self.store.transaction() as tx:
                return getattr(tx, name)(*args, **kwargs)

        return call


def stored(store: Store) -> Any:
    """``stored(store).people("E")``: any ``StoreTx`` method, each call its own transaction."""
    return _OneShot(store)
