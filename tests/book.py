"""Building the book for tests: one strict Sphinx run, and what its doctest builder reports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@dataclass(frozen=True)
class Build:
    """One Sphinx run: its exit code, what it printed, and where it wrote."""

    returncode: int
    output: str
    outdir: Path

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if "WARNING" in line or "ERROR" in line]


def sphinx(
    builder: str,
    docs: Path,
    outdir: Path,
    env: dict[str, str] | None = None,
    doctrees: Path | None = None,
) -> Build:
    """Run sphinx-build strictly, as the Makefile does, into ``outdir``.

    ``doctrees`` is Sphinx's cache of parsed pages, shared between builders as the Makefile
    shares it (default: inside ``outdir``); pages it holds up to date are not read again.
    """
    cache = ["-d", str(doctrees)] if doctrees is not None else []
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-n",
            "-W",
            "--keep-going",
            "-N",
            "-q",
            *cache,
            str(docs),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, outdir)


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole test run, which every pytest-xdist worker shares."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Build]) -> Build:
    """``make(folder)`` run once in the whole test run, whichever worker asks first.

    The others wait for it and read what it left (its exit code, output and folder), so a
    book built for one worker's tests serves them all.
    """
    root = run_folder(factory)
    record = root / f"{name}.json"
    with FileLock(root / f"{name}.lock"):
        if record.is_file():
            saved = json.loads(record.read_text("utf-8"))
            return Build(saved["returncode"], saved["output"], Path(saved["outdir"]))
        build = make(root / name)
        record.write_text(json.dumps({**asdict(build), "outdir": str(build.outdir)}), "utf-8")
        return build


def doctrees_lock(factory: pytest.TempPathFactory) -> FileLock:
    """Held by every build that reads or writes the run's shared cache of parsed pages."""
    return FileLock(run_folder(factory) / "doctrees.lock")


def shared_doctrees(factory: pytest.TempPathFactory) -> Path:
    """The run's cache of parsed pages, which the book's builds share as ``make`` shares it."""
    return run_folder(factory) / "doctrees"


def book_build(factory: pytest.TempPathFactory, builder: str) -> Build:
    """The book built by ``builder`` once in the run, sharing the parsed pages of the HTML build.

    The HTML build comes first: it parses every page; the doctest, one-page and EPUB builders
    then find the pages parsed and only write their own output.
    """

    def make(folder: Path) -> Build:
        with doctrees_lock(factory):
            return sphinx(builder, DOCS, folder, doctrees=shared_doctrees(factory))

    if builder != "html":
        book_build(factory, "html")
    return once(factory, f"book-{builder}", make)


#: What a test that needs Chromium says when none is found.
NO_CHROMIUM = (
    "no Chromium found: install Debian's chromium package (apt-get install chromium) "
    "or set SOVIETDATA_CHROMIUM to a Chromium binary"
)


def needed(message: str) -> NoReturn:
    """A tool the test needs is missing: skip, saying how to install it, except under CI (the
    ``CI`` environment variable set), where a missing tool is a failure."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


#: Where the session's doctest build leaves its count, for the terminal summary.
DOCTEST_COUNT = pytest.StashKey[int]()


@dataclass(frozen=True)
class DoctestSummary:
    """What Sphinx's doctest builder reports in output.txt."""

    total: int
    failures: int
    per_document: dict[str, int]

    @classmethod
    def read(cls, path: Path) -> DoctestSummary:
        text = path.read_text("utf-8")
        total = int(re.search(r"^\s+(\d+) tests$", text, re.M).group(1))  # type: ignore[union-attr]
        failures = sum(int(n) for n in re.findall(r"^\s+(\d+) failures? in ", text, re.M))
        per_document: dict[str, int] = {}
        for block in re.split(r"^Document: ", text, flags=re.M)[1:]:
            name = block.split("\n", 1)[0].strip()
            ran = re.search(r"^(\d+) tests in \d+ items\.$", block, re.M)
            per_document[name] = int(ran.group(1)) if ran else 0
        return cls(total, failures, per_document)
