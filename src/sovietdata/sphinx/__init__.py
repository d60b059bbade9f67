"""A Sphinx extension that binds a book's prose to the data: ``extensions = ["sovietdata.sphinx"]``.

Every date, name and number it writes comes from the records at build time, so a change to
the data changes the book or fails its build, and never silently contradicts it. It ships in
the package (``pip install sovietdata[sphinx]`` brings Sphinx and MyST), as matplotlib ships
``matplotlib.sphinxext``; this package's own book is built with it.

Rooms, each a module with a ``setup`` of its own:

:mod:`sovietdata.sphinx.data`
    Which data the book renders (config values ``sovietdata_data`` and ``sovietdata_shipped``),
    loaded once and validated as the build starts; a bad file stops the build with the file,
    record and field named. Every page is read again when the data or the package changes.
:mod:`sovietdata.sphinx.roles`
    ``{fact}`id.field|format``` and ``{who}`person-id``` for running prose; each value opens a
    card with its precision, rival values and sources.
:mod:`sovietdata.sphinx.notes`
    ``{cite}`record-id``` (a numbered note with the record's sources and their grades) and
    ``page-sources`` (the sources a page cites).
:mod:`sovietdata.sphinx.pages`
    The generated pages: ``factcard``, ``article-source``, ``claims`` (``:summary:`` or
    ``:index:`` for the jump list and verdict filter), ``disputes``, ``events``, ``whoswho``,
    ``data-glossary``, ``bibliography``, ``grades``, ``check-counts`` and ``corrections``;
    every record's entry has one anchor, ``<kind>-<id>``.
:mod:`sovietdata.sphinx.fold`
    Doctest blocks folded out of the story (config value ``sovietdata_fold_examples``).
:mod:`sovietdata.sphinx.typography`
    Number ranges in the text take an en dash (code, addresses and quotations left as written).
:mod:`sovietdata.sphinx.timeline`
    ``timelinejs``: Knight Lab's TimelineJS (vendored, loaded on its page only) reading the
    book's TimelineJS export, slides grouped as the timeline figure's lanes.
:mod:`sovietdata.sphinx.pdf`
    The book as one PDF: ``python -m sovietdata.sphinx.pdf`` prints a one-page build with the
    system Chromium (title page, numbered contents, running headers, outline, tags).
:mod:`sovietdata.sphinx.figures`
    ``datafigure`` (``timeline``, ``succession`` or ``disputes``): inline SVG coloured by the
    light or dark mode, with alt text and a caption written from the same records.
:mod:`sovietdata.sphinx.search`
    The search index: each word's stem worked out once per build, and a rebuild's index
    entries (a glossary's terms) kept, as a cold build writes them.

Words come from :mod:`sovietdata.text`, the package's one text layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

import sovietdata
from sovietdata.sphinx import (
    data,
    figures,
    fold,
    notes,
    pages,
    roles,
    search,
    timeline,
    typography,
)

__all__ = ["STATIC", "setup"]

#: The stylesheet of the generated parts (badges, cards, notes), added to every page.
STATIC = Path(__file__).parent / "static"


def _static(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the configuration values, roles, directives, stylesheet and rebuild rule."""
    data.setup(app)
    roles.setup(app)
    notes.setup(app)
    pages.setup(app)
    figures.setup(app)
    fold.setup(app)
    typography.setup(app)
    search.setup(app)
    app.setup_extension("sovietdata.sphinx.pdf")  # print.css, for print media
    timeline.setup(app)
    app.connect("config-inited", _static)
    app.add_css_file("sovietdata.css")
    app.add_css_file("reading.css")
    return {
        "version": sovietdata.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 2,
    }
