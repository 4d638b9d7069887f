"""One browser's attendee session, started by the server for each websocket:
``python -m matchmaker.attendee.served STORE EVENT``. Light by design: it
imports neither numpy nor scipy (its matches come from the match book)."""

from __future__ import annotations

import os
import sys

from matchmaker.attendee.app import AttendeeApp, Mode
from matchmaker.service.workspace import Workspace


def main(argv: list[str]) -> int:
    db, event = argv
    service = Workspace.at(db).self_service(event, arrive=True)
    AttendeeApp(service, Mode.SERVED, address=os.environ.get("MATCHMAKER_CLIENT", "?")).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
