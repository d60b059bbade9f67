"""Sphinx configuration for the sovietdata book."""

from __future__ import annotations

import atexit
import doctest
import gc
import hashlib
import html
import importlib
import importlib.metadata
import itertools
import pickle
import re
import tomllib
import warnings
from collections.abc import Container, Iterable
from pathlib import Path
from typing import Any

import jinja2
import tinycss2
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.deprecation import RemovedInSphinx10Warning

# myst-parser and sphinx-autodoc-typehints call Sphinx APIs deprecated for Sphinx 10; those are
# Python deprecation notices about the libraries, not warnings about this book.
warnings.filterwarnings(
    "ignore", category=RemovedInSphinx10Warning, module=r"(myst_parser|sphinx_autodoc_typehints)"
)

from sovietdata import edtf  # noqa: E402 - after the filter above
from sovietdata.sphinx.typehints import (  # noqa: E402
    AliasFormatter,
    readable_values,
)

HERE = Path(__file__).parent
PYPROJECT = HERE.parent / "pyproject.toml"

project = "sovietdata"
author = "The sovietdata authors"
copyright = "2026, The sovietdata authors"
release = importlib.metadata.version("sovietdata")
version = release

#: The book's title: the sidebar, every page's <title>, "How to cite" and CITATION.cff (the
#: tests check that CITATION.cff gives the same title, version and date).
BOOK_TITLE = "Khrushchev's election as First Secretary: a fact-checked history"
#: A page's description for search engines and link previews, where its text gives none.
BOOK_DESCRIPTION = (
    "How the Central Committee of the CPSU made Nikita Khrushchev its First Secretary, told "
    "from sourced data, with a claim-by-claim fact-check of a popular account."
)
#: The day each version was released: the book's date, not the build machine's clock. A
#: version not listed is not released yet, and "How to cite" says so; on release, add its day
#: here and in CITATION.cff (the tests check that the two agree).
RELEASE_DATES = {"1.0.0": "2026-11-30"}
RELEASE_DATE: str | None = RELEASE_DATES.get(release)


def theme_folder(module: str) -> Path:
    """The folder of a theme's templates and static files, inside its installed package."""
    return Path(importlib.import_module(module).__file__ or "").parent / "theme" / module


def project_urls(pyproject: Path) -> dict[str, str]:
    """[project.urls] of pyproject.toml: the one place the book's addresses are configured."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    urls: dict[str, str] = data.get("project", {}).get("urls", {})
    return urls


#: Where the book is published, or None while [project.urls] Documentation is not set.
ADDRESS = project_urls(PYPROJECT).get("Documentation") or None


def released(date: str | None) -> str:
    """When the version was released, in words."""
    return f"released on {edtf.parse(date).text()}" if date else "not yet released"


def bibtex(title: str, version: str, date: str | None, address: str | None) -> str:
    """The book as a BibTeX entry (an unreleased version has no date)."""
    fields = {"author": "{The sovietdata authors}", "title": title}
    if date:
        fields |= {"year": date[:4], "date": date}
    fields |= {"version": version, "note": f"Version {version}" + ("" if date else ", unreleased")}
    if address:
        fields["url"] = address
    body = ",\n".join(f"  {key:<8}= {{{value}}}" for key, value in fields.items())
    return f"@misc{{sovietdata-{version},\n{body}\n}}"


def address_text(address: str | None) -> str:
    """The book's address as a sentence of the "How to cite" page."""
    if address:
        return f"The book is published at <{address}>."
    return (
        "The book has no published address yet: it is set as `Documentation` in "
        "`[project.urls]` of the package's `pyproject.toml`, and shown here once it is."
    )


extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx_autodoc_typehints",
    "sovietdata.sphinx",  # the package's own extension: roles and directives that render the data
]

# The chapters tell a story: their doctests (the proof of each fact) fold out of the way.
sovietdata_fold_examples = ["story/*"]

source_suffix = {".md": "markdown"}
root_doc = "index"
# The example book of the how-to page is a book of its own, built by the tests.
exclude_patterns = ["_build", "guide/example-book"]
nitpicky = True
# No intersphinx inventory is fetched (the build is offline), so references into the
# standard library and msgspec cannot resolve; these are the only ones the API makes.
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|enum|abc|collections|os|typing|msgspec|pathlib|argparse)\..+"),
    # The extension's API names docutils and Sphinx types, documented in their own projects.
    (r"py:.*", r"(docutils|sphinx)\..+"),
    (r"py:data", r"Ellipsis"),
    # The private base that makes every record frozen and keyword-only.
    (r"py:class", r"sovietdata\.models\._Frozen"),
]
# The extension's roles and directives subclass docutils and Sphinx classes; documenting them
# makes sphinx-autodoc-typehints run those libraries' TYPE_CHECKING blocks, which do not run
# outside a type checker. Later releases stop warning about it (tox-dev/sphinx-autodoc-typehints
# #610, #757), but not the 3.6 line the lock can install for Python 3.11. The types still render.
suppress_warnings = ["sphinx_autodoc_typehints.guarded_import"]
language = "en"
# Quotations in the data are verbatim: the build must not turn their straight quotes curly.
smartquotes = False

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution"]
myst_substitutions = {
    "version": release,
    "book_title": BOOK_TITLE,
    "released": released(RELEASE_DATE),
    "address": address_text(ADDRESS),
    "bibtex": f"```bibtex\n{bibtex(BOOK_TITLE, release, RELEASE_DATE, ADDRESS)}\n```",
}
myst_heading_anchors = 3

# Intersphinx stays offline: no inventory is fetched at build time.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
intersphinx_disabled_reftypes = ["*"]

# Show the constrained string types by name (Id, Text, ...) in record fields,
# not as their Annotated[str, Meta(...)] definitions.
_ALIASES = ("Id", "Text", "Url", "QId", "Isbn", "Lang")
autodoc_type_aliases = {name: f"sovietdata.models.{name}" for name in _ALIASES}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Record fields are documented as attributes; do not repeat them as constructor parameters.
autodoc_typehints_description_target = "documented"
autodoc_default_options = {"members": True, "show-inheritance": True}
# Defaults as the source writes them (``kind=Record``), not as their repr.
autodoc_preserve_defaults = True
# The right-hand contents of an API page name members without their class: "name" under "Body".
toc_object_entries_show_parents = "hide"
typehints_use_signature = False


typehints_formatter = AliasFormatter()
always_document_param_types = False

# Exception messages are part of what a page shows: check them (Sphinx ignores their detail
# by default, so a page could show a message the package does not give).
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1
doctest_global_setup = "import sovietdata\nfrom sovietdata import cli, export, text"
doctest_test_doctest_blocks = "default"

html_theme = "sphinx_book_theme"
html_title = BOOK_TITLE
# The theme's templates, less its icon script and the search index on every page (see
# _templates/layout.html); the icons it needs, the favicon and icons.css from _static.
#
# Sphinx compares each setting with the last build's to decide what to read again, and the
# themes add their component folders to templates_path and a priority to each stylesheet while
# building: those are given here as they end, so that a rebuild with nothing changed reads
# nothing (_no_repeats drops the folders the themes add a second time).
templates_path = [
    "_templates",
    str(theme_folder("sphinx_book_theme") / "components"),
    str(theme_folder("pydata_sphinx_theme") / "components"),
]
html_static_path = ["_static"]
html_css_files = [("icons.css", {"priority": 800})]
# pydata-sphinx-theme sets "#" at build time unless the book does: set here, the value a rebuild
# compares with is the same, and a rebuild with nothing changed reads no page again.
html_permalinks_icon = "#"
# One package: the general index is enough, and the module index's toggle images have no alt text.
html_domain_indices = False

# The download button offers each page's MyST source as it is (no ".txt" suffix).
html_sourcelink_suffix = ""


def repository_options(pyproject: Path) -> dict[str, object]:
    """Repository and edit buttons, only where [project.urls] in pyproject.toml names one."""
    urls = project_urls(pyproject)
    url = next((urls[k] for k in ("Repository", "Source", "Source Code") if k in urls), None)
    if not url:
        return {}
    return {
        "repository_url": url,
        "repository_branch": "main",
        "path_to_docs": "docs",
        "use_repository_button": True,
        "use_edit_page_button": True,
        "use_issues_button": "Issues" in urls,
    }


# Follow the reader's system setting on a first visit; unset, pydata-sphinx-theme writes an
# empty mode and logs "Got invalid theme mode" in the console.
html_context = {"default_mode": "auto"}

html_theme_options = {
    "home_page_in_toc": True,
    # The book's toctrees (in index.md) list every page at one level: the sidebar goes no deeper
    # (the theme's default, 4, copies every page's sections for each page, to drop them).
    "max_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_sidenotes": True,
    # The values pydata-sphinx-theme fills in at build time when they are missing: given here,
    # the options compare equal from one build to the next.
    "navbar_persistent": ["search-button-field"],
    "icon_links": [],
    "logo": {},
    **repository_options(PYPROJECT),
}


# --- every page: a description ----------------------------------------------------------------

#: Nodes whose text is not the sentence a description quotes: notes and their numbers.
_NOT_PROSE = {
    "footnote",
    "footnote_reference",
    "sd_sidenote",
    "sd_card",
    "sd_cards",
    "SideNoteNode",
}
DESCRIPTION_LENGTH = 160


def first_paragraph(doctree: nodes.document) -> str:
    """The text of a page's first paragraph of prose (not a note, list or box), or ""."""
    for para in doctree.findall(nodes.paragraph):
        if not isinstance(para.parent, nodes.section):
            continue
        copy = para.deepcopy()
        for node in list(copy.findall(lambda n: type(n).__name__ in _NOT_PROSE)):
            node.parent.remove(node)
        text = " ".join(copy.astext().split())
        if text:
            return text
    return ""


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


def describe(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give every page a meta description: its first paragraph, or the book's description."""
    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:  # the page's own, from its front matter
        return
    text = first_paragraph(doctree) if isinstance(doctree, nodes.document) else ""
    description = html.escape(shorten(text or BOOK_DESCRIPTION))
    context["metatags"] = f'{metatags}\n    <meta name="description" content="{description}" />'


# --- the theme's stylesheet, less what no page uses ---------------------------------------------

#: The themes' stylesheets (Bootstrap, Font Awesome and the themes' own rules, 393 KB), by the
#: module of the theme that ships each and its path there and in the built book.
THEME_CSS = {
    "pydata_sphinx_theme": "styles/pydata-sphinx-theme.css",
    "sphinx_book_theme": "styles/sphinx-book-theme.css",
}
#: Stylesheets Sphinx writes anew on every build (pygments.css last, by pydata-sphinx-theme at
#: the end of the build: trim_theme_css runs after it).
REWRITTEN_CSS = ("basic.css", "pygments.css")
#: Stylesheets of the extension's vendored scripts, each loaded only by the page of its script,
#: by their path in the extension's static folder and in the built book (``_static/``); the
#: vendored file itself stays whole (its hash is checked), the book's copy is trimmed.
VENDOR_CSS = ("vendor/timelinejs/css/timeline.css",)
#: The classes TimelineJS's script makes by joining words ("tl-slidenav-" + direction), which
#: no page or script spells out. (It joins "tl-icon-" to a media type too: the book's slides
#: have no media.)
TIMELINEJS_STATES = {"tl-slidenav-next", "tl-slidenav-previous"}
#: Font Awesome's classes: icons.css draws the icons the book uses, without the icon fonts.
_ICON_CLASS = re.compile(r"^(fa|fa[srb]|fa-.+|svg-inline--fa)$")
_WORD = re.compile(r"[A-Za-z0-9_-]+")


#: The classes Bootstrap's script adds to the parts of it the themes use: tooltips, the
#: dropdown menus (theme switch, download) and collapsing lists. The rest of its script
#: (carousels, modals, toasts, popovers...) is never used, so its words do not count.
BOOTSTRAP_STATES = {
    *("show", "showing", "hide", "fade", "active", "disabled", "collapse", "collapsing"),
    *("collapsed", "collapse-horizontal", "dropdown-menu", "dropdown-menu-end"),
    *("dropdown-menu-start", "dropup", "dropend", "dropstart", "dropdown-center"),
    *("dropup-center", "dropdown-item", "tooltip", "tooltip-inner", "tooltip-arrow"),
    *("bs-tooltip-auto", "bs-tooltip-top", "bs-tooltip-bottom", "bs-tooltip-start"),
    *("bs-tooltip-end", "navbar", "navbar-nav"),
}


def used_words(outdir: Path) -> set[str]:
    """Every word of the built pages and scripts: the class names and ids a rule may need.

    Scripts count because they add classes when a reader acts (a menu opens, the page
    scrolls); a word in a script or a page keeps every rule that names it, as PurgeCSS does.
    Bootstrap's script counts only through :data:`BOOTSTRAP_STATES`.
    """
    return _used_words(outdir, {}, set())


def _used_words(outdir: Path, known: dict[bytes, frozenset[str]], seen: set[bytes]) -> set[str]:
    """:func:`used_words`, remembering the words of each file by its digest.

    A file's words come from ``known`` when it has them; the words of every file read are
    added to it, and ``seen`` gets the digest of every file.
    """
    words = set(BOOTSTRAP_STATES)
    for path in outdir.rglob("*"):
        if path.suffix in {".html", ".js"} and path.name not in {"searchindex.js", "bootstrap.js"}:
            data = path.read_bytes()
            digest = hashlib.blake2b(data, digest_size=16).digest()
            seen.add(digest)
            found = known.get(digest)
            if found is None:
                text = data.decode("utf-8", errors="replace")
                found = known[digest] = frozenset(_WORD.findall(text))
            words |= found
    return words


def _selectors(prelude: list[Any]) -> list[list[Any]]:
    parts: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _classes(selector: list[Any]) -> list[str]:
    """The class names a selector names outside its functional pseudo-classes."""
    return [
        after.value
        for token, after in itertools.pairwise(selector)
        if token.type == "literal" and token.value == "." and after.type == "ident"
    ]


def _needed(selector: list[Any], words: Container[str]) -> bool:
    """Whether every class and id the selector names occurs in the book (and is no icon font's)."""
    if any(name not in words or _ICON_CLASS.match(name) for name in _classes(selector)):
        return False
    if any(token.type == "hash" and token.value not in words for token in selector):
        return False
    for token in selector:  # :is() and :where() match when one of their selectors does
        if token.type == "function" and token.lower_name in {"is", "where"}:
            inner = [t for t in token.arguments if t.type != "whitespace"]
            if not any(_needed(s, words) for s in _selectors(inner)):
                return False
    return True


def purge_rules(rules: Iterable[Any], words: Container[str]) -> list[Any]:
    """The rules some page or script can use; @media and @supports blocks are purged inside."""
    kept: list[Any] = []
    comma = tinycss2.ast.LiteralToken(0, 0, ",")
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _selectors(rule.prelude) if _needed(s, words)]
            if not selectors:
                continue
            rule.prelude = [t for n, s in enumerate(selectors) for t in ([comma] if n else []) + s]
        elif rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
            if "Font Awesome" in tinycss2.serialize(rule.content or []):
                continue
        elif rule.type == "at-rule" and rule.lower_at_keyword in {"media", "supports", "layer"}:
            if rule.content is not None:
                inner = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
                rule.content = purge_rules(inner, words)
                if not rule.content:
                    continue
        elif rule.type in {"whitespace", "comment"}:
            continue
        kept.append(rule)
    return kept


def purge_css(css: str, words: Container[str]) -> str:
    """``css`` without the rules whose classes or ids no page or script names."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(tinycss2.serialize([rule]) for rule in purge_rules(rules, words))


class _Asked:
    """A set of words that remembers each word it was asked about, and the answer."""

    def __init__(self, words: set[str]) -> None:
        self.words = words
        self.asked: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        found = word in self.words
        self.asked[str(word)] = found
        return found


#: The file in Sphinx's cache folder (``-d``) that keeps what :func:`trim_theme_css` worked out
#: in the last build: each built file's words, and each stylesheet's trimmed text.
TRIM_CACHE = "sovietdata-trimmed-css.pickle"
#: Bumped when the trimming changes, so that no trimmed text of an older rule is reused.
_TRIM_VERSION = 1


class _TrimCache:
    """What the last builds' trimming found, kept beside Sphinx's own cache.

    A stylesheet is trimmed again only when its text changed or some word it asked about
    (a class or id of one of its selectors) appeared in or left the book; a file's words
    are found again only when its bytes changed. The output is the same as trimming afresh.
    Builds into other folders that share the cache (``make pdf``'s one-page book) keep their
    own stylesheets.
    """

    def __init__(self, path: Path, outdir: Path) -> None:
        self.path = path
        self.outdir = str(outdir.resolve())
        self.words: dict[bytes, frozenset[str]] = {}
        self.sheets: dict[tuple[str, str], tuple[bytes, dict[str, bool], str]] = {}
        try:
            with path.open("rb") as file:
                version, words, sheets = pickle.load(file)
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
            return  # none yet, or unreadable: trimmed afresh, and written again
        if version == _TRIM_VERSION:
            self.words, self.sheets = words, sheets

    def purge(self, name: str, css: str, words: set[str]) -> str:
        """``css`` trimmed for ``words``, as :func:`purge_css` gives it."""
        digest = hashlib.blake2b(css.encode(), digest_size=16).digest()
        key = (self.outdir, name)
        last = self.sheets.get(key)
        if (
            last is not None
            and last[0] == digest
            and all((word in words) == found for word, found in last[1].items())
        ):
            return last[2]
        asked = _Asked(words)
        trimmed = purge_css(css, asked)
        self.sheets[key] = (digest, asked.asked, trimmed)
        return trimmed

    def save(self, used: set[bytes]) -> None:
        """Keep the words of this build's files (``used``) and the sheets of folders that exist."""
        words = {digest: found for digest, found in self.words.items() if digest in used}
        sheets = {key: sheet for key, sheet in self.sheets.items() if Path(key[0]).is_dir()}
        part = self.path.with_name(f"{self.path.name}.part")
        with part.open("wb") as file:
            pickle.dump((_TRIM_VERSION, words, sheets), file, pickle.HIGHEST_PROTOCOL)
        part.replace(self.path)  # whole or not at all, for a build that reads it at once


def trim_theme_css(app: Sphinx, exception: BaseException | None) -> None:
    """Rewrite the themes' stylesheets in the output without the rules the book never uses.

    The two themes' are trimmed from each theme's own copy, so a rebuild that adds a class
    keeps its rules; Sphinx writes basic.css and pygments.css afresh on every build. So are the
    vendored scripts' (:data:`VENDOR_CSS`), from the extension's copy. What the last build
    worked out is kept in Sphinx's cache folder (:class:`_TrimCache`), so that a rebuild
    trims only what changed.
    """
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    cache = _TrimCache(Path(app.doctreedir) / TRIM_CACHE, out)
    seen: set[bytes] = set()
    words = _used_words(out, cache.words, seen)
    for module, path in THEME_CSS.items():
        original = theme_folder(module) / "static" / path
        built = out / "_static" / path
        built.write_text(cache.purge(path, original.read_text("utf-8"), words), "utf-8")
        built.with_name(f"{built.name}.map").unlink(missing_ok=True)  # maps the full file
    for path in REWRITTEN_CSS:
        built = out / "_static" / path
        built.write_text(cache.purge(path, built.read_text("utf-8"), words), "utf-8")
    from sovietdata.sphinx.notes import STATIC  # noqa: PLC0415 - the extension's static folder

    for path in VENDOR_CSS:  # on the pages that load them, only
        built = out / "_static" / path
        if built.is_file():
            css = (STATIC / path).read_text("utf-8")
            built.write_text(cache.purge(path, css, words | TIMELINEJS_STATES), "utf-8")
    cache.save(seen)


def _no_repeats(app: Sphinx) -> None:
    """Keep each template folder once: the themes add theirs again on every build."""
    app.config.templates_path[:] = list(dict.fromkeys(app.config.templates_path))


#: The folder in Sphinx's cache folder (``-d``) that keeps the compiled page templates.
TEMPLATE_CACHE = "templates"


def keep_compiled_templates(app: Sphinx) -> None:
    """Keep the theme's page templates compiled in Sphinx's cache folder, for the next build.

    Jinja compiles each template on its first use in a build (about 35 for a page of this
    theme); a template is compiled again when its source changes (Jinja checks it).
    """
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(environment, jinja2.Environment):
        folder = Path(app.doctreedir) / TEMPLATE_CACHE
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def search_api_objects_once(app: Sphinx, doctree: nodes.document) -> None:
    """List each object of the API pages once in the search index, as an object.

    Sphinx would list each again as an index entry: 40 KB more in the index every search
    loads, for results the object entries already give. The general index, collected before
    this runs, keeps every entry.
    """
    if app.env.docname.startswith("reference/api/"):
        for node in doctree.findall(addnodes.index):
            node["entries"] = []


# --- the build's memory -------------------------------------------------------------------------

#: Thresholds of Python's cyclic garbage collector while the book builds. A page is a tree of
#: nodes that point to their parents, cycles that only that collector frees; at its default
#: threshold (700 new objects) it runs tens of thousands of times in a cold build of this book,
#: and each run walks the pages in memory. At 100,000 a cold build took a fifth less processor
#: time (8.9 s instead of 11.2 s) for 40 MB more memory at its peak (215 MB instead of 175 MB).
GC_THRESHOLD = (100_000, 10, 10)
_gc_before: list[tuple[int, int, int]] = []


def collect_less(app: Sphinx, config: Any) -> None:
    """Run the garbage collector less often while the book builds (:data:`GC_THRESHOLD`)."""
    _gc_before.append(gc.get_threshold())
    gc.set_threshold(*GC_THRESHOLD)


def collect_as_before(app: Sphinx, exception: BaseException | None) -> None:
    """Give the process its collector's thresholds back once the book is built."""
    if _gc_before:
        gc.set_threshold(*_gc_before.pop())


def setup(app: Sphinx) -> dict[str, Any]:
    """The book's own publishing steps: descriptions and the trimmed theme stylesheet."""
    app.connect("config-inited", collect_less)
    app.connect("build-finished", collect_as_before, priority=1000)
    # The objects left when the process ends go with it: no last collection walks them all
    # (a quarter of a second, a fifth of a rebuild with nothing changed).
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    app.connect("object-description-transform", readable_values)
    app.connect("html-page-context", describe)
    app.connect("builder-inited", _no_repeats)
    app.connect("builder-inited", keep_compiled_templates, priority=900)  # after _epub_builder
    app.connect("doctree-read", search_api_objects_once)
    app.connect("build-finished", trim_theme_css, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --- the EPUB edition (make epub) ---------------------------------------------------------------
# Sphinx's EPUB 3 builder, with its own plain theme: the web theme's templates (docs/_templates
# extends sphinx-book-theme's layout) are not the e-book's, and nothing in it runs a script.

epub_title = BOOK_TITLE
epub_description = BOOK_DESCRIPTION
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_language = language
#: The e-book's identifier: the package and its version. Sphinx writes the id of the identifier's
#: element as the identifier of the NCX table of contents, so the two are the same (an XML name).
epub_uid = epub_identifier = f"sovietdata-{release}"
epub_tocdepth = 2
#: The book's tables of contents are hidden in its pages (the web theme shows them in its
#: sidebar); the e-book's contents list them all.
epub_tocscope = "includehidden"
#: The e-book's stylesheets are the extension's (added by it to every page); icons.css draws the
#: web theme's buttons, which the e-book has not.
epub_css_files: list[str] = []


def _epub_builder(app: Sphinx) -> None:
    """For the EPUB builder: templates from its own theme, and none of the web edition's files.

    docs/_templates extends the web theme's layout, and docs/_static holds the web edition's
    icons, favicon and scripts; the extension's stylesheets stay on the static path.
    """
    if app.builder.name != "epub":
        return
    app.config.templates_path[:] = []
    app.config.html_static_path[:] = [p for p in app.config.html_static_path if p != "_static"]
    app.builder.init_templates()  # type: ignore[attr-defined]


def _epub_exclusions(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Files of the output folder the e-book leaves out, listed as it is packed (no new page).

    What the static folders vendor for the web edition (scripts, their stylesheets and fonts,
    licences) stays out: the e-book takes their top-level stylesheets, which its pages link.
    So does Sphinx's cache where it is kept in the output folder (``sphinx-build -b epub docs
    OUT`` without ``-d``): the builder packs every file it finds there, warning about the cache's.
    Listed only now, after the environment is saved, so that the next build does not take the
    longer list for a change of configuration and read every page again.
    """
    if app.builder.name != "epub":
        return []
    out = Path(app.outdir).resolve()
    excluded: list[str] = []
    for folder in map(Path, app.config.html_static_path):
        root = folder if folder.is_absolute() else Path(app.confdir) / folder
        excluded += [
            f"_static/{path.relative_to(root).as_posix()}"
            for path in root.rglob("*")
            if path.is_file() and (path.parent != root or path.suffix != ".css")
        ]
    doctrees = Path(app.doctreedir).resolve()
    if doctrees.is_relative_to(out):
        excluded += [p.relative_to(out).as_posix() for p in doctrees.rglob("*") if p.is_file()]
    app.config.epub_exclude_files += excluded
    return []


_web_trim_theme_css = trim_theme_css


def _trim_web_css_only(app: Sphinx, exception: BaseException | None) -> None:
    """The web theme's stylesheets, trimmed; the e-book has none (its format is HTML too)."""
    if app.builder.name != "epub":
        _web_trim_theme_css(app, exception)


_web_setup = setup


def _setup_with_epub(app: Sphinx) -> dict[str, Any]:
    """The web edition's publishing steps, and the EPUB builder's own templates and files."""
    app.connect("builder-inited", _epub_builder, priority=100)
    app.connect("html-collect-pages", _epub_exclusions)
    return _web_setup(app)


# The web edition's setup (above) connects trim_theme_css and is Sphinx's ``setup``: both are
# replaced here by the versions that know the e-book, so the web edition's code stays as it is.
trim_theme_css = _trim_web_css_only
setup = _setup_with_epub


# --- the book as one PDF (make pdf; sovietdata.sphinx.pdf) ------------------------------------
#: The PDF's file name. `make pdf` prints the book to it, publishes it beside the landing page
#: and builds the HTML book with the tag ``pdf``, under which the landing page offers it; a
#: book built without the PDF (make html, Read the Docs) has no link to a missing file.
PDF_FILE = f"sovietdata-{release}.pdf"
myst_substitutions["pdf_link"] = f'<a href="{PDF_FILE}" download>{PDF_FILE}</a>'
