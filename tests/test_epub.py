"""The book as an EPUB: Sphinx's EPUB builder, checked by epubcheck, opened as a zip.

epubcheck is the W3C's EPUB validator (Debian's package ``epubcheck``; ``.ci/run`` installs
it). Without it the check is skipped, saying how to install it; under CI (the ``CI``
environment variable set) a missing epubcheck is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath

import pytest

import sovietdata
from sovietdata.text import short_name
from tests.book import DOCS, Build, book_build, needed

CHAPTERS = sorted(p.relative_to(DOCS).with_suffix("").as_posix() for p in DOCS.glob("story/*.md"))
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = "{http://www.idpf.org/2007/opf}"


@pytest.fixture(scope="module")
def epub_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = book_build(tmp_path_factory, "epub")
    assert build.returncode == 0, build.output
    assert not build.warnings, build.warnings
    return build


@pytest.fixture(scope="module")
def epub(epub_build: Build) -> Path:
    (path,) = epub_build.outdir.glob("*.epub")
    return path


def _epubcheck() -> list[str]:
    """The command that runs epubcheck: Debian's is a jar, run by Java."""
    found = shutil.which(os.environ.get("SOVIETDATA_EPUBCHECK", "epubcheck"))
    if found is None:
        needed(
            "epubcheck is not installed: on Debian or Ubuntu, `sudo apt-get install epubcheck` "
            "(or set SOVIETDATA_EPUBCHECK to its command)"
        )
    if Path(found).resolve().suffix == ".jar":
        java = shutil.which("java")
        if java is None:
            pytest.fail(f"{found} is a Java archive and no `java` is installed to run it")
        return [java, "-jar", str(Path(found).resolve())]
    return [found]


def _read(epub: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(epub) as book:
        return ET.fromstring(book.read(name))


def _spine(epub: Path) -> list[str]:
    """The e-book's documents in reading order."""
    package = _read(epub, "content.opf")
    hrefs = {item.get("id"): item.get("href") for item in package.iter(f"{OPF}item")}
    return [str(hrefs[ref.get("idref")]) for ref in package.iter(f"{OPF}itemref")]


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_epubcheck_finds_no_error_or_warning(epub: Path) -> None:
    command = _epubcheck()
    proc = subprocess.run(
        [*command, str(epub)], capture_output=True, text=True, check=False, timeout=600
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert re.search(r"Messages: 0 fatals / 0 errors / 0 warnings", output), output


def test_every_chapter_is_in_the_book_in_reading_order(epub: Path) -> None:
    spine = _spine(epub)
    chapters = [f"{name}.xhtml" for name in CHAPTERS]
    assert len(chapters) == 6
    assert spine[0] == "index.xhtml"
    assert [doc for doc in spine if doc in chapters] == chapters
    assert {"article/annotated.xhtml", "article/disputes.xhtml"} <= set(spine)
    nav = _read(epub, "nav.xhtml")
    listed = {str(a.get("href")).split("#")[0] for a in nav.iter(f"{XHTML}a")}
    assert set(chapters) <= listed


def test_every_page_is_xhtml_without_scripts_or_outside_resources(epub: Path) -> None:
    with zipfile.ZipFile(epub) as book:
        pages = [name for name in book.namelist() if name.endswith(".xhtml")]
        assert len(pages) > 20
        for name in pages:
            root = ET.fromstring(book.read(name))  # well-formed XML, or this raises
            assert not list(root.iter(f"{XHTML}script")), name
            for element in root.iter():
                for attribute in ("src", "href"):
                    value = element.get(attribute, "")
                    if element.tag in {f"{XHTML}a"}:
                        continue  # a link the reader may follow, not a resource of the page
                    assert not value.startswith(("http:", "https:", "//")), (name, value)
        assert not [n for n in book.namelist() if n.endswith(".js")]


def test_a_note_is_an_epub_footnote_listing_its_sources(epub: Path) -> None:
    page = _read(epub, "story/3-september-plenum.xhtml")
    refs = [a for a in page.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "noteref"]
    notes = {
        aside.get("id"): aside
        for aside in page.iter(f"{XHTML}aside")
        if aside.get(EPUB_TYPE) == "footnote"
    }
    assert refs, "no note reference with epub:type noteref"
    assert len(notes) == len(refs)
    for ref in refs:
        note = notes[str(ref.get("href")).removeprefix("#")]
        assert note.get("role") == "doc-footnote"
        assert _text(note).startswith(f"{_text(ref)}. ")
    first = notes[str(refs[0].get("href")).removeprefix("#")]
    sources = [
        a
        for a in first.iter(f"{XHTML}a")
        if str(a.get("href", "")).startswith("../reference/bibliography.xhtml#source-")
    ]
    assert sources, _text(first)
    # The web edition's cards are not in the e-book.
    assert "sd-card" not in ET.tostring(page, encoding="unicode")


def test_a_figure_is_an_image_in_the_light_palette(epub: Path) -> None:
    page = _read(epub, "story/3-september-plenum.xhtml")
    (figure,) = (
        f for f in page.iter(f"{XHTML}figure") if "sd-figure-succession" in f.get("class", "")
    )
    (image,) = figure.iter(f"{XHTML}img")
    name = PurePosixPath("story", str(image.get("src")))
    path = os.path.normpath(str(name))
    with zipfile.ZipFile(epub) as book:
        svg = book.read(path).decode("utf-8")
    assert "var(" not in svg
    assert "prefers-color-scheme" not in svg
    assert "#ffffff" in svg  # the light background
    drawn = ET.fromstring(svg)
    labels = " ".join(_text(t) for t in drawn.iter("{http://www.w3.org/2000/svg}text"))
    elected = sovietdata.lookup(sovietdata.election().person, sovietdata.Person)
    assert short_name(elected) in labels
    assert image.get("alt", "").startswith("Bar chart")


def test_a_fact_from_the_data_is_in_the_text(epub: Path) -> None:
    page = _read(epub, "story/3-september-plenum.xhtml")
    assert sovietdata.election().date.text() in _text(page)
