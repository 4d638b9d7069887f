"""Writes that arrive together go to the store together (group commit):
while one transaction is being written, the writes that come in wait, and
the next transaction takes all of them at once. A store write costs about
the same for one change as for fifty, so a room saving at once waits for a
few writes, not one per person. Each write is a function of the
transaction; a ``UserError`` it raises before changing anything is its own
answer, and the others in its batch still go in."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from matchmaker.core.errors import UserError
from matchmaker.store.database import Store, StoreTx

T = TypeVar("T")


class _Write(Generic[T]):
    def __init__(self, work: Callable[[StoreTx], T]) -> None:
        self.work = work
        self.result: T | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self, tx: StoreTx) -> None:
        try:
            self.result = self.work(tx)
        except UserError as error:
            self.error = error

    def outcome(self) -> T:
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]


class GroupCommit:
    """One store's writes from many threads, batched."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._waiting: list[_Write[object]] = []
        self._queue = threading.Lock()  # guards _waiting
        self._writer = threading.Lock()  # one batch at a time

    def run(self, work: Callable[[StoreTx], T]) -> T:
        """``work`` inside a transaction shared with whatever else is
        waiting; its result, or its error, once the batch is written."""
        mine = _Write(work)
        with self._queue:
            self._waiting.append(mine)  # type: ignore[arg-type]
        with self._writer:
            if not mine.done.is_set():
                with self._queue:
                    batch, self._waiting = self._waiting, []
                self._commit(batch)
        return mine.outcome()

    def _commit(self, batch: list[_Write[object]]) -> None:
        try:
            with self.store.transaction() as tx:
                for write in batch:
                    write.run(tx)
        except BaseException as error:  # nothing of the batch was written: each is told why
            for write in batch:
                write.error = write.error or error
        finally:
            for write in batch:
                write.done.set()
