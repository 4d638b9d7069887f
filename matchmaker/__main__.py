"""Allow ``python -m matchmaker``."""

from matchmaker.cli import main

raise SystemExit(main())
