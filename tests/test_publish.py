"""The book as published: its weight, title, citation, icons, favicon, descriptions and rebuilds.

The browser tests serve the session's build (``html_build``) from 127.0.0.1 as a plain static
server serves it (no compression), and open it in the system's headless Chromium (the fixtures
``site`` and ``browser`` of tests/conftest.py); without Chromium they skip (under CI they fail).
"""

from __future__ import annotations

import functools
import html
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser

import sovietdata
from sovietdata.sphinx.typehints import readable
from tests.book import DOCS, ROOT, Build, doctrees_lock, shared_doctrees
from tests.survey import Survey

#: What a first visit to any page may transfer, every file included, uncompressed.
BUDGET = 500 * 1024
ICON = re.compile(r"\bfa-[a-z0-9-]+")
CODE = re.compile(r"<(pre|code|script|style|kbd|samp)\b.*?</\1>|<dt class=\"sig.*?</dt>", re.S)
#: Quotations, which are verbatim: their hyphens are the source's own.
QUOTE = re.compile(r'<span class="sd-quote"[^>]*>[^<]*</span>')
#: Two numbers joined by a hyphen, as in "1953-1964" or "pp. 12-15", but not an ISO date
#: (1953-09, 1953-09-07), an id (congress-20) or a name such as "ISO 8601-2".
HYPHEN_RANGE = re.compile(r"(?<![\w./:-])(?<!ISO )(\d{1,4})-(?!0\d)(\d{1,4})(?![\w/-])")


@functools.cache
def conf() -> dict[str, Any]:
    """The book's docs/conf.py, run as Sphinx runs it."""
    return runpy.run_path(str(DOCS / "conf.py"))


def pages(build: Build) -> list[str]:
    out = build.outdir
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if not p.relative_to(out).parts[0].startswith("_")
    )


def read(build: Build, name: str) -> str:
    return (build.outdir / name).read_text("utf-8")


# --- title, citation, addresses ----------------------------------------------------------------


def test_citation_cff_gives_the_books_title_version_and_date() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == conf()["BOOK_TITLE"]
    assert cff["version"] == sovietdata.__version__ == conf()["release"], (
        "CITATION.cff names another version than the package: on a new version, set its "
        "version (and, once released, date-released and RELEASE_DATES in docs/conf.py)"
    )
    assert cff.get("date-released") == conf()["RELEASE_DATE"]
    assert cff["authors"]
    assert cff["message"]
    assert "url" not in cff or cff["url"] == conf()["ADDRESS"]


def test_the_title_is_the_books_everywhere(html_build: Build) -> None:
    title = conf()["BOOK_TITLE"]
    index = read(html_build, "index.html")
    assert re.search(r"<title>[^<]*</title>", index)
    assert html.unescape(re.search(r"<title>([^<]*)</title>", index)[1]).endswith(title)  # type: ignore[index]
    assert title in html.unescape(re.sub(r"<[^>]+>", " ", index.split("bd-sidebar-primary")[1]))
    assert title in html.unescape(read(html_build, "reference/cite.html"))
    assert title in (ROOT / "README.md").read_text("utf-8").splitlines()[0]


def test_how_to_cite_gives_version_date_bibtex_and_the_address(html_build: Build) -> None:
    page = html.unescape(re.sub(r"<[^>]+>", "", read(html_build, "reference/cite.html")))
    c = conf()
    assert f"version {sovietdata.__version__}" in page
    assert c["released"](c["RELEASE_DATE"]) in page
    assert c["bibtex"](c["BOOK_TITLE"], c["release"], c["RELEASE_DATE"], c["ADDRESS"]) in page
    assert c["address_text"](c["ADDRESS"]).replace("`", "") in page


def test_the_address_comes_from_project_urls_or_is_said_to_be_unset(tmp_path: Path) -> None:
    c = conf()
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n', "utf-8")
    assert c["project_urls"](pyproject) == {}
    assert "no published address yet" in c["address_text"](None)
    pyproject.write_text(
        '[project]\nname = "x"\n[project.urls]\nDocumentation = "https://example.org/book/"\n',
        "utf-8",
    )
    address = c["project_urls"](pyproject)["Documentation"]
    assert "<https://example.org/book/>" in c["address_text"](address)
    entry = c["bibtex"]("A title", "2.0.0", "2030-01-02", address)
    assert entry.startswith("@misc{sovietdata-2.0.0,\n")
    assert "  url     = {https://example.org/book/}" in entry
    assert "  year    = {2030}" in entry
    assert "url" not in c["bibtex"]("A title", "2.0.0", "2030-01-02", None)
    unreleased = c["bibtex"]("A title", "2.1.0", None, None)
    assert "year" not in unreleased
    assert "  note    = {Version 2.1.0, unreleased}" in unreleased
    assert c["released"](None) == "not yet released"
    assert c["released"]("2030-01-02") == "released on 2 January 2030"


# --- every page: description, favicon, icons ---------------------------------------------------


def test_every_page_has_one_meta_description_from_its_text(html_build: Build) -> None:
    found = {}
    for name in pages(html_build):
        found[name] = [
            html.unescape(m)
            for m in re.findall(
                r'<meta name="description" content="([^"]*)"', read(html_build, name)
            )
        ]
    assert all(len(d) == 1 and 40 <= len(d[0]) <= 160 for d in found.values()), found
    # A page's own first paragraph, with its facts filled in and no note numbers.
    index = found["index.html"][0]
    assert index.startswith(f"On {sovietdata.election().date.text()},")
    assert "Nikita Khrushchev" in index
    assert found["search.html"][0] == conf()["BOOK_DESCRIPTION"]


def test_shorten_cuts_at_a_word() -> None:
    shorten = conf()["shorten"]
    assert shorten("short", 160) == "short"
    assert shorten("one two three four", 12) == "one two…"


def test_every_page_links_an_svg_and_a_png_favicon_that_exist(html_build: Build) -> None:
    for name in pages(html_build):
        links = re.findall(
            r'<link rel="icon" href="([^"]+)"[^>]*type="([^"]+)"', read(html_build, name)
        )
        assert {t for _, t in links} == {"image/svg+xml", "image/png"}, name
        for href, _ in links:
            assert (html_build.outdir / Path(name).parent / href).resolve().is_file(), (name, href)


def test_every_icon_class_has_an_svg_and_a_rule() -> None:
    css = (DOCS / "_static" / "icons.css").read_text("utf-8")
    for path in re.findall(r'url\("([^"]+)"\)', css):
        assert (DOCS / "_static" / path).is_file(), path
    assert (DOCS / "_static" / "fontawesome" / "LICENSE.txt").is_file()
    assert "integrity" in (DOCS / "_static" / "fontawesome" / "SOURCE.txt").read_text().lower()


def test_the_pages_use_only_icons_that_icons_css_draws(html_build: Build) -> None:
    css = (DOCS / "_static" / "icons.css").read_text("utf-8")
    rules = re.findall(r"^([^{}]+) \{ --sd-icon", css, re.M)
    drawn = {c[1:] for rule in rules for c in re.findall(r"\.fa-[a-z0-9-]+", rule)}
    drawn |= {"fa-solid", "fa-lg", "fa-fw"}
    used: set[str] = set()
    for name in pages(html_build):
        for classes in re.findall(r'<i class="([^"]*)"', read(html_build, name)):
            used |= set(ICON.findall(classes))
    assert used
    assert used - drawn == set()


def test_no_page_loads_the_icon_script_or_the_search_index_but_search(html_build: Build) -> None:
    for name in pages(html_build):
        text = read(html_build, name)
        assert "fontawesome.js" not in text, name
        assert ("searchindex.js" in text) == (name == "search.html"), name


# --- the trimmed stylesheet --------------------------------------------------------------------


def test_purge_keeps_what_the_book_names_and_drops_the_rest() -> None:
    purge = conf()["purge_css"]
    css = (
        ".used{color:red}.unused{color:blue}.used .unused,.used>b{margin:0}"
        "@media (min-width:9px){.unused{top:0}.used{top:1px}}"
        '@font-face{font-family:"Font Awesome 7 Free";src:url(x.woff2)}'
        ":is(.unused,.used) i{left:0}:is(.unused) i{left:1px}#here{x:1}#gone{x:2}"
        ".fa-bars{--fa:'x'}:root{--a:1}"
    )
    kept = purge(css, {"used", "here", "fa-bars"})
    assert ".used{color:red}" in kept
    assert ".unused{color:blue}" not in kept
    assert ".used>b{margin:0}" in kept
    assert ".used .unused" not in kept
    assert "@media (min-width:9px){.used{top:1px}}" in kept
    assert "Font Awesome" not in kept
    assert ":is(.unused,.used) i{left:0}" in kept
    assert "left:1px" not in kept
    assert "#here" in kept
    assert "#gone" not in kept
    assert "fa-bars" not in kept
    assert ":root{--a:1}" in kept


def test_the_theme_stylesheets_are_trimmed(html_build: Build) -> None:
    for path in conf()["THEME_CSS"].values():
        built = html_build.outdir / "_static" / path
        assert 0 < built.stat().st_size < 110 * 1024, path
        assert not re.search(r"@font-face\{[^}]*Font Awesome", built.read_text("utf-8"))
        assert not built.with_name(f"{built.name}.map").exists()


# --- the API pages -----------------------------------------------------------------------------


def test_api_signatures_show_names_not_reprs(html_build: Build) -> None:
    api = sorted((html_build.outdir / "reference" / "api").glob("*.html"))
    assert len(api) >= 6
    for path in api:
        for signature in re.findall(r"<dt class=\"sig.*?</dt>", path.read_text("utf-8"), re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", signature))
            assert "<class" not in text, (path.name, text)
            assert "<function" not in text, (path.name, text)
    dataset = read(html_build, "reference/api/dataset.html")
    assert re.search(r"kind</span>.{0,200}Record", dataset, re.S)


def test_readable_rewrites_reprs() -> None:
    assert readable("{<class 'a.b.C'>: (<function f at 0x7f00>,)}") == "{C: (f,)}"
    assert readable("<Rank.PREFERRED: 'preferred'>") == "Rank.PREFERRED"
    assert readable("plain") == "plain"


# --- ranges -------------------------------------------------------------------------------------


def hyphen_ranges(page: str) -> list[str]:
    """Number ranges written with a hyphen in a page's text (not code, signatures, quotations)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", CODE.sub(" ", QUOTE.sub(" ", page))))
    return [m[0] for m in HYPHEN_RANGE.finditer(text)]


def test_the_range_detector() -> None:
    page = (
        "<p>In 1953-1964, pp. 12-15, on 3-7 September; not 1953-09-07, 1953-09, congress-20,"
        " ISO 8601-2 or <code>1953-1964</code>; fine: 1953–1964;"
        ' <span class="sd-quote" lang="en">“Oct. 5-14, 1952”</span></p>'
    )
    assert hyphen_ranges(page) == ["1953-1964", "12-15", "3-7"]


def test_number_ranges_use_an_en_dash(html_build: Build) -> None:
    found = {name: hyphen_ranges(read(html_build, name)) for name in pages(html_build)}
    assert {name: ranges for name, ranges in found.items() if ranges} == {}


# --- building ----------------------------------------------------------------------------------


def test_make_keeps_sphinx_caches_outside_the_served_folder() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("no make")
    for target in ("html", "doctest"):
        commands = subprocess.run(
            [make, "-n", "-o", ".venv/.installed", target],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        build = next(line for line in commands.splitlines() if "sphinx-build" in line)
        assert "-d docs/_build/doctrees" in build, build


def test_a_rebuild_with_nothing_changed_reads_nothing(
    html_build: Build, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    # The run's book and its cache of parsed pages, copied: built again, nothing is read.
    with doctrees_lock(tmp_path_factory):
        shutil.copytree(shared_doctrees(tmp_path_factory), tmp_path / "doctrees")
    shutil.copytree(html_build.outdir, tmp_path / "html")
    strict = ["-b", "html", "-n", "-W", "--keep-going", "-N"]  # -N: no colour codes to read
    dirs = [str(DOCS), str(tmp_path / "html"), "-d", str(tmp_path / "doctrees")]
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", *strict, *dirs],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    second = proc.stdout + proc.stderr
    assert "config changed" not in second
    assert "configuration has changed" not in second.lower()
    assert "reading sources... [" not in second
    assert "0 added, 0 changed, 0 removed" in second
    assert not (tmp_path / "html" / ".doctrees").exists()


# --- in a browser ------------------------------------------------------------------------------


def test_every_first_visit_is_within_budget_and_fetches_nothing_missing(
    surveyed: Survey,
) -> None:
    """What a first visit fetches (nothing cached): the page itself and the SVG favicon, no
    icon script or web font, nothing missing, and 500 KB at most in all."""
    wrong: list[str] = []
    for name, report in surveyed.pages.items():
        files = report.files
        where = f"{name} ({surveyed.mode})"
        if not any(f.endswith("/" + name) for f in files):
            wrong.append(f"{where}: the page itself not fetched")
        wrong += [f"{where}: failed: {u}" for u in report.failed]
        wrong += [f"{where}: loads {f}" for f in files if "fontawesome.js" in f or ".woff" in f]
        if not any(f.endswith("favicon.svg") for f in files):
            wrong.append(f"{where}: no favicon.svg")
        total = sum(files.values())
        if total > BUDGET:
            heaviest = sorted(files.items(), key=lambda kv: -kv[1])[:3]
            wrong.append(
                f"{where}: {total / 1024:.0f} KB, over {BUDGET // 1024} KB: "
                + ", ".join(f"{Path(p).name} {n / 1024:.0f} KB" for p, n in heaviest)
            )
    assert not wrong, "\n".join(wrong)


#: The icons of every page's header: search, full screen, the theme's switch.
HEADER_ICONS = ("fa-magnifying-glass", "fa-expand", "fa-circle-half-stroke")


def test_every_icon_is_drawn(surveyed: Survey) -> None:
    """On every page the header's icons show, each icon has a mask in the text colour and a
    size; the folded Contents mark too."""
    wrong: list[str] = []
    for name, report in surveyed.pages.items():
        where = f"{name} ({surveyed.mode})"
        shown = " ".join(icon["cls"] for icon in report.icons)
        wrong += [f"{where}: no {c} icon shows" for c in HEADER_ICONS if c not in shown]
        for icon in report.icons:
            if not icon["mask"].startswith('url("') or ".svg" not in icon["mask"]:
                wrong.append(f"{where}: {icon['cls']} has no SVG mask ({icon['mask']})")
            if min(icon["w"], icon["h"]) < 8:
                wrong.append(f"{where}: {icon['cls']} is {icon['w']}x{icon['h']}px")
        folded = report.folded
        if folded is not None and (
            folded["content"] not in ('""', "none", "normal")
            or "angle-down.svg" not in folded["mask"]
        ):
            wrong.append(f"{where}: the folded Contents mark is {folded}")
    assert not wrong, "\n".join(wrong)


def test_the_search_field_submits_to_the_search_page(browser: Browser, site: str) -> None:
    def search(browser: Browser) -> tuple[str, int, list[str]]:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(site + "index.html", wait_until="load")
        page.keyboard.press("Control+k")
        field = page.locator("#pst-search-dialog input[name=q]")
        field.fill("Malenkov")
        field.press("Enter")
        page.wait_for_url("**/search.html?q=Malenkov*")
        page.wait_for_selector("#search-results ul.search li a", timeout=15_000)
        found = (page.url, page.locator("#search-results ul.search li a").count())
        # An object of the API, found by name on its page.
        page.goto(site + "search.html?q=lookup", wait_until="load")
        page.wait_for_selector("#search-results ul.search li a", timeout=15_000)
        links = page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(a => a.getAttribute('href'))"
        )
        context.close()
        return (*found, links)

    url, results, links = search(browser)
    assert urlsplit(url).path.endswith("/search.html")
    assert results >= 3
    assert any("reference/api/dataset.html#sovietdata.lookup" in link for link in links), links
