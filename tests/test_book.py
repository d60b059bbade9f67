"""The book, built: strict, every fact checked, the article page complete, no prose that drifts.

These tests run Sphinx as ``make html`` and ``make doctest`` do (``-n -W --keep-going``) into
temporary directories, then read what it wrote.
"""

from __future__ import annotations

import html
import re
import runpy
import shutil
from pathlib import Path

import pytest

import sovietdata
from sovietdata.sphinx import roles as booktext
from tests.book import DOCS, ROOT, Build, DoctestSummary, sphinx

CHAPTERS = sorted(p.relative_to(DOCS).with_suffix("").as_posix() for p in DOCS.glob("story/*.md"))


# --- the real book ----------------------------------------------------------------------------


def test_the_book_builds_with_no_warning(html_build: Build) -> None:
    assert html_build.returncode == 0, html_build.output
    assert html_build.warnings == []
    assert (html_build.outdir / "index.html").is_file()
    for chapter in CHAPTERS:
        assert (html_build.outdir / f"{chapter}.html").is_file()


def test_every_doctest_passes_and_there_are_many(doctest_build: Build) -> None:
    assert doctest_build.returncode == 0, doctest_build.output
    summary = DoctestSummary.read(doctest_build.outdir / "output.txt")
    assert summary.failures == 0
    assert summary.total > 60


def test_every_chapter_runs_doctests(doctest_build: Build) -> None:
    summary = DoctestSummary.read(doctest_build.outdir / "output.txt")
    assert len(CHAPTERS) >= 6
    assert {
        c: summary.per_document.get(c, 0) for c in CHAPTERS if summary.per_document.get(c, 0) < 1
    } == {}


def _claim_blocks(page: str) -> dict[int, str]:
    """Each claim's section of the page, by the claim's number (its anchor is the claim's id)."""
    numbers = {c.id: c.number for c in sovietdata.claims()}
    parts = re.split(r'<section class="sd-claim [^"]*" id="([^"]+)">', page)
    return {numbers[parts[i]]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_the_annotated_article_shows_every_claim_with_its_verdict(html_build: Build) -> None:
    page = (html_build.outdir / "article" / "annotated.html").read_text("utf-8")
    blocks = _claim_blocks(page)
    claims = sovietdata.claims()
    assert sorted(blocks) == [c.number for c in claims]
    for claim in claims:
        block = html.unescape(blocks[claim.number])
        badge = (
            f'<span class="sd-badge sd-verdict-{claim.verdict.value}">{claim.verdict.label}</span>'
        )
        assert badge in block, claim.number
        assert claim.paraphrase in block
        assert claim.explanation in block
        if claim.quote:
            assert f"“{claim.quote}”" in block


def test_the_fact_card_and_the_figures_come_from_the_data(html_build: Build) -> None:
    page = html.unescape((html_build.outdir / "index.html").read_text("utf-8"))
    election = sovietdata.election()
    card = page.split('class="sd-factcard', 1)[1].split("</dl>", 1)[0]
    assert election.date.text() in card
    assert sovietdata.lookup(election.proposed_by or "", sovietdata.Person).name in card
    assert (election.vote or "").capitalize() in card
    # One figure, drawn in a wide and a narrow layout, each described for a screen reader.
    alts = re.findall(r'<desc id="sdf-[0-9a-f]+-(wide|narrow)-desc">([^<]+)</desc>', page)
    assert sorted(layout for layout, _ in alts) == ["narrow", "wide"]
    # The timeline draws the events (the election is drawn as its session, highlighted).
    drawn = [e for e in sovietdata.dataset().events if 1952 <= e.date.lower().year <= 1966]
    assert all(f"with {len(drawn)} events" in alt for _, alt in alts)


def test_the_bibliography_lists_every_source_once(html_build: Build) -> None:
    page = (html_build.outdir / "reference" / "bibliography.html").read_text("utf-8")
    ids = re.findall(r'id="source-([a-z0-9-]+)"', page)
    assert sorted(ids) == sorted(s.id for s in sovietdata.dataset().sources)


def test_the_download_button_offers_the_myst_source(html_build: Build) -> None:
    page = (html_build.outdir / "story" / "3-september-plenum.html").read_text("utf-8")
    assert "_sources/story/3-september-plenum.md" in page
    source = html_build.outdir / "_sources" / "story" / "3-september-plenum.md"
    assert source.read_text("utf-8") == (DOCS / "story" / "3-september-plenum.md").read_text(
        "utf-8"
    )


# --- no drift: change the data, and the book changes or fails ---------------------------------


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    """A copy of the package and the book, to change a fact in."""
    for part in ("src", "docs", "pyproject.toml"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, tmp_path / part, ignore=shutil.ignore_patterns("_build", "__pycache__")
            )
        else:
            shutil.copy2(source, tmp_path / part)
    return tmp_path


def _env(copy: Path) -> dict[str, str]:
    # The copy's package is imported first; the cache is off so the changed data is read.
    return {"PYTHONPATH": str(copy / "src"), "SOVIETDATA_CACHE_DIR": ""}


def _edit(copy: Path, file: str, old: str, new: str) -> None:
    path = copy / "src" / "sovietdata" / "data" / file
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def test_a_changed_fact_changes_the_page_and_fails_the_doctests(book_copy: Path) -> None:
    # The doctest builder shares the HTML build's parsed pages, as `make` shares them. That an
    # incremental build rereads the pages after a data change is tests/test_extension.py's.
    doctrees = book_copy / "out" / "doctrees"
    _edit(book_copy, "events.toml", 'vote = "unanimous"', 'vote = "carried by a majority"')
    built = sphinx(
        "html", book_copy / "docs", book_copy / "out" / "html", _env(book_copy), doctrees
    )
    assert built.returncode == 0, built.output
    page = html.unescape((built.outdir / "index.html").read_text("utf-8"))
    assert "carried by a majority" in page
    assert "unanimous" not in page.split('class="sd-factcard', 1)[1].split("</dl>", 1)[0]
    checked = sphinx(
        "doctest", book_copy / "docs", book_copy / "out" / "doctest", _env(book_copy), doctrees
    )
    assert checked.returncode != 0
    assert "'unanimous'" in checked.output
    assert "carried by a majority" in checked.output


def test_a_fact_the_prose_needs_that_is_gone_fails_the_build(book_copy: Path) -> None:
    # The roles take their values as the pages are read: Sphinx's dummy builder reads every
    # page as the HTML builder does, strictly, and writes nothing.
    _edit(book_copy, "events.toml", 'proposed_by = "malenkov"\n', "")
    built = sphinx("dummy", book_copy / "docs", book_copy / "out" / "dummy", _env(book_copy))
    assert built.returncode != 0
    assert "has no value for 'proposed_by'" in built.output


# --- the roles' rendering, directly ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("khrushchev", "Nikita Khrushchev"),
        ("khrushchev|short", "Khrushchev"),
        ("khrushchev-elected-first-secretary.date", "7 September 1953"),
        ("khrushchev-elected-first-secretary.proposed_by", "Georgy Malenkov"),
        ("khrushchev-elected-first-secretary.proposed_by|short", "Malenkov"),
        ("congress-20.date|month", "February 1956"),
        ("congress-20.date|year", "1956"),
        ("congress-20.date|iso", "1956-02-14/1956-02-25"),
        ("cc-plenum-1953-09.date", "3–7 September 1953"),
        ("cc-plenum-1953-09.date|start", "3 September 1953"),
        ("cc-plenum-1953-09.date|end", "7 September 1953"),
        ("first-secretary-cpsu.single_holder", "yes"),
        ("first-secretary-cpsu|lower", "first Secretary of the Central Committee of the CPSU"),
    ],
)
def test_fact_renders_values_from_the_data(key: str, expected: str) -> None:
    assert booktext.fact(sovietdata.dataset(), key) == expected


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("kruschev", "did you mean 'khrushchev'"),
        ("khrushchev.birthday", "has no field 'birthday'"),
        ("khrushchev.wikidata|fancy", "unknown format"),
        ("khrushchev.wikidata|month", "is for dates"),
        ("khrushchev|year", "needs a field"),
        ("seed-article.published", "has no value for 'published'"),
    ],
)
def test_fact_refuses_a_bad_key_by_name(key: str, message: str) -> None:
    with pytest.raises(booktext.FactError, match=re.escape(message)):
        booktext.fact(sovietdata.dataset(), key)


def test_repository_buttons_come_only_from_project_urls(tmp_path: Path) -> None:
    conf = runpy.run_path(str(DOCS / "conf.py"))
    options = conf["repository_options"]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n', "utf-8")
    assert options(pyproject) == {}
    pyproject.write_text(
        '[project]\nname = "x"\n[project.urls]\nRepository = "https://example.org/x"\n', "utf-8"
    )
    assert options(pyproject)["repository_url"] == "https://example.org/x"
    assert options(pyproject)["use_edit_page_button"] is True
    # The project's own setting: no address is invented.
    assert conf["html_theme_options"].get("repository_url") == options(ROOT / "pyproject.toml").get(
        "repository_url"
    )
