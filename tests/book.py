"""Building the book for tests: one strict Sphinx run, and what its doctest builder reports."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

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


def sphinx(builder: str, docs: Path, outdir: Path, env: dict[str, str] | None = None) -> Build:
    """Run sphinx-build strictly, as the Makefile does, in a fresh output directory."""
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
            str(docs),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, outdir)


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
