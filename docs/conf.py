"""Sphinx configuration for the sovietdata book."""

from __future__ import annotations

import importlib.metadata

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
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
nitpicky = True
language = "en"

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# Intersphinx stays offline: no inventory is fetched at build time.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
intersphinx_disabled_reftypes = ["*"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
typehints_use_signature = False
always_document_param_types = False

doctest_global_setup = "import sovietdata"
doctest_test_doctest_blocks = "default"

html_theme = "sphinx_book_theme"
html_title = f"sovietdata {release}"
html_static_path = ["_static"]
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_sidenotes": True,
}
