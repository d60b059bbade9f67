"""Sphinx configuration for the sovietdata book."""

from __future__ import annotations

import doctest
import importlib.metadata
import tomllib
import warnings
from pathlib import Path

from sphinx.deprecation import RemovedInSphinx10Warning

# myst-parser and sphinx-autodoc-typehints call Sphinx APIs deprecated for Sphinx 10; those are
# Python deprecation notices about the libraries, not warnings about this book.
warnings.filterwarnings(
    "ignore", category=RemovedInSphinx10Warning, module=r"(myst_parser|sphinx_autodoc_typehints)"
)

from sovietdata.sphinx.typehints import AliasFormatter  # noqa: E402 - after the filter above

HERE = Path(__file__).parent

project = "sovietdata"
author = "The sovietdata authors"
copyright = "2026, The sovietdata authors"
release = importlib.metadata.version("sovietdata")
version = release

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
    (r"py:.*", r"(datetime|enum|abc|os|typing|msgspec|pathlib|argparse)\..+"),
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
myst_substitutions = {"version": release}
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
typehints_use_signature = False


typehints_formatter = AliasFormatter()
always_document_param_types = False

# Exception messages are part of what a page shows: check them (Sphinx ignores their detail
# by default, so a page could show a message the package does not give).
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1
doctest_global_setup = "import sovietdata\nfrom sovietdata import cli, export, text"
doctest_test_doctest_blocks = "default"

html_theme = "sphinx_book_theme"
html_title = f"sovietdata {release}"
# One package: the general index is enough, and the module index's toggle images have no alt text.
html_domain_indices = False

# The download button offers each page's MyST source as it is (no ".txt" suffix).
html_sourcelink_suffix = ""


def repository_options(pyproject: Path) -> dict[str, object]:
    """Repository and edit buttons, only where [project.urls] in pyproject.toml names one."""
    urls = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("urls", {})
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
    "show_toc_level": 2,
    "use_download_button": True,
    "use_sidenotes": True,
    **repository_options(HERE.parent / "pyproject.toml"),
}
