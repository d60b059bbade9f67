"""The book as one PDF (``make pdf``): printed once, opened with pypdf.

Printing needs the system Chromium, as the browser tests do: without it these tests skip,
saying how to install it, except under CI (``CI`` set), where a missing browser is a failure.
"""

from __future__ import annotations

import concurrent.futures
import html
import io
import re
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pypdf import PdfReader, PdfWriter

import sovietdata
from sovietdata.sphinx import pdf
from tests.book import (
    DOCS,
    NO_CHROMIUM,
    Build,
    book_build,
    doctrees_lock,
    needed,
    once,
    shared_doctrees,
)

TITLE = "Khrushchev's election as First Secretary: a fact-checked history"


@dataclass(frozen=True)
class Printed:
    path: Path
    reader: PdfReader
    #: Each document of the one-page book and its title, in order.
    chapters: dict[str, str]

    def text(self, page: int) -> str:
        """The text of a page (from 1), its words separated by single spaces."""
        text = unicodedata.normalize("NFKC", self.reader.pages[page - 1].extract_text())
        return " ".join(text.split())


def titles_of(single: Path) -> dict[str, str]:
    """Each document's title in the one-page build: the first heading after its marker."""
    page = single.read_text("utf-8")
    heading = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)

    def title(start: int) -> str:
        found = heading.search(page, start)
        assert found is not None
        inner = re.sub(r'<a class="headerlink".*?</a>', "", found.group(2))
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())

    titles = {"index": title(page.index("<article"))}
    for marker in re.finditer(r'<span id="document-([^"]+)"></span>', page):
        titles[marker.group(1)] = title(marker.end())
    return titles


def outline(reader: PdfReader, items: list[Any] | None = None, depth: int = 0) -> list[Any]:
    """Every outline entry as (depth, title, page from 1), depth first."""
    found: list[Any] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline(reader, item, depth + 1)
        else:
            page = reader.get_destination_page_number(item)
            assert page is not None, item.title
            found.append((depth, item.title, page + 1))
    return found


T = TypeVar("T")


def in_own_thread(call: Callable[[], T]) -> T:
    """Run ``call`` in a thread of its own: Playwright's sync API refuses a thread where another
    Playwright (the browser tests' session browser) already runs its event loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def print_once(factory: pytest.TempPathFactory) -> Build:
    """``make pdf``'s command run once in the test run, sharing the HTML build's parsed pages."""

    def make(out: Path) -> Build:
        out.mkdir()
        argv = [str(DOCS), str(out / "book.pdf"), "--build", str(out / "single")]
        argv += ["--doctrees", str(shared_doctrees(factory))]
        # The libraries' deprecation notices are not this book's warnings (Sphinx's fail the build).
        with doctrees_lock(factory), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = in_own_thread(lambda: pdf.main(argv))
        return Build(code, "", out)

    book_build(factory, "html")
    return once(factory, "book-pdf", make)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    if pdf.chromium_path() is None:
        needed(NO_CHROMIUM)
    build = print_once(tmp_path_factory)
    assert build.returncode == 0
    target = build.outdir / "book.pdf"
    return Printed(
        target, PdfReader(target), titles_of(build.outdir / "single" / "html" / "index.html")
    )


def test_the_book_is_one_pdf_of_sane_length(printed: Printed) -> None:
    pages = len(printed.reader.pages)
    # More than a title page, contents and a page per chapter; not one page per paragraph.
    assert len(printed.chapters) + 2 < pages < 600
    assert printed.reader.metadata is not None
    assert printed.reader.metadata.title == TITLE


def test_the_title_page_gives_the_title_version_and_data_version(printed: Printed) -> None:
    first = printed.text(1)
    assert TITLE in first
    assert f"Version {sovietdata.__version__}" in first
    ds = sovietdata.dataset()
    assert f"{len(ds):,} records" in first
    assert ds.corrections[0].date.text() in first
    assert re.search(r"SHA-256 [0-9a-f]{12}", first)
    assert printed.reader.pages[0].extract_text().count(str(len(ds))) >= 1


def test_a_fact_is_rendered_from_the_data(printed: Printed) -> None:
    election = sovietdata.election()
    landing = next(n for _, t, n in outline(printed.reader) if t == printed.chapters["index"])
    assert election.date.text() in printed.text(landing)


def test_every_chapter_has_an_outline_entry_at_its_page(printed: Printed) -> None:
    entries = outline(printed.reader)
    titles = [t for _, t, _ in entries]
    assert len(printed.chapters) > 20
    for doc, title in printed.chapters.items():
        assert title in titles, (doc, title)
    # The entries read as the headings do: no word twice, no words run together.
    assert "Contents" in titles
    assert not [t for t in titles if re.search(r"(\b\w{4,})\1", t)], titles
    assert TITLE in titles


def test_the_contents_give_each_chapters_page(printed: Printed) -> None:
    pages = {t: n for _, t, n in outline(printed.reader)}
    contents = unicodedata.normalize("NFKC", printed.reader.pages[1].extract_text())
    assert "Contents" in contents.splitlines()[0:3]
    numbered = 0
    for title in printed.chapters.values():
        line = re.search(re.escape(title) + r"\s*(\d+)\s*$", contents, re.M)
        assert line, (title, contents)
        assert int(line.group(1)) == pages[title], title
        numbered += 1
    assert numbered >= 20


def test_chapters_start_a_page_under_running_headers(printed: Printed) -> None:
    pages = {t: n for _, t, n in outline(printed.reader)}
    chapter = printed.chapters["story/3-september-plenum"]
    start = pages[chapter]
    for page in (start, start + 1):
        text = printed.text(page)
        assert text.startswith(TITLE), text[:200]
        assert chapter in text[: len(TITLE) + len(chapter) + 5]
        assert re.search(rf"\b{page}\b", text)
    assert TITLE not in printed.text(1).replace(TITLE, "", 1)  # the title page has no header


def test_notes_and_cards_are_numbered_notes_at_the_end(printed: Printed) -> None:
    pages = {t: n for _, t, n in outline(printed.reader)}
    notes = pages["Values and sources"]
    assert notes == max(pages.values())
    text = " ".join(printed.text(n) for n in range(notes, len(printed.reader.pages) + 1))
    election = sovietdata.election()
    assert "[1]" in text
    assert election.proposed_by is not None
    assert sovietdata.lookup(election.proposed_by, sovietdata.Person).name in text
    # A value in the story carries the number of its card.
    chapter = printed.text(pages[printed.chapters["story/1-death-of-stalin"]])
    assert re.search(r"\[\d+\]", chapter)


def test_the_pdf_is_tagged(printed: Printed) -> None:
    root: Any = printed.reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"


def test_retitle_needs_one_title_per_entry() -> None:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_outline_item(title="ContentsContents", page_number=0)
    blank = io.BytesIO()
    writer.write(blank)
    fixed = PdfReader(io.BytesIO(pdf.retitle(blank.getvalue(), ["Contents"])))
    assert [getattr(item, "title", None) for item in fixed.outline] == ["Contents"]
    with pytest.raises(RuntimeError, match="1 entries for 2 headings"):
        pdf.retitle(blank.getvalue(), ["Contents", "More"])


def test_print_book_says_when_there_is_no_chromium(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf, "chromium_path", lambda: None)
    book = pdf.Book(tmp_path / "index.html", TITLE, "1", "none", ())
    with pytest.raises(RuntimeError, match="no Chromium found"):
        in_own_thread(lambda: pdf.print_book(book, tmp_path / "book.pdf"))
    missing = str(tmp_path / "no-such-browser")
    with pytest.raises(RuntimeError, match="did not start"):
        in_own_thread(lambda: pdf.print_book(book, tmp_path / "book.pdf", chromium=missing))


def test_main_reports_a_build_that_cannot_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pdf.main([str(tmp_path / "missing"), str(tmp_path / "book.pdf")]) == 1
    assert "error: the one-page build" in capsys.readouterr().err
    assert not (tmp_path / "book.pdf").exists()


def test_main_reports_a_book_that_cannot_be_printed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = pdf.Book(tmp_path / "index.html", TITLE, "1", "none", ())
    monkeypatch.setattr(pdf, "build_single", lambda *args, **kwargs: book)
    monkeypatch.setattr(pdf, "chromium_path", lambda: None)
    assert pdf.main(["docs", str(tmp_path / "book.pdf")]) == 2
    assert "error: no Chromium found" in capsys.readouterr().err
