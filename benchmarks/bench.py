"""Benchmarks for sovietdata, measured in one run and printed as ratios.

1. ``import sovietdata`` plus loading the shipped dataset, against a bare
   interpreter start (target: at most 2x).
2. Validation of synthetic datasets of 1k, 10k and 100k records (target:
   linear growth, 100k in under 2 s).
3. The book: a cold ``make html`` against an empty book with the same
   configuration, theme and extensions (target: at most 1.5x), a rebuild
   with nothing changed, and ``make doctest``.

``python benchmarks/bench.py [startup|validation|book ...]`` runs some of them.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sovietdata import _loader

RUNS = 40
LOAD = "import sovietdata; sovietdata.dataset()"


def _start(code: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-I", "-c", code], check=True)
    return time.perf_counter() - t


def startup() -> None:
    bare: list[float] = []
    imported: list[float] = []
    loaded: list[float] = []
    _start(LOAD)  # warm the file cache, the byte-code cache and the dataset cache
    for _ in range(RUNS):  # interleaved, so drift affects all three alike
        bare.append(_start("pass"))
        imported.append(_start("import sovietdata"))
        loaded.append(_start(LOAD))
    b, i, s = (statistics.median(x) for x in (bare, imported, loaded))
    print(f"interpreter start (python -I -c pass):  {b * 1000:7.1f} ms  (median of {RUNS})")
    print(f"import sovietdata:                      {i * 1000:7.1f} ms")
    print(f"import sovietdata + load dataset:       {s * 1000:7.1f} ms")
    print(f"ratio, import + load to bare start:     {s / b:7.2f} x   (target <= 2x)")


def synthetic(n: int) -> dict[str, Any]:
    """About ``n`` records: people, one office held in turn, events and claims."""
    cite = [{"source": "src", "page": "1"}]
    people = n // 4
    doc: dict[str, Any] = {
        "source": [{"id": "src", "kind": "book", "title": "Synthetic"}],
        "body": [
            {"id": "cc", "name": "CC", "kind": "committee", "summary": "s", "citations": cite}
        ],
        "office": [
            {"id": "post", "title": "Post", "body": "cc", "summary": "s", "citations": cite}
        ],
        "person": [],
        "tenure": [],
        "event": [],
        "claim": [],
    }
    for i in range(people):
        year = 1000 + i % 900
        doc["person"].append(
            {
                "id": f"p{i}",
                "name": f"Person {i}",
                "name_ru": f"Лицо {i}",
                "born": "0900",
                "summary": "s",
                "citations": cite,
            }
        )
        doc["tenure"].append(
            {
                "id": f"t{i}",
                "person": f"p{i}",
                "office": "post",
                "start": f"{1000 + i // 12 % 9000:04d}-{i % 12 + 1:02d}",
                "end": f"{1000 + i // 12 % 9000:04d}-{i % 12 + 1:02d}",
                "citations": cite,
            }
        )
        doc["event"].append(
            {
                "id": f"e{i}",
                "title": "Event",
                "date": f"{year:04d}-03-01/{year:04d}-03-07",
                "kind": "meeting",
                "people": [f"p{i}"],
                "bodies": ["cc"],
                "summary": "s",
                "citations": cite,
            }
        )
        doc["claim"].append(
            {
                "id": f"c{i}",
                "number": i + 1,
                "article": "src",
                "section": "s",
                "paraphrase": "p",
                "verdict": "supported",
                "explanation": "e",
                "related": [f"e{i}"],
                "evidence": cite,
            }
        )
    return doc


def validation() -> None:
    results: dict[int, float] = {}
    for n in (1_000, 10_000, 100_000):
        doc = synthetic(n)
        count = sum(len(v) for v in doc.values())
        times = []
        for _ in range(3 if n < 100_000 else 2):
            t = time.perf_counter()
            problems, records = _loader.check([("synthetic.toml", doc)])
            times.append(time.perf_counter() - t)
        assert not problems, problems[:3]
        assert len(records) == count
        results[n] = min(times)
        per = results[n] / count * 1e6
        print(f"validate {count:>7,} records:  {results[n] * 1000:8.1f} ms  ({per:.1f} us/record)")
    print(f"growth 1k -> 10k:  {results[10_000] / results[1_000]:5.1f} x  (linear: 10x)")
    print(f"growth 10k -> 100k: {results[100_000] / results[10_000]:5.1f} x  (linear: 10x)")
    print(f"100k under 2 s:    {'yes' if results[100_000] < 2 else 'NO'}")


DOCS = Path(__file__).resolve().parents[1] / "docs"
BOOK_RUNS = 3
EMPTY_CONF = """import runpy
globals().update(
    {k: v for k, v in runpy.run_path(%r).items() if not k.startswith("__")}
)
"""


def _sphinx(builder: str, src: Path, out: Path) -> float:
    """One strict sphinx-build run, as the Makefile's, timed."""
    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-n",
            "-W",
            "--keep-going",
            "-q",
            str(src),
            str(out),
        ],
        check=True,
    )
    return time.perf_counter() - t


def book() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        empty = root / "empty"
        empty.mkdir()
        (empty / "conf.py").write_text(EMPTY_CONF % str(DOCS / "conf.py"), "utf-8")
        (empty / "index.md").write_text("# Empty\n\nA page.\n", "utf-8")
        cold: list[float] = []
        bare: list[float] = []
        noop: list[float] = []
        doctest: list[float] = []
        for i in range(BOOK_RUNS):  # interleaved, so drift affects both alike
            bare.append(_sphinx("html", empty, root / f"empty-{i}"))
            cold.append(_sphinx("html", DOCS, root / f"book-{i}"))
            noop.append(_sphinx("html", DOCS, root / f"book-{i}"))
            doctest.append(_sphinx("doctest", DOCS, root / f"doctest-{i}"))
        c, b, n, d = (statistics.median(x) for x in (cold, bare, noop, doctest))
        print(f"empty book, same conf, cold html:       {b:7.2f} s  (median of {BOOK_RUNS})")
        print(f"the book, cold html (make html):        {c:7.2f} s")
        print(f"ratio, book to empty book:              {c / b:7.2f} x   (target <= 1.5x)")
        print(f"no-op rebuild of the book:              {n:7.2f} s   ({n / c:.2f} of cold)")
        print(f"make doctest (cold):                    {d:7.2f} s   ({d / c:.2f} of cold html)")


BENCHES = {"startup": startup, "validation": validation, "book": book}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(BENCHES):
        BENCHES[name]()
