"""Benchmarks for sovietdata, measured in one run and printed as ratios.

1. ``import sovietdata`` plus loading the shipped dataset, and the ``sovietdata show``
   command, against a bare interpreter start (targets: at most 2x and 3x); ``import
   msgspec``, which the record types need, is given for reference.
2. Validation of synthetic datasets of 1k, 10k and 100k records (target:
   linear growth, 100k in under 2 s).
3. The book's build loop: a cold ``make html`` against an empty book with the same
   configuration, templates, theme and extensions (target: at most 2x), a rebuild with
   nothing changed (target: at most 0.5 s), a rebuild after a sentence is added to one
   chapter (target: at most 1.5 s), and ``make doctest`` after ``make html``.
4. The weight of a first visit to each page of the book (nothing cached), as
   a plain static server sends it and gzipped, in the system's Chromium
   (target: at most 500 KB on every page).

``python benchmarks/bench.py [startup|validation|book|weight ...]`` runs some of them. Two
more run only when named, as each takes minutes: ``suite`` times each piece of ``make test``,
and ``fresh`` times the first ``make html`` of a fresh clone (its venv from the lock, from PyPI).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Response, sync_playwright

from sovietdata import _loader

RUNS = 40
LOAD = "import sovietdata; sovietdata.dataset()"
#: The ``sovietdata`` command as installed beside this interpreter (a console script), else
#: the package run as a module.
_SCRIPT = Path(sys.executable).with_name("sovietdata")
SHOW = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "sovietdata"]


def _run(argv: list[str]) -> tuple[float, float]:
    """One run of ``argv``: its wall-clock time and the processor time it used, in seconds."""
    t = time.perf_counter()
    with subprocess.Popen(argv, stdout=subprocess.DEVNULL) as child:
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - t
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, argv)
    return wall, usage.ru_utime + usage.ru_stime


def _start(code: str) -> tuple[float, float]:
    return _run([sys.executable, "-I", "-c", code])


def startup() -> None:
    """Wall-clock medians, whose ratios are the targets, and processor-time medians, which
    vary less on a busy machine."""
    runs: dict[str, Callable[[], tuple[float, float]]] = {
        "interpreter start (python -I -c pass):": lambda: _start("pass"),
        "import msgspec (the records need it):": lambda: _start("import msgspec"),
        "import sovietdata:": lambda: _start("import sovietdata"),
        "import sovietdata + load dataset:": lambda: _start(LOAD),
        "sovietdata show (output to a pipe):": lambda: _run([*SHOW, "show"]),
    }
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in runs}
    _start(LOAD)  # warm the file cache, the byte-code cache and the dataset cache
    _run([*SHOW, "show"])
    for _ in range(RUNS):  # interleaved, so drift affects all alike
        for label, run in runs.items():
            times[label].append(run())
    wall = [statistics.median(w for w, _ in t) for t in times.values()]
    cpu = [statistics.median(c for _, c in t) for t in times.values()]
    print(f"{'median of ' + str(RUNS) + ' runs':<40} {'wall clock':>17}  {'processor time':>17}")
    for label, w, c in zip(runs, wall, cpu, strict=True):
        ratios = f"{w * 1000:6.1f} ms {w / wall[0]:5.2f} x  {c * 1000:6.1f} ms {c / cpu[0]:5.2f} x"
        print(f"{label:<40} {ratios}")
    print(f"ratio, import + load to bare start:  {wall[3] / wall[0]:5.2f} x  (target <= 2x)")
    print(f"ratio, sovietdata show to bare start: {wall[4] / wall[0]:5.2f} x  (target <= 3x)")


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


ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BOOK_RUNS = 3
#: Runs of the rebuilds, each a second or two: more of them, as they vary more.
REBUILD_RUNS = 5
#: The chapter a one-chapter edit appends a sentence to, in a copy of the book.
CHAPTER = "story/3-september-plenum.md"
EMPTY_CONF = """import runpy
globals().update(
    {k: v for k, v in runpy.run_path(%r).items() if not k.startswith("__")}
)
"""


def _sphinx(builder: str, src: Path, out: Path, doctrees: Path | None = None) -> float:
    """One strict sphinx-build run, as the Makefile's (with its cache folder, if given), timed."""
    cache = ["-d", str(doctrees)] if doctrees is not None else []
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
            *cache,
            str(src),
            str(out),
        ],
        check=True,
    )
    return time.perf_counter() - t


def empty_book(folder: Path) -> Path:
    """A book of one short page with the book's configuration, templates and static files."""
    folder.mkdir()
    (folder / "conf.py").write_text(EMPTY_CONF % str(DOCS / "conf.py"), "utf-8")
    (folder / "index.md").write_text("# Empty\n\nA page.\n", "utf-8")
    for name in ("_static", "_templates"):
        (folder / name).symlink_to(DOCS / name, target_is_directory=True)
    return folder


def book_copy(folder: Path) -> Path:
    """A copy of docs/ beside the package's source and pyproject.toml, as in the repository
    (pages include data files, and conf.py reads pyproject.toml): its docs folder."""
    folder.mkdir()
    shutil.copytree(DOCS, folder / "docs", ignore=shutil.ignore_patterns("_build"))
    for name in ("src", "pyproject.toml"):
        (folder / name).symlink_to(ROOT / name)
    return folder / "docs"


def book() -> None:
    """The book's build loop: cold, rebuilt with nothing changed, rebuilt after one chapter's
    edit, and the doctest build, each as ``make`` runs it (its cache in a folder of its own)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        empty = empty_book(root / "empty")
        cold: list[float] = []
        bare: list[float] = []
        noop: list[float] = []
        edit: list[float] = []
        doctest: list[float] = []
        for i in range(BOOK_RUNS):  # interleaved, so drift affects all alike
            docs = book_copy(root / f"book-{i}")
            out, cache = root / f"html-{i}", root / f"doctrees-{i}"
            bare.append(_sphinx("html", empty, root / f"empty-{i}", root / f"empty-dt-{i}"))
            cold.append(_sphinx("html", docs, out, cache))
            for j in range(REBUILD_RUNS if i == 0 else 1):
                noop.append(_sphinx("html", docs, out, cache))
                with (docs / CHAPTER).open("a", encoding="utf-8") as chapter:
                    chapter.write(f"\nOne more sentence, number {i}.{j}.\n")
                edit.append(_sphinx("html", docs, out, cache))
            doctest.append(_sphinx("doctest", docs, root / f"doctest-{i}", cache))
        c, b, n, e, d = (statistics.median(x) for x in (cold, bare, noop, edit, doctest))
        print(f"empty book, same conf, cold html:       {b:7.2f} s  (median of {BOOK_RUNS})")
        print(f"the book, cold html (make html):        {c:7.2f} s")
        print(f"ratio, book to empty book:              {c / b:7.2f} x   (target <= 2x)")
        runs = f"median of {len(noop)}"
        print(f"no-op rebuild of the book:              {n:7.2f} s   (target <= 0.5 s; {runs})")
        print(f"rebuild after editing one chapter:      {e:7.2f} s   (target <= 1.5 s; {runs})")
        print(f"make doctest (after make html):         {d:7.2f} s   ({d / c:.2f} of cold html)")


def _quiet(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    """Run ``argv`` in ``cwd``; what it printed is shown only if it fails."""
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode:
        print(proc.stdout + proc.stderr, file=sys.stderr)
        raise subprocess.CalledProcessError(proc.returncode, argv)


#: The pieces of ``make test``, in its order: each a target of the Makefile.
SUITE = ("lint", "typecheck", "pytest")


def suite() -> None:
    """Each piece of ``make test`` timed alone, as make runs it (the venv left as it is).

    Opt-in (``python benchmarks/bench.py suite``): it runs the whole test suite, browser
    tests included, and writes docs/_build as ``make test`` does.
    """
    make = shutil.which("make")
    if make is None:
        raise SystemExit("suite: no make on this machine")
    times = {}
    for target in SUITE:
        t = time.perf_counter()
        _quiet([make, "-o", ".venv/.installed", target], ROOT)
        times[target] = time.perf_counter() - t
    total = sum(times.values())
    for target, seconds in times.items():
        print(f"make {target:<10} {seconds:8.1f} s  ({seconds / total:4.0%})")
    print(f"make test, in all: {total:8.1f} s")


def fresh() -> None:
    """A first ``make html`` in a fresh clone of the repository's HEAD: the venv created from
    the lock (packages from PyPI, so it needs the network) and the book built cold.

    Opt-in (``python benchmarks/bench.py fresh``): it takes minutes. Uncommitted changes are
    not in the clone. The interpreter is the one this venv was made from.
    """
    git, make = shutil.which("git"), shutil.which("make")
    if git is None or make is None:
        raise SystemExit("fresh: needs git and make")
    python = getattr(sys, "_base_executable", sys.executable)
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "sovietdata"
        subprocess.run([git, "clone", "--quiet", str(ROOT), str(clone)], check=True)
        head = subprocess.run(
            [git, "rev-parse", "--short", "HEAD"],
            cwd=clone,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
        times = {}
        for target in ("venv", "html"):
            t = time.perf_counter()
            _quiet([make, f"PYTHON={python}", target], clone, env)
            times[target] = time.perf_counter() - t
        print(f"fresh clone of {head}, first make html: {sum(times.values()):7.1f} s")
        print(f"  the venv from the lock (make venv):   {times['venv']:7.1f} s")
        print(f"  the book, cold (make html):           {times['html']:7.1f} s")


BUDGET = 500 * 1024
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` served as a plain static server serves it (no compression), on 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_visit(browser: Browser, url: str) -> dict[str, tuple[int, int]]:
    """Every file a first visit to ``url`` fetches (fresh context, nothing cached): its bytes
    as sent and gzipped."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses: list[Response] = []

    def record(response: Response) -> None:
        responses.append(response)

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    files: dict[str, tuple[int, int]] = {}
    for response in responses:
        body = response.body() if response.status < 300 else b""
        files[urlsplit(response.url).path.lstrip("/")] = (len(body), len(gzip.compress(body, 9)))
    context.close()
    return files


def first_visits(site: str, pages: list[str]) -> dict[str, dict[str, tuple[int, int]]]:
    """For each page, every file a first visit fetches: its bytes and its gzipped bytes."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        weights = {name: first_visit(browser, site + name) for name in pages}
        browser.close()
    return weights


def weight(out: Path | None = None) -> None:
    """Weigh the first visit of every page of ``out``, or of the book built afresh."""
    if out is None:
        with tempfile.TemporaryDirectory() as tmp:
            _sphinx("html", DOCS, Path(tmp) / "html")
            weight(Path(tmp) / "html")
        return
    pages = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if not p.relative_to(out).parts[0].startswith("_")
    )
    with serve(out) as site:
        weights = first_visits(site, pages)
    rows = sorted(
        (
            (sum(s for s, _ in f.values()), sum(g for _, g in f.values()), n, f)
            for n, f in weights.items()
        ),
        reverse=True,
    )
    print(f"{'page':<34} {'files':>5} {'KB':>8} {'gzip KB':>8}  largest files")
    for size, zipped, name, files in rows:
        largest = sorted(files.items(), key=lambda kv: -kv[1][0])[:3]
        top = ", ".join(f"{Path(p).name} {s / 1024:.0f}" for p, (s, _) in largest)
        print(f"{name:<34} {len(files):>5} {size / 1024:8.1f} {zipped / 1024:8.1f}  {top}")
    size, zipped, name, _ = rows[0]
    verdict = "yes" if size <= BUDGET else "NO"
    print(f"heaviest first visit: {name}, {size / 1024:.1f} KB ({zipped / 1024:.1f} KB gzipped)")
    print(f"every page within {BUDGET // 1024} KB: {verdict}")


BENCHES = {"startup": startup, "validation": validation, "book": book, "weight": weight}
#: Benches run only when named: each takes minutes.
OPT_IN = {"suite": suite, "fresh": fresh}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(BENCHES):
        if name not in BENCHES | OPT_IN:
            raise SystemExit(f"no bench {name!r}: choose from {', '.join(BENCHES | OPT_IN)}")
        (BENCHES | OPT_IN)[name]()
