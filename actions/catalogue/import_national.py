"""Entry point: ``python -m actions.catalogue.import_national --source … --out …``."""

from __future__ import annotations

from actions.catalogue.catalogue import main

if __name__ == "__main__":
    raise SystemExit(main())
