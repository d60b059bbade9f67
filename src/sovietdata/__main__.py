"""Run the command line as ``python -m sovietdata``."""

from sovietdata.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
