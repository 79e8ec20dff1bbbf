"""Allow ``python -m foi_drafter``."""

from foi_drafter.cli import main

raise SystemExit(main())
