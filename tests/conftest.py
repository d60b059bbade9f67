"""Shared fixtures: a small valid dataset to break, and helpers to check it; the book built
once, served from 127.0.0.1, and the system's Chromium to read it (one for the whole run).

Chromium comes from the operating system (Debian's ``chromium`` package), not from a download
by the test tool. Without it the browser tests skip, saying how to install it; under CI (the
``CI`` environment variable set) a missing browser is a failure.
"""

from __future__ import annotations

import copy
import functools
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

from sovietdata import _loader
from sovietdata.errors import Problem
from sovietdata.sphinx import pdf
from tests.book import DOCTEST_COUNT, NO_CHROMIUM, Build, DoctestSummary, book_build, needed
from tests.survey import SURVEYED, Survey, survey

Document = dict[str, Any]

# Property tests check behaviour, not speed (speed is make bench's): no deadline per example,
# which a machine busy with the other test workers would miss now and then.
settings.register_profile("sovietdata", deadline=None)
settings.load_profile("sovietdata")

CITE = [{"source": "book", "page": "1"}]

MINIMAL: Document = {
    "grade": [
        {"id": "scholarly", "name": "Scholarly", "order": 1, "definition": "Historians' books."},
        {
            "id": "popular",
            "name": "Popular",
            "order": 2,
            "definition": "Blogs and almanacs.",
            "supports_dates": False,
        },
    ],
    "source": [
        {
            "id": "book",
            "kind": "book",
            "grade": "scholarly",
            "title": "A history",
            "published": "1999",
        },
        {"id": "blog", "kind": "website", "grade": "popular", "title": "On this day"},
    ],
    "person": [
        {
            "id": "first",
            "name": "Ivan Petrov",
            "name_ru": "Иван Петров",
            "born": "1900-01-15",
            "died": "1970",
            "summary": "A secretary.",
            "citations": CITE,
        },
        {
            "id": "second",
            "name": "Pyotr Ivanov",
            "name_ru": "Пётр Иванов",
            "born": "1905",
            "summary": "Another secretary.",
            "citations": CITE,
        },
    ],
    "body": [
        {
            "id": "committee",
            "name": "Committee",
            "kind": "committee",
            "summary": "It elects.",
            "citations": CITE,
        }
    ],
    "office": [
        {
            "id": "secretary",
            "title": "Secretary",
            "body": "committee",
            "summary": "The top post.",
            "citations": CITE,
        }
    ],
    "tenure": [
        {
            "id": "first-term",
            "person": "first",
            "office": "secretary",
            "start": "1950-01-07",
            "end": "1955-06",
            "start_event": "session",
            "citations": CITE,
        },
        {
            "id": "second-term",
            "person": "second",
            "office": "secretary",
            "start": "1955-06",
            "citations": CITE,
        },
    ],
    "event": [
        {
            "id": "session",
            "title": "A session",
            "date": "1950-01-03/1950-01-07",
            "kind": "plenum",
            "bodies": ["committee"],
            "people": ["first", "second"],
            "summary": "It met.",
            "citations": CITE,
        }
    ],
    "election": [
        {
            "id": "vote",
            "person": "first",
            "office": "secretary",
            "body": "committee",
            "event": "session",
            "tenure": "first-term",
            "date": "1950-01-07",
            "proposed_by": "second",
            "vote": "unanimous",
            "significance": "A new post.",
            "citations": CITE,
        }
    ],
    "dispute": [
        {
            "id": "vote-date",
            "subject": "vote",
            "field": "date",
            "question": "On which day?",
            "values": [
                {
                    "value": "1950-01-07",
                    "rank": "preferred",
                    "reason": "Archive.",
                    "citations": CITE,
                },
                {
                    "value": "1950-01-13",
                    "rank": "deprecated",
                    "reason": "Almanac.",
                    "citations": CITE,
                },
            ],
        }
    ],
    "claim": [
        {
            "id": "claim-one",
            "number": 1,
            "article": "book",
            "section": "Summary",
            "paraphrase": "He was elected at a congress.",
            "verdict": "incorrect",
            "explanation": "A plenum elected him.",
            "related": ["vote"],
            "evidence": CITE,
        }
    ],
    "correction": [
        {
            "id": "fix-vote",
            "record": "vote",
            "field": "vote",
            "old": "by a majority",
            "new": "unanimous",
            "date": "2001-05-01",
            "reason": "The protocol records no vote against.",
            "citations": CITE,
        }
    ],
}


@pytest.fixture
def doc() -> Document:
    """A fresh copy of a small dataset that passes every rule."""
    return copy.deepcopy(MINIMAL)


def problems(document: Document, name: str = "test.toml") -> list[Problem]:
    """Every problem the loader finds in one parsed document."""
    found, _ = _loader.check([(name, document)])
    return found


def record(document: Document, section: str, record_id: str) -> dict[str, Any]:
    """The raw record with this id, to edit in place."""
    for entry in document[section]:
        if entry["id"] == record_id:
            return entry  # type: ignore[no-any-return]
    raise KeyError(record_id)


@pytest.fixture(scope="session")
def html_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The book built as ``make html`` builds it, once in the test run (all workers share it)."""
    return book_build(tmp_path_factory, "html")


@pytest.fixture(scope="session")
def doctest_build(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Build:
    """The book's doctests run as ``make doctest`` runs them, once in the test run."""
    build = book_build(tmp_path_factory, "doctest")
    output = build.outdir / "output.txt"
    if output.is_file():
        pytestconfig.stash[DOCTEST_COUNT] = DoctestSummary.read(output).total
    return build


#: Chromium's flags for a sandboxed machine: no first-run work, no background traffic.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The system's headless Chromium, started once for every test module that reads the book.

    Playwright's synchronous API runs one instance per thread: every browser test takes this
    one rather than starting its own.
    """
    path = pdf.chromium_path()
    if path is None:
        needed(NO_CHROMIUM)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, headless=True, args=FLAGS)
        yield launched
        launched.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site(html_build: Build) -> Iterator[str]:
    """The built book served on a free port of 127.0.0.1, as a plain static server serves it."""
    assert html_build.returncode == 0, html_build.output
    handler = functools.partial(_Quiet, directory=str(html_build.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=SURVEYED)
def surveyed(
    request: pytest.FixtureRequest,
    browser: Browser,
    site: str,
    html_build: Build,
    tmp_path_factory: pytest.TempPathFactory,
) -> Survey:
    """Every page of the book in one mode, each a first visit (tests/survey.py); each mode a
    test of its own."""
    return survey(request, browser, site, html_build, tmp_path_factory)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands the count of book doctests it ran to the main process."""
    count = session.config.stash.get(DOCTEST_COUNT, None)
    workeroutput = getattr(session.config, "workeroutput", None)
    if count is not None and workeroutput is not None:
        workeroutput["book_doctests"] = count


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """The main process of a pytest-xdist run takes the count a worker handed over."""
    count = getattr(node, "workeroutput", {}).get("book_doctests")
    if count is not None:
        node.config.stash[DOCTEST_COUNT] = count


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print how many doctests the book ran, when the book tests built it."""
    count = config.stash.get(DOCTEST_COUNT, None)
    if count is not None:
        terminalreporter.write_line(f"book doctests run by Sphinx: {count}")
